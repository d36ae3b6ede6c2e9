-- Findings and a defensible analysis: the rationale behind each score, the measure behind
-- each "implemented", the assessment's methodology, and the records that resolve findings
-- without changing the data they are about (acknowledgments, coverage notes), plus the
-- final sign-offs that complete "Finalize documentation".

ALTER TABLE risks ADD COLUMN likelihood_rationale TEXT NOT NULL DEFAULT '';
ALTER TABLE risks ADD COLUMN impact_rationale TEXT NOT NULL DEFAULT '';

-- The measure in place, in the practice's words.
ALTER TABLE safeguard_reviews ADD COLUMN measure TEXT NOT NULL DEFAULT '';

ALTER TABLE assessments ADD COLUMN assumptions TEXT NOT NULL DEFAULT '';
ALTER TABLE assessments ADD COLUMN information_sources TEXT NOT NULL DEFAULT '';
ALTER TABLE assessments ADD COLUMN participants TEXT NOT NULL DEFAULT '';
ALTER TABLE assessments ADD COLUMN data_collection TEXT NOT NULL DEFAULT '';
ALTER TABLE assessments ADD COLUMN likelihood_basis TEXT NOT NULL DEFAULT 'with_controls';

-- A finding acknowledged with a written reason; `finding` is the finding's stable key.
CREATE TABLE acknowledgments (
    id              INTEGER PRIMARY KEY,
    assessment_id   INTEGER NOT NULL REFERENCES assessments(id),
    finding         TEXT NOT NULL,
    person_id       INTEGER NOT NULL REFERENCES people(id),
    acknowledged_on TEXT NOT NULL,
    reason          TEXT NOT NULL,
    UNIQUE (assessment_id, finding)
) STRICT;

-- Which scenarios cover an asset that no scenario names, and why: one per asset.
CREATE TABLE coverage_notes (
    asset_id INTEGER PRIMARY KEY REFERENCES assets(id),
    risk_ids TEXT NOT NULL DEFAULT '[]',      -- JSON array of risk ids
    reason   TEXT NOT NULL
) STRICT;

-- Final reports signed for an assessment; `log_head` is the change-log row id at signing.
CREATE TABLE sign_offs (
    id            INTEGER PRIMARY KEY,
    assessment_id INTEGER NOT NULL REFERENCES assessments(id),
    report_date   TEXT NOT NULL,
    signed_at     TEXT NOT NULL,
    signer        TEXT NOT NULL,
    key_id        TEXT NOT NULL,
    report_sha256 TEXT NOT NULL,
    log_head      INTEGER NOT NULL
) STRICT;
