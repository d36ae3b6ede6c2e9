//! The report as the Report screen previews it: plain lines made once from the same model
//! the PDF, JSON and CSV come from, so the preview never disagrees with the files. The
//! screen draws only the lines in view.

use crate::domain::{Labeled, Rule};
use crate::report::{ReportModel, Section};

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
        // The same counts as the PDF's summary and `hipaa-ra check`: from the findings.
        let counts = model.finding_counts;
        lines.push(line(
            Warning,
            format!(
                "DRAFT: {} blocking findings open ({} advisory, {} acknowledged)",
                counts.blocking, counts.advisory, counts.acknowledged
            ),
        ));
        for rule in Rule::ALL {
            let open = model
                .findings
                .iter()
                .filter(|finding| finding.rule == *rule && finding.blocks())
                .count();
            if open > 0 {
                lines.push(line(Warning, format!("  {open} {}", rule.label())));
            }
        }
    }
    for section in Section::ALL {
        lines.push(line(Heading, ""));
        lines.push(line(Heading, format!("{}. {}", section.number(), section.title())));
        lines.extend(section_lines(model, section));
    }
    if let Some(proposed) = &model.proposed {
        lines.extend(proposed_lines(proposed));
    }
    lines.push(line(Dim, ""));
    lines.push(line(Dim, "x  export to PDF, JSON or CSV, signed if you like"));
    lines
}

/// The proposed rule's appendix, as the PDF prints it after the sign-off: every line says
/// PROPOSED, and none of it is counted in the sections above.
fn proposed_lines(proposed: &crate::report::proposed::ProposedReadiness) -> Vec<PreviewLine> {
    use LineKind::{Dim, Heading, Text, Warning};
    let mut lines = vec![
        line(Heading, ""),
        line(Heading, crate::report::proposed::APPENDIX_TITLE),
        line(
            Warning,
            format!(
                "PROPOSED, NOT IN FORCE: {} ({}). Not counted in this analysis's status or findings.",
                proposed.title, proposed.source
            ),
        ),
    ];
    for item in &proposed.items {
        lines.push(line(
            Text,
            format!(
                "{} {} ({}): {}",
                item.status, item.citation, item.confidence, item.requirement
            ),
        ));
        lines.extend(item.from_data.iter().map(|shown| line(Text, format!("  {shown}"))));
        if let Some(ask) = &item.ask {
            lines.push(line(Dim, format!("  Ask: {ask}")));
        }
    }
    lines
}

fn section_lines(model: &ReportModel, section: Section) -> Vec<PreviewLine> {
    use LineKind::{Dim, Text, Warning};
    let mut lines = Vec::new();
    match section {
        Section::Summary => {
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
            for gap in &model.summary.key_gaps {
                let kind = if gap.names.is_empty() { Text } else { Warning };
                lines.push(line(
                    kind,
                    format!("  {} {} ({})", gap.names.len(), gap.gap, gap.citation),
                ));
            }
            for step in &model.summary.next_steps {
                lines.push(line(Dim, format!("  • {step}")));
            }
        }
        Section::ScopeAndMethodology => {
            let scope = &model.scope;
            let unanswered = scope
                .forgotten_items
                .iter()
                .filter(|item| item.answer.is_none())
                .count();
            lines.push(line(
                Text,
                format!(
                    "Scope: {} entries excluded (no ePHI), {} items not applicable, {} of {} forgotten-item questions answered",
                    scope.excluded_assets.len(),
                    scope.not_applicable.len(),
                    scope.forgotten_items.len() - unanswered,
                    scope.forgotten_items.len()
                ),
            ));
            lines.push(line(
                Text,
                "The OCR elements, assumptions, definitions, the risk-acceptance rule, the threat \
                 library, the scales and the matrix.",
            ));
        }
        Section::PracticeAndPeople => {
            for owner in &model.owners {
                let names = if owner.names.is_empty() {
                    "nobody named".to_string()
                } else {
                    owner.names.join(", ")
                };
                lines.push(line(Text, format!("  {}: {names}", owner.role)));
            }
        }
        Section::Inventory => lines.push(line(
            Text,
            format!("{} assets, {} vendors", model.assets.len(), model.vendors.len()),
        )),
        Section::Safeguards => {
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
        Section::Threats => lines.push(line(
            Text,
            format!("{} scenarios with likelihood, impact and level", model.scenarios.len()),
        )),
        Section::HeatMap => {
            let scored: usize = model.heat_map.iter().flatten().sum();
            lines.push(line(
                Text,
                format!("The matrix as a coloured grid, {scored} scored scenarios placed on it"),
            ));
        }
        Section::Register => {
            for row in &model.register {
                let level = row.score.as_ref().map_or("Not scored", |score| score.level.as_str());
                lines.push(line(
                    Text,
                    format!(
                        "  {:>3}. {:<10} #{} {} ({})",
                        row.rank, level, row.risk_id, row.threat, row.treatment
                    ),
                ));
            }
        }
        Section::Plan => {
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
        Section::Findings => {
            for finding in model.findings.iter().filter(|finding| finding.is_open()) {
                let kind = if finding.blocking { Warning } else { Dim };
                lines.push(line(kind, format!("  {}", finding.message)));
            }
            for row in &model.acknowledgments {
                lines.push(line(
                    Text,
                    format!("  Acknowledged by {} on {}: {}", row.by, row.on, row.reason),
                ));
            }
            for row in &model.coverage_notes {
                lines.push(line(
                    Text,
                    format!("  Coverage note, {}: {}", row.asset, row.scenarios.join(", ")),
                ));
            }
        }
        Section::Evidence => {
            let overdue = model.evidence.iter().filter(|row| row.overdue).count();
            lines.push(line(
                Text,
                format!(
                    "{} evidence records, {overdue} past their review date",
                    model.evidence.len()
                ),
            ));
        }
        Section::PolicyRegister => {
            let due = model
                .policy_register
                .iter()
                .filter(|row| row.review_state != "current")
                .count();
            lines.push(line(
                Text,
                format!(
                    "{}, {due} due or overdue for review",
                    counted(model.policy_register.len(), "policy", "policies")
                ),
            ));
        }
        Section::BusinessAssociates => {
            let expiring = model
                .business_associates
                .iter()
                .filter(|row| row.agreement_state != "current")
                .count();
            lines.push(line(
                Text,
                format!(
                    "{}, {} expiring or expired",
                    counted(
                        model.business_associates.len(),
                        "business associate",
                        "business associates"
                    ),
                    counted(expiring, "agreement", "agreements")
                ),
            ));
        }
        Section::ContingencyTests => {
            let section = &model.contingency;
            let failed = section.tests.iter().filter(|row| row.result == "Fail").count();
            lines.push(line(
                Text,
                format!(
                    "{} in the period, {} failed",
                    counted(section.tests.len(), "test", "tests"),
                    failed
                ),
            ));
            for row in &section.tests {
                for target in row.targets.iter().filter(|target| target.ends_with("missed")) {
                    lines.push(line(Warning, format!("  {target}")));
                }
            }
            if !section.untested.is_empty() {
                lines.push(line(
                    Warning,
                    format!(
                        "  {} without a restore test in 12 months",
                        counted(section.untested.len(), "critical asset", "critical assets")
                    ),
                ));
            }
        }
        Section::ProgramCalendar => {
            let overdue = model.calendar.iter().filter(|row| row.overdue).count();
            lines.push(line(
                Text,
                format!(
                    "{overdue} overdue, {} due within 30 days",
                    model.calendar.len() - overdue
                ),
            ));
        }
        Section::Incidents => {
            lines.push(line(Text, format!("{} incidents in the period", model.incidents.len())));
            for row in &model.incidents {
                lines.push(line(Text, format!("  {}: {}, {}", row.title, row.status, row.breach)));
            }
        }
        Section::BreachLog => {
            let count: usize = model.breach_logs.iter().map(|log| log.breaches.len()).sum();
            lines.push(line(
                Text,
                format!("{} of fewer than 500 individuals", counted(count, "breach", "breaches")),
            ));
            for log in &model.breach_logs {
                lines.push(line(
                    Text,
                    format!(
                        "  {}: {}, due at HHS by {}",
                        log.year,
                        counted(log.breaches.len(), "breach", "breaches"),
                        date(log.due)
                    ),
                ));
            }
        }
        Section::WorkforceTraining => {
            lines.push(line(Text, crate::report::training::summary_line(&model.training)));
            for row in &model.training.overdue {
                lines.push(line(
                    Warning,
                    format!("  {}: {} ({} days overdue)", row.person, row.course, row.days),
                ));
            }
            for row in &model.access.systems {
                lines.push(line(
                    Text,
                    format!(
                        "  {}: {} accounts, {} new, {} removed, {} unchanged",
                        row.system, row.accounts, row.new, row.removed, row.unchanged
                    ),
                ));
            }
            let late = model.access.leavers.iter().filter(|row| row.late).count();
            lines.push(line(
                Text,
                format!(
                    "  {} leavers, {late} revoked after the limit",
                    model.access.leavers.len()
                ),
            ));
            if !model.access.changes.is_empty() {
                lines.push(line(
                    Text,
                    format!(
                        "  {} outside reviews",
                        counted(model.access.changes.len(), "access change", "access changes")
                    ),
                ));
            }
        }
        Section::Changes => {
            let started = &model.started;
            lines.push(line(Text, format!("Started {}: {}", date(started.on), started.reason)));
            match &model.changes {
                Some(changes) => lines.extend(changes.lines().into_iter().map(|text| line(Text, format!("  {text}")))),
                None => lines.push(line(Dim, "  The first assessment: nothing earlier to compare with.")),
            }
        }
        Section::ChangeLog => lines.push(line(
            Text,
            format!(
                "{} change-log entries, last hash {}; next review {}",
                model.change_log.entries,
                model.change_log.last_hash.get(..16).unwrap_or(""),
                date(model.next_review)
            ),
        )),
        Section::SignOff => lines.push(line(
            Text,
            match &model.sign_off.signer {
                Some(signer) => format!("Signed by {} (key {})", signer.name, signer.fingerprint),
                None => "Attestation; signed when exported with a key.".to_string(),
            },
        )),
    }
    lines
}

/// "1 breach", "2 breaches": a count with its noun.
fn counted(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}
