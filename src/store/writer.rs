//! The one writer of the change log: every row change made in a store transaction gets
//! its log row, cascades and upserts included, whatever SQL made it.
//!
//! How: the store's own connection carries TEMP triggers on every data table (they exist
//! only on that connection, so they never touch the file and a direct edit with another
//! tool fires none of them). Each trigger records the table, the row's key and its images
//! before and after into a TEMP table. When the work of `Store::write` is done, `flush`
//! turns what was recorded into log rows, one per changed row (several changes to the
//! same row in one transaction become one), in the same transaction as the data. A table
//! added by a later migration is covered because the triggers are made from the schema
//! when the connection first writes.
//!
//! The write sites therefore do plain SQL and log nothing themselves. Changes made on the
//! connection outside `Store::write` are not logged: they are discarded when the next
//! write starts, so the log's replay then reports them as edits behind the log's back.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use rusqlite::Connection;

use super::changelog::{self, CHECKPOINT, GENESIS, NOTE, NewEntry, Operation, StateDigest, StateRule};
use super::images::{self, literal, quoted};
use super::{APPLICATION_ID, Result, Writer};

/// The TEMP table the capture triggers fill (and `bulk` leaves its marker rows in).
pub(super) const CAPTURED: &str = "hra_row_changes";

/// Creates the capture table and triggers on `conn` (once per connection).
pub(super) fn install_capture(conn: &Connection) -> Result<()> {
    images::register_functions(conn)?;
    super::bulk::register_function(conn)?;
    // A REPLACE that deletes a row fires the delete trigger only with recursive triggers on.
    conn.pragma_update(None, "recursive_triggers", true)?;
    let mut sql = format!(
        "CREATE TEMP TABLE IF NOT EXISTS {CAPTURED} (
             seq INTEGER PRIMARY KEY,
             tbl TEXT NOT NULL,
             old_key TEXT,
             new_key TEXT,
             before TEXT,
             after TEXT
         );\n"
    );
    for table in images::tables(conn)? {
        let name = quoted(&table.name);
        let label = literal(&table.name);
        let trigger = |event: &str| quoted(&format!("hra_capture_{event}_{}", table.name));
        sql.push_str(&format!(
            "CREATE TEMP TRIGGER IF NOT EXISTS {} AFTER INSERT ON {name} {} BEGIN
                 INSERT INTO {CAPTURED} (tbl, old_key, new_key, before, after)
                 VALUES ({label}, NULL, {}, NULL, {});
             END;
             CREATE TEMP TRIGGER IF NOT EXISTS {} AFTER UPDATE ON {name} BEGIN
                 INSERT INTO {CAPTURED} (tbl, old_key, new_key, before, after)
                 VALUES ({label}, {}, {}, {}, {});
             END;
             CREATE TEMP TRIGGER IF NOT EXISTS {} AFTER DELETE ON {name} BEGIN
                 INSERT INTO {CAPTURED} (tbl, old_key, new_key, before, after)
                 VALUES ({label}, {}, NULL, {}, NULL);
             END;\n",
            trigger("insert"),
            // Quiet while `Writer::insert_logged` writes the row and logs it itself.
            super::bulk::capture_when(&table.name),
            table.key_sql("NEW."),
            table.image_sql("NEW."),
            trigger("update"),
            table.key_sql("OLD."),
            table.key_sql("NEW."),
            table.image_sql("OLD."),
            table.image_sql("NEW."),
            trigger("delete"),
            table.key_sql("OLD."),
            table.image_sql("OLD."),
        ));
    }
    conn.execute_batch(&sql)?;
    Ok(())
}

/// Forgets what the triggers recorded (nothing, if the capture was never installed).
pub(super) fn discard_captured(conn: &Connection) -> Result<()> {
    let installed: bool = conn.query_row(
        "SELECT count(*) > 0 FROM sqlite_temp_schema WHERE type = 'table' AND name = ?1",
        [CAPTURED],
        |row| row.get(0),
    )?;
    if installed {
        conn.execute(&format!("DELETE FROM {CAPTURED}"), [])?;
    }
    Ok(())
}

/// One row's net change within a transaction: its first before image and its last after
/// image (equal when the row ended as it began).
pub(super) struct NetChange {
    pub table: String,
    pub key: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// The net change of every row the capture table saw since it was last emptied, in the
/// order rows were first touched. A key that changed is the old row deleted and a new one
/// created. Read by the writer to log them, and by undo to see what else a write moved.
pub(super) fn net_changes(conn: &Connection) -> Result<Vec<NetChange>> {
    net_changes_with(conn, HashMap::new())
}

/// `net_changes`, with the rows of the writer's bulk inserts (see `bulk`) each group in
/// the place of its marker row.
fn net_changes_with(conn: &Connection, mut bulk: HashMap<i64, Vec<NetChange>>) -> Result<Vec<NetChange>> {
    let mut statement = conn.prepare(&format!(
        "SELECT seq, tbl, old_key, new_key, before, after FROM {CAPTURED} ORDER BY seq"
    ))?;
    let captured = statement
        .query_map([], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, Option<String>>(2)?,
                row.get::<_, Option<String>>(3)?,
                row.get::<_, Option<String>>(4)?,
                row.get::<_, Option<String>>(5)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut changes: Vec<NetChange> = Vec::with_capacity(captured.len());
    let mut index: HashMap<(String, String), usize> = HashMap::with_capacity(captured.len());
    let mut touch = |table: &str, key: String, before: Option<String>, after: Option<String>| match index
        .entry((table.to_string(), key))
    {
        Entry::Occupied(at) => changes[*at.get()].after = after,
        Entry::Vacant(slot) => {
            let (table, key) = slot.key().clone();
            slot.insert(changes.len());
            changes.push(NetChange {
                table,
                key,
                before,
                after,
            });
        }
    };
    for (seq, table, old_key, new_key, before, after) in captured {
        if let Some(rows) = bulk.remove(&seq) {
            for row in rows {
                touch(&row.table, row.key, row.before, row.after);
            }
            continue;
        }
        match (old_key, new_key) {
            (Some(old), Some(new)) if old != new => {
                touch(&table, old, before, None);
                touch(&table, new, None, after);
            }
            (old, new) => {
                if let Some(key) = new.or(old) {
                    touch(&table, key, before, after);
                }
            }
        }
    }
    if !bulk.is_empty() {
        // Their marker rows are gone: the rows would go unlogged.
        return Err(super::StoreError::Invalid(
            "rows written in bulk lost their place in the change log".to_string(),
        ));
    }
    Ok(changes)
}

impl Writer<'_> {
    /// Appends a log row for every row changed since the transaction began, then empties
    /// the capture table. Called by `Store::write` before it commits.
    pub(super) fn flush(&self) -> Result<()> {
        let changes = net_changes_with(&self.tx, self.bulk.take())?;
        // One pass: the log's head read once, its state digest carried in memory from row
        // to row, one prepared INSERT.
        let mut log = changelog::Appender::start(&self.tx)?;
        for change in changes.iter().filter(|change| change.before != change.after) {
            let operation = match (&change.before, &change.after) {
                (None, _) => Operation::Create,
                (_, None) => Operation::Delete,
                _ => Operation::Update,
            };
            log.push(
                &NewEntry {
                    at: &self.at,
                    actor: &self.actor,
                    entity: &change.table,
                    entity_id: &change.key,
                    operation,
                    before: change.before.as_deref(),
                    after: change.after.as_deref(),
                },
                StateRule::Row,
            )?;
        }
        // Each assessment's part of the state, into the last row this write appended.
        super::scopes::seal(&self.tx, &self.head_before, &changes)?;
        self.tx.execute(&format!("DELETE FROM {CAPTURED}"), [])?;
        Ok(())
    }

    /// Records every row's image as the point replay starts from: the genesis of a new
    /// workspace (whose tables are empty) or a checkpoint after a schema upgrade.
    pub(super) fn checkpoint(&self) -> Result<()> {
        let empty = changelog::head(&self.tx)?.is_none();
        let mut rows = serde_json::Map::new();
        let mut digest = StateDigest::default();
        for table in images::tables(&self.tx)? {
            let mut images = serde_json::Map::new();
            for (key, image) in table.read(&self.tx)? {
                digest.add(&StateDigest::row(&table.name, &key, &image));
                // Kept as the exact text SQLite made, which the digest is computed over.
                images.insert(key, image.into());
            }
            if !images.is_empty() {
                rows.insert(table.name, images.into());
            }
        }
        // The schema the rows are in, as the file says: this build's once migrated (an
        // upgrade test that builds an older build's file gets that build's number).
        let schema: i64 = self.tx.query_row("PRAGMA user_version", [], |row| row.get(0))?;
        let after = serde_json::json!({
            "application_id": APPLICATION_ID,
            "schema_version": schema,
            "rows": rows,
        })
        .to_string();
        // The entity id names the schema: replay checks that each start is an upgrade.
        let entity = if empty { GENESIS } else { CHECKPOINT };
        self.append(
            entity,
            &format!("schema {schema}"),
            Operation::Create,
            None,
            Some(&after),
            StateRule::Reset(digest),
        )
    }

    /// Forgets the row changes made so far in this transaction: they get no log rows.
    pub(super) fn discard_captured(&self) -> Result<()> {
        self.bulk.take();
        discard_captured(&self.tx)
    }

    /// Records an event that changes no row (an import), chained like any row.
    pub(super) fn note(&self, id: &str, after: &serde_json::Value) -> Result<()> {
        self.append(
            NOTE,
            id,
            Operation::Create,
            None,
            Some(&after.to_string()),
            StateRule::Unchanged,
        )
    }

    fn append(
        &self,
        entity: &str,
        entity_id: &str,
        operation: Operation,
        before: Option<&str>,
        after: Option<&str>,
        rule: StateRule,
    ) -> Result<()> {
        changelog::append(
            &self.tx,
            &NewEntry {
                at: &self.at,
                actor: &self.actor,
                entity,
                entity_id,
                operation,
                before,
                after,
            },
            rule,
        )
    }
}
