-- Standalone actions: program work not tied to a risk ("run the Q1 access review"),
-- planned in the remediation plan beside the risk actions. An action now names its
-- assessment itself (a risk action's is its risk's), and its risk may be empty.
--
-- SQLite cannot drop a NOT NULL, so the table is rebuilt: made anew, filled, the old one
-- dropped and the new one renamed, with every column, index and foreign key kept. The
-- store runs the migrations with foreign keys off (`PRAGMA foreign_keys` cannot change
-- inside the migration's transaction), so dropping the old table does not delete the
-- due-date moves that point at it; this step checks every foreign key before it commits.
-- No trigger in the file refers to the table (the guards and the change capture are the
-- connection's TEMP triggers, made after the migrations).
CREATE TABLE actions_new (
    id            INTEGER PRIMARY KEY,
    risk_id       INTEGER REFERENCES risks(id),
    title         TEXT NOT NULL,
    owner_id      INTEGER REFERENCES people(id),
    due_on        TEXT,
    status        TEXT NOT NULL DEFAULT 'planned',
    effort        TEXT NOT NULL DEFAULT 'unknown',
    cost_estimate INTEGER,
    notes         TEXT NOT NULL DEFAULT '',
    asset_id      INTEGER REFERENCES assets(id),
    asset_field   TEXT NOT NULL DEFAULT '',
    asset_value   TEXT NOT NULL DEFAULT '',
    assessment_id INTEGER NOT NULL REFERENCES assessments(id)
) STRICT;

-- Every action had a risk; its assessment is its risk's (NOT NULL refuses a lost risk
-- loudly rather than dropping the action).
INSERT INTO actions_new (id, risk_id, title, owner_id, due_on, status, effort, cost_estimate, notes,
                         asset_id, asset_field, asset_value, assessment_id)
SELECT a.id, a.risk_id, a.title, a.owner_id, a.due_on, a.status, a.effort, a.cost_estimate, a.notes,
       a.asset_id, a.asset_field, a.asset_value,
       (SELECT r.assessment_id FROM risks r WHERE r.id = a.risk_id)
FROM actions a;

DROP TABLE actions;
ALTER TABLE actions_new RENAME TO actions;
CREATE INDEX actions_by_risk ON actions (risk_id);
CREATE INDEX actions_by_assessment ON actions (assessment_id);
