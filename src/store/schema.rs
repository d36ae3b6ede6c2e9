//! A workspace is only what we made: the file's schema (every table with its columns,
//! options and foreign keys, every index, trigger and view of the main database) must be
//! exactly the one this version's migrations make at the file's `user_version`. An extra
//! trigger would run inside the store's own writes, under the assessor's name; an extra
//! view, table or index is nothing the change log covers. So anything else is refused at
//! open, naming the object, before anything is read or written.
//!
//! The expected schema is not kept by hand: the migrations run once per process on an
//! in-memory database, and each version's schema is described on the way. Tables are
//! compared by what SQLite reports of them (`pragma_table_xinfo`, `pragma_table_list`,
//! `pragma_foreign_key_list`), not by their `CREATE` text, which an `ALTER TABLE` rewrites
//! and which differs by whitespace between a file made at one version and one upgraded to
//! it; indexes by `pragma_index_list` and `pragma_index_xinfo` plus their normalized SQL
//! (a partial index's `WHERE`); triggers and views by name, table and normalized SQL.
//!
//! The TEMP triggers and tables the store puts on its own connection (`writer`, `carry`)
//! live in the connection's temp schema, never in the file, and are not looked at.
//!
//! Not compared: a table's CHECK constraints and column collations written in its text
//! (no pragma reports them, and its text is not comparable, see above).

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use rusqlite::Connection;

use super::{MIGRATIONS, Result, SCHEMA_VERSION, StoreError};

/// One object of `sqlite_schema`, described.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Object {
    /// "table", "index", "view" or "trigger".
    kind: String,
    name: String,
    /// The table an index or trigger belongs to (a table's and a view's own name).
    table: String,
    /// Its `CREATE` text, normalized (none for the indexes SQLite makes for constraints).
    sql: Option<String>,
}

/// What is compared of a table.
#[derive(Debug, Clone, PartialEq, Eq)]
struct TableShape {
    /// `CREATE TABLE` or `CREATE VIRTUAL TABLE`.
    form: String,
    /// STRICT and WITHOUT ROWID.
    options: String,
    /// Name and definition (type, NOT NULL, default, primary key), in column order.
    columns: Vec<(String, String)>,
    foreign_keys: Vec<String>,
}

/// A schema: its objects by kind and name, in `sqlite_schema` order.
#[derive(Debug, Clone, Default)]
pub(super) struct Schema {
    objects: Vec<Object>,
    /// What is compared of each object beyond its kind, name, table and text.
    shapes: BTreeMap<(String, String), Shape>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Shape {
    Table(TableShape),
    /// An index's columns and flags, one line.
    Index(String),
    /// Triggers and views: their SQL, compared as `Object::sql`.
    Text,
}

impl Schema {
    fn get(&self, kind: &str, name: &str) -> Option<&Object> {
        self.objects
            .iter()
            .find(|object| object.kind == kind && object.name == name)
    }
}

/// Refuses a file whose schema is not the one this version makes at `version` (0 up to
/// `SCHEMA_VERSION`), naming the first object that differs.
pub(super) fn check(conn: &Connection, path: &Path, version: i64) -> Result<()> {
    let expected = expected(version)?;
    let found = describe(conn).map_err(|error| super::damaged(path, &error))?;
    match difference(&found, expected) {
        None => Ok(()),
        Some(what) => Err(StoreError::NotOurSchema {
            path: path.to_path_buf(),
            what,
        }),
    }
}

/// The schema the migrations make at `version`, worked out once per process.
fn expected(version: i64) -> Result<&'static Schema> {
    static EXPECTED: OnceLock<std::result::Result<Vec<Schema>, String>> = OnceLock::new();
    let all = EXPECTED.get_or_init(|| derive().map_err(|error| error.to_string()));
    match all {
        Ok(all) => usize::try_from(version)
            .ok()
            .and_then(|version| all.get(version))
            .ok_or_else(|| StoreError::Invalid(format!("no schema {version} in this version"))),
        Err(error) => Err(StoreError::Invalid(format!(
            "this version's own schema could not be made: {error}"
        ))),
    }
}

/// Every version's schema, from 0 (empty) to `SCHEMA_VERSION`, by running the migrations.
fn derive() -> Result<Vec<Schema>> {
    let mut conn = Connection::open_in_memory()?;
    conn.pragma_update(None, "foreign_keys", true)?;
    let mut all = vec![describe(&conn)?];
    for version in 1..=SCHEMA_VERSION {
        let step = usize::try_from(version).map_err(|_| StoreError::Invalid(format!("schema {version}")))?;
        MIGRATIONS.to_version(&mut conn, step)?;
        all.push(describe(&conn)?);
    }
    Ok(all)
}

/// The main database's schema as SQLite reports it.
fn describe(conn: &Connection) -> rusqlite::Result<Schema> {
    let mut statement = conn.prepare("SELECT type, name, tbl_name, sql FROM main.sqlite_master ORDER BY rowid")?;
    let objects = statement
        .query_map([], |row| {
            Ok(Object {
                kind: row.get(0)?,
                name: row.get(1)?,
                table: row.get(2)?,
                sql: row.get::<_, Option<String>>(3)?.map(|sql| normalized(&sql)),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut shapes = BTreeMap::new();
    for object in &objects {
        let shape = match object.kind.as_str() {
            "table" => Shape::Table(table_shape(conn, object)?),
            "index" => Shape::Index(index_shape(conn, object)?),
            _ => Shape::Text,
        };
        shapes.insert((object.kind.clone(), object.name.clone()), shape);
    }
    Ok(Schema { objects, shapes })
}

fn table_shape(conn: &Connection, table: &Object) -> rusqlite::Result<TableShape> {
    let sql = table.sql.as_deref().unwrap_or_default();
    let form = if sql.to_ascii_uppercase().starts_with("CREATE VIRTUAL TABLE") {
        "CREATE VIRTUAL TABLE"
    } else {
        "CREATE TABLE"
    };
    if form != "CREATE TABLE" {
        // The pragmas below would need the virtual table's module; its form already differs.
        return Ok(TableShape {
            form: form.to_string(),
            options: String::new(),
            columns: Vec::new(),
            foreign_keys: Vec::new(),
        });
    }
    let options = conn.query_row(
        "SELECT wr, strict FROM pragma_table_list WHERE schema = 'main' AND name = ?1",
        [&table.name],
        |row| {
            let without_rowid: bool = row.get(0)?;
            let strict: bool = row.get(1)?;
            Ok(format!(
                "{}, {}",
                if strict { "STRICT" } else { "not STRICT" },
                if without_rowid { "WITHOUT ROWID" } else { "with rowid" }
            ))
        },
    )?;
    let mut statement = conn.prepare(
        "SELECT name, type, \"notnull\", dflt_value, pk, hidden FROM pragma_table_xinfo(?1, 'main') ORDER BY cid",
    )?;
    let columns = statement
        .query_map([&table.name], |row| {
            let name: String = row.get(0)?;
            let mut definition: String = row.get(1)?;
            if row.get::<_, bool>(2)? {
                definition.push_str(" NOT NULL");
            }
            if let Some(default) = row.get::<_, Option<String>>(3)? {
                definition.push_str(&format!(" DEFAULT {default}"));
            }
            let pk: i64 = row.get(4)?;
            if pk > 0 {
                definition.push_str(&format!(" PRIMARY KEY (part {pk})"));
            }
            let hidden: i64 = row.get(5)?;
            if hidden != 0 {
                definition.push_str(&format!(" (hidden {hidden})"));
            }
            Ok((name, definition.trim().to_string()))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut statement = conn.prepare(
        "SELECT \"from\", \"table\", \"to\", on_update, on_delete, \"match\"
         FROM pragma_foreign_key_list(?1, 'main') ORDER BY id, seq",
    )?;
    let foreign_keys = statement
        .query_map([&table.name], |row| {
            Ok(format!(
                "{} REFERENCES {}({}) ON UPDATE {} ON DELETE {} MATCH {}",
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, Option<String>>(2)?.unwrap_or_default(),
                row.get::<_, String>(3)?,
                row.get::<_, String>(4)?,
                row.get::<_, String>(5)?
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(TableShape {
        form: form.to_string(),
        options,
        columns,
        foreign_keys,
    })
}

fn index_shape(conn: &Connection, index: &Object) -> rusqlite::Result<String> {
    let mut statement =
        conn.prepare("SELECT \"unique\", origin, partial FROM pragma_index_list(?1, 'main') WHERE name = ?2")?;
    let flags: Vec<String> = statement
        .query_map([&index.table, &index.name], |row| {
            Ok(format!(
                "unique {}, origin {}, partial {}",
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, i64>(2)?
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut statement =
        conn.prepare("SELECT cid, name, \"desc\", coll, \"key\" FROM pragma_index_xinfo(?1, 'main') ORDER BY seqno")?;
    let columns: Vec<String> = statement
        .query_map([&index.name], |row| {
            Ok(format!(
                "{} {} {} {} {}",
                row.get::<_, i64>(0)?,
                row.get::<_, Option<String>>(1)?.unwrap_or_default(),
                if row.get::<_, bool>(2)? { "DESC" } else { "ASC" },
                row.get::<_, Option<String>>(3)?.unwrap_or_default(),
                if row.get::<_, bool>(4)? { "key" } else { "aux" }
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(format!("{}; {}", flags.join(" / "), columns.join(", ")))
}

/// The first way `found` is not `expected`, in words: an extra object first (in the file's
/// order), then a missing one, then one that differs (in the migrations' order).
fn difference(found: &Schema, expected: &Schema) -> Option<String> {
    for object in &found.objects {
        if expected.get(&object.kind, &object.name).is_none() {
            return Some(format!("an extra {}", named(object)));
        }
    }
    for object in &expected.objects {
        if found.get(&object.kind, &object.name).is_none() {
            return Some(format!("the {} is missing", named(object)));
        }
    }
    for wanted in &expected.objects {
        let Some(object) = found.get(&wanted.kind, &wanted.name) else {
            continue;
        };
        let key = (wanted.kind.clone(), wanted.name.clone());
        let (shape, wanted_shape) = (found.shapes.get(&key), expected.shapes.get(&key));
        if let (Some(Shape::Table(shape)), Some(Shape::Table(wanted_shape))) = (shape, wanted_shape) {
            if let Some(what) = table_difference(&wanted.name, shape, wanted_shape) {
                return Some(what);
            }
            continue;
        }
        if object.table != wanted.table || object.sql != wanted.sql || shape != wanted_shape {
            return Some(format!("the {} is not the one this version makes", named(object)));
        }
    }
    None
}

fn table_difference(table: &str, found: &TableShape, expected: &TableShape) -> Option<String> {
    let table = shown(table);
    if found.form != expected.form {
        return Some(format!("the table `{table}` is a {}", found.form.to_lowercase()));
    }
    let column = |columns: &[(String, String)], name: &str| {
        columns
            .iter()
            .find(|(column, _)| column == name)
            .map(|(_, definition)| definition.clone())
    };
    for (name, _) in &found.columns {
        if column(&expected.columns, name).is_none() {
            return Some(format!("an extra column `{}` in the table `{table}`", shown(name)));
        }
    }
    for (name, definition) in &expected.columns {
        match column(&found.columns, name) {
            None => {
                return Some(format!(
                    "the column `{}` of the table `{table}` is missing",
                    shown(name)
                ));
            }
            Some(found) if found != *definition => {
                return Some(format!(
                    "the column `{}` of the table `{table}` is `{}`, this version makes `{definition}`",
                    shown(name),
                    shown(&found)
                ));
            }
            Some(_) => {}
        }
    }
    if found.columns != expected.columns {
        return Some(format!("the columns of the table `{table}` are in another order"));
    }
    if found.options != expected.options {
        return Some(format!(
            "the table `{table}` is {}, this version makes it {}",
            found.options, expected.options
        ));
    }
    if found.foreign_keys != expected.foreign_keys {
        return Some(format!(
            "the table `{table}` has other foreign keys than this version makes"
        ));
    }
    None
}

/// "trigger `x` on `risks`", "table `x`".
fn named(object: &Object) -> String {
    let name = shown(&object.name);
    match object.kind.as_str() {
        "index" | "trigger" => format!("{} `{name}` on `{}`", object.kind, shown(&object.table)),
        kind => format!("{} `{name}`", shown(kind)),
    }
}

/// A name from the file as one printable line: control characters escaped.
fn shown(text: &str) -> String {
    text.chars()
        .map(|c| match c.is_control() {
            true => c.escape_default().to_string(),
            false => c.to_string(),
        })
        .collect()
}

/// SQL text with comments dropped and whitespace collapsed (none beside punctuation),
/// quoted strings and names kept as they are.
fn normalized(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    let mut space = false;
    let punctuation = |c: char| matches!(c, '(' | ')' | ',' | ';');
    let push = |out: &mut String, space: &mut bool, c: char| {
        if *space && !out.is_empty() && !punctuation(c) && !out.ends_with(punctuation) {
            out.push(' ');
        }
        *space = false;
        out.push(c);
    };
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' | '`' | '[' => {
                let close = if c == '[' { ']' } else { c };
                push(&mut out, &mut space, c);
                while let Some(inner) = chars.next() {
                    out.push(inner);
                    if inner == close {
                        // A doubled quote is one quote inside the string.
                        if close != ']' && chars.peek() == Some(&close) {
                            out.extend(chars.next());
                            continue;
                        }
                        break;
                    }
                }
            }
            '-' if chars.peek() == Some(&'-') => {
                for skipped in chars.by_ref() {
                    if skipped == '\n' {
                        break;
                    }
                }
                space = true;
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut previous = ' ';
                for skipped in chars.by_ref() {
                    if previous == '*' && skipped == '/' {
                        break;
                    }
                    previous = skipped;
                }
                space = true;
            }
            c if c.is_whitespace() => space = true,
            c => push(&mut out, &mut space, c),
        }
    }
    out.trim_end_matches(';').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_version_has_a_schema_and_the_latest_is_what_a_new_workspace_gets() {
        for version in 0..=SCHEMA_VERSION {
            expected(version).expect("a schema");
        }
        assert!(expected(SCHEMA_VERSION + 1).is_err());
        let store =
            super::super::Store::in_memory("Test", "Tester", chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap())
                .unwrap();
        let found = describe(&store.conn).unwrap();
        assert_eq!(difference(&found, expected(SCHEMA_VERSION).unwrap()), None);
        // Schema 1 has no findings tables: a current file is not a schema 1 one.
        let older = difference(&found, expected(1).unwrap()).unwrap();
        assert!(older.starts_with("an extra "), "{older}");
    }

    #[test]
    fn sql_is_compared_without_comments_or_layout() {
        assert_eq!(
            normalized("CREATE  INDEX x -- why\n ON t ( a ,\n b ) WHERE c IN ('a  b', 'it''s');"),
            "CREATE INDEX x ON t(a,b)WHERE c IN('a  b','it''s')"
        );
        assert_eq!(
            normalized("CREATE /* note */ VIEW v AS SELECT \"a  b\" FROM t"),
            "CREATE VIEW v AS SELECT \"a  b\" FROM t"
        );
    }

    #[test]
    fn an_added_column_and_a_changed_one_are_named() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (a INTEGER NOT NULL, b TEXT) STRICT;")
            .unwrap();
        let wanted = describe(&conn).unwrap();
        conn.execute_batch("ALTER TABLE t ADD COLUMN c TEXT;").unwrap();
        assert_eq!(
            difference(&describe(&conn).unwrap(), &wanted).as_deref(),
            Some("an extra column `c` in the table `t`")
        );
        let other = Connection::open_in_memory().unwrap();
        other
            .execute_batch("CREATE TABLE t (a INTEGER, b TEXT) STRICT;")
            .unwrap();
        assert_eq!(
            difference(&describe(&other).unwrap(), &wanted).as_deref(),
            Some("the column `a` of the table `t` is `INTEGER`, this version makes `INTEGER NOT NULL`")
        );
        other
            .execute_batch("DROP TABLE t; CREATE TABLE t (a INTEGER NOT NULL, b TEXT);")
            .unwrap();
        assert_eq!(
            difference(&describe(&other).unwrap(), &wanted).as_deref(),
            Some("the table `t` is not STRICT, with rowid, this version makes it STRICT, with rowid")
        );
    }
}
