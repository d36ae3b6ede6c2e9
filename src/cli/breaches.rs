//! `breaches PATH --year Y [-o FILE]`: the log of breaches of fewer than 500 individuals
//! discovered in a calendar year, which HHS receives within 60 days after the year ends
//! (§164.408(c)), as CSV: to standard output, or to a file through the safe writer. The
//! deadline is printed beside it (on standard error when the CSV goes to standard output,
//! so the CSV pipes cleanly).

use std::path::Path;
use std::process::ExitCode;

use color_eyre::eyre::{Result, eyre};

use crate::domain::breach::{log_deadline, notification_deadline, small_breach_log};
use crate::domain::incident::Incident;
use crate::store::Store;

/// The log's columns: no patient identifiers, only counts, categories and dates.
const HEADINGS: [&str; 11] = [
    "discovered",
    "occurred",
    "incident",
    "individuals_affected",
    "nature_and_extent_of_phi",
    "who_received_it",
    "acquired_or_viewed",
    "extent_mitigated",
    "notification_deadline",
    "individuals_notified",
    "hhs_notified",
];

fn date(on: Option<chrono::NaiveDate>) -> String {
    on.map(|on| on.to_string()).unwrap_or_default()
}

fn row(incident: &Incident) -> [String; 11] {
    [
        date(incident.discovered_on),
        date(incident.occurred_on),
        incident.title.clone(),
        incident
            .individuals_affected
            .map_or_else(String::new, |count| count.to_string()),
        incident.phi_nature.clone(),
        incident.recipient.clone(),
        incident.acquired_or_viewed.clone(),
        incident.mitigation.clone(),
        date(notification_deadline(incident)),
        date(incident.individuals_notified_on),
        date(incident.hhs_notified_on),
    ]
}

/// The log of `year` as CSV bytes (UTF-8, no byte-order mark, a heading row).
pub fn log_csv(incidents: &[Incident], year: i32) -> Result<Vec<u8>> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(HEADINGS)?;
    for incident in small_breach_log(incidents, year) {
        writer.write_record(row(incident))?;
    }
    writer.into_inner().map_err(|error| eyre!("{error}"))
}

pub fn run(path: &Path, year: i32, output: Option<&Path>) -> Result<ExitCode> {
    let deadline = log_deadline(year).ok_or_else(|| eyre!("{year} is not a year hipaa-ra can date"))?;
    let store = Store::open_to_print(path)?;
    let incidents = store.incidents()?;
    let count = small_breach_log(&incidents, year).len();
    let bytes = log_csv(&incidents, year)?;
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
