-- The change log covers the data: each row from the genesis (or a checkpoint) on carries the
-- digest of every table's rows after its change (`state`), hashed with the row. Rows written
-- before this version keep NULL and are only chain-checked; see store/changelog.rs.
ALTER TABLE change_log ADD COLUMN state TEXT;
