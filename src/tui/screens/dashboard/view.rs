//! The dashboard's selectable lines: "Next:" (the first open finding in the order of the
//! analysis, `readiness::next_finding`) and the open findings, blocking first. Worked out
//! once per change of the workspace (`DashboardScreen::refresh`), never per frame.

use crate::domain::Finding;
use crate::domain::readiness::{next_finding, short};
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
pub fn items(findings: &[Finding]) -> Vec<DashboardItem> {
    let mut items = vec![next_item(findings)];
    items.extend(finding_items(findings));
    items
}

/// The first open finding in the order of the analysis says what to do next, and Enter
/// goes to its record; with none open, what is left is the report.
fn next_item(findings: &[Finding]) -> DashboardItem {
    match next_finding(findings) {
        // In a few words: the whole message is the finding's own line in the list.
        Some(finding) => DashboardItem {
            tag: "Next",
            text: short(finding),
            target: Target::of(finding),
            finding: Some(finding.clone()),
        },
        None => DashboardItem {
            tag: "Next",
            text: "no open finding: finalize, produce and sign the report".to_string(),
            target: Target::Screen(Screen::Report),
            finding: None,
        },
    }
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
