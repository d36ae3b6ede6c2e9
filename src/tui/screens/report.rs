//! The report screen: a scrollable preview of the report built from the same model as the
//! exported files, and `x` to export (and sign) from here. A component: it owns the
//! preview and how far it is scrolled, its keys and its drawing; the app builds the
//! preview (it needs the store) and hands it over with `set_preview`, and opens the
//! export form when asked (`Command::OpenExport`).

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::tui::app::Command;
use crate::tui::component::{Component, Ctx, Outcome};
use crate::tui::keys::{Action, KeyHint, Scope, action_on_screen, scope_hints};
use crate::tui::report_preview::{LineKind, PreviewLine};
use crate::tui::screen::Screen;
use crate::tui::widgets::hanging;

/// Lines moved by Page Up and Page Down.
const PAGE: usize = 10;

pub struct ReportScreen {
    /// The preview's lines, or why there is none (a broken change log, say).
    pub preview: Result<Vec<PreviewLine>, String>,
    /// The first line shown: the preview scrolls a line at a time.
    top: usize,
}

impl Default for ReportScreen {
    fn default() -> ReportScreen {
        ReportScreen {
            preview: Ok(Vec::new()),
            top: 0,
        }
    }
}

impl ReportScreen {
    /// A fresh preview (after a write, or on opening the screen); the scroll stays.
    pub fn set_preview(&mut self, preview: Result<Vec<PreviewLine>, String>) {
        self.preview = preview;
        self.top = self.top.min(self.len().saturating_sub(1));
    }

    pub fn len(&self) -> usize {
        self.preview.as_ref().map_or(0, Vec::len)
    }

    pub fn top(&self) -> usize {
        self.top
    }

    /// One of its actions by name (`App::update`); Ignored for the app's own.
    pub fn act(&mut self, action: Action) -> Outcome {
        let last = self.len().saturating_sub(1);
        self.top = match action {
            Action::Up => self.top.saturating_sub(1),
            Action::Down => (self.top + 1).min(last),
            Action::PageUp => self.top.saturating_sub(PAGE),
            Action::PageDown => (self.top + PAGE).min(last),
            Action::Top => 0,
            Action::Bottom => last,
            Action::Export => return Outcome::Send(Command::OpenExport),
            _ => return Outcome::Ignored,
        };
        Outcome::Handled
    }
}

impl Component for ReportScreen {
    fn keys(&self) -> Vec<KeyHint> {
        [Scope::Screen(Screen::Report), Scope::Lists]
            .into_iter()
            .flat_map(scope_hints)
            .collect()
    }

    fn handle(&mut self, key: KeyEvent, _ctx: &Ctx) -> Outcome {
        action_on_screen(Screen::Report, key).map_or(Outcome::Ignored, |action| self.act(action))
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = ctx.theme;
        let lines = match &self.preview {
            Ok(lines) => lines,
            Err(problem) => {
                frame.render_widget(
                    Paragraph::new(problem.as_str())
                        .style(theme.error())
                        .wrap(ratatui::widgets::Wrap { trim: true }),
                    area,
                );
                return;
            }
        };
        // Each line wraps at the width (its indentation kept), so nothing runs off the edge.
        let height = usize::from(area.height);
        let width = usize::from(area.width);
        let start = self.top.min(lines.len().saturating_sub(height));
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
}
