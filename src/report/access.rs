//! The report's "Access reviews" section: the last review of each system in the year's
//! period with its counts (new, removed, unchanged) and decisions, and the leavers of the
//! period with the time their access took to be revoked. Access records are program
//! records, dated rather than copied per year: a year reads those of its period, from the
//! start of the assessment it was carried from (or a year before the report) to the
//! report's date.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::helpers::{RED, date};
use super::layout::{BODY, Cell, Layout, col};
use super::model::ReportModel;
use crate::domain::Labeled;
use crate::domain::Workspace;
use crate::domain::access::{self, AccessRecords, Decision, Flag};

/// One system's last review of the period.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessSystemRow {
    pub system: String,
    pub started: Option<NaiveDate>,
    pub completed: Option<NaiveDate>,
    pub next_due: Option<NaiveDate>,
    pub overdue: bool,
    pub accounts: usize,
    pub new: usize,
    pub removed: usize,
    pub unchanged: usize,
    pub keep: usize,
    pub change: usize,
    pub revoke: usize,
    pub investigate: usize,
    pub undecided: usize,
    /// Accounts flagged: a leaver still active, no matching person, a shared login.
    pub flagged: usize,
}

/// One leaver's access to one system.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeaverRow {
    pub person: String,
    pub system: String,
    pub terminated: Option<NaiveDate>,
    pub revoked: Option<NaiveDate>,
    pub business_days: u32,
    pub late: bool,
}

/// Access granted, changed or revoked outside a review, in the period.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessChangeRow {
    pub date: Option<NaiveDate>,
    pub person: String,
    pub system: String,
    /// "Granted", "Changed" or "Revoked".
    pub change: String,
    /// Who approved it; empty when no one is named.
    pub approved_by: String,
    #[serde(default)]
    pub notes: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessSection {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub revoke_limit_days: u32,
    pub systems: Vec<AccessSystemRow>,
    pub leavers: Vec<LeaverRow>,
    #[serde(default)]
    pub changes: Vec<AccessChangeRow>,
}

/// The first day of the year's period: the start of the assessment this one was carried
/// from, else a year before `to`.
fn period_start(workspace: &Workspace, to: NaiveDate) -> NaiveDate {
    workspace
        .assessment()
        .and_then(|assessment| assessment.carried_from)
        .and_then(|from| workspace.assessments.iter().find(|assessment| assessment.id == from))
        .and_then(|previous| previous.started_on)
        .filter(|start| *start <= to)
        .unwrap_or_else(|| to.checked_sub_months(Months::new(12)).unwrap_or(to))
}

/// The section's model, for the report dated `to`.
pub fn build(workspace: &Workspace, to: NaiveDate) -> AccessSection {
    let from = period_start(workspace, to);
    let records: &AccessRecords = &workspace.access;
    let systems = records
        .systems()
        .into_iter()
        .filter_map(|system| {
            let review = access::latest_review(records, system, to).filter(|review| review.started >= from)?;
            let comparison = access::compare(records, review);
            let mut row = AccessSystemRow {
                system: system.to_string(),
                started: Some(review.started),
                completed: review.completed,
                next_due: access::next_due(records, system, to),
                new: comparison.new,
                removed: comparison.removed.len(),
                unchanged: comparison.unchanged,
                ..Default::default()
            };
            row.overdue = row.next_due.is_some_and(|due| due < to);
            for account in records.accounts_of(review.id) {
                row.accounts += 1;
                match account.decision {
                    Some(Decision::Keep) => row.keep += 1,
                    Some(Decision::Change) => row.change += 1,
                    Some(Decision::Revoke) => row.revoke += 1,
                    Some(Decision::Investigate) => row.investigate += 1,
                    None => row.undecided += 1,
                }
                let flags: Vec<Flag> = access::flags(account, review, &workspace.people);
                if !flags.is_empty() {
                    row.flagged += 1;
                }
            }
            Some(row)
        })
        .collect();
    let leavers = access::time_to_revoke(records, &workspace.people, to)
        .into_iter()
        .filter(|leaver| leaver.terminated >= from)
        .map(|leaver| LeaverRow {
            person: leaver.person,
            system: leaver.system,
            terminated: Some(leaver.terminated),
            revoked: leaver.revoked,
            business_days: leaver.business_days,
            late: leaver.late,
        })
        .collect();
    let changes = records
        .within(from, to)
        .events
        .iter()
        .map(|event| AccessChangeRow {
            date: Some(event.date),
            person: workspace.person_name(Some(event.person_id)).to_string(),
            system: event.system.clone(),
            change: event.kind.label().to_string(),
            approved_by: workspace.person_name(event.approved_by).to_string(),
            notes: event.notes.clone(),
        })
        .collect();
    AccessSection {
        changes,
        from: Some(from),
        to: Some(to),
        revoke_limit_days: records.revoke_limit_days,
        systems,
        leavers,
    }
}

/// The access part of "Workforce training and access" in the PDF, after the training.
pub fn section(layout: &mut Layout, model: &ReportModel) {
    let access = &model.access;
    layout.subheading("Access reviews");
    layout.paragraph(
        &format!(
            "Who has access to each ePHI system, reviewed against the roster (§164.308(a)(3)(ii)(B)-(C), \
             §164.308(a)(4)(ii)(B)-(C)): the last review of each system from {} to {}, its accounts \
             compared with the review before it, and the decisions taken on them.",
            date(access.from),
            date(access.to)
        ),
        BODY,
        false,
    );
    if access.systems.is_empty() {
        layout.paragraph("No access review in the period.", BODY, false);
    } else {
        let rows: Vec<Vec<Cell>> = access
            .systems
            .iter()
            .map(|row| {
                let due = match row.next_due {
                    Some(due) if row.overdue => format!("{due} (overdue)"),
                    Some(due) => due.to_string(),
                    None => "When completed".to_string(),
                };
                vec![
                    Cell::from(row.system.clone()),
                    Cell::from(format!(
                        "{}\n{}",
                        date(row.started),
                        row.completed
                            .map_or_else(|| "open".to_string(), |done| format!("completed {done}"))
                    )),
                    Cell::from(format!(
                        "{} accounts\n{} new, {} removed, {} unchanged",
                        row.accounts, row.new, row.removed, row.unchanged
                    )),
                    Cell::from(format!(
                        "{} keep, {} change, {} revoke, {} investigate{}",
                        row.keep,
                        row.change,
                        row.revoke,
                        row.investigate,
                        if row.undecided > 0 {
                            format!(", {} undecided", row.undecided)
                        } else {
                            String::new()
                        }
                    )),
                    Cell::from(row.flagged.to_string()),
                    Cell {
                        text: due,
                        bold: row.overdue,
                        fill: row.overdue.then_some(RED),
                    },
                ]
            })
            .collect();
        layout.table(
            &[
                col("System", 0.2),
                col("Review", 0.16),
                col("Accounts", 0.2),
                col("Decisions", 0.2),
                col("Flagged", 0.08),
                col("Next due", 0.16),
            ],
            &rows,
        );
    }
    layout.subheading("Leavers and time to revoke");
    layout.paragraph(
        &format!(
            "Each person who left in the period, per system they had access to: business days (Saturdays \
             and Sundays skipped) from termination to the access revoked, against the practice's limit of {} \
             business {}.",
            access.revoke_limit_days,
            if access.revoke_limit_days == 1 { "day" } else { "days" }
        ),
        BODY,
        false,
    );
    if access.leavers.is_empty() {
        layout.paragraph("No leaver in the period.", BODY, false);
    } else {
        leavers_table(layout, access);
    }
    changes(layout, access);
}

/// Access granted, changed or revoked outside a review, with who approved each.
fn changes(layout: &mut Layout, access: &AccessSection) {
    layout.subheading("Access changes outside reviews");
    if access.changes.is_empty() {
        layout.paragraph("No access change recorded outside a review in the period.", BODY, false);
        return;
    }
    layout.paragraph(
        &format!(
            "{} recorded in the period, each with who approved it (§164.308(a)(4)(ii)(C)).",
            if access.changes.len() == 1 {
                "1 change".to_string()
            } else {
                format!("{} changes", access.changes.len())
            }
        ),
        BODY,
        false,
    );
    let rows: Vec<Vec<Cell>> = access
        .changes
        .iter()
        .map(|row| {
            vec![
                Cell::from(date(row.date)),
                Cell::from(row.person.clone()),
                Cell::from(row.system.clone()),
                Cell::from(row.change.clone()),
                Cell::from(if row.approved_by.is_empty() {
                    "not named".to_string()
                } else {
                    row.approved_by.clone()
                }),
            ]
        })
        .collect();
    layout.table(
        &[
            col("Date", 0.14),
            col("Person", 0.22),
            col("System", 0.26),
            col("Change", 0.14),
            col("Approved by", 0.24),
        ],
        &rows,
    );
}

fn leavers_table(layout: &mut Layout, access: &AccessSection) {
    let rows: Vec<Vec<Cell>> = access
        .leavers
        .iter()
        .map(|row| {
            let took = match row.revoked {
                Some(_) => business_days(row.business_days),
                None => format!("not revoked ({} so far)", business_days(row.business_days)),
            };
            vec![
                Cell::from(row.person.clone()),
                Cell::from(row.system.clone()),
                Cell::from(date(row.terminated)),
                Cell::from(date(row.revoked)),
                Cell {
                    text: if row.late {
                        format!("{took}, over the limit")
                    } else {
                        took
                    },
                    bold: row.late,
                    fill: row.late.then_some(RED),
                },
            ]
        })
        .collect();
    layout.table(
        &[
            col("Person", 0.22),
            col("System", 0.24),
            col("Terminated", 0.14),
            col("Revoked", 0.14),
            col("Time to revoke", 0.26),
        ],
        &rows,
    );
}

fn business_days(days: u32) -> String {
    if days == 1 {
        "1 business day".to_string()
    } else {
        format!("{days} business days")
    }
}
