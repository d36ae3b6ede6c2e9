use super::*;
use crate::domain::contingency::{ContingencyTest, TestKind, TestResult};

/// A restore of the clean workspace's "EHR server" on `tested_on`.
fn restore(id: Id, tested_on: NaiveDate) -> ContingencyTest {
    ContingencyTest {
        id,
        tested_on: Some(tested_on),
        kind: TestKind::Restore,
        systems: "EHR server".into(),
        result: Some(TestResult::Pass),
        ..ContingencyTest::default()
    }
}

/// The clean workspace with its server's targets set and only `tests` recorded.
fn with_tests(tests: Vec<ContingencyTest>) -> Workspace {
    let mut workspace = clean();
    workspace.assets[0].target_recovery_hours = Some(4);
    workspace.assets[0].acceptable_data_loss_hours = Some(24);
    workspace.contingency_tests = tests;
    workspace
}

#[test]
fn a_failed_test_without_follow_up_blocks_until_one_is_recorded() {
    let mut failed = restore(3, on(2026, 5, 1));
    failed.result = Some(TestResult::Fail);
    let workspace = with_tests(vec![failed.clone()]);
    let found = of(&workspace, Rule::ContingencyTestFailedNoFollowUp);
    assert_eq!(found.len(), 1);
    assert!(found[0].blocking);
    assert_eq!(found[0].key, "contingency.failed_no_follow_up:contingency_test:3");
    assert!(
        found[0]
            .message
            .starts_with("The restore test of EHR server, 2026-05-01 failed and no follow-up is recorded"),
        "{}",
        found[0].message
    );

    failed.action_id = Some(9);
    assert!(of(&with_tests(vec![failed.clone()]), Rule::ContingencyTestFailedNoFollowUp).is_empty());
    failed.action_id = None;
    failed.follow_up = "Faster drive".into();
    assert!(of(&with_tests(vec![failed]), Rule::ContingencyTestFailedNoFollowUp).is_empty());
}

#[test]
fn a_failure_older_than_a_year_no_longer_counts() {
    let mut failed = restore(3, on(2025, 6, 1));
    failed.result = Some(TestResult::Fail);
    assert!(of(&with_tests(vec![failed]), Rule::ContingencyTestFailedNoFollowUp).is_empty());
}

#[test]
fn a_missed_target_is_advisory_and_named_in_hours() {
    let mut slow = restore(4, on(2026, 5, 1));
    slow.restore_hours = Some(6);
    slow.data_age_hours = Some(2);
    let found = of(&with_tests(vec![slow.clone()]), Rule::ContingencyTargetMissed);
    assert_eq!(found.len(), 1);
    assert!(!found[0].blocking);
    assert!(
        found[0]
            .message
            .contains("EHR server: restored in 6 h; target 4 h: missed"),
        "{}",
        found[0].message
    );
    assert!(!found[0].message.contains("data 2 h old"), "a met target is not listed");
    slow.restore_hours = Some(4);
    assert!(of(&with_tests(vec![slow]), Rule::ContingencyTargetMissed).is_empty());
}

#[test]
fn a_critical_asset_needs_a_restore_or_failover_within_twelve_months() {
    // Never tested.
    let never = of(&with_tests(Vec::new()), Rule::CriticalAssetUntested);
    assert_eq!(never.len(), 1);
    assert!(!never[0].blocking);
    assert!(
        never[0]
            .message
            .contains("\"EHR server\" is critical and has never had a restore"),
        "{}",
        never[0].message
    );

    // Last tested 13 months ago; a tabletop since does not count.
    let mut tabletop = restore(2, on(2026, 5, 1));
    tabletop.kind = TestKind::Tabletop;
    let stale = of(
        &with_tests(vec![restore(1, on(2025, 5, 1)), tabletop]),
        Rule::CriticalAssetUntested,
    );
    assert_eq!(stale.len(), 1);
    assert!(
        stale[0].message.contains("last tested on 2025-05-01"),
        "{}",
        stale[0].message
    );

    // A failover this year does.
    let mut failover = restore(3, on(2026, 1, 10));
    failover.kind = TestKind::Failover;
    assert!(of(&with_tests(vec![failover]), Rule::CriticalAssetUntested).is_empty());

    // A medium asset needs none.
    let mut workspace = with_tests(Vec::new());
    workspace.assets[0].criticality = Criticality::Medium;
    assert!(of(&workspace, Rule::CriticalAssetUntested).is_empty());
}
