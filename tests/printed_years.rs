//! A command that prints one year checks that year's rows, not every year's (issue 25, five
//! years of history): the last log row of each write carries each assessment's part of the
//! state digest (src/store/scopes.rs), hashed with the row. Who finds what, on the demo
//! followed by a third year (2027, carried from 2026, itself carried from the signed 2025):
//!
//! - an edit of a 2025 row (a year not printed): `risks export`,
//!   `actions export`, `assets export` and `report` of 2027 pass; `check`, the TUI's open
//!   (`Store::open_and_load`) and `log verify` refuse it, naming the record;
//! - an edit of a 2027 row or of a shared row (the practice): every one of them refuses it;
//! - an edit of a 2026 row (the year 2027 was carried from): `report` (which prints the
//!   changes since 2026), `check`, the open and `log verify` refuse it; the exports, which
//!   print 2027 alone, do not;
//! - the head's part of 2027 rewritten to hide an edit of 2027 (its hash recomputed): the
//!   parts no longer add up to the total, so the printing commands check every row and
//!   refuse; `log verify` names the row whose parts do not follow from the replay;
//! - the head rewritten consistently (parts that still add up): hidden from the printing
//!   commands, as a rewritten total was before; `check`, the open and `log verify` find it.

#[path = "support/sandbox.rs"]
mod sandbox;
use sandbox::{Sandbox, stderr, stdout};

use hipaa_ra::store::{DataStatus, Store};

/// The demo with a third year, 2027, as assessment 3 (current).
fn three_years(sandbox: &Sandbox) -> String {
    let path = sandbox.demo();
    let line = sandbox.ok(&["assessment", "next", &path]);
    assert!(line.contains("started assessment 3:"), "{line}");
    path
}

/// An edit made with SQL behind the program's back.
fn tamper(path: &str, sql: &str) {
    let conn = rusqlite::Connection::open(path).unwrap();
    let changed = conn.execute(sql, []).unwrap();
    assert!(changed > 0, "{sql} changed nothing");
}

fn printing_commands(path: &str, pdf: &str) -> Vec<Vec<String>> {
    [
        vec!["risks", "export", path],
        vec!["actions", "export", path],
        vec!["assets", "export", path],
        vec!["report", path, "-o", pdf],
    ]
    .into_iter()
    .map(|args| args.into_iter().map(str::to_string).collect())
    .collect()
}

fn run(sandbox: &Sandbox, args: &[String]) -> std::process::Output {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    sandbox.run(&args)
}

#[test]
fn an_edit_of_a_year_not_printed_is_found_by_check_the_open_and_log_verify_not_by_an_export() {
    let sandbox = Sandbox::new();
    let path = three_years(&sandbox);
    let pdf = sandbox.path("report.pdf");
    let pdf = pdf.to_str().unwrap();
    tamper(
        &path,
        "UPDATE risks SET vulnerability = 'forged' WHERE id = (SELECT min(id) FROM risks WHERE assessment_id = 1)",
    );
    for args in printing_commands(&path, pdf) {
        let output = run(&sandbox, &args);
        assert!(
            output.status.success(),
            "{args:?} prints 2027 and 2026, not 2025: {}",
            stderr(&output)
        );
    }
    let check = sandbox.run(&["check", &path]);
    assert!(!check.status.success());
    assert!(
        stderr(&check).contains("does not match its change log") && stderr(&check).contains("risks "),
        "{}",
        stderr(&check)
    );
    let verify = sandbox.run(&["log", "verify", &path]);
    assert!(!verify.status.success());
    assert!(
        stdout(&verify).contains("vulnerability is \"forged\" in the data"),
        "{}",
        stdout(&verify)
    );
    let opened = Store::open_and_load(std::path::Path::new(&path));
    let error = opened.expect_err("the TUI's open refuses the edit").to_string();
    assert!(error.contains("does not match its change log"), "{error}");
}

#[test]
fn an_edit_of_a_printed_year_or_a_shared_row_is_refused_by_every_command() {
    for (what, sql) in [
        (
            "2027",
            "UPDATE risks SET vulnerability = 'forged' WHERE id = (SELECT max(id) FROM risks WHERE assessment_id = 3)",
        ),
        (
            "a link of 2027",
            "DELETE FROM risk_assets WHERE rowid = (SELECT min(ra.rowid) FROM risk_assets ra \
             JOIN risks r ON r.id = ra.risk_id WHERE r.assessment_id = 3)",
        ),
        ("the practice", "UPDATE practice SET name = 'Forged'"),
    ] {
        let sandbox = Sandbox::new();
        let path = three_years(&sandbox);
        let pdf = sandbox.path("report.pdf");
        tamper(&path, sql);
        let mut commands = printing_commands(&path, pdf.to_str().unwrap());
        commands.push(vec!["check".to_string(), path.clone()]);
        for args in commands {
            let output = run(&sandbox, &args);
            assert!(!output.status.success(), "{what}: {args:?} passed");
            assert!(
                stderr(&output).contains("does not match its change log"),
                "{what}: {args:?}: {}",
                stderr(&output)
            );
        }
        assert!(!sandbox.run(&["log", "verify", &path]).status.success(), "{what}");
    }
}

/// Rewrites the head's state and hash as `forge_head_part_for_tests` makes them.
fn forge_head(path: &str, assessment: i64, compensate: Option<i64>) {
    let reader = Store::open_for_reading(std::path::Path::new(path)).unwrap();
    let forged = reader.forge_head_part_for_tests(assessment, compensate).unwrap();
    drop(reader);
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute(
        "UPDATE change_log SET state = ?1, hash = ?2 WHERE id = (SELECT max(id) FROM change_log)",
        forged,
    )
    .unwrap();
}

const EDIT_2027: &str =
    "UPDATE risks SET vulnerability = 'forged' WHERE id = (SELECT max(id) FROM risks WHERE assessment_id = 3)";

#[test]
fn parts_rewritten_to_hide_an_edit_no_longer_add_up_and_are_found() {
    let sandbox = Sandbox::new();
    let path = three_years(&sandbox);
    let pdf = sandbox.path("report.pdf");
    tamper(&path, EDIT_2027);
    // The head's part of 2027 set to the digest of the edited rows, its hash recomputed
    // as the format says: the parts no longer add up to the total, so every row is checked.
    forge_head(&path, 3, None);
    for args in printing_commands(&path, pdf.to_str().unwrap()) {
        let output = run(&sandbox, &args);
        assert!(!output.status.success(), "{args:?} passed");
        assert!(
            stderr(&output).contains("does not match its change log"),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    let verify = sandbox.run(&["log", "verify", &path]);
    assert!(!verify.status.success());
    assert!(
        stdout(&verify).contains("digests of each assessment's rows do not follow"),
        "{}",
        stdout(&verify)
    );
}

/// What the parts cannot do, as the total never could: someone who rewrites the head row
/// consistently (its parts still adding up, its hash recomputed; the hashes are not keyed)
/// hides an edit from the printing commands, as rewriting the head's total did before.
/// `check`, the TUI's open (the total against every row) and `log verify` still find it.
#[test]
fn a_head_rewritten_consistently_is_found_by_check_the_open_and_log_verify() {
    let sandbox = Sandbox::new();
    let path = three_years(&sandbox);
    tamper(&path, EDIT_2027);
    forge_head(&path, 3, Some(1));
    sandbox.ok(&["risks", "export", &path]);
    let check = sandbox.run(&["check", &path]);
    assert!(!check.status.success());
    assert!(
        stderr(&check).contains("does not match its change log"),
        "{}",
        stderr(&check)
    );
    assert!(!sandbox.run(&["log", "verify", &path]).status.success());
    assert!(Store::open_and_load(std::path::Path::new(&path)).is_err());
}

#[test]
fn every_write_leaves_parts_that_add_up_and_log_verify_replays_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.hra");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    drop(hipaa_ra::demo::create(&path, today).unwrap());
    let (reader, damage) = Store::open_to_print(&path).unwrap();
    damage.verdict().unwrap();
    let current = reader.current_assessment_id().unwrap();
    assert!(matches!(
        reader.check_data_of(current).unwrap(),
        DataStatus::Consistent { .. }
    ));
    let head = reader.change_log().unwrap().pop().unwrap();
    let state = head.state.unwrap();
    assert!(
        state.contains(" shared=") && state.contains(&format!(" {current}=")),
        "{state}"
    );
    assert!(matches!(
        reader.verify_history().unwrap(),
        DataStatus::Consistent { .. }
    ));
}

#[test]
fn the_changes_since_last_year_from_that_year_s_compared_records_are_the_whole_snapshot_s() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.hra");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    drop(hipaa_ra::demo_history::create(&path, today).unwrap());
    let reader = Store::open_for_reading(&path).unwrap();
    let current = reader.snapshot().unwrap();
    // The demo's years: 2025 (signed), then the current 2026.
    let previous = current
        .assessments
        .iter()
        .map(|assessment| assessment.id)
        .min()
        .unwrap();
    assert_ne!(previous, current.assessment_id);
    let whole = hipaa_ra::domain::changes::changes(&reader.snapshot_of(previous).unwrap(), &current);
    let compared = hipaa_ra::domain::changes::changes(&reader.snapshot_for_changes(previous).unwrap(), &current);
    assert!(
        !whole.assets_changed.is_empty() || !whole.ratings_changed.is_empty(),
        "{whole:?}"
    );
    assert_eq!(compared, whole);
}

#[test]
fn an_edit_of_the_year_carried_from_is_refused_by_the_report_that_prints_its_changes() {
    let sandbox = Sandbox::new();
    let path = three_years(&sandbox);
    let pdf = sandbox.path("report.pdf");
    tamper(
        &path,
        "UPDATE assets SET name = 'forged' WHERE id = (SELECT min(id) FROM assets WHERE assessment_id = 2)",
    );
    let report = sandbox.run(&["report", &path, "-o", pdf.to_str().unwrap()]);
    assert!(!report.status.success());
    assert!(
        stderr(&report).contains("does not match its change log"),
        "{}",
        stderr(&report)
    );
    sandbox.ok(&["risks", "export", &path]);
    assert!(!sandbox.run(&["check", &path]).status.success());
    assert!(!sandbox.run(&["log", "verify", &path]).status.success());
}

#[test]
fn a_due_date_move_naming_another_year_is_still_checked_by_every_printing_command() {
    // A due date's moves are read by their action: one inserted behind the program's back
    // for a 2027 action, but naming 2026, would print in 2027's plan. They
    // are checked with the shared rows, so every printing command refuses it.
    let sandbox = Sandbox::new();
    let path = three_years(&sandbox);
    let pdf = sandbox.path("report.pdf");
    let pdf = pdf.to_str().unwrap();
    tamper(
        &path,
        "INSERT INTO action_due_moves (action_id, assessment_id, from_on, to_on, reason, moved_at, moved_by) \
         SELECT min(a.id), 2, '2027-01-01', '2027-06-01', 'forged', '2027-01-02T00:00:00Z', 'nobody' \
         FROM actions a JOIN risks r ON r.id = a.risk_id WHERE r.assessment_id = 3",
    );
    for args in printing_commands(&path, pdf) {
        let output = run(&sandbox, &args);
        assert!(!output.status.success(), "{args:?} printed a forged due-date move");
        assert!(
            stderr(&output).contains("does not match its change log"),
            "{args:?}: {}",
            stderr(&output)
        );
    }
}
