//! The PDF's later sections, from the threats and vulnerabilities to the sign-off.

use super::layout::{BLACK, BODY, Cell, Layout, col};
use super::model::ReportModel;
use super::sections::{RED, band_color, cells, date, level_cell, or_none};

pub fn threats(layout: &mut Layout, model: &ReportModel) {
    layout.paragraph(
        "Every threat and vulnerability scenario, with its likelihood, impact and the level \
         of risk the matrix gives them.",
        BODY,
        false,
    );
    let rows: Vec<Vec<Cell>> = model
        .scenarios
        .iter()
        .map(|row| {
            let controls = if row.existing_controls.is_empty() {
                String::new()
            } else {
                format!("\nExisting controls: {}", row.existing_controls)
            };
            let assets = if row.assets.is_empty() {
                "Practice-wide".to_string()
            } else {
                row.assets.join("; ")
            };
            vec![
                Cell::from(row.risk_id.to_string()),
                Cell::from(format!("{}\n({})", row.threat, row.source.to_lowercase())),
                Cell::from(format!("{}{controls}", row.vulnerability)),
                Cell::from(assets),
                Cell::from(row.score.as_ref().map_or("—", |score| score.likelihood.as_str())),
                Cell::from(row.score.as_ref().map_or("—", |score| score.impact.as_str())),
                level_cell(row.score.as_ref()),
            ]
        })
        .collect();
    layout.table(
        &[
            col("#", 0.05),
            col("Threat", 0.18),
            col("Vulnerability", 0.29),
            col("Assets", 0.18),
            col("Likelihood", 0.1),
            col("Impact", 0.1),
            col("Level", 0.1),
        ],
        &rows,
    );
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
    layout.paragraph(
        "All scenarios, highest level of risk first, then by the number of records affected \
         (the largest record count among the scenario's assets).",
        BODY,
        false,
    );
    let rows: Vec<Vec<Cell>> = model
        .register
        .iter()
        .map(|row| {
            vec![
                Cell::from(row.rank.to_string()),
                Cell::from(format!("{} (#{})\n{}", row.threat, row.risk_id, row.vulnerability)),
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
                        .map_or_else(String::new, |score| score.level.clone()),
                ),
                Cell::from(row.open_actions.to_string()),
            ]
        })
        .collect();
    layout.table(
        &[
            col("Rank", 0.06),
            col("Risk", 0.34),
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

pub fn plan(layout: &mut Layout, model: &ReportModel) {
    layout.subheading("Remediation plan");
    if model.plan.is_empty() {
        layout.paragraph("No remediation actions recorded.", BODY, false);
    } else {
        let rows: Vec<Vec<Cell>> = model
            .plan
            .iter()
            .map(|row| {
                let cost = row.cost_estimate.map_or_else(String::new, |cost| format!(", ${cost}"));
                vec![
                    Cell::from(date(row.due_on)),
                    Cell::from(row.title.as_str()),
                    Cell::from(format!("{} (#{})", row.risk, row.risk_id)),
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
                format!("{} (#{})", row.threat, row.risk_id),
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

pub fn evidence(layout: &mut Layout, model: &ReportModel) {
    if model.evidence.is_empty() {
        layout.paragraph("No evidence recorded.", BODY, false);
        return;
    }
    let rows: Vec<Vec<Cell>> = model
        .evidence
        .iter()
        .map(|row| {
            cells(vec![
                row.title.clone(),
                row.kind.clone(),
                date(row.dated),
                row.owner.clone(),
                row.location.clone(),
                row.links.join(", "),
            ])
        })
        .collect();
    layout.table(
        &[
            col("Title", 0.25),
            col("Kind", 0.13),
            col("Dated", 0.11),
            col("Owner", 0.13),
            col("Location", 0.18),
            col("Supports", 0.2),
        ],
        &rows,
    );
    layout.subheading("Stored files");
    let rows: Vec<Vec<Cell>> = model
        .evidence
        .iter()
        .filter_map(|row| {
            Some(cells(vec![
                format!("{}\n{}", row.file_name.clone()?, row.title),
                row.size.map_or_else(String::new, |size| size.to_string()),
                row.sha256.clone().unwrap_or_default(),
            ]))
        })
        .collect();
    if rows.is_empty() {
        layout.paragraph("No files are stored in the workspace.", BODY, false);
    } else {
        // Wide enough for a SHA-256 on one line.
        layout.table(&[col("File", 0.2), col("Bytes", 0.1), col("SHA-256", 0.7)], &rows);
    }
}

pub fn change_log(layout: &mut Layout, model: &ReportModel) {
    let log = &model.change_log;
    layout.paragraph(
        &format!(
            "Every change to the workspace's records is recorded in a hash-chained change log that \
             replays to the data. When this report was made it held {} entries; the hash of the \
             last entry is:",
            log.entries
        ),
        BODY,
        false,
    );
    layout.paragraph(&log.last_hash, BODY, true);
    // What the check detects and what it cannot: the hashes are not keyed, so only a signed
    // record of this head pins the history down.
    layout.paragraph(
        "`hipaa-ra log verify` finds a record edited behind the log's back and a log cut short; \
         `hipaa-ra verify` of the signed report with `--workspace` says whether a workspace's \
         history still passes through this entry. Someone holding the workspace file can rewrite \
         its records and its whole log consistently; only a signed report shows that the history \
         it recorded was changed.",
        BODY,
        false,
    );
    layout.subheading("Next review");
    layout.paragraph(
        &match model.next_review {
            Some(day) => format!("The next review of this risk analysis is due by {day}."),
            None => "No date is set for the next review of this risk analysis.".to_string(),
        },
        BODY,
        false,
    );
}

pub fn sign_off(layout: &mut Layout, model: &ReportModel) {
    let sign_off = &model.sign_off;
    layout.subheading("Attestation");
    layout.paragraph(&sign_off.attestation, BODY, false);
    layout.gap(8.0);
    match &sign_off.signer {
        Some(signer) => {
            layout.pairs(&[
                ("Signed by", signer.name.clone()),
                ("Role", signer.role.clone()),
                ("Date", sign_off.date.to_string()),
                ("Public-key fingerprint", signer.fingerprint.clone()),
                ("Public key", signer.public_key.clone()),
            ]);
            layout.gap(10.0);
            layout.subheading("Checking this report");
            layout.paragraph(
                "This file comes with a signature file of the same name ending in .minisig. Anyone can \
                 check that the report was not altered after signing, with the free, independent minisign \
                 tool and the public key above (the file name as saved):",
                BODY,
                false,
            );
            layout.paragraph(&format!("minisign -Vm report.pdf -P {}", signer.public_key), BODY, true);
        }
        None => {
            layout.paragraph("Unsigned", 13.0, true);
            layout.paragraph(
                "No signing key was given when this report was made. Sign by hand below, or make \
                 the report again with a signing key.",
                BODY,
                false,
            );
            layout.gap(10.0);
            for label in ["Name", "Role", "Date", "Signature"] {
                layout.ensure(34.0);
                layout.gap(22.0);
                layout.text_at(layout.left, layout.y + 3.0, label, BODY, true, BLACK);
                let y = layout.y;
                layout.fill(layout.left + 80.0, y, layout.text_width() - 80.0, 0.6, BLACK);
                layout.gap(8.0);
            }
        }
    }
}
