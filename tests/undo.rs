//! Undo in the store: a write taken back by the inverse of its change-log rows, as one new
//! logged write that replays (`verify_history`); refused, changing nothing, when a row it
//! touched changed since, when a stored file's bytes would be needed, and for a signed
//! year. And `restore_deleted`, the store side of `hipaa-ra log restore`.

use hipaa_ra::domain::*;
use hipaa_ra::store::{FINAL_MESSAGE, NextOptions, Store, StoreError};

#[path = "support/next_year.rs"]
mod support;
use support::{assert_consistent, demo, final_sign_off, today};

/// Runs `write` and returns the change-log rows it added (first, last).
fn logged(store: &mut Store, write: impl FnOnce(&mut Store)) -> (i64, i64) {
    let head = store.log_head_id().unwrap();
    write(store);
    (head + 1, store.log_head_id().unwrap())
}

/// An asset of the demo that scenarios cover, with a coverage note written for it.
fn covered_asset(store: &mut Store) -> Asset {
    let workspace = store.snapshot().unwrap();
    let (asset, risk) = workspace
        .assets
        .iter()
        .find_map(|asset| {
            let risk = workspace.risks.iter().find(|risk| risk.asset_ids.contains(&asset.id))?;
            Some((asset.clone(), risk.id))
        })
        .expect("a demo asset with scenarios");
    store
        .save_coverage_note(&CoverageNote {
            asset_id: asset.id,
            risk_ids: vec![risk],
            reason: "The front desk scenarios cover it".to_string(),
        })
        .unwrap();
    asset
}

fn refusal(error: StoreError) -> String {
    let message = error.to_string();
    assert!(matches!(error, StoreError::Refused { .. }), "{error:?}");
    assert!(!message.contains('\n'), "{message}");
    message
}

#[test]
fn undoing_an_asset_delete_brings_back_its_links_and_coverage_note_with_the_same_ids() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo(dir.path());
    let asset = covered_asset(&mut store);
    let before = store.snapshot().unwrap();
    let links = before
        .risks
        .iter()
        .filter(|risk| risk.asset_ids.contains(&asset.id))
        .count();
    assert!(links > 0);

    let (first, last) = logged(&mut store, |store| store.delete_asset(asset.id).unwrap());
    let deleted = store.snapshot().unwrap();
    assert!(deleted.assets.iter().all(|kept| kept.id != asset.id));
    assert!(deleted.coverage_notes.iter().all(|note| note.asset_id != asset.id));

    let undone = store.undo_log_rows(first, last).unwrap();
    assert_eq!(
        undone.summary(),
        format!("deleted asset \"{}\" (and {} links)", asset.name, links + 1)
    );
    let after = store.snapshot().unwrap();
    assert_eq!(after.assets, before.assets);
    assert_eq!(after.risks, before.risks);
    assert_eq!(after.coverage_notes, before.coverage_notes);
    assert_eq!(after.actions, before.actions);
    // One new logged write, which replays.
    assert_eq!(undone.log_rows.0, last + 1);
    assert_eq!(undone.log_rows.1 - undone.log_rows.0, last - first);
    assert_consistent(&store);
    assert!(matches!(
        store.check_data().unwrap(),
        hipaa_ra::store::DataStatus::Consistent { .. }
    ));
}

#[test]
fn undoing_an_update_puts_the_old_values_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo(dir.path());
    let before = store.snapshot().unwrap();
    let asset = before.assets[0].clone();
    let (first, last) = logged(&mut store, |store| {
        store
            .update_asset(&Asset {
                name: "Renamed laptop".to_string(),
                notes: "changed".to_string(),
                ..asset.clone()
            })
            .unwrap()
    });
    let undone = store.undo_log_rows(first, last).unwrap();
    assert_eq!(undone.summary(), format!("edited asset \"{}\"", asset.name));
    assert_eq!(store.snapshot().unwrap().assets, before.assets);
    assert_consistent(&store);
}

#[test]
fn undoing_an_add_removes_the_record() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo(dir.path());
    let before = store.snapshot().unwrap();
    let (first, last) = logged(&mut store, |store| {
        store
            .add_asset(&Asset {
                id: 0,
                name: "New tablet".to_string(),
                ..before.assets[0].clone()
            })
            .unwrap();
    });
    let undone = store.undo_log_rows(first, last).unwrap();
    assert_eq!(undone.summary(), "added asset \"New tablet\"");
    assert_eq!(store.snapshot().unwrap().assets, before.assets);
    assert_consistent(&store);
}

#[test]
fn undo_is_refused_after_a_later_edit_of_the_same_row_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo(dir.path());
    let asset = store.snapshot().unwrap().assets[0].clone();
    let (first, last) = logged(&mut store, |store| {
        store
            .update_asset(&Asset {
                name: "First rename".to_string(),
                ..asset.clone()
            })
            .unwrap()
    });
    let (_, later) = logged(&mut store, |store| {
        store
            .update_asset(&Asset {
                name: "Second rename".to_string(),
                ..asset.clone()
            })
            .unwrap()
    });
    let data = store.snapshot().unwrap();
    let log = store.change_log().unwrap();
    let message = refusal(store.undo_log_rows(first, last).unwrap_err());
    assert_eq!(
        message,
        format!(
            "nothing was undone: assets {} was changed since (change-log row {later}); undo or change that first",
            asset.id
        )
    );
    assert_eq!(store.snapshot().unwrap().assets, data.assets);
    assert_eq!(store.change_log().unwrap(), log);
    // Undoing the later write first, then the earlier one, works.
    store.undo_log_rows(later, later).unwrap();
    store.undo_log_rows(first, last).unwrap();
    assert_eq!(store.snapshot().unwrap().assets[0], asset);
    assert_consistent(&store);
}

#[test]
fn undo_in_a_signed_year_is_refused_with_the_final_message() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo(dir.path());
    let workspace = store.snapshot().unwrap();
    let (first, last) = logged(&mut store, |store| {
        store
            .update_asset(&Asset {
                name: "Renamed before signing".to_string(),
                ..workspace.assets[0].clone()
            })
            .unwrap()
    });
    store.record_sign_off(&final_sign_off(workspace.assessment_id)).unwrap();
    let data = store.snapshot().unwrap();
    let log = store.change_log().unwrap();
    assert_eq!(refusal(store.undo_log_rows(first, last).unwrap_err()), FINAL_MESSAGE);
    assert_eq!(store.snapshot().unwrap().assets, data.assets);
    assert_eq!(store.change_log().unwrap(), log);
    assert_consistent(&store);
}

#[test]
fn a_deleted_stored_file_comes_back_in_the_same_session_but_not_from_the_log_alone() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo(dir.path());
    let evidence = store
        .snapshot()
        .unwrap()
        .evidence
        .into_iter()
        .find(|evidence| evidence.file.is_some())
        .expect("a demo record with a stored file");
    store.delete_evidence(evidence.id).unwrap();
    // Another process (`log restore`) has only the log: the bytes are not in it.
    let path = store.path().to_path_buf();
    drop(store);
    let mut other = Store::open(&path).unwrap();
    let row = other
        .change_log()
        .unwrap()
        .into_iter()
        .find(|entry| entry.entity == "evidence" && entry.operation == "delete")
        .unwrap()
        .id;
    let message = refusal(other.restore_deleted(row).unwrap_err());
    assert!(message.contains("stored file of evidence record"), "{message}");
    assert!(message.starts_with("nothing was restored"), "{message}");
    drop(other);

    // The session that deleted it kept the bytes: undo puts them back.
    let mut store = Store::open(&path).unwrap();
    let evidence = store
        .snapshot()
        .unwrap()
        .evidence
        .into_iter()
        .find(|e| e.file.is_some())
        .unwrap();
    let bytes_again = store.evidence_file(evidence.id).unwrap();
    let (first_again, last_again) = logged(&mut store, |store| store.delete_evidence(evidence.id).unwrap());
    store.undo_log_rows(first_again, last_again).unwrap();
    assert_eq!(store.evidence_file(evidence.id).unwrap(), bytes_again);
    assert_consistent(&store);
}

#[test]
fn restore_brings_back_a_deleted_record_with_what_its_delete_took() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo(dir.path());
    let asset = covered_asset(&mut store);
    let before = store.snapshot().unwrap();
    // Something else changes in between: it stays.
    let (first, last) = logged(&mut store, |store| store.delete_asset(asset.id).unwrap());
    let other = before.assets.iter().find(|other| other.id != asset.id).unwrap().clone();
    store
        .update_asset(&Asset {
            notes: "edited after the delete".to_string(),
            ..other.clone()
        })
        .unwrap();
    let log = store.change_log().unwrap();
    let row = log[first as usize - 1..last as usize]
        .iter()
        .find(|entry| entry.entity == "assets")
        .unwrap()
        .id;
    let update = log.last().unwrap().id;

    let restored = store.restore_deleted(row).unwrap();
    assert_eq!(restored.verb, "deleted");
    assert!(restored.records().starts_with(&format!("asset \"{}\"", asset.name)));
    let after = store.snapshot().unwrap();
    assert_eq!(after.risks, before.risks);
    assert_eq!(after.coverage_notes, before.coverage_notes);
    assert_eq!(after.assets.iter().find(|kept| kept.id == asset.id), Some(&asset));
    assert_eq!(
        after.assets.iter().find(|kept| kept.id == other.id).unwrap().notes,
        "edited after the delete"
    );
    assert_consistent(&store);

    let log = store.change_log().unwrap();
    let again = refusal(store.restore_deleted(row).unwrap_err());
    assert_eq!(again, format!("nothing was restored: assets {} exists again", asset.id));
    let not_a_delete = refusal(store.restore_deleted(update).unwrap_err());
    assert!(not_a_delete.contains("is not a delete"), "{not_a_delete}");
    let missing = refusal(store.restore_deleted(1_000_000).unwrap_err());
    assert!(missing.contains("has no row 1000000"), "{missing}");
    assert_eq!(store.change_log().unwrap(), log);
}

#[test]
fn undoing_an_edit_of_a_carried_record_leaves_it_unconfirmed_again() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo(dir.path());
    let last_year = store.snapshot().unwrap().assessment_id;
    store.record_sign_off(&final_sign_off(last_year)).unwrap();
    store.next_assessment(&NextOptions::default(), today()).unwrap();
    let before = store.snapshot().unwrap();
    assert!(before.carried.iter().any(|item| !item.confirmed));
    let asset = before
        .assets
        .iter()
        .find(|asset| {
            before
                .carried
                .iter()
                .any(|item| item.entity == CarriedEntity::Asset && item.record_id == asset.id && !item.confirmed)
        })
        .unwrap()
        .clone();
    let (first, last) = logged(&mut store, |store| {
        store
            .update_asset(&Asset {
                name: "Edited this year".to_string(),
                ..asset.clone()
            })
            .unwrap()
    });
    assert_ne!(store.snapshot().unwrap().carried, before.carried);
    store.undo_log_rows(first, last).unwrap();
    let after = store.snapshot().unwrap();
    assert_eq!(after.carried, before.carried);
    assert_eq!(after.assets, before.assets);
    assert_consistent(&store);
}
