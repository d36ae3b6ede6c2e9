//! The report screen: a scrollable preview of the report built from the same model as the
//! exported files, and `x` to export (and sign) from here.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::tui::app::App;
use crate::tui::report_preview::LineKind;
use crate::tui::screen::Screen;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let theme = app.theme;
    let lines = match &app.report_preview {
        Ok(lines) => lines,
        Err(problem) => {
            frame.render_widget(Paragraph::new(problem.as_str()).style(theme.error()), area);
            return;
        }
    };
    // The cursor is the first line shown: the preview scrolls a line at a time.
    let height = usize::from(area.height);
    let start = app.cursor(Screen::Report).min(lines.len().saturating_sub(height));
    let shown: Vec<Line> = lines
        .iter()
        .skip(start)
        .take(height)
        .map(|line| {
            let style = match line.kind {
                LineKind::Heading => theme.heading(),
                LineKind::Text => ratatui::style::Style::new(),
                LineKind::Dim => theme.dim(),
                LineKind::Warning => theme.warning(),
            };
            Line::from(line.text.as_str()).style(style)
        })
        .collect();
    frame.render_widget(Paragraph::new(shown), area);
}
