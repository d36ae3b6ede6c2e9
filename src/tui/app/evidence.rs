//! What the tests read of the Evidence screen, which is a component
//! (`screens::EvidenceScreen`) owning its cursor, forms and questions.

use super::App;
use crate::domain::Evidence;
use crate::tui::screen::Screen;

impl App {
    /// The evidence record under the Evidence cursor.
    pub fn selected_evidence(&self) -> Option<&Evidence> {
        self.workspace.evidence.get(self.cursor(Screen::Evidence))
    }
}
