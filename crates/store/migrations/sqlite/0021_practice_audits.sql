-- Practice audits of case files (issue 18): one row per audit, the child pseudonymised as in
-- extracts; loading the same audit again adds nothing.
CREATE TABLE practice_audits (
    id             INTEGER PRIMARY KEY,
    authority_code INTEGER NOT NULL DEFAULT 0,
    child          TEXT    NOT NULL,
    date           TEXT    NOT NULL,
    team           TEXT    NOT NULL,
    worker         TEXT,
    auditor        TEXT    NOT NULL,
    grade          TEXT    NOT NULL,
    theme          TEXT    NOT NULL,
    source         TEXT    NOT NULL,
    loaded_at      TEXT    NOT NULL,
    UNIQUE (authority_code, child, date, theme, auditor)
);
