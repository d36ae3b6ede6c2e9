use super::*;
use crate::domain::model::{AssetKind, EphiActions};

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn server(criticality: Criticality) -> Asset {
    Asset {
        id: 7,
        name: "Practice server".to_string(),
        kind: AssetKind::System,
        ephi: EphiActions::ALL,
        criticality,
        target_recovery_hours: Some(4),
        acceptable_data_loss_hours: Some(24),
        ..Asset::default()
    }
}

fn restore(on: &str, systems: &str) -> ContingencyTest {
    ContingencyTest {
        tested_on: Some(day(on)),
        kind: TestKind::Restore,
        systems: systems.to_string(),
        ..ContingencyTest::default()
    }
}

#[test]
fn a_restore_slower_than_the_target_is_missed_and_said_in_words() {
    let asset = server(Criticality::High);
    let mut test = restore("2026-03-10", "practice server; Fax line");
    test.restore_hours = Some(6);
    test.data_age_hours = Some(12);
    let checks = target_checks(&test, &[&asset]);
    assert_eq!(checks.len(), 2);
    assert!(checks[0].missed());
    assert_eq!(
        checks[0].sentence(),
        "Practice server: restored in 6 h; target 4 h: missed"
    );
    assert!(!checks[1].missed());
    assert_eq!(
        checks[1].sentence(),
        "Practice server: data 12 h old; acceptable loss 24 h: met"
    );
    assert_eq!(unknown_systems(&test, &[&asset]), vec!["Fax line"]);
}

#[test]
fn a_tabletop_without_measurements_compares_nothing() {
    let asset = server(Criticality::High);
    let mut test = restore("2026-03-10", "Practice server");
    test.kind = TestKind::Tabletop;
    assert!(target_checks(&test, &[&asset]).is_empty());
    assert!(!test.restores());
}

#[test]
fn a_follow_up_is_words_or_a_linked_action() {
    let mut test = restore("2026-03-10", "Practice server");
    assert!(!test.has_follow_up());
    test.follow_up = "  ".to_string();
    assert!(!test.has_follow_up());
    test.action_id = Some(3);
    assert!(test.has_follow_up());
    test.action_id = None;
    test.follow_up = "Move backups nightly".to_string();
    assert!(test.has_follow_up());
}

#[test]
fn a_critical_asset_is_due_a_year_after_its_last_restore_or_failover() {
    let asset = server(Criticality::Critical);
    let mut tabletop = restore("2026-06-01", "Practice server");
    tabletop.kind = TestKind::Tabletop;
    let tests = vec![
        restore("2025-02-01", "Practice server"),
        restore("2026-01-15", "practice server"),
        tabletop,
    ];
    let due = occurrences(&[&asset], &tests, day("2026-08-01"));
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].kind, ObligationKind::ContingencyTest);
    assert_eq!(due[0].due, day("2027-01-15"));
    assert_eq!(due[0].last_done, Some(day("2026-01-15")));
    assert_eq!(due[0].what, "Restore test: Practice server");
}

#[test]
fn a_test_dated_after_the_day_has_not_happened_yet() {
    let asset = server(Criticality::Critical);
    let tests = vec![
        restore("2025-02-01", "Practice server"),
        restore("2026-12-01", "Practice server"),
    ];
    assert_eq!(
        last_recovery_test(&asset, &tests, day("2026-08-01")),
        Some(day("2025-02-01"))
    );
    let due = occurrences(&[&asset], &tests, day("2026-08-01"));
    assert_eq!(
        due[0].due,
        day("2026-02-01"),
        "overdue from the test held, not the planned one"
    );
}

#[test]
fn a_never_tested_critical_asset_is_due_now_and_others_are_not_listed() {
    let critical = server(Criticality::High);
    let mut medium = server(Criticality::Medium);
    medium.name = "Scanner".to_string();
    let mut no_ephi = server(Criticality::Critical);
    no_ephi.name = "Guest wifi".to_string();
    no_ephi.ephi = EphiActions::default();
    let due = occurrences(&[&critical, &medium, &no_ephi], &[], day("2026-08-01"));
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].due, day("2026-08-01"));
    assert_eq!(due[0].last_done, None);
}

#[test]
fn the_title_names_kind_systems_and_date() {
    let test = restore("2026-03-10", "Practice server;;  EHR ");
    assert_eq!(test.title(), "Restore test of Practice server, EHR, 2026-03-10");
    assert!(test.in_period(day("2026-01-01"), day("2026-03-10")));
    assert!(!test.in_period(day("2026-03-11"), day("2026-12-31")));
}
