//! One function per rule of `Rule`. Each reads the workspace through a `Context` built
//! once (maps by id and citation), so the findings of 10,000 assets and 20,000
//! scenarios take one pass per rule, never a scan per record. Coverage, scenario and
//! review rules are here; the contradictions and the vendor agreement in
//! `contradictions`, the cross-record consistency rules (an implemented item an open
//! scenario cites, a gap with no plan or owner, a treatment with no action, the
//! methodology, coverage notes as a rubber stamp) in `consistency`, a carried-forward
//! scenario not confirmed in `carried`, the advisory rules in `advisory`, the roles and
//! key evidence the dashboard's signals read in `causes`.

mod access;
mod actions;
mod advisory;
mod carried;
mod causes;
mod consistency;
mod contingency;
mod contradictions;
mod incidents;
mod program_policies;
mod standalone;
mod training;

use std::collections::{HashMap, HashSet};

use chrono::{Months, NaiveDate};

use super::{Finding, RecordRef, Rule};
use crate::domain::catalog::{Catalog, ItemKind};
use crate::domain::model::*;
use crate::domain::review_rules::{Obligation, review_problem};
use crate::domain::{Labeled, Workspace};

/// The risk-analysis standard every coverage and scoring finding answers to.
const RISK_ANALYSIS: &str = "§164.308(a)(1)(ii)(A)";
/// The business-associate items: contracts and other arrangements.
pub(super) const BA_CITATIONS: [&str; 6] = [
    "164.308(b)(1)",
    "164.308(b)(3)",
    "164.314(a)(1)",
    "164.314(a)(2)(i)",
    "164.314(a)(2)(ii)",
    "164.314(a)(2)(iii)",
];
/// Encryption and decryption of ePHI at rest.
pub(super) const ENCRYPTION: &str = "164.312(a)(2)(iv)";
/// Devices that carry ePHI out of reach of the server room.
const ENDPOINT_KINDS: [AssetKind; 4] = [
    AssetKind::Laptop,
    AssetKind::MobileDevice,
    AssetKind::Workstation,
    AssetKind::RemovableMedia,
];

/// What the rules look up, built once per `findings` call.
pub(super) struct Context<'a> {
    workspace: &'a Workspace,
    catalog: &'a Catalog,
    today: NaiveDate,
    year_ago: NaiveDate,
    /// Assets, scenarios and evidence by id, whatever order the workspace lists them in,
    /// so findings come in the same order however they were loaded.
    assets: Vec<&'a Asset>,
    risks: Vec<&'a Risk>,
    evidence: Vec<&'a Evidence>,
    reviews: HashMap<&'a str, &'a SafeguardReview>,
    /// Assets some scenario names.
    named_assets: HashSet<Id>,
    risk_ids: HashSet<Id>,
    /// Citations some evidence record is linked to.
    evidenced: HashSet<&'a str>,
    /// The carry-forward marks of scenarios by scenario id: a scan of every mark per
    /// scenario would be quadratic at 20,000 carried scenarios.
    risk_marks: HashMap<Id, &'a crate::domain::CarriedItem>,
}

impl<'a> Context<'a> {
    pub(super) fn new(workspace: &'a Workspace, catalog: &'a Catalog, today: NaiveDate) -> Context<'a> {
        // A retired asset is out of this year's scope: it raises no findings.
        let mut assets: Vec<&Asset> = workspace.active_assets().collect();
        assets.sort_by_key(|asset| asset.id);
        let mut risks: Vec<&Risk> = workspace.risks.iter().collect();
        risks.sort_by_key(|risk| risk.id);
        let mut evidence: Vec<&Evidence> = workspace.evidence.iter().collect();
        evidence.sort_by_key(|record| record.id);
        Context {
            workspace,
            assets,
            risks,
            evidence,
            catalog,
            today,
            year_ago: today.checked_sub_months(Months::new(12)).unwrap_or(today),
            reviews: workspace
                .reviews
                .iter()
                .map(|review| (review.citation.as_str(), review))
                .collect(),
            named_assets: workspace
                .risks
                .iter()
                .flat_map(|risk| risk.asset_ids.iter().copied())
                .collect(),
            risk_ids: workspace.risks.iter().map(|risk| risk.id).collect(),
            evidenced: workspace
                .evidence
                .iter()
                .flat_map(|record| &record.links)
                .filter(|link| link.target == LinkTarget::Safeguard)
                .map(|link| link.target_ref.as_str())
                .collect(),
            risk_marks: workspace
                .carried
                .iter()
                .filter(|item| item.entity == crate::domain::CarriedEntity::Risk)
                .map(|item| (item.record_id, item))
                .collect(),
        }
    }

    fn citation(&self, citation: &str) -> RecordRef {
        RecordRef::Citation {
            citation: citation.to_string(),
            name: self
                .catalog
                .item(citation)
                .map_or_else(String::new, |item| item.name.clone()),
        }
    }

    fn in_scope(&self) -> impl Iterator<Item = &'a Asset> + '_ {
        self.assets.iter().copied().filter(|asset| asset.in_scope())
    }
}

pub(super) fn run(rule: Rule, cx: &Context<'_>) -> Vec<Finding> {
    match rule {
        Rule::NoEphiAssets => no_ephi_assets(cx),
        Rule::AssetWithoutScenario => asset_without_scenario(cx),
        Rule::ScenarioNotScored => scenario_not_scored(cx),
        Rule::ScenarioWithoutRationale => scenario_without_rationale(cx),
        Rule::ScenarioWithoutTreatment => scenario_without_treatment(cx),
        Rule::SafeguardNotReviewed => safeguard_not_reviewed(cx),
        Rule::SafeguardNotConfirmed => safeguard_not_confirmed(cx),
        Rule::ImplementedUnsupported => implemented_unsupported(cx),
        Rule::DecisionMismatch => decision_mismatch(cx),
        Rule::CitedAsMissing => consistency::cited_as_missing(cx),
        Rule::EncryptionAsSpecified => contradictions::encryption_as_specified(cx),
        Rule::VendorWithoutAgreement => contradictions::vendor_without_agreement(cx),
        Rule::GapWithoutPlan => consistency::gap_without_plan(cx),
        Rule::GapWithoutOwner => consistency::gap_without_owner(cx),
        Rule::TreatmentWithoutAction => consistency::treatment_without_action(cx),
        Rule::MethodologyIncomplete => consistency::methodology_incomplete(cx),
        // carried
        Rule::ScenarioNotConfirmed => carried::scenario_not_confirmed(cx),
        Rule::DoneActionContradicted => actions::done_action_contradicted(cx),
        Rule::AssetWithoutOwner => advisory::asset_without_owner(cx),
        Rule::AssetNotReviewed => advisory::asset_not_reviewed(cx),
        Rule::EvidenceOverdue => advisory::evidence_overdue(cx),
        Rule::ActionOverdue => advisory::action_overdue(cx),
        Rule::StandaloneActionIncomplete => standalone::standalone_action_incomplete(cx),
        Rule::AcceptanceStale => advisory::acceptance_stale(cx),
        Rule::RoleUnassigned => causes::role_unassigned(cx),
        Rule::KeyEvidenceMissing => causes::key_evidence_missing(cx),
        Rule::CoverageNoteReused => consistency::coverage_note_reused(cx),
        Rule::CoverageNoteMisfit => consistency::coverage_note_misfit(cx),
        Rule::AccessLeaverActive => access::leaver_still_active(cx),
        Rule::AccessRevokedLate => access::revoked_late(cx),
        Rule::AccessReviewOverdue => access::review_overdue(cx),
        Rule::PolicyReviewOverdue => program_policies::policy_review_overdue(cx),
        Rule::PolicyReviewDue => program_policies::policy_review_due(cx),
        Rule::AgreementExpired => program_policies::agreement_expired(cx),
        Rule::AgreementExpiring => program_policies::agreement_expiring(cx),
        Rule::AssuranceDue => program_policies::assurance_due(cx),
        Rule::BreachUndetermined => incidents::breach_undetermined(cx),
        Rule::BreachNoticeOverdue => incidents::breach_notice_overdue(cx),
        Rule::BreachConclusionUnsupported => incidents::breach_conclusion_unsupported(cx),
        Rule::IncidentOpenLong => incidents::incident_open_long(cx),
        Rule::ScenarioToRescore => incidents::scenario_to_rescore(cx),
        Rule::TrainingDue => training::training_due(cx),
        Rule::TrainingOverdue => training::training_overdue(cx),
        Rule::RoleWithoutTraining => training::role_without_training(cx),
        Rule::TrainedAfterAccess => training::trained_after_access(cx),
        Rule::ContingencyTestFailedNoFollowUp => contingency::test_failed_without_follow_up(cx),
        Rule::ContingencyTargetMissed => contingency::test_missed_target(cx),
        Rule::CriticalAssetUntested => contingency::critical_asset_untested(cx),
    }
}

fn asset_ref(asset: &Asset) -> RecordRef {
    if asset.kind == AssetKind::Vendor || asset.vendor().is_some() {
        RecordRef::Vendor {
            id: asset.id,
            name: asset.name.clone(),
        }
    } else {
        RecordRef::Asset {
            id: asset.id,
            name: asset.name.clone(),
        }
    }
}

fn scenario_ref(risk: &Risk) -> RecordRef {
    RecordRef::Scenario {
        id: risk.id,
        threat: risk.threat.clone(),
    }
}

/// Names joined for a message: `"A", "B" and "C"`.
fn names(records: &[RecordRef]) -> String {
    let shown: Vec<String> = records.iter().map(RecordRef::display).collect();
    match shown.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}

/// Ids joined for a key: `3,7,9`.
fn ids(ids: impl Iterator<Item = Id>) -> String {
    ids.map(|id| id.to_string()).collect::<Vec<_>>().join(",")
}

/// A vendor handling ePHI with no signed agreement (pending, none, or never recorded).
pub(super) fn lacks_agreement(asset: &Asset) -> bool {
    asset.in_scope()
        && match &asset.vendor() {
            Some(vendor) => matches!(vendor.baa_status, BaaStatus::Pending | BaaStatus::None),
            None => asset.kind == AssetKind::Vendor,
        }
}

fn no_ephi_assets(cx: &Context<'_>) -> Vec<Finding> {
    if cx.in_scope().next().is_some() {
        return Vec::new();
    }
    vec![Finding::new(
        Rule::NoEphiAssets,
        "inventory".to_string(),
        Vec::new(),
        format!(
            "The inventory names no asset that creates, receives, maintains or transmits ePHI: \
             the analysis has no scope ({RISK_ANALYSIS})"
        ),
        "add the systems, devices, vendors and workflows that handle ePHI, with their ePHI actions",
    )]
}

fn asset_without_scenario(cx: &Context<'_>) -> Vec<Finding> {
    let notes: HashMap<Id, &crate::domain::CoverageNote> = cx
        .workspace
        .coverage_notes
        .iter()
        .map(|note| (note.asset_id, note))
        .collect();
    cx.in_scope()
        .filter(|asset| !cx.named_assets.contains(&asset.id))
        .filter_map(|asset| {
            let note = notes.get(&asset.id);
            // Last year's note carried forward covers nothing until someone confirms it.
            let carried = cx
                .workspace
                .needs_confirmation(crate::domain::CarriedEntity::CoverageNote, asset.id);
            let covered = !carried
                && note.is_some_and(|note| {
                    !note.reason.trim().is_empty() && note.risk_ids.iter().any(|id| cx.risk_ids.contains(id))
                });
            if covered {
                return None;
            }
            let why = match note {
                Some(_) if carried => " and its coverage note, carried forward from last year, is not yet confirmed",
                Some(_) => " and its coverage note names no existing scenario or gives no reason",
                None => "",
            };
            let record = asset_ref(asset);
            Some(Finding::new(
                Rule::AssetWithoutScenario,
                format!("asset:{}", asset.id),
                vec![record.clone()],
                format!(
                    "{} handles ePHI but no scenario names it{why}: the analysis must cover every ePHI asset \
                     ({RISK_ANALYSIS})",
                    record.display()
                ),
                "add a scenario that names it, or write a coverage note saying which scenarios cover it and why",
            ))
        })
        .collect()
}

fn scenario_not_scored(cx: &Context<'_>) -> Vec<Finding> {
    let matrix = cx.workspace.matrix();
    cx.risks
        .iter()
        .copied()
        .filter(|risk| matrix.is_none_or(|matrix| risk.level(matrix).is_none()))
        .map(|risk| {
            let missing = match (risk.likelihood, risk.impact) {
                (None, None) => "likelihood or impact",
                (None, Some(_)) => "likelihood",
                (Some(_), None) => "impact",
                (Some(_), Some(_)) => "level on the assessment's matrix",
            };
            let record = scenario_ref(risk);
            // Library text is a suggestion: the report must not read it as this practice's fact.
            let (unconfirmed, resolve) = if risk.vulnerability_unconfirmed() {
                (
                    ", and the threat library's suggested vulnerability is not confirmed",
                    "confirm or rewrite its vulnerability, then score its likelihood and impact, each with a \
                     written rationale",
                )
            } else {
                ("", "score its likelihood and impact, each with a written rationale")
            };
            Finding::new(
                Rule::ScenarioNotScored,
                format!("scenario:{}", risk.id),
                vec![record.clone()],
                format!(
                    "{} has no {missing}{unconfirmed}: every risk needs a level ({RISK_ANALYSIS})",
                    capitalised(&record.display())
                ),
                resolve,
            )
        })
        .collect()
}

fn scenario_without_rationale(cx: &Context<'_>) -> Vec<Finding> {
    cx.risks
        .iter()
        .copied()
        .filter(|risk| risk.is_scored() && !risk.has_rationale())
        .map(|risk| {
            let missing = match (
                risk.likelihood_rationale.trim().is_empty(),
                risk.impact_rationale.trim().is_empty(),
            ) {
                (true, true) => "likelihood or its impact",
                (true, false) => "likelihood",
                _ => "impact",
            };
            let record = scenario_ref(risk);
            Finding::new(
                Rule::ScenarioWithoutRationale,
                format!("scenario:{}", risk.id),
                vec![record.clone()],
                format!(
                    "{} is scored with no written rationale for its {missing}: a score must be explained \
                     ({RISK_ANALYSIS})",
                    capitalised(&record.display())
                ),
                "write why the likelihood and the impact are what they are",
            )
        })
        .collect()
}

fn scenario_without_treatment(cx: &Context<'_>) -> Vec<Finding> {
    let matrix = cx.workspace.matrix();
    cx.risks
        .iter()
        .copied()
        .filter(|risk| risk.treatment == Treatment::Undecided)
        .map(|risk| {
            let level = matrix
                .and_then(|matrix| matrix.results.label(risk.level(matrix)?))
                .map_or_else(String::new, |label| format!(" ({label})"));
            let record = scenario_ref(risk);
            Finding::new(
                Rule::ScenarioWithoutTreatment,
                format!("scenario:{}", risk.id),
                vec![record.clone()],
                format!(
                    "{}{level} has no treatment decision: every risk needs one (§164.308(a)(1)(ii)(B))",
                    capitalised(&record.display())
                ),
                "decide to mitigate or transfer it (with an action), accept it (who, when, why) or avoid it",
            )
        })
        .collect()
}

fn safeguard_not_reviewed(cx: &Context<'_>) -> Vec<Finding> {
    cx.catalog
        .items
        .iter()
        .filter(|item| {
            cx.reviews
                .get(item.citation.as_str())
                .is_none_or(|review| review.status == ReviewStatus::NotReviewed)
        })
        .map(|item| {
            let record = cx.citation(&item.citation);
            Finding::new(
                Rule::SafeguardNotReviewed,
                format!("safeguard:{}", item.citation),
                vec![record.clone()],
                format!(
                    "{} is not reviewed: the analysis must assess the current security measures ({RISK_ANALYSIS})",
                    record.display()
                ),
                "review it: its status, the measure in place and its evidence",
            )
        })
        .collect()
}

fn safeguard_not_confirmed(cx: &Context<'_>) -> Vec<Finding> {
    let Some(assessment) = cx
        .workspace
        .assessment()
        .filter(|assessment| assessment.carried_from.is_some())
    else {
        return Vec::new();
    };
    // `assessment next` marks what it carried until someone confirms it: with marks, they
    // decide (a confirmed review keeps last year's date). An assessment carried forward
    // without marks falls back on the review date.
    let marked = !cx.workspace.carried.is_empty();
    catalog_reviews(cx)
        .filter(|review| review.status != ReviewStatus::NotReviewed)
        .filter(|review| {
            if marked {
                cx.workspace
                    .needs_confirmation(crate::domain::CarriedEntity::Review, review.id)
            } else {
                review.reviewed_on.is_none_or(|on| on < assessment.period_start)
            }
        })
        .map(|review| {
            let record = cx.citation(&review.citation);
            let when = review
                .reviewed_on
                .map_or_else(String::new, |on| format!(" (reviewed {on})"));
            Finding::new(
                Rule::SafeguardNotConfirmed,
                format!("safeguard:{}", review.citation),
                vec![record.clone()],
                format!(
                    "{} was carried forward from the last assessment{when} and is not yet confirmed for this \
                     period (§164.316(b)(2)(iii))",
                    record.display()
                ),
                "review it again this period and save it (with today's date) to confirm it",
            )
        })
        .collect()
}

/// The reviews of catalog items, in catalog order.
fn catalog_reviews<'a>(cx: &'a Context<'a>) -> impl Iterator<Item = &'a SafeguardReview> + 'a {
    cx.catalog
        .items
        .iter()
        .filter_map(|item| cx.reviews.get(item.citation.as_str()).copied())
}

fn implemented_unsupported(cx: &Context<'_>) -> Vec<Finding> {
    catalog_reviews(cx)
        .filter(|review| review.status == ReviewStatus::Implemented)
        .filter(|review| review.measure.trim().is_empty())
        .filter(|review| {
            // An equivalent alternative is described by its decision text.
            review.decision != Some(AddressableDecision::Alternative) || review.decision_text.trim().is_empty()
        })
        .filter(|review| !cx.evidenced.contains(review.citation.as_str()))
        .map(|review| {
            let record = cx.citation(&review.citation);
            Finding::new(
                Rule::ImplementedUnsupported,
                format!("safeguard:{}", review.citation),
                vec![record.clone()],
                format!(
                    "{} is marked implemented with neither a description of the measure nor linked evidence: \
                     \"implemented\" alone is an assertion (§164.316(b)(1))",
                    record.display()
                ),
                "describe the measure in place, or link the evidence that shows it",
            )
        })
        .collect()
}

fn decision_mismatch(cx: &Context<'_>) -> Vec<Finding> {
    catalog_reviews(cx)
        .filter_map(|review| {
            let item = cx.catalog.item(&review.citation)?;
            let obligation = match item.kind {
                ItemKind::Addressable => Obligation::Addressable,
                _ => Obligation::Required,
            };
            let (_, problem) = review_problem(obligation, review)?;
            let record = cx.citation(&review.citation);
            Some(Finding::new(
                Rule::DecisionMismatch,
                format!("safeguard:{}", review.citation),
                vec![record],
                format!("{problem} (§164.306(d)(3))"),
                "change the status or the decision so they fit, with the measure or the reason",
            ))
        })
        .collect()
}

/// The first letter upper case, for a message that starts with a record's name.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
