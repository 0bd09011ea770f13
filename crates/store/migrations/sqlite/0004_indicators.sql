-- Indicator figures computed from extracts (aggregates: no child-level data), targets,
-- benchmarks and the settings figures are computed with.
CREATE TABLE observations (
    extract_id         INTEGER NOT NULL REFERENCES extracts (id) ON DELETE CASCADE,
    indicator          TEXT    NOT NULL,
    period             TEXT    NOT NULL,
    partial            INTEGER NOT NULL,
    value              REAL,
    numerator          INTEGER NOT NULL,
    denominator        INTEGER,
    excluded           INTEGER NOT NULL,
    reason             TEXT,
    settings           TEXT    NOT NULL,
    definition_version TEXT    NOT NULL,
    detail             TEXT    NOT NULL,
    computed_at        TEXT    NOT NULL,
    PRIMARY KEY (extract_id, indicator, period)
);

CREATE TABLE indicator_targets (
    id        INTEGER PRIMARY KEY,
    indicator TEXT NOT NULL,
    value     REAL NOT NULL,
    tolerance REAL NOT NULL,
    from_date TEXT NOT NULL,
    to_date   TEXT NOT NULL,
    owner     TEXT NOT NULL,
    set_by    TEXT NOT NULL,
    reason    TEXT NOT NULL,
    set_at    TEXT NOT NULL
);

CREATE TABLE benchmarks (
    indicator  TEXT NOT NULL,
    level      TEXT NOT NULL,
    area       TEXT NOT NULL,
    area_code  TEXT,
    year       TEXT NOT NULL,
    period_end TEXT NOT NULL,
    value      REAL,
    symbol     TEXT,
    provenance TEXT NOT NULL,
    source     TEXT NOT NULL,
    note       TEXT,
    loaded_at  TEXT NOT NULL,
    PRIMARY KEY (indicator, level, area, year)
);

CREATE INDEX indicator_targets_indicator ON indicator_targets (indicator, from_date);
