//! The report screen: a scrollable preview of the report built from the same model as the
//! exported files, and `x` to export (and sign) from here.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::tui::app::App;
use crate::tui::report_preview::LineKind;
use crate::tui::screen::Screen;
use crate::tui::widgets::hanging;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let theme = app.theme;
    let lines = match &app.report_preview {
        Ok(lines) => lines,
        Err(problem) => {
            frame.render_widget(Paragraph::new(problem.as_str()).style(theme.error()), area);
            return;
        }
    };
    // The cursor is the first line shown: the preview scrolls a line at a time. Each
    // line wraps at the width (its indentation kept), so nothing runs off the edge.
    let height = usize::from(area.height);
    let width = usize::from(area.width);
    let start = app.cursor(Screen::Report).min(lines.len().saturating_sub(height));
    let mut shown: Vec<Line> = Vec::with_capacity(height);
    for line in lines.iter().skip(start) {
        if shown.len() >= height {
            break;
        }
        let style = match line.kind {
            LineKind::Heading => theme.heading(),
            LineKind::Text => ratatui::style::Style::new(),
            LineKind::Dim => theme.dim(),
            LineKind::Warning => theme.warning(),
        };
        let indent = line.text.chars().take_while(|c| *c == ' ').count();
        // A bullet's text lines up under the text, not the bullet.
        let hang = indent + if line.text[indent..].starts_with("• ") { 2 } else { 0 };
        let lead = vec![ratatui::text::Span::raw(" ".repeat(indent))];
        shown.extend(hanging(lead, indent, &line.text, style, hang, width));
    }
    shown.truncate(height);
    frame.render_widget(Paragraph::new(shown), area);
}
