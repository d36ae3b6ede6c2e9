//! SQL for any record described by its field enum (`domain::record`): the columns, the
//! row read by column name, and the INSERT and UPDATE, all derived from the fields, so a
//! new field needs only its migration here.

use rusqlite::Row;
use rusqlite::types::Value as Sql;

use super::sql::date_text;
use super::{Result, StoreError};
use crate::domain::record::{Field, Record, Value, ValueKind};
use crate::domain::{EphiActions, Id};

/// The stored columns of a record's fields, in field order.
pub(super) fn field_columns<R: Record>() -> Vec<&'static str> {
    <R::Field as Field>::ALL
        .iter()
        .flat_map(|field| field.spec().columns.iter().copied())
        .collect()
}

/// `SELECT id, <frame columns>, <field columns> FROM <table>`: the start of every query
/// that reads whole records. `frame` are the columns outside the fields (the parent id).
pub(super) fn select<R: Record>(frame: &[&str]) -> String {
    let mut columns = vec!["id"];
    columns.extend_from_slice(frame);
    columns.extend(field_columns::<R>());
    format!("SELECT {} FROM {}", columns.join(", "), R::TABLE)
}

/// A record read from a row of `select`, by column name: the id and every field.
pub(super) fn read<R: Record>(row: &Row<'_>) -> rusqlite::Result<R> {
    let mut record = R::default();
    record.set_id(row.get("id")?);
    let mut columns = Columns::new(row);
    for field in <R::Field as Field>::ALL {
        let spec = field.spec();
        let value = read_value(row, spec.kind, spec.columns, &mut columns)?;
        field.set(&mut record, value).map_err(|error| {
            rusqlite::Error::FromSqlConversionFailure(
                0,
                rusqlite::types::Type::Text,
                format!("{}.{}: {error}", R::TABLE, spec.key).into(),
            )
        })?;
    }
    Ok(record)
}

/// Finds a row's columns by name. `select` lists a record's field columns one after the
/// other, so the column after the last one found is tried first (one comparison of its
/// name) before the name is looked up among them all: by name, at the cost of position.
struct Columns<'a, 'row> {
    row: &'a Row<'row>,
    next: Option<usize>,
}

impl<'a, 'row> Columns<'a, 'row> {
    fn new(row: &'a Row<'row>) -> Self {
        Columns { row, next: None }
    }

    fn index(&mut self, name: &str) -> rusqlite::Result<usize> {
        let statement = self.row.as_ref();
        let index = match self.next {
            Some(next) if statement.column_name(next).is_ok_and(|found| found == name) => next,
            _ => statement.column_index(name)?,
        };
        self.next = Some(index + 1);
        Ok(index)
    }
}

fn read_value(row: &Row<'_>, kind: ValueKind, names: &[&str], columns: &mut Columns) -> rusqlite::Result<Value> {
    let name = names[0];
    let column = columns.index(name)?;
    Ok(match kind {
        ValueKind::Text { .. } => Value::Text(row.get::<_, Option<String>>(column)?.unwrap_or_default()),
        ValueKind::Count => {
            let count: Option<i64> = row.get(column)?;
            Value::Count(count.and_then(|count| u64::try_from(count).ok()))
        }
        ValueKind::Date => {
            let text: Option<String> = row.get(column)?;
            Value::Date(
                text.map(|text| {
                    chrono::NaiveDate::parse_from_str(&text, "%Y-%m-%d")
                        .map_err(|_| conversion_error(name, format!("bad date `{text}`")))
                })
                .transpose()?,
            )
        }
        ValueKind::Choice { choices, .. } => {
            let text: Option<String> = row.get(column)?;
            match text {
                None => Value::Choice(None),
                Some(text) => {
                    let key = choices
                        .iter()
                        .map(|(key, _)| *key)
                        .find(|key| *key == text)
                        .ok_or_else(|| conversion_error(name, format!("unknown value `{text}`")))?;
                    Value::Choice(Some(key))
                }
            }
        }
        ValueKind::Person => Value::Person(row.get(column)?),
        ValueKind::Ephi => Value::Ephi(EphiActions {
            create: row.get(column)?,
            receive: row.get(columns.index(names[1])?)?,
            maintain: row.get(columns.index(names[2])?)?,
            transmit: row.get(columns.index(names[3])?)?,
        }),
    })
}

fn conversion_error(column: &str, message: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("column {column}: {message}").into(),
    )
}

/// The SQL values of a record's fields, column by column.
pub(super) fn field_values<R: Record>(record: &R) -> Result<Vec<(&'static str, Sql)>> {
    let mut values = Vec::new();
    for field in <R::Field as Field>::ALL {
        let spec = field.spec();
        match (field.get(record), spec.kind) {
            (Value::Text(text), ValueKind::Text { null_when_empty, .. }) => {
                let value = if null_when_empty && text.is_empty() {
                    Sql::Null
                } else {
                    Sql::Text(text)
                };
                values.push((spec.columns[0], value));
            }
            (Value::Count(count), _) => {
                let count = count
                    .map(|count| {
                        i64::try_from(count)
                            .map_err(|_| StoreError::Invalid(format!("{} {count} is too large", spec.label)))
                    })
                    .transpose()?;
                values.push((spec.columns[0], count.map_or(Sql::Null, Sql::Integer)));
            }
            (Value::Date(date), _) => values.push((spec.columns[0], date_text(date).map_or(Sql::Null, Sql::Text))),
            (Value::Choice(key), _) => {
                values.push((spec.columns[0], key.map_or(Sql::Null, |key| Sql::Text(key.to_string()))))
            }
            (Value::Person(id), _) => values.push((spec.columns[0], id.map_or(Sql::Null, Sql::Integer))),
            (Value::Ephi(ephi), _) => {
                for (column, on) in spec
                    .columns
                    .iter()
                    .zip([ephi.create, ephi.receive, ephi.maintain, ephi.transmit])
                {
                    values.push((column, Sql::Integer(i64::from(on))));
                }
            }
            (Value::Text(text), _) => values.push((spec.columns[0], Sql::Text(text))),
        }
    }
    Ok(values)
}

/// Inserts a record with its frame columns (the parent id), keeping its id unless it is 0
/// (then SQLite assigns one); returns the id.
pub(super) fn insert<R: Record>(conn: &rusqlite::Connection, record: &R, frame: &[(&str, Sql)]) -> Result<Id> {
    let mut values: Vec<(&str, Sql)> = vec![(
        "id",
        if record.id() == 0 {
            Sql::Null
        } else {
            Sql::Integer(record.id())
        },
    )];
    values.extend(frame.iter().cloned());
    values.extend(field_values(record)?);
    let columns: Vec<&str> = values.iter().map(|(column, _)| *column).collect();
    let marks: Vec<String> = (1..=values.len()).map(|index| format!("?{index}")).collect();
    let sql = format!(
        "INSERT INTO {} ({}) VALUES ({})",
        R::TABLE,
        columns.join(", "),
        marks.join(", ")
    );
    conn.prepare_cached(&sql)?
        .execute(rusqlite::params_from_iter(values.into_iter().map(|(_, value)| value)))?;
    Ok(conn.last_insert_rowid())
}

/// Updates every field (and the frame columns) of the record with its id.
pub(super) fn update<R: Record>(conn: &rusqlite::Connection, record: &R, frame: &[(&str, Sql)]) -> Result<()> {
    let mut values: Vec<(&str, Sql)> = frame.to_vec();
    values.extend(field_values(record)?);
    let sets: Vec<String> = values
        .iter()
        .enumerate()
        .map(|(index, (column, _))| format!("{column} = ?{}", index + 2))
        .collect();
    let sql = format!("UPDATE {} SET {} WHERE id = ?1", R::TABLE, sets.join(", "));
    let mut params = vec![Sql::Integer(record.id())];
    params.extend(values.into_iter().map(|(_, value)| value));
    conn.prepare_cached(&sql)?.execute(rusqlite::params_from_iter(params))?;
    Ok(())
}

/// A record the store keeps in its own table: the columns outside its fields (the parent's
/// id) and their values. Every kind of record the generic writes handle implements it.
pub trait Stored: Record {
    /// The columns outside the fields, read and written with them.
    const FRAME: &'static [&'static str];
    /// This record's values of the frame columns, in `FRAME` order.
    fn frame_values(&self) -> Vec<Sql>;
    /// Sets the frame values read from a row.
    fn read_frame(&mut self, row: &Row<'_>) -> rusqlite::Result<()>;
}

fn frame_of<R: Stored>(record: &R) -> Vec<(&'static str, Sql)> {
    R::FRAME.iter().copied().zip(record.frame_values()).collect()
}

/// `insert` of a stored record with its own frame values.
pub(super) fn insert_stored<R: Stored>(conn: &rusqlite::Connection, record: &R) -> Result<Id> {
    insert(conn, record, &frame_of(record))
}

/// `update` of a stored record with its own frame values.
pub(super) fn update_stored<R: Stored>(conn: &rusqlite::Connection, record: &R) -> Result<()> {
    update(conn, record, &frame_of(record))
}

/// A whole stored record, frame included, from a row of `select::<R>(R::FRAME)`.
pub(super) fn read_stored<R: Stored>(row: &Row<'_>) -> rusqlite::Result<R> {
    let mut record: R = read(row)?;
    record.read_frame(row)?;
    Ok(record)
}

/// Refuses a record a required field of which is blank, naming the field.
fn check_required<R: Record>(record: &R) -> Result<()> {
    for field in <R::Field as Field>::ALL {
        if let (ValueKind::Text { required: true, .. }, Value::Text(text)) = (field.kind(), field.get(record))
            && text.trim().is_empty()
        {
            return Err(StoreError::Invalid(format!(
                "{} {} cannot be empty",
                R::NOUN,
                field.spec().noun()
            )));
        }
    }
    Ok(())
}

impl super::Store {
    /// Every record of kind `R` whose frame column `column` is `value` (all of them when
    /// `column` is None), in id order.
    pub fn records<R: Stored>(&self, filter: Option<(&str, i64)>) -> Result<Vec<R>> {
        let mut sql = select::<R>(R::FRAME);
        if let Some((column, _)) = filter {
            if !R::FRAME.contains(&column) {
                return Err(StoreError::Invalid(format!("{} has no column {column}", R::TABLE)));
            }
            sql.push_str(&format!(" WHERE {column} = ?1"));
        }
        sql.push_str(" ORDER BY id");
        let mut statement = self.conn.prepare(&sql)?;
        let params: Vec<i64> = filter.map(|(_, value)| value).into_iter().collect();
        let rows = statement.query_map(rusqlite::params_from_iter(params), read_stored::<R>)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Adds the record (id 0) or saves every field of the one with its id, in one
    /// transaction; returns its id. A blank required field is refused.
    pub fn save_record<R: Stored>(&mut self, record: &R) -> Result<Id> {
        check_required(record)?;
        if record.id() == 0 {
            return self.write(|tx| insert_stored(tx.conn(), record));
        }
        let exists: bool = self.conn.query_row(
            &format!("SELECT EXISTS (SELECT 1 FROM {} WHERE id = ?1)", R::TABLE),
            [record.id()],
            |row| row.get(0),
        )?;
        if !exists {
            return Err(StoreError::Missing {
                entity: R::NOUN,
                id: record.id().to_string(),
            });
        }
        self.write(|tx| update_stored(tx.conn(), record))?;
        Ok(record.id())
    }
}
