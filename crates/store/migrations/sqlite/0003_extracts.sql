-- Annex A extracts: the child-level rows (special category data), their findings, and the
-- per-installation secret used to pseudonymise child identifiers.
CREATE TABLE extracts (
    id            INTEGER PRIMARY KEY,
    source        TEXT    NOT NULL,
    as_at         TEXT    NOT NULL,
    pseudonymised INTEGER NOT NULL,
    loaded_at     TEXT    NOT NULL,
    loaded_by     TEXT    NOT NULL
);

CREATE TABLE extract_lists (
    extract_id    INTEGER NOT NULL REFERENCES extracts (id) ON DELETE CASCADE,
    list          INTEGER NOT NULL,
    source        TEXT    NOT NULL,
    header_row    INTEGER NOT NULL,
    rows_read     INTEGER NOT NULL,
    rows_accepted INTEGER NOT NULL,
    rows_rejected INTEGER NOT NULL,
    PRIMARY KEY (extract_id, list, source)
);

CREATE TABLE child_rows (
    id         INTEGER PRIMARY KEY,
    extract_id INTEGER NOT NULL REFERENCES extracts (id) ON DELETE CASCADE,
    list       INTEGER NOT NULL,
    source     TEXT    NOT NULL,
    row        INTEGER NOT NULL,
    child_id   TEXT,
    team       TEXT,
    worker     TEXT,
    rejected   INTEGER NOT NULL,
    data       TEXT    NOT NULL
);

CREATE TABLE extract_findings (
    id         INTEGER PRIMARY KEY,
    extract_id INTEGER NOT NULL REFERENCES extracts (id) ON DELETE CASCADE,
    list       INTEGER,
    sheet      TEXT    NOT NULL,
    row        INTEGER NOT NULL,
    cell       TEXT,
    column_name TEXT,
    value      TEXT,
    rule       TEXT    NOT NULL,
    severity   TEXT    NOT NULL,
    message    TEXT    NOT NULL,
    team       TEXT,
    worker     TEXT
);

CREATE TABLE installation (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE INDEX child_rows_extract ON child_rows (extract_id, list);
CREATE INDEX findings_extract ON extract_findings (extract_id, rule);
