-- The workforce: what each person does, on what terms, from and until when, and who
-- supervises them (the Workforce screen; training and access reviews build on it).
ALTER TABLE people ADD COLUMN job_role TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN workforce_type TEXT;
ALTER TABLE people ADD COLUMN hire_date TEXT;
ALTER TABLE people ADD COLUMN termination_date TEXT;
ALTER TABLE people ADD COLUMN supervisor_id INTEGER REFERENCES people(id);
