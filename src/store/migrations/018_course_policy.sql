-- A course can name the policy it teaches: a new version of that policy (through a
-- completed review) makes the course due again for everyone required to take it. A
-- policy deleted leaves its courses unlinked.
ALTER TABLE training_courses ADD COLUMN policy_id INTEGER REFERENCES policies(id) ON DELETE SET NULL;
