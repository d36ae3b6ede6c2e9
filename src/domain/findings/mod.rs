//! Findings: the workbench reading its own data the way an investigator would. Each rule
//! (one function in `rules`) looks at the workspace and reports what would make the risk
//! analysis less than "accurate and thorough" (§164.308(a)(1)(ii)(A)): the records it
//! names, why it matters with the citation, and how to resolve it. The analysis is final
//! only when no blocking finding is open; advisory findings are shown and counted but
//! never block. Pure functions over a `Workspace`; no SQL, no terminal.
//!
//! # Resolving a finding
//! A finding goes away when the data is fixed (a scenario scored, an item reviewed, an
//! agreement recorded as signed) or when an action is planned where one fits (choosing
//! a treatment: to mitigate or transfer needs an action). Two records resolve findings
//! without changing the data they are about:
//! - a **coverage note** on an asset (which scenarios cover it and why) resolves its
//!   `coverage.asset_without_scenario` finding; it must name at least one existing
//!   scenario and give a reason;
//! - an **acknowledgment** (who, when, why; see `Acknowledgment`) resolves a finding whose
//!   rule may be acknowledged. An acknowledged blocking finding no longer blocks; the
//!   report prints it with its reason.
//!
//! Which rules may be acknowledged (`Rule::acknowledgeable`): the contradictions, an ePHI
//! vendor without a signed agreement, and every advisory rule, because each can have a
//! good reason the data cannot show (an agreement under negotiation with no data shared
//! yet, a scenario citing an item for a reason the review already answers). Never
//! acknowledged: missing work. An item not reviewed or a carried-forward review not
//! confirmed, a carried-forward scenario not confirmed (see `rules::carried` for what
//! confirms one), a scenario not scored, without rationale or without a treatment, an
//! "implemented" with nothing behind it, a decision that does not fit its status, a gap
//! with no plan or no owner, a treatment to mitigate or transfer with no action, a blank
//! methodology, and an inventory with no ePHI asset: each is resolved only by doing the
//! work. Coverage is
//! resolved by a scenario or a coverage note, not an acknowledgment.
//!
//! # Keys
//! A finding's key is its rule key and its subject, such as
//! `coverage.asset_without_scenario:asset:12` or
//! `contradiction.encryption_as_specified:safeguard:164.312(a)(2)(iv):assets:7,9`.
//! Subjects name every record the finding is about, so an acknowledgment of a finding
//! stops applying when the finding changes (another unencrypted laptop) and the finding
//! opens again.
//!
//! # One finding per cause
//! Where one record is the cause of several problems, the rule raises one finding keyed
//! by that record, listing what it affects, so it is resolved or acknowledged once: an
//! ePHI vendor without a signed agreement is one `vendor.no_baa:asset:<id>` finding that
//! names the business-associate items marked implemented it contradicts (it used to add
//! one `contradiction.ba_items_implemented` finding per item; that rule is retired, and
//! an acknowledgment stored with its key matches no finding and is listed as stale).

mod rules;
#[cfg(test)]
mod tests;

use std::borrow::Cow;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Labeled;
use super::catalog::Catalog;
use super::model::Id;
use super::resolution::Acknowledgment;
use super::workspace::Workspace;
use crate::labeled_enum;

labeled_enum! {
    /// Every rule, in the order findings are listed: blocking rules first.
    pub enum Rule {
        NoEphiAssets => ("scope.no_ephi_assets", "No ePHI asset in the inventory"),
        AssetWithoutScenario => ("coverage.asset_without_scenario", "ePHI asset no scenario covers"),
        ScenarioNotScored => ("scenario.not_scored", "Scenario not scored"),
        ScenarioWithoutRationale => ("scenario.no_rationale", "Scenario scored without a rationale"),
        ScenarioWithoutTreatment => ("scenario.no_treatment", "Scenario without a treatment decision"),
        SafeguardNotReviewed => ("safeguard.not_reviewed", "Safeguard item not reviewed"),
        SafeguardNotConfirmed => ("safeguard.not_confirmed", "Carried-forward review not confirmed"),
        ImplementedUnsupported => ("safeguard.implemented_unsupported", "Implemented with no measure or evidence"),
        DecisionMismatch => ("safeguard.decision_mismatch", "Decision does not fit the status"),
        CitedAsMissing => ("contradiction.cited_as_missing", "Implemented item an open scenario cites as missing"),
        EncryptionAsSpecified => ("contradiction.encryption_as_specified", "Encryption as specified, device unencrypted"),
        VendorWithoutAgreement => ("vendor.no_baa", "ePHI vendor without a signed agreement"),
        // rules: cross-record consistency (see `rules::consistency`)
        GapWithoutPlan => ("safeguard.gap_without_plan", "Gap with no planned action or accepted risk"),
        GapWithoutOwner => ("safeguard.gap_without_owner", "Gap with no owner"),
        TreatmentWithoutAction => ("scenario.treatment_without_action", "Mitigate or transfer with no action"),
        MethodologyIncomplete => ("methodology.incomplete", "Methodology sources, participants or data collection blank"),
        // carried
        ScenarioNotConfirmed => ("scenario.not_confirmed", "Carried-forward scenario not confirmed"),
        // actions
        DoneActionContradicted => ("action.done_contradicted", "Done action the asset contradicts"),
        // policies and business associates, blocking (see `rules::program_policies`)
        PolicyReviewOverdue => ("policy.review_overdue", "Policy review more than 30 days overdue"),
        AgreementExpired => ("vendor.agreement_expired", "Business-associate agreement expired"),
        // access reviews, incidents and breaches, training: blocking (see `rules::access`,
        // `rules::incidents`, `rules::training`)
        AccessLeaverActive => ("access.leaver_active", "Leaver's account still active"),
        BreachUndetermined => ("breach.undetermined", "Breach assessment undetermined"),
        BreachNoticeOverdue => ("breach.notice_overdue", "Breach notification overdue"),
        BreachConclusionUnsupported => ("breach.conclusion_unsupported", "Breach conclusion the factors do not support"),
        ScenarioToRescore => ("scenario.rescore_after_incident", "Scenario an incident materialized, not scored again"),
        TrainingOverdue => ("training.overdue", "Training overdue more than 30 days"),
        // contingency tests, blocking (see `rules::contingency`)
        ContingencyTestFailedNoFollowUp => ("contingency.failed_no_follow_up", "Failed contingency test with no follow-up"),
        RoleWithoutTraining => ("training.role_without_course", "Job role owning ePHI assets with no required training"),
        AssetWithoutOwner => ("advisory.asset_without_owner", "ePHI asset without an owner"),
        AssetNotReviewed => ("advisory.asset_not_reviewed", "Asset not reviewed in 12 months"),
        EvidenceOverdue => ("advisory.evidence_overdue", "Evidence past its review date"),
        ActionOverdue => ("advisory.action_overdue", "Overdue action"),
        StandaloneActionIncomplete => (
            "advisory.standalone_action_incomplete",
            "Standalone action without an owner or a due date"
        ),
        AcceptanceStale => ("advisory.acceptance_stale", "Risk accepted more than 12 months ago"),
        // causes: what the dashboard's signals read besides the rules above
        RoleUnassigned => ("advisory.role_unassigned", "Required role not assigned"),
        KeyEvidenceMissing => ("advisory.key_evidence_missing", "No evidence of a kind auditors ask for first"),
        // rules: cross-record consistency, advisory (see `rules::consistency`)
        CoverageNoteReused => ("advisory.coverage_note_reused", "One coverage note reason for assets of different kinds"),
        CoverageNoteMisfit => ("advisory.coverage_note_misfit", "Coverage note names a threat that does not fit the asset"),
        // access reviews (see `rules::access`)
        AccessRevokedLate => ("advisory.access_revoked_late", "Leaver's access revoked after the limit"),
        AccessReviewOverdue => ("advisory.access_review_overdue", "Access review overdue"),
        // policies and business associates (see `rules::program_policies`)
        PolicyReviewDue => ("advisory.policy_review_due", "Policy review due"),
        AgreementExpiring => ("advisory.agreement_expiring", "Business-associate agreement expiring within 30 days"),
        AssuranceDue => ("advisory.assurance_due", "Business associate's written assurance missing or overdue"),
        // incidents and breaches (see `rules::incidents`)
        IncidentOpenLong => ("advisory.incident_open_long", "Incident open more than 30 days"),
        // training, advisory (see `rules::training`)
        TrainingDue => ("advisory.training_due", "Training due or overdue up to 30 days"),
        TrainedAfterAccess => ("advisory.trained_after_access", "ePHI handled before the first required training"),
        // contingency tests, advisory (see `rules::contingency`)
        ContingencyTargetMissed => ("advisory.contingency_target_missed", "Contingency test missed a recovery target"),
        CriticalAssetUntested => ("advisory.critical_asset_untested", "Critical asset with no restore test in 12 months"),
    }
}

impl Rule {
    /// Blocking rules keep the analysis a draft while a finding of theirs is open.
    pub fn is_blocking(self) -> bool {
        !matches!(
            self,
            Rule::AssetWithoutOwner
                | Rule::AssetNotReviewed
                | Rule::EvidenceOverdue
                | Rule::ActionOverdue
                | Rule::StandaloneActionIncomplete
                | Rule::AcceptanceStale
                | Rule::RoleUnassigned
                | Rule::KeyEvidenceMissing
                | Rule::CoverageNoteReused
                | Rule::CoverageNoteMisfit
                | Rule::AccessRevokedLate
                | Rule::AccessReviewOverdue
                | Rule::PolicyReviewDue
                | Rule::AgreementExpiring
                | Rule::AssuranceDue
                | Rule::IncidentOpenLong
                | Rule::TrainingDue
                | Rule::TrainedAfterAccess
                | Rule::ContingencyTargetMissed
                | Rule::CriticalAssetUntested
        )
    }

    /// Whether a written acknowledgment may resolve this rule's findings (see the module
    /// documentation for why the others never can).
    pub fn acknowledgeable(self) -> bool {
        matches!(
            self,
            Rule::CitedAsMissing | Rule::EncryptionAsSpecified | Rule::VendorWithoutAgreement
        ) || !self.is_blocking()
    }

    /// The OCR risk-analysis element this rule's findings hold back (see
    /// `readiness::ocr_elements`).
    pub fn element(self) -> Element {
        match self {
            Rule::NoEphiAssets => Element::Scope,
            Rule::AssetWithoutOwner | Rule::RoleUnassigned | Rule::KeyEvidenceMissing | Rule::MethodologyIncomplete => {
                Element::DataCollection
            }
            Rule::AssetWithoutScenario | Rule::CoverageNoteReused | Rule::CoverageNoteMisfit => Element::Threats,
            Rule::SafeguardNotReviewed
            | Rule::SafeguardNotConfirmed
            | Rule::ImplementedUnsupported
            | Rule::DecisionMismatch
            | Rule::CitedAsMissing
            | Rule::EncryptionAsSpecified
            | Rule::VendorWithoutAgreement
            | Rule::GapWithoutPlan
            | Rule::GapWithoutOwner => Element::SecurityMeasures,
            // Training is a current security measure (§164.308(a)(5)).
            Rule::TrainingDue | Rule::TrainingOverdue | Rule::RoleWithoutTraining | Rule::TrainedAfterAccess => {
                Element::SecurityMeasures
            }
            // What the inventory says is in place is a current security measure.
            Rule::DoneActionContradicted => Element::SecurityMeasures,
            Rule::ScenarioNotScored | Rule::ScenarioWithoutRationale => Element::Likelihood,
            // carried: last year's scores, not yet this year's
            Rule::ScenarioNotConfirmed => Element::Likelihood,
            Rule::ScenarioWithoutTreatment | Rule::TreatmentWithoutAction => Element::Level,
            Rule::AssetNotReviewed
            | Rule::EvidenceOverdue
            | Rule::ActionOverdue
            | Rule::StandaloneActionIncomplete
            | Rule::AcceptanceStale => Element::PeriodicReview,
            // Access that outlives a leaver is a security measure not working; a review
            // overdue is the periodic review of who has access.
            Rule::AccessLeaverActive | Rule::AccessRevokedLate => Element::SecurityMeasures,
            Rule::AccessReviewOverdue => Element::PeriodicReview,
            // Policies are reviewed periodically (§164.316(b)(2)(iii)); an agreement and its
            // assurances are current security measures (§164.308(b)(1)).
            Rule::PolicyReviewOverdue | Rule::PolicyReviewDue => Element::PeriodicReview,
            Rule::AgreementExpired | Rule::AgreementExpiring | Rule::AssuranceDue => Element::SecurityMeasures,
            // An incident is the environment changing: the analysis is reviewed with it.
            Rule::BreachUndetermined
            | Rule::BreachNoticeOverdue
            | Rule::BreachConclusionUnsupported
            | Rule::IncidentOpenLong => Element::PeriodicReview,
            Rule::ScenarioToRescore => Element::Likelihood,
            // A tested contingency plan is a current security measure (§164.308(a)(7)).
            Rule::ContingencyTestFailedNoFollowUp | Rule::ContingencyTargetMissed | Rule::CriticalAssetUntested => {
                Element::SecurityMeasures
            }
        }
    }
}

impl Rule {
    /// The dashboard signal (`readiness::readiness`) this rule's findings hold back: red
    /// while one of its blocking findings is open, amber while only advisory ones are.
    /// Exhaustive on purpose: a new rule does not compile until it says which.
    pub fn area(self) -> Area {
        match self {
            Rule::NoEphiAssets | Rule::AssetNotReviewed => Area::Inventory,
            Rule::AssetWithoutOwner
            | Rule::RoleUnassigned
            | Rule::GapWithoutOwner
            | Rule::StandaloneActionIncomplete => Area::Ownership,
            Rule::SafeguardNotReviewed
            | Rule::SafeguardNotConfirmed
            | Rule::DecisionMismatch
            | Rule::CitedAsMissing
            | Rule::EncryptionAsSpecified
            | Rule::DoneActionContradicted
            | Rule::TrainingDue
            | Rule::TrainingOverdue
            | Rule::RoleWithoutTraining
            | Rule::TrainedAfterAccess
            // A business-associate agreement is the safeguard of §164.308(b)(1).
            | Rule::VendorWithoutAgreement => Area::Controls,
            Rule::AssetWithoutScenario
            | Rule::ScenarioNotScored
            | Rule::ScenarioWithoutRationale
            | Rule::ScenarioWithoutTreatment
            | Rule::ScenarioNotConfirmed
            | Rule::GapWithoutPlan
            | Rule::TreatmentWithoutAction
            | Rule::CoverageNoteReused
            | Rule::CoverageNoteMisfit
            | Rule::ActionOverdue
            | Rule::AcceptanceStale => Area::Risk,
            // Responding to incidents and mitigating their harm is risk management.
            Rule::BreachUndetermined
            | Rule::BreachNoticeOverdue
            | Rule::BreachConclusionUnsupported
            | Rule::IncidentOpenLong
            | Rule::ScenarioToRescore => Area::Risk,
            // "Implemented" with nothing behind it is a claim no evidence backs; the
            // methodology is the record of how the analysis was done.
            Rule::ImplementedUnsupported
            | Rule::EvidenceOverdue
            | Rule::KeyEvidenceMissing
            | Rule::MethodologyIncomplete => Area::Evidence,
            // Termination and access review procedures are controls of §164.308(a)(3)-(4).
            Rule::AccessLeaverActive | Rule::AccessRevokedLate | Rule::AccessReviewOverdue => Area::Controls,
            // A policy is the documented control; a business-associate agreement is the
            // safeguard of §164.308(b)(1).
            Rule::PolicyReviewOverdue
            | Rule::PolicyReviewDue
            | Rule::AgreementExpired
            | Rule::AgreementExpiring
            | Rule::AssuranceDue => Area::Controls,
            // The contingency plan and its tests are controls of §164.308(a)(7).
            Rule::ContingencyTestFailedNoFollowUp | Rule::ContingencyTargetMissed | Rule::CriticalAssetUntested => {
                Area::Controls
            }
        }
    }

    /// The step of the analysis where this rule's findings are resolved; the dashboard's
    /// "Next:" takes the first open finding by `ANALYSIS_ORDER`. Exhaustive on purpose.
    pub fn step(self) -> Step {
        match self {
            Rule::RoleUnassigned => Step::Profile,
            Rule::NoEphiAssets | Rule::AssetWithoutOwner | Rule::AssetNotReviewed | Rule::VendorWithoutAgreement => {
                Step::Inventory
            }
            Rule::SafeguardNotReviewed
            | Rule::SafeguardNotConfirmed
            | Rule::ImplementedUnsupported
            | Rule::DecisionMismatch
            | Rule::CitedAsMissing
            | Rule::EncryptionAsSpecified
            | Rule::EvidenceOverdue
            | Rule::KeyEvidenceMissing
            | Rule::GapWithoutOwner
            | Rule::AccessLeaverActive
            | Rule::AccessRevokedLate
            | Rule::AccessReviewOverdue => Step::Safeguards,
            Rule::TrainingDue | Rule::TrainingOverdue | Rule::RoleWithoutTraining | Rule::TrainedAfterAccess => {
                Step::Safeguards
            }
            Rule::AssetWithoutScenario
            | Rule::ScenarioNotScored
            | Rule::ScenarioWithoutRationale
            | Rule::ScenarioNotConfirmed
            | Rule::CoverageNoteReused
            | Rule::CoverageNoteMisfit => Step::Scenarios,
            Rule::ScenarioWithoutTreatment
            | Rule::GapWithoutPlan
            | Rule::TreatmentWithoutAction
            | Rule::DoneActionContradicted
            | Rule::ActionOverdue
            | Rule::StandaloneActionIncomplete
            | Rule::AcceptanceStale => Step::Treatment,
            // How the analysis was done is written up last, before finalizing.
            Rule::MethodologyIncomplete => Step::Finalize,
            Rule::AgreementExpired | Rule::AgreementExpiring | Rule::AssuranceDue => Step::Inventory,
            Rule::PolicyReviewOverdue | Rule::PolicyReviewDue => Step::Safeguards,
            // Incidents are recorded between analyses; they are settled before finalizing.
            Rule::BreachUndetermined
            | Rule::BreachNoticeOverdue
            | Rule::BreachConclusionUnsupported
            | Rule::IncidentOpenLong => Step::Finalize,
            Rule::ScenarioToRescore => Step::Scenarios,
            Rule::ContingencyTestFailedNoFollowUp | Rule::ContingencyTargetMissed | Rule::CriticalAssetUntested => {
                Step::Safeguards
            }
        }
    }
}

labeled_enum! {
    /// The five readiness signals of the dashboard and the report, each computed from the
    /// open findings of its rules (`Rule::area`).
    pub enum Area {
        Inventory => ("inventory", "Inventory current"),
        Ownership => ("ownership", "Named ownership"),
        Controls => ("controls", "Documented controls"),
        Risk => ("risk", "Risk analysis and remediation"),
        Evidence => ("evidence", "Retrievable evidence"),
    }
}

labeled_enum! {
    /// The steps of an analysis, where each finding is resolved (`Rule::step`). Their
    /// order is `ANALYSIS_ORDER`, not this declaration's.
    pub enum Step {
        Profile => ("profile", "Practice profile and people"),
        Inventory => ("inventory", "Inventory"),
        Safeguards => ("safeguards", "Safeguard review"),
        Scenarios => ("scenarios", "Risk scenarios"),
        Treatment => ("treatment", "Treatment and plan"),
        Finalize => ("finalize", "Finalize"),
    }
}

/// The order an analysis is worked through: who is responsible, what handles ePHI, which
/// safeguards are in place, what could go wrong, what will be done about it, then the
/// report. "Next:" follows it, so it never sends anyone to score a scenario before the
/// safeguards it depends on are reviewed.
pub const ANALYSIS_ORDER: [Step; 6] = [
    Step::Profile,
    Step::Inventory,
    Step::Safeguards,
    Step::Scenarios,
    Step::Treatment,
    Step::Finalize,
];

impl Step {
    /// Its place in `ANALYSIS_ORDER`.
    pub fn position(self) -> usize {
        ANALYSIS_ORDER
            .iter()
            .position(|step| *step == self)
            .unwrap_or(ANALYSIS_ORDER.len())
    }
}

/// The open findings in the order of the analysis (`ANALYSIS_ORDER`), blocking ones
/// first; within a step, in the findings' own order (rule, then record). The dashboard's
/// "Next:" is the first of them.
pub fn in_analysis_order(findings: &[Finding]) -> Vec<&Finding> {
    let mut open: Vec<&Finding> = findings.iter().filter(|finding| finding.is_open()).collect();
    // A stable sort keeps the findings' own order within a step.
    open.sort_by_key(|finding| (!finding.blocking, finding.rule.step().position()));
    open
}

labeled_enum! {
    /// The nine elements OCR expects of a risk analysis (OCR's Guidance on Risk Analysis).
    pub enum Element {
        Scope => ("scope", "Scope of the analysis"),
        DataCollection => ("data_collection", "Data collection"),
        Threats => ("threats", "Threats and vulnerabilities"),
        SecurityMeasures => ("security_measures", "Current security measures"),
        Likelihood => ("likelihood", "Likelihood"),
        Impact => ("impact", "Impact"),
        Level => ("level", "Level of risk"),
        Finalize => ("finalize", "Finalize documentation"),
        PeriodicReview => ("periodic_review", "Periodic review"),
    }
}

impl Element {
    /// The rules whose open blocking findings keep the element incomplete. Scenario
    /// scores hold back likelihood, impact and level alike; every blocking rule holds
    /// back finalization.
    pub fn rules(self) -> Vec<Rule> {
        Rule::ALL
            .iter()
            .copied()
            .filter(|rule| match self {
                Element::Impact | Element::Level => {
                    rule.element() == self
                        || matches!(
                            rule,
                            Rule::ScenarioNotScored | Rule::ScenarioWithoutRationale | Rule::ScenarioNotConfirmed
                        )
                }
                Element::Finalize => rule.is_blocking(),
                _ => rule.element() == self,
            })
            .collect()
    }
}

/// A record a finding names, with what people call it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RecordRef {
    Asset {
        id: Id,
        name: String,
    },
    Vendor {
        id: Id,
        name: String,
    },
    /// A safeguard item of the catalog, by CFR citation.
    Citation {
        citation: String,
        name: String,
    },
    /// A risk scenario; its number (`#id`) is the same on every screen and page.
    Scenario {
        id: Id,
        threat: String,
    },
    Evidence {
        id: Id,
        title: String,
    },
    Action {
        id: Id,
        title: String,
    },
    /// A written policy or procedure, by title.
    Policy {
        id: Id,
        title: String,
    },
    /// A security incident, by its title.
    Incident {
        id: Id,
        title: String,
    },
    /// A contingency plan test, by its title ("Restore test of Practice server, 2026-03-10").
    ContingencyTest {
        id: Id,
        title: String,
    },
    /// A member of the workforce (training findings name them).
    Person {
        id: Id,
        name: String,
    },
}

impl RecordRef {
    /// How a message names the record: `"Billing vendor"`, `§164.312(b) Audit controls`,
    /// `scenario #4 "Ransomware"`.
    pub fn display(&self) -> String {
        match self {
            RecordRef::Asset { name, .. } => format!("\"{name}\""),
            RecordRef::Vendor { name, .. } => format!("vendor \"{name}\""),
            RecordRef::Citation { citation, name } => format!("§{citation} {name}"),
            RecordRef::Scenario { id, threat } => format!("scenario #{id} \"{threat}\""),
            RecordRef::Evidence { title, .. } => format!("evidence \"{title}\""),
            RecordRef::Action { title, .. } => format!("action \"{title}\""),
            RecordRef::Policy { title, .. } => format!("policy \"{title}\""),
            RecordRef::Incident { title, .. } => format!("incident \"{title}\""),
            // "restore test of Practice server, 2026-03-10": the kind starts the sentence's noun.
            RecordRef::ContingencyTest { title, .. } => {
                let mut chars = title.chars();
                chars
                    .next()
                    .map(|first| first.to_lowercase().chain(chars).collect())
                    .unwrap_or_default()
            }
            RecordRef::Person { name, .. } => name.clone(),
        }
    }
}

/// One thing an investigator would object to, and how to resolve it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Stable: the rule key and the subject (see the module documentation).
    pub key: String,
    pub rule: Rule,
    pub blocking: bool,
    pub records: Vec<RecordRef>,
    /// One line in plain English, naming the records and the citation.
    pub message: String,
    /// How to resolve it: the rule's own sentence, held once for all its findings (a
    /// large workspace has tens of thousands), unless a carried-forward acknowledgment
    /// adds to it.
    pub resolution: Cow<'static, str>,
    /// The acknowledgment that resolves it, if any; then it no longer blocks.
    pub acknowledgment: Option<Acknowledgment>,
}

impl Finding {
    fn new(rule: Rule, subject: String, records: Vec<RecordRef>, message: String, resolution: &'static str) -> Finding {
        Finding {
            key: format!("{}:{subject}", rule.key()),
            rule,
            blocking: rule.is_blocking(),
            records,
            message,
            resolution: Cow::Borrowed(resolution),
            acknowledgment: None,
        }
    }

    /// Open: not acknowledged. Open blocking findings keep the analysis a draft.
    pub fn is_open(&self) -> bool {
        self.acknowledgment.is_none()
    }

    pub fn blocks(&self) -> bool {
        self.blocking && self.is_open()
    }

    /// `blocking` or `advisory`, as `check` prints it.
    pub fn weight(&self) -> &'static str {
        if self.blocking { "blocking" } else { "advisory" }
    }
}

/// Findings counted the way `check`, the dashboard and the report state them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingCounts {
    /// Open blocking findings: the analysis is final only at zero.
    pub blocking: usize,
    /// Open advisory findings.
    pub advisory: usize,
    /// Findings resolved by an acknowledgment.
    pub acknowledged: usize,
}

impl FindingCounts {
    pub fn of(findings: &[Finding]) -> FindingCounts {
        let mut counts = FindingCounts::default();
        for finding in findings {
            match (finding.is_open(), finding.blocking) {
                (false, _) => counts.acknowledged += 1,
                (true, true) => counts.blocking += 1,
                (true, false) => counts.advisory += 1,
            }
        }
        counts
    }

    /// Final is possible when no blocking finding is open.
    pub fn can_finalize(self) -> bool {
        self.blocking == 0
    }

    /// One line: "3 blocking, 2 advisory, 1 acknowledged: DRAFT ..." or "... final".
    pub fn summary(self) -> String {
        let verdict = if self.can_finalize() {
            "the analysis can be finalized".to_string()
        } else {
            format!(
                "DRAFT: resolve the {} to finalize",
                if self.blocking == 1 {
                    "blocking finding"
                } else {
                    "blocking findings"
                }
            )
        };
        format!(
            "{} blocking, {} advisory, {} acknowledged: {verdict}",
            self.blocking, self.advisory, self.acknowledged
        )
    }
}

/// Every finding of the workspace's current assessment as of `today`, acknowledgments
/// attached, in a stable order: by rule (blocking rules first, `Rule::ALL` order), then by
/// the order of the records (assets and scenarios by id, safeguards in catalog order).
pub fn findings(workspace: &Workspace, catalog: &Catalog, today: NaiveDate) -> Vec<Finding> {
    let context = rules::Context::new(workspace, catalog, today);
    let mut all = Vec::new();
    for rule in Rule::ALL {
        all.extend(rules::run(*rule, &context));
    }
    for finding in &mut all {
        resolve(finding, workspace);
    }
    all
}

/// Whether a blocking finding is open: `!FindingCounts::of(&findings(..)).can_finalize()`,
/// computed by running only the blocking rules and stopping at the first open finding, for
/// the exports, which print the status but not the findings.
pub fn blocking_open(workspace: &Workspace, catalog: &Catalog, today: NaiveDate) -> bool {
    let context = rules::Context::new(workspace, catalog, today);
    Rule::ALL.iter().filter(|rule| rule.is_blocking()).any(|rule| {
        rules::run(*rule, &context).into_iter().any(|mut finding| {
            resolve(&mut finding, workspace);
            finding.blocks()
        })
    })
}

/// Attaches the acknowledgment that resolves `finding`, if its rule may be acknowledged
/// and one is written for it this year.
fn resolve(finding: &mut Finding, workspace: &Workspace) {
    if finding.rule.acknowledgeable() {
        let found = workspace.acknowledgments.iter().find(|acknowledgment| {
            acknowledgment.finding == finding.key && acknowledgment.assessment_id == workspace.assessment_id
        });
        match found {
            // Last year's acknowledgment carried forward resolves nothing until someone
            // confirms it this year: the new year cannot go final by inheritance.
            Some(acknowledgment)
                if workspace.needs_confirmation(super::CarriedEntity::Acknowledgment, acknowledgment.id) =>
            {
                finding.resolution = Cow::Owned(format!(
                    "last year's acknowledgment was carried forward: confirm it if it still holds (c on its \
                     dashboard line) or write it again; or {}",
                    finding.resolution
                ));
            }
            found => finding.acknowledgment = found.cloned(),
        }
    }
}

/// Acknowledgments that match no current finding (the data changed since, or the
/// finding changed its records): they resolve nothing, and the report says so.
pub fn stale_acknowledgments<'a>(workspace: &'a Workspace, findings: &[Finding]) -> Vec<&'a Acknowledgment> {
    workspace
        .acknowledgments
        .iter()
        // A carried-forward one waiting for confirmation is named by its finding instead.
        .filter(|acknowledgment| !workspace.needs_confirmation(super::CarriedEntity::Acknowledgment, acknowledgment.id))
        .filter(|acknowledgment| {
            !findings.iter().any(|finding| {
                finding
                    .acknowledgment
                    .as_ref()
                    .is_some_and(|used| used.id == acknowledgment.id)
            })
        })
        .collect()
}

/// Keys of rules that no longer exist, whose acknowledgments may still be stored:
/// `contradiction.ba_items_implemented`, now part of `vendor.no_baa`.
pub const RETIRED_RULE_KEYS: [&str; 1] = ["contradiction.ba_items_implemented"];

/// Why an acknowledgment cannot be saved: the finding's rule is not one that may be
/// acknowledged, or the reason or the person is missing. As (form field, message).
pub fn acknowledgment_problem(acknowledgment: &Acknowledgment) -> Option<(&'static str, String)> {
    let rule_key = acknowledgment.finding.split(':').next().unwrap_or_default();
    // A retired rule's key was written when the rule existed: it loads (a restore of an
    // older file must), matches no finding and is reported as stale.
    if !RETIRED_RULE_KEYS.contains(&rule_key) {
        let Some(rule) = Rule::from_key(rule_key) else {
            return Some((
                "finding",
                format!("\"{}\" is not the key of a finding", acknowledgment.finding),
            ));
        };
        if !rule.acknowledgeable() {
            return Some((
                "finding",
                format!(
                    "{}: \"{}\" findings cannot be acknowledged; they are resolved by doing the work",
                    acknowledgment.finding,
                    rule.label()
                ),
            ));
        }
    }
    if acknowledgment.person_id <= 0 {
        return Some(("person", format!("{}: say who acknowledges it", acknowledgment.finding)));
    }
    if acknowledgment.reason.trim().is_empty() {
        return Some(("reason", format!("{}: say why it stands", acknowledgment.finding)));
    }
    None
}

/// Why a coverage note cannot be saved, as (form field, message).
pub fn coverage_note_problem(note: &super::resolution::CoverageNote) -> Option<(&'static str, String)> {
    if note.risk_ids.is_empty() {
        return Some((
            "risk_ids",
            format!("asset {}: name the scenarios that cover it", note.asset_id),
        ));
    }
    if note.reason.trim().is_empty() {
        return Some((
            "reason",
            format!("asset {}: say why those scenarios cover it", note.asset_id),
        ));
    }
    None
}
