//! The report model: everything a report says, as data. It is built once from the
//! workspace for one assessment and one date (`build.rs`), with every id resolved to a
//! name, every list sorted and every judgement made (draft or not, what is missing,
//! counts), so the PDF, JSON and CSV renderers only lay out what they are given and can
//! never disagree.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use super::text::Text;
use crate::domain::{Id, Severity};

/// The report's sections, in the order every format presents them. One enum, matched
/// exhaustively by the PDF and the contents, so a section cannot be numbered one way in
/// the contents and another in the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    Summary,
    ScopeAndMethodology,
    PracticeAndPeople,
    Inventory,
    Safeguards,
    Threats,
    HeatMap,
    Register,
    Plan,
    Findings,
    Evidence,
    /// Training and access reviews, one section (the program's workforce part).
    WorkforceTraining,
    Incidents,
    BreachLog,
    PolicyRegister,
    BusinessAssociates,
    ContingencyTests,
    ProgramCalendar,
    Changes,
    ChangeLog,
    SignOff,
}

impl Section {
    pub const ALL: [Section; 21] = [
        Section::Summary,
        Section::ScopeAndMethodology,
        Section::PracticeAndPeople,
        Section::Inventory,
        Section::Safeguards,
        Section::Threats,
        Section::HeatMap,
        Section::Register,
        Section::Plan,
        Section::Findings,
        Section::Evidence,
        Section::WorkforceTraining,
        Section::Incidents,
        Section::BreachLog,
        Section::PolicyRegister,
        Section::BusinessAssociates,
        Section::ContingencyTests,
        Section::ProgramCalendar,
        Section::Changes,
        Section::ChangeLog,
        Section::SignOff,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Section::Summary => "Executive summary",
            Section::ScopeAndMethodology => "Scope and methodology",
            Section::PracticeAndPeople => "Practice and people",
            Section::Inventory => "Inventory of ePHI assets and vendors",
            Section::Safeguards => "Safeguard review",
            Section::Threats => "Threats and vulnerabilities",
            Section::HeatMap => "Heat map",
            Section::Register => "Risk register",
            Section::Plan => "Remediation plan and accepted risks",
            Section::Findings => "Findings and acknowledgments",
            Section::Evidence => "Evidence index",
            Section::PolicyRegister => "Policy register",
            Section::BusinessAssociates => "Business associates",
            Section::ContingencyTests => "Contingency plan tests",
            Section::ProgramCalendar => "Program calendar",
            Section::Incidents => "Incidents and their outcomes",
            Section::BreachLog => "Breach log",
            Section::WorkforceTraining => "Workforce training and access",
            Section::Changes => "Changes since the last assessment",
            Section::ChangeLog => "Change log and next review",
            Section::SignOff => "Sign-off",
        }
    }

    /// The section's number in the contents, counting from 1.
    pub fn number(self) -> usize {
        Section::ALL
            .iter()
            .position(|section| *section == self)
            .map_or(0, |index| index + 1)
    }
}

/// The section titles, in the order every format presents them.
pub const SECTION_TITLES: [&str; 21] = [
    "Executive summary",
    "Scope and methodology",
    "Practice and people",
    "Inventory of ePHI assets and vendors",
    "Safeguard review",
    "Threats and vulnerabilities",
    "Heat map",
    "Risk register",
    "Remediation plan and accepted risks",
    "Findings and acknowledgments",
    "Evidence index",
    "Workforce training and access",
    "Incidents and their outcomes",
    "Breach log",
    "Policy register",
    "Business associates",
    "Contingency plan tests",
    "Program calendar",
    "Changes since the last assessment",
    "Change log and next review",
    "Sign-off",
];

/// The marking printed on every page: the report maps where the practice is weak.
pub const CONFIDENTIAL: &str = "Confidential: security-sensitive";

/// The version of this model's shape, for readers of the JSON.
pub const REPORT_VERSION: u32 = 2;

/// The change log's head when the report was made, from `publish::checked_log`: its id
/// (`entries`, the number of entries while the chain is intact, which `hipaa-ra log verify`
/// and a signature's check confirm) and its hash.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
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
    pub likelihood: Text,
    pub impact: Text,
    pub level: Text,
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

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
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
    /// Compliance gaps an investigator looks for first, whatever the risk levels say.
    pub key_gaps: Vec<KeyGap>,
    /// The largest groups of scenarios at the highest levels (threat and level), at most
    /// `thresholds::SUMMARY_ROWS`; the summary prints them when the report is grouped.
    #[serde(default)]
    pub top_groups: Vec<super::grouping::RiskGroup>,
    /// Overdue open actions by title and owner, most first.
    #[serde(default)]
    pub overdue: Vec<super::grouping::OverdueRow>,
}

/// One kind of compliance gap: how many records have it, and which.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyGap {
    pub gap: String,
    /// The rule it falls short of.
    pub citation: String,
    /// The records concerned by name (asset names or citations), all of them.
    pub names: Vec<String>,
}

/// What the analysis took in and what it left out, and why.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scope {
    /// In-scope inventory entries by kind, in the inventory's kind order.
    pub included: Vec<KindCount>,
    /// Inventory entries that handle no ePHI and so are outside the analysis.
    pub excluded_assets: Vec<ExcludedAsset>,
    /// Safeguard items reviewed as not applicable, with the reason given.
    pub not_applicable: Vec<ExcludedItem>,
    /// The checklist of commonly forgotten inventory items, every question with its answer.
    pub forgotten_items: Vec<PromptRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindCount {
    pub kind: String,
    pub count: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExcludedAsset {
    pub id: Id,
    pub name: String,
    pub kind: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExcludedItem {
    pub citation: String,
    pub name: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PromptRow {
    pub topic: String,
    pub question: String,
    /// "Assets added", "None here", "Already recorded: NAME" (the asset that answered it),
    /// or None when the question was not answered.
    pub answer: Option<String>,
    pub note: String,
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
    /// Complete only with a full count and no open blocking finding of its rules.
    pub complete: bool,
    /// What "complete" means for this element.
    pub meaning: String,
    /// Keys of the open blocking findings that hold it back.
    pub blocking: Vec<String>,
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

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Methodology {
    pub elements: Vec<ElementRow>,
    /// The assessor's own account: assumptions and constraints, information sources,
    /// participants and data-collection methods, each with its label.
    pub recorded: Vec<Definition>,
    /// Whether likelihood counts the existing controls.
    pub likelihood_basis: String,
    /// Assumptions the workbench itself makes, whoever uses it.
    pub assumptions: Vec<String>,
    /// Terms whose meaning a reader could otherwise guess wrong.
    pub definitions: Vec<Definition>,
    /// The risk-acceptance rule the workbench enforces on every save, one rule per entry.
    pub acceptance_rules: Vec<String>,
    pub threat_library: ThreatLibrary,
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

/// An acknowledged finding with who acknowledged it (by name), when and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AcknowledgmentRow {
    /// The finding's key (`Finding::key`).
    pub finding: String,
    pub rule: String,
    pub blocking: bool,
    pub message: String,
    pub by: String,
    pub on: NaiveDate,
    pub reason: String,
    /// True when the finding it names no longer exists: it resolves nothing.
    pub stale: bool,
}

/// A coverage note: which scenarios cover an asset no scenario names, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoverageRow {
    pub asset_id: Id,
    pub asset: String,
    /// The scenarios as `#id threat`.
    pub scenarios: Vec<String>,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Definition {
    pub term: String,
    pub meaning: String,
}

/// The threat library the scenarios were drawn from: the one compiled into the program.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreatLibrary {
    /// The program version that embeds the library.
    pub version: String,
    /// The first 16 hex digits of the library file's SHA-256, which changes with any edit.
    pub fingerprint: String,
    pub threats: usize,
    /// Scenarios started from a library threat, and written by the user.
    pub from_library: usize,
    pub user_written: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
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
    /// Every field of the asset as people read it, in `AssetField` order: what the
    /// workbook's inventory sheet prints and the PDF's table picks from. Empty in a model
    /// kept before it existed (`ReportModel::fill_asset_fields` fills it from the above).
    #[serde(default)]
    pub fields: Vec<ShownField>,
}

/// An asset carried forward from last year and retired this year: listed under the
/// inventory, out of every table and count of this year's scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetiredRow {
    pub id: Id,
    pub name: String,
    pub kind: String,
    pub retired_on: NaiveDate,
}

/// One field of a record as the report shows it. The key and label are the field's own
/// (`Field::key`, `Field::label`), borrowed rather than copied into each of 40,000 rows
/// (a model read back from JSON owns them); equal texts are shared (`Text`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShownField {
    pub key: std::borrow::Cow<'static, str>,
    pub label: std::borrow::Cow<'static, str>,
    pub text: Text,
}

impl AssetRow {
    /// The text of the field with `key`; empty when the row has no such field.
    pub fn field(&self, key: &str) -> &str {
        self.fields
            .iter()
            .find(|field| field.key == key)
            .map_or("", |field| field.text.as_str())
    }
}

impl ReportModel {
    /// Gives the asset rows of a model kept before rows listed every field their fields,
    /// from the columns those rows had.
    pub fn fill_asset_fields(&mut self) {
        use crate::domain::record::Field;
        for asset in self.assets.iter_mut().filter(|asset| asset.fields.is_empty()) {
            let known = [
                ("name", asset.name.clone()),
                ("kind", asset.kind.clone()),
                ("description", asset.description.clone()),
                ("location", asset.location.clone()),
                ("owner", asset.owner.clone()),
                (
                    "ephi",
                    if asset.in_scope {
                        asset.ephi.clone()
                    } else {
                        "out of scope".into()
                    },
                ),
                (
                    "records",
                    asset.record_count.map(|count| count.to_string()).unwrap_or_default(),
                ),
                ("criticality", asset.criticality.clone()),
                ("encrypted", asset.encrypted_at_rest.clone()),
                (
                    "last_reviewed",
                    asset.last_reviewed.map(|date| date.to_string()).unwrap_or_default(),
                ),
            ];
            asset.fields = crate::domain::AssetField::ALL
                .iter()
                .map(|field| ShownField {
                    key: field.key().into(),
                    label: field.label().into(),
                    text: known
                        .iter()
                        .find(|(key, _)| *key == field.key())
                        .map(|(_, text)| Text::from(text.as_str()))
                        .unwrap_or_default(),
                })
                .collect();
        }
    }
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
    /// The measure in place, in the practice's words.
    pub measure: String,
    /// The addressable decision, when one is recorded.
    pub decision: Option<String>,
    /// The alternative measure, or why the specification is not reasonable.
    pub decision_text: String,
    /// The review's questions that were answered, each "question: answer (note)".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub answers: Vec<String>,
}

/// A scenario as the threats section prints it. Its texts are shared (`Text`) with its
/// register row and with every other row naming the same asset, owner or level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScenarioRow {
    pub risk_id: Id,
    pub threat: Text,
    pub source: Text,
    pub vulnerability: Text,
    pub existing_controls: Text,
    pub citations: Vec<Text>,
    /// Asset names; empty means practice-wide.
    pub assets: Vec<Text>,
    pub records_affected: Option<u64>,
    pub score: Option<Score>,
    pub treatment: Text,
    pub owner: Text,
    pub residual: Option<Score>,
    /// Why the likelihood and the impact are what they are.
    pub likelihood_rationale: Text,
    pub impact_rationale: Text,
    /// The scenario's notes, as written.
    pub notes: Text,
}

/// A scenario's row in the register, in the register's order; its texts are its
/// `ScenarioRow`'s, shared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterRow {
    pub rank: usize,
    pub risk_id: Id,
    pub threat: Text,
    pub vulnerability: Text,
    pub assets: Vec<Text>,
    /// The largest record count among the scenario's assets (the same patients appear
    /// in several systems, so counts are not added); practice-wide scenarios take the
    /// largest in the inventory. None when no such asset has a count.
    pub records_affected: Option<u64>,
    pub score: Option<Score>,
    pub treatment: Text,
    pub owner: Text,
    pub residual: Option<Score>,
    pub open_actions: usize,
    pub citations: Vec<Text>,
    pub likelihood_rationale: Text,
    pub impact_rationale: Text,
    pub notes: Text,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanRow {
    pub action_id: Id,
    /// The risk the action treats; none for a standalone action (program work). A report
    /// signed before standalone actions always names one.
    #[serde(default)]
    pub risk_id: Option<Id>,
    /// The risk's threat; empty for a standalone action.
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
    /// The due date with every move and its reason (`due 2025-06-30, moved to 2026-06-30:
    /// vendor delay`); empty when the date never moved. Reports signed before moves were
    /// kept read with none.
    #[serde(default)]
    pub due_history: String,
    /// What the action changes on an asset: the asset's name, the field's label and the
    /// value (`Front desk laptop: Encrypted at rest = Yes`); empty for none.
    #[serde(default)]
    pub changes: String,
}

/// How a plan row without a risk is named wherever a risk would be.
pub const STANDALONE: &str = "standalone (program work)";

impl PlanRow {
    /// The risk as the plan prints it (`#3 Lost laptop`), or `STANDALONE`.
    pub fn risk_label(&self) -> String {
        match self.risk_id {
            Some(id) => format!("#{id} {}", self.risk),
            None => STANDALONE.to_string(),
        }
    }
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
    pub id: Id,
    pub title: String,
    pub kind: String,
    pub dated: Option<NaiveDate>,
    pub owner: String,
    pub location: String,
    pub file_name: Option<String>,
    pub size: Option<u64>,
    pub sha256: Option<String>,
    pub review_due: Option<NaiveDate>,
    /// The review date has passed on the report date.
    pub overdue: bool,
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
    /// DRAFT or FINAL, the first thing the JSON says: `draft` in the word every output
    /// states (`domain::Status`). Set with `draft` by `build`, and again from `draft` for a
    /// model read back (`ReportModel::set_status`), so the two never disagree.
    #[serde(default)]
    pub status: crate::domain::Status,
    pub report_version: u32,
    pub date: NaiveDate,
    /// True while a blocking finding is open (`domain::findings`); every page of the PDF
    /// then says DRAFT. The same rule as `hipaa-ra check` and the dashboard.
    pub draft: bool,
    pub missing: Missing,
    /// Every finding, open and acknowledged, in the domain's stable order.
    pub findings: Vec<crate::domain::Finding>,
    pub finding_counts: crate::domain::FindingCounts,
    /// Every acknowledgment of the assessment, with names resolved; stale ones included.
    pub acknowledgments: Vec<AcknowledgmentRow>,
    pub coverage_notes: Vec<CoverageRow>,
    pub sections: Vec<String>,
    pub cover: Cover,
    pub summary: Summary,
    pub scope: Scope,
    pub methodology: Methodology,
    pub practice: PracticeInfo,
    pub owners: Vec<OwnerRow>,
    pub people: Vec<PersonRow>,
    /// This year's inventory: every asset but the retired ones (`retired_assets`).
    pub assets: Vec<AssetRow>,
    /// The assets retired this year, in inventory order; in no table or count above.
    #[serde(default)]
    pub retired_assets: Vec<RetiredRow>,
    pub vendors: Vec<VendorRow>,
    pub safeguards: Vec<SafeguardRow>,
    pub scenarios: Vec<ScenarioRow>,
    /// Scenario counts, `[likelihood][impact]`, both lowest first, on the matrix's cells.
    pub heat_map: Vec<Vec<usize>>,
    pub register: Vec<RegisterRow>,
    pub plan: Vec<PlanRow>,
    pub accepted_risks: Vec<AcceptedRow>,
    pub evidence: Vec<EvidenceRow>,
    /// The access reviews and leavers of the year's period (`access.rs`).
    #[serde(default)]
    pub access: super::access::AccessSection,
    /// The written policies and procedures as of the report's date (`program_sections`).
    #[serde(default)]
    pub policy_register: Vec<super::program_sections::PolicyRow>,
    /// The inventory's business associates with their agreement and assurance dates.
    #[serde(default)]
    pub business_associates: Vec<super::program_sections::BusinessAssociateRow>,
    /// The contingency plan tests of the period and the critical assets untested
    /// (`contingency.rs`).
    #[serde(default)]
    pub contingency: super::contingency::ContingencySection,
    /// The program's obligations overdue or due within 30 days of the report's date.
    #[serde(default)]
    pub calendar: Vec<super::calendar_section::CalendarRow>,
    pub change_log: LogSummary,
    /// The training part of "Workforce training and access" (`report::training`).
    #[serde(default)]
    pub training: super::training::TrainingSection,
    pub next_review: Option<NaiveDate>,
    pub sign_off: SignOff,
    /// Why and when the assessment was started (see `changes.rs`).
    #[serde(default)]
    pub started: Started,
    /// The security incidents of the period (`incident_sections`).
    #[serde(default)]
    pub incidents: Vec<super::incident_sections::IncidentRow>,
    /// The breaches of fewer than 500 individuals, by year of discovery.
    #[serde(default)]
    pub breach_logs: Vec<super::incident_sections::BreachLog>,
    /// What changed since the assessment this one was carried forward from; None for a
    /// first assessment. Filled by `publish`, which reads both assessments.
    #[serde(default)]
    pub changes: Option<crate::domain::changes::Changes>,
    /// How the PDF presents a large analysis (`thresholds.rs`); nothing grouped below.
    #[serde(default)]
    pub grouping: super::grouping::Grouping,
    /// The CSV files attached to the PDF: register, plan and inventory.
    #[serde(default)]
    pub annexes: Vec<super::grouping::Annex>,
    /// The "Proposed rule readiness" appendix (PROPOSED, not in force); None when the
    /// workspace hides it. Filled by `publish`; never read by status, findings or readiness.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proposed: Option<super::proposed::ProposedReadiness>,
    /// Set when the model is a signed year's kept model (`publish`), never stored with
    /// it: the date it was signed, which every format rendered from it then states.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_signed_on: Option<NaiveDate>,
    /// The findings as the PDF prints them, when the model was made for a PDF alone and
    /// `findings` emptied (`keep_for_pdf`); None otherwise. Not in the JSON.
    #[serde(skip)]
    pub printed_findings: Option<Vec<super::printed_findings::RuleFindings>>,
}

impl ReportModel {
    /// The findings by rule as the PDF prints them (`printed_findings`): kept, or
    /// counted from `findings`.
    pub fn findings_by_rule(&self) -> std::borrow::Cow<'_, [super::printed_findings::RuleFindings]> {
        match &self.printed_findings {
            Some(kept) => std::borrow::Cow::Borrowed(kept.as_slice()),
            None => std::borrow::Cow::Owned(super::printed_findings::by_rule(&self.findings)),
        }
    }

    /// Keeps of the findings only what the PDF prints (`printed_findings`): for a model
    /// rendered to a PDF and nothing else, so every finding's sentence and records are not
    /// held while the PDF is laid out. The JSON of such a model would lack the findings:
    /// it is never written (see `publish::prepare`).
    pub fn keep_for_pdf(&mut self) {
        self.printed_findings = Some(super::printed_findings::by_rule(&self.findings));
        self.findings = Vec::new();
    }

    /// Sets `status` from `draft`, the findings' verdict: for a model read back from JSON
    /// kept by a version that did not write `status`.
    pub fn set_status(&mut self) {
        self.status = crate::domain::Status::from_draft(self.draft);
    }
}

/// Why an assessment was started and when: the yearly cycle or an off-cycle event.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Started {
    pub reason: String,
    pub on: Option<NaiveDate>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_titles_follow_the_enum_and_numbers_count_from_one() {
        let titles: Vec<&str> = Section::ALL.iter().map(|section| section.title()).collect();
        assert_eq!(titles, SECTION_TITLES);
        assert_eq!(Section::Summary.number(), 1);
        assert_eq!(Section::SignOff.number(), SECTION_TITLES.len());
    }
}
