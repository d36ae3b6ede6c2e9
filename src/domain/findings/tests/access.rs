//! The access-review rules, each raised by one workspace and not by its fixed twin.

use super::*;
use crate::domain::access::{AccessAccount, AccessRecords, AccessReview, Decision};

/// Grace left on 2026-05-29 (a Friday); the EHR review of 2026-06-01 lists her active.
fn with_leaver() -> Workspace {
    let mut workspace = clean();
    workspace.people.push(Person {
        id: 2,
        name: "Grace Liu".into(),
        termination_date: Some(on(2026, 5, 29)),
        ..Default::default()
    });
    workspace.access = AccessRecords {
        reviews: vec![AccessReview {
            id: 1,
            ..AccessReview::new("EHR server", on(2026, 6, 1))
        }],
        accounts: vec![AccessAccount {
            id: 1,
            review_id: 1,
            user: "gliu".into(),
            name: "Grace Liu".into(),
            active: true,
            ..Default::default()
        }],
        ..Default::default()
    };
    workspace
}

#[test]
fn blocking_a_leaver_still_active_named_with_the_system() {
    let mut workspace = with_leaver();
    let found = of(&workspace, Rule::AccessLeaverActive);
    assert_eq!(found.len(), 1);
    assert!(found[0].blocking);
    assert!(found[0].message.contains("Grace Liu") && found[0].message.contains("\"EHR server\""));
    assert!(
        matches!(found[0].records[..], [RecordRef::Asset { id: 10, .. }]),
        "the system's asset"
    );
    workspace.access.accounts[0].decision = Some(Decision::Revoke);
    workspace.access.accounts[0].decided_on = Some(on(2026, 6, 1));
    assert!(of(&workspace, Rule::AccessLeaverActive).is_empty());
}

#[test]
fn advisory_access_revoked_after_the_limit() {
    let mut workspace = with_leaver();
    workspace.access.accounts[0].decision = Some(Decision::Revoke);
    // Monday 2026-06-01: one business day after Friday's termination, within the limit.
    workspace.access.accounts[0].decided_on = Some(on(2026, 6, 1));
    assert!(of(&workspace, Rule::AccessRevokedLate).is_empty());
    workspace.access.accounts[0].decided_on = Some(on(2026, 6, 3));
    let found = of(&workspace, Rule::AccessRevokedLate);
    assert_eq!(found.len(), 1);
    assert!(!found[0].blocking);
    assert!(
        found[0].message.contains("3 business days against a limit of 1"),
        "{}",
        found[0].message
    );
}

#[test]
fn advisory_access_review_overdue_until_a_newer_one_completes() {
    let mut workspace = with_leaver();
    workspace.access.accounts.clear();
    workspace.access.reviews[0].started = on(2026, 1, 5);
    workspace.access.reviews[0].completed = Some(on(2026, 1, 9));
    let found = of(&workspace, Rule::AccessReviewOverdue);
    assert_eq!(found.len(), 1, "due 2026-04-09, today is 2026-06-15");
    assert!(found[0].message.contains("2026-04-09"));
    workspace.access.reviews.push(AccessReview {
        id: 2,
        completed: Some(on(2026, 4, 8)),
        ..AccessReview::new("EHR server", on(2026, 4, 6))
    });
    assert!(of(&workspace, Rule::AccessReviewOverdue).is_empty());
}
