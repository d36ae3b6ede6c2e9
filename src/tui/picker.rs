//! A picker: a list to choose from, one row (press Enter) or several (tick with Space),
//! narrowed by typing. It serves every "choose from a list" step: the asset and threats
//! of a quick add, suggested scenarios, and the records an evidence record links to. Like
//! a form, it knows nothing of what it picks; the caller reads the chosen rows' keys.
//!
//! Typing only ever finds: in a single-choice list Space is a space of the find text
//! ("phone or"), and Enter with nothing to choose keeps the picker open with a note, so
//! what the user goes on typing is never taken as the screen's commands. Where rows are
//! ticked, Space ticks; Tab switches it to typing a space in the find ("front desk") and
//! back, the find line saying which it does.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Row, Wrap};

use super::keys::{Action, KeyHint, Scope, action_in, keys_for, scope_hints};
use super::theme::Theme;
use super::widgets::{WindowedTable, clip, fill_width};

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
    /// Whether some row was ticked when the picker opened: then Enter with none ticked
    /// is a choice (untick them all), otherwise it would choose nothing.
    had_ticks: bool,
    /// Why the last Enter did not close the picker; cleared by the next key.
    pub notice: Option<String>,
    /// In a multiple choice: Enter with nothing ticked takes the row under the cursor.
    or_current: bool,
    /// In a multiple choice: Space is a space of the find rather than a tick (Tab).
    typing: bool,
    /// The form field this list gives a value to (F2), if it was opened for one: the
    /// chosen rows' labels go back to that field.
    for_field: Option<&'static str>,
    /// For a field: the chosen rows' keys go back (a scenario's number, a citation)
    /// rather than their labels, joined by this.
    keys_joined_by: Option<&'static str>,
}

impl Picker {
    pub fn new(title: impl Into<String>, help: impl Into<String>, rows: Vec<PickRow>, multi: bool) -> Picker {
        let visible = (0..rows.len()).collect();
        let had_ticks = rows.iter().any(|row| row.checked);
        Picker {
            title: title.into(),
            help: help.into(),
            rows,
            multi,
            filter: String::new(),
            visible,
            cursor: 0,
            had_ticks,
            notice: None,
            or_current: false,
            typing: false,
            for_field: None,
            keys_joined_by: None,
        }
    }

    /// A list giving a value to a form's field: its labels go back to `field`.
    pub fn for_field(self, field: &'static str) -> Picker {
        Picker {
            for_field: Some(field),
            ..self
        }
    }

    /// A list giving a value to a form's field as its chosen rows' keys, joined by
    /// `separator` (the labels say more than the field takes: "#12 Ransomware" gives 12).
    pub fn for_field_keys(self, field: &'static str, separator: &'static str) -> Picker {
        Picker {
            for_field: Some(field),
            keys_joined_by: Some(separator),
            ..self
        }
    }

    /// The text the chosen rows give a form's field: their keys or their labels.
    pub fn field_text(&self) -> String {
        match self.keys_joined_by {
            Some(separator) => self.chosen().join(separator),
            None => self.chosen_labels().join("; "),
        }
    }

    /// The form field this list was opened for (F2), if any.
    pub fn field(&self) -> Option<&'static str> {
        self.for_field
    }

    /// Whether Space types a space in the find rather than ticking.
    pub fn is_typing(&self) -> bool {
        !self.multi || self.typing
    }

    /// Its keys from the key table: a single-choice list, or one being typed in, has no
    /// Space to tick; only a list with ticks switches.
    pub fn hints(&self) -> Vec<KeyHint> {
        scope_hints(Scope::Picker)
            .into_iter()
            .filter(|hint| {
                let tick = hint.keys == keys_for(Scope::Picker, Action::Toggle);
                let switch = hint.keys == keys_for(Scope::Picker, Action::Filter);
                !(tick && self.is_typing() || switch && !self.multi)
            })
            .collect()
    }

    /// A multiple choice where Enter alone still picks the row under the cursor (the
    /// quick add: tick three workstations, or just press Enter on one).
    pub fn or_current(self) -> Picker {
        Picker {
            or_current: true,
            ..self
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
        if !ticked.is_empty() || (self.multi && !self.or_current) {
            return ticked;
        }
        self.current().map(|row| vec![row.key.clone()]).unwrap_or_default()
    }

    /// The labels of the chosen rows, in the list's order (a field's value from F2).
    pub fn chosen_labels(&self) -> Vec<String> {
        let chosen = self.chosen();
        self.rows
            .iter()
            .filter(|row| chosen.contains(&row.key))
            .map(|row| row.label.clone())
            .collect()
    }

    fn current(&self) -> Option<&PickRow> {
        self.visible.get(self.cursor).map(|&index| &self.rows[index])
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> PickEvent {
        let last = self.visible.len().saturating_sub(1);
        self.notice = None;
        match (action_in(Scope::Picker, key), key.code) {
            (Some(Action::Save), _) => return self.done(),
            (Some(Action::CloseOverlay | Action::Quit), _) => return PickEvent::Cancel,
            (Some(Action::Up), _) => self.cursor = self.cursor.saturating_sub(1),
            (Some(Action::Down), _) => self.cursor = (self.cursor + 1).min(last),
            (Some(Action::PageUp), _) => self.cursor = self.cursor.saturating_sub(PAGE),
            (Some(Action::PageDown), _) => self.cursor = (self.cursor + PAGE).min(last),
            (Some(Action::Top), _) => self.cursor = 0,
            (Some(Action::Bottom), _) => self.cursor = last,
            (Some(Action::Filter), _) if self.multi => self.typing = !self.typing,
            // Ticking exists only where several rows can be chosen, and not while typing
            // the find: then Space falls through to the find text below.
            (Some(Action::Toggle), _) if !self.is_typing() => {
                if let Some(&index) = self.visible.get(self.cursor) {
                    self.rows[index].checked = !self.rows[index].checked;
                }
            }
            (_, KeyCode::Backspace) => {
                self.filter.pop();
                self.refilter();
            }
            (_, KeyCode::Char(letter)) if !letter.is_control() => {
                self.filter.push(letter);
                self.refilter();
            }
            _ => {}
        }
        PickEvent::Continue
    }

    /// Enter: done, unless that would choose nothing (and nothing was chosen before, so
    /// an empty choice changes nothing): then the picker stays open and says why.
    fn done(&mut self) -> PickEvent {
        if !self.chosen().is_empty() || self.had_ticks {
            return PickEvent::Done;
        }
        self.notice = Some(if self.rows.is_empty() {
            format!(
                "Nothing to choose from here; {} to go back.",
                keys_for(Scope::Picker, Action::CloseOverlay)
            )
        } else if self.visible.is_empty() {
            // Backspace edits the find as text: it is not a binding.
            format!(
                "Nothing matches \"{}\": Backspace to change the find, {} to cancel.",
                self.filter,
                keys_for(Scope::Picker, Action::CloseOverlay)
            )
        } else {
            format!(
                "Nothing ticked yet: {} ticks the row under the cursor, {} cancels.",
                keys_for(Scope::Picker, Action::Toggle),
                keys_for(Scope::Picker, Action::CloseOverlay)
            )
        });
        PickEvent::Continue
    }

    /// Pasted text goes into the find, as one edit: line breaks and tabs become spaces.
    pub fn paste(&mut self, text: &str) {
        self.notice = None;
        self.filter.push_str(&super::form::one_line(text));
        self.refilter();
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
        let popup = super::widgets::centered(area, 78, height);
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
        let help = match &self.notice {
            Some(notice) => Paragraph::new(notice.as_str()).style(theme.warning()),
            None => Paragraph::new(self.help.as_str()).style(theme.dim()),
        };
        frame.render_widget(help.wrap(Wrap { trim: true }), help_area);
        let mut find = vec![
            Span::styled("Find: ", theme.key()),
            Span::raw(self.filter.as_str()),
            Span::styled("▏", theme.key()),
        ];
        if self.multi && self.typing {
            find.push(Span::styled(
                format!(
                    "  ({} types a space; {} to tick again)",
                    keys_for(Scope::Picker, Action::Toggle),
                    keys_for(Scope::Picker, Action::Filter)
                ),
                theme.dim(),
            ));
        }
        frame.render_widget(Paragraph::new(Line::from(find)), filter_area);
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
            // The label takes two thirds of what the tick column leaves, the detail one
            // third; a long one ends in "…" rather than mid-word.
            let shared = fill_width(list_area.width, widths);
            let (label_width, detail_width) = (shared * 2 / 3, shared / 3);
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
                cells.push(clip(&row.label, label_width));
                cells.push(clip(&row.detail, detail_width));
                Row::new(cells)
            });
        }
        let hint = crate::tui::keys::hint_line(&self.hints(), hint_area.width, theme);
        frame.render_widget(Paragraph::new(hint).style(theme.dim()), hint_area);
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
        assert_eq!(picker.chosen(), vec!["1".to_string()]);
        assert_eq!(press(&mut picker, KeyCode::Enter), PickEvent::Done);
        let mut nothing = Picker::new("Threats", "", rows(), true);
        assert!(nothing.chosen().is_empty());
        press(&mut nothing, KeyCode::Char('z'));
        assert_eq!(press(&mut nothing, KeyCode::Esc), PickEvent::Cancel);
    }

    #[test]
    fn in_a_single_picker_space_is_part_of_the_find() {
        let mut picker = Picker::new("Asset", "", rows(), false);
        for letter in "lost l".chars() {
            press(&mut picker, KeyCode::Char(letter));
        }
        assert_eq!(picker.filter, "lost l");
        assert_eq!(picker.chosen(), vec!["2".to_string()]);
        assert!(picker.rows.iter().all(|row| !row.checked), "nothing ticked");
    }

    #[test]
    fn tab_makes_space_a_space_of_the_find_in_a_list_with_ticks() {
        let mut picker = Picker::new("Assets", "", rows(), true);
        press(&mut picker, KeyCode::Tab);
        assert!(picker.is_typing());
        for letter in "lost l".chars() {
            press(&mut picker, KeyCode::Char(letter));
        }
        assert_eq!(picker.filter, "lost l", "the space is text");
        assert!(picker.rows.iter().all(|row| !row.checked), "nothing ticked");
        assert!(
            picker.hints().iter().all(|hint| hint.hint != "tick"),
            "no tick hint while typing"
        );
        // Tab again: Space ticks the row found.
        press(&mut picker, KeyCode::Tab);
        assert!(!picker.is_typing());
        press(&mut picker, KeyCode::Char(' '));
        assert_eq!(picker.filter, "lost l");
        assert_eq!(picker.chosen(), vec!["2".to_string()]);
        assert!(picker.hints().iter().any(|hint| hint.hint == "tick"));
        // A single-choice list has no switch: Tab there is nothing.
        let mut single = Picker::new("Asset", "", rows(), false);
        press(&mut single, KeyCode::Tab);
        assert!(single.hints().iter().all(|hint| hint.keys != "Tab"));
    }

    #[test]
    fn enter_on_nothing_stays_open_and_says_why() {
        let mut single = Picker::new("Asset", "", rows(), false);
        press(&mut single, KeyCode::Char('q'));
        assert_eq!(press(&mut single, KeyCode::Enter), PickEvent::Continue);
        assert_eq!(
            single.notice.as_deref(),
            Some("Nothing matches \"q\": Backspace to change the find, Esc to cancel.")
        );
        // The keys after it still find, and the notice goes with the next key.
        press(&mut single, KeyCode::Backspace);
        assert_eq!(single.notice, None);
        assert_eq!(press(&mut single, KeyCode::Enter), PickEvent::Done);

        let mut multi = Picker::new("Threats", "", rows(), true);
        assert_eq!(press(&mut multi, KeyCode::Enter), PickEvent::Continue);
        assert!(
            multi
                .notice
                .as_deref()
                .is_some_and(|notice| notice.starts_with("Nothing ticked"))
        );
        // Where something was ticked when it opened, unticking all is a choice.
        let mut links = Picker::new(
            "Links",
            "",
            rows().into_iter().map(|row| row.checked(true)).collect(),
            true,
        );
        for _ in 0..3 {
            press(&mut links, KeyCode::Char(' '));
            press(&mut links, KeyCode::Down);
        }
        assert_eq!(press(&mut links, KeyCode::Enter), PickEvent::Done);
        assert!(links.chosen().is_empty());
        let mut empty = Picker::new("Nothing", "", Vec::new(), false);
        assert_eq!(press(&mut empty, KeyCode::Enter), PickEvent::Continue);
        assert_eq!(press(&mut empty, KeyCode::Esc), PickEvent::Cancel);
    }

    #[test]
    fn home_and_end_move_to_the_first_and_last_row() {
        let mut picker = Picker::new("Asset", "", rows(), false);
        press(&mut picker, KeyCode::End);
        assert_eq!(picker.chosen(), vec!["2".to_string()]);
        press(&mut picker, KeyCode::Home);
        assert_eq!(picker.chosen(), vec!["0".to_string()]);
    }

    #[test]
    fn a_paste_is_find_text_on_one_line() {
        let mut picker = Picker::new("Asset", "", rows(), false);
        picker.paste("lost\r\nlap");
        assert_eq!(picker.filter, "lost lap");
        assert_eq!(picker.chosen(), vec!["2".to_string()]);
    }
}
