-- Every record an authority owns says whose it is (decision 0020). An installation serves one
-- authority today; naming it on each record now means a shared database (PostgreSQL, a
-- regional alliance) needs no second restructure. Rows written before the installation named
-- its authority carry 0 ("not yet named") and are adopted when it is named.
-- Inspections (public record of any authority) and benchmarks (published figures of every
-- area) are reference data, not owned.
ALTER TABLE extracts ADD COLUMN authority_code INTEGER NOT NULL DEFAULT 0;
ALTER TABLE figures ADD COLUMN authority_code INTEGER NOT NULL DEFAULT 0;
ALTER TABLE indicator_targets ADD COLUMN authority_code INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN authority_code INTEGER NOT NULL DEFAULT 0;
ALTER TABLE user_teams ADD COLUMN authority_code INTEGER NOT NULL DEFAULT 0;
ALTER TABLE audit_log ADD COLUMN authority_code INTEGER NOT NULL DEFAULT 0;

-- An authority's settings (indicator settings, thresholds); the installation keeps only what
-- is the installation's (which authority it serves, the pseudonym key's check value).
CREATE TABLE authority_settings (
    authority_code INTEGER NOT NULL,
    key            TEXT    NOT NULL,
    value          TEXT    NOT NULL,
    PRIMARY KEY (authority_code, key)
);

UPDATE extracts SET authority_code = COALESCE((SELECT CAST(value AS INTEGER) FROM installation WHERE key = 'authority'), 0);
UPDATE figures SET authority_code = COALESCE((SELECT CAST(value AS INTEGER) FROM installation WHERE key = 'authority'), 0);
UPDATE indicator_targets SET authority_code = COALESCE((SELECT CAST(value AS INTEGER) FROM installation WHERE key = 'authority'), 0);
UPDATE users SET authority_code = COALESCE((SELECT CAST(value AS INTEGER) FROM installation WHERE key = 'authority'), 0);
UPDATE user_teams SET authority_code = COALESCE((SELECT CAST(value AS INTEGER) FROM installation WHERE key = 'authority'), 0);
UPDATE audit_log SET authority_code = COALESCE((SELECT CAST(value AS INTEGER) FROM installation WHERE key = 'authority'), 0);

INSERT INTO authority_settings (authority_code, key, value)
SELECT COALESCE((SELECT CAST(value AS INTEGER) FROM installation WHERE key = 'authority'), 0), key, value
FROM installation WHERE key NOT IN ('authority', 'pseudonym_key_check');
DELETE FROM installation WHERE key NOT IN ('authority', 'pseudonym_key_check');

CREATE INDEX extracts_authority ON extracts (authority_code, as_at);
CREATE INDEX figures_authority ON figures (authority_code, indicator);
