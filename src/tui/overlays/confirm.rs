//! A yes/no question (deleting a record, handing a person's things to someone else,
//! retiring an asset, discarding a changed form, quitting with one open, replacing an
//! exported report). Every question
//! the TUI asks is this window, so they all answer alike: only `y` (or `Y`) is yes; any
//! other key is no, and is used up by the question, so a `y` later in typed text cannot
//! answer it (Enter is no too). Left/Right choose a person where there is a choice, and
//! Control-C closes the question and quits (asking first if a form has changes).
//! On yes it replies `Confirmed` (with the person chosen) to the layer below, which
//! asked and knows what for (or, for a question asked over a form on behalf of the
//! screen, to the screen under the form); the quit question quits instead.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use crate::domain::Id;
use crate::tui::component::{Component, Ctx, Outcome};
use crate::tui::keys::{Action, KeyHint, Scope, action_in, scope_hints};
use crate::tui::protocol::{Command, Reply};
use crate::tui::theme::Theme;
use crate::tui::widgets::centered;

#[derive(Debug, Clone)]
pub struct Confirm {
    pub title: String,
    pub lines: Vec<String>,
    /// People to choose from (for a reassignment); empty for a plain yes/no.
    pub choices: Vec<(Id, String)>,
    pub selected: usize,
    /// What the choice is called on its line ("Take over" for people).
    pub choice_label: &'static str,
    /// What yes does.
    yes: Yes,
}

/// What yes to a question does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Yes {
    /// Replies `Confirmed` to the layer below, which asked.
    Reply,
    /// Replies `Confirmed` to the layer under the window below: a question a screen
    /// asks over its form, which stays open (replacing an exported file).
    ReplyUnderForm,
    /// Quits the program (the question asked before quitting with a changed form).
    Quit,
}

impl Confirm {
    /// A question whose yes goes back to the layer below.
    pub fn new(title: impl Into<String>, lines: Vec<String>) -> Confirm {
        Confirm {
            title: title.into(),
            lines,
            choices: Vec::new(),
            selected: 0,
            choice_label: "Take over",
            yes: Yes::Reply,
        }
    }

    /// A question a screen asks over its form (the form stays open under it): yes
    /// replies to the screen, no goes back to the form.
    pub fn over_form(title: impl Into<String>, lines: Vec<String>) -> Confirm {
        Confirm {
            yes: Yes::ReplyUnderForm,
            ..Confirm::new(title, lines)
        }
    }

    /// The same question, offering a choice of people (Left/Right).
    pub fn with_choices(mut self, choices: Vec<(Id, String)>) -> Confirm {
        self.choices = choices;
        self
    }

    /// Calls the choice `label` on its line instead of "Take over" (a reason, not a person).
    pub fn with_choice_label(mut self, label: &'static str) -> Confirm {
        self.choice_label = label;
        self
    }

    /// Esc (or Control-C) on a changed form: yes closes the form below, losing its changes.
    pub fn discard() -> Confirm {
        Confirm::new(
            "Discard changes?",
            vec![
                "This form has changes that are not saved.".to_string(),
                "Close it and lose them?".to_string(),
            ],
        )
    }

    /// Quitting while a form has changes: yes quits, losing them.
    pub fn quit() -> Confirm {
        Confirm {
            yes: Yes::Quit,
            ..Confirm::new(
                "Quit without saving?",
                vec![
                    "A form has changes that are not saved.".to_string(),
                    "Quit and lose them?".to_string(),
                ],
            )
        }
    }

    /// Whether yes quits the program (the question quitting asks).
    pub fn quits(&self) -> bool {
        self.yes == Yes::Quit
    }

    fn yes(&self) -> Outcome {
        let confirmed = Reply::Confirmed {
            choice: self.choices.get(self.selected).map(|(id, _)| *id),
        };
        Outcome::CloseWith(match self.yes {
            Yes::Reply => Command::Reply(confirmed),
            Yes::ReplyUnderForm => Command::ReplyBelow(confirmed),
            Yes::Quit => Command::QuitAnyway,
        })
    }

    /// Applies one of its actions (keys, or `App::update` from a test). Only `Confirm`
    /// is yes; the choice keys move where there is a choice; quitting closes the question
    /// and takes the quit path; every other action is no.
    pub fn act(&mut self, action: Action) -> Outcome {
        match action {
            Action::Confirm => self.yes(),
            Action::ChoiceNext if !self.choices.is_empty() => {
                self.selected = (self.selected + 1).min(self.choices.len() - 1);
                Outcome::Handled
            }
            Action::ChoicePrevious if !self.choices.is_empty() => {
                self.selected = self.selected.saturating_sub(1);
                Outcome::Handled
            }
            Action::Quit => Outcome::CloseWith(Command::Quit),
            _ => Outcome::Close,
        }
    }

    /// The last line of every question, naming its keys.
    pub fn answer_line(&self, theme: Theme) -> Line<'static> {
        let mut spans = Vec::new();
        if !self.choices.is_empty() {
            spans.push(Span::styled("Left/Right", theme.key()));
            spans.push(Span::raw(": choose · "));
        }
        spans.push(Span::styled("y", theme.key()));
        spans.push(Span::raw(": yes · "));
        spans.push(Span::styled("any other key", theme.key()));
        spans.push(Span::raw(": no"));
        Line::from(spans)
    }

    /// The question's lines as drawn: its text, the choice, and the keys.
    pub fn text(&self, theme: Theme) -> Vec<Line<'static>> {
        let mut lines: Vec<Line> = self.lines.iter().map(|line| Line::from(line.clone())).collect();
        if let Some((_, name)) = self.choices.get(self.selected) {
            lines.push(Line::from(""));
            lines.push(Line::from(vec![
                Span::raw(format!("{}: ", self.choice_label)),
                Span::styled(format!("◀ {name} ▶"), theme.selected()),
            ]));
        }
        lines.push(Line::from(""));
        lines.push(self.answer_line(theme));
        lines
    }
}

/// Whether a key is the yes of a question: `y` or `Y`, nothing held but Shift.
fn is_yes(key: KeyEvent) -> bool {
    (key.modifiers - KeyModifiers::SHIFT).is_empty() && action_in(Scope::Confirm, key) == Some(Action::Confirm)
}

impl Component for Confirm {
    fn act(&mut self, action: Action, _ctx: &Ctx) -> Outcome {
        Confirm::act(self, action)
    }

    fn keys(&self) -> Vec<KeyHint> {
        scope_hints(Scope::Confirm)
    }

    fn handle(&mut self, key: KeyEvent, _ctx: &Ctx) -> Outcome {
        if is_yes(key) {
            return self.yes();
        }
        match action_in(Scope::Confirm, key) {
            Some(action @ (Action::Quit | Action::ChoiceNext | Action::ChoicePrevious)) => self.act(action),
            // Every other key is no, and goes no further.
            _ => Outcome::Close,
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = ctx.theme;
        let lines = self.text(theme);
        let popup = centered(area, 70, lines.len() as u16 + 4);
        frame.render_widget(Clear, popup);
        let block = Block::bordered()
            .title(format!(" {} ", self.title))
            .title_style(theme.title())
            .border_style(theme.border());
        frame.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: true }), popup);
    }
}
