//! What the bench files share: the sample workspaces (generated once per run, each on
//! first use, so a filtered run makes only the sizes it measures), the 10,000-row CSV to
//! import, the real binary, and the SQLite yardsticks: the same work done by SQLite
//! itself through rusqlite (bundled SQLite, so no `sqlite3` program is needed).
//!
//! Sizes: `small` (200 assets, 150 scenarios), `large` (10,000 assets, 20,000 scenarios)
//! and `large_5y` (the large practice with five years of history, `generate --years 5`).

// Each bench file uses part of this module.
#![allow(dead_code)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::Instant;

use chrono::NaiveDate;
use hipaa_ra::sample::SampleSize;
use hipaa_ra::store::Store;
use rusqlite::{Connection, OpenFlags};
use sha2::{Digest, Sha256};

/// The sizes every command is measured at, in the README's order.
pub const SIZES: [&str; 3] = ["small", "large", "large_5y"];

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("a valid date")
}

/// The directory of this run's workspaces: one under `target/`, emptied when a run starts.
/// (A `TempDir` in a static is never dropped, so it would leave each run's half gigabyte
/// of workspaces behind.)
pub fn dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-workspaces");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("the bench directory");
        dir
    })
}

/// The sample workspace of `size` (one of `SIZES`), generated on first use.
pub fn workspace(size: &str) -> PathBuf {
    static MADE: OnceLock<Mutex<HashMap<String, PathBuf>>> = OnceLock::new();
    let made = MADE.get_or_init(|| Mutex::new(HashMap::new()));
    let mut made = made.lock().expect("the workspace list");
    if let Some(path) = made.get(size) {
        return path.clone();
    }
    let (sample, years) = match size {
        "small" => (SampleSize::SMALL, 1),
        "large" => (SampleSize::LARGE, 1),
        "large_5y" => (SampleSize::LARGE, 5),
        other => panic!("no sample size {other}"),
    };
    let path = dir().join(format!("{size}.hra"));
    let started = Instant::now();
    hipaa_ra::sample_history::create(&path, &sample, years, today()).expect("the sample workspace");
    eprintln!("generated the {size} workspace in {:.1?}", started.elapsed());
    made.insert(size.to_string(), path.clone());
    path
}

/// A fresh copy of `path` to change (the original is shared by every bench), with a name
/// unique in this run.
pub fn copy(path: &Path) -> PathBuf {
    static COUNTER: Mutex<u64> = Mutex::new(0);
    let mut counter = COUNTER.lock().expect("the counter");
    *counter += 1;
    let stem = path.file_stem().and_then(|stem| stem.to_str()).unwrap_or("copy");
    let target = dir().join(format!("{stem}-copy-{counter}.hra"));
    std::fs::copy(path, &target).expect("a copy of the workspace");
    target
}

/// Removes a workspace copy and its SQLite side files, so the temporary directory does
/// not fill the disk with copies of the five-year file.
pub fn remove(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(name));
    }
}

/// 10,000 inventory rows as the exchange writer writes them (the large sample's first
/// 10,000 assets, renamed "New ..." so that importing them into any sample adds them all).
pub fn import_csv() -> &'static Path {
    static CSV: OnceLock<PathBuf> = OnceLock::new();
    CSV.get_or_init(|| {
        let store = Store::open_for_reading(&workspace("large")).expect("the large workspace");
        let workspace = store.snapshot().expect("a snapshot");
        let assets: Vec<_> = workspace.assets[..10_000]
            .iter()
            .map(|asset| hipaa_ra::domain::Asset {
                name: format!("New {}", asset.name),
                ..asset.clone()
            })
            .collect();
        let mut csv = Vec::new();
        hipaa_ra::exchange::write_assets_csv(
            &mut csv,
            &assets,
            |id| workspace.person_name(id).to_string(),
            hipaa_ra::domain::Status::Draft,
        )
        .expect("the CSV");
        let path = dir().join("assets-10000.csv");
        std::fs::write(&path, csv).expect("the CSV file");
        path
    })
}

/// Runs the real `hipaa-ra` binary (the one built with these benches) with `args`, as a
/// user runs it, and panics unless it succeeds. Its output is discarded (an export or a
/// report writes to a file given with `--output`).
pub fn hipaa_ra(args: &[&std::ffi::OsStr]) {
    let output = Command::new(env!("CARGO_BIN_EXE_hipaa-ra"))
        .args(args)
        .env("HIPAA_RA_TODAY", today().to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .expect("hipaa-ra runs");
    assert!(
        output.status.success(),
        "hipaa-ra {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A read-only connection, as `sqlite3 -readonly FILE` opens one.
pub fn read_only(path: &Path) -> Connection {
    Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .expect("the workspace opens read-only")
}

/// The register query (benches/yardsticks/register.sql).
pub const REGISTER_SQL: &str = include_str!("../yardsticks/register.sql");

/// The yardstick of `risks export` and `report`: the register query's rows written as CSV
/// text to `output`, as `sqlite3 -csv FILE < register.sql > output` does. Returns the rows.
pub fn register_to_csv(path: &Path, output: &Path) -> usize {
    let conn = read_only(path);
    let mut statement = conn.prepare(REGISTER_SQL).expect("the register query");
    let columns = statement.column_count();
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(statement.column_names()).expect("the header");
    let mut rows = statement.query([]).expect("the rows");
    let mut count = 0;
    let mut record: Vec<String> = Vec::with_capacity(columns);
    while let Some(row) = rows.next().expect("a row") {
        record.clear();
        for index in 0..columns {
            record.push(text(row.get_ref(index).expect("a value")));
        }
        writer.write_record(&record).expect("a CSV row");
        count += 1;
    }
    std::fs::write(output, writer.into_inner().expect("the CSV text")).expect("the CSV file");
    count
}

/// A value as `sqlite3` prints it: NULL as nothing, numbers and text as text.
fn text(value: rusqlite::types::ValueRef<'_>) -> String {
    use rusqlite::types::ValueRef;
    match value {
        ValueRef::Null => String::new(),
        ValueRef::Integer(number) => number.to_string(),
        ValueRef::Real(number) => number.to_string(),
        ValueRef::Text(bytes) | ValueRef::Blob(bytes) => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// The yardstick of `assets import`: the CSV read into a new table of `path` with one
/// prepared INSERT in one transaction, as `sqlite3 FILE ".import --csv CSV t"` does.
pub fn import_csv_into(path: &Path, csv_path: &Path) -> usize {
    let mut conn = Connection::open(path).expect("the workspace copy");
    let mut reader = csv::Reader::from_path(csv_path).expect("the CSV");
    let headers: Vec<String> = reader
        .headers()
        .expect("the header")
        .iter()
        .map(|name| format!("\"{}\"", name.replace('"', "\"\"")))
        .collect();
    let tx = conn.transaction().expect("a transaction");
    tx.execute_batch(&format!("CREATE TABLE imported ({})", headers.join(", ")))
        .expect("the table");
    let placeholders = vec!["?"; headers.len()].join(", ");
    let mut count = 0;
    {
        let mut insert = tx
            .prepare(&format!("INSERT INTO imported VALUES ({placeholders})"))
            .expect("the insert");
        for record in reader.records() {
            let record = record.expect("a CSV row");
            insert
                .execute(rusqlite::params_from_iter(record.iter()))
                .expect("a row in");
            count += 1;
        }
    }
    tx.commit().expect("the commit");
    count
}

/// The data tables of a workspace (every table but the change log), by name.
pub fn data_tables(conn: &Connection) -> Vec<String> {
    let mut statement = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .expect("the table list");
    statement
        .query_map([], |row| row.get::<_, String>(0))
        .expect("the tables")
        .collect::<Result<Vec<_>, _>>()
        .expect("the table names")
        .into_iter()
        .filter(|name| name != "change_log")
        .collect()
}

/// SHA-256 of every row of `tables`, each value as its bytes, in rowid order: what
/// `sqlite3`'s `sha3_query('SELECT * FROM t')` does for each table.
pub fn hash_tables(conn: &Connection, tables: &[String]) -> [u8; 32] {
    use rusqlite::types::ValueRef;
    let mut hasher = Sha256::new();
    for table in tables {
        let mut statement = conn
            .prepare(&format!("SELECT * FROM \"{table}\""))
            .expect("the table's rows");
        let columns = statement.column_count();
        let mut rows = statement.query([]).expect("the rows");
        while let Some(row) = rows.next().expect("a row") {
            for index in 0..columns {
                match row.get_ref(index).expect("a value") {
                    ValueRef::Null => hasher.update(b"N"),
                    ValueRef::Integer(number) => hasher.update(number.to_le_bytes()),
                    ValueRef::Real(number) => hasher.update(number.to_le_bytes()),
                    ValueRef::Text(bytes) | ValueRef::Blob(bytes) => hasher.update(bytes),
                }
            }
        }
    }
    hasher.finalize().into()
}

/// The yardstick of `log verify`: every data table and the change log hashed.
pub fn hash_data_and_log(path: &Path) -> [u8; 32] {
    let conn = read_only(path);
    let mut tables = data_tables(&conn);
    tables.push("change_log".to_string());
    hash_tables(&conn, &tables)
}

/// The yardstick of the open's data check: `PRAGMA integrity_check` (the damage check)
/// and every data table hashed, without the log: what a check costing what the data costs
/// has to do at least.
pub fn check_data_yardstick(path: &Path) -> [u8; 32] {
    let conn = read_only(path);
    let verdict: String = conn
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .expect("the integrity check");
    assert_eq!(verdict, "ok");
    let tables = data_tables(&conn);
    hash_tables(&conn, &tables)
}

/// The yardstick of the first frame: the open assessment's rows a snapshot loads (its
/// assets, safeguard reviews, scenarios with their assets, actions), read on a fresh
/// connection.
pub fn load_current_year(path: &Path) -> usize {
    let conn = read_only(path);
    let current: i64 = conn
        .query_row(
            "SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'current_assessment'",
            [],
            |row| row.get(0),
        )
        .expect("the open assessment");
    let mut values = 0;
    for sql in [
        "SELECT * FROM assets WHERE assessment_id = ?1",
        "SELECT * FROM safeguard_reviews WHERE assessment_id = ?1",
        "SELECT * FROM risks WHERE assessment_id = ?1",
        "SELECT ra.* FROM risk_assets ra JOIN risks r ON r.id = ra.risk_id WHERE r.assessment_id = ?1",
        "SELECT a.* FROM actions a JOIN risks r ON r.id = a.risk_id WHERE r.assessment_id = ?1",
    ] {
        let mut statement = conn.prepare(sql).expect("the query");
        let columns = statement.column_count();
        let mut rows = statement.query([current]).expect("the rows");
        while let Some(row) = rows.next().expect("a row") {
            for index in 0..columns {
                std::hint::black_box(text(row.get_ref(index).expect("a value")));
                values += 1;
            }
        }
    }
    values
}

/// The yardstick of `assessment next`: the latest year's assets, safeguard reviews,
/// scenarios (with their assets), open actions and carry-forward marks copied into a new
/// assessment with INSERT ... SELECT in one transaction, without the change log: the
/// rows the command copies, at SQLite's own cost.
pub fn copy_latest_year(path: &Path) {
    let mut conn = Connection::open(path).expect("the workspace copy");
    let tx = conn.transaction().expect("a transaction");
    let old: i64 = tx
        .query_row(
            "SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'current_assessment'",
            [],
            |row| row.get(0),
        )
        .expect("the open assessment");
    let columns = |table: &str| -> Vec<String> {
        let mut statement = tx
            .prepare(&format!(
                "SELECT name FROM pragma_table_info('{table}') WHERE name != 'id'"
            ))
            .expect("the columns");
        statement
            .query_map([], |row| row.get::<_, String>(0))
            .expect("the columns")
            .collect::<Result<_, _>>()
            .expect("the column names")
    };
    let assessment_columns = columns("assessments").join(", ");
    tx.execute(
        &format!(
            "INSERT INTO assessments ({assessment_columns}) SELECT {assessment_columns} FROM assessments WHERE id = ?1"
        ),
        [old],
    )
    .expect("the new assessment");
    let new = tx.last_insert_rowid();
    // Rows go in in id order, so the n-th copied row gets the n-th new id: the map from
    // old to new ids is the old ids' rank above the table's last id before the copy.
    for table in ["assets", "safeguard_reviews", "risks"] {
        let names = columns(table);
        let list = names.join(", ");
        let values = names
            .iter()
            .map(|name| {
                if name == "assessment_id" {
                    "?2".to_string()
                } else {
                    name.clone()
                }
            })
            .collect::<Vec<_>>()
            .join(", ");
        tx.execute_batch(&format!(
            "CREATE TEMP TABLE map_{table} AS SELECT id AS old,
                 (SELECT coalesce(max(id), 0) FROM main.{table}) + row_number() OVER (ORDER BY id) AS new
             FROM main.{table} WHERE assessment_id = {old}"
        ))
        .expect("the id map");
        tx.execute(
            &format!("INSERT INTO {table} ({list}) SELECT {values} FROM {table} WHERE assessment_id = ?1 ORDER BY id"),
            rusqlite::params![old, new],
        )
        .expect("the copied rows");
        let entity = match table {
            "assets" => "asset",
            "safeguard_reviews" => "review",
            _ => "risk",
        };
        tx.execute(
            &format!(
                "INSERT INTO carried_items (assessment_id, entity, record_id, previous_id)
                 SELECT ?1, '{entity}', new, old FROM temp.map_{table}"
            ),
            [new],
        )
        .expect("the marks");
    }
    tx.execute_batch(
        "INSERT INTO risk_assets (risk_id, asset_id)
             SELECT r.new, a.new FROM risk_assets ra
             JOIN temp.map_risks r ON r.old = ra.risk_id JOIN temp.map_assets a ON a.old = ra.asset_id;",
    )
    .expect("the scenarios' assets");
    let action_columns: Vec<String> = columns("actions");
    let list = action_columns.join(", ");
    let values = action_columns
        .iter()
        .map(|name| {
            if name == "risk_id" {
                "m.new".to_string()
            } else {
                format!("a.{name}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ");
    tx.execute_batch(&format!(
        "INSERT INTO actions ({list}) SELECT {values} FROM actions a JOIN temp.map_risks m ON m.old = a.risk_id
         WHERE a.status IN ('planned', 'in_progress') ORDER BY a.id"
    ))
    .expect("the open actions");
    tx.execute(
        "UPDATE settings SET value = ?1 WHERE key = 'current_assessment'",
        [new.to_string()],
    )
    .expect("the open assessment");
    tx.commit().expect("the commit");
}
