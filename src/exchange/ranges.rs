//! What a workspace export's values may be, beyond their JSON types: scores on their
//! matrix's scales (a likelihood of 99 is refused, never read as "unscored"), matrices
//! whose cells fit their scales, dates in order, counts the store can hold, answers to
//! questions that exist, evidence files within the size limit and under a plain file
//! name, and text within `MAX_TEXT_CHARS`. `check` runs after the reference checks of
//! `validate`; each problem names its JSON path.

use serde::Serialize;

use super::limits::{MAX_EVIDENCE_BYTES, MAX_TEXT_CHARS, megabytes};
use super::workspace::{AssessmentExport, ExportProblem, WorkspaceExport, problem};
use crate::catalog::Catalog;
use crate::domain::RiskMatrix;

/// The largest whole number SQLite stores (record counts and costs are saved as i64).
const LARGEST_COUNT: u64 = i64::MAX as u64;

pub fn check(export: &WorkspaceExport) -> Result<(), ExportProblem> {
    text("practice", &export.practice)?;
    text("settings", &export.settings)?;
    for (i, person) in export.people.iter().enumerate() {
        text(&format!("people[{i}]"), person)?;
    }
    for (i, role) in export.roles.iter().enumerate() {
        text(&format!("roles[{i}]"), role)?;
    }
    for (i, entry) in export.assessments.iter().enumerate() {
        assessment(&format!("assessments[{i}]"), entry)?;
    }
    for (i, entry) in export.evidence.iter().enumerate() {
        let path = format!("evidence[{i}].record");
        text(&path, &entry.record)?;
        if let Some(months) = entry.record.review_cycle_months
            && !(1..=120).contains(&months)
        {
            let message = format!("{months} is out of range (1 to 120 months)");
            return Err(problem(format!("{path}.review_cycle_months"), message));
        }
        if let Some(file) = &entry.record.file {
            crate::output::plain_file_name(&file.file_name)
                .map_err(|message| problem(format!("{path}.file.file_name"), message))?;
            if file.size > MAX_EVIDENCE_BYTES {
                let message = format!(
                    "{} bytes is over the limit of {} for a stored evidence file",
                    file.size,
                    megabytes(MAX_EVIDENCE_BYTES)
                );
                return Err(problem(format!("{path}.file.size"), message));
            }
        }
    }
    Ok(())
}

fn assessment(path: &str, entry: &AssessmentExport) -> Result<(), ExportProblem> {
    let record = &entry.assessment;
    text(&format!("{path}.assessment"), record)?;
    for (field, date) in [
        ("period_start", Some(record.period_start)),
        ("period_end", Some(record.period_end)),
        ("next_review", record.next_review),
    ] {
        if let Some(date) = date {
            crate::domain::parse::in_range(date)
                .map_err(|message| problem(format!("{path}.assessment.{field}"), format!("{date} {message}")))?;
        }
    }
    if record.period_end < record.period_start {
        let message = format!(
            "the period ends ({}) before it starts ({})",
            record.period_end, record.period_start
        );
        return Err(problem(format!("{path}.assessment.period_end"), message));
    }
    if let Some(next) = record.next_review
        && next < record.period_start
    {
        let message = format!(
            "the next review ({next}) is before the period starts ({})",
            record.period_start
        );
        return Err(problem(format!("{path}.assessment.next_review"), message));
    }
    matrix(&format!("{path}.assessment.matrix"), &record.matrix)?;
    let rows = record.matrix.rows.levels.len();
    let columns = record.matrix.columns.levels.len();
    for (j, asset) in entry.assets.iter().enumerate() {
        let here = format!("{path}.assets[{j}]");
        text(&here, asset)?;
        count(&format!("{here}.record_count"), asset.record_count)?;
    }
    for (j, review) in entry.safeguard_reviews.iter().enumerate() {
        let here = format!("{path}.safeguard_reviews[{j}]");
        text(&here, review)?;
        let questions = Catalog::embedded()
            .item(&review.citation)
            .map_or(0, |item| item.questions.len());
        for (k, answer) in review.answers.iter().enumerate() {
            if answer.question >= questions {
                let message = format!(
                    "question {} does not exist ({} has {questions} questions)",
                    answer.question, review.citation
                );
                return Err(problem(format!("{here}.answers[{k}].question"), message));
            }
        }
    }
    for (j, risk) in entry.risks.iter().enumerate() {
        let here = format!("{path}.risks[{j}]");
        text(&here, risk)?;
        for (field, value, levels, scale) in [
            ("likelihood", risk.likelihood, rows, "likelihood"),
            ("impact", risk.impact, columns, "impact"),
            ("residual_likelihood", risk.residual_likelihood, rows, "likelihood"),
            ("residual_impact", risk.residual_impact, columns, "impact"),
        ] {
            if let Some(value) = value
                && value >= levels
            {
                let message = format!(
                    "{value} is out of range (the matrix has {levels} {scale} levels, 0 to {})",
                    levels.saturating_sub(1)
                );
                return Err(problem(format!("{here}.{field}"), message));
            }
        }
    }
    for (j, action) in entry.actions.iter().enumerate() {
        let here = format!("{path}.actions[{j}]");
        text(&here, action)?;
        count(&format!("{here}.cost_estimate"), action.cost_estimate)?;
    }
    for (j, prompt) in entry.inventory_prompts.iter().enumerate() {
        text(&format!("{path}.inventory_prompts[{j}]"), prompt)?;
    }
    Ok(())
}

/// A matrix whose every cell is a level of its result scale, with one row per likelihood
/// level and one column per impact level.
fn matrix(path: &str, matrix: &RiskMatrix) -> Result<(), ExportProblem> {
    let (rows, columns, results) = (
        matrix.rows.levels.len(),
        matrix.columns.levels.len(),
        matrix.results.levels.len(),
    );
    if rows == 0 || columns == 0 || results == 0 {
        return Err(problem(path, "a matrix needs likelihood, impact and result levels"));
    }
    if matrix.cells.len() != rows {
        let message = format!("{} rows of cells for {rows} likelihood levels", matrix.cells.len());
        return Err(problem(format!("{path}.cells"), message));
    }
    for (i, row) in matrix.cells.iter().enumerate() {
        if row.len() != columns {
            let message = format!("{} cells for {columns} impact levels", row.len());
            return Err(problem(format!("{path}.cells[{i}]"), message));
        }
        if let Some((j, cell)) = row.iter().enumerate().find(|(_, cell)| **cell >= results) {
            let message = format!("{cell} is out of range (the result scale has {results} levels)");
            return Err(problem(format!("{path}.cells[{i}][{j}]"), message));
        }
    }
    Ok(())
}

fn count(path: &str, value: Option<u64>) -> Result<(), ExportProblem> {
    match value {
        Some(value) if value > LARGEST_COUNT => Err(problem(
            path,
            format!("{value} is out of range (at most {LARGEST_COUNT})"),
        )),
        _ => Ok(()),
    }
}

/// Every text value of the record within `MAX_TEXT_CHARS`, found by walking its JSON form
/// so a new field is covered without a line here.
fn text(path: &str, record: &impl Serialize) -> Result<(), ExportProblem> {
    let value = serde_json::to_value(record).map_err(|error| problem(path, error.to_string()))?;
    walk(path, &value)
}

fn walk(path: &str, value: &serde_json::Value) -> Result<(), ExportProblem> {
    match too_long(value) {
        Some(rest) => Err(problem(
            format!("{path}{rest}"),
            format!("longer than the limit of {MAX_TEXT_CHARS} characters for a text"),
        )),
        None => Ok(()),
    }
}

/// The path below `value` of its first text over the limit (built only when there is one).
fn too_long(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(text) if text.len() > MAX_TEXT_CHARS && text.chars().count() > MAX_TEXT_CHARS => {
            Some(String::new())
        }
        serde_json::Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, item)| too_long(item).map(|rest| format!("[{i}]{rest}"))),
        serde_json::Value::Object(fields) => fields
            .iter()
            .find_map(|(key, item)| too_long(item).map(|rest| format!(".{key}{rest}"))),
        _ => None,
    }
}
