-- The order figures and judgements were written in, kept as a column rather than read from
-- SQLite's rowid, which PostgreSQL does not have.
ALTER TABLE figures ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
UPDATE figures SET seq = rowid;
ALTER TABLE judgements ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
UPDATE judgements SET seq = rowid;
