-- Personal API tokens for Power BI, Excel and scripts: only a hash of the token is stored. A
-- token acts as its user (role included) until it expires or is revoked.
CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TEXT NOT NULL,
    expires_on   TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at   TEXT
);
