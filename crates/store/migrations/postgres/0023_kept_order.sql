-- The order figures and judgements were written in (SQLite's twin fills it from rowid).
ALTER TABLE figures ADD COLUMN seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE judgements ADD COLUMN seq BIGINT NOT NULL DEFAULT 0;
