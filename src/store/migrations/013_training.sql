-- Training by job role (§164.308(a)(5)(i)): courses, the course matrix (which job roles
-- must take which course), the sessions held and who attended each. Program records:
-- dated, shared by every year (no assessment_id), so `assessment next` copies none of them.
CREATE TABLE training_courses (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    version TEXT NOT NULL DEFAULT '',
    -- Months between completions; 0 or NULL: taken once.
    frequency_months INTEGER,
    -- Days after the hire date by which it is first due (NULL: on the hire date).
    due_within_days INTEGER,
    notes TEXT NOT NULL DEFAULT ''
);
CREATE TABLE training_requirements (
    id INTEGER PRIMARY KEY,
    job_role TEXT NOT NULL,
    course_id INTEGER NOT NULL REFERENCES training_courses(id) ON DELETE CASCADE,
    UNIQUE (job_role, course_id)
);
CREATE TABLE training_sessions (
    id INTEGER PRIMARY KEY,
    course_id INTEGER NOT NULL REFERENCES training_courses(id) ON DELETE CASCADE,
    course_version TEXT NOT NULL DEFAULT '',
    held_on TEXT,
    trainer TEXT NOT NULL DEFAULT '',
    method TEXT,
    notes TEXT NOT NULL DEFAULT ''
);
-- A person deleted from the practice (nothing of the current years names them) takes
-- their attendance with them; a leaver keeps theirs (a termination date deletes nothing).
CREATE TABLE training_attendance (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES training_sessions(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    completed INTEGER NOT NULL DEFAULT 0,
    attested_on TEXT,
    UNIQUE (session_id, person_id)
);
