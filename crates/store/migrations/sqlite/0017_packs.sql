-- Board and scrutiny packs (issue 16): what was built, for which meeting and period, from
-- which data, and the document itself, so it renders the same whenever it is downloaded.
CREATE TABLE packs (
    id             INTEGER PRIMARY KEY,
    authority_code INTEGER NOT NULL DEFAULT 0,
    kind           TEXT    NOT NULL,
    period         TEXT    NOT NULL,
    marking        TEXT    NOT NULL,
    title          TEXT    NOT NULL,
    built_by       TEXT    NOT NULL,
    built_at       TEXT    NOT NULL,
    inputs         TEXT    NOT NULL,
    content        TEXT    NOT NULL,
    content_sha256 TEXT    NOT NULL,
    outputs        TEXT    NOT NULL
);
CREATE INDEX packs_by_authority ON packs (authority_code, id);
