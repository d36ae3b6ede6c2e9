//! `hipaa-ra access import PATH --system NAME FILE.csv` (a system's user list into its
//! open access review, started when none is open) and `hipaa-ra access export PATH`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::Subcommand;
use color_eyre::eyre::{Result, eyre};

use super::status;
use crate::store::Store;
use crate::terminal::escaped;

#[derive(Debug, Subcommand)]
pub enum AccessCommand {
    /// Import a system's user list (CSV exported from the EHR, email or a directory) into
    /// that system's open access review, starting one when none is open (all rows or none).
    /// Columns hipaa-ra does not keep are ignored and named on standard error.
    Import {
        path: PathBuf,
        /// The system: an asset of the inventory, by name.
        #[arg(long, value_name = "NAME")]
        system: String,
        file: PathBuf,
    },
    /// Write every access review's accounts (change, flags, decision) as CSV to standard
    /// output.
    Export { path: PathBuf },
}

pub fn run(command: AccessCommand, today: NaiveDate) -> Result<ExitCode> {
    match command {
        AccessCommand::Import { path, system, file } => import(&path, &system, &file, today),
        AccessCommand::Export { path } => export(&path, today),
    }
}

/// The inventory's name for `system` (any case), or the error naming the assets there are.
pub fn system_name(store: &Store, system: &str) -> Result<String> {
    let assessment = store.current_assessment_id()?;
    let assets = store.assets(assessment)?;
    if let Some(asset) = assets
        .iter()
        .find(|asset| asset.name.trim().eq_ignore_ascii_case(system.trim()))
    {
        return Ok(asset.name.clone());
    }
    let known: Vec<String> = assets
        .iter()
        .filter(|asset| asset.in_scope())
        .take(8)
        .map(|asset| format!("\"{}\"", asset.name))
        .collect();
    Err(eyre!(
        "no asset named \"{}\" in the inventory (ePHI systems: {})",
        escaped(system.trim()),
        if known.is_empty() {
            "none".to_string()
        } else {
            escaped(&known.join(", ")).into_owned()
        }
    ))
}

fn import(path: &Path, system: &str, file: &Path, today: NaiveDate) -> Result<ExitCode> {
    let mut store = Store::open(path)?;
    let system = system_name(&store, system)?;
    let bytes = crate::exchange::limits::read_limited(file, crate::exchange::limits::MAX_CSV_BYTES, "a CSV import")
        .map_err(|error| eyre!(error))?;
    // All or nothing: the list is parsed whole, then written in one transaction.
    let list =
        crate::exchange::access::parse_user_list(&bytes).map_err(|error| eyre!("{}: {error}", file.display()))?;
    if let Some(line) = list.ignored_line() {
        eprintln!("hipaa-ra: {}: {}", file.display(), escaped(&line));
    }
    let outcome = store.import_access_list(&system, &list.accounts, today)?;
    let review = if outcome.started {
        "started a review"
    } else {
        "filled the open review"
    };
    println!(
        "Imported {} accounts of \"{}\" from {} into {} ({review}): {} added, {} updated, {} no longer listed",
        list.accounts.len(),
        escaped(&system),
        file.display(),
        path.display(),
        outcome.added,
        outcome.updated,
        outcome.dropped
    );
    let records = store.access_records()?;
    let people = store.people()?;
    if let Some(review) = records.review(outcome.review_id) {
        let comparison = crate::domain::access::compare(&records, review);
        let flagged: Vec<String> = records
            .accounts_of(review.id)
            .filter_map(|account| {
                let flags = crate::domain::access::flags(account, review, &people);
                let labels: Vec<&str> = flags.iter().map(|flag| flag.label()).collect();
                (!labels.is_empty()).then(|| format!("{} ({})", account.user, labels.join(", ")))
            })
            .collect();
        println!(
            "Since the last completed review: {} new, {} removed, {} unchanged",
            comparison.new,
            comparison.removed.len(),
            comparison.unchanged
        );
        // A long list would bury the rest: the first ten, and where the others are.
        const SHOWN: usize = 10;
        match flagged.len() {
            0 => {}
            count if count <= SHOWN => println!("Flagged: {}", escaped(&flagged.join("; "))),
            count => println!(
                "Flagged: {}; and {} more (`hipaa-ra access export` lists every account)",
                escaped(&flagged[..SHOWN].join("; ")),
                count - SHOWN
            ),
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn export(path: &Path, today: NaiveDate) -> Result<ExitCode> {
    let store = Store::open_to_print_checked(path)?;
    let current = store.current_assessment_id()?;
    let signed = store.signed_report(current)?.is_some();
    let checked = status::read_checked(&store, current, signed, today, |store| {
        Ok((store.access_records()?, store.people()?))
    })?;
    let (records, people) = checked.rows;
    let stdout = std::io::stdout();
    crate::exchange::access::write_access_csv(stdout.lock(), &records, &people, checked.status)?;
    Ok(ExitCode::SUCCESS)
}
