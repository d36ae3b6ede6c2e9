//! Undo and restore: a write taken back by applying the inverse of its change-log rows.
//!
//! A log row records one row's images before and after (see `writer`), so its inverse is
//! plain: a created row is deleted, a deleted row is inserted from its before image, an
//! updated row gets its before image's columns back. The inverse of a group of log rows is
//! applied in reverse order, through `Store::write`, as one new transaction that the
//! writer logs like any other, so `log verify` passes after it. Nothing here knows a
//! table: columns come from the images' keys and the schema (`images`), foreign keys are
//! checked at commit (cascades were logged as rows of their own, so they come back too).
//!
//! It is refused, with nothing changed, when a row is not as the log left it (a later write
//! touched it), when a stored file's bytes would be needed (the log holds only their
//! SHA-256 and size; the bytes of a file deleted by this process are kept in memory, so an
//! undo in the same session can put them back), and for a signed assessment (the guard
//! triggers of `carry` refuse it with `FINAL_MESSAGE`).
//!
//! Two uses: `Store::undo_log_rows` (the TUI's undo of its own last write, by the log ids
//! that write added) and `Store::restore_deleted` (`hipaa-ra log restore`: a record deleted
//! at some change-log row, with the rows that same write deleted because they hung on it).

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use rusqlite::Connection;
use rusqlite::functions::FunctionFlags;
use rusqlite::types::Value;
use serde_json::{Map, Value as Json};

use super::changelog::{CHECKPOINT, GENESIS, LOG_COLUMNS, LogEntry, NOTE, log_entry};
use super::images::{self, TableShape, quoted};
use super::writer;
use super::{Result, Store, StoreError};

/// The bytes of stored files this process deleted or replaced, by SHA-256 (hex), so an
/// undo in the same session can restore them. Never written anywhere.
pub(super) type KeptFiles = Arc<Mutex<HashMap<String, Vec<u8>>>>;

/// The SQL function the keeping triggers call.
const KEEP_FUNCTION: &str = "hra_keep_bytes";

/// Which tables matter most when naming what a group of rows was: the first found names it.
const PRINCIPAL: &[&str] = &[
    "assessments",
    "assets",
    "risks",
    "actions",
    "evidence",
    "incidents",
    "people",
    "policies",
    "policy_reviews",
    "training_courses",
    "training_sessions",
    "access_reviews",
    "access_events",
    "contingency_tests",
    "safeguard_reviews",
    "acknowledgments",
    "coverage_notes",
    "sign_offs",
    "practice",
];

/// Image fields that name a record, in order of preference.
const NAME_FIELDS: &[&str] = &["name", "title", "threat", "citation", "finding", "key"];

/// Registers the function that keeps a deleted or replaced BLOB's bytes, and the TEMP
/// triggers that call it on every table with a BLOB column (once per connection, like the
/// writer's capture).
pub(super) fn install_keeper(conn: &Connection, kept: &KeptFiles) -> Result<()> {
    let kept = Arc::clone(kept);
    conn.create_scalar_function(KEEP_FUNCTION, 1, FunctionFlags::SQLITE_UTF8, move |context| {
        if let Ok(bytes) = context.get_raw(0).as_blob() {
            let digest = super::changelog::hex(&<sha2::Sha256 as sha2::Digest>::digest(bytes));
            if let Ok(mut kept) = kept.lock() {
                kept.entry(digest).or_insert_with(|| bytes.to_vec());
            }
        }
        Ok(rusqlite::types::Null)
    })?;
    let mut sql = String::new();
    for table in images::tables(conn)? {
        let blobs: Vec<String> = table
            .columns
            .iter()
            .filter(|(_, blob)| *blob)
            .map(|(column, _)| format!("SELECT {KEEP_FUNCTION}(OLD.{});", quoted(column)))
            .collect();
        if blobs.is_empty() {
            continue;
        }
        for event in ["DELETE", "UPDATE"] {
            sql.push_str(&format!(
                "CREATE TEMP TRIGGER IF NOT EXISTS {} BEFORE {event} ON main.{} BEGIN {} END;\n",
                quoted(&format!("hra_keep_{}_{}", event.to_lowercase(), table.name)),
                quoted(&table.name),
                blobs.join(" ")
            ));
        }
    }
    conn.execute_batch(&sql)?;
    Ok(())
}

/// One row's net change over the log rows being undone.
#[derive(Debug, Clone)]
struct RowChange {
    table: String,
    key: String,
    before: Option<String>,
    after: Option<String>,
}

impl RowChange {
    fn verb(&self) -> &'static str {
        match (&self.before, &self.after) {
            (None, _) => "added",
            (_, None) => "deleted",
            _ => "edited",
        }
    }

    /// The image that names the record: the one that exists (before, for an edit).
    fn image(&self) -> Option<Map<String, Json>> {
        let text = self.before.as_deref().or(self.after.as_deref())?;
        match serde_json::from_str(text) {
            Ok(Json::Object(map)) => Some(map),
            _ => None,
        }
    }
}

/// What an undo or a restore did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undone {
    /// What was taken back, as done: "deleted", "added" or "edited".
    pub verb: &'static str,
    /// The main record: `asset "Front desk"`.
    pub record: String,
    /// How many other rows came back with it.
    pub others: usize,
    /// The change-log rows the undo itself wrote (first and last id).
    pub log_rows: (i64, i64),
}

impl Undone {
    /// `asset "Front desk" (and 3 links)`.
    pub fn records(&self) -> String {
        match self.others {
            0 => self.record.clone(),
            1 => format!("{} (and 1 link)", self.record),
            others => format!("{} (and {others} links)", self.record),
        }
    }

    /// `deleted asset "Front desk" (and 3 links)`: what was undone.
    pub fn summary(&self) -> String {
        format!("{} {}", self.verb, self.records())
    }
}

/// Why the inverse is being applied, for the refusals' wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Purpose {
    Undo,
    Restore,
}

impl Purpose {
    fn nothing(self) -> &'static str {
        match self {
            Purpose::Undo => "nothing was undone",
            Purpose::Restore => "nothing was restored",
        }
    }
}

fn refused(message: String) -> StoreError {
    StoreError::Refused { field: "undo", message }
}

/// A record as the user knows it: `asset` for `assets`.
fn label(table: &str) -> &str {
    match table {
        "assets" => "asset",
        "risks" => "scenario",
        "actions" => "action",
        "action_due_moves" => "due-date move",
        "evidence" => "evidence record",
        "evidence_files" => "stored file",
        "evidence_links" => "evidence link",
        "people" => "person",
        "role_assignments" => "role",
        "safeguard_reviews" => "safeguard review",
        "question_answers" => "answer",
        "acknowledgments" => "acknowledgment",
        "coverage_notes" => "coverage note",
        "risk_assets" => "scenario link",
        "assessments" => "assessment",
        "sign_offs" => "sign-off",
        "settings" => "setting",
        "carried_items" => "carry-forward mark",
        "retired_assets" => "retirement",
        "access_reviews" => "access review",
        "access_accounts" => "access decision",
        "access_events" => "access change",
        "policies" => "policy",
        "policy_versions" => "policy version",
        "policy_version_files" => "stored file",
        "policy_reviews" => "policy review",
        "incidents" => "incident",
        "incident_events" => "timeline entry",
        "incident_assets" | "incident_risks" => "incident link",
        "incident_rescores" => "re-score mark",
        "training_courses" => "course",
        "training_requirements" => "course requirement",
        "training_sessions" => "training session",
        "training_attendance" => "attendance",
        "contingency_tests" => "contingency test",
        other => other,
    }
}

/// How much a row's table matters in naming a group (lower first).
fn rank(change: &RowChange) -> usize {
    PRINCIPAL
        .iter()
        .position(|table| *table == change.table)
        .unwrap_or(PRINCIPAL.len())
}

/// Names the group: its most important row, and how many others there are.
fn describe(changes: &[RowChange]) -> (&'static str, String, usize) {
    let Some(main) = changes.iter().min_by_key(|change| rank(change)) else {
        return ("changed", "nothing".to_string(), 0);
    };
    let name = main.image().and_then(|image| {
        NAME_FIELDS
            .iter()
            .find_map(|field| image.get(*field).and_then(Json::as_str).map(str::to_string))
            .filter(|name| !name.trim().is_empty())
    });
    let record = match name {
        Some(name) => format!("{} \"{}\"", label(&main.table), one_line(&name)),
        None if main.table == "carried_items" => carried_mark(&main.key),
        None => format!("{} {}", label(&main.table), main.key),
    };
    (main.verb(), record, changes.len() - 1)
}

/// A carry-forward mark by the record it marks: its key is `["risk",16]`, which reads
/// as "carry-forward mark of scenario #16" (the number every screen shows).
fn carried_mark(key: &str) -> String {
    let parsed: Option<(String, i64)> = serde_json::from_str(key).ok();
    match parsed {
        Some((entity, id)) => {
            let record = match entity.as_str() {
                "risk" => "scenario",
                "review" => "safeguard review",
                "coverage_note" => "coverage note of asset",
                other => other,
            };
            format!("carry-forward mark of {} #{id}", record.replace('_', " "))
        }
        None => format!("carry-forward mark {key}"),
    }
}

/// A name on one line: control characters (line breaks included) become spaces.
fn one_line(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

/// A JSON value from an image as the SQL value it was.
fn sql_value(value: &Json) -> Value {
    match value {
        Json::Null => Value::Null,
        Json::Bool(flag) => Value::Integer(i64::from(*flag)),
        Json::Number(number) => match number.as_i64() {
            Some(integer) => Value::Integer(integer),
            None => Value::Real(number.as_f64().unwrap_or_default()),
        },
        Json::String(text) => Value::Text(text.clone()),
        other => Value::Text(other.to_string()),
    }
}

fn parse_image(text: &str) -> Result<Map<String, Json>> {
    match serde_json::from_str(text) {
        Ok(Json::Object(map)) => Ok(map),
        _ => Err(StoreError::Invalid(
            "a change-log image is not a JSON object; the log is damaged".to_string(),
        )),
    }
}

/// The WHERE clause finding a row, and its parameters: by its key columns' values in the
/// image, or by rowid for a table without a key.
fn locate(shape: &TableShape, key: &str, image: &Map<String, Json>) -> Result<(String, Vec<Value>)> {
    if shape.key_columns.is_empty() {
        let rowid = key
            .parse::<i64>()
            .map_err(|_| StoreError::Invalid(format!("{} {key}: not a row number", shape.name)))?;
        return Ok(("rowid = ?".to_string(), vec![Value::Integer(rowid)]));
    }
    let mut clauses = Vec::new();
    let mut values = Vec::new();
    for column in &shape.key_columns {
        let value = image
            .get(column)
            .ok_or_else(|| StoreError::Invalid(format!("{} {key}: the log's image has no {column}", shape.name)))?;
        clauses.push(format!("{} = ?", quoted(column)));
        values.push(sql_value(value));
    }
    Ok((clauses.join(" AND "), values))
}

/// The row's image now, if it exists.
fn current(conn: &Connection, shape: &TableShape, change: &RowChange) -> Result<Option<String>> {
    use rusqlite::OptionalExtension;
    let Some(image) = change.after.as_deref().or(change.before.as_deref()) else {
        return Ok(None);
    };
    let (clause, values) = locate(shape, &change.key, &parse_image(image)?)?;
    Ok(conn
        .query_row(
            &format!(
                "SELECT {} FROM {} WHERE {clause}",
                shape.image_sql(""),
                quoted(&shape.name)
            ),
            rusqlite::params_from_iter(values),
            |row| row.get(0),
        )
        .optional()?)
}

/// A column's value for a write: a BLOB from the kept bytes (its image has only the hash),
/// anything else from the image.
fn column_value(
    shape: &TableShape,
    key: &str,
    column: &str,
    blob: bool,
    image: &Map<String, Json>,
    kept: &KeptFiles,
    purpose: Purpose,
) -> Result<Value> {
    let missing = || {
        refused(format!(
            "{}: {} {key} has no {column} in the change log (the table changed since)",
            purpose.nothing(),
            shape.name
        ))
    };
    if !blob {
        return image.get(column).map(sql_value).ok_or_else(missing);
    }
    let digest = image.get(&format!("{column}_sha256")).ok_or_else(missing)?;
    let Some(digest) = digest.as_str() else {
        return Ok(Value::Null);
    };
    match kept.lock().ok().and_then(|kept| kept.get(digest).cloned()) {
        Some(bytes) => Ok(Value::Blob(bytes)),
        None => {
            let (what, owner) = match shape.name.as_str() {
                "evidence_files" => ("stored file", "evidence record"),
                other => (column, label(other)),
            };
            Err(refused(format!(
                "{}: the {what} of {owner} {key} is not in the change log (it holds only its SHA-256 \
                 and size), so it cannot be put back; add the file again",
                purpose.nothing(),
            )))
        }
    }
}

/// Whether a column differs between two images (a BLOB by its hash and size).
fn differs(column: &str, blob: bool, now: &Map<String, Json>, target: &Map<String, Json>) -> bool {
    if blob {
        ["_sha256", "_size"].iter().any(|suffix| {
            let field = format!("{column}{suffix}");
            now.get(&field) != target.get(&field)
        })
    } else {
        now.get(column) != target.get(column)
    }
}

/// Brings an existing row to the target image, writing only the columns that differ (so
/// the triggers on other columns do not fire).
fn set_columns(
    conn: &Connection,
    shape: &TableShape,
    change: &RowChange,
    now: &str,
    target: &str,
    kept: &KeptFiles,
    purpose: Purpose,
) -> Result<()> {
    let now = parse_image(now)?;
    let target = parse_image(target)?;
    let mut sets = Vec::new();
    let mut values = Vec::new();
    for (column, blob) in &shape.columns {
        if differs(column, *blob, &now, &target) {
            sets.push(format!("{} = ?", quoted(column)));
            values.push(column_value(shape, &change.key, column, *blob, &target, kept, purpose)?);
        }
    }
    if sets.is_empty() {
        return Ok(());
    }
    let (clause, key_values) = locate(shape, &change.key, &target)?;
    values.extend(key_values);
    conn.execute(
        &format!("UPDATE {} SET {} WHERE {clause}", quoted(&shape.name), sets.join(", ")),
        rusqlite::params_from_iter(values),
    )?;
    Ok(())
}

/// Inserts a row from its image.
fn insert(
    conn: &Connection,
    shape: &TableShape,
    change: &RowChange,
    image: &str,
    kept: &KeptFiles,
    purpose: Purpose,
) -> Result<()> {
    let image = parse_image(image)?;
    let mut columns = Vec::new();
    let mut values = Vec::new();
    if shape.key_columns.is_empty() {
        columns.push("rowid".to_string());
        values.push(locate(shape, &change.key, &image)?.1.remove(0));
    }
    for (column, blob) in &shape.columns {
        columns.push(quoted(column));
        values.push(column_value(shape, &change.key, column, *blob, &image, kept, purpose)?);
    }
    let marks = vec!["?"; columns.len()].join(", ");
    conn.execute(
        &format!(
            "INSERT INTO {} ({}) VALUES ({marks})",
            quoted(&shape.name),
            columns.join(", ")
        ),
        rusqlite::params_from_iter(values),
    )?;
    Ok(())
}

/// Deletes a row found by its image.
fn delete(conn: &Connection, shape: &TableShape, change: &RowChange, image: &str) -> Result<()> {
    let (clause, values) = locate(shape, &change.key, &parse_image(image)?)?;
    conn.execute(
        &format!("DELETE FROM {} WHERE {clause}", quoted(&shape.name)),
        rusqlite::params_from_iter(values),
    )?;
    Ok(())
}

/// The net change of each row over `entries` (oldest first), in the order rows were first
/// touched: the first before image and the last after image. Rows back where they started
/// are left out.
fn net_changes(entries: &[LogEntry]) -> Vec<RowChange> {
    let mut changes: Vec<RowChange> = Vec::new();
    let mut index: HashMap<(String, String), usize> = HashMap::new();
    for entry in entries {
        match index.get(&(entry.entity.clone(), entry.entity_id.clone())) {
            Some(&at) => changes[at].after.clone_from(&entry.after),
            None => {
                index.insert((entry.entity.clone(), entry.entity_id.clone()), changes.len());
                changes.push(RowChange {
                    table: entry.entity.clone(),
                    key: entry.entity_id.clone(),
                    before: entry.before.clone(),
                    after: entry.after.clone(),
                });
            }
        }
    }
    changes.retain(|change| change.before != change.after);
    changes
}

/// Rows of a table that reference another through a foreign key: (child column, parent
/// table, parent column; None for the parent's key).
fn foreign_keys(conn: &Connection, table: &str) -> Result<Vec<(String, String, Option<String>)>> {
    let mut statement = conn.prepare("SELECT \"from\", \"table\", \"to\" FROM pragma_foreign_key_list(?1)")?;
    let rows = statement.query_map([table], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl Store {
    /// The id of the change log's last row (0 for an empty log): a write's log rows are
    /// the ids after the head before it, up to the head after it.
    pub fn log_head_id(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT coalesce(max(id), 0) FROM change_log", [], |row| row.get(0))?)
    }

    /// Takes back the writes logged in change-log rows `first..=last` (one or more whole
    /// writes, such as the TUI's last one), as one new logged write. Refused, changing
    /// nothing, when a row they touched changed since, when a stored file's bytes would be
    /// needed, and for a signed assessment.
    pub fn undo_log_rows(&mut self, first: i64, last: i64) -> Result<Undone> {
        let mut statement = self.conn.prepare(&format!(
            "SELECT {LOG_COLUMNS} FROM change_log WHERE id BETWEEN ?1 AND ?2 ORDER BY id"
        ))?;
        let entries = statement
            .query_map([first, last], log_entry)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        drop(statement);
        if entries
            .iter()
            .any(|entry| entry.entity == GENESIS || entry.entity == CHECKPOINT)
        {
            return Err(refused(
                "nothing was undone: that write started the change log or upgraded the workspace".to_string(),
            ));
        }
        let rows: Vec<LogEntry> = entries.into_iter().filter(|entry| entry.entity != NOTE).collect();
        let changes = net_changes(&rows);
        if changes.is_empty() {
            return Err(refused("nothing to undo: that write changed no record".to_string()));
        }
        self.apply_inverse(&changes, Purpose::Undo)
    }

    /// Restores the record deleted at change-log row `row` (as `log show` numbers it),
    /// with the rows the same write deleted because they hung on it (its links, coverage
    /// note, stored file and so on, found through the schema's foreign keys), as one new
    /// logged write. Refused, writing nothing, for a row that is not a delete, a record
    /// that exists again, a stored file (its bytes are not in the log) and a signed year.
    pub fn restore_deleted(&mut self, row: i64) -> Result<Undone> {
        use rusqlite::OptionalExtension;
        let entry = self
            .conn
            .query_row(
                &format!("SELECT {LOG_COLUMNS} FROM change_log WHERE id = ?1"),
                [row],
                log_entry,
            )
            .optional()?
            .ok_or_else(|| refused(format!("nothing was restored: the change log has no row {row}")))?;
        // Only a record of the practice's: never a setting, a sign-off, a kept signed
        // report or a row of a table this version does not know.
        let is_record = ![NOTE, GENESIS, CHECKPOINT, "settings", "sign_offs", "signed_reports"]
            .contains(&entry.entity.as_str())
            && label(&entry.entity) != entry.entity;
        if !is_record || entry.operation != "delete" {
            return Err(refused(format!(
                "nothing was restored: change-log row {row} is not a delete (it is a {} of {} {}); \
                 only a deleted record can be restored",
                entry.operation, entry.entity, entry.entity_id
            )));
        }
        // The write it belongs to: the run of rows around it with its time and actor.
        let mut statement = self.conn.prepare(&format!(
            "SELECT {LOG_COLUMNS} FROM change_log WHERE at = ?1 AND actor = ?2 ORDER BY id"
        ))?;
        let same = statement
            .query_map([&entry.at, &entry.actor], log_entry)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        drop(statement);
        let at = same.iter().position(|other| other.id == row).unwrap_or_default();
        let mut start = at;
        while start > 0 && same[start - 1].id == same[start].id - 1 {
            start -= 1;
        }
        let mut end = at;
        while end + 1 < same.len() && same[end + 1].id == same[end].id + 1 {
            end += 1;
        }
        let deletes: Vec<&LogEntry> = same[start..=end]
            .iter()
            .filter(|other| other.operation == "delete" && other.before.is_some())
            .collect();
        // The deleted record, then, until none is added, every row deleted with it that
        // referred to one already taken (a foreign key, or a carry-forward mark).
        let mut taken: Vec<&LogEntry> = vec![&entry];
        let mut added = true;
        while added {
            added = false;
            for candidate in &deletes {
                if taken.iter().any(|chosen| chosen.id == candidate.id) {
                    continue;
                }
                let image = parse_image(candidate.before.as_deref().unwrap_or("{}"))?;
                let references = foreign_keys(&self.conn, &candidate.entity)?;
                let refers = taken.iter().any(|parent| {
                    let parent_image = parse_image(parent.before.as_deref().unwrap_or("{}")).unwrap_or_default();
                    let by_key = references.iter().any(|(from, table, to)| {
                        *table == parent.entity
                            && match to {
                                Some(to) => image.get(from).is_some_and(|value| Some(value) == parent_image.get(to)),
                                None => image.get(from).is_some_and(|value| json_key(value) == parent.entity_id),
                            }
                    });
                    let carried = candidate.entity == "carried_items"
                        && super::carry::carried_table(image.get("entity").and_then(Json::as_str).unwrap_or(""))
                            == Some(parent.entity.as_str())
                        && image
                            .get("record_id")
                            .is_some_and(|value| json_key(value) == parent.entity_id);
                    by_key || carried
                });
                if refers {
                    taken.push(candidate);
                    added = true;
                }
            }
        }
        taken.sort_by_key(|chosen| chosen.id);
        let changes = net_changes(&taken.into_iter().cloned().collect::<Vec<_>>());
        self.apply_inverse(&changes, Purpose::Restore)
    }

    /// Applies the inverse of `changes` (oldest first) as one write; see the module.
    fn apply_inverse(&mut self, changes: &[RowChange], purpose: Purpose) -> Result<Undone> {
        let (verb, record, others) = describe(changes);
        let kept = Arc::clone(&self.kept);
        let head = self.log_head_id()?;
        self.write(|tx| {
            let conn = tx.conn();
            // Rows come back in any order; their references are checked when all are back.
            conn.pragma_update(None, "defer_foreign_keys", true)?;
            let shapes: HashMap<String, TableShape> = images::tables(conn)?
                .into_iter()
                .map(|shape| (shape.name.clone(), shape))
                .collect();
            let shape = |change: &RowChange| {
                shapes.get(&change.table).ok_or_else(|| {
                    refused(format!(
                        "{}: the workspace has no table {} any more",
                        purpose.nothing(),
                        change.table
                    ))
                })
            };
            // Every row must be as the log left it; the main record is named first.
            let mut checked: Vec<&RowChange> = changes.iter().collect();
            checked.sort_by_key(|change| rank(change));
            for change in checked {
                let now = current(conn, shape(change)?, change)?;
                if now != change.after {
                    return Err(changed_since(conn, change, now.is_some(), purpose)?);
                }
            }
            for change in changes.iter().rev() {
                let shape = shape(change)?;
                match (&change.before, &change.after) {
                    (None, Some(after)) => delete(conn, shape, change, after)?,
                    (Some(before), None) => insert(conn, shape, change, before, &kept, purpose)?,
                    (Some(before), Some(after)) => set_columns(conn, shape, change, after, before, &kept, purpose)?,
                    (None, None) => {}
                }
            }
            // A trigger may have changed a row already put back (an edit of a carried
            // record confirms its mark): set such rows again, a few rounds at most.
            for _ in 0..3 {
                let mut again = false;
                for change in changes {
                    let now = current(conn, shape(change)?, change)?;
                    if now == change.before {
                        continue;
                    }
                    match (&now, &change.before) {
                        (Some(now), Some(target)) => {
                            set_columns(conn, shape(change)?, change, now, target, &kept, purpose)?;
                            again = true;
                        }
                        _ => return Err(not_exact(change, purpose)),
                    }
                }
                if !again {
                    break;
                }
            }
            for change in changes {
                if current(conn, shape(change)?, change)? != change.before {
                    return Err(not_exact(change, purpose));
                }
            }
            check_others(conn, changes, purpose)?;
            check_references(conn, changes, purpose)?;
            Ok(())
        })?;
        let last = self.log_head_id()?;
        Ok(Undone {
            verb,
            record,
            others,
            log_rows: (head + 1, last),
        })
    }
}

/// A key as text, as the log writes it (`CAST(x AS TEXT)`).
fn json_key(value: &Json) -> String {
    match value {
        Json::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// The refusal for a row that is not as the log left it.
fn changed_since(conn: &Connection, change: &RowChange, exists: bool, purpose: Purpose) -> Result<StoreError> {
    let later: Option<i64> = conn.query_row(
        "SELECT max(id) FROM change_log WHERE entity = ?1 AND entity_id = ?2",
        [&change.table, &change.key],
        |row| row.get(0),
    )?;
    let record = format!("{} {}", change.table, change.key);
    Ok(refused(match (purpose, change.after.is_none() && exists) {
        (Purpose::Restore, true) => format!("{}: {record} exists again", purpose.nothing()),
        _ => match later {
            Some(later) => format!(
                "{}: {record} was changed since (change-log row {later}); undo or change that first",
                purpose.nothing()
            ),
            None => format!("{}: {record} is not as the change log left it", purpose.nothing()),
        },
    }))
}

fn not_exact(change: &RowChange, purpose: Purpose) -> StoreError {
    refused(format!(
        "{}: {} {} could not be put back exactly as it was",
        purpose.nothing(),
        change.table,
        change.key
    ))
}

/// Refuses when the write changed a row it was not asked to (a trigger's side effect
/// that did not settle back): a row other than the write's own whose net change in this
/// transaction is not nil.
fn check_others(conn: &Connection, changes: &[RowChange], purpose: Purpose) -> Result<()> {
    let ours: HashSet<(&str, &str)> = changes
        .iter()
        .map(|change| (change.table.as_str(), change.key.as_str()))
        .collect();
    for other in writer::net_changes(conn)? {
        if other.before != other.after && !ours.contains(&(other.table.as_str(), other.key.as_str())) {
            return Err(refused(format!(
                "{}: it would also change {} {}, which that write did not",
                purpose.nothing(),
                other.table,
                other.key
            )));
        }
    }
    Ok(())
}

/// Refuses, naming the record, when a row put back refers to one that is gone (a restored
/// link whose scenario was deleted since), before the commit would.
fn check_references(conn: &Connection, changes: &[RowChange], purpose: Purpose) -> Result<()> {
    let tables: HashSet<&str> = changes.iter().map(|change| change.table.as_str()).collect();
    let mut statement = conn.prepare("SELECT \"table\", parent FROM pragma_foreign_key_check(?1) LIMIT 1")?;
    for table in tables {
        // The tables referring to a deleted row matter too; check every table the write
        // touched and every table that refers to one of them.
        let mut referring: Vec<String> = vec![table.to_string()];
        let mut children = conn.prepare(
            "SELECT m.name FROM sqlite_schema m, pragma_foreign_key_list(m.name) f
             WHERE m.type = 'table' AND f.\"table\" = ?1",
        )?;
        referring.extend(
            children
                .query_map([table], |row| row.get::<_, String>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?,
        );
        for name in referring {
            use rusqlite::OptionalExtension;
            let broken: Option<(String, String)> = statement
                .query_row([&name], |row| Ok((row.get(0)?, row.get(1)?)))
                .optional()?;
            if let Some((child, parent)) = broken {
                return Err(refused(format!(
                    "{}: a {} would refer to a {} that is no longer there; put that back first",
                    purpose.nothing(),
                    label(&child),
                    label(&parent)
                )));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_carry_forward_mark_is_named_by_the_record_it_marks() {
        assert_eq!(
            super::carried_mark(r#"["risk",16]"#),
            "carry-forward mark of scenario #16"
        );
        assert_eq!(
            super::carried_mark(r#"["review",3]"#),
            "carry-forward mark of safeguard review #3"
        );
        assert_eq!(super::carried_mark("7"), "carry-forward mark 7");
    }

    #[test]
    fn the_program_tables_are_named_as_people_know_them() {
        for (table, word) in [
            ("training_courses", "course"),
            ("training_requirements", "course requirement"),
            ("training_sessions", "training session"),
            ("training_attendance", "attendance"),
            ("access_events", "access change"),
        ] {
            assert_eq!(super::label(table), word);
        }
        // A session recorded with its attendance is named by the session, not a tick.
        let change = |table: &str, key: &str| super::RowChange {
            table: table.to_string(),
            key: key.to_string(),
            before: None,
            after: Some("{}".to_string()),
        };
        let (verb, record, others) = super::describe(&[
            change("training_attendance", "9"),
            change("training_sessions", "4"),
            change("training_attendance", "10"),
        ]);
        assert_eq!((verb, record.as_str(), others), ("added", "training session 4", 2));
    }
}
