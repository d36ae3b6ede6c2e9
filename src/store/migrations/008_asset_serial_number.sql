-- An asset's serial number or asset tag.
ALTER TABLE assets ADD COLUMN serial_number TEXT NOT NULL DEFAULT '';
