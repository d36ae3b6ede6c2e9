//! The advisory rules: each fires on a workspace that has the problem and not on one
//! that does not, and never blocks.

use super::*;

#[test]
fn advisory_asset_without_owner() {
    let mut workspace = clean();
    workspace.assets[0].owner_id = None;
    let found = of(&workspace, Rule::AssetWithoutOwner);
    assert_eq!(found.len(), 1);
    assert!(!found[0].blocking);
    assert!(FindingCounts::of(&all(&workspace)).can_finalize());
    assert!(of(&clean(), Rule::AssetWithoutOwner).is_empty());
}

#[test]
fn advisory_asset_not_reviewed_in_twelve_months() {
    let mut workspace = clean();
    workspace.assets[0].last_reviewed = Some(on(2025, 6, 14));
    assert_eq!(of(&workspace, Rule::AssetNotReviewed).len(), 1);
    workspace.assets[0].last_reviewed = Some(on(2025, 6, 15));
    assert!(of(&workspace, Rule::AssetNotReviewed).is_empty());
    workspace.assets[0].last_reviewed = None;
    assert!(
        of(&workspace, Rule::AssetNotReviewed)[0]
            .message
            .contains("never reviewed")
    );
}

#[test]
fn advisory_evidence_past_its_review_date() {
    let mut workspace = clean();
    let mut record = Evidence {
        id: 3,
        title: "Security policy".into(),
        kind: EvidenceKind::Policy,
        dated: Some(on(2025, 1, 1)),
        review_cycle_months: Some(12),
        location: "Binder".into(),
        ..Default::default()
    };
    workspace.evidence.push(record.clone());
    let found = of(&workspace, Rule::EvidenceOverdue);
    assert_eq!(found.len(), 1);
    assert!(found[0].message.contains("(due 2026-01-01)"), "{}", found[0].message);
    record.dated = Some(on(2026, 1, 1));
    workspace.evidence = vec![record];
    assert!(of(&workspace, Rule::EvidenceOverdue).is_empty());
}

#[test]
fn a_superseded_evidence_record_no_longer_raises_overdue() {
    let mut workspace = clean();
    let last_quarter = Evidence {
        id: 3,
        title: "EHR access review Q1".into(),
        kind: EvidenceKind::AccessReview,
        dated: Some(on(2025, 3, 1)),
        review_cycle_months: Some(3),
        links: vec![EvidenceLink {
            target: LinkTarget::Safeguard,
            target_ref: "164.308(a)(1)(ii)(D)".into(),
        }],
        ..Default::default()
    };
    workspace.evidence.push(last_quarter.clone());
    assert_eq!(of(&workspace, Rule::EvidenceOverdue).len(), 1);
    // This quarter's log of the same kind and safeguard supersedes it; it is not overdue
    // itself yet, so no finding is left.
    let mut this_quarter = last_quarter;
    this_quarter.id = 4;
    this_quarter.title = "EHR access review Q2".into();
    this_quarter.dated = Some(on(2026, 5, 1));
    workspace.evidence.push(this_quarter);
    assert!(of(&workspace, Rule::EvidenceOverdue).is_empty());
}

#[test]
fn advisory_overdue_action() {
    let mut workspace = clean();
    workspace.risks[0].treatment = Treatment::Mitigate;
    let mut action = Action {
        id: 5,
        risk_id: Some(1),
        title: "Encrypt laptops".into(),
        owner_id: Some(1),
        due_on: Some(on(2026, 6, 1)),
        status: ActionStatus::InProgress,
        effort: Effort::Small,
        ..Action::default()
    };
    workspace.actions.push(action.clone());
    let found = of(&workspace, Rule::ActionOverdue);
    assert_eq!(found.len(), 1);
    assert!(
        found[0]
            .message
            .starts_with("Action \"Encrypt laptops\" of scenario #1"),
        "{}",
        found[0].message
    );
    action.status = ActionStatus::Done;
    workspace.actions = vec![action];
    assert!(of(&workspace, Rule::ActionOverdue).is_empty());
}

#[test]
fn advisory_accepted_risk_older_than_twelve_months() {
    let mut workspace = clean();
    workspace.risks[0].treatment = Treatment::Accept;
    workspace.risks[0].acceptance = Some(Acceptance {
        person_id: 1,
        accepted_on: on(2025, 5, 1),
        reason: "Budget".into(),
    });
    assert_eq!(of(&workspace, Rule::AcceptanceStale).len(), 1);
    workspace.risks[0].acceptance.as_mut().unwrap().accepted_on = on(2026, 5, 1);
    assert!(of(&workspace, Rule::AcceptanceStale).is_empty());
}
