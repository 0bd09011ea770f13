-- Twin of PostgreSQL's 0026 (decision 0037), which makes kept rows cheaper to write there: one
-- index instead of two, and a row's extract checked once per statement rather than by a foreign
-- key per row. SQLite keeps both as they are: its key is the rowid, the table itself, so it has one index already; and
-- its foreign-key check is a lookup in the same process; dropping it would mean rebuilding every
-- installation's largest table.
SELECT 1;
