//! A workspace is only what we made (issue 22): a file with an object our migrations do not
//! make (a trigger, a view, a table, an index), one with a damaged index, and one edited
//! behind its change log are refused by the real binary in one line naming what is wrong,
//! exit non-zero, and are left byte for byte as they were.

use std::path::Path;

use sha2::{Digest, Sha256};

#[path = "support/old_schema.rs"]
mod old_schema;
#[path = "support/sandbox.rs"]
mod sandbox;
use sandbox::{Sandbox, stderr, stdout};

fn sha256(path: &Path) -> String {
    Sha256::digest(std::fs::read(path).unwrap())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// Runs `sql` on the workspace with another tool, then folds the journal into the file
/// (closing the last connection checkpoints a WAL file and removes it).
fn edit_behind(path: &str, sql: &str) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(sql).unwrap();
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
}

/// Each reading command and the TUI's open refuse `path` in one line naming the file and
/// containing `expected`, with a non-zero exit; nothing is written, the file is unchanged.
fn assert_refused(sandbox: &Sandbox, path: &str, expected: &str) {
    let hash = sha256(Path::new(path));
    let json = sandbox.path("all.json");
    let csv = sandbox.path("risks.csv");
    let commands: [&[&str]; 8] = [
        &["check", path],
        &["report", path, "--format", "json"],
        &["export", path, "-o", json.to_str().unwrap()],
        &["risks", "export", path, "-o", csv.to_str().unwrap()],
        &["actions", "export", path],
        &["assets", "export", path],
        &["open", path],
        &["setting", path, "proposed-rule", "hide"],
    ];
    for args in commands {
        let output = sandbox.run(args);
        let message = stderr(&output);
        assert!(!output.status.success(), "{args:?} succeeded: {}", stdout(&output));
        // `check` keeps 1 for "blocking findings"; a workspace it cannot judge is 2.
        let code = if args[0] == "check" { 2 } else { 1 };
        assert_eq!(output.status.code(), Some(code), "{args:?}: {message}");
        assert_eq!(message.lines().count(), 1, "{args:?}: {message}");
        assert!(message.contains(path), "{args:?} should name the file: {message}");
        assert!(message.contains(expected), "{args:?}: `{message}` lacks `{expected}`");
        assert!(stdout(&output).is_empty(), "{args:?} printed data: {}", stdout(&output));
        assert_eq!(sha256(Path::new(path)), hash, "{args:?} changed {path}");
    }
    assert!(
        !json.exists() && !csv.exists(),
        "an export was written from a refused workspace"
    );
}

#[test]
fn an_added_trigger_is_refused_by_name() {
    let sandbox = Sandbox::new();
    let path = sandbox.demo();
    // What the issue found: a trigger that quietly undoes scenario edits.
    edit_behind(
        &path,
        "CREATE TRIGGER keep_scores AFTER UPDATE ON risks BEGIN
             UPDATE risks SET likelihood = old.likelihood WHERE id = new.id;
         END;",
    );
    assert_refused(
        &sandbox,
        &path,
        "not a workspace this version made: an extra trigger `keep_scores` on `risks`; the file was left unchanged",
    );
    // The full check says the same.
    let message = sandbox.refused(&["log", "verify", &path]);
    assert!(
        message.contains("an extra trigger `keep_scores` on `risks`"),
        "{message}"
    );
}

#[test]
fn an_added_view_is_refused_by_name() {
    let sandbox = Sandbox::new();
    let path = sandbox.demo();
    edit_behind(&path, "CREATE VIEW summary AS SELECT id, threat FROM risks;");
    assert_refused(
        &sandbox,
        &path,
        "not a workspace this version made: an extra view `summary`",
    );
}

#[test]
fn an_added_table_is_refused_by_name() {
    let sandbox = Sandbox::new();
    let path = sandbox.demo();
    edit_behind(
        &path,
        "CREATE TABLE notes_aside (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes_aside (text) VALUES ('x');",
    );
    assert_refused(
        &sandbox,
        &path,
        "not a workspace this version made: an extra table `notes_aside`",
    );
}

#[test]
fn an_added_index_is_refused_by_name() {
    let sandbox = Sandbox::new();
    let path = sandbox.demo();
    edit_behind(&path, "CREATE INDEX risks_by_threat ON risks (threat);");
    assert_refused(
        &sandbox,
        &path,
        "not a workspace this version made: an extra index `risks_by_threat` on `risks`",
    );
}

#[test]
fn an_added_column_and_a_dropped_index_are_refused_by_name() {
    let sandbox = Sandbox::new();
    let path = sandbox.demo();
    edit_behind(&path, "ALTER TABLE assets ADD COLUMN shadow TEXT;");
    let message = sandbox.refused(&["report", &path, "--format", "json"]);
    assert!(
        message.contains("an extra column `shadow` in the table `assets`"),
        "{message}"
    );

    let path = sandbox.path("second.hra");
    sandbox.ok(&["demo", path.to_str().unwrap(), "--no-open"]);
    let path = path.to_str().unwrap();
    edit_behind(path, "DROP INDEX risks_by_assessment;");
    let message = sandbox.refused(&["export", path, "-o", "out.json"]);
    assert!(
        message.contains("the index `risks_by_assessment` on `risks` is missing"),
        "{message}"
    );
}

#[test]
fn an_older_workspace_with_an_added_trigger_is_refused_before_any_upgrade() {
    let sandbox = Sandbox::new();
    let demo = sandbox.demo();
    // The demo in the schema migrations 1 to 5 build, plus a trigger of someone else's.
    let path = sandbox.path("schema-5.hra").to_str().unwrap().to_string();
    old_schema::copy_at_version(Path::new(&demo), Path::new(&path), 5)
        .execute_batch("CREATE TRIGGER quiet AFTER INSERT ON assets BEGIN SELECT 1; END;")
        .unwrap();
    let hash = sha256(Path::new(&path));
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/assets-sample.csv");
    // An editing command would upgrade an older file; a reading one would ask for that.
    for args in [
        vec!["assets", "import", path.as_str(), fixture.to_str().unwrap()],
        vec!["report", path.as_str(), "--format", "json"],
    ] {
        let message = sandbox.refused(&args);
        assert!(
            message.contains("not a workspace this version made: an extra trigger `quiet` on `assets`"),
            "{args:?}: {message}"
        );
        assert_eq!(sha256(Path::new(&path)), hash, "{args:?} changed the file");
    }
    assert_eq!(old_schema::version_of(Path::new(&path)), 5, "not upgraded");
}

/// Flips the low bit of the row id in the last entry of index `index`'s root page (a leaf
/// in the demo): the page stays well formed, so `quick_check` passes, but the index now
/// points at a row that is not the one it names.
fn corrupt_index_entry(path: &str, index: &str) {
    let (root, page_size): (i64, i64) = {
        let conn = rusqlite::Connection::open(path).unwrap();
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .unwrap();
        let root = conn
            .query_row("SELECT rootpage FROM sqlite_schema WHERE name = ?1", [index], |row| {
                row.get(0)
            })
            .unwrap();
        let page_size = conn.query_row("PRAGMA page_size", [], |row| row.get(0)).unwrap();
        (root, page_size)
    };
    let journal = std::fs::metadata(format!("{path}-wal")).map_or(0, |metadata| metadata.len());
    assert_eq!(journal, 0, "everything is in the file itself");
    let mut bytes = std::fs::read(path).unwrap();
    let page = usize::try_from((root - 1) * page_size).unwrap();
    assert_eq!(bytes[page], 0x0a, "the index's root page is a leaf");
    // The last cell: payload size (one byte here), then the record: header size, serial
    // types (key, row id), then the values; the row id is the payload's last byte.
    let cells = u16::from_be_bytes([bytes[page + 3], bytes[page + 4]]) as usize;
    let pointer = page + 8 + 2 * (cells - 1);
    let cell = u16::from_be_bytes([bytes[pointer], bytes[pointer + 1]]) as usize;
    let payload = bytes[page + cell] as usize;
    assert!(payload < 0x80, "a one-byte payload size");
    let header = bytes[page + cell + 1] as usize;
    let rowid_type = bytes[page + cell + 1 + header - 1];
    assert!((1..=6).contains(&rowid_type), "a row id with a body: {rowid_type}");
    bytes[page + cell + payload] ^= 0x01;
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn a_corrupted_index_page_is_refused_naming_the_index() {
    let sandbox = Sandbox::new();
    let path = sandbox.demo();
    corrupt_index_entry(&path, "risks_by_assessment");
    {
        // The damage `quick_check` misses, and what it did before: wrong rows through the
        // index.
        let conn = rusqlite::Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
        let quick: String = conn.query_row("PRAGMA quick_check", [], |row| row.get(0)).unwrap();
        assert_eq!(quick, "ok");
        let full: String = conn.query_row("PRAGMA integrity_check", [], |row| row.get(0)).unwrap();
        assert_ne!(full, "ok");
    }
    assert_refused(&sandbox, &path, "risks_by_assessment");
    let message = sandbox.refused(&["log", "verify", &path]);
    assert!(
        message.contains("the workspace is damaged") && message.contains("risks_by_assessment"),
        "{message}"
    );
}

/// An index the data check does not read through (the links are hashed through their
/// primary key, not by asset): the printing commands' data check passes, so only the
/// damage check they run beside their own reading finds it, and they wait for its verdict
/// before writing anything.
#[test]
fn a_corrupted_index_the_data_check_does_not_read_is_refused_before_anything_is_printed() {
    let sandbox = Sandbox::new();
    let path = sandbox.demo();
    corrupt_index_entry(&path, "risk_assets_by_asset");
    let (reader, damage) = hipaa_ra::store::Store::open_to_print(Path::new(&path)).unwrap();
    let current = reader.current_assessment_id().unwrap();
    assert!(
        matches!(
            reader.check_data_of(current).unwrap(),
            hipaa_ra::store::DataStatus::Consistent { .. }
        ),
        "the data check does not see this damage"
    );
    let verdict = damage.verdict().unwrap_err().to_string();
    assert!(verdict.contains("risk_assets_by_asset"), "{verdict}");
    drop(reader);
    assert_refused(&sandbox, &path, "risk_assets_by_asset");
    let pdf = sandbox.path("report.pdf");
    let message = sandbox.refused(&["report", &path, "-o", pdf.to_str().unwrap()]);
    assert!(
        message.contains("the workspace is damaged") && message.contains("risk_assets_by_asset"),
        "{message}"
    );
    assert!(!pdf.exists(), "a report was written from a damaged workspace");
}

#[test]
fn a_workspace_edited_behind_its_log_is_refused_by_check_and_the_exports() {
    let sandbox = Sandbox::new();
    let path = sandbox.demo();
    // An asset of the year the exports print (the current one): an edit of another year's
    // row is left to `check`, the open and `log verify` (tests/printed_years.rs).
    edit_behind(
        &path,
        "UPDATE assets SET location = 'Elsewhere' WHERE id = (SELECT min(id) FROM assets WHERE assessment_id = \
         (SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'current_assessment'));",
    );
    let hash = sha256(Path::new(&path));
    let output = sandbox.run(&["check", &path]);
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    let message = stderr(&output);
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(message.contains("does not match its change log"), "{message}");
    assert!(stdout(&output).is_empty(), "{}", stdout(&output));
    assert_refused(&sandbox, &path, "does not match its change log");
    for args in [
        vec!["assessment", "diff", path.as_str(), "1", "2"],
        vec!["assets", "export", path.as_str(), "--format", "json"],
    ] {
        let message = sandbox.refused(&args);
        assert!(
            message.contains("location is \"Elsewhere\" in the data"),
            "{args:?}: {message}"
        );
    }
    // The portfolio gives it a row saying so, and no data.
    let folder = sandbox.path("clients");
    std::fs::create_dir(&folder).unwrap();
    std::fs::copy(&path, folder.join("clinic.hra")).unwrap();
    let output = sandbox.run(&["portfolio", folder.to_str().unwrap(), "--format", "json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let rows: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let row = &rows.as_array().unwrap()[0];
    assert!(
        row["problem"]
            .as_str()
            .unwrap()
            .contains("does not match its change log"),
        "{row}"
    );
    assert_eq!(row["practice"], "", "{row}");
    assert_eq!(sha256(Path::new(&path)), hash);
}

#[test]
fn export_refuses_a_damaged_log_row() {
    let sandbox = Sandbox::new();
    let path = sandbox.demo();
    // A row before the head altered: the data still matches the head's digest, so only the
    // chain shows it (and `new --from` would refuse the backup). The workspace export
    // carries the whole log and walks its chain; `risks export` checks only what it prints
    // (the head and the data) and leaves the chain to `log verify`.
    edit_behind(&path, "UPDATE change_log SET actor = 'Mallory' WHERE id = 7;");
    let hash = sha256(Path::new(&path));
    let json = sandbox.path("backup.json");
    let output = sandbox.run(&["risks", "export", path.as_str()]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    // Not `open` either: the TUI's check is O(rows of data) and does not walk the chain
    // (issue 25); a row before the head is `log verify`'s to find.
    let message = sandbox.refused(&["export", path.as_str(), "-o", json.to_str().unwrap()]);
    assert!(message.contains("the change log is broken at row 7"), "{message}");
    assert!(!json.exists());
    assert_eq!(sha256(Path::new(&path)), hash);
}
