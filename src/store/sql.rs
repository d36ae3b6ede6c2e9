//! Conversions between SQL values and domain values: dates as ISO text, closed
//! vocabularies as their keys. A value the domain does not know is reported as a
//! conversion error naming the column, never a panic.

use chrono::NaiveDate;
use rusqlite::Row;
use rusqlite::types::{FromSqlError, Type};

use crate::domain::Labeled;

fn conversion_error(index: usize, message: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(index, Type::Text, Box::new(FromSqlError::Other(message.into())))
}

/// A closed-vocabulary value stored by key.
pub(super) fn key<T: Labeled>(row: &Row<'_>, index: usize) -> rusqlite::Result<T> {
    let text: String = row.get(index)?;
    T::from_key(&text).ok_or_else(|| conversion_error(index, format!("unknown value `{text}`")))
}

pub(super) fn date(row: &Row<'_>, index: usize) -> rusqlite::Result<NaiveDate> {
    let text: String = row.get(index)?;
    NaiveDate::parse_from_str(&text, "%Y-%m-%d").map_err(|_| conversion_error(index, format!("bad date `{text}`")))
}

pub(super) fn optional_date(row: &Row<'_>, index: usize) -> rusqlite::Result<Option<NaiveDate>> {
    let text: Option<String> = row.get(index)?;
    text.map(|text| {
        NaiveDate::parse_from_str(&text, "%Y-%m-%d").map_err(|_| conversion_error(index, format!("bad date `{text}`")))
    })
    .transpose()
}

pub(super) fn date_text(date: Option<NaiveDate>) -> Option<String> {
    date.map(|date| date.format("%Y-%m-%d").to_string())
}

/// Level indices are small; stored as integers.
pub(super) fn optional_index(row: &Row<'_>, index: usize) -> rusqlite::Result<Option<usize>> {
    let value: Option<i64> = row.get(index)?;
    value
        .map(|value| usize::try_from(value).map_err(|_| conversion_error(index, format!("bad level {value}"))))
        .transpose()
}

pub(super) fn index_value(value: Option<usize>) -> Option<i64> {
    value.and_then(|value| i64::try_from(value).ok())
}

/// A count or amount as SQLite's integer, refusing one too large to store.
pub(super) fn whole(value: Option<u64>, what: &str) -> super::Result<Option<i64>> {
    value
        .map(|value| {
            i64::try_from(value).map_err(|_| super::StoreError::Invalid(format!("{what} {value} is too large")))
        })
        .transpose()
}
