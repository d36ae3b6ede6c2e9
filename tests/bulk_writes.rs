//! Bulk writes record their change log in one pass (the head read once, the state digest
//! carried in memory, one prepared INSERT). The rows must be exactly the ones a write per
//! row makes, and a bulk import's log must replay to the data.

use std::path::Path;

use chrono::{TimeZone, Utc};
use hipaa_ra::domain::*;
use hipaa_ra::store::{Clock, DataStatus, Store};

#[path = "support/clock.rs"]
mod clock;
use clock::today;

fn fixed_clock() -> Clock {
    Clock::Fixed(Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap())
}

fn asset(name: &str) -> Asset {
    Asset {
        name: name.to_string(),
        location: format!("Room \"{name}\"\n2nd floor"),
        record_count: Some(1200),
        ..Default::default()
    }
}

fn assert_consistent(store: &Store) {
    let history = store.verify_history().unwrap();
    assert!(matches!(history, DataStatus::Consistent { .. }), "{history:?}");
    // The head's state digest against a fresh digest of the tables.
    let data = store.check_data().unwrap();
    assert!(matches!(data, DataStatus::Consistent { .. }), "{data:?}");
}

/// A workspace file and a byte-for-byte copy of it, so two write paths start from the same log.
fn twins(dir: &Path) -> (Store, Store) {
    let first = dir.join("one.hra");
    let second = dir.join("two.hra");
    // Closed before copying: the file is whole on its own.
    drop(Store::create(&first, "Clinic", "Ana", today()).unwrap());
    std::fs::copy(&first, &second).unwrap();
    let open = |path: &Path| {
        let mut store = Store::open(path).unwrap();
        store.set_clock(fixed_clock());
        store
    };
    (open(&first), open(&second))
}

#[test]
fn one_write_of_many_rows_logs_exactly_what_a_write_per_row_logs() {
    let dir = tempfile::tempdir().unwrap();
    let (mut bulk, mut single) = twins(dir.path());
    let assessment = bulk.current_assessment_id().unwrap();
    let names = ["Server", "Laptop 'A'", "Fax \u{e9}", "Backup\ttape", "EHR"];
    let assets: Vec<Asset> = names
        .iter()
        .map(|name| Asset {
            assessment_id: assessment,
            ..asset(name)
        })
        .collect();
    let before = bulk.change_log().unwrap().len();
    bulk.add_assets(&assets).unwrap();
    for one in &assets {
        single.add_asset(one).unwrap();
    }
    let bulk_log = bulk.change_log().unwrap();
    let single_log = single.change_log().unwrap();
    // One row per asset, each with the same id, content and state digest. The last row of
    // each write also carries each assessment's part of the digest (src/store/scopes.rs),
    // so a write per row puts the parts on every row and the hashes differ from there on:
    // the totals (the state's first word) and the last row's parts are the same.
    assert_eq!(bulk_log.len(), before + names.len());
    fn without_parts(log: &[hipaa_ra::store::LogEntry]) -> Vec<hipaa_ra::store::LogEntry> {
        log.iter()
            .map(|entry| hipaa_ra::store::LogEntry {
                hash: String::new(),
                prev_hash: String::new(),
                state: entry
                    .state
                    .as_deref()
                    .map(|state| state.split(' ').next().unwrap_or_default().to_string()),
                ..entry.clone()
            })
            .collect()
    }
    assert_eq!(without_parts(&bulk_log), without_parts(&single_log));
    assert_eq!(bulk_log[..before], single_log[..before]);
    assert_eq!(bulk_log.last().unwrap().state, single_log.last().unwrap().state);
    assert!(bulk_log[before..].iter().all(|entry| entry.entity == "assets"));
    assert_consistent(&bulk);
    assert_consistent(&single);
}

#[test]
fn a_bulk_import_logs_one_row_per_changed_row_and_replays_to_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create(&dir.path().join("import.hra"), "Clinic", "Ana", today()).unwrap();
    let assessment = store.current_assessment_id().unwrap();
    // 600 assets naming 3 owners not yet known (so 3 people are added with them).
    let rows: Vec<(Asset, Option<String>)> = (0..600)
        .map(|n| (asset(&format!("Workstation {n:04}")), Some(format!("Owner {}", n % 3))))
        .collect();
    let before = store.change_log().unwrap().len();
    let counts = store.import_assets(assessment, &rows).unwrap();
    assert_eq!((counts.added, counts.updated, counts.unchanged), (600, 0, 0));
    let log = store.change_log().unwrap();
    let added = &log[before..];
    assert_eq!(added.len(), 603, "600 assets and 3 people, one log row each");
    assert_eq!(added.iter().filter(|entry| entry.entity == "assets").count(), 600);
    assert_eq!(added.iter().filter(|entry| entry.entity == "people").count(), 3);
    assert!(added.iter().all(|entry| entry.operation == "create"));
    assert_consistent(&store);

    // Imported again with every tenth location changed: one update row per changed asset,
    // none for the unchanged ones.
    let again: Vec<(Asset, Option<String>)> = rows
        .iter()
        .enumerate()
        .map(|(n, (asset, owner))| {
            let mut asset = asset.clone();
            if n % 10 == 0 {
                asset.location = "Moved".to_string();
            }
            (asset, owner.clone())
        })
        .collect();
    let before = log.len();
    let counts = store.import_assets(assessment, &again).unwrap();
    assert_eq!((counts.added, counts.updated, counts.unchanged), (0, 60, 540));
    let log = store.change_log().unwrap();
    assert_eq!(log.len() - before, 60);
    assert!(
        log[before..]
            .iter()
            .all(|entry| entry.entity == "assets" && entry.operation == "update")
    );
    assert_consistent(&store);
}

#[test]
fn a_bulk_next_year_replays_to_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = hipaa_ra::demo::create(&dir.path().join("demo.hra"), today()).unwrap();
    let before = store.change_log().unwrap().len();
    let summary = store
        .next_assessment(&hipaa_ra::store::NextOptions::default(), today())
        .unwrap();
    assert!(summary.assets > 0 && summary.risks > 0, "{summary:?}");
    assert!(store.change_log().unwrap().len() > before);
    assert_consistent(&store);
}
