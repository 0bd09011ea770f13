-- The council's own child identifier beside its pseudonym, sealed with a key derived from the
-- installation's secret key (never stored here): the database alone does not reveal it.
CREATE TABLE sealed_child_ids (
    extract_id INTEGER NOT NULL REFERENCES extracts (id) ON DELETE CASCADE,
    child_id   TEXT    NOT NULL,
    sealed     TEXT    NOT NULL,
    PRIMARY KEY (extract_id, child_id)
);
