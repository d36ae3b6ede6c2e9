//! The dashboard's selectable lines: "Next:" (the first signal that is not green, and the
//! first record behind it) and the open findings, blocking first. Worked out once per
//! change of the workspace (`DashboardScreen::refresh`), never per frame.

use chrono::NaiveDate;

use crate::domain::readiness::{CONTROL_CITATIONS, Signal, SignalLevel, readiness};
use crate::domain::{Finding, ReviewStatus, Workspace};
use crate::tui::protocol::Target;
use crate::tui::screen::Screen;

/// One selectable line of the dashboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DashboardItem {
    /// `Next`, `blocking` or `advisory`.
    pub tag: &'static str,
    pub text: String,
    pub target: Target,
    /// The finding the line shows, for acknowledging it.
    pub finding: Option<Finding>,
}

/// "Next:" first, then the open findings.
pub fn items(workspace: &Workspace, findings: &[Finding], today: NaiveDate) -> Vec<DashboardItem> {
    let signals = readiness(workspace, today);
    let mut items = vec![next_item(workspace, &signals, today)];
    items.extend(finding_items(findings));
    items
}

/// The first signal that is not green says what to do next, and where.
fn next_item(workspace: &Workspace, signals: &[Signal], today: NaiveDate) -> DashboardItem {
    let Some(signal) = signals.iter().find(|signal| signal.level != SignalLevel::Green) else {
        return DashboardItem {
            tag: "Next",
            text: "everything is green: produce and sign the report".to_string(),
            target: Target::Screen(Screen::Report),
            finding: None,
        };
    };
    DashboardItem {
        tag: "Next",
        text: format!("{}: {}", signal.name, signal.reason),
        target: signal_target(workspace, signal.name, today),
        finding: None,
    }
}

/// The first record behind a signal that is not green.
fn signal_target(workspace: &Workspace, signal: &str, today: NaiveDate) -> Target {
    let year_ago = today.checked_sub_months(chrono::Months::new(12)).unwrap_or(today);
    let found = match signal {
        "Inventory current" => workspace
            .assets
            .iter()
            .find(|asset| asset.in_scope() && asset.last_reviewed.is_none_or(|day| day < year_ago))
            .map(|asset| Target::Asset(asset.id)),
        "Documented controls" => CONTROL_CITATIONS
            .iter()
            .find(|(citation, _)| {
                !matches!(
                    workspace.review_status(citation),
                    ReviewStatus::Implemented | ReviewStatus::NotApplicable
                )
            })
            .map(|(citation, _)| Target::Safeguard(citation.to_string())),
        "Risk analysis and remediation" => workspace
            .risks
            .iter()
            .find(|risk| !risk.is_scored())
            .map(|risk| Target::Scenario(risk.id)),
        "Retrievable evidence" => workspace
            .evidence
            .iter()
            .find(|record| record.is_review_overdue(today))
            .map(|record| Target::Evidence(record.id)),
        _ => None,
    };
    found.unwrap_or(Target::Screen(match signal {
        "Inventory current" => Screen::Inventory,
        "Named ownership" => Screen::People,
        "Documented controls" => Screen::Safeguards,
        "Risk analysis and remediation" => Screen::Risks,
        _ => Screen::Evidence,
    }))
}

/// The open findings as dashboard lines, blocking first (the domain's order).
fn finding_items(findings: &[Finding]) -> Vec<DashboardItem> {
    findings
        .iter()
        .filter(|finding| finding.is_open())
        .map(|finding| DashboardItem {
            tag: finding.weight(),
            text: finding.message.clone(),
            target: Target::of(finding),
            finding: Some(finding.clone()),
        })
        .collect()
}
