//! Bulk inserts: rows whose change-log rows the writer makes from the values it binds,
//! instead of a capture trigger imaging each row in SQL and a round trip through the
//! capture table (issue 25: an import of 10,000 assets, `assessment next` copying 100,000
//! rows).
//!
//! `Writer::insert_logged` binds every column of the table (the caller's values, the
//! column's default for the others), inserts the row with its capture trigger quiet for
//! that one statement, and builds the row's image and key in Rust exactly as the trigger's
//! `json_object` / `CAST` / `json_array` would have (`image`, `key`; the tests compare
//! them with SQLite's). What makes that exact: a value is bound only into a column of its
//! own type (INTEGER or TEXT, or NULL), so SQLite stores it as bound; a REAL or BLOB value
//! is refused (SQLite prints a REAL its own way, and a BLOB is imaged by its hash).
//!
//! Order: the log must list the bulk rows where the triggers would have put them among
//! the rows the triggers did capture. A bulk insert leaves a marker row in the capture
//! table when the connection changed anything since the last bulk insert
//! (`total_changes`), and its rows follow that marker; `writer::net_changes_with` puts
//! them in its place, so several changes to one row still become one log row.
//!
//! The signed-year guards and the carry-forward triggers still fire: only the capture
//! trigger is quiet, and only for the table and the statement being written.

use std::cell::RefCell;
use std::collections::HashMap;

use rusqlite::Connection;
use rusqlite::functions::FunctionFlags;
use rusqlite::types::Value;

use super::images::{literal, quoted};
use super::writer::{CAPTURED, NetChange};
use super::{Result, StoreError, Writer};

/// The SQL function an insert capture trigger asks before it images a row.
pub(super) const QUIET_FUNCTION: &str = "hra_bulk_writing";

thread_local! {
    /// The table a bulk insert on this thread is writing at this moment (empty: none).
    /// SQLite runs a statement's triggers on the thread that steps it, so this scopes the
    /// quiet capture to exactly that statement.
    static WRITING: RefCell<String> = const { RefCell::new(String::new()) };
    /// Tests only: bulk inserts go through the capture triggers, to compare the logs.
    #[cfg(test)]
    static THROUGH_TRIGGERS: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// Tests only: how many rows this thread logged in bulk, to show which path ran.
    #[cfg(test)]
    static LOGGED_IN_BULK: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Registers `hra_bulk_writing(table)`: 1 while a bulk insert on this thread writes
/// `table`, else 0.
pub(super) fn register_function(conn: &Connection) -> Result<()> {
    conn.create_scalar_function(QUIET_FUNCTION, 1, FunctionFlags::SQLITE_UTF8, |context| {
        let table = context.get_raw(0).as_str().unwrap_or("");
        Ok(WRITING.with(|writing| {
            let writing = writing.borrow();
            !writing.is_empty() && *writing == table
        }))
    })?;
    Ok(())
}

/// The condition on an insert capture trigger of `table`.
pub(super) fn capture_when(table: &str) -> String {
    format!("WHEN NOT {QUIET_FUNCTION}({})", literal(table))
}

/// Marks `table` as being bulk-written for as long as it lives (a failed statement too).
struct Quiet;

impl Quiet {
    fn on(table: &str) -> Quiet {
        WRITING.with(|writing| table.clone_into(&mut writing.borrow_mut()));
        Quiet
    }
}

impl Drop for Quiet {
    fn drop(&mut self) {
        WRITING.with(|writing| writing.borrow_mut().clear());
    }
}

/// Tests only: runs `work` with bulk inserts going through the capture triggers.
#[cfg(test)]
pub(super) fn through_triggers<T>(work: impl FnOnce() -> T) -> T {
    THROUGH_TRIGGERS.with(|on| on.set(true));
    let value = work();
    THROUGH_TRIGGERS.with(|on| on.set(false));
    value
}

#[cfg(test)]
fn through_triggers_now() -> bool {
    THROUGH_TRIGGERS.with(std::cell::Cell::get)
}

#[cfg(not(test))]
fn through_triggers_now() -> bool {
    false
}

/// What a writer's bulk inserts recorded: their rows, grouped under the capture table's
/// marker row each group follows. Kept by `Writer` for its transaction.
#[derive(Default)]
pub(crate) struct BulkLog(RefCell<Recorded>);

#[derive(Default)]
struct Recorded {
    /// Rows by the seq of the marker row they follow.
    groups: HashMap<i64, Vec<NetChange>>,
    /// The group the next row joins, while the connection changed nothing else.
    current: Option<i64>,
    /// The connection's `total_changes` after the last bulk insert.
    total_after: u64,
    tables: HashMap<String, BulkTable>,
}

impl BulkLog {
    /// The recorded rows, by marker seq, leaving none.
    pub(super) fn take(&self) -> HashMap<i64, Vec<NetChange>> {
        let mut recorded = self.0.borrow_mut();
        recorded.current = None;
        std::mem::take(&mut recorded.groups)
    }
}

/// A column as the bulk path binds and images it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Integer,
    Text,
}

/// One table's insert: its columns in schema order, key, defaults and SQL.
struct BulkTable {
    name: String,
    columns: Vec<(String, Kind)>,
    /// Positions of the primary key's columns (none: the key is the rowid).
    key: Vec<usize>,
    /// The position of the INTEGER PRIMARY KEY (the rowid's alias), if the table has one.
    rowid_alias: Option<usize>,
    /// Each column's default, as SQLite would store it when the column is left out.
    defaults: Vec<Value>,
    sql: String,
    /// The column names of the last call and their positions, reused while they repeat.
    given: Vec<String>,
    positions: Vec<usize>,
}

impl BulkTable {
    fn read(conn: &Connection, name: &str) -> Result<BulkTable> {
        let unsupported =
            |why: String| StoreError::Invalid(format!("a bulk insert into {name} cannot be logged: {why}"));
        let mut info =
            conn.prepare("SELECT name, upper(type), pk, dflt_value FROM pragma_table_info(?1) ORDER BY cid")?;
        let rows = info
            .query_map([name], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, i64>(2)?,
                    row.get::<_, Option<String>>(3)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        if rows.is_empty() {
            return Err(unsupported("no such table".to_string()));
        }
        let mut columns = Vec::with_capacity(rows.len());
        let mut defaults = Vec::with_capacity(rows.len());
        let mut keyed = Vec::new();
        for (position, (column, kind, pk, default)) in rows.into_iter().enumerate() {
            let kind = match kind.as_str() {
                "INTEGER" => Kind::Integer,
                "TEXT" => Kind::Text,
                other => return Err(unsupported(format!("column {column} is {other}"))),
            };
            let default = match default {
                None => Value::Null,
                Some(expression) => {
                    if expression.to_ascii_uppercase().contains("CURRENT_") {
                        return Err(unsupported(format!("column {column} defaults to the time")));
                    }
                    conn.query_row(&format!("SELECT {expression}"), [], |row| row.get::<_, Value>(0))?
                }
            };
            check_kind(name, &column, kind, &default)?;
            if pk > 0 {
                keyed.push((pk, position));
            }
            columns.push((column, kind));
            defaults.push(default);
        }
        keyed.sort_unstable();
        let key: Vec<usize> = keyed.into_iter().map(|(_, position)| position).collect();
        let rowid_alias = match key.as_slice() {
            [only] if columns[*only].1 == Kind::Integer => Some(*only),
            _ => None,
        };
        let names: Vec<String> = columns.iter().map(|(column, _)| quoted(column)).collect();
        let marks: Vec<String> = (1..=columns.len()).map(|index| format!("?{index}")).collect();
        let sql = format!(
            "INSERT INTO main.{} ({}) VALUES ({})",
            quoted(name),
            names.join(", "),
            marks.join(", ")
        );
        Ok(BulkTable {
            name: name.to_string(),
            columns,
            key,
            rowid_alias,
            defaults,
            sql,
            given: Vec::new(),
            positions: Vec::new(),
        })
    }

    /// The full row: the given values in their columns, the defaults in the others.
    fn row(&mut self, values: Vec<(&str, Value)>) -> Result<Vec<Value>> {
        let same = self.given.len() == values.len()
            && self
                .given
                .iter()
                .zip(&values)
                .all(|(given, (column, _))| given == column);
        if !same {
            let mut positions = Vec::with_capacity(values.len());
            for (column, _) in &values {
                let position = self
                    .columns
                    .iter()
                    .position(|(name, _)| name == column)
                    .ok_or_else(|| StoreError::Invalid(format!("{} has no column {column}", self.name)))?;
                positions.push(position);
            }
            self.given = values.iter().map(|(column, _)| column.to_string()).collect();
            self.positions = positions;
        }
        let mut row = self.defaults.clone();
        for ((column, value), &position) in values.into_iter().zip(&self.positions) {
            check_kind(&self.name, column, self.columns[position].1, &value)?;
            row[position] = value;
        }
        Ok(row)
    }

    /// The row's image: `json_object` of every column in schema order.
    fn image(&self, row: &[Value]) -> String {
        let mut image = String::with_capacity(256);
        image.push('{');
        for (index, ((column, _), value)) in self.columns.iter().zip(row).enumerate() {
            if index > 0 {
                image.push(',');
            }
            json_string(&mut image, column);
            image.push(':');
            json_value(&mut image, value);
        }
        image.push('}');
        image
    }

    /// The row's key as the capture trigger writes it (see `TableShape::key_sql`).
    fn key(&self, row: &[Value], rowid: i64) -> Option<String> {
        match self.key.as_slice() {
            [] => Some(rowid.to_string()),
            [only] => match &row[*only] {
                Value::Integer(value) => Some(value.to_string()),
                Value::Text(text) => Some(text.clone()),
                _ => None,
            },
            columns => {
                let mut key = String::from("[");
                for (index, position) in columns.iter().enumerate() {
                    if index > 0 {
                        key.push(',');
                    }
                    json_value(&mut key, &row[*position]);
                }
                key.push(']');
                Some(key)
            }
        }
    }
}

/// What `records::insert` binds for a record with its frame (the parent's id): its id
/// (NULL for 0: SQLite assigns one), the frame, then its fields. For `insert_logged`.
pub(super) fn record_values<R: crate::domain::record::Record>(
    record: &R,
    frame: impl IntoIterator<Item = (&'static str, Value)>,
) -> Result<Vec<(&'static str, Value)>> {
    let id = match record.id() {
        0 => Value::Null,
        id => Value::Integer(id),
    };
    let mut values = vec![("id", id)];
    values.extend(frame);
    values.extend(super::records::field_values(record)?);
    Ok(values)
}

/// Refuses a value SQLite would store other than as bound (or image its own way).
fn check_kind(table: &str, column: &str, kind: Kind, value: &Value) -> Result<()> {
    match (kind, value) {
        (_, Value::Null) | (Kind::Integer, Value::Integer(_)) | (Kind::Text, Value::Text(_)) => Ok(()),
        _ => Err(StoreError::Invalid(format!(
            "a bulk insert into {table} cannot be logged: {value:?} for column {column} ({kind:?})"
        ))),
    }
}

/// A value as `json_object` writes it (INTEGER, TEXT or NULL: see `check_kind`).
fn json_value(out: &mut String, value: &Value) {
    match value {
        Value::Integer(number) => out.push_str(&number.to_string()),
        Value::Text(text) => json_string(out, text),
        _ => out.push_str("null"),
    }
}

/// A JSON string as SQLite's `jsonAppendString` writes it: `"` and `\` escaped with a
/// backslash, the control characters below 0x20 as \b \t \n \f \r or \u00xx (lowercase
/// hex), everything else (DEL, non-ASCII) as it is.
fn json_string(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    let mut plain = 0;
    for (at, byte) in text.bytes().enumerate() {
        let escaped = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            0x08 => "\\b",
            b'\t' => "\\t",
            b'\n' => "\\n",
            0x0c => "\\f",
            b'\r' => "\\r",
            0x00..=0x1f => "",
            _ => continue,
        };
        out.push_str(&text[plain..at]);
        if escaped.is_empty() {
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0x0f)]));
        } else {
            out.push_str(escaped);
        }
        plain = at + 1;
    }
    out.push_str(&text[plain..]);
    out.push('"');
}

impl Writer<'_> {
    /// Inserts one row into `table` (the values by column; the others take their
    /// defaults) and records its change-log row from the values bound, without the capture
    /// trigger (see the module). Returns the row's rowid. Refused, before anything is
    /// written, for a value of another type than its column's (or a REAL or BLOB).
    pub(crate) fn insert_logged(&self, table: &str, values: Vec<(&str, Value)>) -> Result<i64> {
        let conn: &Connection = &self.tx;
        let mut recorded = self.bulk.0.borrow_mut();
        let recorded = &mut *recorded;
        if !recorded.tables.contains_key(table) {
            recorded.tables.insert(table.to_string(), BulkTable::read(conn, table)?);
        }
        let Some(shape) = recorded.tables.get_mut(table) else {
            return Err(StoreError::Invalid(format!("no bulk insert into {table}")));
        };
        let mut row = shape.row(values)?;
        let mut insert = conn.prepare_cached(&shape.sql)?;
        if through_triggers_now() {
            insert.execute(rusqlite::params_from_iter(&row))?;
            return Ok(conn.last_insert_rowid());
        }
        // A change since the last bulk insert (captured by a trigger, or not): the rows
        // from here on follow a new marker, after whatever was captured meanwhile.
        let group = match recorded.current {
            Some(group) if conn.total_changes() == recorded.total_after => group,
            _ => {
                conn.prepare_cached(&format!("INSERT INTO {CAPTURED} (tbl) VALUES ('')"))?
                    .execute([])?;
                let group = conn.last_insert_rowid();
                recorded.current = Some(group);
                group
            }
        };
        let before = conn.total_changes();
        {
            let _quiet = Quiet::on(table);
            insert.execute(rusqlite::params_from_iter(&row))?;
        }
        let rowid = conn.last_insert_rowid();
        if conn.total_changes() != before + 1 {
            // A trigger changed other rows as this one went in; their capture and this row
            // could be out of order. No trigger of the schema does: a new one needs thought.
            return Err(StoreError::Invalid(format!(
                "a bulk insert into {table} changed other rows too, so its change-log rows could be out of order"
            )));
        }
        recorded.total_after = conn.total_changes();
        if let Some(alias) = shape.rowid_alias
            && row[alias] == Value::Null
        {
            row[alias] = Value::Integer(rowid);
        }
        let key = shape.key(&row, rowid).ok_or_else(|| {
            StoreError::Invalid(format!("a bulk insert into {table} has no key, so it cannot be logged"))
        })?;
        let image = shape.image(&row);
        #[cfg(test)]
        LOGGED_IN_BULK.with(|count| count.set(count.get() + 1));
        recorded.groups.entry(group).or_default().push(NetChange {
            table: shape.name.clone(),
            key,
            before: None,
            after: Some(image),
        });
        Ok(rowid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What SQLite's json_object makes of a text, beside ours.
    fn sqlite_json_string(conn: &Connection, text: &str) -> String {
        conn.query_row("SELECT json_object('k', ?1)", [text], |row| row.get::<_, String>(0))
            .unwrap()
    }

    #[test]
    fn strings_are_escaped_as_sqlite_json_object_escapes_them() {
        let conn = Connection::open_in_memory().unwrap();
        let mut every_byte = String::new();
        for code in 0u32..0x100 {
            every_byte.push(char::from_u32(code).unwrap());
        }
        for text in [
            "",
            "plain",
            "quote \" backslash \\ slash / apostrophe ' tab \t newline \n cr \r",
            "nul \u{0} bell \u{7} vt \u{b} esc \u{1b} unit \u{1f} del \u{7f}",
            "\u{e9}\u{1F600} \u{2028} \u{feff}",
            every_byte.as_str(),
        ] {
            let mut ours = String::from("{");
            json_string(&mut ours, "k");
            ours.push(':');
            json_string(&mut ours, text);
            ours.push('}');
            assert_eq!(ours, sqlite_json_string(&conn, text), "{text:?}");
        }
    }

    #[test]
    fn images_and_keys_are_those_of_the_capture_trigger() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL, n INTEGER, note TEXT NOT NULL DEFAULT 'x''y')
                STRICT;
             CREATE TABLE pair (a TEXT NOT NULL, b INTEGER NOT NULL, PRIMARY KEY (a, b)) STRICT;
             CREATE TABLE bare (v TEXT) STRICT;",
        )
        .unwrap();
        for table in ["t", "pair", "bare"] {
            let shape = super::super::images::tables(&conn)
                .unwrap()
                .into_iter()
                .find(|shape| shape.name == table)
                .unwrap();
            let mut bulk = BulkTable::read(&conn, table).unwrap();
            let values: Vec<(&str, Value)> = match table {
                "t" => vec![
                    ("name", Value::Text("a \"b\"\n\u{1}".into())),
                    ("n", Value::Integer(-42)),
                ],
                "pair" => vec![("b", Value::Integer(7)), ("a", Value::Text("k\\".into()))],
                _ => vec![("v", Value::Null)],
            };
            let row = bulk.row(values).unwrap();
            conn.execute(&bulk.sql, rusqlite::params_from_iter(&row)).unwrap();
            let rowid = conn.last_insert_rowid();
            let mut row = row;
            if let Some(alias) = bulk.rowid_alias {
                row[alias] = Value::Integer(rowid);
            }
            let (key, image): (String, String) = conn
                .query_row(
                    &format!(
                        "SELECT {}, {} FROM {table} WHERE rowid = ?1",
                        shape.key_sql(""),
                        shape.image_sql("")
                    ),
                    [rowid],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .unwrap();
            assert_eq!(bulk.key(&row, rowid).unwrap(), key, "{table}");
            assert_eq!(bulk.image(&row), image, "{table}");
        }
    }

    #[test]
    fn a_value_of_another_type_than_its_column_is_refused() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, f REAL) STRICT;")
            .unwrap();
        // SQLite prints a REAL its own way: the table is refused, not imaged differently.
        assert!(BulkTable::read(&conn, "t").is_err());
        conn.execute_batch("CREATE TABLE u (id INTEGER PRIMARY KEY, n INTEGER) STRICT;")
            .unwrap();
        let mut bulk = BulkTable::read(&conn, "u").unwrap();
        assert!(bulk.row(vec![("n", Value::Text("5".into()))]).is_err());
        assert!(bulk.row(vec![("nope", Value::Integer(5))]).is_err());
        assert!(bulk.row(vec![("n", Value::Integer(5))]).is_ok());
    }

    /// Two copies of one workspace file, opened with the same fixed clock: one writes in
    /// bulk, the other through the capture triggers.
    fn twin_stores(populate: impl FnOnce(&mut super::super::Store)) -> (tempfile::TempDir, [super::super::Store; 2]) {
        use super::super::{Clock, Store};
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let original = dir.path().join("original.hra");
        {
            let mut store = Store::create(&original, "Clinic", "Ana", today).unwrap();
            populate(&mut store);
        }
        let stores = ["bulk.hra", "triggers.hra"].map(|name| {
            let path = dir.path().join(name);
            std::fs::copy(&original, &path).unwrap();
            let mut store = Store::open(&path).unwrap();
            let at = chrono::DateTime::parse_from_rfc3339("2026-11-24T09:30:00Z").unwrap();
            store.set_clock(Clock::Fixed(at.with_timezone(&chrono::Utc)));
            store
        });
        (dir, stores)
    }

    /// Runs `work`, checking how many rows it logged in bulk (at least `rows`; none for 0).
    fn logged_in_bulk<T>(rows: usize, work: impl FnOnce() -> T) -> T {
        let before = LOGGED_IN_BULK.with(std::cell::Cell::get);
        let value = work();
        let logged = LOGGED_IN_BULK.with(std::cell::Cell::get) - before;
        match rows {
            0 => assert_eq!(logged, 0, "the triggers logged every row"),
            _ => assert!(logged >= rows, "{logged} rows logged in bulk, expected {rows} or more"),
        }
        value
    }

    /// The same log, row for row and image for image, and a log that verifies.
    fn assert_same_log(bulk: &super::super::Store, triggers: &super::super::Store, before: usize) {
        use super::super::DataStatus;
        let bulk_log = bulk.change_log().unwrap();
        let trigger_log = triggers.change_log().unwrap();
        assert!(bulk_log.len() > before + 10, "the write logged its rows");
        assert_eq!(bulk_log.len(), trigger_log.len());
        for (ours, theirs) in bulk_log.iter().zip(&trigger_log) {
            assert_eq!(ours, theirs);
        }
        for store in [bulk, triggers] {
            assert!(matches!(
                store.verify_change_log().unwrap(),
                super::super::changelog::ChainStatus::Intact { .. }
            ));
            assert!(
                matches!(store.verify_history().unwrap(), DataStatus::Consistent { .. }),
                "{:?}",
                store.verify_history().unwrap()
            );
        }
    }

    #[test]
    fn an_import_in_bulk_logs_exactly_what_the_triggers_log() {
        let (_dir, [mut bulk, mut triggers]) = twin_stores(|store| {
            let assessment = store.current_assessment_id().unwrap();
            let table = crate::exchange::parse_asset_table(
                b"name,kind,owner,notes\nFront desk PC,workstation,Dana Reyes,kept\nOld fax,removable_media,,\n",
            )
            .unwrap();
            store.import_asset_table(assessment, &table).unwrap();
        });
        let before = bulk.change_log().unwrap().len();
        // New assets among updated ones (matched by name), new owners and known ones, and
        // text SQLite escapes in JSON.
        let mut csv = String::from("name,kind,owner,notes,description\n");
        csv.push_str("front desk pc,workstation,Dana Reyes,moved upstairs,\n");
        for index in 0..40 {
            let owner = ["Dana Reyes", "Sam \"Q\" Lee", "", "Ana"][index % 4];
            csv.push_str(&format!(
                "\"Laptop {index}, \\ back\",laptop,\"{}\",\"tab\there\",\"line one\nline two \u{e9}\"\n",
                owner.replace('"', "\"\"")
            ));
        }
        csv.push_str("Old fax,removable_media,,now retired,\n");
        let table = crate::exchange::parse_asset_table(csv.as_bytes()).unwrap();
        let assessment = bulk.current_assessment_id().unwrap();
        let counts = logged_in_bulk(40, || bulk.import_asset_table(assessment, &table).unwrap());
        let same = logged_in_bulk(0, || {
            through_triggers(|| triggers.import_asset_table(assessment, &table)).unwrap()
        });
        assert_eq!((counts.added, counts.updated), (40, 2));
        assert_eq!((same.added, same.updated), (40, 2));
        assert_same_log(&bulk, &triggers, before);
    }

    #[test]
    fn next_year_in_bulk_logs_exactly_what_the_triggers_log() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let (_dir, [mut bulk, mut triggers]) = twin_stores(|store| {
            crate::sample::populate(store, &crate::sample::SampleSize::SMALL, today).unwrap();
        });
        let before = bulk.change_log().unwrap().len();
        let options = super::super::NextOptions::default();
        let summary = logged_in_bulk(100, || bulk.next_assessment(&options, today).unwrap());
        let same = logged_in_bulk(0, || {
            through_triggers(|| triggers.next_assessment(&options, today)).unwrap()
        });
        assert_eq!(summary, same);
        assert!(summary.assets > 0 && summary.risks > 0 && summary.actions > 0);
        assert_same_log(&bulk, &triggers, before);
    }

    #[test]
    fn a_bulk_insert_into_a_signed_year_is_refused_and_writes_nothing() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let mut store = super::super::Store::in_memory("Clinic", "Ana", today).unwrap();
        let assessment = store.current_assessment_id().unwrap();
        store
            .write(|tx| {
                tx.execute(
                    "INSERT INTO sign_offs (assessment_id, report_date, signed_at, signer, key_id, report_sha256,
                         log_head)
                     VALUES (?1, '2026-11-23', '2026-11-23T00:00:00Z', 'Ana', 'k', 'x', 1)",
                    [assessment],
                )?;
                Ok(())
            })
            .unwrap();
        let before = store.change_log().unwrap();
        let table = crate::exchange::parse_asset_table(b"name,kind\nLaptop,laptop\n").unwrap();
        let error = store.import_asset_table(assessment, &table).unwrap_err();
        assert!(matches!(error, StoreError::Refused { .. }), "{error}");
        assert_eq!(store.change_log().unwrap(), before);
        assert!(store.assets(assessment).unwrap().is_empty());
        // The capture is not left quiet by the refused statement.
        assert!(WRITING.with(|writing| writing.borrow().is_empty()));
    }
}
