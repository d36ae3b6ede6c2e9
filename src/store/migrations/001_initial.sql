-- The first schema of a hipaa-ra workspace. Dates are ISO 8601 text (YYYY-MM-DD),
-- times are UTC RFC 3339 text, closed vocabularies are stored by their stable keys.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE practice (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    name           TEXT NOT NULL,
    entity_type    TEXT NOT NULL,
    locations      TEXT NOT NULL DEFAULT '',
    workforce_size INTEGER,
    notes          TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE people (
    id      INTEGER PRIMARY KEY,
    name    TEXT NOT NULL,
    title   TEXT NOT NULL DEFAULT '',
    contact TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE role_assignments (
    id           INTEGER PRIMARY KEY,
    person_id    INTEGER NOT NULL REFERENCES people(id),
    role         TEXT NOT NULL,
    custom_label TEXT NOT NULL DEFAULT '',
    UNIQUE (person_id, role, custom_label)
) STRICT;

CREATE TABLE assessments (
    id           INTEGER PRIMARY KEY,
    title        TEXT NOT NULL,
    period_start TEXT NOT NULL,
    period_end   TEXT NOT NULL,
    assessor     TEXT NOT NULL,
    matrix       TEXT NOT NULL,           -- the RiskMatrix as JSON, cells included
    carried_from INTEGER REFERENCES assessments(id),
    next_review  TEXT,
    notes        TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE assets (
    id                INTEGER PRIMARY KEY,
    assessment_id     INTEGER NOT NULL REFERENCES assessments(id),
    name              TEXT NOT NULL,
    kind              TEXT NOT NULL,
    description       TEXT NOT NULL DEFAULT '',
    location          TEXT NOT NULL DEFAULT '',
    owner_id          INTEGER REFERENCES people(id),
    ephi_create       INTEGER NOT NULL DEFAULT 0,
    ephi_receive      INTEGER NOT NULL DEFAULT 0,
    ephi_maintain     INTEGER NOT NULL DEFAULT 0,
    ephi_transmit     INTEGER NOT NULL DEFAULT 0,
    record_count      INTEGER,
    criticality       TEXT NOT NULL DEFAULT 'unknown',
    encrypted_at_rest TEXT NOT NULL DEFAULT 'unknown',
    last_reviewed     TEXT,
    notes             TEXT NOT NULL DEFAULT '',
    vendor_services   TEXT,                -- vendor columns are NULL for other kinds
    baa_status        TEXT,
    baa_date          TEXT
) STRICT;
CREATE INDEX assets_by_assessment ON assets (assessment_id, name);

-- Answers to the "what teams forget" prompts, once per assessment.
CREATE TABLE inventory_prompts (
    assessment_id INTEGER NOT NULL REFERENCES assessments(id),
    prompt        TEXT NOT NULL,
    answer        TEXT NOT NULL,          -- 'none' or 'assets_added'
    note          TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (assessment_id, prompt)
) STRICT;

CREATE TABLE safeguard_reviews (
    id            INTEGER PRIMARY KEY,
    assessment_id INTEGER NOT NULL REFERENCES assessments(id),
    citation      TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'not_reviewed',
    owner_id      INTEGER REFERENCES people(id),
    reviewed_on   TEXT,
    notes         TEXT NOT NULL DEFAULT '',
    na_reason     TEXT NOT NULL DEFAULT '',
    decision      TEXT,
    decision_text TEXT NOT NULL DEFAULT '',
    UNIQUE (assessment_id, citation)
) STRICT;

CREATE TABLE question_answers (
    review_id INTEGER NOT NULL REFERENCES safeguard_reviews(id) ON DELETE CASCADE,
    question  INTEGER NOT NULL,
    answer    TEXT NOT NULL,
    note      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (review_id, question)
) STRICT;

CREATE TABLE risks (
    id                  INTEGER PRIMARY KEY,
    assessment_id       INTEGER NOT NULL REFERENCES assessments(id),
    threat_key          TEXT,
    threat              TEXT NOT NULL,
    source              TEXT NOT NULL,
    vulnerability       TEXT NOT NULL DEFAULT '',
    existing_controls   TEXT NOT NULL DEFAULT '',
    citations           TEXT NOT NULL DEFAULT '[]',   -- JSON array of CFR citations
    likelihood          INTEGER,
    impact              INTEGER,
    treatment           TEXT NOT NULL DEFAULT 'undecided',
    residual_likelihood INTEGER,
    residual_impact     INTEGER,
    owner_id            INTEGER REFERENCES people(id),
    accepted_by         INTEGER REFERENCES people(id),
    accepted_on         TEXT,
    acceptance_reason   TEXT,
    notes               TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX risks_by_assessment ON risks (assessment_id);

CREATE TABLE risk_assets (
    risk_id  INTEGER NOT NULL REFERENCES risks(id) ON DELETE CASCADE,
    asset_id INTEGER NOT NULL REFERENCES assets(id),
    PRIMARY KEY (risk_id, asset_id)
) STRICT;
CREATE INDEX risk_assets_by_asset ON risk_assets (asset_id);

CREATE TABLE actions (
    id            INTEGER PRIMARY KEY,
    risk_id       INTEGER NOT NULL REFERENCES risks(id),
    title         TEXT NOT NULL,
    owner_id      INTEGER REFERENCES people(id),
    due_on        TEXT,
    status        TEXT NOT NULL DEFAULT 'planned',
    effort        TEXT NOT NULL DEFAULT 'unknown',
    cost_estimate INTEGER,
    notes         TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX actions_by_risk ON actions (risk_id);

CREATE TABLE evidence (
    id                  INTEGER PRIMARY KEY,
    title               TEXT NOT NULL,
    kind                TEXT NOT NULL,
    dated               TEXT,
    owner_id            INTEGER REFERENCES people(id),
    review_cycle_months INTEGER,
    location            TEXT NOT NULL DEFAULT '',
    file_name           TEXT,
    file_sha256         TEXT,
    file_size           INTEGER
) STRICT;

-- Stored evidence files, apart from the records so that listing evidence never reads them.
CREATE TABLE evidence_files (
    evidence_id INTEGER PRIMARY KEY REFERENCES evidence(id) ON DELETE CASCADE,
    content     BLOB NOT NULL
) STRICT;

CREATE TABLE evidence_links (
    evidence_id INTEGER NOT NULL REFERENCES evidence(id) ON DELETE CASCADE,
    target      TEXT NOT NULL,            -- 'safeguard', 'risk' or 'action'
    target_ref  TEXT NOT NULL,            -- a citation, or a risk or action id
    PRIMARY KEY (evidence_id, target, target_ref)
) STRICT;

-- The tamper-evident change log: each row hashes its content with the previous hash.
CREATE TABLE change_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    operation TEXT NOT NULL,              -- 'create', 'update' or 'delete'
    before    TEXT,                       -- JSON, NULL for create
    after     TEXT,                       -- JSON, NULL for delete
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
) STRICT;
