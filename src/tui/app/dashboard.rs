//! The app's side of the dashboard's Enter (`Command::JumpTo`): `jump_to` opens the
//! screen of the record with the cursor on it, clearing a filter that would hide it. A
//! screen that is a component selects the record itself (`Reply::Select`). The lines are
//! the Dashboard screen's (`screens::dashboard`).

use super::App;
use crate::tui::component::Outcome;
use crate::tui::protocol::MessageKind;
use crate::tui::protocol::{Reply, Target};
use crate::tui::screens::DashboardItem;

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
