//! One data check per process: a store remembers a check that passed (keyed by its
//! connection's `PRAGMA data_version` and the log head it saw), so a command that checks
//! several times (an export and its model, a report and its signature, the portfolio's
//! per-file calls) reads the data once; a change by another connection, or a write through
//! the store, makes the next check read it again. Observed through the store's count of the
//! checks it ran, and through what the checks then say.

use std::path::Path;

use hipaa_ra::store::{DataStatus, Store, StoreError};

#[path = "support/clock.rs"]
mod clock;
use clock::today;

fn demo(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("demo.hra");
    drop(hipaa_ra::demo::create(&path, today()).unwrap());
    path
}

#[test]
fn a_reader_checks_once_when_opened_and_then_remembers_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let reader = Store::open_for_reading(&path).unwrap();
    // The open ran the check beside the damage check.
    assert_eq!(reader.data_checks_run(), 1);
    reader.refuse_uncovered().unwrap();
    assert!(matches!(reader.check_data().unwrap(), DataStatus::Consistent { .. }));
    reader.reading(|store| store.refuse_uncovered()).unwrap();
    let model = hipaa_ra::publish::model(&reader, today(), None).unwrap();
    // A report made on the same snapshot: the cover's head is the one the check saw.
    let DataStatus::Consistent { entries, last_hash } = reader.check_data().unwrap() else {
        panic!("the demo is consistent");
    };
    assert_eq!(
        (model.change_log.entries, model.change_log.last_hash),
        (entries, last_hash)
    );
    assert_eq!(reader.data_checks_run(), 1, "every later check was remembered");
}

#[test]
fn a_change_by_another_connection_is_checked_again_and_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    // An editor holds the file, so the reader goes through the journal and sees changes
    // other connections commit (an unshared reader holds off every writer instead).
    let _editor = Store::open(&path).unwrap();
    let reader = Store::open_for_reading(&path).unwrap();
    reader.refuse_uncovered().unwrap();
    assert_eq!(reader.data_checks_run(), 1);
    {
        let other = rusqlite::Connection::open(&path).unwrap();
        other
            .execute("UPDATE practice SET name = 'Forged' WHERE id = 1", [])
            .unwrap();
    }
    match reader.refuse_uncovered() {
        Err(StoreError::Tampered { detail, .. }) => {
            assert!(
                detail.starts_with("practice 1: name is \"Forged\" in the data"),
                "{detail}"
            );
        }
        other => panic!("expected the change to be refused, got {other:?}"),
    }
    assert_eq!(reader.data_checks_run(), 2);
    // A failed check is not remembered: it is run again, and refused again.
    assert!(reader.refuse_uncovered().is_err());
    assert_eq!(reader.data_checks_run(), 3);
}

#[test]
fn a_write_through_the_store_moves_the_head_and_is_checked_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let mut store = Store::open(&path).unwrap();
    store.refuse_uncovered().unwrap();
    store.refuse_uncovered().unwrap();
    assert_eq!(store.data_checks_run(), 1);
    store.set_assessor("Bea").unwrap();
    let DataStatus::Consistent { last_hash, .. } = store.check_data().unwrap() else {
        panic!("a write through the store is covered by its log");
    };
    assert_eq!(store.data_checks_run(), 2);
    assert_eq!(last_hash, store.change_log().unwrap().pop().unwrap().hash);
    // A change on the store's own connection behind its back moves neither the data
    // version nor the head; the tests' tamper hook forgets the check, as the change
    // would be made by another connection in use.
    store.tamper_for_tests("UPDATE practice SET name = 'Forged'").unwrap();
    assert!(matches!(store.check_data().unwrap(), DataStatus::Differs { .. }));
}

#[test]
fn a_file_edited_behind_its_log_still_opens_for_reading_so_log_verify_can_name_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    {
        let other = rusqlite::Connection::open(&path).unwrap();
        other
            .execute("UPDATE practice SET name = 'Forged' WHERE id = 1", [])
            .unwrap();
    }
    let reader = Store::open_for_reading(&path).unwrap();
    assert!(matches!(reader.verify_history().unwrap(), DataStatus::Differs { .. }));
    assert!(matches!(reader.refuse_uncovered(), Err(StoreError::Tampered { .. })));
}
