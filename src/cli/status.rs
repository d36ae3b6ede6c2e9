//! The warning every command that writes an output of a draft prints on standard error:
//! one line, whatever the format (PDF, JSON, CSV, the workbook, OSCAL, the exports), the
//! exit code unchanged. The output itself says DRAFT too (`domain::Status`); the warning
//! is for whoever runs the command and would not open the file.
//!
//! The exports also take their status here, computed beside their query (`read_checked`).

use std::path::Path;

use chrono::NaiveDate;

use crate::catalog::Catalog;
use crate::domain::{Status, Workspace};
use crate::store::{Reader, Store, StoreError};

/// The status of an output read straight from the workspace rather than from a report
/// model: as the report decides it, from the findings on `today` (draft while a blocking
/// finding is open, `domain::blocking_open`); a signed year is final (its report is the
/// one kept as signed).
pub fn of(workspace: &Workspace, signed: bool, today: NaiveDate) -> Status {
    if signed || !crate::domain::blocking_open(workspace, Catalog::embedded(), today) {
        Status::Final
    } else {
        Status::Draft
    }
}

/// What an export read, with the status of the data it read.
pub struct Checked<T> {
    pub status: Status,
    pub rows: T,
}

/// Which moment of the file a read saw: the change log's last row.
type Head = Option<(i64, String)>;

/// Reads an export's rows with `rows` on `store` while, beside it on a connection of its
/// own, the status is taken from the findings of a snapshot (`of`), so the export waits
/// for the longer of the two rather than their sum and never builds the report. The data
/// check is of the rows the export prints, `assessment`'s and the shared ones: the one
/// `store` ran when it opened (`Store::open_to_print`; `Store::refuse_uncovered_of`
/// remembers it, and checks again if the file changed since), in the same read as the
/// rows. The rows
/// come back only when both reads saw the same moment of the file (the same log head):
/// an editor saving in between makes it try again, then do both on `store`'s one
/// connection, as it does when no second connection can be opened.
pub fn read_checked<T>(
    store: &Reader,
    assessment: crate::domain::Id,
    signed: bool,
    today: NaiveDate,
    rows: impl Fn(&Store) -> Result<T, StoreError>,
) -> Result<Checked<T>, StoreError> {
    let status_of = |store: &Store| -> Result<(Status, Head), StoreError> {
        if signed {
            return Ok((Status::Final, store.log_head()?));
        }
        let workspace = store.snapshot()?;
        Ok((of(&workspace, signed, today), store.log_head()?))
    };
    let checked_rows = |store: &Store| -> Result<(T, Head), StoreError> {
        store.refuse_uncovered_of(assessment)?;
        Ok((rows(store)?, store.log_head()?))
    };
    for _ in 0..2 {
        let Ok(assessor) = store.sibling() else {
            break;
        };
        let (read, status) = std::thread::scope(|scope| {
            let status = scope.spawn(move || assessor.reading(status_of));
            let read = store.reading(checked_rows);
            let stopped = || StoreError::Invalid("a check of the file stopped unexpectedly".to_string());
            (read, status.join().unwrap_or_else(|_| Err(stopped())))
        });
        // The check's verdict first: refused data explains any other failure.
        let (rows, head) = read?;
        let (status, status_head) = status?;
        if status_head == head {
            return Ok(Checked { status, rows });
        }
    }
    store.reading(|store| {
        let (rows, _) = checked_rows(store)?;
        let (status, _) = status_of(store)?;
        Ok(Checked { status, rows })
    })
}

/// Prints the warning for `what` when `status` is a draft; nothing for a final one.
pub fn warn_if_draft(status: Status, what: &str) {
    if status.is_draft() {
        eprintln!("{}", warning(what));
    }
}

/// `warning: report.pdf: DRAFT for review, not approved: blocking findings remain;
/// `hipaa-ra check` lists them`.
pub fn warning(what: &str) -> String {
    format!("warning: {what}: {}; `hipaa-ra check` lists them", Status::Draft.line())
}

/// Files as the warning names them, escaped for the terminal: `a.csv and b.csv`.
pub fn files(files: &[impl AsRef<Path>]) -> String {
    let names: Vec<String> = files
        .iter()
        .map(|file| super::escaped(&file.as_ref().display().to_string()).into_owned())
        .collect();
    names.join(" and ")
}
