//! The warning every command that writes an output of a draft prints on standard error:
//! one line, whatever the format (PDF, JSON, CSV, the workbook, OSCAL, the exports), the
//! exit code unchanged. The output itself says DRAFT too (`domain::Status`); the warning
//! is for whoever runs the command and would not open the file.

use std::path::Path;

use chrono::NaiveDate;

use crate::catalog::Catalog;
use crate::domain::{FindingCounts, Status, Workspace};

/// The status of an output read straight from the workspace rather than from a report
/// model (`assets export`): as the report decides it, from the findings on `today`; a
/// signed year is final (its report is the one kept as signed).
pub fn of(workspace: &Workspace, signed: bool, today: NaiveDate) -> Status {
    if signed {
        return Status::Final;
    }
    Status::of(FindingCounts::of(&crate::domain::findings(
        workspace,
        Catalog::embedded(),
        today,
    )))
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
