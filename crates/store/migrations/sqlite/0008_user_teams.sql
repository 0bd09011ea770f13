-- The teams a manager is assigned: the line of sight shows a manager these teams' children.
CREATE TABLE user_teams (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    team    TEXT NOT NULL,
    PRIMARY KEY (user_id, team)
);
