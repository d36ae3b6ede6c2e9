//! The report model: everything a report says, as data. It is built once from the
//! workspace for one assessment and one date (`build.rs`), with every id resolved to a
//! name, every list sorted and every judgement made (draft or not, what is missing,
//! counts), so the PDF, JSON and CSV renderers only lay out what they are given and can
//! never disagree.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::{Id, Severity};

/// The section titles, in the order every format presents them.
pub const SECTION_TITLES: [&str; 13] = [
    "Executive summary",
    "Scope and methodology",
    "Practice and people",
    "Inventory of ePHI assets and vendors",
    "Safeguard review",
    "Threats and vulnerabilities",
    "Heat map",
    "Risk register",
    "Remediation plan and accepted risks",
    "Evidence index",
    "Changes since the last assessment",
    "Change log and next review",
    "Sign-off",
];

/// The version of this model's shape, for readers of the JSON.
pub const REPORT_VERSION: u32 = 1;

/// The change log's length and last hash, from `Store::verify_change_log`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogSummary {
    pub entries: u64,
    pub last_hash: String,
}

/// Who signs the report. The fingerprint identifies the public key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signer {
    pub name: String,
    pub role: String,
    pub public_key: String,
    pub fingerprint: String,
}

/// The five colour bands of a result level (see `Severity`), for renderers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    Lowest,
    Low,
    Middle,
    High,
    Highest,
}

impl From<Severity> for Band {
    fn from(severity: Severity) -> Band {
        match severity {
            Severity::Lowest => Band::Lowest,
            Severity::Low => Band::Low,
            Severity::Middle => Band::Middle,
            Severity::High => Band::High,
            Severity::Highest => Band::Highest,
        }
    }
}

/// A likelihood and impact with the level the matrix gives them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Score {
    pub likelihood: String,
    pub impact: String,
    pub level: String,
    /// Index of the level on the result scale, lowest first.
    pub level_index: usize,
    pub band: Band,
}

/// What keeps the report a draft. Empty lists everywhere means complete.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Missing {
    /// Citations of catalog items with no review.
    pub unreviewed_safeguards: Vec<String>,
    /// Citations of addressable specifications reviewed without a documented decision.
    pub undecided_addressable: Vec<String>,
    /// Scenarios without both a likelihood and an impact.
    pub unscored_scenarios: Vec<String>,
    /// High or higher risks whose treatment is still undecided.
    pub untreated_high_risks: Vec<String>,
    /// Required security roles nobody holds.
    pub missing_owners: Vec<String>,
}

impl Missing {
    pub fn is_empty(&self) -> bool {
        self.items().iter().all(|(_, list)| list.is_empty())
    }

    /// Each kind of gap with its heading, in the order reports list them.
    pub fn items(&self) -> [(&'static str, &Vec<String>); 5] {
        [
            ("Safeguard items not reviewed", &self.unreviewed_safeguards),
            (
                "Addressable items reviewed without a decision",
                &self.undecided_addressable,
            ),
            ("Scenarios not scored", &self.unscored_scenarios),
            ("High risks without a treatment", &self.untreated_high_risks),
            ("Security roles without a named owner", &self.missing_owners),
        ]
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cover {
    pub practice: String,
    pub assessment: String,
    pub period_start: Option<NaiveDate>,
    pub period_end: Option<NaiveDate>,
    pub assessor: String,
    pub date: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelCount {
    pub level: String,
    pub band: Band,
    pub count: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignalRow {
    pub name: String,
    /// Green, Amber or Red.
    pub level: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// The scope in one paragraph.
    pub scope: String,
    /// Scored risks per result level, highest level first (zeros included).
    pub risk_counts: Vec<LevelCount>,
    pub unscored: usize,
    /// The highest risks, at most five, in register order.
    pub top_risks: Vec<RegisterRow>,
    pub signals: Vec<SignalRow>,
    /// What must happen next, most urgent first.
    pub next_steps: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ElementRow {
    pub name: String,
    /// The report section that covers the element.
    pub section: String,
    /// The screen where it is worked on.
    pub screen: String,
    pub done: usize,
    pub total: usize,
    pub complete: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScaleRow {
    pub label: String,
    pub guide: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatrixCell {
    pub level: String,
    pub band: Band,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Methodology {
    pub elements: Vec<ElementRow>,
    pub matrix_name: String,
    pub row_label: String,
    pub column_label: String,
    /// Likelihood levels, lowest first, with their guidance.
    pub likelihood: Vec<ScaleRow>,
    /// Impact levels, lowest first, with their guidance.
    pub impact: Vec<ScaleRow>,
    /// Result levels, lowest first.
    pub results: Vec<MatrixCell>,
    /// `cells[likelihood][impact]`, both lowest first.
    pub cells: Vec<Vec<MatrixCell>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PracticeInfo {
    pub name: String,
    pub entity_type: String,
    pub locations: Vec<String>,
    pub workforce_size: Option<u32>,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnerRow {
    pub role: String,
    pub required: bool,
    pub names: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonRow {
    pub name: String,
    pub title: String,
    pub contact: String,
    pub roles: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssetRow {
    pub id: Id,
    pub name: String,
    pub kind: String,
    pub description: String,
    pub location: String,
    pub owner: String,
    /// `CRMT` letters, `-` for an absent action.
    pub ephi: String,
    pub in_scope: bool,
    pub record_count: Option<u64>,
    pub criticality: String,
    pub encrypted_at_rest: String,
    pub last_reviewed: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VendorRow {
    pub name: String,
    pub services: String,
    pub agreement: String,
    pub agreement_date: Option<NaiveDate>,
    pub handles_ephi: bool,
    /// Handles ePHI without a signed agreement.
    pub lacks_agreement: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SafeguardRow {
    pub citation: String,
    pub name: String,
    pub section: String,
    /// Standard, Required or Addressable.
    pub kind: String,
    pub status: String,
    pub owner: String,
    pub reviewed_on: Option<NaiveDate>,
    pub notes: String,
    pub na_reason: String,
    /// The addressable decision, when one is recorded.
    pub decision: Option<String>,
    /// The alternative measure, or why the specification is not reasonable.
    pub decision_text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScenarioRow {
    pub risk_id: Id,
    pub threat: String,
    pub source: String,
    pub vulnerability: String,
    pub existing_controls: String,
    pub citations: Vec<String>,
    /// Asset names; empty means practice-wide.
    pub assets: Vec<String>,
    pub records_affected: Option<u64>,
    pub score: Option<Score>,
    pub treatment: String,
    pub owner: String,
    pub residual: Option<Score>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterRow {
    pub rank: usize,
    pub risk_id: Id,
    pub threat: String,
    pub vulnerability: String,
    pub assets: Vec<String>,
    /// The largest record count among the scenario's assets (the same patients appear
    /// in several systems, so counts are not added); practice-wide scenarios take the
    /// largest in the inventory. None when no such asset has a count.
    pub records_affected: Option<u64>,
    pub score: Option<Score>,
    pub treatment: String,
    pub owner: String,
    pub residual: Option<Score>,
    pub open_actions: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanRow {
    pub action_id: Id,
    pub risk_id: Id,
    pub risk: String,
    pub title: String,
    pub owner: String,
    pub due_on: Option<NaiveDate>,
    pub status: String,
    /// Planned or in progress.
    pub open: bool,
    pub overdue: bool,
    pub effort: String,
    pub cost_estimate: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AcceptedRow {
    pub risk_id: Id,
    pub threat: String,
    pub level: Option<String>,
    pub accepted_by: String,
    pub accepted_on: Option<NaiveDate>,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceRow {
    pub title: String,
    pub kind: String,
    pub dated: Option<NaiveDate>,
    pub owner: String,
    pub location: String,
    pub file_name: Option<String>,
    pub size: Option<u64>,
    pub sha256: Option<String>,
    pub review_due: Option<NaiveDate>,
    /// Linked safeguard citations, risks and actions, as text.
    pub links: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignOff {
    pub attestation: String,
    pub date: NaiveDate,
    pub signer: Option<Signer>,
}

/// The whole report as data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportModel {
    pub report_version: u32,
    pub date: NaiveDate,
    /// True until nothing is missing; every page of the PDF then says DRAFT.
    pub draft: bool,
    pub missing: Missing,
    pub sections: Vec<String>,
    pub cover: Cover,
    pub summary: Summary,
    pub methodology: Methodology,
    pub practice: PracticeInfo,
    pub owners: Vec<OwnerRow>,
    pub people: Vec<PersonRow>,
    pub assets: Vec<AssetRow>,
    pub vendors: Vec<VendorRow>,
    pub safeguards: Vec<SafeguardRow>,
    pub scenarios: Vec<ScenarioRow>,
    /// Scenario counts, `[likelihood][impact]`, both lowest first, on the matrix's cells.
    pub heat_map: Vec<Vec<usize>>,
    pub register: Vec<RegisterRow>,
    pub plan: Vec<PlanRow>,
    pub accepted_risks: Vec<AcceptedRow>,
    pub evidence: Vec<EvidenceRow>,
    pub change_log: LogSummary,
    pub next_review: Option<NaiveDate>,
    pub sign_off: SignOff,
    /// Why and when the assessment was started (see `changes.rs`).
    #[serde(default)]
    pub started: Started,
    /// What changed since the assessment this one was carried forward from; None for a
    /// first assessment. Filled by `publish`, which reads both assessments.
    #[serde(default)]
    pub changes: Option<crate::domain::changes::Changes>,
}

/// Why an assessment was started and when: the yearly cycle or an off-cycle event.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Started {
    pub reason: String,
    pub on: Option<NaiveDate>,
}
