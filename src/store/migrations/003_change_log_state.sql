-- The change log covers the data: each row from the genesis (or a checkpoint) on carries the
-- digest of every table's rows after its change (`state`), hashed with the row. Rows written
-- before this version keep NULL and are only chain-checked; see store/changelog.rs.
ALTER TABLE change_log ADD COLUMN state TEXT;

-- The rows replay starts from (genesis, checkpoints), found without reading the whole log
-- by the check that runs at every open.
CREATE INDEX change_log_starts ON change_log (id) WHERE entity IN ('genesis', 'checkpoint');
