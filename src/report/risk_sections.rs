//! The PDF's risk sections: threats and vulnerabilities, the heat map, the register and
//! the remediation plan with the accepted risks. "#" is the scenario number everywhere;
//! the register's position is shown as the rank.

use super::helpers::{RED, band_color, cells, date, level_cell, or_none, scenario_row, scenario_table};
use super::layout::{BLACK, BODY, Cell, Layout, col};
use super::model::ReportModel;

pub fn threats(layout: &mut Layout, model: &ReportModel) {
    if model.grouping.scenarios {
        super::grouped_sections::threats(layout, model);
        return;
    }
    layout.paragraph(
        "Every threat and vulnerability scenario, by scenario number (#), with the existing \
         controls, the Security Rule citations it concerns, its likelihood and impact with the \
         reason for each, and the level of risk the matrix gives them.",
        BODY,
        false,
    );
    let rows: Vec<Vec<Cell>> = model.scenarios.iter().map(scenario_row).collect();
    scenario_table(layout, &rows);
}

pub fn heat_map(layout: &mut Layout, model: &ReportModel) {
    let method = &model.methodology;
    if model.heat_map.is_empty() || method.impact.is_empty() {
        layout.paragraph("No risk matrix is set for this assessment.", BODY, false);
        return;
    }
    layout.paragraph(
        "The number of scenarios in each cell of the matrix. The colour is the level of risk \
         the matrix gives the cell.",
        BODY,
        false,
    );
    let label_width = 90.0;
    let columns = method.impact.len() as f32;
    let cell_width = ((layout.text_width() - label_width - 14.0) / columns).min(80.0);
    let cell_height = 46.0;
    let rows = model.heat_map.len();
    layout.ensure(cell_height * rows as f32 + 80.0);
    let x0 = layout.left + 14.0 + label_width;
    layout.text_at(layout.left, layout.y - 10.0, &method.row_label, 9.5, true, BLACK);
    let top = layout.y - 20.0;
    let fonts = layout.fonts;
    let centred = |layout: &mut Layout, x: f32, width: f32, y: f32, text: &str, size: f32, bold: bool| {
        let text = layout.fit(text, size, bold, width - 4.0);
        let offset = (width - fonts.width(&text, size, bold)) / 2.0;
        layout.text_at(x + offset, y, &text, size, bold, BLACK);
    };
    for (position, row_index) in (0..rows).rev().enumerate() {
        let y = top - (position as f32 + 1.0) * cell_height;
        let label = method
            .likelihood
            .get(row_index)
            .map_or("", |level| level.label.as_str());
        let label = layout.fit(label, 8.5, true, label_width - 4.0);
        layout.text_at(
            layout.left + 14.0,
            y + cell_height / 2.0 - 3.0,
            &label,
            8.5,
            true,
            BLACK,
        );
        for (column, count) in model.heat_map[row_index].iter().enumerate() {
            let x = x0 + column as f32 * cell_width;
            let cell = method.cells.get(row_index).and_then(|row| row.get(column));
            if let Some(cell) = cell {
                layout.fill(x, y, cell_width, cell_height, band_color(cell.band));
            }
            layout.frame(x, y, cell_width, cell_height);
            let count_text = if *count == 0 { String::new() } else { count.to_string() };
            centred(
                layout,
                x,
                cell_width,
                y + cell_height / 2.0 - 2.0,
                &count_text,
                16.0,
                true,
            );
            if let Some(cell) = cell {
                centred(layout, x, cell_width, y + 5.0, &cell.level, 6.5, false);
            }
        }
    }
    let bottom = top - rows as f32 * cell_height;
    for (column, level) in method.impact.iter().enumerate() {
        let x = x0 + column as f32 * cell_width;
        centred(layout, x, cell_width, bottom - 12.0, &level.label, 8.5, true);
    }
    let grid_width = cell_width * columns;
    centred(layout, x0, grid_width, bottom - 28.0, &method.column_label, 9.5, true);
    layout.y = bottom - 44.0;
    let unscored = model.summary.unscored;
    layout.paragraph(
        &format!("Scenarios not yet scored, and so not on the map: {unscored}."),
        BODY,
        false,
    );
}

pub fn register(layout: &mut Layout, model: &ReportModel) {
    if model.grouping.scenarios {
        super::grouped_sections::register(layout, model);
        return;
    }
    layout.paragraph(
        "All scenarios, highest level of risk first, then by the number of records affected \
         (the largest record count among the scenario's assets). Rank is the position in this \
         order; # is the scenario number used on every page.",
        BODY,
        false,
    );
    let rows: Vec<Vec<Cell>> = model
        .register
        .iter()
        .map(|row| {
            vec![
                Cell::from(row.rank.to_string()),
                Cell::from(row.risk_id.to_string()),
                Cell::from(format!("{}\n{}", row.threat, row.vulnerability)),
                Cell::from(
                    row.records_affected
                        .map_or_else(|| "—".to_string(), |count| count.to_string()),
                ),
                level_cell(row.score.as_ref()),
                Cell::from(row.treatment.as_str()),
                Cell::from(or_none(&row.owner)),
                Cell::from(
                    row.residual
                        .as_ref()
                        .map_or_else(String::new, |score| score.level.to_string()),
                ),
                Cell::from(row.open_actions.to_string()),
            ]
        })
        .collect();
    layout.table(
        &[
            col("Rank", 0.06),
            col("#", 0.05),
            col("Risk", 0.29),
            col("Records", 0.09),
            col("Level", 0.1),
            col("Treatment", 0.11),
            col("Owner", 0.12),
            col("Residual", 0.09),
            col("Open actions", 0.09),
        ],
        &rows,
    );
}

/// The actions whose due date moved, each with its history: the grouped plan counts
/// actions by title and would otherwise show only the dates as they are now.
fn moved_due_dates(layout: &mut Layout, model: &ReportModel) {
    let moved: Vec<_> = model.plan.iter().filter(|row| !row.due_history.is_empty()).collect();
    if moved.is_empty() {
        return;
    }
    layout.paragraph("Due dates moved:", BODY, true);
    for row in moved {
        layout.bullet(&format!(
            "\"{}\" ({}): {}",
            row.title,
            row.risk_label(),
            row.due_history
        ));
    }
}

pub fn plan(layout: &mut Layout, model: &ReportModel) {
    if model.grouping.scenarios {
        super::grouped_sections::plan(layout, model);
        moved_due_dates(layout, model);
        return;
    }
    layout.subheading("Remediation plan");
    if model.plan.is_empty() {
        layout.paragraph("No remediation actions recorded.", BODY, false);
    } else {
        let rows: Vec<Vec<Cell>> = model
            .plan
            .iter()
            .map(|row| {
                let cost = row.cost_estimate.map_or_else(String::new, |cost| format!(", ${cost}"));
                let title = if row.changes.is_empty() {
                    row.title.clone()
                } else {
                    format!("{} (sets {})", row.title, row.changes)
                };
                vec![
                    // A moved date shows where it started and every move, with its reason.
                    Cell::from(if row.due_history.is_empty() {
                        date(row.due_on)
                    } else {
                        row.due_history.clone()
                    }),
                    Cell::from(title),
                    Cell::from(row.risk_label()),
                    Cell::from(or_none(&row.owner)),
                    Cell {
                        text: if row.overdue {
                            format!("{} (overdue)", row.status)
                        } else {
                            row.status.clone()
                        },
                        bold: row.overdue,
                        fill: row.overdue.then_some(RED),
                    },
                    Cell::from(format!("{}{cost}", row.effort)),
                ]
            })
            .collect();
        layout.table(
            &[
                col("Due", 0.11),
                col("Action", 0.3),
                col("Risk", 0.2),
                col("Owner", 0.13),
                col("Status", 0.12),
                col("Effort, cost", 0.14),
            ],
            &rows,
        );
    }
    layout.subheading("Accepted risks");
    if model.accepted_risks.is_empty() {
        layout.paragraph("No risks accepted.", BODY, false);
        return;
    }
    let rows: Vec<Vec<Cell>> = model
        .accepted_risks
        .iter()
        .map(|row| {
            cells(vec![
                format!("#{} {}", row.risk_id, row.threat),
                row.level.clone().unwrap_or_default(),
                or_none(&row.accepted_by),
                date(row.accepted_on),
                or_none(&row.reason),
            ])
        })
        .collect();
    layout.table(
        &[
            col("Risk", 0.25),
            col("Level", 0.1),
            col("Accepted by", 0.17),
            col("On", 0.11),
            col("Why", 0.37),
        ],
        &rows,
    );
}
