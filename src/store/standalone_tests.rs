//! Standalone actions in the store (migration 012): program work with no risk is kept,
//! read, moved, carried, undone and guarded like a risk action; and a schema 11 file's
//! actions come through the table's rebuild with their assessment filled from their risk,
//! its change log still replaying to the data.

use chrono::NaiveDate;

use super::*;
use crate::domain::{Action, ActionStatus, Person, SignOffRecord};

fn day(month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, month, day).unwrap()
}

fn store() -> Store {
    Store::in_memory("Test practice", "Tester", day(3, 1)).unwrap()
}

fn access_review(assessment_id: Id, owner_id: Option<Id>) -> Action {
    Action {
        risk_id: None,
        assessment_id,
        title: "Run the Q1 access review".into(),
        owner_id,
        due_on: Some(day(3, 31)),
        status: ActionStatus::Planned,
        notes: "Every account against the staff list".into(),
        ..Action::default()
    }
}

fn assert_replays(store: &Store) {
    match store.verify_history().unwrap() {
        replay::DataStatus::Consistent { .. } => {}
        other => panic!("the change log does not replay to the data: {other:?}"),
    }
}

use crate::domain::Id;

#[test]
fn a_standalone_action_round_trips_moves_and_undoes() {
    let mut store = store();
    let assessment = store.current_assessment_id().unwrap();
    let owner = store
        .add_person(&Person {
            name: "Dana Whitfield".into(),
            ..Person::default()
        })
        .unwrap();
    let id = store.add_action(&access_review(assessment, Some(owner))).unwrap();
    let read = store.action(id).unwrap();
    assert_eq!(read.risk_id, None);
    assert_eq!(read.assessment_id, assessment);
    assert_eq!(read.owner_id, Some(owner));
    assert_eq!(read.notes, "Every account against the staff list");
    assert_eq!(
        store.actions(assessment).unwrap(),
        vec![read.clone()],
        "in the year's plan"
    );

    // Its due date moves with a reason, like a risk action's.
    let moved = Action {
        due_on: Some(day(4, 30)),
        ..read.clone()
    };
    assert!(store.update_action(&moved).is_err(), "a move needs a reason");
    store.update_action_moving_due(&moved, "auditor visit").unwrap();
    let after = store.action(id).unwrap();
    assert_eq!(after.due_on, Some(day(4, 30)));
    assert_eq!(after.due_moves.len(), 1);
    assert_eq!(after.due_moves[0].reason, "auditor visit");
    assert_replays(&store);

    // Deleted (no risk to refuse it), then undone: back with its move.
    let head = store.log_head_id().unwrap();
    store.delete_action(id).unwrap();
    assert!(store.actions(assessment).unwrap().is_empty());
    let last = store.log_head_id().unwrap();
    store.undo_log_rows(head + 1, last).unwrap();
    assert_eq!(store.action(id).unwrap(), after, "undo puts it back as it was");
    assert_replays(&store);
}

#[test]
fn a_standalone_action_needs_a_year_that_exists() {
    let mut store = store();
    let error = store.add_action(&access_review(999, None)).unwrap_err();
    assert!(error.to_string().contains("no assessment with id 999"), "{error}");
}

#[test]
fn an_action_stays_in_its_own_years_plan() {
    let mut store = store();
    let assessment = store.current_assessment_id().unwrap();
    let id = store.add_action(&access_review(assessment, None)).unwrap();
    store.next_assessment(&NextOptions::default(), day(3, 2)).unwrap();
    let next = store.current_assessment_id().unwrap();
    assert_ne!(next, assessment);
    let mut moved = store.action(id).unwrap();
    moved.assessment_id = next;
    let error = store.update_action(&moved).unwrap_err();
    assert!(error.to_string().contains("stays in its own year's plan"), "{error}");
}

#[test]
fn an_open_standalone_action_carries_forward_and_a_done_one_stays() {
    let mut store = store();
    let assessment = store.current_assessment_id().unwrap();
    let open = store.add_action(&access_review(assessment, None)).unwrap();
    let done = store
        .add_action(&Action {
            title: "Write the sanction policy".into(),
            status: ActionStatus::Done,
            ..access_review(assessment, None)
        })
        .unwrap();
    let summary = store.next_assessment(&NextOptions::default(), day(3, 2)).unwrap();
    assert_eq!(summary.actions, 1, "only the open one");
    let next = store.current_assessment_id().unwrap();
    let carried = store.actions(next).unwrap();
    assert_eq!(carried.len(), 1);
    assert_eq!(carried[0].title, "Run the Q1 access review");
    assert_eq!(carried[0].risk_id, None, "still standalone");
    assert_eq!(carried[0].assessment_id, next);
    assert_ne!(carried[0].id, open);
    // Last year keeps both.
    let last_year: Vec<Id> = store
        .actions(assessment)
        .unwrap()
        .iter()
        .map(|action| action.id)
        .collect();
    assert_eq!(last_year, vec![open, done]);
    assert_replays(&store);
}

#[test]
fn a_signed_years_standalone_actions_refuse_every_change() {
    let mut store = store();
    let assessment = store.current_assessment_id().unwrap();
    let id = store.add_action(&access_review(assessment, None)).unwrap();
    store
        .record_sign_off(&SignOffRecord {
            id: 0,
            assessment_id: assessment,
            report_date: day(3, 1),
            signed_at: "2026-03-01T12:00:00Z".into(),
            signer: "Tester".into(),
            key_id: "ABCDEF".into(),
            report_sha256: "0".repeat(64),
            log_head: 0,
            current: true,
        })
        .unwrap();
    let before = store.action(id).unwrap();
    let refused = |result: Result<()>| {
        let error = result.unwrap_err().to_string();
        assert!(error.contains("signed"), "{error}");
    };
    refused(store.add_action(&access_review(assessment, None)).map(|_| ()));
    refused(store.update_action(&Action {
        status: ActionStatus::Done,
        ..before.clone()
    }));
    refused(store.update_action_moving_due(
        &Action {
            due_on: Some(day(5, 1)),
            ..before.clone()
        },
        "later",
    ));
    refused(store.delete_action(id));
    assert_eq!(store.action(id).unwrap(), before, "unchanged");
}

#[test]
fn a_schema_11_workspace_upgrades_with_every_action_and_its_assessment() {
    // The demo as the last schema 11 build wrote it (`tests/fixtures/schema-11-demo.hra`,
    // `hipaa-ra demo` of commit 2b00483: two years, the first signed, 20 actions, one
    // due-date move), so its change log covers its data exactly as that build's did.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("schema-11.hra");
    std::fs::copy(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema-11-demo.hra"),
        &path,
    )
    .unwrap();
    let old = rusqlite::Connection::open(&path).unwrap();
    let version =
        |conn: &rusqlite::Connection| -> i64 { conn.query_row("PRAGMA user_version", [], |row| row.get(0)).unwrap() };
    assert_eq!(version(&old), 11);
    // Each action's assessment, through its risk (schema 11 has no other way).
    let mut before: Vec<(Id, Id)> = old
        .prepare("SELECT actions.id, risks.assessment_id FROM actions JOIN risks ON risks.id = actions.risk_id")
        .unwrap()
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    before.sort();
    let moves: i64 = old
        .query_row("SELECT count(*) FROM action_due_moves", [], |row| row.get(0))
        .unwrap();
    assert_eq!((before.len(), moves), (20, 1), "the fixture as described");
    drop(old);

    let mut store = Store::open(&path).unwrap();
    assert_eq!(version(&store.conn), SCHEMA_VERSION);
    let mut after = Vec::new();
    let mut moved = 0;
    for assessment in store.assessments().unwrap() {
        for action in store.actions(assessment.id).unwrap() {
            assert_eq!(action.assessment_id, assessment.id, "filled from its risk");
            assert!(action.risk_id.is_some());
            moved += action.due_moves.len();
            after.push((action.id, action.assessment_id));
        }
    }
    after.sort();
    assert_eq!(
        after, before,
        "every action kept, with its id and its risk's assessment"
    );
    assert_eq!(moved, 1, "the due-date move kept");
    let log = store.change_log().unwrap();
    assert_eq!(
        log.last().unwrap().entity,
        "checkpoint",
        "the upgrade starts the replay again"
    );
    assert_replays(&store);
    // The foreign keys hold, and are on again after the migration.
    let on: bool = store
        .conn
        .query_row("PRAGMA foreign_keys", [], |row| row.get(0))
        .unwrap();
    assert!(on);
    let broken: i64 = store
        .conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |row| row.get(0))
        .unwrap();
    assert_eq!(broken, 0);

    // The signed year still refuses a new action; the current year takes a standalone one.
    let signed = store.assessments().unwrap()[0].id;
    let current = store.current_assessment_id().unwrap();
    assert_ne!(signed, current);
    assert!(
        store.add_action(&access_review(signed, None)).is_err(),
        "the signed year is fixed"
    );
    let planned = store.actions(current).unwrap().len();
    store.add_action(&access_review(current, None)).unwrap();
    assert_eq!(store.actions(current).unwrap().len(), planned + 1);
    assert_replays(&store);
    drop(store);
    // A reader opens it: the schema is exactly the one a new file gets.
    let reader = Store::open_for_reading(&path).unwrap();
    assert!(matches!(
        reader.verify_history().unwrap(),
        replay::DataStatus::Consistent { .. }
    ));
}
