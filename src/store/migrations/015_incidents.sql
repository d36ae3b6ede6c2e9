-- Security incidents and their breach assessments (§164.308(a)(6)(ii), §164.402): program
-- records, dated, not per assessment, so no assessment_id (their rows are the digest's
-- shared part). No patient identifiers: counts and categories only.
CREATE TABLE incidents (
    id                      INTEGER PRIMARY KEY,
    title                   TEXT NOT NULL,
    occurred_on             TEXT,
    discovered_on           TEXT,
    reported_by             TEXT NOT NULL DEFAULT '',
    severity                TEXT NOT NULL DEFAULT 'moderate',
    status                  TEXT NOT NULL DEFAULT 'open',
    description             TEXT NOT NULL DEFAULT '',
    outcome                 TEXT NOT NULL DEFAULT '',
    closed_on               TEXT,
    phi_nature              TEXT NOT NULL DEFAULT '',
    recipient               TEXT NOT NULL DEFAULT '',
    acquired_or_viewed      TEXT NOT NULL DEFAULT '',
    mitigation              TEXT NOT NULL DEFAULT '',
    safe_harbor             TEXT,
    breach_exception        TEXT,
    conclusion              TEXT,
    individuals_affected    INTEGER,
    most_in_one_state       INTEGER,
    individuals_notified_on TEXT,
    hhs_notified_on         TEXT,
    media_notified_on       TEXT
) STRICT;

-- An incident's timeline: dated entries (detection, containment, mitigation, observation,
-- status change).
CREATE TABLE incident_events (
    id          INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    on_date     TEXT NOT NULL,
    kind        TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT ''
) STRICT;

-- The inventory assets an incident involved and the scenarios it materialized.
CREATE TABLE incident_assets (
    incident_id INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    asset_id    INTEGER NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
    PRIMARY KEY (incident_id, asset_id)
) STRICT;
CREATE TABLE incident_risks (
    incident_id INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    scenario_id INTEGER NOT NULL REFERENCES risks(id) ON DELETE CASCADE,
    PRIMARY KEY (incident_id, scenario_id)
) STRICT;

-- Why an assessment was started, beyond its kind: the incident that started an off-cycle
-- analysis, or the reason in words.
ALTER TABLE assessments ADD COLUMN reason_incident_id INTEGER REFERENCES incidents(id);
ALTER TABLE assessments ADD COLUMN reason_note TEXT NOT NULL DEFAULT '';

-- The scenarios of an off-cycle analysis an incident started that the incident
-- materialized: marked to score again (a finding until the scenario is confirmed).
CREATE TABLE incident_rescores (
    assessment_id INTEGER NOT NULL REFERENCES assessments(id),
    risk_id       INTEGER NOT NULL REFERENCES risks(id) ON DELETE CASCADE,
    incident_id   INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    PRIMARY KEY (risk_id, incident_id)
) STRICT;
