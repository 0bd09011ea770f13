-- One target per measure (decision 0022): a plan's SMART target links to its indicator's
-- target record and no longer keeps a value and date of its own. A value a plan held where
-- the indicator had no target becomes the indicator's target (tolerance 0 until someone sets
-- one; the reason says where it came from); then the plan's copies are cleared.
INSERT INTO indicator_targets (indicator, value, tolerance, from_date, to_date, owner, set_by,
    reason, set_at, authority_code)
SELECT t.indicator, t.value, 0,
    COALESCE(p.period_start, substr(p.created_at, 1, 10)),
    COALESCE(t.by_date, p.period_end, date(substr(p.created_at, 1, 10), '+2 years')),
    'improvement plan', 'migration 0013',
    'from the improvement plan: ' || t.text, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),
    p.authority_code
FROM targets t
JOIN priorities pr ON pr.id = t.priority_id
JOIN plans p ON p.id = pr.plan_id
WHERE t.indicator IS NOT NULL AND t.value IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM indicator_targets x
                  WHERE x.indicator = t.indicator AND x.authority_code = p.authority_code)
GROUP BY t.indicator, p.authority_code;

UPDATE targets SET value = NULL, by_date = NULL;
