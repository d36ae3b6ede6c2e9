//! How findings are resolved when fixing the data is not the answer: an acknowledgment
//! (who, when and why a finding stands), a coverage note (which scenarios cover an asset
//! that no scenario names, and why), and the record of a final sign-off. Plain records;
//! the store saves them and the findings module (`findings`) decides what they resolve.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::model::Id;

/// A finding acknowledged with a written reason. It names the finding by its stable key
/// (`Finding::key`, such as `vendor.no_baa:asset:7`), so it stays attached across edits
/// and exports; one that no longer matches a finding resolves nothing and is reported as
/// stale. Only some rules may be acknowledged (`Rule::acknowledgeable`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Acknowledgment {
    pub id: Id,
    pub assessment_id: Id,
    /// The key of the finding acknowledged.
    pub finding: String,
    /// Who acknowledged it: one of the practice's people.
    pub person_id: Id,
    pub acknowledged_on: NaiveDate,
    /// Why the finding stands: printed in the report.
    pub reason: String,
}

/// Which scenarios cover an in-scope asset that no scenario names, and why (for example
/// a spare workstation covered by the practice-wide workstation scenarios). One per asset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoverageNote {
    pub asset_id: Id,
    /// The scenarios (risk ids) that cover the asset; at least one.
    pub risk_ids: Vec<Id>,
    pub reason: String,
}

/// A final report signed for an assessment. `current` is worked out when loaded: true
/// while nothing in the workspace has changed since the signature (the change log has
/// no later row), so "Finalize documentation" is complete only for the data signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignOffRecord {
    pub id: Id,
    pub assessment_id: Id,
    /// The report date printed on the signed report.
    pub report_date: NaiveDate,
    /// When it was signed (UTC, RFC 3339).
    pub signed_at: String,
    pub signer: String,
    pub key_id: String,
    /// SHA-256 of the signed file, lower-case hex.
    pub report_sha256: String,
    /// The id of the last change-log row when the report was signed.
    pub log_head: Id,
    #[serde(skip)]
    pub current: bool,
}

/// What a final sign-off signed, kept with it: the exact bytes of the signed PDF and of
/// the report's JSON model, each with its minisign signature (the text of a `.minisig`
/// file), and the public key that verifies both. A signed year's report is this record:
/// it is handed back byte for byte, and every other format of the year is rendered from
/// the stored model, so nothing done later (today's date, a person edited, new evidence)
/// can change what was signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedReport {
    pub assessment_id: Id,
    /// The sign-off this report belongs to (the assessment's first final sign-off).
    pub sign_off_id: Id,
    /// The signer's minisign public key (base64, as `minisign -P` takes it).
    pub public_key: String,
    /// The paper the PDF was laid out on (`letter` or `a4`).
    pub paper: String,
    pub pdf: Vec<u8>,
    pub pdf_signature: String,
    /// The report model as JSON (`report --format json`), the source of every other format.
    pub json: Vec<u8>,
    pub json_signature: String,
}
