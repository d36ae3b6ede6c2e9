//! One module per screen. Each draws the current snapshot into the main area and reads
//! the app only.

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

pub use report::ReportScreen;

use super::app::App;
use super::component::Component;
use super::screen::Screen;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    match app.screen {
        Screen::Dashboard => dashboard::draw(frame, area, app),
        Screen::Practice => practice::draw(frame, area, app),
        Screen::People => people::draw(frame, area, app),
        Screen::Inventory => inventory::draw(frame, area, app),
        Screen::Safeguards => safeguards::draw(frame, area, app),
        Screen::Risks => risks::draw(frame, area, app),
        Screen::Remediation => remediation::draw(frame, area, app),
        Screen::Evidence => evidence::draw(frame, area, app),
        Screen::Report => app.report.draw(frame, area, &app.ctx()),
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
