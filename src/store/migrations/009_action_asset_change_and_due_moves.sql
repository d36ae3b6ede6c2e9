-- What an action changes on an asset (the asset, an asset field's key and the value it
-- sets), so a done action can be checked against the inventory; and every move of an
-- action's due date with its reason (the first move's from_on is the date first planned).
-- A move names its assessment, so a signed year's moves are guarded like its actions.
ALTER TABLE actions ADD COLUMN asset_id INTEGER REFERENCES assets(id);
ALTER TABLE actions ADD COLUMN asset_field TEXT NOT NULL DEFAULT '';
ALTER TABLE actions ADD COLUMN asset_value TEXT NOT NULL DEFAULT '';
CREATE TABLE action_due_moves (
    id INTEGER PRIMARY KEY,
    action_id INTEGER NOT NULL REFERENCES actions(id),
    assessment_id INTEGER NOT NULL REFERENCES assessments(id),
    from_on TEXT,
    to_on TEXT,
    reason TEXT NOT NULL,
    moved_at TEXT NOT NULL,
    moved_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX action_due_moves_by_action ON action_due_moves (action_id);
