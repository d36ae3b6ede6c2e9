//! One test per rule: a workspace that triggers it and one that does not, plus the
//! resolutions (coverage notes, acknowledgments) and the order.

mod access;
mod actions;
mod advisory;
mod carried;
mod causes;
mod consistency;
mod contingency;
mod program_policies;
mod standalone;
mod training;

use chrono::NaiveDate;

use super::*;
use crate::catalog::Catalog;
use crate::domain::model::*;
use crate::domain::{CoverageNote, Labeled};

const TODAY: (i32, u32, u32) = (2026, 6, 15);

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(TODAY.0, TODAY.1, TODAY.2).unwrap()
}

fn on(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap()
}

fn catalog() -> &'static Catalog {
    Catalog::embedded()
}

fn asset(id: Id, name: &str, kind: AssetKind) -> Asset {
    Asset {
        id,
        assessment_id: 1,
        name: name.to_string(),
        kind,
        description: String::new(),
        location: "Front office".into(),
        owner_id: Some(1),
        ephi: EphiActions::ALL,
        record_count: None,
        criticality: Criticality::High,
        encrypted_at_rest: Encryption::Yes,
        last_reviewed: Some(today()),
        ..Asset::default()
    }
}

fn vendor(id: Id, name: &str, status: BaaStatus) -> Asset {
    Asset {
        vendor_services: "Billing".into(),
        baa_status: Some(status),
        ..asset(id, name, AssetKind::Vendor)
    }
}

/// A scenario done right: scored with rationale, avoided, naming `assets`.
fn scenario(id: Id, assets: &[Id]) -> Risk {
    Risk {
        id,
        asset_ids: assets.to_vec(),
        likelihood: Some(2),
        impact: Some(2),
        likelihood_rationale: "Phishing reaches staff monthly".into(),
        impact_rationale: "All charts on one server".into(),
        treatment: Treatment::Avoid,
        ..Risk::unscored(1, format!("Threat {id}"), ThreatSource::Adversarial)
    }
}

fn review(citation: &str, status: ReviewStatus) -> SafeguardReview {
    SafeguardReview {
        status,
        reviewed_on: Some(today()),
        measure: "Described".into(),
        ..SafeguardReview::not_reviewed(1, citation)
    }
}

/// Every catalog item reviewed as implemented with a measure (addressable ones "as
/// specified"), so only what a test adds can fire.
fn all_reviewed() -> Vec<SafeguardReview> {
    catalog()
        .items
        .iter()
        .map(|item| SafeguardReview {
            decision: (item.kind == crate::catalog::ItemKind::Addressable).then_some(AddressableDecision::AsSpecified),
            ..review(&item.citation, ReviewStatus::Implemented)
        })
        .collect()
}

/// A workspace with no finding: one asset covered by one good scenario, every item
/// reviewed.
fn clean() -> Workspace {
    let mut assessment = Assessment::for_year_of(today(), "Tester", catalog().matrix("nist-800-30").unwrap().clone());
    assessment.id = 1;
    assessment.methodology = crate::domain::Methodology {
        information_sources: "Interviews and the EHR's reports".into(),
        participants: "Sam, practice manager".into(),
        data_collection: "Walk-through and questionnaire".into(),
        ..Default::default()
    };
    Workspace {
        practice: Practice::named("Test"),
        people: vec![Person {
            id: 1,
            name: "Sam".into(),
            ..Default::default()
        }],
        roles: Role::REQUIRED
            .iter()
            .enumerate()
            .map(|(index, role)| RoleAssignment {
                id: index as Id + 1,
                person_id: 1,
                role: *role,
                custom_label: String::new(),
            })
            .collect(),
        assessments: vec![assessment],
        assessment_id: 1,
        assets: vec![asset(10, "EHR server", AssetKind::System)],
        reviews: all_reviewed(),
        risks: vec![scenario(1, &[10])],
        evidence: key_evidence(),
        // The critical server's yearly restore test, so no contingency finding is open.
        contingency_tests: vec![crate::domain::contingency::ContingencyTest {
            id: 1,
            tested_on: Some(today()),
            systems: "EHR server".into(),
            result: Some(crate::domain::contingency::TestResult::Pass),
            ..Default::default()
        }],
        ..Workspace::default()
    }
}

/// One record of each kind an auditor asks for first, with no review cycle.
fn key_evidence() -> Vec<Evidence> {
    [
        EvidenceKind::TrainingLog,
        EvidenceKind::Policy,
        EvidenceKind::AccessReview,
        EvidenceKind::IncidentRecord,
    ]
    .into_iter()
    .enumerate()
    .map(|(index, kind)| Evidence {
        id: index as Id + 101,
        title: kind.label().to_string(),
        kind,
        dated: Some(today()),
        location: "Office binder".into(),
        ..Default::default()
    })
    .collect()
}

fn all(workspace: &Workspace) -> Vec<Finding> {
    findings(workspace, catalog(), today())
}

fn of(workspace: &Workspace, rule: Rule) -> Vec<Finding> {
    all(workspace)
        .into_iter()
        .filter(|finding| finding.rule == rule)
        .collect()
}

fn set_review(workspace: &mut Workspace, citation: &str, change: impl FnOnce(&mut SafeguardReview)) {
    let review = workspace
        .reviews
        .iter_mut()
        .find(|review| review.citation == citation)
        .unwrap();
    change(review);
}

#[test]
fn a_clean_workspace_has_no_finding_and_can_be_finalized() {
    let found = all(&clean());
    assert_eq!(found, Vec::new(), "{found:#?}");
    assert!(FindingCounts::of(&found).can_finalize());
}

#[test]
fn scope_no_ephi_assets() {
    let mut workspace = clean();
    workspace.assets[0].ephi = EphiActions::default();
    let found = of(&workspace, Rule::NoEphiAssets);
    assert_eq!(found.len(), 1);
    assert!(found[0].blocking && !found[0].rule.acknowledgeable());
    assert!(of(&clean(), Rule::NoEphiAssets).is_empty());
}

#[test]
fn coverage_asset_without_scenario_names_the_asset_until_a_scenario_or_a_note_covers_it() {
    let mut workspace = clean();
    workspace.assets.push(vendor(11, "Billing Co", BaaStatus::Signed));
    workspace.assets.push(Asset {
        ephi: EphiActions::default(),
        ..asset(12, "Out of scope printer", AssetKind::System)
    });
    let found = of(&workspace, Rule::AssetWithoutScenario);
    assert_eq!(found.len(), 1, "only the in-scope asset: {found:#?}");
    assert_eq!(found[0].key, "coverage.asset_without_scenario:asset:11");
    assert!(
        found[0]
            .message
            .starts_with("vendor \"Billing Co\" handles ePHI but no scenario names it")
    );
    assert!(found[0].message.contains("§164.308(a)(1)(ii)(A)"));
    assert_eq!(
        found[0].records,
        [RecordRef::Vendor {
            id: 11,
            name: "Billing Co".into()
        }]
    );
    // A note naming no existing scenario does not cover it, and says so.
    workspace.coverage_notes.push(CoverageNote {
        asset_id: 11,
        risk_ids: vec![99],
        reason: "Covered by the portal scenario".into(),
    });
    let found = of(&workspace, Rule::AssetWithoutScenario);
    assert!(
        found[0]
            .message
            .contains("its coverage note names no existing scenario"),
        "{}",
        found[0].message
    );
    workspace.coverage_notes[0].risk_ids = vec![1];
    assert!(of(&workspace, Rule::AssetWithoutScenario).is_empty());
    // A scenario naming it covers it without a note.
    workspace.coverage_notes.clear();
    workspace.risks[0].asset_ids.push(11);
    assert!(of(&workspace, Rule::AssetWithoutScenario).is_empty());
}

#[test]
fn scenario_not_scored() {
    let mut workspace = clean();
    workspace.risks[0].impact = None;
    let found = of(&workspace, Rule::ScenarioNotScored);
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].message,
        "Scenario #1 \"Threat 1\" has no impact: every risk needs a level (§164.308(a)(1)(ii)(A))"
    );
    assert!(of(&clean(), Rule::ScenarioNotScored).is_empty());
}

#[test]
fn a_library_scenario_not_scored_says_its_suggested_vulnerability_is_unconfirmed() {
    let mut workspace = clean();
    workspace.risks[0].threat_key = Some("ransomware".into());
    workspace.risks[0].vulnerability = String::new();
    workspace.risks[0].likelihood = None;
    workspace.risks[0].impact = None;
    let found = of(&workspace, Rule::ScenarioNotScored);
    assert_eq!(
        found[0].message,
        "Scenario #1 \"Threat 1\" has no likelihood or impact, and the threat library's suggested \
         vulnerability is not confirmed: every risk needs a level (§164.308(a)(1)(ii)(A))"
    );
    assert!(found[0].resolution.starts_with("confirm or rewrite its vulnerability"));
    // Confirmed (any text of its own), the finding is only about the score.
    workspace.risks[0].vulnerability = "NAS reachable from every workstation".into();
    let found = of(&workspace, Rule::ScenarioNotScored);
    assert!(!found[0].message.contains("library"), "{}", found[0].message);
}

#[test]
fn scenario_without_rationale() {
    let mut workspace = clean();
    workspace.risks[0].impact_rationale = "  ".into();
    let found = of(&workspace, Rule::ScenarioWithoutRationale);
    assert_eq!(found.len(), 1);
    assert!(
        found[0].message.contains("rationale for its impact"),
        "{}",
        found[0].message
    );
    // An unscored scenario is reported as not scored, not as missing a rationale.
    workspace.risks[0].likelihood = None;
    assert!(of(&workspace, Rule::ScenarioWithoutRationale).is_empty());
    assert!(of(&clean(), Rule::ScenarioWithoutRationale).is_empty());
}

#[test]
fn scenario_without_treatment_at_any_level() {
    let mut workspace = clean();
    workspace.risks[0].likelihood = Some(0);
    workspace.risks[0].impact = Some(0);
    workspace.risks[0].treatment = Treatment::Undecided;
    let found = of(&workspace, Rule::ScenarioWithoutTreatment);
    assert_eq!(found.len(), 1);
    assert!(
        found[0].message.contains("(Very Low) has no treatment decision"),
        "{}",
        found[0].message
    );
    assert!(of(&clean(), Rule::ScenarioWithoutTreatment).is_empty());
}

#[test]
fn safeguard_not_reviewed_covers_every_catalog_item() {
    let mut workspace = clean();
    workspace.reviews.clear();
    assert_eq!(of(&workspace, Rule::SafeguardNotReviewed).len(), catalog().items.len());
    let mut workspace = clean();
    set_review(&mut workspace, "164.312(b)", |review| {
        review.status = ReviewStatus::NotReviewed
    });
    let found = of(&workspace, Rule::SafeguardNotReviewed);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].key, "safeguard.not_reviewed:safeguard:164.312(b)");
    assert!(
        found[0]
            .message
            .starts_with("§164.312(b) Audit controls is not reviewed"),
        "{}",
        found[0].message
    );
}

#[test]
fn safeguard_carried_forward_and_not_confirmed() {
    let mut workspace = clean();
    workspace.assessments[0].carried_from = Some(9);
    let start = workspace.assessments[0].period_start;
    set_review(&mut workspace, "164.312(b)", |review| {
        review.reviewed_on = start.checked_sub_days(chrono::Days::new(30));
    });
    let found = of(&workspace, Rule::SafeguardNotConfirmed);
    assert_eq!(found.len(), 1);
    assert!(found[0].message.contains("carried forward"), "{}", found[0].message);
    assert!(!found[0].rule.acknowledgeable());
    // The same old date in an assessment that was not carried forward is no finding.
    workspace.assessments[0].carried_from = None;
    assert!(of(&workspace, Rule::SafeguardNotConfirmed).is_empty());
}

#[test]
fn safeguard_carried_forward_follows_the_carry_forward_marks() {
    use crate::domain::{CarriedEntity, CarriedItem};
    let mut workspace = clean();
    workspace.assessments[0].carried_from = Some(9);
    let start = workspace.assessments[0].period_start;
    // Both reviews dated last year; only the one still marked is a finding.
    let ids = [501, 502];
    for (citation, id) in ["164.312(b)", "164.312(a)(1)"].into_iter().zip(ids) {
        set_review(&mut workspace, citation, |review| {
            review.id = id;
            review.reviewed_on = start.checked_sub_days(chrono::Days::new(30));
        });
    }
    let mark = |record_id, confirmed| CarriedItem {
        entity: CarriedEntity::Review,
        record_id,
        previous_id: 100 + record_id,
        previous_likelihood: None,
        previous_impact: None,
        confirmed,
    };
    workspace.carried = vec![mark(ids[0], false), mark(ids[1], true)];
    let found = of(&workspace, Rule::SafeguardNotConfirmed);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].key, "safeguard.not_confirmed:safeguard:164.312(b)");
    // Confirmed (the mark cleared, the date unchanged): no finding left.
    workspace.carried[0].confirmed = true;
    assert!(of(&workspace, Rule::SafeguardNotConfirmed).is_empty());
}

#[test]
fn implemented_needs_a_measure_or_evidence() {
    let mut workspace = clean();
    set_review(&mut workspace, "164.312(b)", |review| review.measure.clear());
    let found = of(&workspace, Rule::ImplementedUnsupported);
    assert_eq!(found.len(), 1);
    assert!(
        found[0]
            .message
            .contains("neither a description of the measure nor linked evidence")
    );
    workspace.evidence.push(Evidence {
        id: 1,
        title: "Audit log export".into(),
        kind: EvidenceKind::Other,
        dated: Some(today()),
        links: vec![EvidenceLink {
            target: LinkTarget::Safeguard,
            target_ref: "164.312(b)".into(),
        }],
        ..Default::default()
    });
    assert!(of(&workspace, Rule::ImplementedUnsupported).is_empty());
}

#[test]
fn a_decision_that_does_not_fit_its_status_is_a_finding_for_old_data() {
    let mut workspace = clean();
    set_review(&mut workspace, "164.312(a)(2)(iv)", |review| {
        review.status = ReviewStatus::Partial
    });
    let found = of(&workspace, Rule::DecisionMismatch);
    assert_eq!(found.len(), 1);
    assert!(
        found[0].message.contains("does not fit the status"),
        "{}",
        found[0].message
    );
    assert!(of(&clean(), Rule::DecisionMismatch).is_empty());
}

#[test]
fn contradiction_an_implemented_item_cited_by_an_undecided_scenario() {
    let mut workspace = clean();
    workspace.risks[0].citations = vec!["164.308(a)(5)(ii)(A)".into()];
    workspace.risks[0].treatment = Treatment::Undecided;
    let found = of(&workspace, Rule::CitedAsMissing);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        found[0].key,
        "contradiction.cited_as_missing:safeguard:164.308(a)(5)(ii)(A):scenario:1"
    );
    assert!(
        found[0]
            .message
            .contains("but scenario #1 \"Threat 1\", still undecided, cites it"),
        "{}",
        found[0].message
    );
    assert!(found[0].rule.acknowledgeable());
    // Decided (here avoided): the scenario has answered its weakness, no contradiction.
    workspace.risks[0].treatment = Treatment::Avoid;
    assert!(of(&workspace, Rule::CitedAsMissing).is_empty());
    workspace.risks[0].treatment = Treatment::Undecided;
    // The item reviewed as partial: no contradiction.
    set_review(&mut workspace, "164.308(a)(5)(ii)(A)", |review| {
        review.status = ReviewStatus::Partial;
        review.decision = Some(AddressableDecision::Alternative);
        review.decision_text = "Yearly talk".into();
    });
    assert!(of(&workspace, Rule::CitedAsMissing).is_empty());
}

#[test]
fn contradiction_encryption_as_specified_with_an_unencrypted_or_unknown_device() {
    let mut workspace = clean();
    workspace.assets.push(Asset {
        encrypted_at_rest: Encryption::Unknown,
        ..asset(11, "Dr. Lee's laptop", AssetKind::Laptop)
    });
    workspace.assets.push(Asset {
        encrypted_at_rest: Encryption::No,
        ..asset(12, "Front desk phone", AssetKind::MobileDevice)
    });
    workspace.assets.push(Asset {
        encrypted_at_rest: Encryption::No,
        ..asset(13, "Fax server", AssetKind::System)
    });
    workspace.risks[0].asset_ids.extend([11, 12, 13]);
    let found = of(&workspace, Rule::EncryptionAsSpecified);
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].key,
        "contradiction.encryption_as_specified:safeguard:164.312(a)(2)(iv):assets:11,12"
    );
    assert!(
        found[0]
            .message
            .contains("\"Dr. Lee's laptop\" and \"Front desk phone\" maintain ePHI and are not known to be encrypted"),
        "{}",
        found[0].message
    );
    // An equivalent alternative is no contradiction.
    set_review(&mut workspace, "164.312(a)(2)(iv)", |review| {
        review.decision = Some(AddressableDecision::Alternative);
        review.decision_text = "Laptops never leave the locked office".into();
    });
    assert!(of(&workspace, Rule::EncryptionAsSpecified).is_empty());
}

#[test]
fn vendor_without_a_signed_agreement_is_blocking_and_may_be_acknowledged() {
    let mut workspace = clean();
    workspace.assets.push(vendor(11, "Billing Co", BaaStatus::None));
    workspace
        .assets
        .push(vendor(12, "Shredding Co", BaaStatus::NotRequired));
    workspace.assets.push(asset(13, "IT support", AssetKind::Vendor));
    workspace.risks[0].asset_ids.extend([11, 12, 13]);
    let found = of(&workspace, Rule::VendorWithoutAgreement);
    let keys: Vec<&str> = found.iter().map(|finding| finding.key.as_str()).collect();
    assert_eq!(keys, ["vendor.no_baa:asset:11", "vendor.no_baa:asset:13"]);
    assert!(
        found[1].message.contains("(agreement: not recorded)"),
        "{}",
        found[1].message
    );
    assert!(found[0].blocks());
    workspace.acknowledgments.push(Acknowledgment {
        id: 1,
        assessment_id: 1,
        finding: "vendor.no_baa:asset:11".into(),
        person_id: 1,
        acknowledged_on: today(),
        reason: "Agreement in legal review; no data shared until signed".into(),
    });
    let found = of(&workspace, Rule::VendorWithoutAgreement);
    assert!(!found[0].blocks() && found[0].acknowledgment.is_some());
    assert!(found[1].blocks());
}

#[test]
fn findings_come_in_a_stable_order_blocking_rules_first() {
    let mut workspace = clean();
    workspace.assets.push(vendor(11, "Billing Co", BaaStatus::None));
    workspace.assets.push(asset(12, "Laptop", AssetKind::Laptop));
    workspace.assets[0].owner_id = None;
    workspace
        .risks
        .push(Risk::unscored(1, "Fire", ThreatSource::Environmental));
    let first = all(&workspace);
    let rules: Vec<Rule> = first.iter().map(|finding| finding.rule).collect();
    let mut sorted = rules.clone();
    sorted.sort_by_key(|rule| Rule::ALL.iter().position(|each| each == rule));
    assert_eq!(rules, sorted);
    let blocking_done = first.iter().position(|finding| !finding.blocking).unwrap();
    assert!(first[blocking_done..].iter().all(|finding| !finding.blocking));
    workspace.assets.reverse();
    let again = all(&workspace);
    let keys = |found: &[Finding]| found.iter().map(|finding| finding.key.clone()).collect::<Vec<_>>();
    assert_eq!(keys(&again), keys(&first));
}

#[test]
fn only_the_documented_rules_may_be_acknowledged() {
    let acknowledgeable: Vec<&str> = Rule::ALL
        .iter()
        .filter(|rule| rule.acknowledgeable())
        .map(|rule| rule.key())
        .collect();
    assert_eq!(
        acknowledgeable,
        [
            "contradiction.cited_as_missing",
            "contradiction.encryption_as_specified",
            "vendor.no_baa",
            "advisory.asset_without_owner",
            "advisory.asset_not_reviewed",
            "advisory.evidence_overdue",
            "advisory.action_overdue",
            "advisory.standalone_action_incomplete",
            "advisory.acceptance_stale",
            "advisory.role_unassigned",
            "advisory.key_evidence_missing",
            "advisory.coverage_note_reused",
            "advisory.coverage_note_misfit",
            "advisory.access_revoked_late",
            "advisory.access_review_overdue",
            "advisory.policy_review_due",
            "advisory.agreement_expiring",
            "advisory.assurance_due",
            // An incident left open may have a reason the data cannot show (a police
            // inquiry still running); the breach rules are missing work, never acknowledged.
            "advisory.incident_open_long",
            "advisory.training_due",
            "advisory.trained_after_access",
            "advisory.contingency_target_missed",
            "advisory.critical_asset_untested",
        ]
    );
    let mut acknowledgment = Acknowledgment {
        id: 0,
        assessment_id: 1,
        finding: "safeguard.not_reviewed:safeguard:164.312(b)".into(),
        person_id: 1,
        acknowledged_on: today(),
        reason: "Later".into(),
    };
    let (field, message) = acknowledgment_problem(&acknowledgment).unwrap();
    assert_eq!(field, "finding");
    assert!(message.contains("cannot be acknowledged"), "{message}");
    acknowledgment.finding = "vendor.no_baa:asset:3".into();
    assert_eq!(acknowledgment_problem(&acknowledgment), None);
    acknowledgment.reason = " ".into();
    assert_eq!(acknowledgment_problem(&acknowledgment).unwrap().0, "reason");
}

#[test]
fn an_acknowledgment_of_a_changed_finding_is_stale_and_resolves_nothing() {
    let mut workspace = clean();
    workspace.assets.push(Asset {
        encrypted_at_rest: Encryption::Unknown,
        ..asset(11, "Dr. Lee's laptop", AssetKind::Laptop)
    });
    workspace.risks[0].asset_ids.push(11);
    workspace.acknowledgments.push(Acknowledgment {
        id: 7,
        assessment_id: 1,
        finding: "contradiction.encryption_as_specified:safeguard:164.312(a)(2)(iv):assets:11".into(),
        person_id: 1,
        acknowledged_on: today(),
        reason: "Encrypted last week; the inventory is updated at month end".into(),
    });
    let found = all(&workspace);
    assert!(stale_acknowledgments(&workspace, &found).is_empty());
    assert!(FindingCounts::of(&found).can_finalize());
    // A second unencrypted laptop changes the finding: the acknowledgment no longer applies.
    workspace.assets.push(Asset {
        encrypted_at_rest: Encryption::No,
        ..asset(12, "Front desk laptop", AssetKind::Laptop)
    });
    workspace.risks[0].asset_ids.push(12);
    let found = all(&workspace);
    assert_eq!(stale_acknowledgments(&workspace, &found).len(), 1);
    assert!(
        found
            .iter()
            .filter(|finding| finding.rule == Rule::EncryptionAsSpecified)
            .all(Finding::blocks)
    );
}

#[test]
fn counts_and_summary_say_draft_or_final() {
    let mut workspace = clean();
    workspace.assets[0].owner_id = None;
    let counts = FindingCounts::of(&all(&workspace));
    assert_eq!((counts.blocking, counts.advisory, counts.acknowledged), (0, 1, 0));
    assert_eq!(
        counts.summary(),
        "0 blocking, 1 advisory, 0 acknowledged: the analysis can be finalized"
    );
    workspace.risks[0].treatment = Treatment::Undecided;
    let counts = FindingCounts::of(&all(&workspace));
    assert_eq!(
        counts.summary(),
        "1 blocking, 1 advisory, 0 acknowledged: DRAFT: resolve the blocking finding to finalize"
    );
}
