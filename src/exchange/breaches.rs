//! The log of breaches of fewer than 500 individuals discovered in a calendar year
//! (§164.408(c)) as CSV: `hipaa-ra breaches` and the audit binder write it.

use color_eyre::eyre::{Result, eyre};

use crate::domain::breach::{notification_deadline, small_breach_log};
use crate::domain::incident::Incident;

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

/// The log of `year` as CSV bytes (UTF-8, no byte-order mark, a heading row); text cells
/// are spreadsheet-safe, as in every export.
pub fn log_csv(incidents: &[Incident], year: i32) -> Result<Vec<u8>> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(HEADINGS)?;
    for incident in small_breach_log(incidents, year) {
        writer.write_record(
            row(incident)
                .iter()
                .map(|cell| super::limits::spreadsheet_safe(cell).into_owned()),
        )?;
    }
    writer.into_inner().map_err(|error| eyre!("{error}"))
}
