-- Follow the money (issue 17): investment lines, their budgets by financial year (a change is
-- a new row, never an edit), and the finance export's monthly actuals.
CREATE TABLE investment_lines (
    id                    INTEGER PRIMARY KEY,
    authority_code        INTEGER NOT NULL DEFAULT 0,
    code                  TEXT    NOT NULL,
    name                  TEXT    NOT NULL,
    owner                 TEXT    NOT NULL,
    permanence            TEXT    NOT NULL,
    funding               TEXT    NOT NULL,
    starts                TEXT    NOT NULL,
    ends                  TEXT,
    funds_permanent_posts INTEGER NOT NULL,
    actions               TEXT    NOT NULL,
    indicators            TEXT    NOT NULL,
    long_term             TEXT    NOT NULL,
    UNIQUE (authority_code, code)
);
CREATE TABLE line_budgets (
    id         INTEGER PRIMARY KEY,
    line_id    INTEGER NOT NULL REFERENCES investment_lines (id),
    year       INTEGER NOT NULL,
    amount     INTEGER NOT NULL,
    effective  TEXT    NOT NULL,
    reason     TEXT    NOT NULL,
    entered_at TEXT    NOT NULL,
    UNIQUE (line_id, year, effective)
);
CREATE TABLE money_actuals (
    id             INTEGER PRIMARY KEY,
    authority_code INTEGER NOT NULL DEFAULT 0,
    line_code      TEXT    NOT NULL,
    month          TEXT    NOT NULL,
    budget         INTEGER,
    actual         INTEGER NOT NULL,
    commitments    INTEGER NOT NULL,
    forecast       INTEGER,
    source         TEXT    NOT NULL,
    loaded_at      TEXT    NOT NULL,
    UNIQUE (authority_code, line_code, month)
);
