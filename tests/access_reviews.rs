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
    assert!(text.contains("Workforce training and access"), "one section for both");
    assert!(text.contains("Access reviews"), "its access part");
    assert!(text.contains("Access changes outside reviews"), "{text}");
    // The demo's revocation of the leaver, with who approved it.
    assert!(
        text.contains("Grace Liu PracticeChart cloud EHR Revoked Kevin Osei"),
        "{text}"
    );
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

#[test]
fn access_record_stores_a_change_outside_a_review_and_names_a_bad_field() {
    let sandbox = Sandbox::new();
    let path = sandbox.demo();
    let said = sandbox.ok(&[
        "access",
        "record",
        &path,
        "--system",
        "practicechart cloud ehr",
        "--person",
        "marcus bell",
        "--kind",
        "grant",
        "--date",
        "2026-05-04",
        "--approved-by",
        "Kevin Osei",
        "--note",
        "new clinic days",
    ]);
    assert!(
        said.contains(
            "access granted for Marcus Bell on \"PracticeChart cloud EHR\", 2026-05-04 (approved by Kevin Osei)"
        ),
        "{said}"
    );
    let store = Store::open(Path::new(&path)).unwrap();
    let records = store.access_records().unwrap();
    let event = records
        .events
        .iter()
        .find(|event| event.notes == "new clinic days")
        .unwrap();
    let people = store.people().unwrap();
    let name = |id| people.iter().find(|person| person.id == id).unwrap().name.clone();
    assert_eq!(
        (name(event.person_id), event.system.as_str(), event.date.to_string()),
        ("Marcus Bell".to_string(), EHR, "2026-05-04".to_string())
    );
    assert_eq!(event.approved_by.map(name).as_deref(), Some("Kevin Osei"));
    drop(store);
    let verify = sandbox.run(&["log", "verify", &path]);
    assert!(verify.status.success(), "{}{}", stdout(&verify), stderr(&verify));

    // Each bad value is refused naming its option; the workspace is unchanged.
    let before = std::fs::read(&path).unwrap();
    for (option, value, expected) in [
        ("--person", "Nobody Here", "--person: no person named \"Nobody Here\""),
        (
            "--approved-by",
            "Nobody Here",
            "--approved-by: no person named \"Nobody Here\"",
        ),
        ("--system", "Fax machine", "--system: no asset named \"Fax machine\""),
        ("--date", "2026-13-40", "--date:"),
    ] {
        let mut args = vec![
            "access",
            "record",
            &path,
            "--system",
            EHR,
            "--person",
            "Marcus Bell",
            "--kind",
            "revoke",
        ];
        let at = args.iter().position(|arg| *arg == option);
        match at {
            Some(index) => args[index + 1] = value,
            None => args.extend([option, value]),
        }
        let message = sandbox.refused(&args);
        assert!(message.contains(expected), "{option}: {message}");
    }
    // clap refuses an unknown kind, listing the three (its usage error, exit 2).
    let output = sandbox.run(&[
        "access",
        "record",
        &path,
        "--system",
        EHR,
        "--person",
        "Marcus Bell",
        "--kind",
        "remove",
    ]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(message.contains("invalid value 'remove' for '--kind"), "{message}");
    assert!(message.contains("grant, change, revoke"), "{message}");
    assert_eq!(std::fs::read(&path).unwrap(), before, "the workspace is unchanged");
}

#[test]
fn access_import_sets_the_reviewer_and_cycle_and_the_revoke_limit_is_a_setting() {
    let sandbox = Sandbox::new();
    let path = sandbox.demo();
    let file = fixture();
    let said = sandbox.ok(&[
        "access",
        "import",
        &path,
        "--system",
        EHR,
        file.to_str().unwrap(),
        "--reviewer",
        "kevin osei",
        "--cycle-months",
        "6",
    ]);
    assert!(
        said.contains("The review: reviewer Kevin Osei, every 6 months"),
        "{said}"
    );
    let store = Store::open(Path::new(&path)).unwrap();
    let records = store.access_records().unwrap();
    let newest = records.reviews.iter().max_by_key(|review| review.id).unwrap();
    assert_eq!(newest.cycle_months, 6);
    let reviewer = store.person(newest.reviewer.unwrap()).unwrap();
    assert_eq!(reviewer.name, "Kevin Osei");
    drop(store);

    // A bad reviewer or cycle is refused before the list goes in.
    let before = std::fs::read(&path).unwrap();
    let message = sandbox.refused(&[
        "access",
        "import",
        &path,
        "--system",
        EHR,
        file.to_str().unwrap(),
        "--reviewer",
        "Nobody Here",
    ]);
    assert!(
        message.contains("--reviewer: no person named \"Nobody Here\""),
        "{message}"
    );
    let message = sandbox.refused(&[
        "access",
        "import",
        &path,
        "--system",
        EHR,
        file.to_str().unwrap(),
        "--cycle-months",
        "0",
    ]);
    assert!(
        message.contains("--cycle-months: a review's cycle is 1 to 120 months"),
        "{message}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before, "the workspace is unchanged");

    let said = sandbox.ok(&["setting", &path, "revoke-limit", "2"]);
    assert!(said.contains("within 2 business days"), "{said}");
    let store = Store::open(Path::new(&path)).unwrap();
    assert_eq!(store.revoke_limit_days().unwrap(), 2);
    drop(store);
    for bad in ["0", "two"] {
        let message = sandbox.refused(&["setting", &path, "revoke-limit", bad]);
        assert!(
            message.contains("revoke-limit takes a whole number of business days"),
            "{bad}: {message}"
        );
    }
    let message = sandbox.refused(&["setting", &path, "proposed-rule", "maybe"]);
    assert!(message.contains("proposed-rule takes `show` or `hide`"), "{message}");
}
