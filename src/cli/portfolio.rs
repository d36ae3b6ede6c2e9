//! `hipaa-ra portfolio DIR`: a consultant's view across clients, one row per workspace
//! file in a folder. Every file is opened read-only (`Store::open_for_reading`), so the
//! command runs beside open editors and changes nothing. A file that is not a workspace,
//! or is damaged, gets a row saying so and never stops the others; the exit code is 0
//! whenever the folder itself could be listed.
//!
//! Files are read on a few threads (one per core): each workspace is independent, and
//! most of the time goes to SQLite reads and the findings rules.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::NaiveDate;
use color_eyre::eyre::{Result, WrapErr};
use serde::Serialize;

use crate::catalog::Catalog;
use crate::domain::{FindingCounts, Severity};
use crate::store::Store;

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum PortfolioFormat {
    Text,
    Json,
    Csv,
}

/// One client: what a consultant checks first. `problem` is set, and the rest empty,
/// when the file could not be read as a workspace.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Row {
    pub file: String,
    pub practice: String,
    pub assessment: String,
    /// "final" (signed) or "draft".
    pub status: String,
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
    let (files, skipped) = folder_files(dir)?;
    // On standard error, so the rows on standard output stay the table a script reads.
    if let Some(line) = skipped_line(&skipped) {
        eprintln!("hipaa-ra: {line}");
    }
    let rows = read_all(&files, date);
    let mut out = std::io::stdout().lock();
    match format {
        PortfolioFormat::Text => write_text(&mut out, &rows)?,
        PortfolioFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &rows)?;
            use std::io::Write;
            writeln!(out)?;
        }
        PortfolioFormat::Csv => write_csv(&mut out, &rows)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// An entry of the folder that is not read: its name and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub name: String,
    pub kind: &'static str,
}

/// The regular files of `dir` (not its subfolders), by name. Hidden files and SQLite's
/// sidecar files (`-wal`, `-shm`, `-journal`) are not clients; FIFOs and devices are
/// skipped so the command never blocks on one. With them, the entries skipped for not
/// being regular files (pipes, devices, sockets, links to nothing), so the skip can be
/// said: those are not hidden and may be what the user meant to list.
pub fn folder_files(dir: &Path) -> Result<(Vec<PathBuf>, Vec<Skipped>)> {
    use std::os::unix::fs::FileTypeExt;
    let entries = std::fs::read_dir(dir).wrap_err_with(|| format!("{}: cannot list the folder", dir.display()))?;
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    for entry in entries {
        let entry = entry.wrap_err_with(|| format!("{}: cannot list the folder", dir.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let sidecar = ["-wal", "-shm", "-journal"].iter().any(|suffix| name.ends_with(suffix));
        if name.starts_with('.') || sidecar {
            continue;
        }
        let path = entry.path();
        let kind = match std::fs::metadata(&path) {
            Ok(metadata) if metadata.is_file() => {
                files.push(path);
                continue;
            }
            Ok(metadata) if metadata.is_dir() => continue,
            Ok(metadata) if metadata.file_type().is_fifo() => "pipe",
            Ok(metadata) if metadata.file_type().is_char_device() || metadata.file_type().is_block_device() => "device",
            Ok(metadata) if metadata.file_type().is_socket() => "socket",
            Ok(_) => "not a regular file",
            Err(_) if std::fs::symlink_metadata(&path).is_ok_and(|metadata| metadata.is_symlink()) => "broken link",
            Err(_) => "unreadable",
        };
        skipped.push(Skipped { name, kind });
    }
    files.sort();
    skipped.sort_by(|a, b| a.name.cmp(&b.name));
    Ok((files, skipped))
}

/// One line naming what was skipped: "skipped 2 entries that are not regular files:
/// fifo (pipe), gone.hra (broken link)"; None when nothing was.
pub fn skipped_line(skipped: &[Skipped]) -> Option<String> {
    if skipped.is_empty() {
        return None;
    }
    let names: Vec<String> = skipped
        .iter()
        .map(|entry| format!("{} ({})", super::escaped(&entry.name), entry.kind))
        .collect();
    let count = match skipped.len() {
        1 => "1 entry that is not a regular file".to_string(),
        n => format!("{n} entries that are not regular files"),
    };
    Some(format!("skipped {count}: {}", names.join(", ")))
}

/// One row per file, in the files' order, read on up to one thread per core.
pub fn read_all(files: &[PathBuf], date: NaiveDate) -> Vec<Row> {
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
                    let Some(path) = files.get(index) else { break };
                    let row = read_one(path, date);
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
        .map(|(row, path)| {
            row.unwrap_or_else(|| Row {
                file: file_name(path),
                problem: Some("could not be read".to_string()),
                ..Row::default()
            })
        })
        .collect()
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    )
}

/// A workspace's row, or a row naming why it could not be read.
fn read_one(path: &Path, date: NaiveDate) -> Row {
    match summarise(path, date) {
        Ok(row) => row,
        Err(error) => Row {
            file: file_name(path),
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
        let signed = store
            .signatures()?
            .iter()
            .any(|signature| signature.assessment_id == latest.id);
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
            file: file_name(path),
            practice: workspace.practice.name.clone(),
            assessment: latest.title.clone(),
            status: if signed { "final" } else { "draft" }.to_string(),
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

const HEADERS: [&str; 10] = [
    "file",
    "practice",
    "assessment",
    "status",
    "blocking_findings",
    "high_risks",
    "overdue_actions",
    "next_review",
    "last_change",
    "problem",
];

fn cells(row: &Row) -> [String; 10] {
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

/// An aligned table; names are escaped (they come from users and imports, and a control
/// character printed as it is would drive the terminal). A problem row prints its reason
/// after the file name.
fn write_text(out: &mut impl std::io::Write, rows: &[Row]) -> Result<()> {
    let titles = [
        "FILE",
        "PRACTICE",
        "ASSESSMENT",
        "STATUS",
        "BLOCKING",
        "HIGH+",
        "OVERDUE",
        "NEXT REVIEW",
        "LAST CHANGE",
    ];
    let table: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            let cells = cells(row);
            cells[..9]
                .iter()
                .map(|cell| super::escaped(cell).into_owned())
                .collect()
        })
        .collect();
    let mut widths: Vec<usize> = titles.iter().map(|title| title.chars().count()).collect();
    for (row, cells) in rows.iter().zip(&table) {
        let shown = if row.problem.is_some() { 1 } else { cells.len() };
        for (width, cell) in widths.iter_mut().zip(&cells[..shown]) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |cells: &[String]| {
        cells
            .iter()
            .zip(&widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    writeln!(out, "{}", line(&titles.map(str::to_string)))?;
    for (row, cells) in rows.iter().zip(&table) {
        match &row.problem {
            Some(problem) => writeln!(
                out,
                "{:<width$}  {}",
                cells[0],
                super::escaped(problem),
                width = widths[0]
            )?,
            None => writeln!(out, "{}", line(cells))?,
        }
    }
    Ok(())
}
