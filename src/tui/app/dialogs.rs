//! The yes/no questions of the screens that are not yet components: deleting a record. (A component asks its own and acts on the
//! `Reply::Confirmed` it gets back.)

use super::{App, Overlay};
use crate::domain::Id;
pub use crate::tui::overlays::Confirm;

/// What a yes/no question does on yes.
// Only deletions are left while the screens become components; the enum goes with the last.
#[allow(clippy::enum_variant_names)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pending {
    DeleteRisk(Id),
    DeleteAction(Id),
}

impl App {
    pub(super) fn ask(&mut self, confirm: Confirm) {
        self.open(Overlay::Confirm(confirm));
    }

    /// Yes to a question (the question has closed itself).
    pub(super) fn confirm(&mut self, confirm: Confirm) {
        let Some(pending) = confirm.pending else { return };
        let outcome = match pending {
            Pending::DeleteRisk(id) => self.store.delete_risk(id).map(|()| "Scenario deleted".to_string()),
            Pending::DeleteAction(id) => self.store.delete_action(id).map(|()| "Action deleted".to_string()),
        };
        self.after_write(outcome);
    }
}
