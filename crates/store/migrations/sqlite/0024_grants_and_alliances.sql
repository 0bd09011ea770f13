-- A person may hold a role in authorities other than their account's own (decision 0036),
-- a session acts for one of them at a time, and authorities may form alliances whose members
-- see each other's figures as their agreement allows.
CREATE TABLE user_grants (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    authority_code INTEGER NOT NULL,
    role TEXT NOT NULL,
    granted_at TEXT NOT NULL,
    PRIMARY KEY (user_id, authority_code)
);

-- The authority a session acts for; NULL: the account's own.
ALTER TABLE sessions ADD COLUMN authority_code INTEGER;

CREATE TABLE alliances (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    agreement TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE alliance_members (
    alliance_id INTEGER NOT NULL REFERENCES alliances (id) ON DELETE CASCADE,
    authority_code INTEGER NOT NULL,
    joined_at TEXT NOT NULL,
    PRIMARY KEY (alliance_id, authority_code)
);

-- The regional role: an account that may see an alliance's view, granted by an admin of the
-- member authority the account belongs to.
CREATE TABLE alliance_grants (
    alliance_id INTEGER NOT NULL REFERENCES alliances (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    authority_code INTEGER NOT NULL,
    granted_at TEXT NOT NULL,
    PRIMARY KEY (alliance_id, user_id)
);
