-- Next year, finished: one record of a signed report, and assets retired from the
-- inventory refresh.

-- A signed final report is recorded once, in `sign_offs` (findings' table, which also
-- keeps the signer, the time and the change-log head). Migration 004's
-- `assessment_signatures` said the same thing in fewer fields; its rows that have no
-- sign-off are converted (no signer was recorded then, and the log head is the log's end
-- at the upgrade), then the table goes. A sign-off of an assessment is what makes its
-- records read-only (see store/carry.rs).
INSERT INTO sign_offs (assessment_id, report_date, signed_at, signer, key_id, report_sha256, log_head)
SELECT s.assessment_id, s.signed_on, s.signed_on || 'T00:00:00Z', '', s.key_id, s.report_sha256,
       coalesce((SELECT max(id) FROM change_log), 0)
FROM assessment_signatures s
WHERE NOT EXISTS (SELECT 1 FROM sign_offs o WHERE o.assessment_id = s.assessment_id);
DROP TABLE assessment_signatures;

-- An asset of a carried-forward inventory that this year's spreadsheet no longer lists
-- and the user retired: it stays (with last year's record behind it) and is shown as
-- retired, but it is out of this year's scope and raises no findings.
CREATE TABLE retired_assets (
    asset_id   INTEGER PRIMARY KEY REFERENCES assets(id),
    retired_on TEXT NOT NULL
) STRICT;
