-- When a milestone was entered: a plan's rating on a past date leaves out milestones entered
-- after it (NULL: entered with the plan, known from the start).
ALTER TABLE milestones ADD COLUMN entered_on TEXT;
-- The same for overrides: NULL for those saved with the plan itself.
ALTER TABLE rag_overrides ADD COLUMN entered_on TEXT;
