//! Row images: every table's rows as JSON objects of all their columns, read generically
//! from the schema, so a table added by a later migration is covered without code here.
//!
//! A row's image is `json_object(...)` of its columns in schema order, built by SQLite (so
//! the capture triggers in `writer` and a read of the table give the same text). A BLOB
//! column (a stored evidence file) is imaged as its SHA-256 and size, never its bytes.
//! A row's key is its primary key: the value itself for a one-column key, a JSON array for
//! a composite key, the rowid for a table without one. The change log itself is not data.

use rusqlite::Connection;
use rusqlite::functions::FunctionFlags;
use rusqlite::types::ValueRef;
use sha2::{Digest, Sha256};

use super::Result;
use super::changelog::{StateDigest, hex};

/// The SQL function that images a BLOB column.
const SHA256_FUNCTION: &str = "hra_sha256";

/// One table's name, columns and key, as the schema gives them.
#[derive(Debug, Clone)]
pub(super) struct TableShape {
    pub name: String,
    /// (column name, whether it is a BLOB column)
    pub columns: Vec<(String, bool)>,
    pub key_columns: Vec<String>,
}

/// Registers `hra_sha256(x)` on a connection: the lowercase hex SHA-256 of a blob or text,
/// NULL for NULL. Registering again replaces it, so every connection that images rows can
/// call this first.
pub(super) fn register_functions(conn: &Connection) -> Result<()> {
    conn.create_scalar_function(
        SHA256_FUNCTION,
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |context| {
            let digest = |bytes: &[u8]| Some(hex(&Sha256::digest(bytes)));
            Ok(match context.get_raw(0) {
                ValueRef::Null => None,
                ValueRef::Blob(bytes) | ValueRef::Text(bytes) => digest(bytes),
                ValueRef::Integer(value) => digest(value.to_string().as_bytes()),
                ValueRef::Real(value) => digest(value.to_string().as_bytes()),
            })
        },
    )?;
    Ok(())
}

/// Every data table, by name: all tables but SQLite's own and the change log.
pub(super) fn tables(conn: &Connection) -> Result<Vec<TableShape>> {
    let mut statement = conn.prepare(
        "SELECT name FROM sqlite_schema
         WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> 'change_log'
         ORDER BY name",
    )?;
    let names = statement
        .query_map([], |row| row.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut shapes = Vec::with_capacity(names.len());
    for name in names {
        let mut info = conn.prepare("SELECT name, type, pk FROM pragma_table_info(?1) ORDER BY cid")?;
        let columns = info
            .query_map([&name], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, i64>(2)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut keyed: Vec<(i64, String)> = columns
            .iter()
            .filter(|(_, _, pk)| *pk > 0)
            .map(|(column, _, pk)| (*pk, column.clone()))
            .collect();
        keyed.sort();
        shapes.push(TableShape {
            name,
            columns: columns
                .into_iter()
                .map(|(column, kind, _)| (column, kind.eq_ignore_ascii_case("blob")))
                .collect(),
            key_columns: keyed.into_iter().map(|(_, column)| column).collect(),
        });
    }
    Ok(shapes)
}

/// An SQL identifier, quoted.
pub(super) fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// A string literal, quoted.
pub(super) fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

impl TableShape {
    /// The expression of a row's image; `row` is a prefix such as `NEW.` or empty.
    pub fn image_sql(&self, row: &str) -> String {
        let mut parts = Vec::new();
        for (column, blob) in &self.columns {
            let value = format!("{row}{}", quoted(column));
            if *blob {
                parts.push(format!(
                    "{}, {SHA256_FUNCTION}({value}), {}, length({value})",
                    literal(&format!("{column}_sha256")),
                    literal(&format!("{column}_size"))
                ));
            } else {
                parts.push(format!("{}, {value}", literal(column)));
            }
        }
        format!("json_object({})", parts.join(", "))
    }

    /// The expression of a row's key as text.
    pub fn key_sql(&self, row: &str) -> String {
        match self.key_columns.as_slice() {
            [] => format!("CAST({row}rowid AS TEXT)"),
            [column] => format!("CAST({row}{} AS TEXT)", quoted(column)),
            columns => {
                let values: Vec<String> = columns
                    .iter()
                    .map(|column| format!("{row}{}", quoted(column)))
                    .collect();
                format!("json_array({})", values.join(", "))
            }
        }
    }

    /// Every row's key and image, in key order.
    pub fn read(&self, conn: &Connection) -> Result<Vec<(String, String)>> {
        let order = match self.key_columns.as_slice() {
            [] => "rowid".to_string(),
            columns => columns
                .iter()
                .map(|column| quoted(column))
                .collect::<Vec<_>>()
                .join(", "),
        };
        let mut statement = conn.prepare(&format!(
            "SELECT {}, {} FROM {} ORDER BY {order}",
            self.key_sql(""),
            self.image_sql(""),
            quoted(&self.name)
        ))?;
        let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Folds every row of the table into `digest`, without keeping the rows.
    pub fn add_to(&self, conn: &Connection, digest: &mut StateDigest) -> Result<()> {
        let mut statement = conn.prepare(&format!(
            "SELECT {}, {} FROM {}",
            self.key_sql(""),
            self.image_sql(""),
            quoted(&self.name)
        ))?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            let key = row.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
            let image = row.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?;
            digest.add(&StateDigest::row(&self.name, key, image));
        }
        Ok(())
    }
}

/// The digest of every row of every data table, as the log's head should record it.
pub(super) fn data_digest(conn: &Connection) -> Result<StateDigest> {
    register_functions(conn)?;
    let mut digest = StateDigest::default();
    for table in tables(conn)? {
        table.add_to(conn, &mut digest)?;
    }
    Ok(digest)
}
