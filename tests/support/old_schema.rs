//! Workspaces of older schemas, built the way an older build built them: by running the
//! migrations 1 to N only (`store::create_at_version`), never by taking a current file
//! apart, so an upgrade test starts from exactly the shape that build wrote.
#![allow(dead_code)]

use std::path::Path;

use rusqlite::Connection;

/// A new workspace at `to` with schema `version` (migrations 1 to `version` run, nothing
/// else), holding the rows of the workspace at `from` in the tables and columns that
/// schema has: what a build of that schema would have stored for the same data, its
/// change log included (the caller replaces it when the test needs an older log).
/// Returns the connection to `to`.
pub fn copy_at_version(from: &Path, to: &Path, version: usize) -> Connection {
    let conn = hipaa_ra::store::create_at_version(to, version).expect("the old schema is built");
    // Every build has kept its workspaces in WAL mode.
    let mode: String = conn
        .query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    // Tables are filled in name order, not in the order their references need.
    conn.execute_batch("PRAGMA foreign_keys = OFF;").unwrap();
    conn.execute("ATTACH DATABASE ?1 AS current", [from.to_str().unwrap()])
        .expect("attach the current workspace");
    let tables: Vec<String> = {
        let mut statement = conn
            .prepare(
                "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
            )
            .unwrap();
        statement
            .query_map([], |row| row.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    for table in tables {
        let current = columns(&conn, "current", &table);
        let shared: Vec<String> = columns(&conn, "main", &table)
            .into_iter()
            .filter(|column| current.contains(column))
            .map(|column| format!("\"{column}\""))
            .collect();
        if shared.is_empty() {
            continue; // a table the current schema no longer has
        }
        let list = shared.join(", ");
        conn.execute_batch(&format!(
            "INSERT INTO main.\"{table}\" ({list}) SELECT {list} FROM current.\"{table}\";"
        ))
        .unwrap_or_else(|error| panic!("copy {table} into schema {version}: {error}"));
    }
    conn.execute_batch("DETACH DATABASE current; PRAGMA foreign_keys = ON;")
        .unwrap();
    assert!(
        conn.prepare("PRAGMA foreign_key_check")
            .unwrap()
            .query([])
            .unwrap()
            .next()
            .unwrap()
            .is_none(),
        "the copy at schema {version} keeps every reference"
    );
    conn
}

fn columns(conn: &Connection, schema: &str, table: &str) -> Vec<String> {
    let mut statement = conn
        .prepare(&format!("SELECT name FROM pragma_table_info(?1, '{schema}')"))
        .unwrap();
    statement
        .query_map([table], |row| row.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// The schema version a workspace file says it has.
pub fn version_of(path: &Path) -> i64 {
    Connection::open(path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .unwrap()
}
