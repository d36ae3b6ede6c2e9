//! The `assessment` commands: `next` starts next year's assessment from the latest one,
//! `list` shows every assessment with its period and whether it is final and signed,
//! `remove` takes back a draft year started by mistake, `diff` prints what changed
//! between two of them.

use std::path::Path;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Subcommand, ValueEnum};
use color_eyre::eyre::{Result, eyre};

use crate::domain::{Labeled, StartReason};
use crate::store::{NextOptions, Store};

#[derive(Debug, Subcommand)]
pub enum AssessmentCommand {
    /// Start the next assessment from the latest one: everything carried forward is marked
    /// until confirmed, and last year's stays as it was.
    ///
    /// The period is the one after the latest's, for as many calendar months (a calendar
    /// year is followed by the next calendar year, leap years included); a period of part
    /// months by as many days.
    Next {
        path: std::path::PathBuf,
        #[arg(long)]
        title: Option<String>,
        /// First day of the period (YYYY-MM-DD; default: the day after the last one ended).
        #[arg(long, value_parser = crate::domain::parse::parse_date)]
        start: Option<NaiveDate>,
        /// Last day of the period (YYYY-MM-DD; default: as many months as the last one).
        #[arg(long, value_parser = crate::domain::parse::parse_date)]
        end: Option<NaiveDate>,
        /// Why it is started.
        #[arg(long, value_enum, default_value_t = Reason::Annual)]
        reason: Reason,
        /// The incident that starts this off-cycle analysis (its id, as the report and
        /// the Incidents screen number it): its scenarios are marked to score again.
        #[arg(long, value_name = "ID")]
        incident: Option<i64>,
        /// The reason in words.
        #[arg(long, value_name = "TEXT", default_value = "")]
        note: String,
    },
    /// List the assessments: id, title, period, final or draft, signed or not.
    List { path: std::path::PathBuf },
    /// Remove a draft year started by mistake, with everything `assessment next` carried
    /// into it, in one transaction whose every deleted row is in the change log.
    ///
    /// Refused (nothing changes) when the year is signed, when another assessment was
    /// carried forward from it, when it is the only one, or when it has changed since it
    /// was started. Unchanged means, in the change log: the rows from the one creating the
    /// assessment to the one making it the open assessment (`settings`
    /// `current_assessment`) are of one time and one author, and no later row touches its
    /// records: the assessment row; a row of its assets, safeguard reviews, scenarios,
    /// inventory prompts, acknowledgments, carry-forward marks or sign-offs (by
    /// `assessment_id`); an answer, scenario asset, action, coverage note or retired asset
    /// of its records; an evidence link to its scenarios or actions. Opening it does not
    /// count; a confirmation or any edit does. If it was open, the latest remaining one
    /// opens.
    Remove {
        path: std::path::PathBuf,
        /// The assessment's id, as `assessment list` shows it.
        id: i64,
    },
    /// Print what changed between two assessments (default: the open one and the one it
    /// was carried forward from).
    Diff {
        path: std::path::PathBuf,
        from: Option<i64>,
        to: Option<i64>,
        #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
        format: DiffFormat,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DiffFormat {
    Text,
    Json,
}

/// Why an assessment is started, as the command line spells it.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Reason {
    Annual,
    NewSystem,
    SecurityIncident,
    Breach,
    Change,
}

impl From<Reason> for StartReason {
    fn from(reason: Reason) -> StartReason {
        match reason {
            Reason::Annual => StartReason::Annual,
            Reason::NewSystem => StartReason::NewSystem,
            Reason::SecurityIncident => StartReason::SecurityIncident,
            Reason::Breach => StartReason::Breach,
            Reason::Change => StartReason::Change,
        }
    }
}

pub fn run(command: AssessmentCommand, today: NaiveDate) -> Result<ExitCode> {
    match command {
        AssessmentCommand::Next {
            path,
            title,
            start,
            end,
            reason,
            incident,
            note,
        } => next(
            &path,
            NextOptions {
                title,
                start,
                end,
                reason: reason.into(),
                incident,
                note,
            },
            today,
        ),
        AssessmentCommand::List { path } => list(&path),
        AssessmentCommand::Remove { path, id } => remove(&path, id),
        AssessmentCommand::Diff { path, from, to, format } => diff(&path, from, to, format),
    }
}

fn diff(path: &Path, from: Option<i64>, to: Option<i64>, format: DiffFormat) -> Result<ExitCode> {
    let store = Store::open_for_reading(path)?;
    let changes = store.reading(|store| {
        // Only data the change log covers, as `report`.
        store.refuse_uncovered()?;
        let to = match to {
            Some(id) => id,
            None => store.current_assessment_id()?,
        };
        let from = match from {
            Some(id) => id,
            None => store.assessment(to)?.carried_from.ok_or_else(|| {
                eyre!(
                    "{}: assessment {to} was not carried forward from another; name the one to compare with",
                    path.display()
                )
            })?,
        };
        Ok::<_, color_eyre::eyre::Report>(crate::domain::changes::changes(
            &store.snapshot_of(from)?,
            &store.snapshot_of(to)?,
        ))
    })?;
    let mut out = std::io::stdout().lock();
    use std::io::Write;
    match format {
        DiffFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &changes)?;
            writeln!(out)?;
        }
        DiffFormat::Text => {
            // Names come from users and imports: a control character in one is escaped,
            // never sent to the terminal.
            for line in changes.lines() {
                writeln!(out, "{}", super::escaped(&line))?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn next(path: &Path, options: NextOptions, today: NaiveDate) -> Result<ExitCode> {
    let mut store = Store::open(path)?;
    // A large inventory takes a moment to copy: a bar on standard error (a terminal only,
    // and only after half a second), as `report` shows.
    let mut bar = crate::progress::Bar::for_stderr();
    let summary = store.next_assessment_showing(&options, today, &mut |fraction, what| bar.update(fraction, what));
    bar.finish();
    let summary = summary?;
    println!(
        "{}: {}",
        crate::terminal::escaped(&path.display().to_string()),
        crate::terminal::escaped(&summary.line())
    );
    Ok(ExitCode::SUCCESS)
}

fn remove(path: &Path, id: i64) -> Result<ExitCode> {
    let mut store = Store::open(path)?;
    let removed = store.remove_assessment(id)?;
    println!(
        "{}: {}",
        crate::terminal::escaped(&path.display().to_string()),
        crate::terminal::escaped(&removed.line())
    );
    Ok(ExitCode::SUCCESS)
}

fn list(path: &Path) -> Result<ExitCode> {
    let store = Store::open_for_reading(path)?;
    let current = store.current_assessment_id()?;
    let signatures = store.signatures()?;
    for assessment in store.assessments()? {
        let signature = signatures
            .iter()
            .find(|signature| signature.assessment_id == assessment.id);
        let state = match signature {
            Some(signature) => format!("final, signed {} (key {})", signature.signed_on, signature.key_id),
            None => "draft, not signed".to_string(),
        };
        println!(
            "{}{:>4}  {}  {} to {}  {}  {}",
            if assessment.id == current { "*" } else { " " },
            assessment.id,
            super::escaped(&assessment.title),
            assessment.period_start,
            assessment.period_end,
            assessment.reason.label(),
            state
        );
    }
    Ok(ExitCode::SUCCESS)
}
