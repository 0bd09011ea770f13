-- What a target measures a figure against: a fixed value (all targets so far), the same
-- period last year, a benchmark, or a trajectory of interim values (core's TargetKind, as
-- JSON).
ALTER TABLE indicator_targets ADD COLUMN kind TEXT NOT NULL DEFAULT '{"kind":"fixed"}';
