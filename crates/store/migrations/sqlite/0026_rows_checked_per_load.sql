-- Twin of PostgreSQL's 0026 (decision 0037), which checks a kept row's extract once per load
-- rather than once per row. SQLite keeps its foreign key: its check is a lookup in the same
-- process, cheap, and dropping it would mean rebuilding every installation's largest table.
SELECT 1;
