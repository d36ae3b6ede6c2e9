//! The windows whose state is a generic piece (a form, a picker) or nothing (the filter):
//! the `Component` side of them, so that the stack treats them like every other window.
//! `form` and `picker` stay free of the protocol; what their events mean on the stack is
//! said here.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;

use super::{ask_discard, filter_edit};
use crate::tui::component::{Component, Ctx, Outcome};
use crate::tui::form::{Form, FormEvent, one_line};
use crate::tui::keys::{Action, KeyHint, Scope, action_in, scope_hints};
use crate::tui::overlays::Overlay;
use crate::tui::picker::{PickEvent, Picker};
use crate::tui::protocol::{Command, FilterEdit, Reply};
use crate::tui::reading::{ReadEvent, Reading};

/// A form; Enter hands it back to the layer below (`Reply::Submitted`).
impl Component for Form {
    fn keys(&self) -> Vec<KeyHint> {
        self.hints()
    }

    fn handle(&mut self, key: KeyEvent, ctx: &Ctx) -> Outcome {
        match self.handle_key_on(key, ctx.today) {
            FormEvent::Continue => Outcome::Handled,
            FormEvent::Guidance => match &self.guidance {
                Some(guidance) => Outcome::Send(Command::Open(Overlay::Reading(guidance.clone()))),
                None => Outcome::Handled,
            },
            FormEvent::Cancel => Outcome::Close,
            FormEvent::AskDiscard => ask_discard(),
            FormEvent::Save => Outcome::Send(Command::SubmitForm),
            FormEvent::Pick(field) => Outcome::Send(Command::PickForField {
                field,
                current: self.text(field),
            }),
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        Form::draw(self, frame, area, ctx.theme);
    }

    fn receive(&mut self, reply: Reply, _ctx: &Ctx) -> Outcome {
        match reply {
            // Only the export form opens the key maker over itself.
            Reply::KeyMade { path, password } => {
                // Sign with the new key: its path and password in the form, then save as
                // if Enter was pressed.
                self.set_text("key", &path.display().to_string());
                self.set_text("password", &password);
                Outcome::Send(Command::SubmitForm)
            }
            Reply::Picked { field, text } => {
                self.set_text(field, &text);
                Outcome::Handled
            }
            // Yes to "Discard changes?" asked over the form: it closes, its changes lost.
            Reply::Confirmed { .. } => Outcome::Close,
            _ => Outcome::Ignored,
        }
    }

    fn paste(&mut self, text: &str, _ctx: &Ctx) -> Outcome {
        Form::paste(self, text);
        Outcome::Handled
    }
}

/// A list to choose from; the choice goes back to the layer below (`Reply::Chosen`, or
/// for F2's list `Reply::Picked` to the form under it).
impl Component for Picker {
    /// A single-choice picker, or one being typed in, has nothing to tick.
    fn keys(&self) -> Vec<KeyHint> {
        self.hints()
    }

    fn handle(&mut self, key: KeyEvent, _ctx: &Ctx) -> Outcome {
        match self.handle_key(key) {
            PickEvent::Continue => Outcome::Handled,
            PickEvent::Cancel => Outcome::Close,
            PickEvent::Done => Outcome::CloseWith(match self.field() {
                // F2's list: the names go to the form's field below.
                Some(field) => Command::Reply(Reply::Picked {
                    field,
                    text: self.field_text(),
                }),
                None => Command::Reply(Reply::Chosen(self.chosen())),
            }),
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        Picker::draw(self, frame, area, ctx.theme);
    }

    fn paste(&mut self, text: &str, _ctx: &Ctx) -> Outcome {
        Picker::paste(self, text);
        Outcome::Handled
    }
}

/// Typing the inventory filter (or the safeguards' find); the text lives in the view it
/// filters, so the screen shows it as it is typed, and draws it in place.
pub struct Filter;

impl Component for Filter {
    fn keys(&self) -> Vec<KeyHint> {
        scope_hints(Scope::Filter)
    }

    fn handle(&mut self, key: KeyEvent, _ctx: &Ctx) -> Outcome {
        match (action_in(Scope::Filter, key), key.code) {
            (Some(Action::Save), _) => Outcome::CloseWith(filter_edit(FilterEdit::Keep, true)),
            (Some(Action::CloseOverlay), _) => Outcome::CloseWith(filter_edit(FilterEdit::Clear, true)),
            (Some(Action::Quit), _) => Outcome::Send(Command::Quit),
            (_, KeyCode::Backspace) => Outcome::Send(filter_edit(FilterEdit::Pop, false)),
            (_, KeyCode::Char(letter)) => Outcome::Send(filter_edit(FilterEdit::Push(letter.to_string()), false)),
            _ => Outcome::Ignored,
        }
    }

    /// As its Esc: the filter is cleared, and the screen told the window closed.
    fn act(&mut self, action: Action, _ctx: &Ctx) -> Outcome {
        match action {
            Action::CloseOverlay => Outcome::CloseWith(filter_edit(FilterEdit::Clear, true)),
            _ => Outcome::Ignored,
        }
    }

    fn draw(&self, _frame: &mut Frame, _area: Rect, _ctx: &Ctx) {}

    fn paste(&mut self, text: &str, _ctx: &Ctx) -> Outcome {
        Outcome::Send(filter_edit(FilterEdit::Push(one_line(text)), false))
    }
}

/// A long text to read (the safeguard guidance), scrolled; it hands nothing back.
impl Component for Reading {
    fn keys(&self) -> Vec<KeyHint> {
        self.hints()
    }

    fn handle(&mut self, key: KeyEvent, _ctx: &Ctx) -> Outcome {
        match self.handle_key(key) {
            ReadEvent::Continue => Outcome::Handled,
            ReadEvent::Close => Outcome::Close,
            ReadEvent::Quit => Outcome::Send(Command::Quit),
        }
    }

    fn act(&mut self, action: Action, _ctx: &Ctx) -> Outcome {
        match action {
            Action::CloseOverlay => Outcome::Close,
            action => {
                self.scroll(action);
                Outcome::Handled
            }
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        Reading::draw(self, frame, area, ctx.theme);
    }
}
