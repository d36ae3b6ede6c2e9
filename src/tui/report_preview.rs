//! The report as the Report screen previews it: plain lines made once from the same model
//! the PDF, JSON and CSV come from, so the preview never disagrees with the files. The
//! screen draws only the lines in view.

use crate::report::ReportModel;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Heading,
    Text,
    Dim,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviewLine {
    pub kind: LineKind,
    pub text: String,
}

fn line(kind: LineKind, text: impl Into<String>) -> PreviewLine {
    PreviewLine {
        kind,
        text: text.into(),
    }
}

fn date(date: Option<chrono::NaiveDate>) -> String {
    date.map_or_else(|| "-".to_string(), |date| date.to_string())
}

pub fn preview(model: &ReportModel) -> Vec<PreviewLine> {
    use LineKind::{Dim, Heading, Text, Warning};
    let cover = &model.cover;
    let mut lines = vec![
        line(Heading, format!("{} · {}", cover.practice, cover.assessment)),
        line(
            Text,
            format!(
                "Period {} to {}, assessor {}, report date {}",
                date(cover.period_start),
                date(cover.period_end),
                cover.assessor,
                cover.date
            ),
        ),
    ];
    if model.draft {
        let missing = &model.missing;
        lines.push(line(Warning, "DRAFT: the analysis is not complete. Missing:"));
        for (one, many, items) in [
            (
                "safeguard item not reviewed",
                "safeguard items not reviewed",
                &missing.unreviewed_safeguards,
            ),
            (
                "addressable item without a decision",
                "addressable items without a decision",
                &missing.undecided_addressable,
            ),
            (
                "scenario not scored",
                "scenarios not scored",
                &missing.unscored_scenarios,
            ),
            (
                "high risk without a treatment",
                "high risks without a treatment",
                &missing.untreated_high_risks,
            ),
            ("named owner", "named owners", &missing.missing_owners),
        ] {
            if !items.is_empty() {
                lines.push(line(
                    Warning,
                    format!("  {} {}", items.len(), if items.len() == 1 { one } else { many }),
                ));
            }
        }
    }
    for (index, title) in model.sections.iter().enumerate() {
        lines.push(line(Heading, ""));
        lines.push(line(Heading, format!("{}. {title}", index + 1)));
        lines.extend(section_lines(model, index));
    }
    lines.push(line(Dim, ""));
    lines.push(line(Dim, "x  export to PDF, JSON or CSV, signed if you like"));
    lines
}

fn section_lines(model: &ReportModel, index: usize) -> Vec<PreviewLine> {
    use LineKind::{Dim, Text};
    let mut lines = Vec::new();
    match index {
        0 => {
            lines.push(line(Text, model.summary.scope.clone()));
            let counts: Vec<String> = model
                .summary
                .risk_counts
                .iter()
                .map(|count| format!("{} {}", count.level, count.count))
                .collect();
            lines.push(line(
                Text,
                format!("Risks: {}; not scored {}", counts.join(", "), model.summary.unscored),
            ));
            for step in &model.summary.next_steps {
                lines.push(line(Dim, format!("  • {step}")));
            }
        }
        1 => lines.push(line(
            Text,
            "The nine OCR elements, the scales and the matrix used, as tables.",
        )),
        2 => {
            for owner in &model.owners {
                let names = if owner.names.is_empty() {
                    "nobody named".to_string()
                } else {
                    owner.names.join(", ")
                };
                lines.push(line(Text, format!("  {}: {names}", owner.role)));
            }
        }
        3 => lines.push(line(
            Text,
            format!("{} assets, {} vendors", model.assets.len(), model.vendors.len()),
        )),
        4 => {
            for row in &model.safeguards {
                let decision = row
                    .decision
                    .as_ref()
                    .map_or(String::new(), |decision| format!(" · {decision}"));
                lines.push(line(
                    Text,
                    format!("  {:<22} {:<14} {}{decision}", row.citation, row.status, row.name),
                ));
            }
        }
        5 => lines.push(line(
            Text,
            format!("{} scenarios with likelihood, impact and level", model.scenarios.len()),
        )),
        6 => {
            let scored: usize = model.heat_map.iter().flatten().sum();
            lines.push(line(
                Text,
                format!("The matrix as a coloured grid, {scored} scored scenarios placed on it"),
            ));
        }
        7 => {
            for row in &model.register {
                let level = row.score.as_ref().map_or("Not scored", |score| score.level.as_str());
                lines.push(line(
                    Text,
                    format!("  {:>3}. {:<10} {} ({})", row.rank, level, row.threat, row.treatment),
                ));
            }
        }
        8 => {
            for row in &model.plan {
                let flag = if row.overdue { " OVERDUE" } else { "" };
                lines.push(line(
                    Text,
                    format!(
                        "  {}  {}  {} ({}){flag}",
                        date(row.due_on),
                        row.title,
                        row.owner,
                        row.status
                    ),
                ));
            }
            lines.push(line(Dim, format!("  {} accepted risks", model.accepted_risks.len())));
        }
        9 => lines.push(line(Text, format!("{} evidence records", model.evidence.len()))),
        10 => {
            let started = &model.started;
            lines.push(line(Text, format!("Started {}: {}", date(started.on), started.reason)));
            match &model.changes {
                Some(changes) => lines.extend(changes.lines().into_iter().map(|text| line(Text, format!("  {text}")))),
                None => lines.push(line(Dim, "  The first assessment: nothing earlier to compare with.")),
            }
        }
        11 => lines.push(line(
            Text,
            format!(
                "{} change-log entries, last hash {}; next review {}",
                model.change_log.entries,
                model.change_log.last_hash.get(..16).unwrap_or(""),
                date(model.next_review)
            ),
        )),
        _ => lines.push(line(
            Text,
            match &model.sign_off.signer {
                Some(signer) => format!("Signed by {} (key {})", signer.name, signer.fingerprint),
                None => "Attestation; signed when exported with a key.".to_string(),
            },
        )),
    }
    lines
}
