//! `hipaa-ra due PATH [--within DAYS] [--format text|json|ics] [-o FILE]`: the program's
//! recurring obligations overdue on the date, then those due within DAYS (30 unless
//! given), from the one calendar (`domain::calendar`). Text and JSON go to standard
//! output unless `-o`; `ics` is an iCalendar file for calendar apps. Files are written
//! through the safe writer. Reads only, without the edit lock.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use chrono::NaiveDate;
use color_eyre::eyre::Result;

use crate::domain::calendar::{Occurrence, Standing, distance_in_words};
use crate::store::Store;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DueFormat {
    Text,
    Json,
    Ics,
}

pub fn run(path: &Path, within: u32, format: DueFormat, output: Option<&Path>, today: NaiveDate) -> Result<ExitCode> {
    let store = Store::open_to_print_checked(path)?;
    // Only data the change log covers, as every export.
    store.refuse_uncovered_of(store.current_assessment_id()?)?;
    let workspace = store.snapshot()?;
    let due = crate::domain::calendar::due_within(&workspace, today, within);
    if format == DueFormat::Ics && due.is_empty() {
        // RFC 5545 asks a calendar for at least one event; an empty file would be refused
        // by strict readers, so none is written.
        println!("Nothing is overdue or due within {within} days: no iCalendar file written");
        return Ok(ExitCode::SUCCESS);
    }
    let bytes = match format {
        DueFormat::Text => text(&due, today, within).into_bytes(),
        DueFormat::Json => crate::exchange::calendar::due_json(&due, today, within)?.into_bytes(),
        DueFormat::Ics => crate::exchange::calendar::ics(&due, today, &workspace.practice.name).into_bytes(),
    };
    match output {
        Some(output) => {
            crate::output::write(output, &bytes, crate::output::Rules::replacing(Some(path)))?;
            println!("Wrote {} to {}", counted(&due, today), output.display());
        }
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(&bytes)?;
            out.flush()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// "2 overdue, 3 due within 30 days" style count of what was written.
fn counted(due: &[Occurrence], today: NaiveDate) -> String {
    let overdue = due.iter().filter(|item| item.due < today).count();
    let soon = due.len() - overdue;
    format!("{overdue} overdue and {soon} coming due")
}

/// One line per occurrence, overdue first (the calendar is sorted by date, so overdue
/// ones already lead), then a summary line.
fn text(due: &[Occurrence], today: NaiveDate, within: u32) -> String {
    let mut out = String::new();
    for occurrence in due {
        let standing = match occurrence.standing(today, within) {
            Standing::Overdue => "OVERDUE",
            _ => "due",
        };
        let owner = occurrence
            .owner
            .as_deref()
            .map_or_else(String::new, |owner| format!(" (owner: {})", one_line(owner)));
        out.push_str(&format!(
            "{standing} {} {}: {}{owner}, {}\n",
            occurrence.due,
            occurrence.kind.label(),
            one_line(&occurrence.what),
            distance_in_words(occurrence.due, today)
        ));
    }
    let overdue = due.iter().filter(|item| item.due < today).count();
    out.push_str(&format!(
        "{overdue} overdue, {} due within {within} days of {today}\n",
        due.len() - overdue
    ));
    out
}

/// Record names come from the user: a line break in one must not split a line.
fn one_line(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}
