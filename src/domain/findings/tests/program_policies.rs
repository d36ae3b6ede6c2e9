use super::*;
use crate::domain::policy::{Policy, PolicyReview, PolicyVersion, ReviewOutcome};

fn day(text: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// A workspace with one policy last reviewed on `done`.
fn with_policy(done: &str) -> Workspace {
    let mut workspace = clean();
    workspace.policies.policies.push(Policy {
        id: 7,
        title: "Access control".into(),
        ..Policy::default()
    });
    workspace.policies.versions.push(PolicyVersion {
        id: 1,
        policy_id: 7,
        number: "1".into(),
        effective: Some(day("2020-01-01")),
        created: Some(day("2020-01-01")),
        ..PolicyVersion::default()
    });
    workspace.policies.reviews.push(PolicyReview {
        id: 1,
        policy_id: 7,
        done: Some(day(done)),
        outcome: Some(ReviewOutcome::NoChange),
        ..PolicyReview::default()
    });
    workspace
}

fn rules_found(workspace: &Workspace, on: &str) -> Vec<(Rule, String)> {
    findings(workspace, Catalog::embedded(), day(on))
        .into_iter()
        .filter(|finding| {
            finding.key.contains("policy:")
                || finding.key.starts_with("vendor.agreement")
                || finding.key.starts_with("advisory.agreement")
                || finding.key.starts_with("advisory.assurance")
        })
        .map(|finding| (finding.rule, finding.message))
        .collect()
}

#[test]
fn a_policy_review_is_advisory_when_due_and_blocking_after_thirty_days() {
    let workspace = with_policy("2025-03-01");
    assert!(rules_found(&workspace, "2026-02-28").is_empty());
    let due = rules_found(&workspace, "2026-03-01");
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].0, Rule::PolicyReviewDue);
    assert!(
        due[0]
            .1
            .contains("Policy \"Access control\" is due for review since 2026-03-01"),
        "{}",
        due[0].1
    );
    assert_eq!(rules_found(&workspace, "2026-03-31")[0].0, Rule::PolicyReviewDue);
    let overdue = rules_found(&workspace, "2026-04-01");
    assert_eq!(overdue[0].0, Rule::PolicyReviewOverdue);
    assert!(Rule::PolicyReviewOverdue.is_blocking());
    assert!(!Rule::PolicyReviewDue.is_blocking());
}

#[test]
fn an_agreement_expiring_is_advisory_and_expired_blocking_with_the_vendors_name() {
    let mut workspace = clean();
    let mut billing = vendor(11, "Billing Co", BaaStatus::Signed);
    billing.baa_expiry = Some(day("2026-03-20"));
    billing.assurance_received = Some(day("2026-01-01"));
    workspace.assets.push(billing);
    let expiring = rules_found(&workspace, "2026-03-01");
    assert_eq!(expiring.len(), 1);
    assert_eq!(expiring[0].0, Rule::AgreementExpiring);
    assert!(
        expiring[0]
            .1
            .contains("Vendor \"Billing Co\"'s business-associate agreement expires on 2026-03-20")
    );
    let expired = rules_found(&workspace, "2026-03-21");
    assert_eq!(expired[0].0, Rule::AgreementExpired);
    assert!(Rule::AgreementExpired.is_blocking());
    assert!(rules_found(&workspace, "2026-02-17").is_empty());
}

#[test]
fn a_signed_vendors_assurance_missing_or_overdue_is_advisory() {
    let mut workspace = clean();
    workspace.assets.push(vendor(11, "Billing Co", BaaStatus::Signed));
    let missing = rules_found(&workspace, "2026-03-01");
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0].0, Rule::AssuranceDue);
    assert!(missing[0].1.contains("no written assurance"), "{}", missing[0].1);
    workspace.assets[1].assurance_received = Some(day("2025-02-01"));
    let overdue = rules_found(&workspace, "2026-03-01");
    assert!(overdue[0].1.contains("was due on 2026-02-01"), "{}", overdue[0].1);
    workspace.assets[1].assurance_received = Some(day("2025-06-01"));
    assert!(rules_found(&workspace, "2026-03-01").is_empty());
    // A vendor with no agreement has the no-agreement finding instead.
    workspace.assets[1].baa_status = Some(BaaStatus::None);
    workspace.assets[1].assurance_received = None;
    assert!(rules_found(&workspace, "2026-03-01").is_empty());
}
