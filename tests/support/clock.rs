//! The one "today" of the tests: the date the workspaces are made on, the binaries are
//! told (`HIPAA_RA_TODAY`, `--date`) and the reports are dated, so every snapshot and
//! every computed due date is stable.
#![allow(dead_code)]

use chrono::NaiveDate;

/// Today, as the binaries under test are told it.
pub const TODAY: &str = "2026-11-23";

/// Today, as the library is handed it.
pub fn today() -> NaiveDate {
    NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").expect("TODAY is a date")
}
