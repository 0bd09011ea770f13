-- The improvement plan. Progress updates and overrides are only ever inserted.
CREATE TABLE plans (
    id             INTEGER PRIMARY KEY,
    authority_code INTEGER NOT NULL,
    title          TEXT    NOT NULL,
    vision         TEXT,
    period_start   TEXT,
    period_end     TEXT,
    inspection_id  INTEGER REFERENCES inspections (id),
    created_at     TEXT    NOT NULL
);

CREATE TABLE priorities (
    id                  INTEGER PRIMARY KEY,
    plan_id             INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    number              INTEGER NOT NULL,
    theme               TEXT,
    text                TEXT    NOT NULL,
    recommendations     TEXT    NOT NULL DEFAULT '',
    recommendations_raw TEXT
);

CREATE TABLE actions (
    id            INTEGER PRIMARY KEY,
    priority_id   INTEGER NOT NULL REFERENCES priorities (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    text          TEXT    NOT NULL,
    lead          TEXT,
    due           TEXT,
    timescale_raw TEXT
);

CREATE TABLE milestones (
    id        INTEGER PRIMARY KEY,
    action_id INTEGER NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    text      TEXT    NOT NULL,
    due       TEXT,
    done      TEXT
);

CREATE TABLE progress_updates (
    id          INTEGER PRIMARY KEY,
    action_id   INTEGER NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    date        TEXT    NOT NULL,
    author      TEXT    NOT NULL,
    text        TEXT    NOT NULL,
    status      TEXT,
    recorded_at TEXT    NOT NULL
);

CREATE TABLE rag_overrides (
    id          INTEGER PRIMARY KEY,
    action_id   INTEGER NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    colour      TEXT    NOT NULL,
    reason      TEXT    NOT NULL,
    from_date   TEXT    NOT NULL,
    until_date  TEXT    NOT NULL,
    author      TEXT    NOT NULL,
    recorded_at TEXT    NOT NULL
);

CREATE TABLE targets (
    id          INTEGER PRIMARY KEY,
    priority_id INTEGER NOT NULL REFERENCES priorities (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    text        TEXT    NOT NULL,
    indicator   TEXT,
    value       REAL,
    by_date     TEXT
);

CREATE INDEX priorities_plan ON priorities (plan_id);
CREATE INDEX actions_priority ON actions (priority_id);
CREATE INDEX updates_action ON progress_updates (action_id);
