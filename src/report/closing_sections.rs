//! The PDF's closing sections: findings and their acknowledgments, the evidence index,
//! the change log and next review, and the sign-off. It only formats the model.

use super::helpers::{RED, cells, date, or_none};
use super::layout::{BLACK, BODY, Cell, Layout, col};
use super::model::ReportModel;
use super::printed_findings::{FINDINGS_LISTED, RuleFindings};
use crate::domain::Labeled;

/// The findings: each open one with how to resolve it, grouped by rule; then each
/// acknowledgment with who, when and why; then the coverage notes.
pub fn findings(layout: &mut Layout, model: &ReportModel) {
    let counts = &model.finding_counts;
    layout.paragraph(
        "The workbench reads its own data the way an investigator would and reports what it \
         finds. A blocking finding keeps the analysis a draft; an advisory one is shown and \
         counted but never blocks. A finding is resolved by fixing the data, by planning an \
         action where one fits, or by acknowledging it with a written reason, printed here.",
        BODY,
        false,
    );
    layout.paragraph(&counts.summary(), BODY, true);
    let by_rule = model.findings_by_rule();
    for (blocking, heading) in [(true, "Open blocking findings"), (false, "Open advisory findings")] {
        layout.subheading(heading);
        let open: Vec<&RuleFindings> = by_rule
            .iter()
            .filter(|rule| rule.open > 0 && rule.blocking == blocking)
            .collect();
        if open.is_empty() {
            layout.paragraph("None.", BODY, false);
            continue;
        }
        for of_rule in open {
            layout.paragraph(&format!("{} ({})", of_rule.rule.label(), of_rule.open), BODY, true);
            let Some(first) = of_rule.listed.first() else {
                continue;
            };
            // A grouped report prints each scenario number once, in the threats section:
            // findings about scenarios are counted here, and listed by `hipaa-ra check`.
            if model.grouping.scenarios && of_rule.about_scenarios {
                layout.paragraph(
                    &format!(
                        "To resolve: {}. Each is listed in the JSON report and by `hipaa-ra check`.",
                        first.resolution
                    ),
                    BODY,
                    false,
                );
                continue;
            }
            // Most rules resolve every finding the same way: say it once, not per line.
            let shared = of_rule.shared_resolution;
            if shared {
                layout.paragraph(&format!("To resolve: {}.", first.resolution), BODY, false);
            }
            for finding in &of_rule.listed {
                if shared {
                    layout.bullet(&finding.message);
                } else {
                    layout.bullet(&format!("{} To resolve: {}.", finding.message, finding.resolution));
                }
            }
            if of_rule.open > FINDINGS_LISTED {
                layout.paragraph(
                    &format!(
                        "And {} more of this kind, every one listed in the JSON report and by \
                         `hipaa-ra check`.",
                        of_rule.open - FINDINGS_LISTED
                    ),
                    BODY,
                    false,
                );
            }
        }
    }
    layout.subheading("Acknowledged findings");
    if model.acknowledgments.is_empty() {
        layout.paragraph("None.", BODY, false);
    } else {
        let rows: Vec<Vec<Cell>> = model
            .acknowledgments
            .iter()
            .map(|row| {
                cells(vec![
                    format!(
                        "{}\n({}, {})",
                        row.message,
                        row.rule,
                        if row.blocking { "blocking" } else { "advisory" }
                    ),
                    format!("{}\n{}", or_none(&row.by), row.on),
                    row.reason.clone(),
                ])
            })
            .collect();
        layout.table(
            &[
                col("Finding", 0.42),
                col("Acknowledged by, on", 0.2),
                col("Why it stands", 0.38),
            ],
            &rows,
        );
    }
    layout.subheading("Coverage notes");
    if model.coverage_notes.is_empty() {
        layout.paragraph("None.", BODY, false);
    } else {
        let rows: Vec<Vec<Cell>> = model
            .coverage_notes
            .iter()
            .map(|row| cells(vec![row.asset.clone(), row.scenarios.join("\n"), row.reason.clone()]))
            .collect();
        layout.table(&[col("Asset", 0.25), col("Covered by", 0.35), col("Why", 0.4)], &rows);
    }
}

pub fn evidence(layout: &mut Layout, model: &ReportModel) {
    if model.evidence.is_empty() {
        layout.paragraph("No evidence recorded.", BODY, false);
        return;
    }
    let overdue = model.evidence.iter().filter(|row| row.overdue).count();
    layout.paragraph(
        &format!(
            "Every evidence record with its id (as the workbench and the JSON name it), where it \
             is kept, and when it is next due for review; {overdue} {} past {} review date on {}.",
            if overdue == 1 { "is" } else { "are" },
            if overdue == 1 { "its" } else { "their" },
            model.date
        ),
        BODY,
        false,
    );
    let rows: Vec<Vec<Cell>> = model
        .evidence
        .iter()
        .map(|row| {
            let mut place = Vec::new();
            if !row.location.trim().is_empty() {
                place.push(row.location.clone());
            }
            if let Some(file) = &row.file_name {
                place.push(format!("Stored in the workspace as {file}"));
            }
            let due = match row.review_due {
                Some(due) if row.overdue => format!("{due} (overdue)"),
                Some(due) => due.to_string(),
                None => "No review cycle".to_string(),
            };
            vec![
                Cell::from(row.id.to_string()),
                Cell::from(format!("{}\n{}", row.title, row.kind)),
                Cell::from(date(row.dated)),
                Cell::from(or_none(&row.owner)),
                Cell::from(if place.is_empty() {
                    "Not recorded".to_string()
                } else {
                    place.join("\n")
                }),
                Cell {
                    text: due,
                    bold: row.overdue,
                    fill: row.overdue.then_some(RED),
                },
                Cell::from(row.links.join(", ")),
            ]
        })
        .collect();
    layout.table(
        &[
            col("Id", 0.06),
            col("Title and kind", 0.23),
            col("Dated", 0.1),
            col("Owner", 0.12),
            col("Where kept", 0.2),
            col("Review due", 0.12),
            col("Supports", 0.17),
        ],
        &rows,
    );
    layout.subheading("Stored files");
    let rows: Vec<Vec<Cell>> = model
        .evidence
        .iter()
        .filter_map(|row| {
            Some(cells(vec![
                row.id.to_string(),
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
        layout.table(
            &[
                col("Id", 0.06),
                col("File", 0.18),
                col("Bytes", 0.08),
                col("SHA-256", 0.68),
            ],
            &rows,
        );
    }
}

pub fn change_log(layout: &mut Layout, model: &ReportModel) {
    let log = &model.change_log;
    // What was checked when the report was made (`publish::checked_log`), and no more: the
    // head entry, the starting points and the records the report prints (this year's, the
    // year it was carried from and those every year shares; `Store::check_data_of`), not
    // every entry before the head nor other years' records.
    layout.paragraph(
        &format!(
            "Every change to the workspace's records is recorded in a hash-chained change log. \
             When this report was made, the log's last entry was number {}: its hash matched its \
             content, and digests of the records this report draws on (this assessment's, those \
             of the assessment it was carried forward from, and those every year shares, such as \
             the practice, its people and evidence) matched the digests that entry records for \
             them, so the data reported is the data the log accounts for. Other years' records \
             are checked by `hipaa-ra check`, when the workspace is opened, and by `hipaa-ra log \
             verify`. The hash of that entry is:",
            log.entries
        ),
        BODY,
        false,
    );
    layout.paragraph(&log.last_hash, BODY, true);
    // What the check detects and what it cannot: the hashes are not keyed, so only a signed
    // record of this head pins the history down.
    layout.paragraph(
        "`hipaa-ra log verify` checks every entry: it walks the whole chain and replays it to every \
         record and stored file, so it also finds an earlier entry altered or removed (a report is \
         signed only after the same check). `hipaa-ra verify` of the signed report with \
         `--workspace` says whether a workspace's history still passes through this entry. Someone \
         holding the workspace file can rewrite its records and its whole log consistently; only a \
         signed report shows that the history it recorded was changed.",
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
    annexes(layout, model);
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

/// The CSV files attached to this PDF, each with its SHA-256: the signature covers the
/// hashes, and anyone can check an extracted file against them (`sha256sum`).
fn annexes(layout: &mut Layout, model: &ReportModel) {
    if model.annexes.is_empty() {
        return;
    }
    layout.subheading("Annexes attached to this file");
    layout.paragraph(
        "The full tables, as CSV files attached to this PDF (a reader's attachments pane, or \
         `pdfdetach -saveall`). Each is byte for byte what the export command named gives for the \
         same workspace and date; its SHA-256 is printed here, so a signature on this report covers it.",
        BODY,
        false,
    );
    let rows: Vec<Vec<Cell>> = model
        .annexes
        .iter()
        .map(|annex| {
            cells(vec![
                format!("{}\n{}", annex.file_name, annex.description),
                annex.rows.to_string(),
                annex.sha256.clone(),
            ])
        })
        .collect();
    // Wide enough for a SHA-256 on one line.
    layout.table(&[col("File", 0.26), col("Rows", 0.08), col("SHA-256", 0.66)], &rows);
}
