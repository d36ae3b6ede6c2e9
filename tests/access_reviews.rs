//! Access reviews through the real binary: an EHR user list as a practice exports it
//! imports first time into the demo, `check` names the leaver still active with the
//! system, the export lists every account, a bad list changes nothing, the report prints
//! the section's counts, and `export`/`new --from` and `log verify` carry the records.

use std::path::{Path, PathBuf};

use hipaa_ra::store::Store;

#[path = "support/sandbox.rs"]
mod sandbox;
use sandbox::{Sandbox, stderr, stdout};

#[path = "support/pdf.rs"]
mod pdf;

const EHR: &str = "PracticeChart cloud EHR";

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ehr-users.csv")
}

/// The demo with Grace Liu's account active in a new EHR list (she left months ago).
fn demo_with_new_list(sandbox: &Sandbox) -> String {
    let path = sandbox.demo();
    let output = sandbox.run(&[
        "access",
        "import",
        &path,
        "--system",
        "practicechart cloud ehr",
        fixture().to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let out = stdout(&output);
    assert!(
        out.contains("Imported 13 accounts of \"PracticeChart cloud EHR\""),
        "{out}"
    );
    assert!(
        out.contains("started a review"),
        "the demo's reviews are complete: {out}"
    );
    // Against the newer demo review: Rachel Kim is new; the rest were listed before.
    assert!(out.contains("1 new, 0 removed, 12 unchanged"), "{out}");
    assert!(out.contains("gliu (terminated, still active)"), "{out}");
    assert!(out.contains("frontdesk (shared account)"), "{out}");
    assert!(out.contains("rkim (no matching person)"), "{out}");
    assert!(
        stderr(&output).contains("ignored 2 columns hipaa-ra does not keep: `Department`, `MFA`"),
        "{}",
        stderr(&output)
    );
    path
}

#[test]
fn an_ehr_user_list_imports_first_time_and_check_names_the_leaver_still_active() {
    let sandbox = Sandbox::new();
    let demo = Sandbox::new();
    let plain = demo.demo();
    let before = stdout(&demo.run(&["check", &plain]));
    assert!(
        !before.contains("is still active in"),
        "the demo's leaver was revoked: {before}"
    );
    let path = demo_with_new_list(&sandbox);
    let check = sandbox.run(&["check", &path]);
    let text = stdout(&check);
    assert!(
        text.contains("Grace Liu has left but account \"gliu\" is still active in \"PracticeChart cloud EHR\""),
        "{text}"
    );
    let export = sandbox.ok(&["access", "export", &path]);
    let rows: Vec<&str> = export.lines().filter(|line| line.contains(",gliu,")).collect();
    assert_eq!(rows.len(), 3, "two demo reviews and the new list:\n{export}");
    assert!(rows[2].contains("terminated, still active"), "{}", rows[2]);
    let verify = sandbox.run(&["log", "verify", &path]);
    assert!(verify.status.success(), "{}{}", stdout(&verify), stderr(&verify));
}

#[test]
fn a_bad_user_list_is_refused_whole_naming_file_line_and_field() {
    let sandbox = Sandbox::new();
    let path = sandbox.demo();
    let bad = sandbox.path("bad.csv");
    std::fs::write(&bad, "Username,Status\nmbell,Active\ngliu,Pending\n").unwrap();
    let before = std::fs::read(&path).unwrap();
    let message = sandbox.refused(&["access", "import", &path, "--system", EHR, bad.to_str().unwrap()]);
    assert!(
        message.contains("bad.csv: line 3: active: `Pending` is not an account state"),
        "{message}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before, "the workspace is unchanged");
    let message = sandbox.refused(&[
        "access",
        "import",
        &path,
        "--system",
        "Fax machine",
        fixture().to_str().unwrap(),
    ]);
    assert!(message.contains("no asset named \"Fax machine\""), "{message}");
}

#[test]
fn the_report_prints_the_access_section_with_its_counts() {
    let sandbox = Sandbox::new();
    let path = sandbox.demo();
    let out = sandbox.path("report.pdf");
    let output = sandbox.run(&["report", &path, "-o", out.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let bytes = std::fs::read(&out).unwrap();
    let document = lopdf::Document::load_mem(&bytes).unwrap();
    let pages: Vec<u32> = document.get_pages().keys().copied().collect();
    let text = pdf::squash(&document.extract_text(&pages).unwrap());
    assert!(text.contains("Access reviews"), "no section");
    // The newer demo review: 12 accounts, the locum's gone, the rest as before.
    assert!(text.contains("12 accounts 0 new, 1 removed, 12 unchanged"), "{text}");
    assert!(text.contains("9 keep, 2 change, 1 revoke, 0 investigate"), "{text}");
    assert!(text.contains("Leavers and time to revoke"), "{text}");
    assert!(text.contains("Grace Liu"), "{text}");
    assert!(text.contains("1 business day"), "{text}");
    assert!(
        !text.contains("over the limit"),
        "revoked the next business day: {text}"
    );
}

#[test]
fn export_and_new_from_carry_the_access_records() {
    let sandbox = Sandbox::new();
    let path = demo_with_new_list(&sandbox);
    let json = sandbox.path("export.json");
    sandbox.ok(&["export", &path, "-o", json.to_str().unwrap()]);
    let copy = sandbox.path("copy.hra");
    sandbox.ok(&[
        "new",
        copy.to_str().unwrap(),
        "--from",
        json.to_str().unwrap(),
        "--no-open",
    ]);
    let original = Store::open(Path::new(&path)).unwrap().access_records().unwrap();
    let restored = Store::open(&copy).unwrap().access_records().unwrap();
    assert_eq!(original, restored);
    assert_eq!(restored.reviews.len(), 3);
    assert_eq!(restored.events.len(), 1);
}

#[test]
fn the_next_year_reads_the_access_records_rather_than_copying_them() {
    let sandbox = Sandbox::new();
    let path = demo_with_new_list(&sandbox);
    let before = Store::open(Path::new(&path)).unwrap().access_records().unwrap();
    let output = sandbox.run(&["assessment", "next", &path]);
    assert!(output.status.success(), "{}{}", stdout(&output), stderr(&output));
    let store = Store::open(Path::new(&path)).unwrap();
    assert_eq!(store.access_records().unwrap(), before, "not copied, not changed");
    let next_year = store.snapshot().unwrap();
    assert_eq!(next_year.access, before, "the new year sees them");
    // The leaver still active is still found in the new year.
    let check = stdout(&sandbox.run(&["check", &path]));
    assert!(check.contains("Grace Liu has left"), "{check}");
}

#[test]
fn a_long_list_names_the_first_ten_flagged_accounts_and_counts_the_rest() {
    let sandbox = Sandbox::new();
    let path = sandbox.demo();
    let list = sandbox.path("contractors.csv");
    let mut text = String::from("Login,Name\n");
    for number in 1..=15 {
        text.push_str(&format!("temp{number:02},Agency nurse {number}\n"));
    }
    std::fs::write(&list, text).unwrap();
    let out = sandbox.ok(&["access", "import", &path, "--system", EHR, list.to_str().unwrap()]);
    assert!(out.contains("temp10 (shared account)"), "{out}");
    assert!(!out.contains("temp11 ("), "{out}");
    assert!(
        out.contains("and 5 more (`hipaa-ra access export` lists every account)"),
        "{out}"
    );
}
