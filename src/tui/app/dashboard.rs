//! What the dashboard's lines lead to: `Target`, the record a line concerns, and
//! `jump_to`, the app's side of the dashboard's Enter (`Command::JumpTo`): it opens the
//! screen of the record with the cursor on it, clearing a filter that would hide it. A
//! screen that is a component selects the record itself (`Reply::Select`). The lines are
//! the Dashboard screen's (`screens::dashboard`).

use super::{App, MessageKind};
use crate::domain::{Finding, Id, RecordRef};
use crate::tui::component::Outcome;
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
        self.screens.dashboard.items()
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
            // Component screens find their record themselves (above).
            Target::Asset(_) | Target::Safeguard(_) | Target::Evidence(_) => false,
            Target::Scenario(id) => {
                let shown = |app: &App| {
                    app.risk_view
                        .rows
                        .iter()
                        .position(|&index| app.workspace.risks[index].id == *id)
                };
                if shown(self).is_none() {
                    self.risk_view.filter = Default::default();
                    self.risk_view.apply_filter(&self.workspace);
                }
                self.show(Screen::Risks);
                shown(self).map(|row| self.set_cursor(Screen::Risks, row)).is_some()
            }
            Target::Action(id) => {
                self.show(Screen::Remediation);
                let row = self.workspace.actions.iter().position(|action| action.id == *id);
                row.map(|row| self.set_cursor(Screen::Remediation, row)).is_some()
            }
        };
        if !found {
            self.message = Some((
                MessageKind::Error,
                "That record is no longer in the workspace".to_string(),
            ));
        }
    }
}
