//! The store's access reviews: an import starts or fills the open review, decisions
//! complete it, everything is logged and read back.

use chrono::NaiveDate;

use super::*;
use crate::domain::Person;

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn store() -> Store {
    Store::in_memory("Test practice", "Tester", day("2026-07-01")).unwrap()
}

fn listed(user: &str, name: &str, active: bool) -> AccessAccount {
    AccessAccount {
        user: user.to_string(),
        name: name.to_string(),
        role: "Clinician".to_string(),
        active,
        ..Default::default()
    }
}

#[test]
fn an_import_starts_a_review_then_fills_the_open_one() {
    let mut store = store();
    let first = store
        .import_access_list(
            "EHR",
            &[listed("mbell", "Marcus Bell", true), listed("gliu", "Grace Liu", true)],
            day("2026-07-01"),
        )
        .unwrap();
    assert!(first.started);
    assert_eq!((first.added, first.updated, first.dropped), (2, 0, 0));
    let gliu = store.access_records().unwrap().accounts[0].id;
    store
        .decide_access(gliu, Some(Decision::Revoke), "Kevin Osei", day("2026-07-02"))
        .unwrap();
    // The same review, again: MBELL in capitals is the same user, gliu has gone.
    let again = store
        .import_access_list(
            "EHR",
            &[
                listed("MBELL", "Marcus Bell", false),
                listed("asmith", "Ann Smith", true),
            ],
            day("2026-07-03"),
        )
        .unwrap();
    assert_eq!(again.review_id, first.review_id);
    assert!(!again.started);
    assert_eq!((again.added, again.updated, again.dropped), (1, 1, 1));
    let records = store.access_records().unwrap();
    assert_eq!(records.reviews.len(), 1);
    let users: Vec<(&str, bool)> = records.accounts.iter().map(|a| (a.user.as_str(), a.active)).collect();
    assert_eq!(users, vec![("asmith", true), ("MBELL", false)]);
}

#[test]
fn deciding_every_account_completes_the_review_and_the_next_import_starts_a_new_one() {
    let mut store = store();
    let outcome = store
        .import_access_list(
            "EHR",
            &[listed("mbell", "Marcus Bell", true), listed("gliu", "Grace Liu", true)],
            day("2026-07-01"),
        )
        .unwrap();
    let ids: Vec<Id> = store.access_records().unwrap().accounts.iter().map(|a| a.id).collect();
    store
        .decide_access(ids[0], Some(Decision::Revoke), "Kevin Osei", day("2026-07-02"))
        .unwrap();
    assert_eq!(store.access_records().unwrap().reviews[0].completed, None);
    store
        .decide_access(ids[1], Some(Decision::Keep), "Kevin Osei", day("2026-07-03"))
        .unwrap();
    let records = store.access_records().unwrap();
    assert_eq!(
        records.reviews[0].completed,
        Some(day("2026-07-03")),
        "the day of the last decision"
    );
    let decided = &records.accounts[0];
    assert_eq!(
        (decided.decision, decided.decided_by.as_str()),
        (Some(Decision::Revoke), "Kevin Osei")
    );
    // Clearing a decision reopens it.
    store
        .decide_access(ids[1], None, "Kevin Osei", day("2026-07-04"))
        .unwrap();
    assert_eq!(store.access_records().unwrap().reviews[0].completed, None);
    store
        .decide_access(ids[1], Some(Decision::Keep), "Kevin Osei", day("2026-07-04"))
        .unwrap();
    let next = store
        .import_access_list("EHR", &[listed("mbell", "Marcus Bell", true)], day("2026-10-01"))
        .unwrap();
    assert!(next.started);
    assert_ne!(next.review_id, outcome.review_id);
    assert!(
        store
            .decide_access(9999, Some(Decision::Keep), "x", day("2026-10-01"))
            .is_err()
    );
}

#[test]
fn access_writes_are_in_the_change_log_and_events_and_the_limit_read_back() {
    let mut store = store();
    let person = store
        .add_person(&Person {
            name: "Grace Liu".to_string(),
            ..Default::default()
        })
        .unwrap();
    store
        .import_access_list("EHR", &[listed("gliu", "Grace Liu", true)], day("2026-07-01"))
        .unwrap();
    store
        .add_access_event(&AccessEvent {
            id: 0,
            person_id: person,
            system: "EHR".to_string(),
            kind: AccessEventKind::Revoked,
            date: day("2026-07-02"),
            approved_by: Some(person),
            notes: "last day".to_string(),
        })
        .unwrap();
    assert_eq!(store.revoke_limit_days().unwrap(), 1);
    store.set_revoke_limit_days(3).unwrap();
    let records = store.access_records().unwrap();
    assert_eq!(records.revoke_limit_days, 3);
    assert_eq!(records.events[0].notes, "last day");
    let logged: i64 = store
        .conn
        .query_row(
            "SELECT count(*) FROM change_log WHERE entity IN ('access_reviews', 'access_accounts', 'access_events')",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(logged, 3, "one review, one account, one event");
    assert!(
        store
            .add_access_review(&AccessReview::new(" ", day("2026-07-01")), &[])
            .is_err()
    );
}

#[test]
fn a_person_named_by_an_access_event_is_kept_marked_removed_when_deleted() {
    let mut store = store();
    let leaver = store
        .add_person(&Person {
            name: "Grace Liu".to_string(),
            ..Default::default()
        })
        .unwrap();
    let other = store
        .add_person(&Person {
            name: "Marcus Bell".to_string(),
            ..Default::default()
        })
        .unwrap();
    store
        .add_access_event(&AccessEvent {
            id: 0,
            person_id: leaver,
            system: "EHR".to_string(),
            kind: AccessEventKind::Revoked,
            date: day("2026-07-02"),
            approved_by: None,
            notes: String::new(),
        })
        .unwrap();
    assert!(store.delete_person(leaver).unwrap().is_some(), "kept, marked removed");
    assert_eq!(store.delete_person(other).unwrap(), None, "no access record: deleted");
    assert_eq!(store.access_records().unwrap().events[0].person_id, leaver);
}

#[test]
fn a_review_takes_its_reviewer_and_cycle_and_refuses_a_zero_cycle() {
    let mut store = store();
    let reviewer = store
        .add_person(&Person {
            name: "Kevin Osei".to_string(),
            ..Default::default()
        })
        .unwrap();
    let review = store
        .import_access_list("EHR", &[listed("mbell", "Marcus Bell", true)], day("2026-07-01"))
        .unwrap()
        .review_id;
    store.set_access_review(review, Some(reviewer), 6).unwrap();
    let read = store.access_records().unwrap().reviews[0].clone();
    assert_eq!((read.reviewer, read.cycle_months), (Some(reviewer), 6));
    let head = store.log_head_id().unwrap();
    store.set_access_review(review, Some(reviewer), 6).unwrap();
    assert_eq!(store.log_head_id().unwrap(), head, "the same values write nothing");
    assert!(store.set_access_review(review, None, 0).is_err());
    assert!(store.set_access_review(review, Some(9999), 3).is_err());
    assert!(store.set_access_review(9999, None, 3).is_err());
    store.set_access_review(review, None, 12).unwrap();
    let read = store.access_records().unwrap().reviews[0].clone();
    assert_eq!((read.reviewer, read.cycle_months), (None, 12));
    // The next import keeps the system's cycle.
    let account = store.access_records().unwrap().accounts[0].id;
    store
        .decide_access(account, Some(Decision::Keep), "Kevin Osei", day("2026-07-02"))
        .unwrap();
    let next = store
        .import_access_list("EHR", &[listed("mbell", "Marcus Bell", true)], day("2026-10-01"))
        .unwrap();
    assert_eq!(
        store
            .access_records()
            .unwrap()
            .review(next.review_id)
            .unwrap()
            .cycle_months,
        12
    );
}

#[test]
fn an_access_event_is_undone_by_its_log_rows() {
    let mut store = store();
    let person = store
        .add_person(&Person {
            name: "Ann Smith".to_string(),
            ..Default::default()
        })
        .unwrap();
    let head = store.log_head_id().unwrap();
    store
        .add_access_event(&AccessEvent {
            id: 0,
            person_id: person,
            system: "EHR".to_string(),
            kind: AccessEventKind::Granted,
            date: day("2026-07-02"),
            approved_by: None,
            notes: String::new(),
        })
        .unwrap();
    let last = store.log_head_id().unwrap();
    let undone = store.undo_log_rows(head + 1, last).unwrap();
    assert_eq!(undone.summary(), format!("added access change {}", 1));
    assert!(store.access_records().unwrap().events.is_empty());
    assert!(
        store
            .add_access_event(&AccessEvent {
                id: 0,
                person_id: 9999,
                system: "EHR".to_string(),
                kind: AccessEventKind::Granted,
                date: day("2026-07-02"),
                approved_by: None,
                notes: String::new(),
            })
            .is_err(),
        "an unknown person"
    );
}
