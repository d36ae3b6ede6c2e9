//! The checklist of commonly forgotten items: it owns its cursor; "yes" opens an asset
//! form over it and saves what comes back (the checklist stays below, so the form closes
//! back onto it for the next asset), "none here" is recorded at once, and "already
//! recorded" opens a list of the inventory to pick the asset that answers the question
//! (those the question covers first). It names what the inventory already holds for the
//! question shown.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use crate::domain::{Id, InventoryPrompt, Labeled};
use crate::tui::component::{Component, Ctx, Outcome};
use crate::tui::keys::{Action, KeyHint, Scope, action_in, hint_line, scope_hints};
use crate::tui::overlays::Overlay;
use crate::tui::picker::{PickRow, Picker};
use crate::tui::protocol::{Command, Reply, Write};
use crate::tui::screens::inventory::writes::InventoryWrite;
use crate::tui::widgets::{centered, clip};

/// Rows moved by Page Up and Page Down.
const PAGE: usize = 10;

/// The width of the window, and what is left of a row for its answer after the question
/// (a space, 31 columns, a space).
const WIDTH: u16 = 72;
const MARK_WIDTH: usize = WIDTH as usize - 2 - 33;

#[derive(Debug, Clone, Default)]
pub struct Prompts {
    pub cursor: usize,
    /// The question whose asset form or asset list is open over the checklist.
    asked: Option<Asked>,
}

/// What the window open over the checklist answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Asked {
    /// "Yes": the form of a new asset for the question.
    NewAsset(InventoryPrompt),
    /// "Already recorded": the list to pick the asset from.
    Recorded(InventoryPrompt),
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
            Action::AnswerRecorded => return self.open_asset_list(prompt, ctx),
            Action::CloseOverlay => return Outcome::Close,
            Action::Quit => return Outcome::Send(Command::Quit),
            _ => return Outcome::Ignored,
        };
        Outcome::Handled
    }

    /// "Yes": an asset form for the question, of its usual kind, over the checklist.
    fn open_asset_form(&mut self, prompt: InventoryPrompt, ctx: &Ctx) -> Outcome {
        self.asked = Some(Asked::NewAsset(prompt));
        let asset = crate::tui::screens::blank_asset(ctx, prompt.suggested_kind());
        let title = format!("Add: {}", prompt.label());
        let form = crate::tui::screens::inventory::form::asset_form(&title, &asset, &ctx.workspace.people);
        Outcome::Send(Command::Open(Overlay::form(form)))
    }

    /// "Already recorded": this year's assets to pick from, those the question covers
    /// first (as the line under the question names them).
    fn open_asset_list(&mut self, prompt: InventoryPrompt, ctx: &Ctx) -> Outcome {
        let (covered, others): (Vec<_>, Vec<_>) = ctx.workspace.active_assets().partition(|asset| prompt.covers(asset));
        if covered.is_empty() && others.is_empty() {
            let key = crate::tui::keys::keys_for(Scope::Prompts, Action::Add);
            return Outcome::Send(Command::Say(
                crate::tui::protocol::MessageKind::Info,
                format!("The inventory is empty: {key} adds an asset for this question"),
            ));
        }
        let rows = covered
            .iter()
            .map(|asset| PickRow::new(asset.id.to_string(), &asset.name, "matches"))
            .chain(
                others
                    .iter()
                    .map(|asset| PickRow::new(asset.id.to_string(), &asset.name, asset.kind.label())),
            )
            .collect();
        self.asked = Some(Asked::Recorded(prompt));
        let picker = Picker::new(
            format!("Already recorded: {}", prompt.label()),
            "Choose the asset that answers the question (type to find).",
            rows,
            false,
        );
        Outcome::Send(Command::Open(Overlay::picker(picker)))
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
    /// a refused form is put back over the checklist. The asset picked from the list
    /// answers the question "already recorded".
    fn receive(&mut self, reply: Reply, ctx: &Ctx) -> Outcome {
        let prompt = match (reply, self.asked) {
            (Reply::Chosen(chosen), Some(Asked::Recorded(prompt))) => {
                let Some(asset_id) = chosen.first().and_then(|key| key.parse::<Id>().ok()) else {
                    return Outcome::Handled;
                };
                return Outcome::Send(Command::Write {
                    write: Write::new(InventoryWrite::AlreadyRecorded {
                        assessment_id: ctx.workspace.assessment_id,
                        prompt,
                        asset_id,
                    }),
                    form: None,
                });
            }
            (Reply::Submitted(form), Some(Asked::NewAsset(prompt))) => (form, prompt),
            _ => return Outcome::Ignored,
        };
        let (form, prompt) = prompt;
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
        let mut lines = vec![
            Line::from("Each answer adds assets, names one already recorded, or records none.").style(theme.dim()),
        ];
        for (index, prompt) in InventoryPrompt::ALL.iter().enumerate() {
            let answer = ctx.workspace.prompts.iter().find(|record| record.prompt == *prompt);
            // One row per question: a long asset name is shortened here (the line under
            // the question names what is recorded in full).
            let mark = match answer {
                Some(record) => format!("[{}]", clip(&ctx.workspace.prompt_answer_text(record), MARK_WIDTH - 2)),
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
        lines.push(hint_line(&self.keys(), WIDTH - 4, theme));
        let popup = centered(area, WIDTH, lines.len() as u16 + 4);
        frame.render_widget(Clear, popup);
        let block = Block::bordered()
            .title(" Commonly forgotten items ")
            .title_style(theme.title())
            .border_style(theme.border());
        frame.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: true }), popup);
    }
}
