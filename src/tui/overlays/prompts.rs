//! The checklist of commonly forgotten items: it owns its cursor; "yes" opens an asset
//! form over it and saves what comes back (the checklist stays below, so the form closes
//! back onto it for the next asset), "none here" is recorded at once. It names what the
//! inventory already holds for the question shown.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use crate::domain::{InventoryPrompt, Labeled};
use crate::tui::component::{Component, Ctx, Outcome};
use crate::tui::keys::{Action, KeyHint, Scope, action_in, hint_line, scope_hints};
use crate::tui::overlays::Overlay;
use crate::tui::protocol::{Command, Reply, Write};
use crate::tui::screens::inventory::writes::InventoryWrite;
use crate::tui::widgets::centered;

/// Rows moved by Page Up and Page Down.
const PAGE: usize = 10;

#[derive(Debug, Clone, Default)]
pub struct Prompts {
    pub cursor: usize,
    /// The question whose asset form is open over the checklist.
    asked: Option<InventoryPrompt>,
}

impl Prompts {
    pub fn act(&mut self, action: Action, ctx: &Ctx) -> Outcome {
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
            Action::Add => return self.open_asset_form(prompt, ctx),
            Action::AnswerNone => {
                return Outcome::Send(Command::Write {
                    write: Write::new(InventoryWrite::NoneHere {
                        assessment_id: ctx.workspace.assessment_id,
                        prompt,
                    }),
                    form: None,
                });
            }
            Action::CloseOverlay => return Outcome::Close,
            Action::Quit => return Outcome::Send(Command::Quit),
            _ => return Outcome::Ignored,
        };
        Outcome::Handled
    }

    /// "Yes": an asset form for the question, of its usual kind, over the checklist.
    fn open_asset_form(&mut self, prompt: InventoryPrompt, ctx: &Ctx) -> Outcome {
        self.asked = Some(prompt);
        let asset = crate::tui::screens::blank_asset(ctx, prompt.suggested_kind());
        let title = format!("Add: {}", prompt.label());
        let form = crate::tui::screens::inventory::form::asset_form(&title, &asset, &ctx.workspace.people);
        Outcome::Send(Command::Open(Overlay::form(form)))
    }
}

impl Component for Prompts {
    fn act(&mut self, action: Action, ctx: &Ctx) -> Outcome {
        Prompts::act(self, action, ctx)
    }

    fn keys(&self) -> Vec<KeyHint> {
        scope_hints(Scope::Prompts)
    }

    fn handle(&mut self, key: KeyEvent, ctx: &Ctx) -> Outcome {
        action_in(Scope::Prompts, key).map_or(Outcome::Ignored, |action| self.act(action, ctx))
    }

    /// The asset form it opened, saved: the asset is added and the question answered;
    /// a refused form is put back over the checklist.
    fn receive(&mut self, reply: Reply, ctx: &Ctx) -> Outcome {
        let (Reply::Submitted(form), Some(prompt)) = (reply, self.asked) else {
            return Outcome::Ignored;
        };
        let base = crate::tui::screens::blank_asset(ctx, prompt.suggested_kind());
        let write =
            crate::tui::screens::inventory::form::asset_from_form(&form, &base, &ctx.workspace.people).map(|asset| {
                Write::new(InventoryWrite::Add {
                    asset,
                    prompt: Some(prompt),
                })
            });
        Outcome::save(form, write)
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
            // This year's: a retired asset no longer answers the question.
            let recorded: Vec<&str> = ctx
                .workspace
                .active_assets()
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
