//! Findings grouped by cause (one vendor without an agreement is one finding, naming the
//! business-associate items it contradicts), the roles and key evidence the signals read,
//! and the dashboard's signals and "Next:" computed from the findings alone.

use super::*;
use crate::domain::readiness::{SignalLevel, next_finding, readiness};

/// The business-associate items left implemented by `with_three_ba_items_implemented`.
const IMPLEMENTED: [&str; 3] = ["164.308(b)(1)", "164.314(a)(1)", "164.314(a)(2)(i)"];

/// `clean()` with three of the six business-associate items implemented and the others
/// partial.
fn with_three_ba_items_implemented() -> Workspace {
    let mut workspace = clean();
    let mut partial = Vec::new();
    for citation in rules::BA_CITATIONS {
        if !IMPLEMENTED.contains(&citation) {
            set_review(&mut workspace, citation, |review| {
                review.status = ReviewStatus::Partial;
                review.decision = None;
                // Owned, and planned below: a gap of its own raises nothing here.
                review.owner_id = Some(1);
            });
            partial.push(citation.to_string());
        }
    }
    // The partial items' weakness accepted, so only the vendor's cause is left.
    workspace.risks.push(Risk {
        citations: partial,
        treatment: Treatment::Accept,
        acceptance: Some(crate::domain::Acceptance {
            person_id: 1,
            accepted_on: today(),
            reason: "Contracts are renewed at the next cycle".into(),
        }),
        ..scenario(2, &[])
    });
    workspace
}

fn add_vendor(workspace: &mut Workspace, id: Id, name: &str, status: BaaStatus) {
    workspace.assets.push(vendor(id, name, status));
    // Named by the scenario, so no coverage finding names it too.
    workspace.risks[0].asset_ids.push(id);
}

fn citations(finding: &Finding) -> Vec<&str> {
    finding
        .records
        .iter()
        .filter_map(|record| match record {
            RecordRef::Citation { citation, .. } => Some(citation.as_str()),
            _ => None,
        })
        .collect()
}

/// Every finding that names the record with this id (vendor or asset).
fn naming(found: &[Finding], id: Id) -> Vec<&Finding> {
    found
        .iter()
        .filter(|finding| {
            finding.records.iter().any(|record| {
                matches!(record, RecordRef::Vendor { id: each, .. } | RecordRef::Asset { id: each, .. } if *each == id)
            })
        })
        .collect()
}

#[test]
fn one_vendor_without_an_agreement_is_one_finding_naming_the_items_it_contradicts() {
    let mut workspace = with_three_ba_items_implemented();
    add_vendor(&mut workspace, 11, "Billing Co", BaaStatus::Pending);
    let found = all(&workspace);
    let about_vendor = naming(&found, 11);
    assert_eq!(about_vendor.len(), 1, "{about_vendor:#?}");
    let finding = about_vendor[0];
    assert_eq!(finding.rule, Rule::VendorWithoutAgreement);
    assert_eq!(finding.key, "vendor.no_baa:asset:11");
    assert!(finding.blocks());
    assert_eq!(citations(finding), IMPLEMENTED);
    assert_eq!(
        finding.message,
        "Vendor \"Billing Co\" handles ePHI without a signed business-associate agreement (agreement: \
         pending), yet business-associate items §164.308(b)(1), §164.314(a)(1) and §164.314(a)(2)(i) are marked \
         implemented (§164.308(b)(1), §164.314(a))"
    );
    assert!(matches!(
        &finding.records[1],
        RecordRef::Citation { name, .. } if name == "Business associate contracts and other arrangements"
    ));
    assert!(finding.resolution.contains("mark the business-associate items partial"));
    // The retired per-item rule is gone: one finding in all.
    assert_eq!(FindingCounts::of(&found).blocking, 1, "{found:#?}");
}

#[test]
fn with_no_business_associate_item_implemented_the_vendor_finding_names_none() {
    let mut workspace = with_three_ba_items_implemented();
    for citation in IMPLEMENTED {
        set_review(&mut workspace, citation, |review| review.status = ReviewStatus::Partial);
    }
    add_vendor(&mut workspace, 11, "Billing Co", BaaStatus::None);
    let found = of(&workspace, Rule::VendorWithoutAgreement);
    assert_eq!(found.len(), 1);
    assert!(citations(&found[0]).is_empty());
    // One item implemented: named on its own.
    set_review(&mut workspace, IMPLEMENTED[0], |review| {
        review.status = ReviewStatus::Implemented
    });
    let found = of(&workspace, Rule::VendorWithoutAgreement);
    assert!(
        found[0]
            .message
            .contains(", yet business-associate item §164.308(b)(1) is marked implemented ("),
        "{}",
        found[0].message
    );
    set_review(&mut workspace, IMPLEMENTED[0], |review| {
        review.status = ReviewStatus::Partial
    });
    let found = of(&workspace, Rule::VendorWithoutAgreement);
    assert!(!found[0].message.contains("marked implemented"), "{}", found[0].message);
}

#[test]
fn acknowledging_the_vendor_resolves_the_whole_finding() {
    let mut workspace = with_three_ba_items_implemented();
    add_vendor(&mut workspace, 11, "Billing Co", BaaStatus::Pending);
    workspace.acknowledgments.push(Acknowledgment {
        id: 1,
        assessment_id: 1,
        finding: "vendor.no_baa:asset:11".into(),
        person_id: 1,
        acknowledged_on: today(),
        reason: "Signed on their side; countersignature this week, no data shared until then".into(),
    });
    let found = all(&workspace);
    let finding = naming(&found, 11)[0];
    assert!(finding.acknowledgment.is_some() && !finding.blocks());
    assert!(FindingCounts::of(&found).can_finalize(), "{found:#?}");
    assert!(stale_acknowledgments(&workspace, &found).is_empty());
    // The key names the vendor only: an item's status changing keeps the acknowledgment.
    set_review(&mut workspace, IMPLEMENTED[0], |review| {
        review.status = ReviewStatus::Partial
    });
    let found = all(&workspace);
    let finding = naming(&found, 11)[0];
    assert_eq!(finding.key, "vendor.no_baa:asset:11");
    assert!(finding.acknowledgment.is_some() && !finding.blocks(), "{finding:#?}");
}

#[test]
fn two_vendors_without_an_agreement_are_two_findings() {
    let mut workspace = with_three_ba_items_implemented();
    add_vendor(&mut workspace, 11, "Billing Co", BaaStatus::Pending);
    add_vendor(&mut workspace, 12, "Portal Co", BaaStatus::None);
    add_vendor(&mut workspace, 13, "Shredding Co", BaaStatus::Signed);
    let found = of(&workspace, Rule::VendorWithoutAgreement);
    let keys: Vec<&str> = found.iter().map(|finding| finding.key.as_str()).collect();
    assert_eq!(keys, ["vendor.no_baa:asset:11", "vendor.no_baa:asset:12"]);
    assert!(found.iter().all(|finding| citations(finding) == IMPLEMENTED));
    assert!(found[1].message.contains("(agreement: none)"), "{}", found[1].message);
    // Each is acknowledged on its own.
    workspace.acknowledgments.push(Acknowledgment {
        id: 1,
        assessment_id: 1,
        finding: "vendor.no_baa:asset:11".into(),
        person_id: 1,
        acknowledged_on: today(),
        reason: "Countersignature this week".into(),
    });
    let found = of(&workspace, Rule::VendorWithoutAgreement);
    assert!(!found[0].blocks() && found[1].blocks());
}

#[test]
fn a_signed_agreement_leaves_no_finding() {
    let mut workspace = with_three_ba_items_implemented();
    add_vendor(&mut workspace, 11, "Billing Co", BaaStatus::Signed);
    // With its written assurance on file (without one, `advisory.assurance_due` names it).
    workspace.assets.last_mut().unwrap().assurance_received = Some(today());
    assert!(naming(&all(&workspace), 11).is_empty());
}

#[test]
fn an_acknowledgment_of_the_retired_per_item_rule_loads_and_is_stale() {
    let mut workspace = with_three_ba_items_implemented();
    add_vendor(&mut workspace, 11, "Billing Co", BaaStatus::Pending);
    let old = Acknowledgment {
        id: 9,
        assessment_id: 1,
        finding: "contradiction.ba_items_implemented:safeguard:164.308(b)(1):vendors:11".into(),
        person_id: 1,
        acknowledged_on: today(),
        reason: "Agreement in legal review".into(),
    };
    // A restore of an older file must load it (it is checked like any other)...
    assert_eq!(acknowledgment_problem(&old), None);
    assert_eq!(
        acknowledgment_problem(&Acknowledgment {
            reason: String::new(),
            ..old.clone()
        })
        .map(|(field, _)| field),
        Some("reason")
    );
    workspace.acknowledgments.push(old);
    let found = all(&workspace);
    // ...but it resolves nothing and the report lists it as stale.
    assert_eq!(stale_acknowledgments(&workspace, &found).len(), 1);
    assert!(naming(&found, 11)[0].blocks());
}

#[test]
fn a_required_role_no_one_holds_is_an_advisory_finding() {
    let mut workspace = clean();
    workspace
        .roles
        .retain(|assignment| assignment.role != Role::SecurityOfficial);
    let found = of(&workspace, Rule::RoleUnassigned);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].key, "advisory.role_unassigned:role:security_official");
    assert_eq!(
        found[0].message,
        "No one is named security official: someone must answer for it (§164.308(a)(2))"
    );
    assert!(!found[0].blocking && found[0].rule.acknowledgeable());
    assert!(of(&clean(), Rule::RoleUnassigned).is_empty());
    workspace.roles.clear();
    assert_eq!(of(&workspace, Rule::RoleUnassigned).len(), 4);
}

#[test]
fn a_key_kind_of_evidence_never_recorded_is_an_advisory_finding() {
    let mut workspace = clean();
    workspace
        .evidence
        .retain(|record| record.kind != EvidenceKind::IncidentRecord);
    let found = of(&workspace, Rule::KeyEvidenceMissing);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        found[0].key,
        "advisory.key_evidence_missing:evidence_kind:incident_record"
    );
    assert!(
        found[0].message.starts_with("No \"incident record\" evidence recorded"),
        "{}",
        found[0].message
    );
    assert!(!found[0].blocking);
    assert!(of(&clean(), Rule::KeyEvidenceMissing).is_empty());
}

#[test]
fn the_analysis_order_lists_every_step_once() {
    for step in Step::ALL {
        assert_eq!(
            ANALYSIS_ORDER.iter().filter(|each| *each == step).count(),
            1,
            "{step:?}"
        );
    }
    assert_eq!(ANALYSIS_ORDER.len(), Step::ALL.len());
}

fn level(workspace: &Workspace, area: Area) -> (SignalLevel, String) {
    let signal = readiness(&all(workspace))
        .into_iter()
        .find(|signal| signal.area == area)
        .unwrap();
    assert_eq!(signal.name, area.label());
    (signal.level, signal.reason)
}

#[test]
fn every_signal_is_green_on_a_workspace_with_no_open_finding() {
    let signals = readiness(&all(&clean()));
    let areas: Vec<Area> = signals.iter().map(|signal| signal.area).collect();
    assert_eq!(areas, Area::ALL);
    for signal in signals {
        assert_eq!(
            (signal.level, signal.reason.as_str()),
            (SignalLevel::Green, "no open finding"),
            "{signal:?}"
        );
    }
}

/// A workspace with one blocking finding of the area, and the same workspace resolved.
fn blocking_of(area: Area) -> (Workspace, Rule) {
    let mut workspace = clean();
    let rule = match area {
        Area::Inventory => {
            workspace.assets[0].ephi = EphiActions::default();
            Rule::NoEphiAssets
        }
        Area::Controls => {
            set_review(&mut workspace, "164.312(b)", |review| {
                review.status = ReviewStatus::NotReviewed;
            });
            Rule::SafeguardNotReviewed
        }
        Area::Risk => {
            workspace.risks[0].likelihood = None;
            Rule::ScenarioNotScored
        }
        Area::Evidence => {
            set_review(&mut workspace, "164.312(b)", |review| review.measure.clear());
            Rule::ImplementedUnsupported
        }
        // No blocking rule is about ownership yet; see the crafted findings below.
        Area::Ownership => {
            workspace.assets[0].owner_id = None;
            Rule::AssetWithoutOwner
        }
    };
    (workspace, rule)
}

#[test]
fn a_blocking_finding_turns_its_signal_red_until_it_is_resolved() {
    for area in Area::ALL.iter().copied().filter(|area| *area != Area::Ownership) {
        let (workspace, rule) = blocking_of(area);
        assert_eq!(rule.area(), area);
        assert!(rule.is_blocking(), "{rule:?}");
        let (signal, reason) = level(&workspace, area);
        assert_eq!(signal, SignalLevel::Red, "{area:?}: {reason}");
        assert!(reason.starts_with("1 blocking; first: "), "{area:?}: {reason}");
        // The others stay green: each signal reads its own area only.
        for other in Area::ALL.iter().copied().filter(|other| *other != area) {
            assert_eq!(
                level(&workspace, other).0,
                SignalLevel::Green,
                "{area:?} moved {other:?}"
            );
        }
        // Resolved by doing the work: green again.
        assert_eq!(level(&clean(), area).0, SignalLevel::Green);
    }
    let (_, reason) = level(&blocking_of(Area::Controls).0, Area::Controls);
    assert_eq!(
        reason,
        "1 blocking; first: Safeguard item not reviewed: §164.312(b) Audit controls"
    );
}

#[test]
fn ownership_is_amber_for_an_asset_without_owner_or_a_role_no_one_holds() {
    let (mut workspace, rule) = blocking_of(Area::Ownership);
    assert_eq!(rule.area(), Area::Ownership);
    assert_eq!(
        level(&workspace, Area::Ownership),
        (
            SignalLevel::Amber,
            "1 advisory; first: ePHI asset without an owner: \"EHR server\"".to_string()
        )
    );
    workspace.roles.clear();
    let (signal, reason) = level(&workspace, Area::Ownership);
    assert_eq!(signal, SignalLevel::Amber);
    // The roles come first in the analysis, before the inventory.
    assert_eq!(reason, "5 advisory; first: No one is named security official");
}

/// Crafted findings, one per area and weight, through the same function: red for a
/// blocking one, amber for an advisory one, green once acknowledged. Covers the areas no
/// blocking rule maps to yet (ownership) the way the rules to come will reach them.
#[test]
fn crafted_findings_of_each_area_set_its_signal() {
    for area in Area::ALL.iter().copied() {
        let rule = *Rule::ALL.iter().find(|rule| rule.area() == area).unwrap();
        let finding = |blocking: bool| Finding {
            blocking,
            ..Finding::new(rule, "crafted".into(), Vec::new(), "Crafted: for the test".into(), "")
        };
        let signal = |found: &[Finding]| readiness(found).into_iter().find(|signal| signal.area == area).unwrap();
        let red = signal(&[finding(true), finding(false)]);
        assert_eq!(red.level, SignalLevel::Red, "{area:?}");
        assert_eq!(red.reason, "1 blocking, 1 advisory; first: Crafted");
        assert_eq!(signal(&[finding(false)]).level, SignalLevel::Amber, "{area:?}");
        let mut acknowledged = finding(true);
        acknowledged.acknowledgment = Some(Acknowledgment {
            id: 1,
            assessment_id: 1,
            finding: acknowledged.key.clone(),
            person_id: 1,
            acknowledged_on: today(),
            reason: "Because".into(),
        });
        assert_eq!(signal(&[acknowledged]).level, SignalLevel::Green, "{area:?}");
    }
}

#[test]
fn next_is_the_first_blocking_finding_in_the_analysis_order() {
    let mut workspace = clean();
    // Advisory, and earlier in the analysis (the inventory).
    workspace.assets[0].owner_id = None;
    // Blocking, in the safeguard review.
    set_review(&mut workspace, "164.312(b)", |review| {
        review.status = ReviewStatus::NotReviewed;
    });
    // Blocking, in the scenarios: listed first by `Rule::ALL`, but later in the analysis.
    workspace.risks[0].likelihood = None;
    let found = all(&workspace);
    assert_eq!(found[0].rule, Rule::ScenarioNotScored, "{found:#?}");
    let next = next_finding(&found).unwrap();
    assert_eq!(next.key, "safeguard.not_reviewed:safeguard:164.312(b)");
    // Reviewed: the scenario is next, still before the advisory finding.
    set_review(&mut workspace, "164.312(b)", |review| {
        review.status = ReviewStatus::Implemented;
    });
    let found = all(&workspace);
    assert_eq!(next_finding(&found).unwrap().rule, Rule::ScenarioNotScored);
    // Nothing blocking: the advisory one.
    workspace.risks[0].likelihood = Some(2);
    let found = all(&workspace);
    assert_eq!(next_finding(&found).unwrap().rule, Rule::AssetWithoutOwner);
    // Nothing open: finalize.
    workspace.assets[0].owner_id = Some(1);
    assert_eq!(next_finding(&all(&workspace)), None);
}
