//! What the tests and the dashboard read of the Safeguards screen, which is a component
//! (`screens::SafeguardsScreen`) owning its tree, cursor and review form.

use super::App;

impl App {
    /// The catalog item under the Safeguards cursor (None on a section row).
    pub fn selected_item(&self) -> Option<usize> {
        self.screens.safeguards.selected_item()
    }
}
