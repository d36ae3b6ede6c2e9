//! The tamper-evident change log. Each row records who, when, what and the values before
//! and after, and carries the SHA-256 of its own content chained with the previous row's
//! hash, so editing, inserting or removing a row in the middle breaks the chain at that
//! row. The hashed content is a JSON array of the fields: unambiguous whatever the text.

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{Result, Store, StoreError};

/// The previous hash of the first row.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

crate::labeled_enum! {
    pub enum Operation {
        Create => ("create", "Create"),
        Update => ("update", "Update"),
        Delete => ("delete", "Delete"),
    }
}

pub(super) struct NewEntry<'a> {
    pub at: &'a str,
    pub actor: &'a str,
    pub entity: &'a str,
    pub entity_id: &'a str,
    pub operation: Operation,
    pub before: Option<&'a str>,
    pub after: Option<&'a str>,
}

/// One row of the change log as stored (and as a workspace export carries it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogEntry {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub entity: String,
    pub entity_id: String,
    pub operation: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

/// The result of checking the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainStatus {
    /// Every row matches; the count and the last hash (GENESIS_HASH when empty).
    Intact { entries: u64, last_hash: String },
    /// The first row that does not match, and why.
    Broken { row: i64, reason: String },
}

fn content_hash(id: i64, entry: &NewEntry<'_>, operation: &str, prev_hash: &str) -> String {
    let content = serde_json::json!([
        id,
        entry.at,
        entry.actor,
        entry.entity,
        entry.entity_id,
        operation,
        entry.before,
        entry.after,
        prev_hash
    ]);
    hex(&Sha256::digest(content.to_string().as_bytes()))
}

pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut out, byte| {
            let _ = write!(out, "{byte:02x}");
            out
        })
}

pub(super) fn append(conn: &Connection, entry: &NewEntry<'_>) -> Result<()> {
    use crate::domain::Labeled;
    let last: Option<(i64, String)> = conn
        .query_row("SELECT id, hash FROM change_log ORDER BY id DESC LIMIT 1", [], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })
        .optional()?;
    let (id, prev_hash) = match last {
        Some((id, hash)) => (id + 1, hash),
        None => (1, GENESIS_HASH.to_string()),
    };
    let operation = entry.operation.key();
    let hash = content_hash(id, entry, operation, &prev_hash);
    conn.execute(
        "INSERT INTO change_log (id, at, actor, entity, entity_id, operation, before, after, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        rusqlite::params![
            id,
            entry.at,
            entry.actor,
            entry.entity,
            entry.entity_id,
            operation,
            entry.before,
            entry.after,
            prev_hash,
            hash
        ],
    )?;
    Ok(())
}

impl Store {
    /// Every change-log row, oldest first.
    pub fn change_log(&self) -> Result<Vec<LogEntry>> {
        let mut statement = self.conn.prepare(
            "SELECT id, at, actor, entity, entity_id, operation, before, after, prev_hash, hash
             FROM change_log ORDER BY id",
        )?;
        let rows = statement.query_map([], |row| {
            Ok(LogEntry {
                id: row.get(0)?,
                at: row.get(1)?,
                actor: row.get(2)?,
                entity: row.get(3)?,
                entity_id: row.get(4)?,
                operation: row.get(5)?,
                before: row.get(6)?,
                after: row.get(7)?,
                prev_hash: row.get(8)?,
                hash: row.get(9)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Recomputes the chain and names the first row that does not match.
    pub fn verify_change_log(&self) -> Result<ChainStatus> {
        let mut expected_prev = GENESIS_HASH.to_string();
        let mut entries = 0;
        for (expected_id, row) in (1..).zip(self.change_log()?) {
            if row.id != expected_id {
                return Ok(ChainStatus::Broken {
                    row: row.id,
                    reason: format!("expected row {expected_id} here: rows were removed or renumbered"),
                });
            }
            if row.prev_hash != expected_prev {
                return Ok(ChainStatus::Broken {
                    row: row.id,
                    reason: "its previous-row hash does not match the row before it".to_string(),
                });
            }
            let entry = NewEntry {
                at: &row.at,
                actor: &row.actor,
                entity: &row.entity,
                entity_id: &row.entity_id,
                operation: Operation::Create, // unused: the stored text is hashed below
                before: row.before.as_deref(),
                after: row.after.as_deref(),
            };
            if content_hash(row.id, &entry, &row.operation, &row.prev_hash) != row.hash {
                return Ok(ChainStatus::Broken {
                    row: row.id,
                    reason: "its content does not match its hash: the row was altered".to_string(),
                });
            }
            expected_prev = row.hash;
            entries += 1;
        }
        Ok(ChainStatus::Intact {
            entries,
            last_hash: expected_prev,
        })
    }

    /// For tests of tamper detection only: runs raw SQL behind the store's back.
    #[doc(hidden)]
    pub fn tamper_for_tests(&self, sql: &str) -> Result<()> {
        self.conn.execute_batch(sql).map_err(StoreError::from)
    }
}
