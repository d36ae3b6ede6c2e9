//! One module per screen. A screen that is a component (see `component`) owns its state,
//! keys, drawing and hints, and is held in `Screens`; the others still draw from the app
//! and have their keys in `app`, until they are components too.

mod dashboard;
mod evidence;
mod inventory;
mod people;
mod practice;
mod remediation;
mod report;
mod risks;
mod safeguards;

use ratatui::Frame;
use ratatui::layout::Rect;

pub use dashboard::DashboardScreen;
pub use evidence::EvidenceScreen;
pub use inventory::{InventoryScreen, blank_asset};
pub use people::PeopleScreen;
pub use practice::PracticeScreen;
pub use report::ReportScreen;
pub use safeguards::SafeguardsScreen;

use super::app::App;
use super::component::Component;
use super::screen::Screen;

/// The screens that are components, one each.
#[derive(Default)]
pub struct Screens {
    pub dashboard: DashboardScreen,
    pub practice: PracticeScreen,
    pub inventory: InventoryScreen,
    pub people: PeopleScreen,
    pub report: ReportScreen,
    pub safeguards: SafeguardsScreen,
    pub evidence: EvidenceScreen,
}

impl Screens {
    /// The component of a screen, if it is one.
    pub fn get(&self, screen: Screen) -> Option<&dyn Component> {
        match screen {
            Screen::Dashboard => Some(&self.dashboard),
            Screen::Practice => Some(&self.practice),
            Screen::Inventory => Some(&self.inventory),
            Screen::People => Some(&self.people),
            Screen::Report => Some(&self.report),
            Screen::Safeguards => Some(&self.safeguards),
            Screen::Evidence => Some(&self.evidence),
            _ => None,
        }
    }

    pub fn get_mut(&mut self, screen: Screen) -> Option<&mut dyn Component> {
        match screen {
            Screen::Dashboard => Some(&mut self.dashboard),
            Screen::Practice => Some(&mut self.practice),
            Screen::Inventory => Some(&mut self.inventory),
            Screen::People => Some(&mut self.people),
            Screen::Report => Some(&mut self.report),
            Screen::Safeguards => Some(&mut self.safeguards),
            Screen::Evidence => Some(&mut self.evidence),
            _ => None,
        }
    }

    /// Every screen component, to refresh after a write.
    pub fn all_mut(&mut self) -> [&mut dyn Component; 7] {
        [
            &mut self.dashboard,
            &mut self.practice,
            &mut self.inventory,
            &mut self.people,
            &mut self.safeguards,
            &mut self.evidence,
            &mut self.report,
        ]
    }
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    if let Some(screen) = app.screens.get(app.screen) {
        return screen.draw(frame, area, &app.ctx());
    }
    match app.screen {
        Screen::Risks => risks::draw(frame, area, app),
        Screen::Remediation => remediation::draw(frame, area, app),
        Screen::Dashboard
        | Screen::Practice
        | Screen::People
        | Screen::Inventory
        | Screen::Safeguards
        | Screen::Evidence
        | Screen::Report => {}
    }
}

/// A level's label and style on the assessment's matrix; "unscored" when not scored.
fn level_span<'a>(app: &App, risk: &crate::domain::Risk) -> ratatui::text::Span<'a> {
    match app
        .workspace
        .matrix()
        .and_then(|matrix| Some((matrix, risk.level(matrix)?)))
    {
        Some((matrix, level)) => ratatui::text::Span::styled(
            matrix.results.label(level).unwrap_or("?").to_string(),
            app.theme.severity(matrix.severity(level)),
        ),
        None => ratatui::text::Span::styled("Unscored", app.theme.dim()),
    }
}
