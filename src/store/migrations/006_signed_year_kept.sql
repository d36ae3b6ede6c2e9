-- A signed year is a fixed record.

-- What a final sign-off signed, kept in the workspace in the same transaction as the
-- sign-off itself: the exact bytes of the signed PDF and of the report's JSON model, each
-- with its minisign signature (the text of the `.minisig` file), and the public key that
-- verifies them. `report --assessment ID` of a signed year hands these bytes back, and
-- every other format of it is rendered from the stored model, never from today's data.
-- The BLOB columns are imaged in the change log as their SHA-256 and size (store/images.rs).
CREATE TABLE signed_reports (
    assessment_id  INTEGER PRIMARY KEY REFERENCES assessments(id),
    sign_off_id    INTEGER NOT NULL UNIQUE REFERENCES sign_offs(id),
    public_key     TEXT NOT NULL,            -- minisign public key, base64
    paper          TEXT NOT NULL,            -- 'letter' or 'a4', as the PDF was laid out
    pdf            BLOB NOT NULL,
    pdf_signature  TEXT NOT NULL,
    json           BLOB NOT NULL,
    json_signature TEXT NOT NULL
) STRICT;

-- A person removed from the practice while a signed year still names them: the row stays
-- (the signed year's owners, acceptances and acknowledgments keep pointing at it), but
-- from this date the person is out of the current lists, pickers and roles.
ALTER TABLE people ADD COLUMN removed_on TEXT;
