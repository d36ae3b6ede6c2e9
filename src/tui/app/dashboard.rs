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

    /// Opens the screen of a record with the cursor on it: the screen finds the record
    /// itself (`Reply::Select`), clearing a filter or unfolding a section that hides it;
    /// a record that no longer exists leaves the cursor where it was and says so.
    pub fn jump_to(&mut self, target: &Target) {
        self.show(target.screen());
        if let Target::Screen(_) = target {
            return;
        }
        let select = Reply::Select(target.clone());
        let outcome = self.screens.get_mut(self.screen).receive(select, &super::ctx!(self));
        if matches!(outcome, Outcome::Ignored) {
            self.message = Some((
                MessageKind::Error,
                "That record is no longer in the workspace".to_string(),
            ));
        }
        self.apply_outcome(outcome);
    }
}
