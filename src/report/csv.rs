//! The risk register and the remediation plan as CSV, one row per scenario or action, in
//! the model's order (the register by level then records affected; the plan by due date).

use std::collections::HashMap;
use std::io::Write;

use super::model::{ReportModel, ScenarioRow, Score};
use crate::domain::Id;

fn score_part(score: Option<&Score>, part: fn(&Score) -> &str) -> String {
    score.map_or_else(String::new, |score| part(score).to_string())
}

/// Writes `rank,risk_id,threat,vulnerability,assets,records_affected,likelihood,impact,
/// level,treatment,owner,residual_level,open_actions,existing_controls,citations,notes,
/// likelihood_rationale,impact_rationale`;
/// assets and citations are separated by `; `. `risk_id` is the scenario number (#) the
/// PDF prints; the scenario's own facts come from the model's scenario list, so the CSV
/// says what the JSON and PDF say.
pub fn write_register_csv(out: impl Write, model: &ReportModel) -> csv::Result<()> {
    let scenarios: HashMap<Id, &ScenarioRow> = model.scenarios.iter().map(|row| (row.risk_id, row)).collect();
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record([
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
        "existing_controls",
        "citations",
        "notes",
        "likelihood_rationale",
        "impact_rationale",
    ])?;
    for row in &model.register {
        let scenario = scenarios.get(&row.risk_id);
        let text = |part: fn(&ScenarioRow) -> String| scenario.map_or_else(String::new, |row| part(row));
        writer.write_record([
            row.rank.to_string(),
            row.risk_id.to_string(),
            row.threat.clone(),
            row.vulnerability.clone(),
            row.assets.join("; "),
            row.records_affected.map_or_else(String::new, |count| count.to_string()),
            score_part(row.score.as_ref(), |s| &s.likelihood),
            score_part(row.score.as_ref(), |s| &s.impact),
            score_part(row.score.as_ref(), |s| &s.level),
            row.treatment.clone(),
            row.owner.clone(),
            score_part(row.residual.as_ref(), |s| &s.level),
            row.open_actions.to_string(),
            text(|row| row.existing_controls.clone()),
            text(|row| row.citations.join("; ")),
            text(|row| row.notes.clone()),
            text(|row| row.likelihood_rationale.clone()),
            text(|row| row.impact_rationale.clone()),
        ])?;
    }
    writer.flush()?;
    Ok(())
}

/// Writes `action_id,risk_id,risk,action,owner,due_on,status,overdue,effort,cost_estimate`.
pub fn write_plan_csv(out: impl Write, model: &ReportModel) -> csv::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record([
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
    ])?;
    for row in &model.plan {
        writer.write_record([
            row.action_id.to_string(),
            row.risk_id.to_string(),
            row.risk.clone(),
            row.title.clone(),
            row.owner.clone(),
            row.due_on.map_or_else(String::new, |due| due.to_string()),
            row.status.clone(),
            row.overdue.to_string(),
            row.effort.clone(),
            row.cost_estimate.map_or_else(String::new, |cost| cost.to_string()),
        ])?;
    }
    writer.flush()?;
    Ok(())
}
