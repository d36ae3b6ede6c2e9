//! Opening without waiting for the data check (`Store::open_deferred`, issue 25): the
//! snapshot loads at once, `PRAGMA integrity_check` and the data against the change log
//! run beside it, and the store itself refuses every write until that check has passed,
//! and for good when it fails, naming the file and the record.

use std::path::{Path, PathBuf};

use hipaa_ra::store::{CheckVerdict, FailureKind, Store, StoreError};

#[path = "support/clock.rs"]
mod clock;
use clock::today;

/// The demo practice in `dir`, closed; its path.
fn demo(dir: &Path) -> PathBuf {
    let path = dir.join("demo.hra");
    drop(hipaa_ra::demo::create(&path, today()).unwrap());
    path
}

/// The first asset's id, after an edit of its location behind the store (and its log).
fn edit_behind(path: &Path) -> i64 {
    let conn = rusqlite::Connection::open(path).unwrap();
    let id: i64 = conn
        .query_row("SELECT min(id) FROM assets", [], |row| row.get(0))
        .unwrap();
    conn.execute("UPDATE assets SET location = 'Elsewhere' WHERE id = ?1", [id])
        .unwrap();
    id
}

#[test]
fn a_tampered_workspace_loads_then_fails_its_check_and_refuses_writes_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let id = edit_behind(&path);
    let before = std::fs::read(&path).unwrap();

    let (mut store, workspace, check) = Store::open_deferred(&path).unwrap();
    // The data is there to look at, edited location and all.
    let asset = workspace.assets.iter().find(|asset| asset.id == id).unwrap();
    assert_eq!(asset.location, "Elsewhere");

    let CheckVerdict::Failed(failure) = check.wait() else {
        panic!("a tampered workspace passed its check");
    };
    assert_eq!(failure.kind, FailureKind::Tampered);
    let reason = failure.to_string();
    assert!(reason.starts_with(&path.display().to_string()), "{reason}");
    assert!(
        reason.contains(&format!(
            "does not match its change log: assets {id}: location is \"Elsewhere\" in the data"
        )),
        "{reason}"
    );
    assert!(!reason.contains('\n'), "{reason}");

    let refused = store.set_assessor("Mallory").unwrap_err();
    assert!(matches!(refused, StoreError::CheckFailed(_)), "{refused}");
    assert_eq!(refused.to_string(), format!("{reason}; the workspace is read-only"));
    drop(store);
    assert_eq!(std::fs::read(&path).unwrap(), before, "nothing is written");
}

#[test]
fn a_clean_workspace_passes_and_then_takes_writes() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let (mut store, workspace, check) = Store::open_deferred(&path).unwrap();
    assert!(!workspace.assets.is_empty());
    assert_eq!(check.wait(), CheckVerdict::Passed);
    store.set_assessor("Pat Kim").unwrap();
    assert_eq!(store.assessor().unwrap(), "Pat Kim");
    assert!(store.verify_history().unwrap().problem().is_none());
}

#[test]
fn a_write_before_the_verdict_is_refused_and_one_after_it_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let (mut store, _, mut check, held) = Store::open_deferred_held_for_tests(&path).unwrap();
    let head = store.log_head_id().unwrap();
    assert_eq!(check.poll(), None, "the check is held");
    let refused = store.set_assessor("Pat Kim").unwrap_err();
    assert!(matches!(refused, StoreError::Checking(_)), "{refused}");
    assert_eq!(
        refused.to_string(),
        format!(
            "{}: the workspace is still being checked; try again in a moment",
            path.display()
        )
    );
    assert_eq!(store.log_head_id().unwrap(), head, "nothing was logged");

    held.release();
    assert_eq!(check.wait(), CheckVerdict::Passed);
    store.set_assessor("Pat Kim").unwrap();
    assert_eq!(store.assessor().unwrap(), "Pat Kim");
}

#[test]
fn a_check_given_up_leaves_its_store_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let (mut store, _, check, held) = Store::open_deferred_held_for_tests(&path).unwrap();
    // Dropped unfinished (as when the TUI quits): the check stops, and with no verdict
    // that it passed, the store never writes.
    drop(check);
    held.release();
    let refused = loop {
        match store.set_assessor("Pat Kim") {
            Err(StoreError::Checking(_)) => std::thread::sleep(std::time::Duration::from_millis(5)),
            other => break other.unwrap_err(),
        }
    };
    assert!(
        refused.to_string().contains("the check was stopped before it finished"),
        "{refused}"
    );
}

#[test]
fn a_store_opened_the_other_ways_is_not_held() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    Store::open(&path).unwrap().set_assessor("Pat Kim").unwrap();
    let (mut store, _) = Store::open_and_load(&path).unwrap();
    store.set_assessor("Sam Lee").unwrap();
}
