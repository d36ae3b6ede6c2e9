//! The real binary, run as a user or a script would: output, exit codes, one-line errors,
//! and files left as they were.

#[path = "support/tools.rs"]
mod tools;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

#[path = "support/sandbox.rs"]
mod sandbox;
use sandbox::{Sandbox, stderr, stdout};

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
    assert!(stdout(&show).contains("Dana Whitfield  create assets"));
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
    // The status first (the demo's this year is a draft), then the columns scripts read by
    // position, one further along.
    assert_eq!(&reader.headers().unwrap()[0], "analysis_status");
    assert_eq!(&reader.headers().unwrap()[1], "rank");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert!(rows.iter().all(|row| &row[0] == "DRAFT"));

    let store = hipaa_ra::store::Store::open(Path::new(&path)).unwrap();
    let workspace = store.snapshot().unwrap();
    assert_eq!(rows.len(), workspace.risks.len());
    let expected: Vec<String> = hipaa_ra::domain::register_order(&workspace)
        .into_iter()
        .map(|index| workspace.risks[index].id.to_string())
        .collect();
    let ids: Vec<&str> = rows.iter().map(|row| row.get(2).unwrap()).collect();
    assert_eq!(ids, expected);
    // Levels in words, assets joined for a spreadsheet cell.
    assert_eq!(&rows[0][9], "Very High");
    assert_eq!(&rows[0][5], "Front desk workstations (3); Office NAS (scan archive)");

    let json = sandbox.run(&["risks", "export", &path, "--format", "json"]);
    assert!(json.status.success(), "{}", stderr(&json));
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(value["status"], "DRAFT");
    let json_ids: Vec<String> = value["register"]
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
    assert_eq!(&reader.headers().unwrap()[6], "due_on");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let store = hipaa_ra::store::Store::open(Path::new(&path)).unwrap();
    let workspace = store.snapshot().unwrap();
    assert_eq!(rows.len(), workspace.actions.len());
    let dates: Vec<&str> = rows.iter().map(|row| row.get(6).unwrap()).collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted, "ISO dates, in order");
    assert!(rows.iter().any(|row| &row[8] == "true"), "the demo has overdue actions");

    let json = sandbox.run(&["actions", "export", &path, "--format", "json"]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(value["status"], "DRAFT");
    assert_eq!(value["plan"].as_array().unwrap().len(), workspace.actions.len());
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
    assert_eq!(value["assets"].as_array().unwrap().len(), 40);
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

/// Settings changed through the commands (the remembered paper, the proposed-rule
/// appendix) are in the change log, so a copy must carry them: without them the copy
/// would not replay to its data and `new --from` refused it.
#[test]
fn export_then_new_from_carries_every_setting() {
    let sandbox = Sandbox::new();
    let path = sandbox.demo();
    sandbox.ok(&["setting", &path, "proposed-rule", "hide"]);
    let first = sandbox.path("first.pdf");
    sandbox.ok(&["report", &path, "-o", first.to_str().unwrap(), "--paper", "a4"]);
    let json = sandbox.path("copy.json");
    sandbox.ok(&["export", &path, "-o", json.to_str().unwrap()]);
    let text = std::fs::read_to_string(&json).unwrap();
    assert!(
        text.contains("\"version\": 6"),
        "the format version that has settings.other"
    );

    let copy = sandbox.path("copy.hra");
    let copy = copy.to_str().unwrap();
    sandbox.ok(&["new", copy, "--from", json.to_str().unwrap(), "--no-open"]);
    sandbox.ok(&["log", "verify", copy]);
    let again = sandbox.path("again.json");
    sandbox.ok(&["export", copy, "-o", again.to_str().unwrap()]);
    let settings = |text: &str| -> serde_json::Value {
        serde_json::from_str::<serde_json::Value>(text).unwrap()["settings"].clone()
    };
    let copied = settings(&std::fs::read_to_string(&again).unwrap());
    assert_eq!(copied, settings(&text));
    assert_eq!(copied["other"]["proposed_rule"], "hide");
    assert_eq!(copied["other"]["report_paper"], "a4");

    // A setting named twice (in its own field and in `other`) is refused, naming it.
    let doubled = text.replacen("\"other\": {", "\"other\": {\n      \"assessor\": \"Someone else\",", 1);
    let bad = sandbox.path("doubled.json");
    std::fs::write(&bad, doubled).unwrap();
    let refused = sandbox.path("doubled.hra");
    let message = sandbox.refused(&[
        "new",
        refused.to_str().unwrap(),
        "--from",
        bad.to_str().unwrap(),
        "--no-open",
    ]);
    assert!(message.contains("settings.other.assessor"), "{message}");
    assert!(!refused.exists());
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

#[test]
fn a_workspace_open_for_editing_is_refused_to_writers_and_open_to_readers() {
    let sandbox = Sandbox::new();
    let path = sandbox.demo();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/assets-sample.csv");
    let fixture = fixture.to_str().unwrap();
    // This test process is the other editor.
    let editor = hipaa_ra::store::Store::open(Path::new(&path)).unwrap();
    let refusal = format!(
        "hipaa-ra: {path} is open in another hipaa-ra (pid {}); close it first\n",
        std::process::id()
    );
    for args in [
        vec!["open", &path],
        vec![&path],
        vec!["assets", "import", &path, fixture],
    ] {
        let output = sandbox.run(&args);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        assert_eq!(stderr(&output), refusal, "{args:?}");
    }
    let json = sandbox.path("beside.json");
    let readers: [&[&str]; 5] = [
        &["log", "verify", &path],
        &["log", "show", &path],
        &["assets", "export", &path],
        &["export", &path, "-o", json.to_str().unwrap()],
        &["report", &path, "--format", "json"],
    ];
    for args in readers {
        let output = sandbox.run(args);
        assert!(
            output.status.success(),
            "{args:?} beside an editor: {}",
            stderr(&output)
        );
    }
    drop(editor);
    let import = sandbox.run(&["assets", "import", &path, fixture]);
    assert!(import.status.success(), "{}", stderr(&import));
}

#[test]
fn the_default_demo_is_not_replaced_while_it_is_open() {
    let sandbox = Sandbox::new();
    assert!(sandbox.run(&["demo", "--no-open"]).status.success());
    let demo = sandbox.path("home/data/hipaa-ra/demo.hra");
    let editor = hipaa_ra::store::Store::open(&demo).unwrap();
    let before = std::fs::read(&demo).unwrap();
    let output = sandbox.run(&["demo", "--no-open"]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(
        message.contains(&format!("{} is open in another hipaa-ra", demo.display())),
        "{message}"
    );
    drop(editor);
    assert_eq!(std::fs::read(&demo).unwrap(), before, "the open demo was left alone");
    assert!(sandbox.run(&["demo", "--no-open"]).status.success());
}

/// Every command that reads a workspace, run on `path`: each must fail with one line that
/// names the file and contains `expected`, and leave the file (if any) byte for byte.
fn assert_every_command_refuses(sandbox: &Sandbox, path: &Path, expected: &str) {
    let before = std::fs::read(path).ok();
    let shown = path.to_str().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/assets-sample.csv");
    let json = sandbox.path("out.json");
    let commands: [&[&str]; 8] = [
        &["open", shown],
        &[shown],
        &["assets", "import", shown, fixture.to_str().unwrap()],
        &["assets", "export", shown],
        &["log", "verify", shown],
        &["log", "show", shown],
        &["export", shown, "-o", json.to_str().unwrap()],
        &["report", shown, "--format", "json"],
    ];
    for args in commands {
        let output = sandbox.run(args);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {}", stderr(&output));
        let message = stderr(&output);
        assert_eq!(message.lines().count(), 1, "{args:?}: {message}");
        assert!(message.contains(shown), "{args:?} should name the file: {message}");
        assert!(message.contains(expected), "{args:?}: `{message}` lacks `{expected}`");
        assert_eq!(std::fs::read(path).ok(), before, "{args:?} changed {shown}");
    }
    assert!(!json.exists(), "an export was written from a bad workspace");
}

#[test]
fn damaged_empty_random_and_directory_workspaces_are_refused_by_every_command() {
    let sandbox = Sandbox::new();
    let demo = sandbox.demo();
    let whole = std::fs::read(&demo).unwrap();

    let half = sandbox.path("half.hra");
    std::fs::write(&half, &whole[..whole.len() / 2]).unwrap();
    assert_every_command_refuses(&sandbox, &half, "damaged");

    let empty = sandbox.path("empty.hra");
    std::fs::write(&empty, b"").unwrap();
    assert_every_command_refuses(&sandbox, &empty, "not a hipaa-ra workspace (the file is empty)");

    let random = sandbox.path("random.hra");
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let bytes: Vec<u8> = (0..8192)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect();
    std::fs::write(&random, bytes).unwrap();
    assert_every_command_refuses(&sandbox, &random, "not a hipaa-ra workspace");

    let directory = sandbox.path("folder.hra");
    std::fs::create_dir(&directory).unwrap();
    assert_every_command_refuses(&sandbox, &directory, "is a directory");
}

/// The user id of the test process, from /proc (no libc in tests either).
fn running_as_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|line| line.starts_with("Uid:"))
                .map(|line| line.split_whitespace().nth(1) == Some("0"))
        })
        .unwrap_or(false)
}

#[test]
fn a_read_only_workspace_is_refused_in_one_line_and_unchanged() {
    let sandbox = Sandbox::new();
    let path = sandbox.demo();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = std::fs::read(&path).unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/assets-sample.csv");
    // Root may write any file: run as nobody then, who may read the file but not write it.
    let as_root = running_as_root();
    if as_root {
        if Command::new("setpriv").arg("--version").output().is_err() {
            tools::skip("running as root without setpriv, so a read-only file cannot be shown");
            return;
        }
        std::fs::set_permissions(sandbox.dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::create_dir_all(sandbox.path("home")).unwrap();
        std::fs::set_permissions(sandbox.path("home"), std::fs::Permissions::from_mode(0o777)).unwrap();
    }
    for args in [
        vec!["open", path.as_str()],
        vec!["assets", "import", path.as_str(), fixture.to_str().unwrap()],
    ] {
        let output = if as_root {
            sandbox
                .command("setpriv")
                .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
                .arg(env!("CARGO_BIN_EXE_hipaa-ra"))
                .args(&args)
                .output()
                .unwrap()
        } else {
            sandbox.run(&args)
        };
        assert_eq!(output.status.code(), Some(1), "{args:?}: {}", stderr(&output));
        assert_eq!(
            stderr(&output),
            format!("hipaa-ra: {path}: the file is read-only; check its permissions\n"),
            "{args:?}"
        );
    }
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

/// A small tmpfs mounted for one test and unmounted when dropped.
struct Mount(std::path::PathBuf);

impl Mount {
    fn tmpfs(at: &Path, size: &str) -> Option<Mount> {
        std::fs::create_dir_all(at).unwrap();
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size},mode=0700"), "tmpfs"])
            .arg(at)
            .output()
            .is_ok_and(|output| output.status.success());
        mounted.then(|| Mount(at.to_path_buf()))
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

/// An inventory far larger than the space left.
fn huge_inventory(path: &Path) {
    let mut text = String::from("name,kind,notes\n");
    let note = "x".repeat(2_000);
    for i in 0..2_000 {
        text.push_str(&format!("Device {i},workstation,{note}\n"));
    }
    std::fs::write(path, text).unwrap();
}

#[test]
fn a_full_disk_saves_nothing_and_says_so_in_one_line() {
    let sandbox = Sandbox::new();
    let demo = sandbox.demo();
    let csv = sandbox.path("huge.csv");
    huge_inventory(&csv);
    let size = std::fs::metadata(&demo).unwrap().len();

    // A real full disk where mounting is allowed (root): a tmpfs just big enough.
    let mount_point = sandbox.path("small-disk");
    if let Some(_mount) = Mount::tmpfs(&mount_point, &format!("{}k", size / 1024 + 256)) {
        let path = mount_point.join("clinic.hra");
        std::fs::copy(&demo, &path).unwrap();
        let before = std::fs::read(&path).unwrap();
        let shown = path.to_str().unwrap();
        let output = sandbox.run(&["assets", "import", shown, csv.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
        assert_eq!(
            stderr(&output),
            format!("hipaa-ra: {shown}: the disk is full; nothing was saved (free some space and try again)\n")
        );
        assert_eq!(std::fs::read(&path).unwrap(), before, "the workspace changed");
        let verify = sandbox.run(&["log", "verify", shown]);
        assert!(verify.status.success(), "{}", stderr(&verify));
    } else {
        eprintln!("cannot mount a tmpfs here (not root?): simulating a full disk with a file size limit");
    }

    // Everywhere: a file size limit (SIGXFSZ ignored, so writes past it fail with EFBIG).
    let path = sandbox.path("limited.hra");
    std::fs::copy(&demo, &path).unwrap();
    let before = std::fs::read(&path).unwrap();
    let shown = path.to_str().unwrap();
    let blocks = size / 1024 + 64;
    let output = sandbox
        .command("bash")
        .args([
            "-c",
            &format!("trap '' XFSZ; ulimit -f {blocks}; exec \"$0\" \"$@\""),
            env!("CARGO_BIN_EXE_hipaa-ra"),
            "assets",
            "import",
            shown,
            csv.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let message = stderr(&output);
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(
        message.starts_with(&format!("hipaa-ra: {shown}: ")) && message.contains("nothing was saved"),
        "{message}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before, "the workspace changed");
}

/// A scored risk's id and likelihood, read behind the program's back.
fn scored_risk(path: &str) -> (i64, i64) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.query_row(
        "SELECT id, likelihood FROM risks WHERE likelihood > 0 ORDER BY id LIMIT 1",
        [],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )
    .unwrap()
}

fn tamper(path: &str, sql: &str) {
    rusqlite::Connection::open(path).unwrap().execute_batch(sql).unwrap();
}

#[test]
fn log_verify_names_a_record_edited_behind_the_log_and_fails() {
    let sandbox = Sandbox::new();
    let path = sandbox.demo();
    let (id, likelihood) = scored_risk(&path);
    tamper(&path, &format!("UPDATE risks SET likelihood = 0 WHERE id = {id}"));
    let output = sandbox.run(&["log", "verify", &path]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let expected = format!("risks {id}: likelihood is 0 in the data, {likelihood} in the log");
    assert!(stdout(&output).contains(&expected), "{}", stdout(&output));
    assert_eq!(stdout(&output).lines().count(), 1);
}

#[test]
fn log_verify_finds_an_emptied_log_and_a_removed_last_row() {
    let sandbox = Sandbox::new();
    let path = sandbox.demo();
    // Without the demo's last change-log row, that change is unaccounted for: a row added
    // is "in the data but not in the change log", a row updated has a value "in the data"
    // other than the one "in the log" (which the demo's last write is depends on the
    // order `demo_history::work_on_this_year` does things in).
    tamper(
        &path,
        "DELETE FROM change_log WHERE id = (SELECT max(id) FROM change_log)",
    );
    let output = sandbox.run(&["log", "verify", &path]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).contains("the data does not match the change log: "),
        "{}",
        stdout(&output)
    );
    assert!(
        stdout(&output).contains("in the data but not in the change log")
            || (stdout(&output).contains(" in the data, ") && stdout(&output).contains(" in the log")),
        "{}",
        stdout(&output)
    );

    tamper(&path, "DELETE FROM change_log");
    let output = sandbox.run(&["log", "verify", &path]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).contains("change log: it is empty"),
        "{}",
        stdout(&output)
    );
    assert!(!stdout(&output).contains("intact"), "{}", stdout(&output));
}

#[test]
fn report_and_export_refuse_a_workspace_edited_behind_the_log() {
    let sandbox = Sandbox::new();
    let path = sandbox.demo();
    let (id, _) = scored_risk(&path);
    tamper(&path, &format!("UPDATE risks SET likelihood = 0 WHERE id = {id}"));
    let before = std::fs::read(&path).unwrap();
    let report = sandbox.path("report.pdf");
    let json = sandbox.path("all.json");
    for args in [
        vec!["report", path.as_str(), "-o", report.to_str().unwrap()],
        vec!["report", path.as_str(), "--format", "json"],
        vec!["export", path.as_str(), "-o", json.to_str().unwrap()],
    ] {
        let output = sandbox.run(&args);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {}", stdout(&output));
        let message = stderr(&output);
        assert_eq!(message.lines().count(), 1, "{args:?}: {message}");
        assert!(
            message.contains("does not match its change log") && message.contains(&format!("risks {id}: likelihood")),
            "{args:?}: {message}"
        );
        assert!(stdout(&output).is_empty(), "{args:?}: {}", stdout(&output));
    }
    assert!(!report.exists() && !json.exists());
    assert_eq!(std::fs::read(&path).unwrap(), before, "the workspace is left as it was");
}

#[test]
fn new_from_refuses_an_export_whose_log_does_not_replay_to_its_data() {
    let sandbox = Sandbox::new();
    let path = sandbox.demo();
    let export = sandbox.path("all.json");
    assert!(
        sandbox
            .run(&["export", &path, "-o", export.to_str().unwrap()])
            .status
            .success()
    );
    let original: serde_json::Value = serde_json::from_slice(&std::fs::read(&export).unwrap()).unwrap();

    let emptied = sandbox.path("emptied.json");
    let mut value = original.clone();
    value["change_log"] = serde_json::json!([]);
    std::fs::write(&emptied, serde_json::to_string_pretty(&value).unwrap()).unwrap();

    let edited = sandbox.path("edited.json");
    let mut value = original.clone();
    let asset = &mut value["assessments"][0]["assets"][0];
    let asset_id = asset["id"].as_i64().unwrap();
    asset["name"] = "Renamed in the JSON".into();
    std::fs::write(&edited, serde_json::to_string_pretty(&value).unwrap()).unwrap();

    for (file, expected) in [
        (&emptied, "change log: it is empty".to_string()),
        (
            &edited,
            format!("assets {asset_id}: name is \"Renamed in the JSON\" in the data"),
        ),
    ] {
        let target = sandbox.path("copy.hra");
        let output = sandbox.run(&[
            "new",
            target.to_str().unwrap(),
            "--from",
            file.to_str().unwrap(),
            "--no-open",
        ]);
        assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
        let message = stderr(&output);
        assert_eq!(message.lines().count(), 1, "{message}");
        assert!(
            message.contains("its change log does not match its data") && message.contains(&expected),
            "{message}"
        );
        assert!(!target.exists(), "nothing is written");
    }
}

/// `assessment list` as lines, for comparing before and after.
fn assessment_list(sandbox: &Sandbox, path: &str) -> String {
    let output = sandbox.run(&["assessment", "list", path]);
    assert!(output.status.success(), "{}", stderr(&output));
    stdout(&output)
}

#[test]
fn assessment_next_then_list_and_report_on_last_year_through_the_binary() {
    let sandbox = Sandbox::new();
    let path = sandbox.demo();
    // The demo has a history: last year's final and signed, this year's a draft.
    let before = assessment_list(&sandbox, &path);
    let lines: Vec<&str> = before.lines().collect();
    assert_eq!(lines.len(), 2, "{before}");
    assert!(
        lines[0].starts_with(
            "    1  2025 risk analysis  2025-01-01 to 2025-12-31  Annual review  final, signed 2025-11-23 (key "
        ),
        "{before}"
    );
    assert!(
        lines[1].starts_with("*   2  2026 risk analysis  2026-01-01 to 2026-12-31"),
        "{before}"
    );
    assert!(lines[1].contains("draft, not signed"), "{before}");

    let next = sandbox.run(&[
        "assessment",
        "next",
        &path,
        "--title",
        "2027 risk analysis",
        "--reason",
        "new-system",
    ]);
    assert!(next.status.success(), "{}", stderr(&next));
    let line = stdout(&next);
    assert!(line.contains("started assessment 3: carried forward"), "{line}");
    assert!(line.contains("each marked until confirmed"), "{line}");

    let after = assessment_list(&sandbox, &path);
    let lines: Vec<&str> = after.lines().collect();
    assert_eq!(lines.len(), 3, "{after}");
    assert!(lines[1].starts_with("    2  2026 risk analysis"), "{after}");
    assert!(
        lines[2].starts_with("*   3  2027 risk analysis  2027-01-01 to 2027-12-31  New system"),
        "{after}"
    );

    // The log replays to the copied data.
    let verify = sandbox.run(&["log", "verify", &path]);
    assert!(verify.status.success(), "{}", stdout(&verify));

    // `report --assessment` reports on last year's, the default on the open one.
    let title = |args: &[&str]| {
        let output = sandbox.run(args);
        assert!(output.status.success(), "{}", stderr(&output));
        let model: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        model["cover"]["assessment"].as_str().unwrap().to_string()
    };
    assert_eq!(
        title(&["report", &path, "--format", "json", "--assessment", "1"]),
        "2025 risk analysis"
    );
    assert_eq!(
        title(&["report", &path, "--format", "json", "--assessment", "2"]),
        "2026 risk analysis"
    );
    assert_eq!(title(&["report", &path, "--format", "json"]), "2027 risk analysis");

    let missing = sandbox.run(&["report", &path, "--format", "json", "--assessment", "9"]);
    assert_eq!(missing.status.code(), Some(1));
    assert_eq!(stderr(&missing).trim().lines().count(), 1, "{}", stderr(&missing));
    assert!(
        stderr(&missing).contains("no assessment with id 9"),
        "{}",
        stderr(&missing)
    );
}

#[test]
fn assessment_next_with_a_bad_period_is_one_line_and_changes_nothing() {
    let sandbox = Sandbox::new();
    let path = sandbox.demo();
    let before = assessment_list(&sandbox, &path);
    let refused = sandbox.run(&[
        "assessment",
        "next",
        &path,
        "--start",
        "2027-06-01",
        "--end",
        "2027-01-01",
    ]);
    assert_eq!(refused.status.code(), Some(1));
    let message = stderr(&refused);
    assert_eq!(message.trim().lines().count(), 1, "{message}");
    assert!(message.contains("before it starts"), "{message}");
    assert_eq!(assessment_list(&sandbox, &path), before);

    let typo = sandbox.run(&["assessment", "next", &path, "--reason", "holiday"]);
    assert_ne!(typo.status.code(), Some(0));
    assert_eq!(assessment_list(&sandbox, &path), before);
}

#[test]
fn assessment_diff_prints_the_changes_as_text_and_json() {
    let sandbox = Sandbox::new();
    // A first assessment has nothing to compare with: one line, exit 1.
    let new = sandbox.path("new.hra");
    let made = sandbox.run(&["new", new.to_str().unwrap(), "--org", "Harbor Dental", "--no-open"]);
    assert!(made.status.success(), "{}", stderr(&made));
    let alone = sandbox.run(&["assessment", "diff", new.to_str().unwrap()]);
    assert_eq!(alone.status.code(), Some(1));
    assert!(
        stderr(&alone).contains("was not carried forward from another"),
        "{}",
        stderr(&alone)
    );
    assert_eq!(stderr(&alone).trim().lines().count(), 1);

    // The demo's this year against last year, then a kiosk added to this year.
    let path = sandbox.demo();
    let csv = sandbox.path("more.csv");
    std::fs::write(&csv, "name,kind\nWaiting-room kiosk,application\n").unwrap();
    let import = sandbox.run(&["assets", "import", &path, csv.to_str().unwrap()]);
    assert!(import.status.success(), "{}", stderr(&import));

    let text = sandbox.run(&["assessment", "diff", &path]);
    assert!(text.status.success(), "{}", stderr(&text));
    let text = stdout(&text);
    assert!(
        text.starts_with("Changes since 2025 risk analysis (assessment 1) in 2026 risk analysis (assessment 2)"),
        "{text}"
    );
    assert!(
        text.contains("Assets added:\n  - Tele-visit service\n  - TeleVisit Health LLC\n  - Waiting-room kiosk\n"),
        "{text}"
    );
    // The demo retired its old workstations this year (`demo_history::show_scope`).
    assert!(
        text.contains("Assets removed:\n  - Old workstations awaiting disposal (2)\n"),
        "{text}"
    );
    assert!(
        text.contains("carried-forward reviews are still waiting for confirmation"),
        "{text}"
    );

    let json = sandbox.run(&["assessment", "diff", &path, "1", "2", "--format", "json"]);
    assert!(json.status.success(), "{}", stderr(&json));
    let changes: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(
        changes["assets_added"],
        serde_json::json!(["Tele-visit service", "TeleVisit Health LLC", "Waiting-room kiosk"])
    );
    assert_eq!(
        (changes["from_id"].as_i64(), changes["to_id"].as_i64()),
        (Some(1), Some(2))
    );

    // Backwards (2 to 1), the portal is what was removed.
    let back = sandbox.run(&["assessment", "diff", &path, "2", "1", "--format", "json"]);
    let back: serde_json::Value = serde_json::from_slice(&back.stdout).unwrap();
    assert_eq!(
        back["assets_removed"],
        serde_json::json!(["Tele-visit service", "TeleVisit Health LLC", "Waiting-room kiosk"])
    );
}

#[test]
fn output_piped_into_a_reader_that_has_gone_ends_quietly() {
    use std::process::Stdio;

    // `hipaa-ra catalog | head -0`: the reader is gone before the first line is written.
    // Closing the read end at once makes the first write fail, whatever the output's size.
    let sandbox = Sandbox::new();
    let mut child = sandbox
        .command(env!("CARGO_BIN_EXE_hipaa-ra"))
        .arg("catalog")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    let errors = stderr(&output);
    assert!(errors.is_empty(), "wrote to stderr: {errors}");
}
