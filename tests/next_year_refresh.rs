//! Next year, finished: the inventory refresh (an updated spreadsheet imported into the new
//! assessment names last year's assets it did not list; retiring one keeps its history and
//! takes it out of this year's findings), acknowledgments and coverage notes carried
//! forward and resolving nothing until confirmed, and the one record of a signed report
//! (the sign-off) that makes an assessment read-only, with migration 005's conversion.

use std::path::Path;
use std::process::{Command, Output};

use hipaa_ra::catalog::Catalog;
use hipaa_ra::domain::*;
use hipaa_ra::store::{FINAL_MESSAGE, NextOptions, Store};

#[path = "support/next_year.rs"]
mod support;
use support::{assert_consistent, demo, final_sign_off, today};

/// A CSV of name and location for every asset of `workspace` but `left_out`, one location
/// changed, and one new asset.
fn refreshed_csv(workspace: &Workspace, left_out: &str, moved: &str) -> String {
    let mut csv = String::from("name,kind,location\n");
    for asset in &workspace.assets {
        if asset.name == left_out {
            continue;
        }
        let location = if asset.name == moved {
            "Back office"
        } else {
            &asset.location
        };
        csv.push_str(&format!("\"{}\",{},\"{}\"\n", asset.name, asset.kind.key(), location));
    }
    csv.push_str("Patient portal,application,Cloud\n");
    csv
}

fn finding_keys(workspace: &Workspace) -> Vec<String> {
    findings(workspace, Catalog::embedded(), today())
        .into_iter()
        .filter(|finding| finding.is_open())
        .map(|finding| finding.key)
        .collect()
}

#[test]
fn an_import_into_next_year_lists_last_years_assets_it_did_not_see_and_retiring_one_keeps_its_history() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo(dir.path());
    let last = store.snapshot().unwrap();
    store.next_assessment(&NextOptions::default(), today()).unwrap();
    let next = store.snapshot().unwrap();
    // Left out: an in-scope asset that raises a finding this year, so retiring it shows.
    let keys = finding_keys(&next);
    let left_out = next
        .assets
        .iter()
        .find(|asset| keys.iter().any(|key| key.ends_with(&format!("asset:{}", asset.id))))
        .expect("some asset of the demo raises a finding")
        .clone();
    let moved = next
        .assets
        .iter()
        .find(|asset| asset.id != left_out.id)
        .unwrap()
        .clone();
    let csv = refreshed_csv(&next, &left_out.name, &moved.name);
    let table = hipaa_ra::exchange::parse_asset_table(csv.as_bytes()).unwrap();

    let counts = store.import_asset_table(next.assessment_id, &table).unwrap();
    assert_eq!((counts.added, counts.updated), (1, 1), "{counts}");
    assert_eq!(counts.unchanged, next.assets.len() - 2);
    assert_eq!(counts.not_seen, vec![(left_out.id, left_out.name.clone())]);
    assert_eq!(
        counts.not_seen_line().unwrap(),
        format!(
            "1 of last year's assets was not in the file: #{} {}",
            left_out.id, left_out.name
        )
    );

    let names = store.retire_assets(&[left_out.id], today()).unwrap();
    assert_eq!(names, vec![left_out.name.clone()]);
    let after = store.snapshot().unwrap();
    assert!(after.is_retired(left_out.id));
    assert!(after.asset(left_out.id).is_some(), "a retired asset stays in the store");
    let keys = finding_keys(&after);
    assert!(
        !keys.iter().any(|key| key.contains(&format!("asset:{}", left_out.id))),
        "a retired asset raises no findings: {keys:?}"
    );
    // Last year still has it; the changes list it as removed, the new one as added.
    let last_again = store.snapshot_of(last.assessment_id).unwrap();
    assert_eq!(last_again.assets, last.assets);
    let changes = hipaa_ra::domain::changes::changes(&last_again, &after);
    assert_eq!(changes.assets_removed, vec![left_out.name.clone()]);
    assert_eq!(changes.assets_added, vec!["Patient portal".to_string()]);
    assert_eq!(changes.assets_changed[0].name, moved.name);

    // A second import no longer names it; retiring it twice, or last year's, is refused.
    let counts = store.import_asset_table(next.assessment_id, &table).unwrap();
    assert!(counts.not_seen.is_empty(), "{:?}", counts.not_seen);
    let log = store.change_log().unwrap().len();
    let twice = store.retire_assets(&[left_out.id], today()).unwrap_err().to_string();
    assert!(twice.contains("is already retired"), "{twice}");
    let new = after
        .assets
        .iter()
        .find(|asset| asset.name == "Patient portal" && after.carried(CarriedEntity::Asset, asset.id).is_none())
        .unwrap()
        .id;
    let added = store.retire_assets(&[new], today()).unwrap_err().to_string();
    assert!(added.contains("was not carried forward from last year"), "{added}");
    let old = last.assets[0].id;
    let other = store.retire_assets(&[old], today()).unwrap_err().to_string();
    assert!(other.contains("is not in the open assessment"), "{other}");
    assert_eq!(store.change_log().unwrap().len(), log, "a refusal writes nothing");

    // The year after, the retired asset is not carried forward.
    store.next_assessment(&NextOptions::default(), today()).unwrap();
    let third = store.snapshot().unwrap();
    assert!(!third.assets.iter().any(|asset| asset.name == left_out.name));
    assert_eq!(third.assets.len(), after.assets.len() - 1);
    assert_consistent(&store);
}

#[test]
fn an_import_into_a_first_year_names_nothing_as_unseen() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo(dir.path());
    let workspace = store.snapshot().unwrap();
    let csv = refreshed_csv(&workspace, &workspace.assets[0].name, &workspace.assets[1].name);
    let table = hipaa_ra::exchange::parse_asset_table(csv.as_bytes()).unwrap();
    let counts = store.import_asset_table(workspace.assessment_id, &table).unwrap();
    assert!(counts.not_seen.is_empty(), "nothing was carried forward");
    assert_eq!(counts.not_seen_line(), None);
}

#[test]
fn acknowledgments_and_coverage_notes_carry_forward_and_resolve_nothing_until_confirmed() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo(dir.path());
    let last = store.snapshot().unwrap();
    assert_eq!((last.acknowledgments.len(), last.coverage_notes.len()), (1, 1));
    let last_findings = findings(&last, Catalog::embedded(), today());
    let acknowledged = last_findings
        .iter()
        .find(|finding| finding.acknowledgment.is_some())
        .unwrap()
        .clone();
    let summary = store.next_assessment(&NextOptions::default(), today()).unwrap();
    assert_eq!((summary.acknowledgments, summary.coverage_notes), (1, 1));
    let next = store.snapshot().unwrap();

    // Copied onto this year's records, each marked.
    let acknowledgment = next.acknowledgments[0].clone();
    assert_eq!(acknowledgment.assessment_id, next.assessment_id);
    assert_eq!(acknowledgment.reason, last.acknowledgments[0].reason);
    let item = next.carried(CarriedEntity::Acknowledgment, acknowledgment.id).unwrap();
    assert_eq!(item.previous_id, last.acknowledgments[0].id);
    let note = next.coverage_notes[0].clone();
    assert_eq!(note.reason, last.coverage_notes[0].reason);
    assert!(next.asset(note.asset_id).is_some(), "the note is on this year's copy");
    assert!(note.risk_ids.iter().all(|id| next.risk(*id).is_some()));
    assert!(next.needs_confirmation(CarriedEntity::CoverageNote, note.asset_id));

    // Unconfirmed, they resolve nothing: the acknowledged finding and the covered asset's
    // finding are open, and the message says why.
    let open = findings(&next, Catalog::embedded(), today());
    let vendor = open
        .iter()
        .find(|finding| finding.key == acknowledgment.finding)
        .expect("the finding names this year's vendor");
    assert_eq!(vendor.rule, acknowledged.rule);
    assert!(vendor.is_open());
    assert!(vendor.resolution.contains("carried forward"), "{}", vendor.resolution);
    let coverage = open
        .iter()
        .find(|finding| finding.key == format!("{}:asset:{}", Rule::AssetWithoutScenario.key(), note.asset_id))
        .expect("the covered asset is open again");
    assert!(coverage.message.contains("not yet confirmed"), "{}", coverage.message);
    assert!(stale_free(&next, &open));

    // One confirms the acknowledgment; editing the note confirms it.
    store
        .confirm_carried(CarriedEntity::Acknowledgment, acknowledgment.id)
        .unwrap();
    store
        .save_coverage_note(&CoverageNote {
            reason: format!("{} Checked again this year.", note.reason),
            ..note.clone()
        })
        .unwrap();
    let after = store.snapshot().unwrap();
    let keys = finding_keys(&after);
    assert!(!keys.contains(&acknowledgment.finding), "{keys:?}");
    assert!(!keys.contains(&coverage.key), "{keys:?}");
    assert!(
        after
            .unconfirmed()
            .iter()
            .all(|item| !matches!(item.entity, CarriedEntity::Acknowledgment | CarriedEntity::CoverageNote))
    );
    // Last year's are untouched.
    let last_again = store.snapshot_of(last.assessment_id).unwrap();
    assert_eq!(last_again.acknowledgments, last.acknowledgments);
    assert_eq!(last_again.coverage_notes, last.coverage_notes);
    assert_consistent(&store);
}

/// A carried acknowledgment waiting for confirmation is not reported as stale.
fn stale_free(workspace: &Workspace, findings: &[Finding]) -> bool {
    hipaa_ra::domain::findings::stale_acknowledgments(workspace, findings).is_empty()
}

#[test]
fn the_first_final_sign_off_is_the_signature_that_makes_an_assessment_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo(dir.path());
    let last = store.snapshot().unwrap();
    assert!(store.signatures().unwrap().is_empty());
    store.record_sign_off(&final_sign_off(last.assessment_id)).unwrap();
    let signatures = store.signatures().unwrap();
    assert_eq!(signatures.len(), 1);
    assert_eq!(
        (
            signatures[0].assessment_id,
            signatures[0].signed_on,
            signatures[0].key_id.as_str()
        ),
        (last.assessment_id, today(), "ABCDEF0123456789")
    );
    // Read-only now, acknowledgments and coverage notes included; the sign-off stays.
    let refusals = [
        store.withdraw_acknowledgment(last.acknowledgments[0].id).unwrap_err(),
        store
            .save_coverage_note(&CoverageNote {
                reason: "changed".to_string(),
                ..last.coverage_notes[0].clone()
            })
            .unwrap_err(),
        store.delete_asset(last.assets[0].id).unwrap_err(),
    ];
    for refusal in refusals {
        assert_eq!(refusal.to_string(), FINAL_MESSAGE);
    }
    // Next year's work leaves last year's signed report current; a change to the
    // practice's shared records (a person) does not.
    store.next_assessment(&NextOptions::default(), today()).unwrap();
    let next = store.snapshot().unwrap();
    store
        .update_asset(&Asset {
            notes: "Moved".to_string(),
            ..next.assets[0].clone()
        })
        .unwrap();
    assert!(store.latest_sign_off(last.assessment_id).unwrap().unwrap().current);
    store
        .add_person(&Person {
            name: "New hire".into(),
            ..Default::default()
        })
        .unwrap();
    assert!(!store.latest_sign_off(last.assessment_id).unwrap().unwrap().current);
    let sign_off = store.sign_offs(last.assessment_id).unwrap()[0].id;
    store
        .tamper_for_tests(&format!("DELETE FROM sign_offs WHERE id = {sign_off}"))
        .expect_err("the store's own connection refuses to remove a signature");
    assert_consistent(&store);
}

#[test]
fn migration_005_turns_a_schema_4_signature_into_a_sign_off_and_drops_its_table() {
    // The migrations' SQL on a bare connection: a schema 4 file with a signature recorded
    // the old way, one signed the new way too (kept once), and a draft.
    let conn = rusqlite::Connection::open_in_memory().unwrap();
    for sql in [
        include_str!("../src/store/migrations/001_initial.sql"),
        include_str!("../src/store/migrations/002_findings.sql"),
        include_str!("../src/store/migrations/003_change_log_state.sql"),
        include_str!("../src/store/migrations/004_next_year.sql"),
    ] {
        conn.execute_batch(sql).unwrap();
    }
    conn.execute_batch(&format!(
        "INSERT INTO assessments (id, title, period_start, period_end, assessor, matrix)
         VALUES (1, '2025', '2025-01-01', '2025-12-31', 'Ann', '{{}}'),
                (2, '2026', '2026-01-01', '2026-12-31', 'Ann', '{{}}'),
                (3, '2027', '2027-01-01', '2027-12-31', 'Ann', '{{}}');
         INSERT INTO assessment_signatures VALUES (1, '2026-01-15', 'KEY1', '{a}'), (2, '2027-01-15', 'KEY2', '{b}');
         INSERT INTO sign_offs (assessment_id, report_date, signed_at, signer, key_id, report_sha256, log_head)
         VALUES (2, '2027-01-15', '2027-01-15T10:00:00Z', 'Ann', 'KEY2', '{b}', 40);",
        a = "a".repeat(64),
        b = "b".repeat(64)
    ))
    .unwrap();
    conn.execute_batch(include_str!(
        "../src/store/migrations/005_retired_and_one_signature.sql"
    ))
    .unwrap();
    let rows: Vec<(i64, String, String, String, String)> = conn
        .prepare(
            "SELECT assessment_id, report_date, signer, key_id, report_sha256 FROM sign_offs ORDER BY assessment_id",
        )
        .unwrap()
        .query_map([], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?))
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(
        rows,
        vec![
            (1, "2026-01-15".into(), String::new(), "KEY1".into(), "a".repeat(64)),
            (2, "2027-01-15".into(), "Ann".into(), "KEY2".into(), "b".repeat(64)),
        ]
    );
    let gone: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE name = 'assessment_signatures'",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(gone, 0, "one record of a signed report");
}

/// Runs hipaa-ra with a private home, a fixed date and no terminal.
fn run(dir: &Path, args: &[&str]) -> Output {
    let home = dir.join("home");
    Command::new(env!("CARGO_BIN_EXE_hipaa-ra"))
        .args(args)
        .env("HOME", &home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("HIPAA_RA_TODAY", support::TODAY)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

#[test]
fn the_cli_import_names_the_unseen_assets_and_assets_retire_retires_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("clinic.hra");
    let path_text = path.to_str().unwrap();
    let made = run(dir.path(), &["demo", path_text, "--no-open"]);
    assert!(made.status.success(), "{}", text(&made.stderr));
    // The demo's this year was carried forward from last year's.
    let store = Store::open_for_reading(&path).unwrap();
    let workspace = store.snapshot().unwrap();
    drop(store);
    let left_out = workspace
        .assets
        .iter()
        .find(|asset| workspace.carried(CarriedEntity::Asset, asset.id).is_some() && asset.id != workspace.assets[0].id)
        .unwrap()
        .clone();
    let csv = dir.path().join("inventory.csv");
    std::fs::write(
        &csv,
        refreshed_csv(&workspace, &left_out.name, &workspace.assets[0].name),
    )
    .unwrap();
    let imported = run(dir.path(), &["assets", "import", path_text, csv.to_str().unwrap()]);
    assert!(imported.status.success(), "{}", text(&imported.stderr));
    let out = text(&imported.stdout);
    assert!(out.contains("added 1, updated 1"), "{out}");
    assert!(
        out.contains(&format!(
            "1 of last year's assets was not in the file: #{} {}; retire those no longer in use with \
             `hipaa-ra assets retire {path_text} {}`",
            left_out.id, left_out.name, left_out.id
        )),
        "{out}"
    );

    // A typo'd id: one line, non-zero, nothing retired.
    let before = std::fs::read(&path).unwrap();
    let refused = run(dir.path(), &["assets", "retire", path_text, "99999"]);
    assert!(!refused.status.success());
    let error = text(&refused.stderr);
    assert_eq!(error.trim().lines().count(), 1, "{error}");
    assert!(error.contains("99999"), "{error}");
    assert_eq!(std::fs::read(&path).unwrap(), before, "the workspace is unchanged");

    let retired = run(dir.path(), &["assets", "retire", path_text, &left_out.id.to_string()]);
    assert!(retired.status.success(), "{}", text(&retired.stderr));
    assert!(text(&retired.stdout).contains(&format!("Retired {}", left_out.name)));
    let store = Store::open_for_reading(&path).unwrap();
    assert!(store.snapshot().unwrap().is_retired(left_out.id));
    assert_consistent(&store);
    // The changes name it as removed.
    let diff = run(dir.path(), &["assessment", "diff", path_text]);
    assert!(text(&diff.stdout).contains(&left_out.name), "{}", text(&diff.stdout));
}
