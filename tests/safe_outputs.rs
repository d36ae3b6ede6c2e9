//! Issue 12's reproductions of lost work through outputs, readers and imports, run through
//! the real binary: each is now refused in one line (exit 1) or harmless, and the
//! workspace is byte for byte as it was wherever it should be.

#[path = "support/tools.rs"]
mod tools;

use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::Path;
use std::process::{Command, Output};

#[path = "support/sandbox.rs"]
mod sandbox;
use sandbox::{Sandbox, stderr};

/// Every command that writes a file with -o, aimed at `target`.
fn writers<'a>(workspace: &'a str, target: &'a str) -> [Vec<&'a str>; 6] {
    [
        vec!["report", workspace, "-o", target, "--date", sandbox::TODAY],
        vec!["report", workspace, "--format", "json", "-o", target],
        vec!["export", workspace, "-o", target],
        vec!["risks", "export", workspace, "-o", target],
        vec!["actions", "export", workspace, "-o", target],
        vec!["report", workspace, "--format", "csv", "-o", target],
    ]
}

#[test]
fn no_output_replaces_the_workspace_it_reads_or_any_other() {
    let sandbox = Sandbox::with_key_password("");
    let path = sandbox.demo();
    let other = sandbox.new_workspace("other.hra");
    let before = std::fs::read(&path).unwrap();
    let other_before = std::fs::read(&other).unwrap();
    // The workspace by another name (a hard link) is still the workspace.
    let alias = sandbox.path("alias.pdf");
    std::fs::hard_link(&path, &alias).unwrap();
    let wal = format!("{path}-wal");
    for (target, expected) in [
        (path.as_str(), "is the workspace being read"),
        (alias.to_str().unwrap(), "is the workspace being read"),
        (
            other.as_str(),
            "is a hipaa-ra workspace; choose another name for the output",
        ),
        (wal.as_str(), "belongs to a hipaa-ra workspace"),
    ] {
        for args in writers(&path, target) {
            if args.contains(&"csv") && args[0] == "report" {
                continue; // writes NAME-register.csv and NAME-plan.csv: another name
            }
            let message = sandbox.refused(&args);
            assert!(message.contains(expected), "{args:?}: {message}");
            assert!(message.contains(target), "{args:?} should name {target}: {message}");
        }
    }
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(std::fs::read(&other).unwrap(), other_before);
    // A read-only SQLite connection leaves its (empty) journal files; nothing was written
    // into them.
    assert!(std::fs::metadata(&wal).map_or(true, |metadata| metadata.len() == 0));
    sandbox.ok(&["log", "verify", &path]);
    let leftovers: Vec<_> = std::fs::read_dir(sandbox.dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn links_devices_pipes_and_folders_are_refused_and_left_alone() {
    let sandbox = Sandbox::with_key_password("");
    let path = sandbox.demo();
    let victim = sandbox.path("victim.txt");
    std::fs::write(&victim, "precious").unwrap();
    let link = sandbox.path("report.pdf");
    std::os::unix::fs::symlink(&victim, &link).unwrap();
    // The old fixed `.partial` name, planted as a link, is no longer used at all.
    let planted = sandbox.path("out.json.partial");
    std::os::unix::fs::symlink(&victim, &planted).unwrap();
    let fifo = sandbox.path("pipe.csv");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let folder = sandbox.path("folder.json");
    std::fs::create_dir(&folder).unwrap();
    for (target, expected) in [
        (link.to_str().unwrap(), "is a symbolic link"),
        ("/dev/null", "is not a regular file"),
        (fifo.to_str().unwrap(), "is not a regular file"),
        (folder.to_str().unwrap(), "is a folder"),
    ] {
        for args in writers(&path, target) {
            if args.contains(&"csv") && args[0] == "report" {
                continue;
            }
            let message = sandbox.refused(&args);
            assert!(message.contains(expected), "{args:?}: {message}");
        }
    }
    sandbox.ok(&["export", &path, "-o", sandbox.path("out.json").to_str().unwrap()]);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    assert!(
        std::fs::symlink_metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
    assert!(std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
}

#[test]
fn a_replaced_output_is_whole_and_private() {
    let sandbox = Sandbox::with_key_password("");
    let path = sandbox.demo();
    let out = sandbox.path("export.json");
    std::fs::write(&out, "old export").unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o644)).unwrap();
    sandbox.ok(&["export", &path, "-o", out.to_str().unwrap()]);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with('{') && text.ends_with("}\n"));
    assert_eq!(std::fs::metadata(&out).unwrap().permissions().mode() & 0o777, 0o600);
    let csv = sandbox.path("risks.csv");
    std::fs::write(&csv, "old").unwrap();
    std::fs::set_permissions(&csv, std::fs::Permissions::from_mode(0o644)).unwrap();
    sandbox.ok(&["risks", "export", &path, "-o", csv.to_str().unwrap()]);
    assert_eq!(std::fs::metadata(&csv).unwrap().permissions().mode() & 0o777, 0o600);
}

#[test]
fn a_signature_that_cannot_be_written_leaves_the_old_signed_pair() {
    let sandbox = Sandbox::with_key_password("");
    let path = sandbox.demo();
    let keys = sandbox.path("keys");
    sandbox.ok(&["key", "generate", "--out", keys.to_str().unwrap(), "--unencrypted"]);
    let key = keys.join("hipaa-ra.key");
    let pdf = sandbox.path("signed.pdf");
    let (pdf_s, key_s) = (pdf.to_str().unwrap(), key.to_str().unwrap());
    sandbox.ok(&[
        "report",
        &path,
        "-o",
        pdf_s,
        "--sign",
        "--draft",
        "--key",
        key_s,
        "--date",
        sandbox::TODAY,
    ]);
    let old_pdf = std::fs::read(&pdf).unwrap();
    let signature = sandbox.path("signed.pdf.minisig");
    let old_signature = std::fs::read(&signature).unwrap();
    // The signature's name taken by a folder: the new report must not replace the old one.
    std::fs::remove_file(&signature).unwrap();
    std::fs::create_dir(&signature).unwrap();
    let message = sandbox.refused(&[
        "report",
        &path,
        "-o",
        pdf_s,
        "--sign",
        "--draft",
        "--key",
        key_s,
        "--date",
        "2026-12-01",
    ]);
    assert!(message.contains("signed.pdf.minisig: is a folder"), "{message}");
    assert_eq!(std::fs::read(&pdf).unwrap(), old_pdf);
    std::fs::remove_dir(&signature).unwrap();
    std::fs::write(&signature, &old_signature).unwrap();
    let public = keys.join("hipaa-ra.pub");
    let verified = sandbox.ok(&["verify", pdf_s, "--pubkey", public.to_str().unwrap()]);
    assert!(verified.starts_with("valid:"), "{verified}");
}

/// Root may write any file: the read-only checks then run as nobody, if setpriv exists.
fn as_reader(sandbox: &Sandbox, args: &[&str]) -> Option<Output> {
    let root = std::fs::read_to_string("/proc/self/status")
        .unwrap()
        .lines()
        .any(|line| line.starts_with("Uid:") && line.split_whitespace().nth(1) == Some("0"));
    if !root {
        return Some(sandbox.run(args));
    }
    if Command::new("setpriv").arg("--version").output().is_err() {
        return None;
    }
    Some(
        sandbox
            .command("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(env!("CARGO_BIN_EXE_hipaa-ra"))
            .args(args)
            .output()
            .unwrap(),
    )
}

#[test]
fn readers_work_on_a_read_only_workspace_and_leave_it_unchanged() {
    let sandbox = Sandbox::with_key_password("");
    let path = sandbox.demo();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    // nobody must be able to reach the folder and write the outputs there.
    std::fs::set_permissions(sandbox.dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    std::fs::create_dir_all(sandbox.path("home")).unwrap();
    std::fs::set_permissions(sandbox.path("home"), std::fs::Permissions::from_mode(0o777)).unwrap();
    let before = std::fs::read(&path).unwrap();
    let json = sandbox.path("archived.json");
    let pdf = sandbox.path("archived.pdf");
    let commands: [&[&str]; 7] = [
        &["log", "verify", &path],
        &["log", "show", &path],
        &["assets", "export", &path],
        &["risks", "export", &path],
        &["actions", "export", &path],
        &["export", &path, "-o", json.to_str().unwrap()],
        &["report", &path, "-o", pdf.to_str().unwrap()],
    ];
    for args in commands {
        let Some(output) = as_reader(&sandbox, args) else {
            tools::skip("running as root without setpriv");
            return;
        };
        assert!(output.status.success(), "{args:?} on a 0444 file: {}", stderr(&output));
    }
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert!(json.exists() && pdf.exists());
    // An archived copy in a folder nobody may write (no journal files can be made there).
    let archive = sandbox.path("archive");
    std::fs::create_dir(&archive).unwrap();
    let copy = archive.join("clinic.hra");
    std::fs::copy(&path, &copy).unwrap();
    std::fs::set_permissions(&archive, std::fs::Permissions::from_mode(0o555)).unwrap();
    let copy = copy.to_str().unwrap();
    for args in [&["log", "verify", copy][..], &["report", copy, "--format", "json"]] {
        let output = as_reader(&sandbox, args).expect("checked above");
        assert!(
            output.status.success(),
            "{args:?} in a read-only folder: {}",
            stderr(&output)
        );
    }
    assert_eq!(std::fs::read(copy).unwrap(), before);
}

#[test]
fn readers_never_upgrade_an_older_file_or_a_foreign_one() {
    let sandbox = Sandbox::with_key_password("");
    // A bare SQLite file carrying our application id and schema 0: once 16 tables were
    // created in such a file by `log verify`, and 896 lines of SQL printed.
    let bare = sandbox.path("bare.hra");
    {
        let conn = rusqlite::Connection::open(&bare).unwrap();
        conn.pragma_update(None, "application_id", hipaa_ra::store::APPLICATION_ID)
            .unwrap();
        conn.execute("CREATE TABLE keep (x)", []).unwrap();
    }
    let before = std::fs::read(&bare).unwrap();
    let shown = bare.to_str().unwrap();
    let json = sandbox.path("x.json");
    let commands: [&[&str]; 7] = [
        &["log", "verify", shown],
        &["log", "show", shown],
        &["assets", "export", shown],
        &["risks", "export", shown],
        &["actions", "export", shown],
        &["export", shown, "-o", json.to_str().unwrap()],
        &["report", shown, "--format", "json"],
    ];
    for args in commands {
        let message = sandbox.refused(args);
        assert_eq!(
            message,
            format!(
                "hipaa-ra: {shown}: not a hipaa-ra workspace (a SQLite database with no hipaa-ra schema in it); the \
                 file was left unchanged\n"
            ),
            "{args:?}"
        );
    }
    assert_eq!(std::fs::read(&bare).unwrap(), before);
    let conn = rusqlite::Connection::open(&bare).unwrap();
    let tables: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table'", [], |row| {
            row.get(0)
        })
        .unwrap();
    assert_eq!(tables, 1);
    assert!(!json.exists());
}

#[test]
fn spreadsheet_cells_are_disarmed_and_round_trip_byte_for_byte() {
    let sandbox = Sandbox::with_key_password("");
    let first = sandbox.new_workspace("first.hra");
    let second = sandbox.new_workspace("second.hra");
    let csv = sandbox.path("hostile.csv");
    std::fs::write(
        &csv,
        "name,kind,notes\n\
         \"=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",system,+1\n\
         \"\t=cmd|' /C calc'!A0\",laptop,@SUM(A1)\n\
         '-5,laptop,'tis\n\
         Plain,laptop,\"-2+3\"\n",
    )
    .unwrap();
    sandbox.ok(&["assets", "import", &first, csv.to_str().unwrap()]);
    let exported = sandbox.ok(&["assets", "export", &first]);
    let mut reader = csv::Reader::from_reader(exported.as_bytes());
    let notes = reader
        .headers()
        .unwrap()
        .iter()
        .position(|name| name == "notes")
        .unwrap();
    let rows: Vec<(String, String)> = reader
        .records()
        .map(|record| {
            let record = record.unwrap();
            (record[1].to_string(), record[notes].to_string())
        })
        .collect();
    // No cell starts a formula; the tab was kept, never trimmed.
    assert!(
        rows.contains(&("'=HYPERLINK(\"http://evil\",\"x\")".into(), "'+1".into())),
        "{rows:?}"
    );
    assert!(
        rows.contains(&("'\t=cmd|' /C calc'!A0".into(), "'@SUM(A1)".into())),
        "{rows:?}"
    );
    // A user's own leading apostrophe is kept, doubled on export so the importer's
    // removal of one gives it back.
    assert!(rows.contains(&("'-5".into(), "''tis".into())), "{rows:?}");
    assert!(rows.contains(&("Plain".into(), "'-2+3".into())), "{rows:?}");
    let again = sandbox.path("again.csv");
    std::fs::write(&again, &exported).unwrap();
    sandbox.ok(&["assets", "import", &second, again.to_str().unwrap()]);
    assert_eq!(sandbox.ok(&["assets", "export", &second]), exported);
    // The register and plan exports are disarmed the same way.
    let register = sandbox.ok(&["risks", "export", &sandbox.demo()]);
    for line in register.lines().skip(1) {
        for cell in csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(line.as_bytes())
            .records()
            .flatten()
            .flat_map(|record| record.iter().map(str::to_string).collect::<Vec<_>>())
        {
            assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "{cell:?}");
        }
    }
}

#[test]
fn reimporting_a_spreadsheet_updates_by_name_instead_of_duplicating() {
    let sandbox = Sandbox::with_key_password("");
    let path = sandbox.new_workspace("clinic.hra");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/assets-sample.csv");
    let first = sandbox.ok(&["assets", "import", &path, fixture.to_str().unwrap()]);
    assert!(
        first.trim_end().ends_with("added 40, updated 0, unchanged 0"),
        "{first}"
    );
    let exported = sandbox.ok(&["assets", "export", &path]);
    let again = sandbox.ok(&["assets", "import", &path, fixture.to_str().unwrap()]);
    assert!(
        again.trim_end().ends_with("added 0, updated 0, unchanged 40"),
        "{again}"
    );
    assert_eq!(sandbox.ok(&["assets", "export", &path]), exported);
    let update = sandbox.path("update.csv");
    std::fs::write(
        &update,
        "Name,Location\nFRONT DESK WORKSTATION 1,Back office\nExam room PC A,Exam room 1\nNew scanner,Lab\n",
    )
    .unwrap();
    let message = sandbox.refused(&["assets", "import", &path, update.to_str().unwrap()]);
    assert!(message.contains("missing required column `kind`"), "{message}");
    std::fs::write(
        &update,
        "Name,Kind,Location\nFRONT DESK WORKSTATION 1,workstation,Back office\n\
         Exam room PC A,workstation,Exam room 1\nNew scanner,system,Lab\n",
    )
    .unwrap();
    let output = sandbox.ok(&["assets", "import", &path, update.to_str().unwrap()]);
    assert!(
        output.trim_end().ends_with("added 1, updated 1, unchanged 1"),
        "{output}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&sandbox.ok(&["assets", "export", &path, "--format", "json"])).unwrap();
    let assets = json["assets"].as_array().unwrap();
    assert_eq!(assets.len(), 41);
    let desk = assets
        .iter()
        .find(|asset| asset["name"] == "FRONT DESK WORKSTATION 1")
        .expect("the matched asset takes the new spelling");
    // Only the file's columns changed: the owner and notes recorded before are kept.
    assert_eq!(
        (desk["location"].as_str(), desk["owner"].as_str()),
        (Some("Back office"), Some("Zoë Papadopoulou"))
    );
    assert_eq!(desk["description"], "Check-in, scheduling");
    // Two rows of one name update that name's assets in order, one each, and add the rest:
    // an inventory holding two assets of one name re-imports onto both.
    std::fs::write(&update, "name,kind\nFax,system\nfax,system\n").unwrap();
    let output = sandbox.ok(&["assets", "import", &path, update.to_str().unwrap()]);
    assert!(
        output.trim_end().ends_with("added 2, updated 0, unchanged 0"),
        "{output}"
    );
    std::fs::write(
        &update,
        "name,kind,notes\nFax,system,one\nfax,system,two\nFAX,system,three\n",
    )
    .unwrap();
    let output = sandbox.ok(&["assets", "import", &path, update.to_str().unwrap()]);
    assert!(
        output.trim_end().ends_with("added 1, updated 2, unchanged 0"),
        "{output}"
    );
    let twice = sandbox.ok(&["assets", "export", &path]);
    let again = sandbox.path("again.csv");
    std::fs::write(&again, &twice).unwrap();
    let output = sandbox.ok(&["assets", "import", &path, again.to_str().unwrap()]);
    assert!(
        output.trim_end().ends_with("added 0, updated 0, unchanged 44"),
        "{output}"
    );
}

#[test]
fn csv_limits_are_refused_naming_the_limit_and_change_nothing() {
    let sandbox = Sandbox::with_key_password("");
    let path = sandbox.new_workspace("clinic.hra");
    let before = std::fs::read(&path).unwrap();
    let csv = sandbox.path("big.csv");
    let mut rows = String::from("name,kind\n");
    for row in 0..20_001 {
        rows.push_str(&format!("asset {row},system\n"));
    }
    std::fs::write(&csv, &rows).unwrap();
    let message = sandbox.refused(&["assets", "import", &path, csv.to_str().unwrap()]);
    assert!(
        message.contains("line 20002: more than the limit of 20000 rows"),
        "{message}"
    );
    std::fs::write(&csv, format!("name,kind,notes\nA,system,{}\n", "x".repeat(10_001))).unwrap();
    let message = sandbox.refused(&["assets", "import", &path, csv.to_str().unwrap()]);
    assert!(
        message.contains("line 2: notes: longer than the limit of 10000 characters"),
        "{message}"
    );
    let file = std::fs::File::create(&csv).unwrap();
    file.set_len(21 * 1024 * 1024).unwrap();
    let message = sandbox.refused(&["assets", "import", &path, csv.to_str().unwrap()]);
    assert!(
        message.contains("more than the limit of 20.0 MB for a CSV import"),
        "{message}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

/// The demo's export, changed by `edit`, offered to `new --from`: refused in one line
/// containing `expected`, and no workspace (nor temporary) is left.
fn refused_export(edit: impl Fn(&mut serde_json::Value), expected: &str) {
    let sandbox = Sandbox::with_key_password("");
    let path = sandbox.demo();
    let json = sandbox.path("export.json");
    sandbox.ok(&["export", &path, "-o", json.to_str().unwrap()]);
    let mut value: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    edit(&mut value);
    std::fs::write(&json, serde_json::to_string_pretty(&value).unwrap()).unwrap();
    let target = sandbox.path("copy.hra");
    let message = sandbox.refused(&[
        "new",
        target.to_str().unwrap(),
        "--from",
        json.to_str().unwrap(),
        "--no-open",
    ]);
    assert!(message.contains(expected), "{message}");
    let names: Vec<String> = std::fs::read_dir(sandbox.dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("copy"))
        .collect();
    assert!(names.is_empty(), "{names:?}");
}

#[test]
fn json_values_out_of_range_or_out_of_order_are_refused() {
    refused_export(
        |value| value["assessments"][0]["risks"][0]["likelihood"] = 99.into(),
        "assessments[0].risks[0].likelihood: 99 is out of range (the matrix has 5 likelihood levels, 0 to 4)",
    );
    refused_export(
        |value| value["assessments"][0]["risks"][0]["residual_impact"] = 5.into(),
        "assessments[0].risks[0].residual_impact: 5 is out of range",
    );
    refused_export(
        |value| {
            let assessment = &mut value["assessments"][0]["assessment"];
            assessment["period_end"] = "2020-01-01".into();
        },
        "assessments[0].assessment.period_end: the period ends (2020-01-01) before it starts",
    );
    refused_export(
        |value| value["assessments"][0]["assessment"]["matrix"]["cells"][0][0] = 9.into(),
        "assessments[0].assessment.matrix.cells[0][0]: 9 is out of range",
    );
    refused_export(
        |value| value["people"][0]["name"] = "x".repeat(100_001).into(),
        "people[0].name: longer than the limit of 100000 characters",
    );
}

#[test]
fn evidence_file_names_from_an_import_must_be_plain() {
    for bad in ["../../x", "/etc/cron.d/job", "a/b.pdf", ".."] {
        refused_export(
            |value| {
                let evidence = value["evidence"]
                    .as_array_mut()
                    .unwrap()
                    .iter_mut()
                    .find(|entry| !entry["record"]["file"].is_null())
                    .expect("the demo stores a file");
                evidence["record"]["file"]["file_name"] = bad.into();
            },
            ".record.file.file_name: file name",
        );
    }
}

#[test]
fn log_show_escapes_control_characters() {
    let sandbox = Sandbox::with_key_password("");
    let path = sandbox.path("clinic.hra");
    let path = path.to_str().unwrap();
    sandbox.ok(&[
        "new",
        path,
        "--org",
        "Test",
        "--assessor",
        "Eve\u{1b}[2J\u{7}\nrow",
        "--no-open",
    ]);
    let shown = sandbox.ok(&["log", "show", path]);
    assert!(!shown.chars().any(|c| c.is_control() && c != '\n'), "{shown:?}");
    assert!(shown.contains("Eve\\u{1b}[2J\\u{7}\\nrow"), "{shown}");
}
