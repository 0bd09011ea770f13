-- When a progress update was entered, for those added after the plan was saved (NULL: saved
-- with the plan, known as dated). `recorded_at` is when the row was written, which for a plan
-- saved whole is the day of saving, not the day the progress was known.
ALTER TABLE progress_updates ADD COLUMN entered_on TEXT;
