//! Contingency tests in the store: saved and read through the generic record writes, in
//! the change log (undo, replay), in the export and its restore, and the assets' targets
//! carried into the next year with the asset.

use chrono::NaiveDate;

use super::*;
use crate::domain::contingency::{TestKind, TestResult};
use crate::domain::{Action, ActionStatus, Asset, AssetKind, Criticality, EphiActions, Person};
use crate::store::{ChainStatus, NextOptions, export_workspace};

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn store() -> Store {
    Store::in_memory("Clinic", "Ana", day("2026-03-01")).unwrap()
}

fn assert_replays(store: &Store) {
    match store.verify_history().unwrap() {
        crate::store::DataStatus::Consistent { .. } => {}
        other => panic!("the change log does not replay to the data: {other:?}"),
    }
}

fn failed_restore(tester: Id) -> ContingencyTest {
    ContingencyTest {
        tested_on: Some(day("2026-02-10")),
        kind: TestKind::Restore,
        systems: "Practice server".into(),
        method: "Restore last night's backup to the spare machine".into(),
        success_criteria: "Working within 4 hours".into(),
        result: Some(TestResult::Fail),
        restore_hours: Some(6),
        data_age_hours: Some(20),
        found: "The backup drive is slow".into(),
        tester_id: Some(tester),
        ..ContingencyTest::default()
    }
}

#[test]
fn a_test_round_trips_links_an_action_undoes_and_replays() {
    let mut store = store();
    let tester = store
        .add_person(&Person {
            name: "Ana".into(),
            ..Person::default()
        })
        .unwrap();
    let id = store.save_record(&failed_restore(tester)).unwrap();
    let read = store.contingency_tests().unwrap();
    assert_eq!(read.len(), 1);
    assert_eq!(
        read[0],
        ContingencyTest {
            id,
            ..failed_restore(tester)
        }
    );
    assert_eq!(store.snapshot().unwrap().contingency_tests, read);
    assert_replays(&store);

    let assessment = store.current_assessment_id().unwrap();
    let action_id = store
        .add_action(&Action {
            risk_id: None,
            assessment_id: assessment,
            title: "Faster backup drive".into(),
            status: ActionStatus::Planned,
            ..Action::default()
        })
        .unwrap();
    let head = store.log_head_id().unwrap();
    store.link_test_action(id, Some(action_id)).unwrap();
    assert_eq!(store.contingency_tests().unwrap()[0].action_id, Some(action_id));
    assert_replays(&store);
    let last = store.log_head_id().unwrap();
    store.undo_log_rows(head + 1, last).unwrap();
    assert_eq!(store.contingency_tests().unwrap()[0].action_id, None, "undo unlinks it");
    assert_replays(&store);
    assert!(matches!(store.verify_change_log().unwrap(), ChainStatus::Intact { .. }));
}

#[test]
fn a_test_needs_its_systems() {
    let mut store = store();
    let blank = ContingencyTest {
        systems: " ".into(),
        ..ContingencyTest::default()
    };
    let error = store.save_record(&blank).unwrap_err();
    assert!(error.to_string().contains("systems"), "{error}");
}

#[test]
fn the_export_restores_tests_and_refuses_a_link_to_nothing() {
    let mut store = store();
    let tester = store
        .add_person(&Person {
            name: "Ana".into(),
            ..Person::default()
        })
        .unwrap();
    store.save_record(&failed_restore(tester)).unwrap();
    let export = export_workspace(&store).unwrap();
    assert_eq!(export.program.contingency_tests.len(), 1);
    let restored = Store::in_memory_from_export(&export, day("2026-03-02")).unwrap();
    assert_eq!(
        restored.contingency_tests().unwrap(),
        store.contingency_tests().unwrap()
    );

    let mut dangling = export.clone();
    dangling.program.contingency_tests[0].action_id = Some(999);
    let error = Store::in_memory_from_export(&dangling, day("2026-03-02")).unwrap_err();
    assert!(error.to_string().contains("contingency_tests[0].action_id"), "{error}");

    let mut twice = export.clone();
    let again = twice.program.contingency_tests[0].clone();
    twice.program.contingency_tests.push(again);
    let error = Store::in_memory_from_export(&twice, day("2026-03-02")).unwrap_err();
    assert!(error.to_string().contains("contingency_tests[1]"), "{error}");
}

#[test]
fn the_targets_are_kept_and_carried_into_the_next_year_and_the_tests_are_not_copied() {
    let mut store = store();
    let assessment = store.current_assessment_id().unwrap();
    store
        .add_asset(&Asset {
            assessment_id: assessment,
            name: "Practice server".into(),
            kind: AssetKind::System,
            ephi: EphiActions::ALL,
            criticality: Criticality::High,
            target_recovery_hours: Some(4),
            acceptable_data_loss_hours: Some(24),
            ..Asset::default()
        })
        .unwrap();
    let tester = store
        .add_person(&Person {
            name: "Bo".into(),
            ..Person::default()
        })
        .unwrap();
    store.save_record(&failed_restore(tester)).unwrap();
    store
        .next_assessment(&NextOptions::default(), day("2027-03-01"))
        .unwrap();
    let next = store.snapshot().unwrap();
    assert_ne!(next.assessment_id, assessment);
    assert_eq!(next.assets.len(), 1);
    assert_eq!(next.assets[0].target_recovery_hours, Some(4));
    assert_eq!(next.assets[0].acceptable_data_loss_hours, Some(24));
    assert_eq!(
        store.contingency_tests().unwrap().len(),
        1,
        "a program record, not copied"
    );
    assert!(
        next.contingency_tests[0].covers(&next.assets[0]),
        "named, so next year's copy is covered"
    );
}

#[test]
fn a_deleted_test_is_in_the_change_log_and_undo_brings_it_back() {
    let mut store = store();
    let test = ContingencyTest {
        tested_on: Some(day("2026-02-10")),
        systems: "Practice server".into(),
        ..ContingencyTest::default()
    };
    let id = store.save_record(&test).unwrap();
    let saved = store.contingency_tests().unwrap();
    let head = store.log_head_id().unwrap();
    store.delete_contingency_test(id).unwrap();
    assert!(store.contingency_tests().unwrap().is_empty());
    assert_replays(&store);
    assert!(
        store.log_head_id().unwrap() > head,
        "the delete is a row of the change log"
    );
    let error = store.delete_contingency_test(id).unwrap_err();
    assert!(error.to_string().contains("contingency test"), "{error}");
    let last = store.log_head_id().unwrap();
    store.undo_log_rows(head + 1, last).unwrap();
    assert_eq!(store.contingency_tests().unwrap(), saved, "undo brings it back whole");
    assert_replays(&store);
    assert!(matches!(store.verify_change_log().unwrap(), ChainStatus::Intact { .. }));
}
