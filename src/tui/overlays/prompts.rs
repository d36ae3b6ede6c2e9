//! The checklist of commonly forgotten items: it owns its cursor; "yes" hands the
//! question to the app to open an asset form over it (the checklist stays below, so the
//! form closes back onto it for the next asset), "none here" is recorded at once. It
//! names what the inventory already holds for the question shown.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use crate::domain::{InventoryPrompt, Labeled};
use crate::tui::app::Command;
use crate::tui::component::{Component, Ctx, Outcome};
use crate::tui::keys::{Action, KeyHint, Scope, action_in, hint_line, scope_hints};
use crate::tui::view::centered;

/// Rows moved by Page Up and Page Down.
const PAGE: usize = 10;

#[derive(Debug, Clone, Default)]
pub struct Prompts {
    pub cursor: usize,
}

impl Prompts {
    pub fn act(&mut self, action: Action) -> Outcome {
        let last = InventoryPrompt::ALL.len() - 1;
        let prompt = InventoryPrompt::ALL[self.cursor.min(last)];
        // Every key the hints and the help name moves the cursor, so the answer that
        // follows lands on the question shown.
        self.cursor = match action {
            Action::Up => self.cursor.saturating_sub(1),
            Action::Down => (self.cursor + 1).min(last),
            Action::PageUp => self.cursor.saturating_sub(PAGE),
            Action::PageDown => (self.cursor + PAGE).min(last),
            Action::Top => 0,
            Action::Bottom => last,
            Action::Add => return Outcome::Send(Command::AddForPrompt(prompt)),
            Action::AnswerNone => return Outcome::Send(Command::AnswerNone(prompt)),
            Action::CloseOverlay => return Outcome::Close,
            Action::Quit => return Outcome::Send(Command::Quit),
            _ => return Outcome::Ignored,
        };
        Outcome::Handled
    }
}

impl Component for Prompts {
    fn keys(&self) -> Vec<KeyHint> {
        scope_hints(Scope::Prompts)
    }

    fn handle(&mut self, key: KeyEvent, _ctx: &Ctx) -> Outcome {
        action_in(Scope::Prompts, key).map_or(Outcome::Ignored, |action| self.act(action))
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = ctx.theme;
        let mut lines = vec![Line::from("Each answer adds assets or records that there are none.").style(theme.dim())];
        for (index, prompt) in InventoryPrompt::ALL.iter().enumerate() {
            let answer = ctx.workspace.prompts.iter().find(|record| record.prompt == *prompt);
            let mark = match answer {
                Some(record) => format!("[{}]", record.answer.label()),
                None => "[not asked yet]".to_string(),
            };
            let style = if index == self.cursor {
                theme.selected()
            } else {
                ratatui::style::Style::new()
            };
            lines.push(Line::from(vec![
                Span::styled(format!(" {:<31}", prompt.label()), style),
                Span::styled(
                    format!(" {mark}"),
                    if answer.is_some() { theme.dim() } else { theme.warning() },
                ),
            ]));
        }
        lines.push(Line::from(""));
        if let Some(prompt) = InventoryPrompt::ALL.get(self.cursor) {
            lines.push(Line::from(prompt.question()));
            // What the inventory already holds of this, so the answer is not given blind.
            let recorded: Vec<&str> = ctx
                .workspace
                .assets
                .iter()
                .filter(|asset| prompt.covers(asset))
                .map(|asset| asset.name.as_str())
                .collect();
            lines.push(match recorded.as_slice() {
                [] => Line::styled("Nothing of this in the inventory yet.", theme.dim()),
                names => Line::styled(format!("Already recorded: {}", names.join(", ")), theme.key()),
            });
        }
        lines.push(Line::from(""));
        lines.push(hint_line(&self.keys(), 68, theme));
        let popup = centered(area, 72, lines.len() as u16 + 4);
        frame.render_widget(Clear, popup);
        let block = Block::bordered()
            .title(" Commonly forgotten items ")
            .title_style(theme.title())
            .border_style(theme.border());
        frame.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: true }), popup);
    }
}
