-- Next year: the analysis as a living program. An assessment records why and when it was
-- started; a signed final report makes its assessment read-only; what `assessment next`
-- carried forward from last year is marked until someone confirms it.

-- Why the assessment was started (annual, new system, incident, breach, change) and when.
ALTER TABLE assessments ADD COLUMN reason TEXT NOT NULL DEFAULT 'annual';
ALTER TABLE assessments ADD COLUMN started_on TEXT;

-- The signed final report of an assessment. From then on the store refuses every change
-- to the assessment's records (see store/carry.rs).
CREATE TABLE assessment_signatures (
    assessment_id INTEGER PRIMARY KEY REFERENCES assessments(id),
    signed_on     TEXT NOT NULL,
    key_id        TEXT NOT NULL,
    report_sha256 TEXT NOT NULL
) STRICT;

-- One row per record `assessment next` copied: the new record, last year's, and whether
-- it has been confirmed this year. A risk keeps last year's scores beside the new ones.
CREATE TABLE carried_items (
    assessment_id       INTEGER NOT NULL REFERENCES assessments(id),
    entity              TEXT NOT NULL,           -- 'asset', 'review', 'risk' or 'action'
    record_id           INTEGER NOT NULL,
    previous_id         INTEGER NOT NULL,
    previous_likelihood INTEGER,
    previous_impact     INTEGER,
    confirmed           INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (entity, record_id)
) STRICT;
CREATE INDEX carried_by_assessment ON carried_items (assessment_id);
