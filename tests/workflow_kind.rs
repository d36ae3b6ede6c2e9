//! The plain `workflow` asset kind through every door: the store, the workspace JSON, the
//! CSV of the real binary with the headings a spreadsheet already has, and an unknown kind
//! refused with the closest kinds named and nothing imported. Also the binary's `--date`
//! flags, which read dates as the forms and the CSV import do.

use std::path::Path;
use std::process::{Command, Output};

use hipaa_ra::domain::*;
use hipaa_ra::exchange::workspace::{from_json, to_json};
use hipaa_ra::store::{Store, export_workspace};

#[path = "support/clock.rs"]
mod clock;
use clock::today;

fn referral_intake(assessment_id: Id) -> Asset {
    Asset {
        id: 0,
        assessment_id,
        name: "Referral intake".into(),
        kind: AssetKind::Workflow,
        description: "Referrals arrive by portal and phone, are keyed into the EHR".into(),
        location: "Front desk".into(),
        owner_id: None,
        ephi: EphiActions {
            create: true,
            receive: true,
            maintain: false,
            transmit: false,
        },
        record_count: Some(300),
        criticality: Criticality::Medium,
        encrypted_at_rest: Encryption::Unknown,
        last_reviewed: Some(today()),
        notes: String::new(),
        ..Asset::default()
    }
}

#[test]
fn a_workflow_asset_round_trips_through_the_store_and_the_workspace_json() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.hra");
    let mut store = Store::create(&path, "Practice", "Ana Tester", today()).unwrap();
    let assessment = store.current_assessment_id().unwrap();
    let id = store.add_asset(&referral_intake(assessment)).unwrap();
    drop(store);
    let store = Store::open(&path).unwrap();
    let assets = store.assets(assessment).unwrap();
    assert_eq!(
        assets,
        vec![Asset {
            id,
            ..referral_intake(assessment)
        }]
    );

    let text = to_json(&export_workspace(&store).unwrap());
    assert!(text.contains("\"workflow\""), "the kind's key is in the export");
    let copy = Store::create_from_export(&dir.path().join("b.hra"), &from_json(&text).unwrap(), today()).unwrap();
    assert_eq!(copy.assets(copy.current_assessment_id().unwrap()).unwrap(), assets);
}

fn run(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hipaa-ra"))
        .args(args)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("HIPAA_RA_TODAY", clock::TODAY)
        .output()
        .unwrap()
}

#[test]
fn the_binary_imports_spreadsheet_headings_and_names_the_closest_kind_for_a_typo() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let workspace = dir.path().join("w.hra");
    let workspace = workspace.to_str().unwrap();
    assert!(
        run(&home, &["new", workspace, "--org", "Test", "--no-open"])
            .status
            .success()
    );

    let good = dir.path().join("good.csv");
    std::fs::write(
        &good,
        "Asset Name,Type,Site,ePHI Actions,Last Review Date\n\
         Referral intake,Workflow,Front desk,CR,3/15/2026\n\
         Dr. Ångström's laptop,Laptop,Exam 2,CRMT,2026-02-01\n",
    )
    .unwrap();
    let imported = run(&home, &["assets", "import", workspace, good.to_str().unwrap()]);
    assert!(
        imported.status.success(),
        "{}",
        String::from_utf8_lossy(&imported.stderr)
    );
    let exported = String::from_utf8(run(&home, &["assets", "export", workspace]).stdout).unwrap();
    // Read by column name: a new column of the inventory does not move these.
    let mut reader = csv::Reader::from_reader(exported.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let intake = reader
        .records()
        .map(Result::unwrap)
        .find(|record| &record[headers.iter().position(|name| name == "name").unwrap()] == "Referral intake")
        .unwrap();
    let cell = |column: &str| intake[headers.iter().position(|name| name == column).unwrap()].to_string();
    assert_eq!(
        ["kind", "location", "ephi", "last_reviewed"].map(cell),
        ["workflow", "Front desk", "CR", "2026-03-15"],
        "{exported}"
    );

    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "Asset Name,Type\nFront desk PC,Workstation\nReception iPad,Tablet\n",
    )
    .unwrap();
    let refused = run(&home, &["assets", "import", workspace, bad.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(1));
    let message = String::from_utf8(refused.stderr).unwrap();
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(
        message.contains("bad.csv: line 3: kind: unknown kind `Tablet` (closest: mobile_device; expected one of: "),
        "{message}"
    );
    let after = String::from_utf8(run(&home, &["assets", "export", workspace]).stdout).unwrap();
    assert_eq!(after, exported, "nothing of the refused file was imported");
}

#[test]
fn command_line_dates_take_both_forms_and_name_a_bad_one() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let workspace = dir.path().join("d.hra");
    let workspace = workspace.to_str().unwrap();
    assert!(run(&home, &["demo", workspace, "--no-open"]).status.success());
    let iso = run(&home, &["check", workspace, "--date", clock::TODAY]);
    let us = run(&home, &["check", workspace, "--date", "11/23/2026"]);
    assert_eq!(iso.status.code(), Some(1), "blocking findings, not a usage error");
    assert_eq!(
        (us.status.code(), &us.stdout),
        (iso.status.code(), &iso.stdout),
        "the same day"
    );
    let bad = run(&home, &["check", workspace, "--date", "23/11/2026"]);
    assert_eq!(bad.status.code(), Some(2));
    let message = String::from_utf8(bad.stderr).unwrap();
    assert!(
        message.contains("`23/11/2026` is not a date (YYYY-MM-DD or M/D/YYYY"),
        "{message}"
    );
}
