//! The dashboard's list and its keys: "Next:" and the open findings, each one Enter away
//! from the record it concerns. The list is worked out once per change of the workspace
//! (`refresh_dashboard`), never per frame, and Enter opens the screen of the record with
//! the cursor on it, clearing a filter that would hide it.

use super::{App, MessageKind};
use crate::domain::readiness::{Signal, SignalLevel, readiness};
use crate::domain::{Finding, Id, RecordRef};
use crate::tui::component::Outcome;
use crate::tui::keys::Action;
use crate::tui::overlays::Reply;
use crate::tui::screen::Screen;

/// A record the dashboard can take you to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Asset(Id),
    /// A safeguard item, by citation.
    Safeguard(String),
    Scenario(Id),
    Evidence(Id),
    Action(Id),
    /// A screen with no one record to select.
    Screen(Screen),
}

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

impl Target {
    /// The screen the record is on.
    pub fn screen(&self) -> Screen {
        match self {
            Target::Asset(_) => Screen::Inventory,
            Target::Safeguard(_) => Screen::Safeguards,
            Target::Scenario(_) => Screen::Risks,
            Target::Evidence(_) => Screen::Evidence,
            Target::Action(_) => Screen::Remediation,
            Target::Screen(screen) => *screen,
        }
    }

    /// Where a finding's first record lives; a finding naming none opens the dashboard.
    pub fn of(finding: &Finding) -> Target {
        match finding.records.first() {
            Some(RecordRef::Asset { id, .. } | RecordRef::Vendor { id, .. }) => Target::Asset(*id),
            Some(RecordRef::Citation { citation, .. }) => Target::Safeguard(citation.clone()),
            Some(RecordRef::Scenario { id, .. }) => Target::Scenario(*id),
            Some(RecordRef::Evidence { id, .. }) => Target::Evidence(*id),
            Some(RecordRef::Action { id, .. }) => Target::Action(*id),
            None => Target::Screen(Screen::Inventory),
        }
    }
}

impl App {
    /// The dashboard's selectable lines: "Next:" first, then the open findings.
    pub fn dashboard_items(&self) -> &[DashboardItem] {
        &self.dashboard
    }

    /// Works the list out again after the workspace changed.
    pub(super) fn refresh_dashboard(&mut self) {
        // `self.findings` is worked out in `refresh_views`, just before this.
        let signals = readiness(&self.workspace, self.today);
        let mut items = vec![self.next_item(&signals)];
        items.extend(self.finding_items());
        self.dashboard = items;
    }

    /// The first signal that is not green says what to do next, and where.
    fn next_item(&self, signals: &[Signal]) -> DashboardItem {
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
            target: self.signal_target(signal.name),
            finding: None,
        }
    }

    /// The first record behind a signal that is not green.
    fn signal_target(&self, signal: &str) -> Target {
        let workspace = &self.workspace;
        let year_ago = self
            .today
            .checked_sub_months(chrono::Months::new(12))
            .unwrap_or(self.today);
        let found = match signal {
            "Inventory current" => workspace
                .assets
                .iter()
                .find(|asset| asset.in_scope() && asset.last_reviewed.is_none_or(|day| day < year_ago))
                .map(|asset| Target::Asset(asset.id)),
            "Documented controls" => crate::domain::readiness::CONTROL_CITATIONS
                .iter()
                .find(|(citation, _)| {
                    !matches!(
                        workspace.review_status(citation),
                        crate::domain::ReviewStatus::Implemented | crate::domain::ReviewStatus::NotApplicable
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
                .find(|record| record.is_review_overdue(self.today))
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
    fn finding_items(&self) -> Vec<DashboardItem> {
        self.findings
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

    /// Handles a Dashboard action; false when it is not one of this screen's.
    pub(super) fn update_dashboard(&mut self, action: Action) -> bool {
        match action {
            Action::Edit => {
                let Some(item) = self.dashboard.get(self.cursor(Screen::Dashboard)).cloned() else {
                    return true;
                };
                self.jump_to(&item.target);
            }
            Action::Acknowledge => self.resolve_selected_finding(),
            Action::ConfirmCarried => self.confirm_carried_resolution(),
            _ => return false,
        }
        true
    }

    /// Opens the screen of a record with the cursor on it. A filter that hides the
    /// record is cleared, a folded section unfolded; a record that no longer exists
    /// leaves the cursor where it was and says so.
    pub fn jump_to(&mut self, target: &Target) {
        // A screen that is a component finds the record itself (`Reply::Select`).
        if !matches!(target, Target::Screen(_)) && self.screens.get(target.screen()).is_some() {
            self.show(target.screen());
            let outcome = match self.screens.get_mut(self.screen) {
                Some(screen) => screen.receive(Reply::Select(target.clone()), &super::ctx!(self)),
                None => Outcome::Ignored,
            };
            if matches!(outcome, Outcome::Ignored) {
                self.message = Some((
                    MessageKind::Error,
                    "That record is no longer in the workspace".to_string(),
                ));
            }
            return self.apply_outcome(outcome);
        }
        let found = match target {
            Target::Screen(screen) => {
                self.show(*screen);
                return;
            }
            Target::Asset(id) => {
                if !self.inventory_row_of(*id) {
                    self.set_filter(String::new());
                }
                self.show(Screen::Inventory);
                self.inventory_row_of(*id)
            }
            Target::Safeguard(citation) => {
                self.show(Screen::Safeguards);
                match self.catalog.items.iter().position(|item| item.citation == *citation) {
                    Some(index) => {
                        self.go_to_item(index);
                        true
                    }
                    None => false,
                }
            }
            Target::Evidence(id) => {
                self.show(Screen::Evidence);
                let row = self.workspace.evidence.iter().position(|record| record.id == *id);
                row.map(|row| self.set_cursor(Screen::Evidence, row)).is_some()
            }
            // The Risks and Remediation screens are components, handled above.
            Target::Scenario(_) | Target::Action(_) => false,
        };
        if !found {
            self.message = Some((
                MessageKind::Error,
                "That record is no longer in the workspace".to_string(),
            ));
        }
    }

    /// Puts the inventory cursor on the asset; false when the asset is not shown.
    fn inventory_row_of(&mut self, id: Id) -> bool {
        let workspace = &self.workspace;
        match self
            .inventory
            .rows
            .iter()
            .position(|&index| workspace.assets[index].id == id)
        {
            Some(row) => {
                self.set_cursor(Screen::Inventory, row);
                true
            }
            None => false,
        }
    }
}
