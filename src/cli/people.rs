//! `hipaa-ra people import PATH FILE.csv` and `people export PATH`: the workforce as a
//! spreadsheet. The import follows the inventory's rules: headings in any case (with the
//! usual payroll and HR names, `exchange::people`), a row named like a person updates
//! them in the file's columns only, unknown columns named on standard error and ignored,
//! all rows or none, an error naming the file, line and column, and a non-zero exit
//! leaving the workspace unchanged.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::Subcommand;
use color_eyre::eyre::{Result, eyre};

use crate::domain::Person;
use crate::store::Store;
use crate::terminal::escaped;

#[derive(Debug, Subcommand)]
pub enum PeopleCommand {
    /// Import the workforce from a CSV (a payroll or HR export: name, job title, hire and
    /// termination dates, type, supervisor, email), all rows or none. A row named like a
    /// person updates them; columns hipaa-ra does not keep are named and ignored.
    Import { path: PathBuf, file: PathBuf },
    /// Write the workforce as CSV to standard output (re-imports as it is).
    Export { path: PathBuf },
}

pub fn run(command: PeopleCommand, today: NaiveDate) -> Result<ExitCode> {
    match command {
        PeopleCommand::Import { path, file } => import(&path, &file),
        PeopleCommand::Export { path } => export(&path, today),
    }
}

fn import(path: &Path, file: &Path) -> Result<ExitCode> {
    let mut store = Store::open(path)?;
    let bytes = crate::exchange::limits::read_limited(file, crate::exchange::limits::MAX_CSV_BYTES, "a CSV import")
        .map_err(|error| eyre!(error))?;
    let table = crate::exchange::parse_table::<Person>(&bytes).map_err(|error| eyre!("{}: {error}", file.display()))?;
    for (index, (person, _)) in table.rows.iter().enumerate() {
        if let (Some(hired), Some(left)) = (person.hire_date, person.termination_date)
            && left < hired
        {
            // The file's line, as every other import error names it (with the person).
            let line = table.lines.get(index).copied().unwrap_or_default();
            return Err(eyre!(
                "{}: line {line} ({}): termination_date: {left} is before the hire date {hired}; nothing was imported",
                file.display(),
                escaped(&person.name),
            ));
        }
    }
    if let Some(line) = table.ignored_line() {
        eprintln!("hipaa-ra: {}: {}", file.display(), escaped(&line));
    }
    let counts = store
        .import_people(&table)
        .map_err(|error| eyre!("{}: {error}", file.display()))?;
    println!(
        "Imported {} people from {} into {}: {counts}",
        table.rows.len(),
        file.display(),
        path.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn export(path: &Path, today: NaiveDate) -> Result<ExitCode> {
    let store = Store::open_to_print_checked(path)?;
    let current = store.current_assessment_id()?;
    let signed = store.signed_report(current)?.is_some();
    let checked = super::status::read_checked(&store, current, signed, today, |store| store.people())?;
    let people: Vec<Person> = checked
        .rows
        .iter()
        .filter(|person| person.removed_on.is_none())
        .cloned()
        .collect();
    let names: std::collections::HashMap<crate::domain::Id, String> = checked
        .rows
        .iter()
        .map(|person| (person.id, person.name.clone()))
        .collect();
    let name = |id: Option<crate::domain::Id>| id.and_then(|id| names.get(&id).cloned()).unwrap_or_default();
    crate::exchange::write_csv(std::io::stdout().lock(), &people, &name, checked.status)?;
    super::status::warn_if_draft(checked.status, "the workforce written to standard output");
    Ok(ExitCode::SUCCESS)
}
