//! Times each phase of a read on a workspace file: the open (its damage check beside the
//! data check), the checks, the snapshot, findings, the model and the register CSV; then
//! what SQLite alone spends on the parts of the checks (the damage check of the whole file
//! and of the data tables only; the row images the data digest hashes).
//!
//! `cargo run --release --example phases -- /tmp/Lcopy.hra`
use std::time::Instant;

use hipaa_ra::store::Store;

fn main() {
    let path = std::path::PathBuf::from(std::env::args().nth(1).expect("a workspace file"));
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let t = Instant::now();
    let store = Store::open_for_reading(&path).unwrap();
    eprintln!("open_for_reading (integrity beside the data check): {:?}", t.elapsed());
    let t = Instant::now();
    let _ = store.check_data().unwrap();
    eprintln!("check_data again (remembered): {:?}", t.elapsed());
    let t = Instant::now();
    let _ = store.verify_change_log().unwrap();
    eprintln!("chain (every row): {:?}", t.elapsed());
    let t = Instant::now();
    let _ = store.verify_history().unwrap();
    eprintln!("verify_history (log verify's one pass): {:?}", t.elapsed());
    let t = Instant::now();
    let ws = store.snapshot().unwrap();
    eprintln!("snapshot: {:?}", t.elapsed());
    let t = Instant::now();
    let f = hipaa_ra::domain::findings(&ws, hipaa_ra::catalog::Catalog::embedded(), today);
    eprintln!("findings: {:?} ({})", t.elapsed(), f.len());
    let t = Instant::now();
    let log = hipaa_ra::report::LogSummary {
        entries: 0,
        last_hash: String::new(),
    };
    let m = hipaa_ra::report::build(&ws, hipaa_ra::catalog::Catalog::embedded(), &log, today, None);
    eprintln!("build: {:?}", t.elapsed());
    let t = Instant::now();
    let mut out = Vec::new();
    hipaa_ra::report::write_register_csv(&mut out, &m).unwrap();
    eprintln!("register csv: {:?}", t.elapsed());
    drop(store);
    sqlite_shares(&path);
}

/// What SQLite alone takes for the damage checks and for building the row images.
fn sqlite_shares(path: &std::path::Path) {
    let conn = rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let t = Instant::now();
    let _: String = conn.query_row("PRAGMA integrity_check", [], |row| row.get(0)).unwrap();
    eprintln!("sqlite: integrity_check of the whole file: {:?}", t.elapsed());
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite%' \
             AND name <> 'change_log' ORDER BY name",
        )
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let t = Instant::now();
    for table in &tables {
        let _: String = conn
            .query_row(&format!("PRAGMA integrity_check(\"{table}\")"), [], |row| row.get(0))
            .unwrap();
    }
    eprintln!("sqlite: integrity_check of each data table: {:?}", t.elapsed());
    let t = Instant::now();
    let _: String = conn
        .query_row("PRAGMA integrity_check(change_log)", [], |row| row.get(0))
        .unwrap();
    eprintln!("sqlite: integrity_check of the change log: {:?}", t.elapsed());
    // The images as the digest builds them (json_object of every column; the one BLOB
    // table's is left out), summed in SQLite: what the digest costs before any hashing.
    let t = Instant::now();
    let mut bytes = 0i64;
    for table in &tables {
        let columns: Vec<(String, String)> = conn
            .prepare("SELECT name, type FROM pragma_table_info(?1) ORDER BY cid")
            .unwrap()
            .query_map([table], |row| Ok((row.get(0)?, row.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        if columns.iter().any(|(_, kind)| kind.eq_ignore_ascii_case("blob")) {
            continue;
        }
        let parts: Vec<String> = columns
            .iter()
            .map(|(name, _)| format!("'{name}', \"{name}\""))
            .collect();
        let sql = format!(
            "SELECT coalesce(sum(length(json_object({}))), 0) FROM \"{table}\"",
            parts.join(", ")
        );
        bytes += conn.query_row(&sql, [], |row| row.get::<_, i64>(0)).unwrap();
    }
    eprintln!("sqlite: building every row image ({bytes} bytes): {:?}", t.elapsed());
}
