//! `hipaa-ra access import PATH --system NAME FILE.csv` (a system's user list into its
//! open access review, started when none is open; `--reviewer` and `--cycle-months` set
//! that review's), `hipaa-ra access record PATH ...` (access granted, changed or revoked
//! outside a review, and who approved it) and `hipaa-ra access export PATH`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::Subcommand;
use color_eyre::eyre::{Result, eyre};

use super::status;
use crate::domain::access::{AccessEvent, AccessEventKind};
use crate::domain::{Id, Labeled};
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
        /// Who reviews this list: a person of the workforce, by name.
        #[arg(long, value_name = "NAME")]
        reviewer: Option<String>,
        /// Months from this review's completion to the next one due (default: the
        /// system's last cycle, or 3).
        #[arg(long, value_name = "MONTHS")]
        cycle_months: Option<u32>,
    },
    /// Record access granted, changed or revoked outside a review, and who approved it.
    Record {
        path: PathBuf,
        /// The system: an asset of the inventory, by name.
        #[arg(long, value_name = "NAME")]
        system: String,
        /// Whose access: a person of the workforce, by name.
        #[arg(long, value_name = "NAME")]
        person: String,
        #[arg(long, value_enum)]
        kind: EventKindArg,
        /// The day it was done (YYYY-MM-DD; default today).
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        /// Who approved it: a person of the workforce, by name.
        #[arg(long, value_name = "NAME")]
        approved_by: Option<String>,
        #[arg(long, value_name = "TEXT", default_value = "")]
        note: String,
    },
    /// Write every access review's accounts (change, flags, decision) as CSV to standard
    /// output.
    Export { path: PathBuf },
}

/// The kinds of access change, as the command line spells them.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum EventKindArg {
    Grant,
    Change,
    Revoke,
}

impl EventKindArg {
    fn kind(self) -> AccessEventKind {
        match self {
            EventKindArg::Grant => AccessEventKind::Granted,
            EventKindArg::Change => AccessEventKind::Changed,
            EventKindArg::Revoke => AccessEventKind::Revoked,
        }
    }
}

pub fn run(command: AccessCommand, today: NaiveDate) -> Result<ExitCode> {
    match command {
        AccessCommand::Import {
            path,
            system,
            file,
            reviewer,
            cycle_months,
        } => import(
            &path,
            &ImportRequest {
                system,
                file,
                reviewer,
                cycle_months,
            },
            today,
        ),
        AccessCommand::Record {
            path,
            system,
            person,
            kind,
            date,
            approved_by,
            note,
        } => {
            let mut store = Store::open(path.as_path())?;
            // Nothing is added to a workspace its log does not cover.
            store.refuse_uncovered()?;
            let date = match date {
                Some(text) => crate::domain::parse::parse_date(&text).map_err(|problem| eyre!("--date: {problem}"))?,
                None => today,
            };
            let event = AccessEvent {
                id: 0,
                person_id: person_id(&store, "--person", &person)?,
                system: system_name(&store, &system).map_err(|error| eyre!("--system: {error}"))?,
                kind: kind.kind(),
                date,
                approved_by: approved_by
                    .map(|name| person_id(&store, "--approved-by", &name))
                    .transpose()?,
                notes: note,
            };
            store.add_access_event(&event)?;
            let people = store.people()?;
            let name = |id: Id| {
                people
                    .iter()
                    .find(|person| person.id == id)
                    .map_or_else(String::new, |person| person.name.clone())
            };
            let approved = event.approved_by.map_or_else(
                || "no approver named".to_string(),
                |id| format!("approved by {}", name(id)),
            );
            println!(
                "Recorded in {}: access {} for {} on \"{}\", {} ({approved})",
                path.display(),
                event.kind.label().to_lowercase(),
                escaped(&name(event.person_id)),
                escaped(&event.system),
                event.date,
            );
            Ok(ExitCode::SUCCESS)
        }
        AccessCommand::Export { path } => export(&path, today),
    }
}

/// The person of the workforce named `name` (any case; not one removed), or the error
/// naming the option and a few of the names there are.
fn person_id(store: &Store, option: &str, name: &str) -> Result<Id> {
    let people = store.people()?;
    let current = || people.iter().filter(|person| person.removed_on.is_none());
    if let Some(person) = current().find(|person| person.name.trim().eq_ignore_ascii_case(name.trim())) {
        return Ok(person.id);
    }
    let known: Vec<String> = current().take(8).map(|person| format!("\"{}\"", person.name)).collect();
    Err(eyre!(
        "{option}: no person named \"{}\" in the workforce (people: {})",
        escaped(name.trim()),
        if known.is_empty() {
            "none".to_string()
        } else {
            escaped(&known.join(", ")).into_owned()
        }
    ))
}

/// What `access import` was asked to do.
struct ImportRequest {
    system: String,
    file: PathBuf,
    reviewer: Option<String>,
    cycle_months: Option<u32>,
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

fn import(path: &Path, request: &ImportRequest, today: NaiveDate) -> Result<ExitCode> {
    let mut store = Store::open(path)?;
    let system = system_name(&store, &request.system)?;
    let file = request.file.as_path();
    // The options are checked before anything is written: all or nothing.
    let reviewer = request
        .reviewer
        .as_deref()
        .map(|name| person_id(&store, "--reviewer", name))
        .transpose()?;
    if request
        .cycle_months
        .is_some_and(|months| !(1..=crate::domain::access::MAX_CYCLE_MONTHS).contains(&months))
    {
        return Err(eyre!(
            "--cycle-months: a review's cycle is 1 to {} months",
            crate::domain::access::MAX_CYCLE_MONTHS
        ));
    }
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
    if reviewer.is_some() || request.cycle_months.is_some() {
        let records = store.access_records()?;
        if let Some(review) = records.review(outcome.review_id) {
            let cycle = request.cycle_months.unwrap_or(review.cycle_months);
            let reviewer = reviewer.or(review.reviewer);
            store.set_access_review(review.id, reviewer, cycle)?;
            let who = reviewer.and_then(|id| store.person(id).ok()).map_or_else(
                || "no reviewer named".to_string(),
                |person| format!("reviewer {}", person.name),
            );
            println!("The review: {}, every {cycle} months", escaped(&who));
        }
    }
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
