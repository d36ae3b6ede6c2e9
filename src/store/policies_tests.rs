use super::*;
use crate::domain::policy::ReviewCompletion;

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn store() -> Store {
    Store::in_memory("Clinic", "Ana", day("2026-03-01")).unwrap()
}

fn first_version(number: &str, effective: &str) -> PolicyVersion {
    PolicyVersion {
        number: number.into(),
        effective: Some(day(effective)),
        created: Some(day(effective)),
        ..PolicyVersion::default()
    }
}

fn add(store: &mut Store, title: &str) -> Id {
    let policy = Policy {
        title: title.into(),
        safeguards: "164.308(a)(5)(i)".into(),
        ..Policy::default()
    };
    store
        .add_policy(
            &policy,
            &first_version("1", "2019-01-01"),
            Some(("policy.pdf", b"%PDF v1")),
        )
        .unwrap()
}

#[test]
fn a_policy_round_trips_with_its_first_version_and_its_stored_document() {
    let mut store = store();
    let id = add(&mut store, "Access control");
    let register = store.policy_register().unwrap();
    assert_eq!(register.policies.len(), 1);
    assert_eq!(register.policies[0].title, "Access control");
    assert_eq!(register.policies[0].safeguards, "164.308(a)(5)(i)");
    let versions = register.versions_of(id);
    assert_eq!(versions.len(), 1);
    assert_eq!(versions[0].number, "1");
    assert_eq!(versions[0].file_size, Some(7));
    assert_eq!(
        versions[0].file_sha256.as_deref(),
        Some(hex(&Sha256::digest(b"%PDF v1")).as_str())
    );
    assert_eq!(
        store.policy_version_file(versions[0].id).unwrap(),
        Some(b"%PDF v1".to_vec())
    );
    assert_eq!(register.next_review(&register.policies[0]), Some(day("2020-01-01")));
    assert!(store.verify_history().unwrap().problem().is_none());
}

#[test]
fn completing_a_review_moves_the_next_review_and_a_new_version_becomes_current() {
    let mut store = store();
    let id = add(&mut store, "Access control");
    let planned = store.plan_policy_review(id, day("2026-02-01")).unwrap();
    let before = store.policy_register().unwrap();
    // Planning a review moves nothing.
    assert_eq!(before.next_review(&before.policies[0]), Some(day("2020-01-01")));
    let completion = ReviewCompletion {
        done: Some(day("2026-02-10")),
        outcome: Some(ReviewOutcome::NewVersion),
        number: "2".into(),
        effective: Some(day("2026-03-01")),
        changes: "Adds MFA".into(),
        ..ReviewCompletion::default()
    };
    let review_id = store
        .complete_policy_review(id, &completion, None, day("2026-03-01"))
        .unwrap();
    // The planned review is the one completed.
    assert_eq!(review_id, planned);
    let after = store.policy_register().unwrap();
    assert_eq!(after.reviews_of(id).len(), 1);
    assert_eq!(after.current_number(id).as_deref(), Some("2"));
    assert_eq!(after.next_review(&after.policies[0]), Some(day("2027-02-10")));
    let review = &after.reviews_of(id)[0];
    assert_eq!(review.outcome, Some(ReviewOutcome::NewVersion));
    assert!(review.version_id.is_some());
    assert!(store.verify_history().unwrap().problem().is_none());
}

#[test]
fn a_refused_completion_changes_nothing() {
    let mut store = store();
    let id = add(&mut store, "Access control");
    let completion = ReviewCompletion {
        done: Some(day("2026-02-10")),
        outcome: Some(ReviewOutcome::NewVersion),
        number: "1".into(),
        effective: Some(day("2026-03-01")),
        ..ReviewCompletion::default()
    };
    let before = store.policy_register().unwrap();
    match store.complete_policy_review(id, &completion, None, day("2026-03-01")) {
        Err(StoreError::Refused { field, message }) => {
            assert_eq!(field, "number");
            assert!(message.contains("Version 1 already exists"), "{message}");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(store.policy_register().unwrap(), before);
}

#[test]
fn a_version_is_not_deleted_before_its_retention_end() {
    let mut store = store();
    let id = add(&mut store, "Access control");
    let completion = ReviewCompletion {
        done: Some(day("2020-01-10")),
        outcome: Some(ReviewOutcome::NewVersion),
        number: "2".into(),
        effective: Some(day("2020-02-01")),
        ..ReviewCompletion::default()
    };
    store
        .complete_policy_review(id, &completion, None, day("2020-01-10"))
        .unwrap();
    let versions = store.policy_register().unwrap().versions_of(id);
    let first = versions.iter().find(|version| version.number == "1").unwrap().id;
    let current = versions.iter().find(|version| version.number == "2").unwrap().id;
    // Version 1 was last in effect on 2020-01-31: kept until 2026-01-31.
    match store.delete_policy_version(first, day("2026-01-30")) {
        Err(StoreError::Refused { message, .. }) => assert!(message.contains("until 2026-01-31"), "{message}"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    // The version in effect is kept six years from today.
    match store.delete_policy_version(current, day("2026-03-01")) {
        Err(StoreError::Refused { message, .. }) => assert!(message.contains("until 2032-03-01"), "{message}"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert!(matches!(
        store.delete_policy(id, day("2026-03-01")),
        Err(StoreError::Refused { .. })
    ));
    store.delete_policy_version(first, day("2026-01-31")).unwrap();
    let left = store.policy_register().unwrap().versions_of(id);
    assert_eq!(left.len(), 1);
    // Its stored document went with it (the cascade), and the log accounts for both.
    assert_eq!(store.policy_version_file(first).unwrap(), None);
    assert!(store.verify_history().unwrap().problem().is_none());
}

#[test]
fn log_verify_finds_a_policy_edited_behind_the_log_and_a_document_swapped() {
    let mut store = store();
    add(&mut store, "Access control");
    store.tamper_for_tests("UPDATE policies SET title = 'Forged'").unwrap();
    let problem = store.verify_history().unwrap().problem().expect("found");
    assert!(problem.contains("polic"), "{problem}");

    let mut store = self::store();
    add(&mut store, "Access control");
    store
        .tamper_for_tests("UPDATE policy_version_files SET content = x'00'")
        .unwrap();
    let problem = store.verify_history().unwrap().problem().expect("found");
    assert!(problem.contains("policy"), "{problem}");
}

#[test]
fn a_file_is_attached_to_a_version_without_one_never_replaced_and_undone_whole() {
    let mut store = store();
    let id = add(&mut store, "Access control");
    let completion = ReviewCompletion {
        done: Some(day("2026-02-01")),
        outcome: Some(ReviewOutcome::NewVersion),
        number: "2".into(),
        effective: Some(day("2026-02-01")),
        changes: "MFA for remote access".into(),
        ..ReviewCompletion::default()
    };
    store
        .complete_policy_review(id, &completion, None, day("2026-03-01"))
        .unwrap();
    let second = store
        .policy_register()
        .unwrap()
        .versions_of(id)
        .into_iter()
        .find(|version| version.number == "2")
        .unwrap();
    assert_eq!(second.file_name, None);

    let head = store.log_head_id().unwrap();
    store
        .attach_policy_version_file(second.id, "access-v2.pdf", b"%PDF v2")
        .unwrap();
    let attached = store
        .policy_register()
        .unwrap()
        .versions
        .into_iter()
        .find(|version| version.id == second.id)
        .unwrap();
    assert_eq!(attached.file_name.as_deref(), Some("access-v2.pdf"));
    assert_eq!(attached.file_size, Some(7));
    assert_eq!(
        attached.file_sha256.as_deref(),
        Some(hex(&Sha256::digest(b"%PDF v2")).as_str())
    );
    assert_eq!(store.policy_version_file(second.id).unwrap(), Some(b"%PDF v2".to_vec()));
    assert!(store.verify_history().unwrap().problem().is_none());

    // A stored document is kept as it is: a second one is refused, nothing changes.
    let before = store.policy_register().unwrap();
    let refused = store.attach_policy_version_file(second.id, "other.pdf", b"other");
    assert!(
        matches!(&refused, Err(StoreError::Refused { field: "attach", message }) if message.contains("already keeps access-v2.pdf")),
        "{refused:?}"
    );
    assert_eq!(store.policy_register().unwrap(), before);
    assert_eq!(store.policy_version_file(second.id).unwrap(), Some(b"%PDF v2".to_vec()));
    assert!(matches!(
        store.attach_policy_version_file(999, "x.pdf", b"x"),
        Err(StoreError::Missing { .. })
    ));

    // Undone: the version has no file again, and the log still verifies.
    let last = store.log_head_id().unwrap();
    store.undo_log_rows(head + 1, last).unwrap();
    let undone = store
        .policy_register()
        .unwrap()
        .versions
        .into_iter()
        .find(|version| version.id == second.id)
        .unwrap();
    assert_eq!(undone, second);
    assert_eq!(store.policy_version_file(second.id).unwrap(), None);
    assert!(store.verify_history().unwrap().problem().is_none());
}
