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
mod risk_pickers;
mod risk_register;
mod risks;
mod safeguards;

use ratatui::Frame;
use ratatui::layout::Rect;

pub use people::PeopleScreen;
pub use remediation::RemediationScreen;
pub use report::ReportScreen;
pub use risk_pickers::field_picker;
pub use risks::RisksScreen;

use super::app::App;
use super::component::Component;
use super::screen::Screen;

/// The screens that are components, one each.
#[derive(Default)]
pub struct Screens {
    pub people: PeopleScreen,
    pub report: ReportScreen,
    pub risks: RisksScreen,
    pub remediation: RemediationScreen,
}

impl Screens {
    /// The component of a screen, if it is one.
    pub fn get(&self, screen: Screen) -> Option<&dyn Component> {
        match screen {
            Screen::People => Some(&self.people),
            Screen::Report => Some(&self.report),
            Screen::Risks => Some(&self.risks),
            Screen::Remediation => Some(&self.remediation),
            _ => None,
        }
    }

    pub fn get_mut(&mut self, screen: Screen) -> Option<&mut dyn Component> {
        match screen {
            Screen::People => Some(&mut self.people),
            Screen::Report => Some(&mut self.report),
            Screen::Risks => Some(&mut self.risks),
            Screen::Remediation => Some(&mut self.remediation),
            _ => None,
        }
    }

    /// Every screen component, to refresh after a write.
    pub fn all_mut(&mut self) -> [&mut dyn Component; 4] {
        [
            &mut self.people,
            &mut self.report,
            &mut self.risks,
            &mut self.remediation,
        ]
    }
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    if let Some(screen) = app.screens.get(app.screen) {
        return screen.draw(frame, area, &app.ctx());
    }
    match app.screen {
        Screen::Dashboard => dashboard::draw(frame, area, app),
        Screen::Practice => practice::draw(frame, area, app),
        Screen::Inventory => inventory::draw(frame, area, app),
        Screen::Safeguards => safeguards::draw(frame, area, app),
        Screen::Evidence => evidence::draw(frame, area, app),
        Screen::People | Screen::Report | Screen::Risks | Screen::Remediation => {}
    }
}

/// A level's label and style on the assessment's matrix; "unscored" when not scored.
fn level_span<'a>(ctx: &super::component::Ctx, risk: &crate::domain::Risk) -> ratatui::text::Span<'a> {
    match ctx
        .workspace
        .matrix()
        .and_then(|matrix| Some((matrix, risk.level(matrix)?)))
    {
        Some((matrix, level)) => ratatui::text::Span::styled(
            matrix.results.label(level).unwrap_or("?").to_string(),
            ctx.theme.severity(matrix.severity(level)),
        ),
        None => ratatui::text::Span::styled("Unscored", ctx.theme.dim()),
    }
}
