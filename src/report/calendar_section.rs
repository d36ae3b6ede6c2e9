//! The report's "Program calendar" section: the program's recurring obligations overdue on
//! the report's date or due within 30 days of it (the one calendar, `domain::calendar`),
//! and its PDF page. The rule it states: the next one is due one cycle after the last
//! completion.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::helpers::{AMBER, RED, or_none};
use super::layout::{BODY, Cell, Layout, col};
use super::model::ReportModel;
use crate::domain::Workspace;
use crate::domain::calendar::{Standing, distance_in_words, due_within};

/// How many days ahead of the report's date the section looks.
pub const WITHIN_DAYS: u32 = 30;

/// One obligation of the calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarRow {
    /// The kind in words: "Policy review", "Training", ...
    pub kind: String,
    pub what: String,
    pub owner: String,
    pub due: NaiveDate,
    pub last_done: Option<NaiveDate>,
    /// True when past due on the report's date.
    pub overdue: bool,
    /// "12 days overdue", "due in 3 days".
    pub distance: String,
}

pub fn build(workspace: &Workspace, on: NaiveDate) -> Vec<CalendarRow> {
    due_within(workspace, on, WITHIN_DAYS)
        .into_iter()
        .map(|occurrence| CalendarRow {
            kind: occurrence.kind.label().to_string(),
            overdue: occurrence.standing(on, WITHIN_DAYS) == Standing::Overdue,
            distance: distance_in_words(occurrence.due, on),
            what: occurrence.what,
            owner: occurrence.owner.unwrap_or_default(),
            due: occurrence.due,
            last_done: occurrence.last_done,
        })
        .collect()
}

pub fn section(layout: &mut Layout, model: &ReportModel) {
    let overdue = model.calendar.iter().filter(|row| row.overdue).count();
    let coming = model.calendar.len() - overdue;
    layout.paragraph(
        &format!(
            "The program's recurring obligations (training, access reviews, policy reviews, business \
             associates' agreements and assurances, contingency tests, evidence reviews and the next \
             risk analysis). \
             Each is due again one cycle after its last completion, not after its last scheduled \
             date. On {}, {overdue} {} overdue and {coming} {} due within {WITHIN_DAYS} days.",
            model.date,
            if overdue == 1 { "is" } else { "are" },
            if coming == 1 { "is" } else { "are" },
        ),
        BODY,
        false,
    );
    if model.calendar.is_empty() {
        return;
    }
    let rows: Vec<Vec<Cell>> = model
        .calendar
        .iter()
        .map(|row| {
            let standing = Cell {
                text: format!("{}\n{}", row.due, row.distance),
                bold: true,
                fill: Some(if row.overdue { RED } else { AMBER }),
            };
            vec![
                Cell::from(row.kind.clone()),
                Cell::from(row.what.clone()),
                Cell::from(or_none(&row.owner)),
                Cell::from(
                    row.last_done
                        .map_or_else(|| "never".to_string(), |done| done.to_string()),
                ),
                standing,
            ]
        })
        .collect();
    layout.table(
        &[
            col("Kind", 0.18),
            col("What", 0.34),
            col("Owner", 0.16),
            col("Last done", 0.12),
            col("Due", 0.20),
        ],
        &rows,
    );
}
