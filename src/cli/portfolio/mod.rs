//! `hipaa-ra portfolio DIR`: a consultant's view across clients, one row per workspace
//! under a folder and its client subfolders (`walk`: other files are counted, not
//! listed). Every workspace is opened read-only (`Store::open_for_reading`), so the
//! command runs beside open editors and changes nothing. A damaged workspace gets a row
//! saying so and never stops the others; the exit code is 0 whenever the folder itself
//! could be listed. The text table fits the terminal (`table`).
//!
//! Files are read on a few threads (one per core): each workspace is independent, and
//! most of the time goes to SQLite reads and the findings rules.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{Datelike, NaiveDate};
use color_eyre::eyre::Result;
use serde::Serialize;

use crate::catalog::Catalog;
use crate::domain::{FindingCounts, Severity};
use crate::store::Store;

mod table;
mod walk;

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum PortfolioFormat {
    Text,
    Json,
    Csv,
}

/// One client: what a consultant checks first. `file` is the workspace's path under DIR
/// (`acme/clinic.hra`), which names the client. `problem` is set, and the rest empty,
/// when the file could not be read as a workspace.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Row {
    pub file: String,
    pub practice: String,
    pub assessment: String,
    /// The current (latest) assessment's status: "final" (signed) or "draft".
    pub status: String,
    /// The year the current assessment's period starts in.
    pub year: Option<i32>,
    /// The latest signed (final) assessment's year and title, if any was signed.
    pub signed_year: Option<i32>,
    pub signed_assessment: Option<String>,
    pub blocking_findings: usize,
    /// Scored risks in the High band or above.
    pub high_risks: usize,
    pub overdue_actions: usize,
    pub next_review: Option<NaiveDate>,
    /// The time of the last change-log entry (UTC).
    pub last_change: String,
    pub problem: Option<String>,
}

pub fn run(dir: &Path, format: PortfolioFormat, date: NaiveDate) -> Result<ExitCode> {
    let found = walk::walk(dir)?;
    let rows = read_all(&found.workspaces, date);
    let mut out = std::io::stdout().lock();
    match format {
        PortfolioFormat::Text => table::write(&mut out, &rows, table::width())?,
        PortfolioFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &rows)?;
            use std::io::Write;
            writeln!(out)?;
        }
        PortfolioFormat::Csv => write_csv(&mut out, &rows)?,
    }
    // On standard error, so the rows on standard output stay the table a script reads.
    for line in walk::notes(&found) {
        eprintln!("hipaa-ra: {line}");
    }
    if rows.is_empty() {
        eprintln!(
            "hipaa-ra: no workspaces (.hra files) in {} or its subfolders, {} levels down",
            super::escaped(&dir.display().to_string()),
            walk::MAX_DEPTH
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// One row per file (its path and its name under DIR), in the files' order, read on up to
/// one thread per core.
pub fn read_all(files: &[(PathBuf, String)], date: NaiveDate) -> Vec<Row> {
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(files.len())
        .max(1);
    let next = AtomicUsize::new(0);
    let rows: Mutex<Vec<Option<Row>>> = Mutex::new(vec![None; files.len()]);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some((path, name)) = files.get(index) else { break };
                    let row = read_one(path, name, date);
                    if let Ok(mut rows) = rows.lock() {
                        rows[index] = Some(row);
                    }
                }
            });
        }
    });
    let rows = rows.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner());
    rows.into_iter()
        .zip(files)
        .map(|(row, (_, name))| {
            row.unwrap_or_else(|| Row {
                file: name.clone(),
                problem: Some("could not be read".to_string()),
                ..Row::default()
            })
        })
        .collect()
}

/// A workspace's row, or a row naming why it could not be read.
fn read_one(path: &Path, name: &str, date: NaiveDate) -> Row {
    match summarise(path, date) {
        Ok(row) => Row {
            file: name.to_string(),
            ..row
        },
        Err(error) => Row {
            file: name.to_string(),
            // The store's error names the path; the row already does.
            problem: Some(
                error
                    .to_string()
                    .replace(&format!("{}: ", path.display()), "")
                    .replace(&path.display().to_string(), "the file"),
            ),
            ..Row::default()
        },
    }
}

fn summarise(path: &Path, date: NaiveDate) -> crate::store::Result<Row> {
    let store = Store::open_for_reading(path)?;
    store.reading(|store| {
        // A workspace its log does not cover gets a row saying so, not its data. The check
        // ran when the file was opened (beside the damage check) and is remembered: this
        // costs nothing unless the file changed since.
        store.refuse_uncovered()?;
        let latest = store
            .assessments()?
            .into_iter()
            .max_by_key(|assessment| assessment.id)
            .ok_or_else(|| crate::store::StoreError::Invalid("the workspace has no assessment".to_string()))?;
        let workspace = store.snapshot_of(latest.id)?;
        let signatures = store.signatures()?;
        let signed = signatures.iter().any(|signature| signature.assessment_id == latest.id);
        // The latest signed year beside the current one: a client whose 2026 is final and
        // who has an accidental 2028 draft shows both.
        let latest_signed = store
            .assessments()?
            .into_iter()
            .filter(|assessment| {
                signatures
                    .iter()
                    .any(|signature| signature.assessment_id == assessment.id)
            })
            .max_by_key(|assessment| (assessment.period_start, assessment.id));
        let findings = crate::domain::findings(&workspace, Catalog::embedded(), date);
        let high_risks = workspace
            .risks
            .iter()
            .filter_map(|risk| risk.level(&latest.matrix))
            .filter(|level| latest.matrix.severity(*level) >= Severity::High)
            .count();
        // The head's time alone: the whole history is not read for one cell.
        let last_change = store.last_change_at()?.unwrap_or_default();
        Ok(Row {
            file: String::new(),
            practice: workspace.practice.name.clone(),
            assessment: latest.title.clone(),
            status: if signed { "final" } else { "draft" }.to_string(),
            year: Some(latest.period_start.year()),
            signed_year: latest_signed.as_ref().map(|assessment| assessment.period_start.year()),
            signed_assessment: latest_signed.map(|assessment| assessment.title),
            blocking_findings: FindingCounts::of(&findings).blocking,
            high_risks,
            overdue_actions: workspace
                .actions
                .iter()
                .filter(|action| action.is_overdue(date))
                .count(),
            next_review: latest.next_review,
            last_change,
            problem: None,
        })
    })
}

const HEADERS: [&str; 13] = [
    "file",
    "practice",
    "assessment",
    "status",
    "year",
    "signed_year",
    "signed_assessment",
    "blocking_findings",
    "high_risks",
    "overdue_actions",
    "next_review",
    "last_change",
    "problem",
];

fn cells(row: &Row) -> [String; 13] {
    let count = |value: usize| {
        if row.problem.is_some() {
            String::new()
        } else {
            value.to_string()
        }
    };
    [
        row.file.clone(),
        row.practice.clone(),
        row.assessment.clone(),
        row.status.clone(),
        row.year.map_or_else(String::new, |year| year.to_string()),
        row.signed_year.map_or_else(String::new, |year| year.to_string()),
        row.signed_assessment.clone().unwrap_or_default(),
        count(row.blocking_findings),
        count(row.high_risks),
        count(row.overdue_actions),
        row.next_review.map_or_else(String::new, |date| date.to_string()),
        row.last_change.clone(),
        row.problem.clone().unwrap_or_default(),
    ]
}

fn write_csv(out: impl std::io::Write, rows: &[Row]) -> Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(HEADERS)?;
    for row in rows {
        writer.write_record(cells(row).map(|cell| crate::exchange::limits::spreadsheet_safe(&cell).into_owned()))?;
    }
    writer.flush()?;
    Ok(())
}
