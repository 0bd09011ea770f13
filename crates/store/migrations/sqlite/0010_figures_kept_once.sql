-- A figure is kept once: its headline in columns, its reasons, standards and breakdowns as
-- the encoding of `core::indicator::Observation`, and the settings and definitions it was
-- computed with once per extract (they were repeated on every figure, and the whole figure
-- again as `detail`).
CREATE TABLE figures (
    extract_id       INTEGER NOT NULL REFERENCES extracts (id) ON DELETE CASCADE,
    indicator        TEXT    NOT NULL,
    period           TEXT    NOT NULL,
    partial          INTEGER NOT NULL,
    value            REAL,
    numerator        INTEGER NOT NULL,
    denominator      INTEGER,
    excluded         INTEGER NOT NULL,
    excluded_reasons TEXT    NOT NULL,
    reason           TEXT,
    standards        TEXT    NOT NULL,
    breakdowns       TEXT    NOT NULL,
    PRIMARY KEY (extract_id, indicator, period)
);

ALTER TABLE extracts ADD COLUMN figures_settings TEXT;
ALTER TABLE extracts ADD COLUMN figures_version TEXT;
ALTER TABLE extracts ADD COLUMN figures_at TEXT;

UPDATE extracts SET
    figures_settings = (SELECT o.settings FROM observations o WHERE o.extract_id = extracts.id LIMIT 1),
    figures_version = (SELECT o.definition_version FROM observations o WHERE o.extract_id = extracts.id LIMIT 1),
    figures_at = (SELECT o.computed_at FROM observations o WHERE o.extract_id = extracts.id LIMIT 1);

INSERT INTO figures (extract_id, indicator, period, partial, value, numerator, denominator,
    excluded, excluded_reasons, reason, standards, breakdowns)
SELECT extract_id, indicator, period, partial, value, numerator, denominator, excluded,
    COALESCE(json_extract(detail, '$.excluded_reasons'), '{}'), reason,
    COALESCE(json_extract(detail, '$.standards'), '[]'),
    COALESCE(json_extract(detail, '$.breakdowns'), '[]')
FROM observations ORDER BY rowid;

DROP TABLE observations;
