//! `hipaa-ra check PATH [--format text|json]`: the findings of a workspace, like a linter.
//! One line per open finding (blocking first) naming its records, then a summary line.
//! Exit 0 when the analysis can be finalized, 1 while a blocking finding is open, 2 for a
//! usage error (clap's) or a workspace that cannot be read. Reads only, without the edit
//! lock, so it runs beside an open editor.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use chrono::NaiveDate;
use color_eyre::eyre::Result;
use serde::Serialize;

use crate::catalog::Catalog;
use crate::domain::{Finding, FindingCounts, ScopeCounts};
use crate::store::Store;

/// Exit code while blocking findings remain.
const BLOCKING: u8 = 1;
/// Exit code for a workspace that cannot be read (clap uses 2 for usage errors too).
const UNUSABLE: u8 = 2;

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
}

/// What `--format json` prints: the verdict, the counts and every finding (acknowledged
/// ones included, with their acknowledgment).
#[derive(Serialize)]
struct CheckReport<'a> {
    workspace: String,
    date: NaiveDate,
    #[serde(rename = "final")]
    is_final: bool,
    counts: FindingCounts,
    /// This year's scope, as the report and the exports count it (retired assets apart).
    scope: ScopeCounts,
    findings: &'a [Finding],
}

pub fn check(path: &Path, format: CheckFormat, today: NaiveDate) -> Result<ExitCode> {
    let (findings, scope) = match read_findings(path, today) {
        Ok(read) => read,
        Err(error) => {
            // One line, like every error, but with the "cannot check" exit code: 1 means
            // blocking findings and a script must not mistake one for the other.
            eprintln!("hipaa-ra: {error:#}");
            return Ok(ExitCode::from(UNUSABLE));
        }
    };
    let counts = FindingCounts::of(&findings);
    let mut out = std::io::stdout().lock();
    match format {
        CheckFormat::Text => {
            for finding in findings.iter().filter(|finding| finding.is_open()) {
                writeln!(
                    out,
                    "{}: {} [{}]",
                    finding.weight(),
                    one_line(&finding.message),
                    finding.key
                )?;
            }
            writeln!(out, "{}: {}", path.display(), counts.summary())?;
        }
        CheckFormat::Json => {
            let report = CheckReport {
                workspace: path.display().to_string(),
                date: today,
                is_final: counts.can_finalize(),
                counts,
                scope,
                findings: &findings,
            };
            serde_json::to_writer_pretty(&mut out, &report)?;
            writeln!(out)?;
        }
    }
    Ok(if counts.can_finalize() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(BLOCKING)
    })
}

/// The findings, and the scope they were judged on.
fn read_findings(path: &Path, today: NaiveDate) -> Result<(Vec<Finding>, ScopeCounts)> {
    let store = Store::open_for_reading(path)?;
    // A workspace its log does not cover is not judged: "can be finalized" would vouch
    // for data nobody can account for. The open ran the check (the head against the data,
    // beside the damage check) and remembers it, so this reads nothing more.
    let workspace = store.reading(|store| {
        store.refuse_uncovered()?;
        store.snapshot()
    })?;
    let findings = crate::domain::findings(&workspace, Catalog::embedded(), today);
    Ok((findings, workspace.scope_counts()))
}

/// Record names come from the user: a line break in one must not split a finding's line.
fn one_line(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}
