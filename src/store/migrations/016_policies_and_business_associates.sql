-- Policies and procedures (§164.316): a policy, its versions (each kept six years after
-- the later of its creation and the date it was last in effect) and its reviews. Program
-- records: no assessment_id, shared by every year (see scopes.rs).
CREATE TABLE policies (
    id                  INTEGER PRIMARY KEY,
    title               TEXT NOT NULL,
    owner_id            INTEGER REFERENCES people(id),
    approver_id         INTEGER REFERENCES people(id),
    review_cycle_months INTEGER,
    safeguards          TEXT NOT NULL DEFAULT '',
    notes               TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE policy_versions (
    id          INTEGER PRIMARY KEY,
    policy_id   INTEGER NOT NULL REFERENCES policies(id) ON DELETE CASCADE,
    number      TEXT NOT NULL,
    created     TEXT,
    effective   TEXT,
    changes     TEXT NOT NULL DEFAULT '',
    reference   TEXT NOT NULL DEFAULT '',
    file_name   TEXT,
    file_sha256 TEXT,
    file_size   INTEGER,
    UNIQUE (policy_id, number)
) STRICT;

-- A version's stored document, apart from the version so that listing never reads it.
CREATE TABLE policy_version_files (
    version_id INTEGER PRIMARY KEY REFERENCES policy_versions(id) ON DELETE CASCADE,
    content    BLOB NOT NULL
) STRICT;

CREATE TABLE policy_reviews (
    id          INTEGER PRIMARY KEY,
    policy_id   INTEGER NOT NULL REFERENCES policies(id) ON DELETE CASCADE,
    planned     TEXT,
    done        TEXT,
    reviewer_id INTEGER REFERENCES people(id),
    outcome     TEXT,
    version_id  INTEGER REFERENCES policy_versions(id),
    notes       TEXT NOT NULL DEFAULT ''
) STRICT;

-- Business associates: the vendor assets' agreement dates and written assurances.
ALTER TABLE assets ADD COLUMN baa_expiry TEXT;
ALTER TABLE assets ADD COLUMN baa_renewal TEXT;
ALTER TABLE assets ADD COLUMN assurance_received TEXT;
ALTER TABLE assets ADD COLUMN assurance_cycle_months INTEGER;
