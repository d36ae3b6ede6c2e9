-- No table changes. From this version on, the last change-log row of each write carries,
-- after its state digest, each assessment's part of it (see src/store/scopes.rs), so a
-- command that prints one year checks that year's rows. The version moves so that an
-- older hipaa-ra, which reads the state as one digest, refuses such a file as newer
-- instead of taking it for a tampered one. No checkpoint is written for this step (the
-- tables keep their shape): a note records the upgrade and carries the parts.
SELECT 1;
