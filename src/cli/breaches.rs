//! `breaches PATH --year Y [-o FILE]`: the log of breaches of fewer than 500 individuals
//! discovered in a calendar year, which HHS receives within 60 days after the year ends
//! (§164.408(c)), as CSV: to standard output, or to a file through the safe writer. The
//! deadline is printed beside it (on standard error when the CSV goes to standard output,
//! so the CSV pipes cleanly).

use std::path::Path;
use std::process::ExitCode;

use color_eyre::eyre::{Result, eyre};

use crate::domain::breach::{log_deadline, small_breach_log};
use crate::store::Store;

pub fn run(path: &Path, year: i32, output: Option<&Path>) -> Result<ExitCode> {
    let deadline = log_deadline(year).ok_or_else(|| eyre!("{year} is not a year hipaa-ra can date"))?;
    let store = Store::open_to_print_checked(path)?;
    let incidents = store.incidents()?;
    let count = small_breach_log(&incidents, year).len();
    let bytes = crate::exchange::breaches::log_csv(&incidents, year)?;
    let note = format!(
        "{count} breach{} of fewer than 500 individuals discovered in {year}: report them to HHS by {deadline} \
         (60 days after the end of the year, §164.408(c))",
        if count == 1 { "" } else { "es" }
    );
    match output {
        Some(output) => {
            crate::output::write(output, &bytes, crate::output::Rules::replacing(Some(path)))?;
            println!("Wrote the {year} breach log to {}", output.display());
            println!("{note}");
        }
        None => {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            out.write_all(&bytes)?;
            out.flush()?;
            eprintln!("{note}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
