-- The annual self-evaluation (issue 18): every version kept whole, never edited but for the
-- engagement meeting's date on the version discussed.
CREATE TABLE self_evaluations (
    id             INTEGER PRIMARY KEY,
    authority_code INTEGER NOT NULL DEFAULT 0,
    year           INTEGER NOT NULL,
    version        INTEGER NOT NULL,
    published_on   TEXT,
    engagement_on  TEXT,
    written_by     TEXT    NOT NULL,
    written_at     TEXT    NOT NULL,
    statements     TEXT    NOT NULL,
    UNIQUE (authority_code, year, version)
);
