//! Issue 24, point 4: every output says DRAFT or FINAL, from the one verdict the findings
//! give (`domain::Status`), so no output of a draft can be mistaken for a final one: the
//! CSV files (report, exports, the PDF's attachments) in their first column, the JSON at
//! its top, the workbook in the first row of each sheet, OSCAL in its title and a
//! property, the TUI's export message; and the command line warns on standard error, once,
//! for every output of a draft, and never for a final one.
//!
//! Three analyses: the demo's this year (a draft), the demo's first year finished but not
//! signed (final from its findings), and the demo's signed year (final, its outputs from
//! the report kept as signed).

#[path = "support/tools.rs"]
mod tools;

#[path = "support/sandbox.rs"]
mod sandbox;

use std::path::Path;
use std::process::Command;

use calamine::{Data, Reader, Xlsx, open_workbook};
use hipaa_ra::domain::Status;
use hipaa_ra::store::Store;
use sandbox::{Sandbox, stderr, stdout};

const WARNING: &str = "DRAFT for review, not approved: blocking findings remain; `hipaa-ra check` lists them";

/// Runs `args`, expecting success, and checks the warning: one line for a draft, none for
/// a final analysis. Standard output handed back.
fn run(sandbox: &Sandbox, args: &[&str], status: Status) -> String {
    let output = sandbox.run(args);
    let (out, err) = (stdout(&output), stderr(&output));
    assert!(output.status.success(), "{args:?}: {out}{err}");
    let warnings: Vec<&str> = err.lines().filter(|line| line.starts_with("warning:")).collect();
    match status {
        Status::Draft => {
            assert_eq!(warnings.len(), 1, "{args:?}: one warning: {err}");
            assert!(warnings[0].ends_with(WARNING), "{args:?}: {err}");
        }
        Status::Final => assert!(warnings.is_empty(), "{args:?}: no warning for a final analysis: {err}"),
    }
    out
}

/// A CSV says `status` in its first column, `analysis_status`, on every row, and has rows.
fn assert_csv(bytes: &[u8], status: Status, what: &str) {
    let mut reader = csv::Reader::from_reader(bytes);
    assert_eq!(&reader.headers().unwrap()[0], "analysis_status", "{what}");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert!(!rows.is_empty(), "{what}: rows to check");
    for row in &rows {
        assert_eq!(&row[0], status.word(), "{what}: {row:?}");
    }
}

/// Validates an OSCAL file with compliance-trestle (tests/oscal/validate.py), as
/// tests/formats.rs does; skipped (or failed under HIPAA_RA_REQUIRE_TOOLS=1) without it.
fn assert_valid_oscal(file: &Path) {
    let python = std::env::var("HIPAA_RA_TRESTLE_PYTHON").unwrap_or_else(|_| "python3".to_string());
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oscal/validate.py");
    let output = Command::new(&python).arg(script).arg(file).output();
    let Ok(output) = output else {
        return tools::skip(&format!("OSCAL validation: {python} does not run"));
    };
    let said = String::from_utf8_lossy(&output.stdout).trim().to_string();
    match output.status.code() {
        Some(0) => {}
        Some(1) => panic!("{said}"),
        _ => tools::skip(&format!(
            "OSCAL validation: compliance-trestle is not installed for {python} ({said})"
        )),
    }
}

/// Every report format of `assessment` (None: the open one) says `status`, and the
/// command line warns exactly when it is a draft.
fn every_report_format_says(sandbox: &Sandbox, workspace: &str, assessment: Option<&str>, status: Status) {
    let word = status.word();
    let with = |args: &[&str]| -> Vec<String> {
        let mut all: Vec<String> = vec!["report".into(), workspace.into()];
        all.extend(args.iter().map(|arg| arg.to_string()));
        if let Some(id) = assessment {
            all.extend(["--assessment".to_string(), id.to_string()]);
        }
        all
    };
    let go = |args: &[&str]| -> String {
        let all = with(args);
        let refs: Vec<&str> = all.iter().map(String::as_str).collect();
        run(sandbox, &refs, status)
    };
    let tag = |name: &str| sandbox.path(&format!("{word}-{name}"));

    // PDF: the `Wrote` line names the status; the PDF itself says DRAFT on every page
    // (tests/report.rs) and its attachments are checked below.
    let pdf = tag("report.pdf");
    let line = go(&["-o", pdf.to_str().unwrap()]);
    assert!(line.starts_with(&format!("Wrote {word} ")), "{line}");

    // JSON, to standard output and to a file: `status` first.
    let text = go(&["--format", "json"]);
    assert!(
        text.starts_with(&format!("{{\n  \"status\": \"{word}\",")),
        "the first thing said"
    );
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["status"], word);
    let file = tag("report.json");
    go(&["--format", "json", "-o", file.to_str().unwrap()]);
    let kept: serde_json::Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(kept["status"], word);
    assert_eq!(kept["draft"], status.is_draft(), "the status is the draft flag's");
    // The attachments are described with the status too.
    for annex in json["annexes"].as_array().unwrap() {
        assert!(
            annex["description"].as_str().unwrap().starts_with(&format!("{word}: ")),
            "{annex}"
        );
    }

    // CSV: the register and the plan.
    let base = tag("tables");
    go(&["--format", "csv", "-o", base.to_str().unwrap()]);
    for table in ["register", "plan"] {
        let file = sandbox.path(&format!("{word}-tables-{table}.csv"));
        assert_csv(&std::fs::read(&file).unwrap(), status, table);
    }

    // The workbook: the first row of every sheet, then the header row.
    let book = tag("book.xlsx");
    go(&["--format", "xlsx", "-o", book.to_str().unwrap()]);
    let mut workbook: Xlsx<_> = open_workbook(&book).unwrap();
    let names = workbook.sheet_names();
    assert_eq!(names.len(), 7, "{names:?}");
    for name in names {
        let range = workbook.worksheet_range(&name).unwrap();
        assert_eq!(range.start(), Some((0, 0)), "{name}: starts in A1");
        let Some(Data::String(first)) = range.get((0, 0)) else {
            panic!("{name}: no status in A1");
        };
        assert!(first.starts_with(word), "{name}: {first}");
        let header = range.get((1, 0)).map(|cell| cell.to_string()).unwrap_or_default();
        assert!(
            !header.is_empty() && !header.starts_with(word),
            "{name}: the header row is the second"
        );
        if ["Register", "Plan"].contains(&name.as_str()) {
            assert_eq!(header, "analysis_status", "{name}: the CSV's rows, status first");
            assert_eq!(range.get((2, 0)).map(|cell| cell.to_string()).as_deref(), Some(word));
        }
    }

    // OSCAL: the title and a property; still valid.
    let oscal = tag("poam.json");
    go(&["--format", "oscal", "-o", oscal.to_str().unwrap()]);
    let document: serde_json::Value = serde_json::from_slice(&std::fs::read(&oscal).unwrap()).unwrap();
    let metadata = &document["plan-of-action-and-milestones"]["metadata"];
    assert!(
        metadata["title"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{word}: Plan of action")),
        "{metadata}"
    );
    let props = metadata["props"].as_array().unwrap();
    assert!(
        props
            .iter()
            .any(|prop| prop["name"] == "status" && prop["value"] == word && prop["ns"].is_string()),
        "{props:?}"
    );
    assert_valid_oscal(&oscal);
}

/// The exports of the open assessment say `status`, in CSV and JSON, and the attachments
/// of its PDF are the same bytes as the CSV exports.
fn every_export_says(sandbox: &Sandbox, workspace: &str, status: Status) {
    let word = status.word();
    for (command, key) in [("risks", "register"), ("actions", "plan"), ("assets", "assets")] {
        let csv = run(sandbox, &[command, "export", workspace], status);
        assert_csv(csv.as_bytes(), status, command);
        let text = run(sandbox, &[command, "export", workspace, "--format", "json"], status);
        assert!(
            text.starts_with(&format!("{{\n  \"status\": \"{word}\",")),
            "{command}: status first"
        );
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(json["status"], word, "{command}");
        assert!(!json[key].as_array().unwrap().is_empty(), "{command}: {key}");
        if command != "assets" {
            let file = sandbox.path(&format!("{word}-{command}.csv"));
            let line = run(
                sandbox,
                &[command, "export", workspace, "-o", file.to_str().unwrap()],
                status,
            );
            assert!(line.starts_with("Wrote "), "{line}");
            assert_eq!(
                std::fs::read(&file).unwrap(),
                csv.as_bytes(),
                "{command}: -o writes the same"
            );
        }
    }
    // The PDF's attachments: what the exports write, the status in each.
    let store = Store::open_for_reading(Path::new(workspace)).unwrap();
    let model = hipaa_ra::publish::model(&store, sandbox::clock::today(), None).unwrap();
    assert_eq!(model.status, status);
    assert_eq!(model.annexes.len(), 3);
    for (annex, command) in model.annexes.iter().zip(["risks", "actions", "assets"]) {
        let bytes = annex.bytes().unwrap();
        assert_csv(&bytes, status, &annex.file_name);
        assert_eq!(
            bytes,
            sandbox.run(&[command, "export", workspace]).stdout,
            "{}",
            annex.file_name
        );
    }
}

#[test]
fn a_draft_says_draft_in_every_output_and_the_command_line_warns_once_each_time() {
    let sandbox = Sandbox::new();
    let demo = sandbox.demo();
    every_report_format_says(&sandbox, &demo, None, Status::Draft);
    every_export_says(&sandbox, &demo, Status::Draft);
    // `check` agrees: this year's demo is a draft.
    let check = sandbox.run(&["check", &demo]);
    assert_eq!(check.status.code(), Some(1), "{}", stdout(&check));
}

#[test]
fn a_final_analysis_says_final_and_gets_no_warning() {
    let sandbox = Sandbox::new();
    let path = sandbox.path("final.hra");
    drop(hipaa_ra::demo_history::final_unsigned(&path, sandbox::clock::today()).unwrap());
    let workspace = path.to_str().unwrap();
    // `check` agrees: nothing blocks.
    let check = sandbox.run(&["check", workspace]);
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
    every_report_format_says(&sandbox, workspace, None, Status::Final);
    every_export_says(&sandbox, workspace, Status::Final);
}

#[test]
fn a_signed_year_says_final_in_the_formats_rendered_from_its_kept_report() {
    let sandbox = Sandbox::new();
    let demo = sandbox.demo();
    let signed = Store::open_for_reading(Path::new(&demo))
        .unwrap()
        .signed_reports()
        .unwrap();
    assert_eq!(signed.len(), 1, "the demo's last year is signed");
    let id = signed[0].assessment_id.to_string();
    every_report_format_says(&sandbox, &demo, Some(&id), Status::Final);
}

#[test]
fn the_export_message_names_the_status_first() {
    use hipaa_ra::publish::{Format, Request, publish};
    let sandbox = Sandbox::new();
    let demo = sandbox.demo();
    let final_path = sandbox.path("final.hra");
    drop(hipaa_ra::demo_history::final_unsigned(&final_path, sandbox::clock::today()).unwrap());
    for (workspace, word) in [(Path::new(&demo), "DRAFT"), (final_path.as_path(), "FINAL")] {
        let store = Store::open_for_reading(workspace).unwrap();
        for (format, name) in [
            (Format::Pdf, "tui.pdf"),
            (Format::Json, "tui.json"),
            (Format::Csv, "tui"),
        ] {
            let published = publish(
                &store,
                &Request {
                    format,
                    paper: hipaa_ra::report::Paper::Letter,
                    date: sandbox::clock::today(),
                    output: Some(sandbox.path(&format!("{word}-{name}"))),
                    sign: None,
                    assessment: None,
                    sign_draft: false,
                },
            )
            .unwrap();
            // The TUI's status bar shows this line as it is (screens/report/mod.rs).
            let summary = published.summary();
            assert!(summary.starts_with(&format!("Wrote {word} ")), "{summary}");
            assert_eq!(
                summary.contains("blocking findings remain"),
                word == "DRAFT",
                "{summary}"
            );
        }
    }
}

/// The `analysis_status` column of an export is skipped on import: the inventory exported
/// by one analysis imports into another, or back into itself, unchanged.
#[test]
fn an_exported_inventory_re_imports_unchanged_whatever_its_status() {
    let sandbox = Sandbox::new();
    let demo = sandbox.demo();
    // Back into itself (a refresh from its own export): nothing changes.
    let exported = sandbox.ok(&["assets", "export", &demo]);
    assert!(exported.starts_with("analysis_status,"), "{exported}");
    let file = sandbox.path("inventory.csv");
    std::fs::write(&file, &exported).unwrap();
    let rows = exported.lines().count() - 1;
    let line = sandbox.ok(&["assets", "import", &demo, file.to_str().unwrap()]);
    assert!(
        line.trim_end()
            .ends_with(&format!("added 0, updated 0, unchanged {rows}")),
        "{line}"
    );
    assert_eq!(sandbox.ok(&["assets", "export", &demo]), exported);

    // A final analysis's inventory (FINAL on every row) into a new workspace (a draft):
    // the same rows, only the status differs.
    let final_path = sandbox.path("final.hra");
    drop(hipaa_ra::demo_history::final_unsigned(&final_path, sandbox::clock::today()).unwrap());
    let from_final = sandbox.ok(&["assets", "export", final_path.to_str().unwrap()]);
    std::fs::write(&file, &from_final).unwrap();
    let fresh = sandbox.new_workspace("fresh.hra");
    sandbox.ok(&["assets", "import", &fresh, file.to_str().unwrap()]);
    let again = sandbox.ok(&["assets", "export", &fresh]);
    let without_status = |text: &str, word: &str| -> Vec<Vec<String>> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes());
        reader
            .records()
            .map(|record| {
                let record = record.unwrap();
                assert!(["analysis_status", word].contains(&&record[0]), "{record:?}");
                record.iter().skip(1).map(str::to_string).collect()
            })
            .collect()
    };
    assert_eq!(without_status(&again, "DRAFT"), without_status(&from_final, "FINAL"));
    assert_ne!(again, from_final, "each export says its own analysis's status");
}
