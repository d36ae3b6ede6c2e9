//! A picker: a list to choose from, one row (press Enter) or several (tick with Space),
//! narrowed by typing. It serves every "choose from a list" step: the asset and threats
//! of a quick add, suggested scenarios, and the records an evidence record links to. Like
//! a form, it knows nothing of what it picks; the caller reads the chosen rows' keys.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Row, Wrap};

use super::keys::{Action, Scope, action_in};
use super::theme::Theme;
use super::widgets::WindowedTable;

/// Rows moved by Page Up and Page Down.
const PAGE: usize = 10;

pub struct PickRow {
    /// What the caller uses to find the record again: an id, a citation, a threat key.
    pub key: String,
    pub label: String,
    /// A second column: a kind, a citation, a level.
    pub detail: String,
    pub checked: bool,
}

impl PickRow {
    pub fn new(key: impl Into<String>, label: impl Into<String>, detail: impl Into<String>) -> PickRow {
        PickRow {
            key: key.into(),
            label: label.into(),
            detail: detail.into(),
            checked: false,
        }
    }

    pub fn checked(self, checked: bool) -> PickRow {
        PickRow { checked, ..self }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickEvent {
    Continue,
    Done,
    Cancel,
}

pub struct Picker {
    pub title: String,
    /// One line above the list saying what to do.
    pub help: String,
    pub rows: Vec<PickRow>,
    /// Several rows can be ticked; otherwise Enter picks the row under the cursor.
    pub multi: bool,
    pub filter: String,
    /// Indices into `rows` that pass the filter.
    visible: Vec<usize>,
    /// Position in `visible`.
    cursor: usize,
}

impl Picker {
    pub fn new(title: impl Into<String>, help: impl Into<String>, rows: Vec<PickRow>, multi: bool) -> Picker {
        let visible = (0..rows.len()).collect();
        Picker {
            title: title.into(),
            help: help.into(),
            rows,
            multi,
            filter: String::new(),
            visible,
            cursor: 0,
        }
    }

    /// The keys of the chosen rows: the ticked ones, or the one under the cursor when
    /// nothing is ticked (so Enter alone picks a single row in either kind of picker).
    pub fn chosen(&self) -> Vec<String> {
        let ticked: Vec<String> = self
            .rows
            .iter()
            .filter(|row| row.checked)
            .map(|row| row.key.clone())
            .collect();
        if !ticked.is_empty() || self.multi {
            return ticked;
        }
        self.current().map(|row| vec![row.key.clone()]).unwrap_or_default()
    }

    fn current(&self) -> Option<&PickRow> {
        self.visible.get(self.cursor).map(|&index| &self.rows[index])
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> PickEvent {
        let last = self.visible.len().saturating_sub(1);
        match (action_in(Scope::Picker, key), key.code) {
            (Some(Action::Save), _) => return PickEvent::Done,
            (Some(Action::CloseOverlay | Action::Quit), _) => return PickEvent::Cancel,
            (Some(Action::Up), _) => self.cursor = self.cursor.saturating_sub(1),
            (Some(Action::Down), _) => self.cursor = (self.cursor + 1).min(last),
            (Some(Action::PageUp), _) => self.cursor = self.cursor.saturating_sub(PAGE),
            (Some(Action::PageDown), _) => self.cursor = (self.cursor + PAGE).min(last),
            (Some(Action::Toggle), _) if self.multi => {
                if let Some(&index) = self.visible.get(self.cursor) {
                    self.rows[index].checked = !self.rows[index].checked;
                }
            }
            (_, KeyCode::Backspace) => {
                self.filter.pop();
                self.refilter();
            }
            (_, KeyCode::Char(letter)) if letter != ' ' => {
                self.filter.push(letter);
                self.refilter();
            }
            _ => {}
        }
        PickEvent::Continue
    }

    fn refilter(&mut self) {
        let needle = self.filter.to_lowercase();
        self.visible = (0..self.rows.len())
            .filter(|&index| {
                let row = &self.rows[index];
                needle.is_empty()
                    || row.label.to_lowercase().contains(&needle)
                    || row.detail.to_lowercase().contains(&needle)
            })
            .collect();
        self.cursor = 0;
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, theme: Theme) {
        let height = area.height.saturating_sub(2).min(self.rows.len() as u16 + 7).max(10);
        let popup = super::view::centered(area, 78, height);
        frame.render_widget(Clear, popup);
        let ticked = self.rows.iter().filter(|row| row.checked).count();
        let mut block = Block::bordered()
            .title(format!(" {} ", self.title))
            .title_style(theme.title())
            .border_style(theme.border());
        if self.multi {
            block = block.title_bottom(Line::from(format!(" {ticked} ticked ")).right_aligned());
        }
        let inner = block.inner(popup);
        frame.render_widget(block, popup);
        let [help_area, filter_area, list_area, hint_area] = Layout::vertical([
            Constraint::Length(2),
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(1),
        ])
        .areas(inner);
        frame.render_widget(
            Paragraph::new(self.help.as_str())
                .style(theme.dim())
                .wrap(Wrap { trim: true }),
            help_area,
        );
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled("Find: ", theme.key()),
                Span::raw(self.filter.as_str()),
                Span::styled("▏", theme.key()),
            ])),
            filter_area,
        );
        if self.visible.is_empty() {
            frame.render_widget(Paragraph::new("Nothing matches.").style(theme.dim()), list_area);
        } else {
            let widths: &[Constraint] = if self.multi {
                &[Constraint::Length(3), Constraint::Fill(2), Constraint::Fill(1)]
            } else {
                &[Constraint::Fill(2), Constraint::Fill(1)]
            };
            let header = if self.multi {
                Row::new(["", "Choose", ""])
            } else {
                Row::new(["Choose", ""])
            };
            WindowedTable {
                header,
                widths,
                count: self.visible.len(),
                selected: self.cursor,
                theme,
            }
            .draw(frame, list_area, |position| {
                let row = &self.rows[self.visible[position]];
                let mut cells = Vec::with_capacity(3);
                if self.multi {
                    cells.push(if row.checked { "[x]" } else { "[ ]" }.to_string());
                }
                cells.push(row.label.clone());
                cells.push(row.detail.clone());
                Row::new(cells)
            });
        }
        let mut hint = vec![Span::styled("Enter", theme.key()), Span::raw(" done  ")];
        if self.multi {
            hint.extend([Span::styled("Space", theme.key()), Span::raw(" tick  ")]);
        }
        hint.extend([
            Span::styled("↑↓", theme.key()),
            Span::raw(" move  "),
            Span::styled("type", theme.key()),
            Span::raw(" to find  "),
            Span::styled("Esc", theme.key()),
            Span::raw(" cancel"),
        ]);
        frame.render_widget(Paragraph::new(Line::from(hint)).style(theme.dim()), hint_area);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyModifiers;

    fn press(picker: &mut Picker, code: KeyCode) -> PickEvent {
        picker.handle_key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    fn rows() -> Vec<PickRow> {
        ["Ransomware", "Phishing", "Lost laptop"]
            .iter()
            .enumerate()
            .map(|(index, label)| PickRow::new(index.to_string(), *label, ""))
            .collect()
    }

    #[test]
    fn typing_narrows_and_space_ticks_the_row_under_the_cursor() {
        let mut picker = Picker::new("Threats", "", rows(), true);
        for letter in "lap".chars() {
            press(&mut picker, KeyCode::Char(letter));
        }
        press(&mut picker, KeyCode::Char(' '));
        press(&mut picker, KeyCode::Backspace);
        press(&mut picker, KeyCode::Backspace);
        press(&mut picker, KeyCode::Backspace);
        press(&mut picker, KeyCode::Char(' '));
        assert_eq!(press(&mut picker, KeyCode::Enter), PickEvent::Done);
        assert_eq!(picker.chosen(), vec!["0".to_string(), "2".to_string()]);
    }

    #[test]
    fn a_single_picker_picks_the_row_under_the_cursor() {
        let mut picker = Picker::new("Asset", "", rows(), false);
        press(&mut picker, KeyCode::Down);
        press(&mut picker, KeyCode::Char(' '));
        assert_eq!(picker.chosen(), vec!["1".to_string()]);
        let mut nothing = Picker::new("Threats", "", rows(), true);
        assert!(nothing.chosen().is_empty());
        press(&mut nothing, KeyCode::Char('z'));
        assert_eq!(press(&mut nothing, KeyCode::Esc), PickEvent::Cancel);
    }
}
