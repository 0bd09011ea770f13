-- The inspection record and the audit log.
CREATE TABLE inspections (
    id             INTEGER PRIMARY KEY,
    authority_code INTEGER NOT NULL,
    kind           TEXT    NOT NULL,
    framework      TEXT,
    start_date     TEXT    NOT NULL,
    end_date       TEXT,
    published      TEXT,
    lead_inspector TEXT,
    summary        TEXT,
    source         TEXT,
    created_at     TEXT    NOT NULL,
    UNIQUE (authority_code, kind, start_date)
);

CREATE TABLE judgements (
    inspection_id INTEGER NOT NULL REFERENCES inspections (id) ON DELETE CASCADE,
    area          TEXT    NOT NULL,
    grade         TEXT    NOT NULL,
    PRIMARY KEY (inspection_id, area)
);

CREATE TABLE recommendations (
    id            INTEGER PRIMARY KEY,
    inspection_id INTEGER NOT NULL REFERENCES inspections (id) ON DELETE CASCADE,
    number        INTEGER NOT NULL,
    addressee     TEXT    NOT NULL,
    priority      INTEGER NOT NULL DEFAULT 0,
    text          TEXT    NOT NULL,
    UNIQUE (inspection_id, addressee, number)
);

CREATE TABLE audit_log (
    id       INTEGER PRIMARY KEY,
    at       TEXT NOT NULL,
    actor    TEXT NOT NULL,
    action   TEXT NOT NULL,
    entity   TEXT NOT NULL,
    entity_id INTEGER,
    detail   TEXT NOT NULL
);
