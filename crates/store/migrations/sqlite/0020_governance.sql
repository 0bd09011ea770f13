-- Governance (issue 18): meetings of the bodies a council reports to, their agendas, the papers
-- sent (never changed once sent), the decisions minuted and the requests they made.
CREATE TABLE meetings (
    id             INTEGER PRIMARY KEY,
    authority_code INTEGER NOT NULL DEFAULT 0,
    body           TEXT    NOT NULL,
    date           TEXT    NOT NULL,
    title          TEXT    NOT NULL,
    UNIQUE (authority_code, body, date)
);
CREATE TABLE meeting_items (
    id         INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings (id),
    number     TEXT    NOT NULL,
    title      TEXT    NOT NULL,
    UNIQUE (meeting_id, number)
);
CREATE TABLE meeting_papers (
    id         INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings (id),
    title      TEXT    NOT NULL,
    pack_id    INTEGER REFERENCES packs (id),
    file_name  TEXT,
    file_bytes BLOB,
    size       INTEGER NOT NULL,
    sha256     TEXT    NOT NULL,
    added_by   TEXT    NOT NULL,
    added_at   TEXT    NOT NULL
);
CREATE TABLE decisions (
    id         INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings (id),
    item       TEXT    NOT NULL,
    number     TEXT    NOT NULL,
    text       TEXT    NOT NULL,
    UNIQUE (meeting_id, item, number)
);
CREATE TABLE requests (
    id             INTEGER PRIMARY KEY,
    authority_code INTEGER NOT NULL DEFAULT 0,
    decision_id    INTEGER NOT NULL REFERENCES decisions (id),
    text           TEXT    NOT NULL,
    owner          TEXT    NOT NULL,
    due_meeting_id INTEGER NOT NULL REFERENCES meetings (id),
    status         TEXT    NOT NULL,
    brought_to     INTEGER REFERENCES meetings (id),
    answers        TEXT    NOT NULL
);
