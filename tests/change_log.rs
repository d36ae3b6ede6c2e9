//! The change log covers the data: every row change through the store is one log row
//! (cascades included), a workspace starts with a genesis row, and a direct SQL edit of
//! any kind is found by the full replay (`verify_history`) and by the cheap check before a
//! report, an export or the TUI's open (`check_data`), each naming the record.

use std::path::Path;

use hipaa_ra::domain::*;
use hipaa_ra::store::{DataStatus, HeadStatus, Store};

#[path = "support/clock.rs"]
mod clock;
use clock::today;
#[path = "support/old_schema.rs"]
mod old_schema;

/// The demo practice (people, assets, reviews, risks, actions, evidence with files).
fn demo(dir: &Path) -> Store {
    hipaa_ra::demo::create(&dir.join("demo.hra"), today()).unwrap()
}

/// Both checks agree that `record` differs, and the full one says `expected` about it.
fn assert_caught(store: &Store, record: &str, expected: &str) {
    for (check, status) in [
        ("verify_history", store.verify_history().unwrap()),
        ("check_data", store.check_data().unwrap()),
    ] {
        match status {
            DataStatus::Differs { record: found, reason } => {
                assert_eq!(found, record, "{check}: {reason}");
                assert!(reason.contains(expected), "{check}: {found}: {reason}");
            }
            other => panic!("{check}: expected {record} to differ, got {other:?}"),
        }
    }
}

fn assert_consistent(store: &Store) {
    assert!(
        matches!(store.verify_history().unwrap(), DataStatus::Consistent { .. }),
        "{:?}",
        store.verify_history().unwrap()
    );
    assert!(
        matches!(store.check_data().unwrap(), DataStatus::Consistent { .. }),
        "{:?}",
        store.check_data().unwrap()
    );
}

#[test]
fn a_new_workspace_starts_with_a_genesis_row_and_replays_to_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::create(&dir.path().join("new.hra"), "Clinic", "Ana", today()).unwrap();
    let log = store.change_log().unwrap();
    assert_eq!(log[0].entity, "genesis");
    assert_eq!(log[0].id, 1);
    let genesis: serde_json::Value = serde_json::from_str(log[0].after.as_deref().unwrap()).unwrap();
    assert_eq!(genesis["schema_version"], hipaa_ra::store::SCHEMA_VERSION);
    assert_eq!(genesis["application_id"], hipaa_ra::store::APPLICATION_ID);
    assert_eq!(genesis["rows"], serde_json::json!({}));
    // Then one row per row the setup wrote, named by table.
    let tables: Vec<&str> = log[1..].iter().map(|entry| entry.entity.as_str()).collect();
    assert_eq!(tables, ["settings", "practice", "assessments", "settings"]);
    assert_consistent(&store);
    drop(store);
    assert_consistent(&demo(dir.path()));
}

#[test]
fn a_risk_score_edited_behind_the_log_is_named_with_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo(dir.path());
    let assessment = store.current_assessment_id().unwrap();
    let risk = store
        .risks(assessment)
        .unwrap()
        .into_iter()
        .find(|risk| risk.likelihood.is_some_and(|level| level > 0))
        .unwrap();
    let likelihood = risk.likelihood.unwrap();
    store
        .tamper_for_tests(&format!("UPDATE risks SET likelihood = 0 WHERE id = {}", risk.id))
        .unwrap();
    assert_caught(
        &store,
        &format!("risks {}", risk.id),
        &format!("likelihood is 0 in the data, {likelihood} in the log"),
    );
}

#[test]
fn a_review_status_an_asset_name_and_a_link_edited_behind_the_log_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo(dir.path());
    let assessment = store.current_assessment_id().unwrap();
    let review = store
        .safeguard_reviews(assessment)
        .unwrap()
        .into_iter()
        .find(|review| review.status != ReviewStatus::Implemented)
        .unwrap();
    store
        .tamper_for_tests(&format!(
            "UPDATE safeguard_reviews SET status = 'implemented' WHERE id = {}",
            review.id
        ))
        .unwrap();
    assert_caught(
        &store,
        &format!("safeguard_reviews {}", review.id),
        "status is \"implemented\" in the data",
    );

    let dir = tempfile::tempdir().unwrap();
    let store = demo(dir.path());
    let asset = &store.assets(assessment).unwrap()[0];
    store
        .tamper_for_tests(&format!("UPDATE assets SET name = 'Renamed' WHERE id = {}", asset.id))
        .unwrap();
    assert_caught(
        &store,
        &format!("assets {}", asset.id),
        &format!("name is \"Renamed\" in the data, {:?} in the log", asset.name),
    );

    // A row with a composite key, removed and added.
    let dir = tempfile::tempdir().unwrap();
    let store = demo(dir.path());
    let risk = store
        .risks(assessment)
        .unwrap()
        .into_iter()
        .find(|risk| !risk.asset_ids.is_empty())
        .unwrap();
    store
        .tamper_for_tests(&format!(
            "DELETE FROM risk_assets WHERE risk_id = {} AND asset_id = {}",
            risk.id, risk.asset_ids[0]
        ))
        .unwrap();
    assert_caught(
        &store,
        &format!("risk_assets [{},{}]", risk.id, risk.asset_ids[0]),
        "in the change log but not in the data",
    );
    store
        .tamper_for_tests("INSERT INTO people (id, name) VALUES (900, 'Mallory')")
        .unwrap();
    // The first difference in table order: people comes before risk_assets.
    assert_caught(&store, "people 900", "in the data but not in the change log");
}

#[test]
fn replaced_evidence_bytes_are_found_by_re_hashing_them() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo(dir.path());
    let evidence = store
        .evidence()
        .unwrap()
        .into_iter()
        .find(|evidence| evidence.file.is_some())
        .unwrap();
    let sha256 = evidence.file.as_ref().unwrap().sha256.clone();
    store
        .tamper_for_tests(&format!(
            "UPDATE evidence_files SET content = CAST('forged' AS BLOB) WHERE evidence_id = {}",
            evidence.id
        ))
        .unwrap();
    assert_caught(&store, &format!("evidence_files {}", evidence.id), "in the log");
    let DataStatus::Differs { reason, .. } = store.verify_history().unwrap() else {
        panic!("expected a difference");
    };
    assert!(reason.starts_with("content_sha256 is"), "{reason}");
    assert!(reason.contains(&sha256[..20]), "{reason}");

    // The record's hash forged to match as well: both rows now differ from the log.
    let forged = "a".repeat(64);
    store
        .tamper_for_tests(&format!(
            "UPDATE evidence SET file_sha256 = '{forged}' WHERE id = {}",
            evidence.id
        ))
        .unwrap();
    assert_caught(&store, &format!("evidence {}", evidence.id), "file_sha256 is");
}

#[test]
fn a_removed_last_log_row_and_an_emptied_log_are_found() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo(dir.path());
    let assessment = store.current_assessment_id().unwrap();
    let mut asset = store.assets(assessment).unwrap()[0].clone();
    let old_name = asset.name.clone();
    asset.name = "Front desk PC (replaced)".into();
    store.update_asset(&asset).unwrap();
    assert_consistent(&store);
    // Removing the last row leaves an intact chain that no longer accounts for the data.
    store
        .tamper_for_tests("DELETE FROM change_log WHERE id = (SELECT max(id) FROM change_log)")
        .unwrap();
    assert!(matches!(
        store.verify_change_log().unwrap(),
        hipaa_ra::store::ChainStatus::Intact { .. }
    ));
    assert_caught(
        &store,
        &format!("assets {}", asset.id),
        &format!(
            "name is \"Front desk PC (replaced)\" in the data, {:?} in the log",
            old_name
        ),
    );

    store.tamper_for_tests("DELETE FROM change_log").unwrap();
    assert_caught(&store, "change log", "empty");
}

#[test]
fn cascades_and_reassignments_log_every_row_they_change() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo(dir.path());
    let evidence = store
        .evidence()
        .unwrap()
        .into_iter()
        .find(|evidence| evidence.file.is_some() && !evidence.links.is_empty())
        .unwrap();
    let before = store.change_log().unwrap().len();
    store.delete_evidence(evidence.id).unwrap();
    let log = store.change_log().unwrap();
    let deleted: Vec<(&str, &str)> = log[before..]
        .iter()
        .map(|entry| (entry.entity.as_str(), entry.operation.as_str()))
        .collect();
    // The record, its stored file and each link: the schema's cascade removed them.
    let mut expected = vec![("evidence", "delete"), ("evidence_files", "delete")];
    expected.extend(evidence.links.iter().map(|_| ("evidence_links", "delete")));
    let mut sorted = deleted.clone();
    sorted.sort();
    expected.sort();
    assert_eq!(sorted, expected);
    let file_row = log[before..]
        .iter()
        .find(|entry| entry.entity == "evidence_files")
        .unwrap();
    let image: serde_json::Value = serde_json::from_str(file_row.before.as_deref().unwrap()).unwrap();
    assert_eq!(image["content_sha256"], evidence.file.as_ref().unwrap().sha256);
    assert_eq!(image["content_size"], evidence.file.as_ref().unwrap().size);
    assert!(image.get("content").is_none(), "the bytes are never in the log");
    assert_consistent(&store);

    let assessment = store.current_assessment_id().unwrap();
    let people = store.people().unwrap();
    let owner = |person: &&Person| !store.ownership_of(person.id).unwrap().is_empty();
    let from = people.iter().find(owner).unwrap().id;
    let to = people.iter().find(|person| person.id != from).unwrap().id;
    let before = store.change_log().unwrap().len();
    store.reassign_and_delete_person(from, to).unwrap();
    let log = store.change_log().unwrap();
    assert!(
        log[before..].iter().any(|entry| entry.entity == "people"
            && entry.entity_id == from.to_string()
            && entry.operation == "delete")
    );
    assert!(log[before..].len() > 1, "every reassigned row has its own log row");
    assert_consistent(&store);
    assert!(
        !store
            .assets(assessment)
            .unwrap()
            .iter()
            .any(|asset| asset.owner_id == Some(from))
    );
}

#[test]
fn a_refused_save_leaves_no_log_row_and_the_data_still_replays() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo(dir.path());
    let before = store.change_log().unwrap();
    let people = store.people().unwrap();
    let owner = people
        .iter()
        .find(|person| !store.ownership_of(person.id).unwrap().is_empty())
        .unwrap();
    assert!(store.delete_person(owner.id).is_err(), "they own things");
    assert_eq!(store.change_log().unwrap(), before);
    assert_consistent(&store);
}

#[test]
fn the_history_passes_through_an_earlier_head_until_it_is_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo(dir.path());
    let head = store.change_log().unwrap().last().unwrap().clone();
    let assessment = store.current_assessment_id().unwrap();
    let mut asset = store.assets(assessment).unwrap()[0].clone();
    asset.notes = "Checked again".into();
    store.update_asset(&asset).unwrap();
    let entries = store.change_log().unwrap().len() as u64;
    assert_eq!(
        store.passes_through(head.id, &head.hash).unwrap(),
        HeadStatus::Passes { entries }
    );
    assert!(matches!(
        store.passes_through(head.id, &"0".repeat(64)).unwrap(),
        HeadStatus::Departs(reason) if reason.contains("rewritten")
    ));
    assert!(matches!(
        store.passes_through(entries as i64 + 5, &head.hash).unwrap(),
        HeadStatus::Departs(reason) if reason.contains("no row")
    ));
    store
        .tamper_for_tests(&format!("DELETE FROM change_log WHERE id >= {}", head.id))
        .unwrap();
    assert!(matches!(
        store.passes_through(head.id, &head.hash).unwrap(),
        HeadStatus::Departs(_)
    ));
}

/// The hash a schema 1 build gave a log row: SHA-256 of the JSON array of its fields.
fn legacy_hash(id: i64, fields: [&str; 5], prev_hash: &str) -> String {
    use sha2::{Digest, Sha256};
    let [at, actor, entity, entity_id, operation] = fields;
    let content = serde_json::json!([id, at, actor, entity, entity_id, operation, null, "{}", prev_hash]);
    Sha256::digest(content.to_string().as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

#[test]
fn a_schema_1_workspace_gets_a_checkpoint_on_its_upgrade_and_replays_from_there() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo(dir.path());
    let current = store.path().to_path_buf();
    drop(store);
    // What a schema 1 build wrote: the schema of migration 001 alone (no findings columns or
    // tables, no state column, nothing of next year's), the demo's rows in it, and a log
    // that never covered the data (one row here).
    let path = dir.path().join("schema-1.hra");
    {
        let conn = old_schema::copy_at_version(&current, &path, 1);
        let hash = legacy_hash(
            1,
            ["2025-01-01T00:00:00.000Z", "Ana", "practice", "1", "create"],
            &"0".repeat(64),
        );
        conn.execute_batch(&format!(
            "DELETE FROM change_log;
             INSERT INTO change_log (id, at, actor, entity, entity_id, operation, before, after, prev_hash, hash)
             VALUES (1, '2025-01-01T00:00:00.000Z', 'Ana', 'practice', '1', 'create', NULL, '{{}}', '{}', '{hash}');",
            "0".repeat(64)
        ))
        .unwrap();
    }
    let mut store = Store::open(&path).unwrap();
    let log = store.change_log().unwrap();
    assert_eq!(log.len(), 2);
    assert_eq!(log[0].state, None, "the old row is kept as it was");
    assert_eq!(log[1].entity, "checkpoint");
    let checkpoint: serde_json::Value = serde_json::from_str(log[1].after.as_deref().unwrap()).unwrap();
    let assessment = store.current_assessment_id().unwrap();
    let assets = store.assets(assessment).unwrap();
    assert_eq!(
        checkpoint["rows"]["assets"].as_object().unwrap().len(),
        assets.len(),
        "every row's image"
    );
    assert_consistent(&store);
    // From here on, changes replay from the checkpoint and edits are found.
    let mut asset = assets[0].clone();
    asset.notes = "After the upgrade".into();
    store.update_asset(&asset).unwrap();
    assert_consistent(&store);
    store
        .tamper_for_tests(&format!("UPDATE assets SET notes = 'x' WHERE id = {}", asset.id))
        .unwrap();
    assert_caught(&store, &format!("assets {}", asset.id), "notes is \"x\" in the data");
}

#[test]
fn an_upgrade_refuses_a_workspace_whose_data_no_longer_matches_its_log() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo(dir.path());
    let current = store.path().to_path_buf();
    drop(store);
    // The demo in the schema migrations 1 to 5 build, then an edit behind the log. Its
    // genesis names schema 6, which the replay also refuses in a file at 5; the edit itself
    // is found by the same check (see `replay`'s unit test of `before_upgrade`).
    let path = dir.path().join("schema-5.hra");
    {
        let conn = old_schema::copy_at_version(&current, &path, 5);
        conn.execute_batch("UPDATE practice SET name = 'Forged';").unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let error = Store::open(&path).unwrap_err().to_string();
    assert!(
        error.contains("does not match its change log") && error.contains("change log row 1"),
        "{error}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before, "no checkpoint hid the edit");
}

#[test]
fn the_tuis_open_refuses_a_workspace_edited_behind_the_log_and_names_the_record() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo(dir.path());
    let path = store.path().to_path_buf();
    let assessment = store.current_assessment_id().unwrap();
    let asset = store.assets(assessment).unwrap()[0].clone();
    drop(store);
    assert!(Store::open_and_load(&path).is_ok(), "an untouched workspace opens");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute("UPDATE assets SET location = 'Elsewhere' WHERE id = ?1", [asset.id])
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let error = Store::open_and_load(&path).unwrap_err();
    assert!(matches!(error, hipaa_ra::store::StoreError::Tampered { .. }), "{error}");
    let message = error.to_string();
    assert!(
        message.contains(&format!("assets {}: location is \"Elsewhere\" in the data", asset.id)),
        "{message}"
    );
    assert!(!message.contains('\n'), "{message}");
    assert_eq!(std::fs::read(&path).unwrap(), before, "nothing is written");
}
