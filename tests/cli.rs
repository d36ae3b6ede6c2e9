//! The real binary, run as a user or a script would: output, exit codes, one-line errors,
//! and files left as they were.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output};

struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    fn new() -> Sandbox {
        Sandbox {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self, name: &str) -> std::path::PathBuf {
        self.dir.path().join(name)
    }

    /// Runs hipaa-ra with a private home, a fixed date and no terminal.
    fn run(&self, args: &[&str]) -> Output {
        let home = self.path("home");
        Command::new(env!("CARGO_BIN_EXE_hipaa-ra"))
            .args(args)
            .env("HOME", &home)
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_STATE_HOME", home.join("state"))
            .env("HIPAA_RA_TODAY", "2026-11-23")
            .output()
            .unwrap()
    }

    fn demo(&self) -> String {
        let path = self.path("demo.hra");
        let output = self.run(&["demo", path.to_str().unwrap(), "--no-open"]);
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        path.to_str().unwrap().to_string()
    }
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

#[test]
fn catalog_csv_has_one_row_per_item_with_the_promised_header() {
    let output = Sandbox::new().run(&["catalog", "--format", "csv"]);
    assert!(output.status.success());
    let text = stdout(&output);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(reader.headers().unwrap(), vec!["citation", "name", "kind", "section"]);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 65);
    assert_eq!(&rows[1][0], "164.308(a)(1)(ii)(A)");
    assert_eq!(&rows[1][1], "Risk analysis");
    assert_eq!(&rows[1][2], "required");
    let kinds: std::collections::BTreeSet<&str> = rows.iter().map(|row| row.get(2).unwrap()).collect();
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        ["addressable", "required", "standard"]
    );
    let sections: std::collections::BTreeSet<&str> = rows.iter().map(|row| row.get(3).unwrap()).collect();
    assert_eq!(sections.len(), 5);
}

#[test]
fn catalog_json_is_the_whole_catalog() {
    let output = Sandbox::new().run(&["catalog", "--format", "json"]);
    assert!(output.status.success());
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(value["items"].as_array().unwrap().len(), 65);
    assert!(value["threats"].as_array().unwrap().len() >= 30);
    assert!(value["items"][0]["questions"].as_array().unwrap().len() >= 2);
    assert_eq!(value["matrices"][0]["key"], "nist-800-30");
}

#[test]
fn demo_writes_a_private_workspace_whose_log_verifies() {
    let sandbox = Sandbox::new();
    let path = sandbox.demo();
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let verify = sandbox.run(&["log", "verify", &path]);
    assert!(verify.status.success(), "{}", stderr(&verify));
    assert!(stdout(&verify).contains("change log intact"), "{}", stdout(&verify));
    let show = sandbox.run(&["log", "show", &path]);
    assert!(show.status.success());
    assert!(stdout(&show).lines().count() > 50);
    assert!(stdout(&show).contains("Dana Whitfield  create asset"));
    let json = sandbox.run(&["log", "show", &path, "--format", "json"]);
    let entries: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(entries.as_array().unwrap().len(), stdout(&show).lines().count());
}

#[test]
fn log_verify_names_the_tampered_row_and_fails() {
    let sandbox = Sandbox::new();
    let path = sandbox.demo();
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute("UPDATE change_log SET actor = 'Mallory' WHERE id = 7", [])
            .unwrap();
    }
    let output = sandbox.run(&["log", "verify", &path]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).contains("change log broken at row 7"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn the_default_demo_goes_to_the_data_directory_and_is_replaced_each_run() {
    let sandbox = Sandbox::new();
    for _ in 0..2 {
        let output = sandbox.run(&["demo", "--no-open"]);
        assert!(output.status.success(), "{}", stderr(&output));
        let expected = sandbox.path("home/data/hipaa-ra/demo.hra");
        assert_eq!(
            stdout(&output).trim(),
            format!("Demo practice written to {}", expected.display())
        );
        assert!(expected.exists());
    }
}

#[test]
fn new_creates_a_workspace_and_refuses_to_overwrite() {
    let sandbox = Sandbox::new();
    let path = sandbox.path("clinic.hra");
    let path = path.to_str().unwrap();
    let output = sandbox.run(&[
        "new",
        path,
        "--org",
        "Harbor Dental",
        "--assessor",
        "Sam Lee",
        "--no-open",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let store = hipaa_ra::store::Store::open(Path::new(path)).unwrap();
    assert_eq!(store.practice().unwrap().name, "Harbor Dental");
    assert_eq!(store.assessor().unwrap(), "Sam Lee");
    drop(store);
    let before = std::fs::read(path).unwrap();
    let again = sandbox.run(&["new", path, "--org", "Other", "--no-open"]);
    assert_eq!(again.status.code(), Some(1));
    assert_eq!(
        stderr(&again),
        format!("hipaa-ra: {path}: already exists; choose another name or remove it first\n")
    );
    assert_eq!(std::fs::read(path).unwrap(), before);
}

#[test]
fn risks_export_is_the_register_in_register_order() {
    let sandbox = Sandbox::new();
    let path = sandbox.demo();
    let output = sandbox.run(&["risks", "export", &path]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(!text.starts_with('\u{feff}'), "no byte-order mark");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(&reader.headers().unwrap()[0], "rank");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();

    let store = hipaa_ra::store::Store::open(Path::new(&path)).unwrap();
    let workspace = store.snapshot().unwrap();
    assert_eq!(rows.len(), workspace.risks.len());
    let expected: Vec<String> = hipaa_ra::domain::register_order(&workspace)
        .into_iter()
        .map(|index| workspace.risks[index].id.to_string())
        .collect();
    let ids: Vec<&str> = rows.iter().map(|row| row.get(1).unwrap()).collect();
    assert_eq!(ids, expected);
    // Levels in words, assets joined for a spreadsheet cell.
    assert_eq!(&rows[0][8], "Very High");
    assert_eq!(&rows[0][4], "Front desk workstations (3); Office NAS (scan archive)");

    let json = sandbox.run(&["risks", "export", &path, "--format", "json"]);
    assert!(json.status.success(), "{}", stderr(&json));
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let json_ids: Vec<String> = value
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["risk_id"].to_string())
        .collect();
    assert_eq!(json_ids, expected);
}

#[test]
fn actions_export_is_the_plan_by_due_date() {
    let sandbox = Sandbox::new();
    let path = sandbox.demo();
    let output = sandbox.run(&["actions", "export", &path]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(&reader.headers().unwrap()[5], "due_on");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let store = hipaa_ra::store::Store::open(Path::new(&path)).unwrap();
    let workspace = store.snapshot().unwrap();
    assert_eq!(rows.len(), workspace.actions.len());
    let dates: Vec<&str> = rows.iter().map(|row| row.get(5).unwrap()).collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted, "ISO dates, in order");
    assert!(rows.iter().any(|row| &row[7] == "true"), "the demo has overdue actions");

    let json = sandbox.run(&["actions", "export", &path, "--format", "json"]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(value.as_array().unwrap().len(), workspace.actions.len());
}

#[test]
fn exports_to_a_file_match_the_report_csv() {
    let sandbox = Sandbox::new();
    let path = sandbox.demo();
    let report = sandbox.path("out/report");
    std::fs::create_dir(sandbox.path("out")).unwrap();
    let output = sandbox.run(&["report", &path, "--format", "csv", "-o", report.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    for (command, file, suffix) in [("risks", "risks.csv", "register"), ("actions", "actions.csv", "plan")] {
        let target = sandbox.path(file);
        let output = sandbox.run(&[command, "export", &path, "-o", target.to_str().unwrap()]);
        assert!(output.status.success(), "{}", stderr(&output));
        assert!(stdout(&output).starts_with("Wrote "), "{}", stdout(&output));
        let written = std::fs::read(&target).unwrap();
        assert_eq!(written, sandbox.run(&[command, "export", &path]).stdout);
        let from_report = std::fs::read(sandbox.path(&format!("out/report-{suffix}.csv"))).unwrap();
        assert_eq!(
            written, from_report,
            "{command} export equals the report's {suffix} CSV"
        );
    }
}

#[test]
fn export_errors_are_one_line_and_leave_no_file() {
    let sandbox = Sandbox::new();
    let path = sandbox.demo();
    let nowhere = sandbox.path("missing/dir/risks.csv");
    let missing = sandbox.path("nope.hra");
    for args in [
        vec!["risks", "export", path.as_str(), "-o", nowhere.to_str().unwrap()],
        vec!["actions", "export", missing.to_str().unwrap()],
    ] {
        let output = sandbox.run(&args);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        let message = stderr(&output);
        assert_eq!(message.lines().count(), 1, "{message}");
        assert!(message.starts_with("hipaa-ra: "), "{message}");
    }
    assert!(!nowhere.exists());
    assert!(!missing.exists(), "a missing workspace is not created");
}

#[test]
fn a_file_that_is_not_a_workspace_gets_one_line_and_stays_unchanged() {
    let sandbox = Sandbox::new();
    let path = sandbox.path("patients.csv");
    std::fs::write(&path, "name,dob\nAna,1980-01-01\n".repeat(10)).unwrap();
    let before = std::fs::read(&path).unwrap();
    for args in [
        vec!["open", path.to_str().unwrap()],
        vec![path.to_str().unwrap()],
        vec!["log", "verify", path.to_str().unwrap()],
    ] {
        let output = sandbox.run(&args);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        let message = stderr(&output);
        assert_eq!(message.lines().count(), 1, "{message}");
        assert!(
            message.starts_with(&format!("hipaa-ra: {}: not a hipaa-ra workspace", path.display())),
            "{message}"
        );
        assert!(!message.contains("panicked"));
    }
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn help_lists_every_command() {
    let output = Sandbox::new().run(&["--help"]);
    let text = stdout(&output);
    for command in [
        "demo", "new", "open", "catalog", "log", "assets", "risks", "actions", "export", "report", "key", "verify",
    ] {
        assert!(
            text.contains(&format!("  {command} ")),
            "--help lacks {command}:\n{text}"
        );
    }
}

#[test]
fn assets_import_then_export_round_trips_through_the_binary() {
    let sandbox = Sandbox::new();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/assets-sample.csv");
    let first = sandbox.path("first.hra");
    let second = sandbox.path("second.hra");
    for path in [&first, &second] {
        let output = sandbox.run(&["new", path.to_str().unwrap(), "--org", "Test", "--no-open"]);
        assert!(output.status.success(), "{}", stderr(&output));
    }
    let imported = sandbox.run(&["assets", "import", first.to_str().unwrap(), fixture.to_str().unwrap()]);
    assert!(imported.status.success(), "{}", stderr(&imported));
    assert!(
        stdout(&imported).starts_with("Imported 40 assets"),
        "{}",
        stdout(&imported)
    );
    let exported = sandbox.run(&["assets", "export", first.to_str().unwrap()]);
    assert!(exported.status.success());
    let csv_path = sandbox.path("exported.csv");
    std::fs::write(&csv_path, &exported.stdout).unwrap();
    let again = sandbox.run(&["assets", "import", second.to_str().unwrap(), csv_path.to_str().unwrap()]);
    assert!(again.status.success(), "{}", stderr(&again));
    let exported_again = sandbox.run(&["assets", "export", second.to_str().unwrap()]);
    assert_eq!(
        stdout(&exported),
        stdout(&exported_again),
        "export, import, export is identical"
    );
    let json = sandbox.run(&["assets", "export", first.to_str().unwrap(), "--format", "json"]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(value.as_array().unwrap().len(), 40);
}

#[test]
fn a_bad_row_imports_nothing_and_names_the_line() {
    let sandbox = Sandbox::new();
    let path = sandbox.demo();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/assets-bad-row.csv");
    let before = sandbox.run(&["assets", "export", &path]);
    let log_before = sandbox.run(&["log", "show", &path]);
    let output = sandbox.run(&["assets", "import", &path, fixture.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(
        message.contains("assets-bad-row.csv: line 8: kind: unknown kind"),
        "{message}"
    );
    assert_eq!(
        stdout(&sandbox.run(&["assets", "export", &path])),
        stdout(&before),
        "inventory unchanged"
    );
    assert_eq!(
        stdout(&sandbox.run(&["log", "show", &path])),
        stdout(&log_before),
        "no change-log rows"
    );
}

#[test]
fn export_then_new_from_recreates_the_workspace() {
    let sandbox = Sandbox::new();
    let path = sandbox.demo();
    let first = sandbox.path("first.json");
    let output = sandbox.run(&["export", &path, "-o", first.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(std::fs::metadata(&first).unwrap().permissions().mode() & 0o777, 0o600);
    let copy = sandbox.path("copy.hra");
    let output = sandbox.run(&[
        "new",
        copy.to_str().unwrap(),
        "--from",
        first.to_str().unwrap(),
        "--no-open",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let second = sandbox.path("second.json");
    assert!(
        sandbox
            .run(&["export", copy.to_str().unwrap(), "-o", second.to_str().unwrap()])
            .status
            .success()
    );
    // The same workspace, plus one change-log row recording the import.
    let first: serde_json::Value = serde_json::from_slice(&std::fs::read(&first).unwrap()).unwrap();
    let mut second: serde_json::Value = serde_json::from_slice(&std::fs::read(&second).unwrap()).unwrap();
    let log = second["change_log"].as_array_mut().unwrap();
    let import = log.pop().unwrap();
    assert_eq!(import["entity"], "workspace");
    assert_eq!(first, second);
    assert!(sandbox.run(&["log", "verify", copy.to_str().unwrap()]).status.success());
}

#[test]
fn new_from_a_bad_export_leaves_nothing_behind() {
    let sandbox = Sandbox::new();
    let bad = sandbox.path("bad.json");
    std::fs::write(&bad, "{\"format\": \"hipaa-ra-workspace\", \"version\": 99}").unwrap();
    let target = sandbox.path("new.hra");
    let output = sandbox.run(&[
        "new",
        target.to_str().unwrap(),
        "--from",
        bad.to_str().unwrap(),
        "--no-open",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(
        message.contains("bad.json") && message.contains("newer hipaa-ra"),
        "{message}"
    );
    assert!(!target.exists());
}
