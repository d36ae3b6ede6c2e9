//! Next year in the TUI: the Safeguards screen confirms a carried-forward review with one
//! key. (The Practice screen starts and switches assessments, the Dashboard confirms a
//! carried acknowledgment or coverage note and the Inventory retires an asset, each as a
//! component: see `screens`.)

use super::{App, MessageKind};
use crate::domain::CarriedEntity;

impl App {
    /// Confirms the carried-forward review under the Safeguards cursor.
    pub(super) fn confirm_carried_review(&mut self) {
        let Some(index) = self.selected_item() else { return };
        let citation = &self.catalog.items[index].citation;
        let Some(review) = self.workspace.review(citation) else {
            self.message = Some((MessageKind::Info, format!("{citation} was not carried forward")));
            return;
        };
        if !self.workspace.needs_confirmation(CarriedEntity::Review, review.id) {
            self.message = Some((MessageKind::Info, format!("{citation} needs no confirmation")));
            return;
        }
        let message = format!("{citation} confirmed for this assessment");
        let outcome = self
            .store
            .confirm_carried(CarriedEntity::Review, review.id)
            .map(|()| message);
        self.after_write(outcome);
    }
}
