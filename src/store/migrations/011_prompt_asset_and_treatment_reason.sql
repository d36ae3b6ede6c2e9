-- The checklist's third answer, "already recorded": the inventory asset that answers the
-- question. Deleting the asset leaves the answer without its asset (the change log keeps
-- the cascade, so undoing the delete puts it back). A signed year's answers are guarded
-- like the rest of its rows (by assessment_id).
ALTER TABLE inventory_prompts ADD COLUMN asset_id INTEGER REFERENCES assets(id) ON DELETE SET NULL;

-- What a treatment other than acceptance rests on: Avoid's reason, Transfer's to whom and
-- how (an acceptance keeps its own three columns).
ALTER TABLE risks ADD COLUMN treatment_reason TEXT NOT NULL DEFAULT '';
