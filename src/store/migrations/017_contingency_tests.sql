-- Contingency plan tests (§164.308(a)(7)(ii)(D)) and the targets they are measured
-- against. The targets are asset fields, copied with the asset into the next year.
ALTER TABLE assets ADD COLUMN target_recovery_hours INTEGER;
ALTER TABLE assets ADD COLUMN acceptable_data_loss_hours INTEGER;

-- A program record: dated, shared by every year (no assessment_id), so `assessment next`
-- copies none. Its systems are asset names (not ids), so a test still names next year's
-- copy of the asset. Its follow-up may be a standalone action of the plan.
CREATE TABLE contingency_tests (
    id               INTEGER PRIMARY KEY,
    tested_on        TEXT,
    kind             TEXT NOT NULL DEFAULT 'restore',
    systems          TEXT NOT NULL DEFAULT '',
    method           TEXT NOT NULL DEFAULT '',
    success_criteria TEXT NOT NULL DEFAULT '',
    result           TEXT,
    restore_hours    INTEGER,
    data_age_hours   INTEGER,
    found            TEXT NOT NULL DEFAULT '',
    follow_up        TEXT NOT NULL DEFAULT '',
    action_id        INTEGER REFERENCES actions(id) ON DELETE SET NULL,
    tester_id        INTEGER REFERENCES people(id)
) STRICT;
