//! A long text to read in a window: headed parts of paragraphs or bullets, wrapped at
//! whole words to the window's width and scrolled a line or a page at a time. It serves
//! the safeguard guidance (the plain-English "what this means for a small office"), which
//! is longer than a form's help lines or the Safeguards detail pane can show. Like the
//! form and the picker it knows nothing of what it shows.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::keys::{Action, KeyHint, Scope, action_in, hint_line, scope_hints};
use super::theme::Theme;
use super::widgets::{centered, wrap};

/// Lines moved by Page Up and Page Down.
const PAGE: usize = 10;

/// One headed part: paragraphs, or bullets when `bullets`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub heading: String,
    pub paragraphs: Vec<String>,
    pub bullets: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    pub title: String,
    pub parts: Vec<Part>,
    /// The first line shown.
    top: usize,
    /// The last first line there is, as last drawn (the text's height depends on the
    /// window's width): scrolling stops there, so Up after End moves at once.
    last_top: std::cell::Cell<usize>,
}

/// What a key did in the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadEvent {
    Continue,
    Close,
    Quit,
}

impl Reading {
    pub fn new(title: impl Into<String>, parts: Vec<Part>) -> Reading {
        Reading {
            title: title.into(),
            parts,
            top: 0,
            last_top: std::cell::Cell::new(usize::MAX / 2),
        }
    }

    /// The text as lines `width` columns wide: each part's heading, then its text wrapped
    /// at whole words (a bullet's text hanging under its first word).
    pub fn lines(&self, width: usize, theme: Theme) -> Vec<Line<'static>> {
        let mut lines = Vec::new();
        for (index, part) in self.parts.iter().enumerate() {
            if index > 0 {
                lines.push(Line::from(""));
            }
            if !part.heading.is_empty() {
                lines.push(Line::styled(part.heading.clone(), theme.heading()));
            }
            for paragraph in &part.paragraphs {
                if part.bullets {
                    for (row, text) in wrap(paragraph, width.saturating_sub(2).max(8)).into_iter().enumerate() {
                        let lead = if row == 0 { "• " } else { "  " };
                        lines.push(Line::from(vec![Span::styled(lead, theme.key()), Span::raw(text)]));
                    }
                } else {
                    lines.extend(wrap(paragraph, width.max(8)).into_iter().map(Line::from));
                }
            }
        }
        lines
    }

    pub fn hints(&self) -> Vec<KeyHint> {
        scope_hints(Scope::Reading)
    }

    /// Moves the text, never past its last page as last drawn.
    pub fn handle_key(&mut self, key: KeyEvent) -> ReadEvent {
        match action_in(Scope::Reading, key) {
            Some(Action::CloseOverlay) => return ReadEvent::Close,
            Some(Action::Quit) => return ReadEvent::Quit,
            Some(action) => self.scroll(action),
            None => {}
        }
        ReadEvent::Continue
    }

    pub fn scroll(&mut self, action: Action) {
        let last = self.last_top.get();
        self.top = match action {
            Action::Up => self.top.saturating_sub(1),
            Action::Down => self.top + 1,
            Action::PageUp => self.top.saturating_sub(PAGE),
            Action::PageDown => self.top + PAGE,
            Action::Top => 0,
            Action::Bottom => last,
            _ => self.top,
        }
        .min(last);
    }

    /// The first line shown in a window of `height` lines over `total` lines.
    fn first_line(&self, total: usize, height: usize) -> usize {
        self.top.min(total.saturating_sub(height))
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, theme: Theme) {
        let popup = centered(area, 78, area.height.saturating_sub(2));
        frame.render_widget(Clear, popup);
        let inner_width = usize::from(popup.width.saturating_sub(2));
        let lines = self.lines(inner_width, theme);
        let height = usize::from(popup.height.saturating_sub(3));
        let first = self.first_line(lines.len(), height);
        self.last_top.set(lines.len().saturating_sub(height));
        let last = (first + height).min(lines.len());
        let mut block = Block::bordered()
            .title(format!(" {} ", self.title))
            .title_style(theme.title())
            .border_style(theme.border());
        if lines.len() > height {
            block = block
                .title_bottom(Line::from(format!(" lines {}-{last} of {} ", first + 1, lines.len())).right_aligned());
        }
        let inner = block.inner(popup);
        frame.render_widget(block, popup);
        let [text_area, hint_area] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
        let shown: Vec<Line> = lines.into_iter().skip(first).take(height).collect();
        frame.render_widget(Paragraph::new(shown), text_area);
        let hint = hint_line(&self.hints(), hint_area.width, theme);
        frame.render_widget(Paragraph::new(hint).style(theme.dim()), hint_area);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};

    fn reading() -> Reading {
        Reading::new(
            "164.312(b) Audit controls",
            vec![
                Part {
                    heading: "What this means for a small office".into(),
                    paragraphs: vec!["word ".repeat(60).trim().to_string()],
                    bullets: false,
                },
                Part {
                    heading: "Questions".into(),
                    paragraphs: vec!["Is logging on?".into(), "Does someone read the logs?".into()],
                    bullets: true,
                },
            ],
        )
    }

    #[test]
    fn the_text_wraps_at_whole_words_under_headings_and_bullets() {
        let lines: Vec<String> = reading()
            .lines(30, Theme::MONOCHROME)
            .iter()
            .map(|line| line.to_string())
            .collect();
        assert_eq!(lines[0], "What this means for a small office");
        assert!(lines[1..].iter().all(|line| line.chars().count() <= 30));
        assert!(lines.iter().all(|line| !line.contains("wor ")), "no word is cut");
        assert!(lines.contains(&"• Is logging on?".to_string()));
        assert!(lines.contains(&"• Does someone read the logs?".to_string()));
    }

    #[test]
    fn keys_scroll_and_close() {
        let mut reading = reading();
        let press = |reading: &mut Reading, code| reading.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
        assert_eq!(press(&mut reading, KeyCode::Down), ReadEvent::Continue);
        assert_eq!(reading.top, 1);
        reading.last_top.set(15);
        press(&mut reading, KeyCode::End);
        assert_eq!(reading.top, 15);
        press(&mut reading, KeyCode::PageDown);
        assert_eq!(reading.top, 15, "not past the last page");
        press(&mut reading, KeyCode::Up);
        assert_eq!(reading.top, 14);
        assert_eq!(press(&mut reading, KeyCode::Esc), ReadEvent::Close);
        assert_eq!(press(&mut reading, KeyCode::Enter), ReadEvent::Close);
    }
}
