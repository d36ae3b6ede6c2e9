//! The Safeguards screen's keys: review the item under the cursor, fold sections, find an
//! item by citation or name, and go to the next item still to review.

use super::{App, FormTarget, MessageKind, Overlay};
use crate::domain::SafeguardReview;
use crate::tui::editors;
use crate::tui::keys::Action;
use crate::tui::safeguard_tree::{SafeguardTree, TreeRow};
use crate::tui::screen::Screen;

impl App {
    /// The catalog item under the cursor (None on a section row).
    pub fn selected_item(&self) -> Option<usize> {
        match self.tree.rows.get(self.cursor(Screen::Safeguards))? {
            TreeRow::Item(index) => Some(*index),
            TreeRow::Section(_) => None,
        }
    }

    /// Handles a Safeguards-screen action; false when it is not one of this screen's.
    pub(super) fn update_safeguards(&mut self, action: Action) -> bool {
        match action {
            Action::Edit => match self.selected_item() {
                Some(index) => self.open_review_form(index),
                None => self.fold_here(),
            },
            Action::Fold => self.fold_here(),
            Action::ConfirmCarried => self.confirm_carried_review(),
            Action::Filter => {
                self.tree.find.clear();
                self.open(Overlay::Filter);
            }
            Action::NextOpen => match SafeguardTree::next_open(self.catalog, &self.workspace, self.selected_item()) {
                Some(index) => self.go_to_item(index),
                None => {
                    self.message = Some((MessageKind::Info, "Every item has been reviewed".to_string()));
                }
            },
            _ => return false,
        }
        true
    }

    fn fold_here(&mut self) {
        let cursor = self.cursor(Screen::Safeguards);
        let row = self.tree.toggle_fold(self.catalog, cursor);
        self.set_cursor(Screen::Safeguards, row);
    }

    /// Moves the cursor to a catalog item, unfolding its section.
    pub(super) fn go_to_item(&mut self, index: usize) {
        if let Some(row) = self.tree.reveal(self.catalog, index) {
            self.set_cursor(Screen::Safeguards, row);
        }
    }

    /// The find text changed: jump to the first match as the user types.
    pub(super) fn set_find(&mut self, text: String) {
        self.tree.find = text;
        if let Some(index) = SafeguardTree::find_item(self.catalog, &self.tree.find) {
            self.go_to_item(index);
        }
    }

    pub(super) fn open_review_form(&mut self, index: usize) {
        let Some(item) = self.catalog.items.get(index) else {
            return;
        };
        let review = self.review_of(index);
        let form = editors::review_form(item, &review, &self.workspace.people);
        self.open(Overlay::Form {
            form,
            target: Some(FormTarget::Review(index)),
        });
    }

    /// The saved review of a catalog item, or a blank one.
    pub(super) fn review_of(&self, index: usize) -> SafeguardReview {
        let citation = &self.catalog.items[index].citation;
        self.workspace
            .review(citation)
            .cloned()
            .unwrap_or_else(|| SafeguardReview::not_reviewed(self.workspace.assessment_id, citation))
    }
}
