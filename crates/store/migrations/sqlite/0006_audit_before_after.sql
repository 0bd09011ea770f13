-- Every change says what it changed from and to (issue 6: "who did what, when, before and after").
-- Both are short descriptions, never child-level data; NULL before means the thing is new, NULL
-- after that it was removed, both NULL an event that changes nothing (a login).
ALTER TABLE audit_log ADD COLUMN before TEXT;
ALTER TABLE audit_log ADD COLUMN after TEXT;
