//! A yes/no question (deleting a record, handing a person's things to someone else).
//! It owns its choice; on yes it replies `Confirmed` (with the person chosen) to the
//! layer below, which asked and knows what for.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use crate::domain::Id;
use crate::tui::app::Command;
use crate::tui::component::{Component, Ctx, Outcome};
use crate::tui::keys::{Action, KeyHint, Scope, action_in, hint_line, scope_hints};
use crate::tui::overlays::Reply;
use crate::tui::view::centered;

#[derive(Debug, Clone)]
pub struct Confirm {
    pub title: String,
    pub lines: Vec<String>,
    /// People to choose from (for a reassignment); empty for a plain yes/no.
    pub choices: Vec<(Id, String)>,
    pub selected: usize,
}

impl Confirm {
    /// A question whose yes goes back to the layer below.
    pub fn new(title: impl Into<String>, lines: Vec<String>) -> Confirm {
        Confirm {
            title: title.into(),
            lines,
            choices: Vec::new(),
            selected: 0,
        }
    }

    /// The same question, offering a choice of people (Left/Right).
    pub fn with_choices(mut self, choices: Vec<(Id, String)>) -> Confirm {
        self.choices = choices;
        self
    }
}

impl Confirm {
    /// Applies one of its actions (keys, or `App::update` from a test).
    pub fn act(&mut self, action: Action) -> Outcome {
        match action {
            Action::ChoiceNext => {
                self.selected = (self.selected + 1).min(self.choices.len().saturating_sub(1));
                Outcome::Handled
            }
            Action::ChoicePrevious => {
                self.selected = self.selected.saturating_sub(1);
                Outcome::Handled
            }
            Action::Confirm => Outcome::CloseWith(Command::Reply(Reply::Confirmed {
                choice: self.choices.get(self.selected).map(|(id, _)| *id),
            })),
            Action::CloseOverlay => Outcome::Close,
            Action::Quit => Outcome::Send(Command::Quit),
            _ => Outcome::Ignored,
        }
    }
}

impl Component for Confirm {
    fn keys(&self) -> Vec<KeyHint> {
        scope_hints(Scope::Confirm)
    }

    fn handle(&mut self, key: KeyEvent, _ctx: &Ctx) -> Outcome {
        action_in(Scope::Confirm, key).map_or(Outcome::Ignored, |action| self.act(action))
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = ctx.theme;
        let mut lines: Vec<Line> = self.lines.iter().map(|line| Line::from(line.as_str())).collect();
        if let Some((_, name)) = self.choices.get(self.selected) {
            lines.push(Line::from(""));
            lines.push(Line::from(vec![
                Span::raw("Take over: "),
                Span::styled(format!("◀ {name} ▶"), theme.selected()),
            ]));
        }
        lines.push(Line::from(""));
        lines.push(hint_line(&self.keys(), 66, theme));
        let popup = centered(area, 70, lines.len() as u16 + 4);
        frame.render_widget(Clear, popup);
        let block = Block::bordered()
            .title(format!(" {} ", self.title))
            .title_style(theme.title())
            .border_style(theme.border());
        frame.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: true }), popup);
    }
}
