//! A form: labelled fields of three kinds (one-line text via ratatui-textarea, a choice
//! among options, a set of flags), one focused at a time. Every editing screen uses it,
//! so they all move, toggle, save and cancel with the same keys. A form knows nothing of
//! what it edits: the caller reads the values and reports a problem back with `fail`.
//!
//! A form also guards its own edits: Esc on a form whose values differ from those it
//! opened with asks before discarding them (`FormEvent::AskDiscard`: the window holding
//! the form opens the yes/no question over it), and a paste lands in the focused text
//! field as one edit (every field is one line, so line breaks become spaces).
//!
//! Moving into a text field selects its text, so what is typed replaces a prefilled
//! value ("Dated" never becomes `2026-12-0412/2/2026`) while the arrows, Home and End
//! keep it and move the cursor; Ctrl-U clears the field; in a date field Ctrl-T (or `t`
//! while it is empty) puts today's date, the app's today.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui_textarea::{CursorMove, TextArea};

use super::keys::{Action, KeyHint, Scope, action_in, scope_hints};
use super::reading::Reading;
use super::theme::Theme;

pub enum Input {
    // Boxed: a text area is much larger than the other inputs.
    Text(Box<TextArea<'static>>),
    Choice {
        options: Vec<String>,
        selected: usize,
    },
    Flags {
        options: Vec<String>,
        on: Vec<bool>,
        cursor: usize,
    },
}

pub struct Field {
    pub key: &'static str,
    pub label: &'static str,
    pub input: Input,
    /// Shown below the fields while this one has the focus (for example a question).
    pub help: String,
    /// For a choice: help for each option, shown instead while that option is chosen (for
    /// example what "Moderate" likelihood means).
    pub option_help: Vec<String>,
    /// For a choice: text shown after the chosen option on the same row, so it is read
    /// with its answer (a review question); shortened at a word when the row is full.
    pub beside: String,
    /// A text field whose value can also be chosen from a list (F2): a scenario's assets.
    pub pickable: bool,
    /// A date field: Ctrl-T (or `t` while it is empty) puts today's date in it.
    pub date: bool,
}

impl Field {
    pub fn text(key: &'static str, label: &'static str, value: &str) -> Field {
        // One line: newlines in stored values are shown joined; forms edit single lines.
        let mut area = TextArea::new(vec![value.replace('\n', "; ")]);
        area.move_cursor(CursorMove::End);
        Field {
            key,
            label,
            input: Input::Text(Box::new(area)),
            help: String::new(),
            option_help: Vec::new(),
            beside: String::new(),
            pickable: false,
            date: false,
        }
    }

    /// A text field whose characters are shown as dots (a password).
    pub fn secret(key: &'static str, label: &'static str) -> Field {
        let mut area = TextArea::default();
        area.set_mask_char('•');
        Field {
            key,
            label,
            input: Input::Text(Box::new(area)),
            help: String::new(),
            option_help: Vec::new(),
            beside: String::new(),
            pickable: false,
            date: false,
        }
    }

    /// A field whose help is the date help (`editors::DATE_HELP`) is a date field: every
    /// form that says a date is wanted takes the today key, without each form saying so.
    pub fn with_help(self, help: impl Into<String>) -> Field {
        let help = help.into();
        Field {
            date: self.date || help.starts_with(super::editors::DATE_HELP),
            help,
            ..self
        }
    }

    /// A date field (see `date`) whose help says more than the usual date help.
    pub fn date(self) -> Field {
        Field { date: true, ..self }
    }

    /// F2 on this field asks for a list to choose its value from.
    pub fn pickable(self) -> Field {
        Field { pickable: true, ..self }
    }

    pub fn with_beside(self, beside: impl Into<String>) -> Field {
        Field {
            beside: beside.into(),
            ..self
        }
    }

    pub fn with_option_help(self, option_help: Vec<String>) -> Field {
        Field { option_help, ..self }
    }

    /// The help to show while the field has the focus.
    fn current_help(&self) -> &str {
        match &self.input {
            Input::Choice { selected, .. } if !self.option_help.is_empty() => {
                self.option_help.get(*selected).map_or("", String::as_str)
            }
            _ => &self.help,
        }
    }

    pub fn choice(key: &'static str, label: &'static str, options: Vec<String>, selected: usize) -> Field {
        let selected = selected.min(options.len().saturating_sub(1));
        Field {
            key,
            label,
            input: Input::Choice { options, selected },
            help: String::new(),
            option_help: Vec::new(),
            beside: String::new(),
            pickable: false,
            date: false,
        }
    }

    pub fn flags(key: &'static str, label: &'static str, options: Vec<String>, on: Vec<bool>) -> Field {
        Field {
            key,
            label,
            input: Input::Flags { options, on, cursor: 0 },
            help: String::new(),
            option_help: Vec::new(),
            beside: String::new(),
            pickable: false,
            date: false,
        }
    }
}

/// What a key did to the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormEvent {
    Continue,
    Save,
    Cancel,
    /// F2 on a pickable field: choose its value from a list (the field's key).
    Pick(&'static str),
    /// Esc (or Control-C) on a changed form: ask before discarding it. The question is
    /// the yes/no window (`overlays::Confirm::discard`), opened over the form.
    AskDiscard,
    /// Ctrl-G on a form with guidance: open it in full, in a window over the form.
    Guidance,
}

/// A line the form computes from its own values while they change (a risk's level while
/// its likelihood and impact are chosen), shown in the form's bottom border.
pub type LiveLine = Box<dyn Fn(&Form) -> String>;

pub struct Form {
    pub title: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    pub error: Option<String>,
    /// The values the form opened with, to tell whether Esc would throw work away.
    initial: Vec<String>,
    live: Option<LiveLine>,
    /// A longer text about what the form edits (a safeguard's guidance), read in full in
    /// a window over the form (Ctrl-G).
    pub guidance: Option<Reading>,
}

impl Form {
    pub fn new(title: impl Into<String>, fields: Vec<Field>) -> Form {
        let mut form = Form {
            title: title.into(),
            fields,
            focus: 0,
            error: None,
            initial: Vec::new(),
            live: None,
            guidance: None,
        };
        form.initial = form.values();
        form.select_focused();
        form
    }

    /// Selects the whole text of the focused field, if it is text: what is typed next
    /// replaces it, and an arrow, Home or End keeps it (see `handle_key`).
    fn select_focused(&mut self) {
        if let Some(Field {
            input: Input::Text(area),
            ..
        }) = self.fields.get_mut(self.focus)
            && !area.lines().concat().is_empty()
        {
            area.select_all();
        }
    }

    /// Puts `today` in the focused field if it is a date field (Ctrl-T, or `t` in an empty
    /// one); true when it did.
    fn put_today(&mut self, key: KeyEvent, today: NaiveDate) -> bool {
        let Some(field) = self.fields.get_mut(self.focus) else {
            return false;
        };
        let Input::Text(area) = &mut field.input else {
            return false;
        };
        let control = key.modifiers.contains(KeyModifiers::CONTROL);
        let wanted = match key.code {
            KeyCode::Char('t' | 'T') if control => true,
            KeyCode::Char('t') if key.modifiers.is_empty() || key.modifiers == KeyModifiers::SHIFT => {
                area.lines().concat().trim().is_empty()
            }
            _ => false,
        };
        if !(field.date && wanted) {
            return false;
        }
        area.select_all();
        area.cut();
        area.insert_str(today.to_string());
        true
    }

    /// Handles a key with the app's today at hand (for the today key of a date field).
    pub fn handle_key_on(&mut self, key: KeyEvent, today: NaiveDate) -> FormEvent {
        let control = key.modifiers.contains(KeyModifiers::CONTROL);
        if control && matches!(key.code, KeyCode::Char('g' | 'G')) && self.guidance.is_some() {
            return FormEvent::Guidance;
        }
        if self.put_today(key, today) {
            self.error = None;
            return FormEvent::Continue;
        }
        self.handle_key(key)
    }

    /// Shows `live(form)` in the bottom border, recomputed at every draw.
    pub fn with_live(self, live: LiveLine) -> Form {
        Form {
            live: Some(live),
            ..self
        }
    }

    /// With a longer text to read in full over the form (Ctrl-G).
    pub fn with_guidance(self, guidance: Reading) -> Form {
        Form {
            guidance: Some(guidance),
            ..self
        }
    }

    /// The footer's keys, from the key table: the today key while a date field has the
    /// focus and the guidance key on a form with guidance, each instead of Space's tick
    /// (which only a set of boxes uses); otherwise the form scope's usual hints. A form
    /// of text fields only (the treat form's Avoid step: one reason) names neither Right's
    /// choice nor Space's tick, which it does not take.
    pub fn hints(&self) -> Vec<KeyHint> {
        let on_date = self.fields.get(self.focus).is_some_and(|field| field.date);
        let has_flags = self
            .fields
            .iter()
            .any(|field| matches!(field.input, Input::Flags { .. }));
        let has_choices = has_flags
            || self
                .fields
                .iter()
                .any(|field| matches!(field.input, Input::Choice { .. }));
        let special = on_date || self.guidance.is_some();
        scope_hints(Scope::Form)
            .into_iter()
            .filter(|hint| match keys_for_hint(hint) {
                Some(Action::Today) => on_date,
                Some(Action::Guidance) => self.guidance.is_some(),
                Some(Action::ChoiceNext) => has_choices,
                Some(Action::Toggle) => (!special && has_choices) || has_flags,
                _ => true,
            })
            .collect()
    }

    /// The live line as it reads now (empty without one).
    pub fn live_text(&self) -> String {
        self.live.as_ref().map_or(String::new(), |live| live(self))
    }

    /// Every field's value as text, in order: what "changed" is measured against.
    fn values(&self) -> Vec<String> {
        self.fields
            .iter()
            .map(|field| match &field.input {
                Input::Text(area) => area.lines().join("\n"),
                Input::Choice { selected, .. } => selected.to_string(),
                Input::Flags { on, .. } => on.iter().map(|on| if *on { '1' } else { '0' }).collect(),
            })
            .collect()
    }

    /// Whether any value differs from what the form opened with.
    pub fn is_changed(&self) -> bool {
        self.values() != self.initial
    }

    /// Pastes text into the focused field as one edit. A field that is not text takes
    /// none of it, and the form says so.
    pub fn paste(&mut self, text: &str) {
        let Some(field) = self.fields.get_mut(self.focus) else {
            return;
        };
        match &mut field.input {
            Input::Text(area) => {
                area.insert_str(one_line(text));
                self.error = None;
            }
            _ => {
                self.error = Some(format!(
                    "Paste ignored: {} is not a text field (Tab moves to one)",
                    field.label.trim()
                ));
            }
        }
    }

    fn field(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|field| field.key == key)
    }

    /// The label of the field with `key`.
    pub fn label(&self, key: &str) -> Option<&'static str> {
        self.field(key).map(|field| field.label)
    }

    /// The trimmed text of a text field ("" for a missing field).
    pub fn text(&self, key: &str) -> String {
        match self.field(key).map(|field| &field.input) {
            Some(Input::Text(area)) => area.lines().join(" ").trim().to_string(),
            _ => String::new(),
        }
    }

    /// The index of the chosen option.
    pub fn choice(&self, key: &str) -> usize {
        match self.field(key).map(|field| &field.input) {
            Some(Input::Choice { selected, .. }) => *selected,
            _ => 0,
        }
    }

    pub fn flags(&self, key: &str) -> Vec<bool> {
        match self.field(key).map(|field| &field.input) {
            Some(Input::Flags { on, .. }) => on.clone(),
            _ => Vec::new(),
        }
    }

    /// Replaces a text field's text (a value filled in for the user, such as the key
    /// just made); other fields are left alone.
    pub fn set_text(&mut self, key: &str, text: &str) {
        if let Some(Field {
            input: Input::Text(area),
            ..
        }) = self.fields.iter_mut().find(|field| field.key == key)
        {
            area.select_all();
            area.cut();
            area.insert_str(text);
        }
    }

    /// Shows a problem and moves the focus to the field it concerns.
    pub fn fail(&mut self, key: &str, message: impl Into<String>) {
        if let Some(index) = self.fields.iter().position(|field| field.key == key) {
            self.focus = index;
        }
        self.error = Some(message.into());
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> FormEvent {
        let action = action_in(Scope::Form, key);
        let changed = matches!(action, Some(Action::CloseOverlay | Action::Quit)) && self.is_changed();
        let Some(field) = self.fields.get_mut(self.focus) else {
            return FormEvent::Cancel;
        };
        match (action, &mut field.input) {
            (Some(Action::Save), _) => return FormEvent::Save,
            (Some(Action::PickFromList), _) if field.pickable => return FormEvent::Pick(field.key),
            // A changed form asks first; an unchanged one closes at once.
            (Some(Action::CloseOverlay | Action::Quit), _) if changed => return FormEvent::AskDiscard,
            // Ctrl-C in a form leaves the form, not the program.
            (Some(Action::CloseOverlay | Action::Quit), _) => return FormEvent::Cancel,
            (Some(Action::NextField), _) => {
                self.focus = (self.focus + 1) % self.fields.len();
                self.select_focused();
            }
            (Some(Action::PreviousField), _) => {
                self.focus = (self.focus + self.fields.len() - 1) % self.fields.len();
                self.select_focused();
            }
            (Some(Action::ChoiceNext), Input::Choice { options, selected }) => {
                *selected = (*selected + 1) % options.len().max(1);
            }
            (Some(Action::ChoicePrevious), Input::Choice { options, selected }) => {
                *selected = (*selected + options.len().max(1) - 1) % options.len().max(1);
            }
            (Some(Action::ChoiceNext), Input::Flags { options, cursor, .. }) => {
                *cursor = (*cursor + 1).min(options.len().saturating_sub(1));
            }
            (Some(Action::ChoicePrevious), Input::Flags { cursor, .. }) => *cursor = cursor.saturating_sub(1),
            (Some(Action::Toggle), Input::Flags { on, cursor, .. }) => {
                if let Some(flag) = on.get_mut(*cursor) {
                    *flag = !*flag;
                }
            }
            // Typing a letter on a choice jumps to the next option starting with it.
            (_, Input::Choice { options, selected }) => {
                if let KeyCode::Char(letter) = key.code {
                    let letter = letter.to_ascii_lowercase();
                    let count = options.len();
                    if let Some(next) = (1..=count).map(|step| (*selected + step) % count).find(|&index| {
                        options[index]
                            .chars()
                            .next()
                            .is_some_and(|first| first.to_ascii_lowercase() == letter)
                    }) {
                        *selected = next;
                    }
                }
            }
            // Everything else edits text: arrows move the cursor, Space types a space.
            // The text area's own editing keys work too (Ctrl-K and Ctrl-J delete to the end
            // or start, Ctrl-W a word), except Ctrl-M: a field is one line. Ctrl-U clears the
            // field and Ctrl-Z undoes, as in most text boxes.
            (_, Input::Text(area)) => edit_text(area, key),
            (_, Input::Flags { .. }) => {}
        }
        self.error = None;
        FormEvent::Continue
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, theme: Theme) {
        const LABEL_WIDTH: u16 = 21;
        // Scale descriptions are longer than a field's usual help: give them a third line.
        let help_lines: u16 = if self.fields.iter().any(|field| !field.option_help.is_empty()) {
            3
        } else {
            2
        };
        let height = (self.fields.len() as u16 + 4 + help_lines).min(area.height);
        let popup = super::widgets::centered(area, 78, height);
        frame.render_widget(Clear, popup);
        let mut block = Block::bordered()
            .title(format!(" {} ", self.title))
            .title_style(theme.title())
            .border_style(theme.border());
        let live = self.live_text();
        if !live.is_empty() {
            block = block.title_bottom(Line::styled(format!(" {live} "), theme.key()).right_aligned());
        }
        let inner = block.inner(popup);
        frame.render_widget(block, popup);
        let [rows_area, error_area, hint_area] = Layout::vertical([
            Constraint::Min(1),
            Constraint::Length(help_lines),
            Constraint::Length(1),
        ])
        .areas(inner);
        let visible = usize::from(rows_area.height.saturating_sub(1).max(1));
        let first = super::widgets::page_start(self.focus, visible);
        for (row, (index, field)) in self.fields.iter().enumerate().skip(first).take(visible).enumerate() {
            let y = rows_area.y + row as u16;
            let focused = index == self.focus;
            let label_style = if focused { theme.key() } else { theme.dim() };
            let label = Rect {
                x: rows_area.x,
                y,
                width: LABEL_WIDTH.min(rows_area.width),
                height: 1,
            };
            // The focused field is marked in text as well as colour, so it shows in a
            // monochrome terminal and where a colour is hard to tell apart.
            let marker = if focused { "▸" } else { " " };
            frame.render_widget(
                Paragraph::new(format!("{marker}{:>18}  ", field.label)).style(label_style),
                label,
            );
            let value = Rect {
                x: rows_area.x + LABEL_WIDTH,
                y,
                width: rows_area.width.saturating_sub(LABEL_WIDTH),
                height: 1,
            };
            draw_input(frame, value, &field.input, focused, theme);
            if let Input::Choice { options, selected } = &field.input
                && !field.beside.is_empty()
            {
                let used = options.get(*selected).map_or(0, |option| option.chars().count()) as u16 + 5;
                let room = value.width.saturating_sub(used);
                let beside = Rect {
                    x: value.x + used,
                    width: room,
                    ..value
                };
                frame.render_widget(
                    Paragraph::new(clip_words(&field.beside, usize::from(room))).style(theme.dim()),
                    beside,
                );
            }
        }
        let help = self.fields.get(self.focus).map_or("", Field::current_help);
        if self.error.is_none() && !help.is_empty() {
            let text = Paragraph::new(help)
                .style(theme.dim())
                .wrap(ratatui::widgets::Wrap { trim: true });
            frame.render_widget(text, error_area);
        }
        if let Some(error) = &self.error {
            // Two lines: an import error names the file, line and column.
            let text = Paragraph::new(error.as_str())
                .style(theme.error())
                .wrap(ratatui::widgets::Wrap { trim: true });
            frame.render_widget(text, error_area);
        }
        // From the key table, so the footer names the keys that really work.
        let hints = self.hints();
        let hint = crate::tui::keys::hint_line(&hints, hint_area.width, theme);
        frame.render_widget(Paragraph::new(hint).style(theme.dim()), hint_area);
    }
}

/// The action of a form hint, by its keys in the key table.
fn keys_for_hint(hint: &KeyHint) -> Option<Action> {
    super::keys::bindings_in(Scope::Form)
        .find(|binding| binding.keys == hint.keys && binding.hint == hint.hint)
        .map(|binding| binding.action)
}

/// A key typed into a text field. A selection (the whole text, just after moving in) is
/// replaced by what is typed and removed by Backspace or Delete; an arrow, Home or End
/// without Shift lets it go and moves the cursor, the text kept.
fn edit_text(area: &mut TextArea<'static>, key: KeyEvent) {
    let control = key.modifiers.contains(KeyModifiers::CONTROL);
    let shift = key.modifiers.contains(KeyModifiers::SHIFT);
    match key.code {
        KeyCode::Char('m') if control => {}
        KeyCode::Char('u') if control => {
            area.select_all();
            area.cut();
        }
        KeyCode::Char('z') if control => {
            area.undo();
        }
        KeyCode::Left | KeyCode::Right | KeyCode::Home | KeyCode::End if !shift => {
            area.cancel_selection();
            area.input(key);
        }
        _ => {
            area.input(key);
        }
    }
}

/// `text` in at most `width` characters, cut after a whole word with an ellipsis.
pub fn clip_words(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    for word in text.split(' ') {
        let candidate = if out.is_empty() {
            word.to_string()
        } else {
            format!("{out} {word}")
        };
        if candidate.chars().count() + 1 > width {
            break;
        }
        out = candidate;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// Text for a one-line field: line breaks and tabs become spaces (a pasted "notes\ndy"
/// stays text, it never presses Enter), other control characters are dropped.
pub fn one_line(text: &str) -> String {
    text.replace("\r\n", " ")
        .chars()
        .filter_map(|c| match c {
            '\n' | '\r' | '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

fn draw_input(frame: &mut Frame, area: Rect, input: &Input, focused: bool, theme: Theme) {
    match input {
        // Unfocused, a long text shows its beginning (the text area would show where its
        // cursor is); a password shows dots.
        Input::Text(text) if !focused => {
            let value = text.lines().join(" ");
            let shown = match text.mask_char() {
                Some(mask) => value.chars().map(|_| mask).collect(),
                None => value,
            };
            frame.render_widget(Paragraph::new(shown), area);
        }
        // Focused: an input background and a block cursor that stands out from it (the
        // selection style is reversed in monochrome, which hid a reversed cursor).
        Input::Text(text) => {
            let mut text = (**text).clone();
            text.set_cursor_line_style(Style::new());
            text.set_style(theme.input());
            text.set_cursor_style(theme.cursor());
            text.set_selection_style(theme.selection());
            frame.render_widget(&text, area);
        }
        Input::Choice { options, selected } => {
            let label = options.get(*selected).map_or("", String::as_str);
            let style = if focused { theme.selected() } else { Style::new() };
            frame.render_widget(Paragraph::new(format!("◀ {label} ▶")).style(style), area);
        }
        Input::Flags { options, on, cursor } => {
            let spans: Vec<Span> = options
                .iter()
                .zip(on)
                .enumerate()
                .map(|(index, (option, on))| {
                    let mark = if *on { "[x]" } else { "[ ]" };
                    let style = if focused && index == *cursor {
                        theme.selected()
                    } else {
                        Style::new()
                    };
                    // Compact, so five role boxes fit an 80-column terminal.
                    Span::styled(format!("{mark}{option} "), style)
                })
                .collect();
            frame.render_widget(Paragraph::new(Line::from(spans)), area);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_turns_breaks_and_tabs_into_spaces_and_drops_other_controls() {
        assert_eq!(one_line(" see notes\ndy"), " see notes dy");
        assert_eq!(one_line("a\r\nb\rc\td"), "a b c d");
        assert_eq!(one_line("bell\u{7}\u{1b}[2Jx"), "bell[2Jx");
        assert_eq!(one_line("café ✓"), "café ✓");
    }

    #[test]
    fn clip_words_cuts_after_a_whole_word() {
        assert_eq!(
            clip_words("Is there a written policy?", 40),
            "Is there a written policy?"
        );
        assert_eq!(clip_words("Is there a written policy?", 20), "Is there a written…");
        assert_eq!(clip_words("Unbreakable", 5), "…");
        assert_eq!(clip_words("x", 0), "");
    }

    #[test]
    fn a_paste_is_one_edit_in_the_focused_text_field() {
        let mut form = Form::new(
            "T",
            vec![
                Field::text("threat", "Threat", "Ransomware"),
                Field::choice("source", "Source", vec!["A".into(), "B".into()], 0),
            ],
        );
        assert!(!form.is_changed());
        // The field's text is selected on opening: End keeps it, the paste goes after it.
        form.handle_key(KeyEvent::new(KeyCode::End, KeyModifiers::NONE));
        form.paste(" see notes\ndy");
        assert_eq!(form.text("threat"), "Ransomware see notes dy");
        assert!(form.is_changed());
        // Ctrl-Z undoes the whole paste at once: it was one edit.
        form.handle_key(KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL));
        assert_eq!(form.text("threat"), "Ransomware");
        assert!(!form.is_changed(), "undone");
        assert_eq!(
            form.handle_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)),
            FormEvent::Cancel,
            "unchanged: Esc closes"
        );
        // Changed, Esc asks (the question is a window over the form).
        form.paste(" x");
        assert_eq!(
            form.handle_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)),
            FormEvent::AskDiscard
        );
        assert_eq!(form.text("threat"), "Ransomware x");
        form.focus = 1;
        form.paste("B");
        assert_eq!(form.choice("source"), 0);
        assert_eq!(
            form.error.as_deref(),
            Some("Paste ignored: Source is not a text field (Tab moves to one)")
        );
    }

    #[test]
    fn the_focused_field_is_marked_and_its_cursor_stands_out_in_monochrome() {
        use ratatui::style::Modifier;
        let mut form = Form::new(
            "T",
            vec![
                Field::text("name", "Name", "Ann"),
                Field::text("next", "Next review", ""),
            ],
        );
        let draw = |form: &Form| {
            let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
            terminal
                .draw(|frame| form.draw(frame, frame.area(), Theme::MONOCHROME))
                .unwrap();
            terminal.backend().buffer().clone()
        };
        let find = |buffer: &ratatui::buffer::Buffer| {
            let row = (0..24)
                .find(|y| {
                    (0..80)
                        .map(|x| buffer[(x, *y)].symbol())
                        .collect::<String>()
                        .contains(&format!("▸{:>18}  Ann", "Name"))
                })
                .expect("the focused label carries the marker");
            let text: String = (0..80).map(|x| buffer[(x, row)].symbol()).collect();
            (row, text.chars().position(|c| c == 'A').unwrap() as u16)
        };
        // On opening, "Ann" is selected (typing would replace it): reversed.
        let buffer = draw(&form);
        let (row, start) = find(&buffer);
        for x in start..start + 3 {
            assert!(buffer[(x, row)].modifier.contains(Modifier::REVERSED), "{x}");
        }
        // End lets the selection go: "Ann" is underlined, not reversed; the cell after it
        // (the cursor) is reversed.
        form.handle_key(KeyEvent::new(KeyCode::End, KeyModifiers::NONE));
        let buffer = draw(&form);
        let (row, start) = find(&buffer);
        for x in start..start + 3 {
            let cell = &buffer[(x, row)];
            assert!(cell.modifier.contains(Modifier::UNDERLINED), "{x}");
            assert!(!cell.modifier.contains(Modifier::REVERSED), "{x}");
        }
        assert!(buffer[(start + 3, row)].modifier.contains(Modifier::REVERSED));
        let all: String = buffer.content().iter().map(|cell| cell.symbol()).collect();
        assert_eq!(all.matches('▸').count(), 1, "only the focused field is marked");
    }

    fn press(form: &mut Form, code: KeyCode, modifiers: KeyModifiers) -> FormEvent {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        form.handle_key_on(KeyEvent::new(code, modifiers), today)
    }

    fn typed(form: &mut Form, text: &str) {
        for c in text.chars() {
            press(form, KeyCode::Char(c), KeyModifiers::NONE);
        }
    }

    fn dated() -> Form {
        Form::new(
            "Evidence",
            vec![
                Field::text("title", "Title", "Backup log"),
                Field::text("dated", "Dated", "2026-12-04").with_help(super::super::editors::DATE_HELP),
                Field::text("due", "Due", "").with_help(super::super::editors::DATE_HELP),
                Field::text("notes", "Notes", "t"),
            ],
        )
    }

    #[test]
    fn typing_into_a_prefilled_field_replaces_it_and_the_arrows_keep_it() {
        let mut form = dated();
        // The first field is selected on opening; so is each field moved into.
        typed(&mut form, "Backup report");
        assert_eq!(form.text("title"), "Backup report");
        press(&mut form, KeyCode::Tab, KeyModifiers::NONE);
        typed(&mut form, "12/2/2026");
        assert_eq!(form.text("dated"), "12/2/2026", "not 2026-12-0412/2/2026");
        // Moving back in and pressing Home or an arrow keeps the text and edits it.
        press(&mut form, KeyCode::BackTab, KeyModifiers::NONE);
        press(&mut form, KeyCode::Tab, KeyModifiers::NONE);
        press(&mut form, KeyCode::Home, KeyModifiers::NONE);
        typed(&mut form, "0");
        assert_eq!(form.text("dated"), "012/2/2026");
        press(&mut form, KeyCode::Tab, KeyModifiers::NONE);
        press(&mut form, KeyCode::BackTab, KeyModifiers::NONE);
        press(&mut form, KeyCode::Right, KeyModifiers::NONE);
        press(&mut form, KeyCode::Backspace, KeyModifiers::NONE);
        assert_eq!(form.text("dated"), "012/2/202");
        // Backspace on the selection empties the field.
        press(&mut form, KeyCode::Tab, KeyModifiers::NONE);
        press(&mut form, KeyCode::BackTab, KeyModifiers::NONE);
        press(&mut form, KeyCode::Backspace, KeyModifiers::NONE);
        assert_eq!(form.text("dated"), "");
    }

    #[test]
    fn ctrl_u_clears_a_field_and_the_today_key_fills_a_date_field() {
        let mut form = dated();
        press(&mut form, KeyCode::End, KeyModifiers::NONE);
        press(&mut form, KeyCode::Char('u'), KeyModifiers::CONTROL);
        assert_eq!(form.text("title"), "");
        // `t` in a text field that is not a date is a letter.
        typed(&mut form, "t");
        assert_eq!(form.text("title"), "t");
        // Ctrl-T in a date field puts today (the app's), replacing what was there.
        press(&mut form, KeyCode::Tab, KeyModifiers::NONE);
        press(&mut form, KeyCode::End, KeyModifiers::NONE);
        press(&mut form, KeyCode::Char('t'), KeyModifiers::CONTROL);
        assert_eq!(form.text("dated"), "2026-11-23");
        // `t` in an empty date field puts today; in a filled one it is typed.
        press(&mut form, KeyCode::Tab, KeyModifiers::NONE);
        typed(&mut form, "t");
        assert_eq!(form.text("due"), "2026-11-23");
        press(&mut form, KeyCode::End, KeyModifiers::NONE);
        typed(&mut form, "t");
        assert_eq!(form.text("due"), "2026-11-23t");
        // Not a date field: Ctrl-T changes nothing.
        press(&mut form, KeyCode::Tab, KeyModifiers::NONE);
        press(&mut form, KeyCode::Char('t'), KeyModifiers::CONTROL);
        assert_eq!(form.text("notes"), "t");
        // The footer offers the today key on a date field only.
        assert!(form.hints().iter().all(|hint| hint.hint != "today"));
        press(&mut form, KeyCode::BackTab, KeyModifiers::NONE);
        assert!(form.hints().iter().any(|hint| hint.hint == "today"));
    }
}
