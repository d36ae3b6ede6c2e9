-- Access reviews (program records: dated, not per assessment, so no assessment_id). A
-- system is named by its asset's name, which stays the same across the years' copies.
CREATE TABLE access_reviews (
    id           INTEGER PRIMARY KEY,
    system       TEXT NOT NULL,
    started      TEXT NOT NULL,
    completed    TEXT,
    reviewer_id  INTEGER REFERENCES people(id),
    cycle_months INTEGER NOT NULL DEFAULT 3
) STRICT;
CREATE INDEX access_reviews_by_system ON access_reviews (system, started);

-- One account of a review's imported user list, with the reviewer's decision.
CREATE TABLE access_accounts (
    id         INTEGER PRIMARY KEY,
    review_id  INTEGER NOT NULL REFERENCES access_reviews(id) ON DELETE CASCADE,
    user       TEXT NOT NULL,
    name       TEXT NOT NULL DEFAULT '',
    role       TEXT NOT NULL DEFAULT '',
    active     INTEGER NOT NULL,
    last_login TEXT,
    decision   TEXT,
    decided_by TEXT NOT NULL DEFAULT '',
    decided_on TEXT,
    UNIQUE (review_id, user)
) STRICT;

-- Access granted, changed or revoked outside a review, and who approved it.
CREATE TABLE access_events (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES people(id),
    system      TEXT NOT NULL,
    kind        TEXT NOT NULL,
    date        TEXT NOT NULL,
    approved_by INTEGER REFERENCES people(id),
    notes       TEXT NOT NULL DEFAULT ''
) STRICT;
