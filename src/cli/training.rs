//! `hipaa-ra training import PATH FILE.csv` (the course matrix: one row per job role, one
//! column per course, `x` where required; see `exchange::training`) and `training export
//! PATH` (each person's training: person, role, course, last completed, due, status).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::Subcommand;
use color_eyre::eyre::{Result, eyre};

use crate::store::Store;
use crate::store::training::{NEW_COURSE_DAYS, NEW_COURSE_MONTHS};
use crate::terminal::escaped;

#[derive(Debug, Subcommand)]
pub enum TrainingCommand {
    /// Import the course matrix from a CSV: the first column the job roles, one column per
    /// course, `x` (or yes, a tick) where the role must take it. Courses not yet recorded
    /// are added (yearly, due within 30 days of hire). All cells or none.
    Import { path: PathBuf, file: PathBuf },
    /// Write each person's training as CSV to standard output: person, role, course, last
    /// completed, due, status (current, upcoming, overdue, no hire date).
    Export {
        path: PathBuf,
        /// The day statuses are worked out for (default: today).
        #[arg(long)]
        date: Option<NaiveDate>,
    },
}

pub fn run(command: TrainingCommand, today: NaiveDate) -> Result<ExitCode> {
    match command {
        TrainingCommand::Import { path, file } => import(&path, &file),
        TrainingCommand::Export { path, date } => export(&path, date.unwrap_or(today)),
    }
}

fn import(path: &Path, file: &Path) -> Result<ExitCode> {
    let mut store = Store::open(path)?;
    let bytes = crate::exchange::limits::read_limited(file, crate::exchange::limits::MAX_CSV_BYTES, "a CSV import")
        .map_err(|error| eyre!(error))?;
    let matrix =
        crate::exchange::training::parse_matrix(&bytes).map_err(|error| eyre!("{}: {error}", file.display()))?;
    if !matrix.ignored.is_empty() {
        let names: Vec<String> = matrix
            .ignored
            .iter()
            .map(|title| format!("`{}`", escaped(title)))
            .collect();
        eprintln!(
            "hipaa-ra: {}: ignored the note column{} {}",
            file.display(),
            if names.len() == 1 { "" } else { "s" },
            names.join(", ")
        );
    }
    let counts = store
        .import_course_matrix(&matrix.cells)
        .map_err(|error| eyre!("{}: {error}", file.display()))?;
    println!(
        "Imported the course matrix from {} into {}: {} required, {} no longer required, {} unchanged",
        file.display(),
        path.display(),
        counts.required,
        counts.removed,
        counts.unchanged
    );
    if !counts.courses_added.is_empty() {
        let names: Vec<String> = counts
            .courses_added
            .iter()
            .map(|title| format!("\"{}\"", escaped(title)))
            .collect();
        println!(
            "Added {} course{}: {} (every {NEW_COURSE_MONTHS} months, due within {NEW_COURSE_DAYS} days of hire; \
             change that on the Training screen)",
            names.len(),
            if names.len() == 1 { "" } else { "s" },
            names.join(", ")
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn export(path: &Path, day: NaiveDate) -> Result<ExitCode> {
    let store = Store::open_to_print_checked(path)?;
    let current = store.current_assessment_id()?;
    let signed = store.signed_report(current)?.is_some();
    let checked = super::status::read_checked(&store, current, signed, day, |store| {
        Ok((store.people()?, store.training()?))
    })?;
    let (people, training) = checked.rows;
    let people: Vec<_> = people
        .into_iter()
        .filter(|person| person.removed_on.is_none())
        .collect();
    crate::exchange::training::write_training_csv(std::io::stdout().lock(), &training, &people, day, checked.status)?;
    super::status::warn_if_draft(checked.status, "the training written to standard output");
    Ok(ExitCode::SUCCESS)
}
