//! The formats beyond the PDF, run through the real binary: the OSCAL plan of action and
//! milestones (validated against the OSCAL 1.1.x models of compliance-trestle), the
//! workbook (read back and compared with the CSV exports), `catalog --proposed`,
//! `portfolio`, `completions` and `man`.

#[path = "support/tools.rs"]
mod tools;

use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{Data, Reader, Xlsx, open_workbook};

#[path = "support/sandbox.rs"]
mod sandbox;
use sandbox::Sandbox;

// ---- OSCAL -------------------------------------------------------------------------

/// Validates an OSCAL POA&M file with compliance-trestle (tests/oscal/validate.py). None
/// when trestle is not installed here: the caller says it skipped. The Python comes from
/// HIPAA_RA_TRESTLE_PYTHON (set by .ci/run) or is `python3`.
fn trestle_validate(file: &Path) -> Option<Result<String, String>> {
    let python = std::env::var("HIPAA_RA_TRESTLE_PYTHON").unwrap_or_else(|_| "python3".to_string());
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oscal/validate.py");
    let output = Command::new(&python).arg(script).arg(file).output().ok()?;
    let said = String::from_utf8_lossy(&output.stdout).trim().to_string();
    match output.status.code() {
        Some(0) => Some(Ok(said)),
        Some(1) => Some(Err(said)),
        _ => {
            tools::skip(&format!(
                "OSCAL validation: compliance-trestle is not installed for {python} ({said})"
            ));
            None
        }
    }
}

fn oscal(sandbox: &Sandbox, workspace: &str, name: &str) -> (PathBuf, serde_json::Value) {
    let out = sandbox.path(name);
    sandbox.ok(&["report", workspace, "--format", "oscal", "-o", out.to_str().unwrap()]);
    let value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    (out, value)
}

#[test]
fn the_demo_poam_validates_and_names_what_the_report_names() {
    let sandbox = Sandbox::new();
    let demo = sandbox.demo();
    let (file, document) = oscal(&sandbox, &demo, "demo.json");
    let poam = &document["plan-of-action-and-milestones"];
    assert_eq!(poam["metadata"]["oscal-version"], "1.1.2");
    assert_eq!(poam["metadata"]["parties"][0]["name"], "Riverside Family Medicine");

    // One risk per scenario, one POA&M item per action, as the JSON report has them.
    let report: serde_json::Value = serde_json::from_str(&sandbox.ok(&["report", &demo, "--format", "json"])).unwrap();
    let risks = poam["risks"].as_array().unwrap();
    let items = poam["poam-items"].as_array().unwrap();
    assert_eq!(risks.len(), report["register"].as_array().unwrap().len());
    assert_eq!(items.len(), report["plan"].as_array().unwrap().len());
    assert!(!items.is_empty());
    // Every item points at a risk of the document.
    for item in items {
        let target = &item["related-risks"][0]["risk-uuid"];
        assert!(risks.iter().any(|risk| &risk["uuid"] == target), "{item}");
    }
    let open_findings = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|finding| finding["acknowledgment"].is_null())
        .count();
    assert_eq!(poam["observations"].as_array().unwrap().len(), open_findings);

    match trestle_validate(&file) {
        Some(Ok(said)) => assert!(said.starts_with("valid:"), "{said}"),
        Some(Err(said)) => panic!("the demo's POA&M is not valid OSCAL: {said}"),
        None => {}
    }
}

#[test]
fn an_empty_workspace_with_an_odd_name_gives_a_valid_poam() {
    let sandbox = Sandbox::new();
    let path = sandbox.path("new.hra");
    sandbox.ok(&[
        "new",
        path.to_str().unwrap(),
        "--org",
        "  Odd\nname\t ",
        "--assessor",
        "A",
        "--no-open",
    ]);
    let (file, document) = oscal(&sandbox, path.to_str().unwrap(), "new.json");
    let poam = &document["plan-of-action-and-milestones"];
    assert_eq!(poam["metadata"]["parties"][0]["name"], "Odd name");
    // OSCAL wants at least one item: a plan without actions says so in one.
    assert_eq!(poam["poam-items"].as_array().unwrap().len(), 1);
    assert!(poam.get("risks").is_none());
    if let Some(verdict) = trestle_validate(&file) {
        assert!(verdict.is_ok(), "{verdict:?}");
    }
}

#[test]
fn the_validator_refuses_a_document_with_one_broken_field() {
    let sandbox = Sandbox::new();
    let demo = sandbox.demo();
    let (file, mut document) = oscal(&sandbox, &demo, "demo.json");
    if trestle_validate(&file).is_none() {
        return;
    }
    // A uuid that is not one: the validator must say so, naming the field.
    document["plan-of-action-and-milestones"]["risks"][0]["uuid"] = "not-a-uuid".into();
    let broken = sandbox.path("broken.json");
    std::fs::write(&broken, serde_json::to_vec_pretty(&document).unwrap()).unwrap();
    match trestle_validate(&broken) {
        Some(Err(said)) => assert!(said.contains("risks") && said.contains("uuid"), "{said}"),
        other => panic!("a broken uuid passed: {other:?}"),
    }
    // And a field OSCAL does not have.
    let (_, mut document) = oscal(&sandbox, &demo, "demo.json");
    document["plan-of-action-and-milestones"]["metadata"]["colour"] = "red".into();
    std::fs::write(&broken, serde_json::to_vec_pretty(&document).unwrap()).unwrap();
    assert!(matches!(trestle_validate(&broken), Some(Err(_))));
}

#[test]
fn uuids_are_the_same_across_runs_and_wherever_the_file_lives() {
    let sandbox = Sandbox::new();
    let demo = sandbox.demo();
    let (first, _) = oscal(&sandbox, &demo, "one.json");
    let (second, _) = oscal(&sandbox, &demo, "two.json");
    assert_eq!(std::fs::read(&first).unwrap(), std::fs::read(&second).unwrap());

    // The same workspace under another name in another folder (another machine): the
    // same uuids, since they come from the file's own identity, not its path.
    let elsewhere = sandbox.path("copy/clinic-2026.hra");
    std::fs::create_dir_all(elsewhere.parent().unwrap()).unwrap();
    std::fs::copy(&demo, &elsewhere).unwrap();
    let (copied, _) = oscal(&sandbox, elsewhere.to_str().unwrap(), "three.json");
    assert_eq!(std::fs::read(&first).unwrap(), std::fs::read(&copied).unwrap());

    // Another workspace: other uuids.
    let other = sandbox.path("other.hra");
    sandbox.ok(&["demo", other.to_str().unwrap(), "--no-open"]);
    let (_, mine) = oscal(&sandbox, &demo, "mine.json");
    let (_, theirs) = oscal(&sandbox, other.to_str().unwrap(), "theirs.json");
    let system = |document: &serde_json::Value| document["plan-of-action-and-milestones"]["system-id"]["id"].clone();
    assert_ne!(system(&mine), system(&theirs));
}

#[test]
fn oscal_and_xlsx_refuse_to_sign_and_write_nothing() {
    let sandbox = Sandbox::new();
    let demo = sandbox.demo();
    for format in ["oscal", "xlsx"] {
        let out = sandbox.path(&format!("signed.{format}"));
        let output = sandbox.run(&[
            "report",
            &demo,
            "--format",
            format,
            "--sign",
            "-o",
            out.to_str().unwrap(),
        ]);
        assert!(!output.status.success());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("signing works with PDF or JSON"), "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(!out.exists());
    }
}

// ---- Workbook ----------------------------------------------------------------------

/// A cell as the CSV writes it.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(text) => text.clone(),
        Data::Float(number) => format!("{number}"),
        Data::Int(number) => number.to_string(),
        Data::Bool(value) => value.to_string(),
        Data::DateTime(date) => {
            let (year, month, day, ..) = date.to_ymd_hms_milli();
            format!("{year:04}-{month:02}-{day:02}")
        }
        other => panic!("unexpected cell {other:?}"),
    }
}

/// A sheet's rows below its first, which states the status (tests/status_everywhere.rs).
fn sheet_rows(workbook: &mut Xlsx<std::io::BufReader<std::fs::File>>, name: &str) -> Vec<Vec<String>> {
    let range = workbook.worksheet_range(name).unwrap();
    let rows: Vec<Vec<String>> = range.rows().map(|row| row.iter().map(cell_text).collect()).collect();
    assert!(rows[0][0].starts_with("DRAFT for review"), "{name}: {:?}", rows[0]);
    rows[1..].to_vec()
}

fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_path(path).unwrap();
    reader
        .records()
        .map(|record| record.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn the_demo_workbook_reads_back_equal_to_the_csv_exports() {
    let sandbox = Sandbox::new();
    let demo = sandbox.demo();
    let book = sandbox.path("demo.xlsx");
    sandbox.ok(&["report", &demo, "--format", "xlsx", "-o", book.to_str().unwrap()]);
    let again = sandbox.path("again.xlsx");
    sandbox.ok(&["report", &demo, "--format", "xlsx", "-o", again.to_str().unwrap()]);
    assert_eq!(
        std::fs::read(&book).unwrap(),
        std::fs::read(&again).unwrap(),
        "not deterministic"
    );

    let base = sandbox.path("demo");
    sandbox.ok(&["report", &demo, "--format", "csv", "-o", base.to_str().unwrap()]);
    let mut workbook: Xlsx<_> = open_workbook(&book).unwrap();
    assert_eq!(
        workbook.sheet_names(),
        [
            "Register",
            "Plan",
            "Inventory",
            "Retired assets",
            "Safeguard review",
            "Findings",
            "Evidence index"
        ]
    );
    let register = sheet_rows(&mut workbook, "Register");
    let register_csv = csv_rows(&sandbox.path("demo-register.csv"));
    assert!(register_csv.len() > 5);
    // Trailing empty cells are not stored in a sheet: pad to the CSV's width.
    let padded = |rows: Vec<Vec<String>>, width: usize| -> Vec<Vec<String>> {
        rows.into_iter()
            .map(|mut row| {
                row.resize(width, String::new());
                row
            })
            .collect()
    };
    assert_eq!(padded(register, register_csv[0].len()), register_csv);
    let plan = sheet_rows(&mut workbook, "Plan");
    let plan_csv = csv_rows(&sandbox.path("demo-plan.csv"));
    assert!(plan_csv.len() > 2);
    assert_eq!(padded(plan, plan_csv[0].len()), plan_csv);

    // Dates are dates and counts numbers, not text that looks like them (the sheet's rows
    // are one below the CSV's, under the status row).
    let range = workbook.worksheet_range("Plan").unwrap();
    let due = plan_csv[0].iter().position(|header| header == "due_on").unwrap();
    let dated = (1..plan_csv.len()).find(|row| !plan_csv[*row][due].is_empty()).unwrap();
    assert!(matches!(range.get((dated + 1, due)), Some(Data::DateTime(_))));
    let action_id = plan_csv[0].iter().position(|header| header == "action_id").unwrap();
    assert!(matches!(range.get((2, action_id)), Some(Data::Float(_))));

    // The other sheets hold every row of the report's lists, in order.
    let report: serde_json::Value = serde_json::from_str(&sandbox.ok(&["report", &demo, "--format", "json"])).unwrap();
    for (sheet, list, field, column) in [
        ("Inventory", "assets", "name", 1),
        ("Safeguard review", "safeguards", "citation", 0),
        ("Findings", "findings", "key", 0),
        ("Evidence index", "evidence", "title", 1),
    ] {
        let rows = sheet_rows(&mut workbook, sheet);
        let expected: Vec<String> = report[list]
            .as_array()
            .unwrap()
            .iter()
            .map(|row| row[field].as_str().unwrap().to_string())
            .collect();
        let found: Vec<String> = rows[1..].iter().map(|row| row[column].clone()).collect();
        assert_eq!(found, expected, "{sheet}");
        assert!(!expected.is_empty(), "{sheet}");
    }
}

// ---- Proposed rule -----------------------------------------------------------------

#[test]
fn catalog_proposed_says_proposed_on_every_line() {
    let sandbox = Sandbox::new();
    let text = sandbox.ok(&["catalog", "--proposed"]);
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("status,citation,requirement,confidence,source"));
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 17);
    for row in &rows {
        assert!(
            row.starts_with("PROPOSED,§") || row.starts_with("PROPOSED,\"§"),
            "{row}"
        );
        assert!(row.contains("90 FR 898"), "{row}");
    }
    // Secondary-source citations say so.
    assert!(rows.iter().any(|row| row.contains("proposed, citation approximate")));
    // The rule in force is unchanged: no PROPOSED line in the normal catalog.
    assert!(!sandbox.ok(&["catalog"]).contains("PROPOSED"));
    let json: serde_json::Value =
        serde_json::from_str(&sandbox.ok(&["catalog", "--proposed", "--format", "json"])).unwrap();
    assert!(
        json["requirements"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["status"] == "PROPOSED")
    );
}

// ---- Portfolio ---------------------------------------------------------------------

#[test]
fn portfolio_gives_one_row_per_file_and_never_stops_on_a_bad_one() {
    let sandbox = Sandbox::new();
    let folder = sandbox.path("clients");
    std::fs::create_dir_all(&folder).unwrap();
    sandbox.ok(&["demo", folder.join("a-demo.hra").to_str().unwrap(), "--no-open"]);
    let today = sandbox::clock::today();
    let small = hipaa_ra::sample::SampleSize {
        assets: 20,
        risks: 15,
        actions: 12,
        evidence: 6,
    };
    for name in ["b-sample.hra", "c-sample.hra"] {
        drop(hipaa_ra::sample::create(&folder.join(name), &small, today).unwrap());
    }
    std::fs::write(
        folder.join("d-foreign.hra"),
        b"this is not a workspace, just text\n".repeat(200),
    )
    .unwrap();
    std::fs::write(folder.join("e-empty.hra"), b"").unwrap();
    let before: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|entry| {
            let path = entry.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            (path, bytes)
        })
        .collect();

    let output = sandbox.run(&["portfolio", folder.to_str().unwrap(), "--format", "json"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    let files: Vec<&str> = rows.iter().map(|row| row["file"].as_str().unwrap()).collect();
    assert_eq!(
        files,
        [
            "a-demo.hra",
            "b-sample.hra",
            "c-sample.hra",
            "d-foreign.hra",
            "e-empty.hra"
        ]
    );
    assert_eq!(rows[0]["practice"], "Riverside Family Medicine");
    assert_eq!(rows[0]["status"], "draft");
    assert!(rows[0]["problem"].is_null());
    assert_eq!(rows[1]["practice"], hipaa_ra::sample::PRACTICE_NAME);
    assert!(rows[1]["last_change"].as_str().unwrap().starts_with("20"));
    assert!(rows[2]["problem"].is_null());
    for row in &rows[3..] {
        let problem = row["problem"].as_str().unwrap();
        assert!(problem.contains("not a hipaa-ra workspace"), "{problem}");
    }

    // Text and CSV: a header and the same five rows.
    let text = sandbox.ok(&["portfolio", folder.to_str().unwrap()]);
    assert_eq!(text.lines().count(), 6, "{text}");
    assert!(text.lines().nth(4).unwrap().starts_with("d-foreign.hra"));
    let csv = sandbox.ok(&["portfolio", folder.to_str().unwrap(), "--format", "csv"]);
    assert_eq!(csv.lines().count(), 6, "{csv}");

    // No file in the folder changed. (A read-only SQLite open leaves its -wal and -shm
    // sidecars beside a workspace, as `check` and `report` do; they hold no data.)
    for (path, bytes) in before {
        assert_eq!(std::fs::read(&path).unwrap(), bytes, "{}", path.display());
    }
}

#[test]
fn portfolio_of_a_missing_folder_is_one_line_and_exit_1() {
    let sandbox = Sandbox::new();
    let output = sandbox.run(&["portfolio", sandbox.path("nowhere").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("nowhere: cannot list the folder"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

/// A consultant's folder as it is: a subfolder per client, with reports, signatures, CSV
/// files and spreadsheets beside each workspace, a damaged workspace, a link, a client
/// filed too deep. One line per workspace, within 80 columns, the rest counted.
#[test]
fn portfolio_walks_client_folders_lists_only_workspaces_and_fits_80_columns() {
    let sandbox = Sandbox::new();
    let folder = sandbox.path("clients");
    for sub in ["riverside", "acme/old", "east/north/deep/deeper", "empty"] {
        std::fs::create_dir_all(folder.join(sub)).unwrap();
    }
    // Last year (2025) final and signed; this year (2026) and an accidental 2027 draft.
    let riverside = folder.join("riverside/clinic.hra");
    let riverside = riverside.to_str().unwrap();
    sandbox.ok(&["demo", riverside, "--no-open"]);
    sandbox.ok(&["assessment", "next", riverside]);
    let acme = folder.join("acme/acme.hra");
    let long_name = "Acme Dental Associates of Springfield, Shelbyville and Capital City";
    sandbox.ok(&["new", acme.to_str().unwrap(), "--org", long_name, "--no-open"]);
    std::fs::copy(&acme, folder.join("east/north/deep/far.hra")).unwrap();
    std::fs::copy(&acme, folder.join("east/north/deep/deeper/too-far.hra")).unwrap();
    std::fs::write(folder.join("acme/old/broken.hra"), b"half a workspace").unwrap();
    for stray in [
        "riverside/clinic-report.pdf",
        "riverside/clinic-report.pdf.minisig",
        "riverside/assets.csv",
        "acme/inventory.xlsx",
        "notes.txt",
    ] {
        std::fs::write(folder.join(stray), b"not a workspace").unwrap();
    }
    std::os::unix::fs::symlink(folder.join("riverside"), folder.join("link-to-riverside")).unwrap();
    let dir = folder.to_str().unwrap();

    let output = sandbox.run(&["portfolio", dir, "--format", "json"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    let files: Vec<&str> = rows.iter().map(|row| row["file"].as_str().unwrap()).collect();
    assert_eq!(
        files,
        [
            "acme/acme.hra",
            "acme/old/broken.hra",
            "east/north/deep/far.hra",
            "riverside/clinic.hra"
        ]
    );
    let river = &rows[3];
    assert_eq!(
        (&river["year"], &river["status"], &river["signed_year"]),
        (
            &serde_json::json!(2027),
            &serde_json::json!("draft"),
            &serde_json::json!(2025)
        ),
        "{river}"
    );
    assert!(
        rows[0]["signed_year"].is_null() && rows[0]["year"] == 2026,
        "{}",
        rows[0]
    );
    assert!(
        rows[1]["problem"]
            .as_str()
            .unwrap()
            .contains("not a hipaa-ra workspace")
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        stderr,
        "hipaa-ra: 5 other files skipped (not workspaces)\n\
         hipaa-ra: skipped 1 entry that is not a regular file: link-to-riverside (link, not followed)\n\
         hipaa-ra: did not look into 1 folder more than 3 levels down: east/north/deep/deeper\n"
    );

    // Not a terminal and no COLUMNS: 80 columns, one line per workspace, never wrapped.
    let output = sandbox
        .command(env!("CARGO_BIN_EXE_hipaa-ra"))
        .args(["portfolio", dir])
        .env_remove("COLUMNS")
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert_eq!(text.lines().count(), 5, "{text}");
    for line in text.lines() {
        assert!(line.chars().count() <= 80, "{} columns: {line}", line.chars().count());
    }
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("CLIENT") && lines[0].contains("SIGNED"), "{text}");
    assert!(
        lines[1].starts_with("acme/acme.hra") && lines[1].contains('…'),
        "{text}"
    );
    assert!(lines[2].contains("not a hipaa-ra workspace"), "{text}");
    assert!(lines[4].starts_with("riverside/clinic.hra"), "{text}");
    assert!(lines[4].contains("2027 draft  2025"), "{text}");

    // A wider terminal gets the optional columns and the names in full; a narrower one
    // still one line per workspace within its width.
    let wide = sandbox
        .command(env!("CARGO_BIN_EXE_hipaa-ra"))
        .args(["portfolio", dir])
        .env("COLUMNS", "200")
        .output()
        .unwrap();
    let wide = String::from_utf8(wide.stdout).unwrap();
    assert!(wide.contains("LAST CHANGE") && wide.contains(long_name), "{wide}");
    let narrow = sandbox
        .command(env!("CARGO_BIN_EXE_hipaa-ra"))
        .args(["portfolio", dir])
        .env("COLUMNS", "64")
        .output()
        .unwrap();
    let narrow = String::from_utf8(narrow.stdout).unwrap();
    assert_eq!(narrow.lines().count(), 5, "{narrow}");
    assert!(narrow.lines().all(|line| line.chars().count() <= 64), "{narrow}");

    // CSV: the same rows, with the years.
    let csv = sandbox.ok(&["portfolio", dir, "--format", "csv"]);
    assert_eq!(csv.lines().count(), 5, "{csv}");
    assert!(
        csv.lines()
            .next()
            .unwrap()
            .starts_with("file,practice,assessment,status,year,signed_year,"),
        "{csv}"
    );

    // An empty folder says so, instead of an empty table alone.
    let empty = sandbox.run(&["portfolio", folder.join("empty").to_str().unwrap()]);
    assert!(empty.status.success());
    assert!(String::from_utf8_lossy(&empty.stderr).contains("no workspaces (.hra files)"));
}

// ---- Shell conventions -------------------------------------------------------------

#[test]
fn completions_for_each_shell_know_the_commands_and_flags() {
    let sandbox = Sandbox::new();
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef hipaa-ra"),
        ("fish", "complete -c hipaa-ra"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let script = sandbox.ok(&["completions", shell]);
        assert!(script.contains(marker), "{shell}");
        for word in ["portfolio", "report", "format", "completions"] {
            assert!(script.contains(word), "{shell} lacks {word}");
        }
        // PowerShell's completer lists flags but not their values.
        if shell != "powershell" {
            assert!(
                script.contains("oscal") && script.contains("xlsx"),
                "{shell} lacks the formats"
            );
        }
    }
    let output = sandbox.run(&["completions", "tcsh"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn man_page_is_roff_from_the_same_definitions() {
    let sandbox = Sandbox::new();
    let page = sandbox.ok(&["man"]);
    assert!(page.starts_with(".ie"), "{}", &page[..40]);
    assert!(page.contains(".TH hipaa-ra 1"));
    assert!(page.contains(".SH SUBCOMMANDS"));
    for command in ["portfolio", "completions", "report", "catalog"] {
        assert!(page.contains(&format!("hipaa\\-ra\\-{command}")), "{command}");
    }
}

#[test]
fn the_overlay_never_changes_the_current_status_and_one_setting_hides_it() {
    let sandbox = Sandbox::new();
    let demo = sandbox.demo();
    let shown: serde_json::Value = serde_json::from_str(&sandbox.ok(&["report", &demo, "--format", "json"])).unwrap();
    let check_shown = sandbox.run(&["check", &demo, "--format", "json"]);

    // Shown by default, labelled PROPOSED throughout, and computed from the data.
    let appendix = &shown["proposed"];
    assert_eq!(appendix["status"], "PROPOSED");
    let items = appendix["items"].as_array().unwrap();
    assert_eq!(items.len(), 17);
    assert!(items.iter().all(|item| item["status"] == "PROPOSED"));
    assert!(items.iter().any(|item| {
        item["from_data"][0]
            .as_str()
            .unwrap_or("")
            .contains("ePHI assets reviewed within 12 months")
    }));

    let said = sandbox.ok(&["setting", &demo, "proposed-rule", "hide"]);
    assert!(said.contains("leave out"), "{said}");
    let hidden: serde_json::Value = serde_json::from_str(&sandbox.ok(&["report", &demo, "--format", "json"])).unwrap();
    assert!(hidden.get("proposed").is_none());
    let check_hidden = sandbox.run(&["check", &demo, "--format", "json"]);

    // Everything else, status, findings, readiness and all, is the same either way; only
    // the change log has one entry more, the setting's change.
    let mut without = shown.clone();
    without.as_object_mut().unwrap().remove("proposed");
    let mut hidden_rest = hidden.clone();
    for model in [&mut without, &mut hidden_rest] {
        model.as_object_mut().unwrap().remove("change_log");
    }
    assert_eq!(without, hidden_rest);
    assert_eq!(
        shown["change_log"]["entries"].as_u64().unwrap() + 1,
        hidden["change_log"]["entries"].as_u64().unwrap()
    );
    assert_eq!(shown["draft"], hidden["draft"]);
    assert_eq!(shown["finding_counts"], hidden["finding_counts"]);
    assert_eq!(check_shown.stdout, check_hidden.stdout);
    assert_eq!(check_shown.status.code(), check_hidden.status.code());

    // The PDF carries the appendix only while it is shown.
    let pdf_hidden = sandbox.path("hidden.pdf");
    sandbox.ok(&["report", &demo, "-o", pdf_hidden.to_str().unwrap()]);
    sandbox.ok(&["setting", &demo, "proposed-rule", "show"]);
    let pdf_shown = sandbox.path("shown.pdf");
    sandbox.ok(&["report", &demo, "-o", pdf_shown.to_str().unwrap()]);
    assert!(std::fs::metadata(&pdf_shown).unwrap().len() > std::fs::metadata(&pdf_hidden).unwrap().len());
}
