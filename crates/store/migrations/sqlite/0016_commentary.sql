-- An owner's commentary on an indicator for a period (issue 16): signed, audited and
-- versioned. A new version is a new row; nothing is edited in place.
CREATE TABLE commentary (
    id             INTEGER PRIMARY KEY,
    authority_code INTEGER NOT NULL DEFAULT 0,
    indicator      TEXT    NOT NULL,
    period         TEXT    NOT NULL,
    version        INTEGER NOT NULL,
    text           TEXT    NOT NULL,
    author         TEXT    NOT NULL,
    written_at     TEXT    NOT NULL,
    UNIQUE (authority_code, indicator, period, version)
);
