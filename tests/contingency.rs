//! Contingency plan tests through the real binary: the demo's failed restore of the NAS
//! (slower than its target, followed up by the plan's action) and its passed tabletop in
//! `check`, in the report's PDF text and in `contingency export` (to a file and standard
//! output); the tests carried whole by `export` and `new --from`, and `log verify`.

use hipaa_ra::store::Store;

#[path = "support/sandbox.rs"]
mod sandbox;
use sandbox::Sandbox;

#[path = "support/pdf.rs"]
mod pdf;
use pdf::squash;

const SERVER: &str = "Office NAS (scan archive)";

#[test]
fn the_demos_missed_target_is_in_check_and_the_report() {
    let sandbox = Sandbox::new();
    let demo = sandbox.demo();
    let output = sandbox.run(&["check", &demo]);
    let text = sandbox::stdout(&output);
    assert!(
        text.contains(&format!("{SERVER}: restored in 14 h; target 8 h: missed")),
        "{text}"
    );
    // Followed up by the plan's action: no blocking finding for the failure.
    assert!(!text.contains("failed and no follow-up is recorded"), "{text}");

    let pdf_path = sandbox.path("report.pdf");
    sandbox.ok(&["report", &demo, "-o", pdf_path.to_str().unwrap()]);
    let bytes = std::fs::read(&pdf_path).unwrap();
    let document = lopdf::Document::load_mem(&bytes).unwrap();
    let pages: Vec<u32> = document.get_pages().keys().copied().collect();
    let text = squash(&document.extract_text(&pages).unwrap());
    let section = text
        .find("Contingency plan tests The tests of the contingency plan")
        .map(|at| &text[at..])
        .expect("a Contingency plan tests section");
    for expected in [
        SERVER,
        "Fail",
        "restored in 14 h; target 8 h: missed",
        "Tabletop",
        "PracticeChart cloud EHR",
        "Pass",
        "Move NAS backups to an immutable cloud copy",
    ] {
        assert!(section.contains(expected), "{expected} not in the section");
    }
    assert!(text.contains("Contingency test missed a recovery target"));
}

#[test]
fn contingency_export_writes_the_tests_through_the_safe_writer() {
    let sandbox = Sandbox::new();
    let demo = sandbox.demo();
    let out = sandbox.path("tests.csv");
    let said = sandbox.ok(&["contingency", "export", &demo, "-o", out.to_str().unwrap()]);
    assert!(said.contains("Wrote 2 contingency tests"), "{said}");
    let mut reader = csv::Reader::from_path(&out).unwrap();
    let headings: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(headings[0], "Date");
    assert_eq!(headings[8], "Against the Targets");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    // Oldest first: the tabletop, then the failed restore.
    assert_eq!(&rows[0][1], "Tabletop");
    assert_eq!(&rows[1][1], "Restore");
    assert_eq!(&rows[1][2], SERVER);
    assert_eq!(&rows[1][5], "Fail");
    assert!(rows[1][8].contains("restored in 14 h; target 8 h: missed"));
    assert_eq!(&rows[1][12], "Kevin Osei");

    let printed = sandbox.ok(&["contingency", "export", &demo]);
    assert_eq!(printed, std::fs::read_to_string(&out).unwrap());

    // Never over the workspace itself.
    let output = sandbox.run(&["contingency", "export", &demo, "-o", &demo]);
    assert!(!output.status.success());
    assert!(Store::open(std::path::Path::new(&demo)).is_ok());
}

#[test]
fn the_tests_survive_export_and_new_from_and_log_verify_passes() {
    let sandbox = Sandbox::new();
    let demo = sandbox.demo();
    sandbox.ok(&["log", "verify", &demo]);
    let json = sandbox.path("demo.json");
    sandbox.ok(&["export", &demo, "-o", json.to_str().unwrap()]);
    let copy = sandbox.path("copy.hra");
    sandbox.ok(&[
        "new",
        copy.to_str().unwrap(),
        "--from",
        json.to_str().unwrap(),
        "--no-open",
    ]);
    sandbox.ok(&["log", "verify", copy.to_str().unwrap()]);
    let original = Store::open(std::path::Path::new(&demo))
        .unwrap()
        .contingency_tests()
        .unwrap();
    let restored = Store::open(&copy).unwrap().contingency_tests().unwrap();
    assert_eq!(original.len(), 2);
    assert!(
        original.iter().any(|test| test.action_id.is_some()),
        "the follow-up is linked"
    );
    assert_eq!(restored, original);
    let snapshot = Store::open(&copy).unwrap().snapshot().unwrap();
    let server = snapshot.assets.iter().find(|asset| asset.name == SERVER).unwrap();
    assert_eq!(server.target_recovery_hours, Some(8));
    assert_eq!(server.acceptable_data_loss_hours, Some(24));
}
