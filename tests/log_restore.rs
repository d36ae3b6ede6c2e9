//! `hipaa-ra log restore PATH ROW`, the real binary: the record deleted at a change-log row
//! comes back with what its delete took, as a logged change that `log verify` passes;
//! refused in one line (exit 1, nothing written) for a row that is not a delete, a record
//! that exists again, a stored file, a signed year and a workspace open elsewhere.

use std::path::Path;

use hipaa_ra::store::{FINAL_MESSAGE, Store};

#[path = "support/sandbox.rs"]
mod sandbox;
use sandbox::Sandbox;

#[path = "support/next_year.rs"]
#[allow(dead_code)]
mod support;
use support::final_sign_off;

/// The `log show` row of the delete of `table` `id`.
fn delete_row(sandbox: &Sandbox, path: &str, table: &str, id: i64) -> String {
    let show = sandbox.ok(&["log", "show", path]);
    show.lines()
        .find(|line| line.contains(&format!(" delete {table} {id} ")))
        .and_then(|line| line.split_whitespace().next())
        .unwrap_or_else(|| panic!("no delete of {table} {id} in\n{show}"))
        .to_string()
}

fn log_length(sandbox: &Sandbox, path: &str) -> usize {
    sandbox.ok(&["log", "show", path]).lines().count()
}

#[test]
fn a_deleted_asset_comes_back_with_its_scenario_links_and_the_log_verifies() {
    let sandbox = Sandbox::new();
    let path = sandbox.demo();
    let mut store = Store::open(Path::new(&path)).unwrap();
    let workspace = store.snapshot().unwrap();
    let asset = workspace
        .assets
        .iter()
        .find(|asset| workspace.risks.iter().any(|risk| risk.asset_ids.contains(&asset.id)))
        .unwrap()
        .clone();
    store.delete_asset(asset.id).unwrap();
    drop(store);
    let row = delete_row(&sandbox, &path, "assets", asset.id);

    let out = sandbox.ok(&["log", "restore", &path, &row]);
    assert!(
        out.starts_with(&format!("Restored asset \"{}\" (and ", asset.name)),
        "{out}"
    );
    assert!(sandbox.ok(&["log", "verify", &path]).contains("change log intact"));
    let store = Store::open_for_reading(Path::new(&path)).unwrap();
    let after = store.snapshot().unwrap();
    assert_eq!(after.assets, workspace.assets);
    assert_eq!(after.risks, workspace.risks);
    drop(store);

    // Again: it exists. Nothing is written.
    let length = log_length(&sandbox, &path);
    let again = sandbox.refused(&["log", "restore", &path, &row]);
    assert!(again.contains(&format!("assets {} exists again", asset.id)), "{again}");
    // Row 2 is the settings row of the new workspace: not a delete.
    let not_delete = sandbox.refused(&["log", "restore", &path, "2"]);
    assert!(not_delete.contains("is not a delete"), "{not_delete}");
    assert_eq!(log_length(&sandbox, &path), length);
}

#[test]
fn a_stored_file_a_signed_year_and_an_open_editor_are_refused() {
    let sandbox = Sandbox::new();
    let path = sandbox.demo();
    let mut store = Store::open(Path::new(&path)).unwrap();
    let workspace = store.snapshot().unwrap();
    let evidence = workspace
        .evidence
        .iter()
        .find(|record| record.file.is_some())
        .unwrap()
        .clone();
    store.delete_evidence(evidence.id).unwrap();
    let asset = workspace.assets[0].clone();
    store.delete_asset(asset.id).unwrap();

    // The editor holds the lock.
    let asset_row = delete_row(&sandbox, &path, "assets", asset.id);
    let locked = sandbox.refused(&["log", "restore", &path, &asset_row]);
    assert!(locked.contains("is open in another hipaa-ra"), "{locked}");

    store.record_sign_off(&final_sign_off(workspace.assessment_id)).unwrap();
    drop(store);
    let length = log_length(&sandbox, &path);

    let evidence_row = delete_row(&sandbox, &path, "evidence", evidence.id);
    let file = sandbox.refused(&["log", "restore", &path, &evidence_row]);
    assert!(file.contains("stored file"), "{file}");
    assert!(file.contains("SHA-256"), "{file}");

    let signed = sandbox.refused(&["log", "restore", &path, &asset_row]);
    assert!(signed.contains(FINAL_MESSAGE), "{signed}");
    assert_eq!(log_length(&sandbox, &path), length);
    assert!(sandbox.ok(&["log", "verify", &path]).contains("change log intact"));
}
