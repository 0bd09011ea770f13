-- The monthly workforce return by team (issue 17). A month loaded again replaces that month.
CREATE TABLE workforce_returns (
    id                   INTEGER PRIMARY KEY,
    authority_code       INTEGER NOT NULL DEFAULT 0,
    month                TEXT    NOT NULL,
    team                 TEXT    NOT NULL,
    establishment_fte    REAL    NOT NULL,
    permanent_fte        REAL    NOT NULL,
    agency_fte           REAL    NOT NULL,
    vacancies_fte        REAL,
    starters_fte         REAL    NOT NULL,
    leavers_fte          REAL    NOT NULL,
    sickness_days        REAL    NOT NULL,
    asye_fte             REAL    NOT NULL,
    supervisions_due     INTEGER NOT NULL,
    supervisions_in_time INTEGER NOT NULL,
    cases                INTEGER,
    source               TEXT    NOT NULL,
    loaded_at            TEXT    NOT NULL,
    UNIQUE (authority_code, month, team)
);
