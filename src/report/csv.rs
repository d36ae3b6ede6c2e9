//! The risk register and the remediation plan as CSV, one row per scenario or action, in
//! the model's order (the register by level then records affected; the plan by due date).
//! Every cell is spreadsheet-safe: one that would start a formula gets a leading
//! apostrophe (`exchange::limits::spreadsheet_safe`).
//!
//! The first column of each is `analysis_status` (`domain::STATUS_COLUMN`), DRAFT or FINAL
//! on every row, so a row copied or filtered out of a draft still says so.

use std::collections::HashMap;
use std::io::Write;

use super::model::{PlanRow, RegisterRow, ReportModel, ScenarioRow, Score};
use crate::domain::{Id, STATUS_COLUMN, Status};

/// The cells of one row, each made spreadsheet-safe.
fn safe<const N: usize>(cells: [String; N]) -> [String; N] {
    cells.map(|cell| crate::exchange::limits::spreadsheet_safe(&cell).into_owned())
}

fn score_part(score: Option<&Score>, part: fn(&Score) -> &str) -> String {
    score.map_or_else(String::new, |score| part(score).to_string())
}

/// Writes `analysis_status,rank,risk_id,threat,vulnerability,assets,records_affected,likelihood,impact,
/// level,treatment,owner,residual_level,open_actions,citations,likelihood_rationale,
/// impact_rationale,notes,existing_controls`; assets and citations are separated by `; `.
/// The last five came later and are appended, so scripts reading columns by position keep
/// working. `risk_id` is the scenario number (#) the PDF prints. The status came last of
/// all and is the first column: a status anywhere else is missed by a reader.
pub fn write_register_csv(out: impl Write, model: &ReportModel) -> csv::Result<()> {
    write_register(out, model.status, &model.register, &model.scenarios)
}

/// `write_register_csv` of rows made without the model (`risks export`, see
/// `report::register_of`): the status, the register's rows and the scenarios they rank.
pub fn write_register(
    out: impl Write,
    status: Status,
    register: &[RegisterRow],
    scenarios: &[ScenarioRow],
) -> csv::Result<()> {
    // Existing controls are a scenario's fact the register row does not repeat.
    let controls: HashMap<Id, &str> = scenarios
        .iter()
        .map(|row| (row.risk_id, row.existing_controls.as_str()))
        .collect();
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(std::iter::once(STATUS_COLUMN).chain([
        "rank",
        "risk_id",
        "threat",
        "vulnerability",
        "assets",
        "records_affected",
        "likelihood",
        "impact",
        "level",
        "treatment",
        "owner",
        "residual_level",
        "open_actions",
        "citations",
        "likelihood_rationale",
        "impact_rationale",
        "notes",
        "existing_controls",
    ]))?;
    for row in register {
        writer.write_record(std::iter::once(status.word().to_string()).chain(safe([
            row.rank.to_string(),
            row.risk_id.to_string(),
            row.threat.to_string(),
            row.vulnerability.to_string(),
            row.assets.join("; "),
            row.records_affected.map_or_else(String::new, |count| count.to_string()),
            score_part(row.score.as_ref(), |s| &s.likelihood),
            score_part(row.score.as_ref(), |s| &s.impact),
            score_part(row.score.as_ref(), |s| &s.level),
            row.treatment.to_string(),
            row.owner.to_string(),
            score_part(row.residual.as_ref(), |s| &s.level),
            row.open_actions.to_string(),
            row.citations.join("; "),
            row.likelihood_rationale.to_string(),
            row.impact_rationale.to_string(),
            row.notes.to_string(),
            controls.get(&row.risk_id).copied().unwrap_or_default().to_string(),
        ])))?;
    }
    writer.flush()?;
    Ok(())
}

/// Writes `analysis_status,action_id,risk_id,risk,action,owner,due_on,status,overdue,effort,
/// cost_estimate,due_history,changes` (the last two: every move of the due date with its
/// reason, and what the action changes on an asset; empty when none). A standalone action
/// has no `risk_id`, and `standalone` for its risk.
pub fn write_plan_csv(out: impl Write, model: &ReportModel) -> csv::Result<()> {
    write_plan(out, model.status, &model.plan)
}

/// `write_plan_csv` of rows made without the model (`actions export`, see
/// `report::plan_of`).
pub fn write_plan(out: impl Write, status: Status, plan: &[PlanRow]) -> csv::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(std::iter::once(STATUS_COLUMN).chain([
        "action_id",
        "risk_id",
        "risk",
        "action",
        "owner",
        "due_on",
        "status",
        "overdue",
        "effort",
        "cost_estimate",
        "due_history",
        "changes",
    ]))?;
    for row in plan {
        writer.write_record(std::iter::once(status.word().to_string()).chain(safe([
            row.action_id.to_string(),
            // A standalone action (program work): no risk number, "standalone" for the risk.
            row.risk_id.map_or_else(String::new, |id| id.to_string()),
            if row.risk_id.is_some() {
                row.risk.clone()
            } else {
                "standalone".to_string()
            },
            row.title.clone(),
            row.owner.clone(),
            row.due_on.map_or_else(String::new, |due| due.to_string()),
            row.status.clone(),
            row.overdue.to_string(),
            row.effort.clone(),
            row.cost_estimate.map_or_else(String::new, |cost| cost.to_string()),
            row.due_history.clone(),
            row.changes.clone(),
        ])))?;
    }
    writer.flush()?;
    Ok(())
}
