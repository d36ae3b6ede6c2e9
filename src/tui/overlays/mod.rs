//! The overlays: windows over the screen, kept on a stack (`App::overlays`). Each owns
//! its state, keys and drawing (see `component`); only the top one gets keys. What a
//! window finishes with (a form to save, a choice, a yes) goes back as a `Reply` to the
//! layer below it, the window or screen that opened it and knows what it was for (the
//! key maker's key to the export form, a saved asset form to the Inventory screen).
//! The forms and pickers themselves are in `form` and `picker`.

mod confirm;
mod help;
mod keygen;
mod prompts;

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;

pub use confirm::Confirm;
pub use help::Help;
pub use keygen::KeyGen;
pub use prompts::Prompts;

use super::component::{Component, Ctx, Outcome};
use super::form::{Form, FormEvent};
use super::keys::{Action, KeyHint, Scope, action_in, scope_hints};
use super::picker::{PickEvent, Picker};
use super::protocol::{Command, FilterEdit, Reply};

/// One window on the stack.
pub enum Overlay {
    Help,
    /// A form; Enter hands it back to the layer below (`Reply::Submitted`).
    Form {
        form: Form,
    },
    Confirm(Confirm),
    /// Typing the inventory filter (or the safeguards' find); the text lives in the view
    /// it filters, so the screen shows it as it is typed.
    Filter,
    /// The checklist of commonly forgotten items.
    Prompts(Prompts),
    /// A list to choose from; the choice goes back to the layer below (`Reply::Chosen`,
    /// or for F2's list `Reply::Picked` to the form under it).
    Picker {
        picker: Picker,
    },
    /// Making a signing key (over the export form).
    KeyGen(KeyGen),
}

impl Overlay {
    /// A form whose save goes back to the layer below.
    pub fn form(form: Form) -> Overlay {
        Overlay::Form { form }
    }

    /// A picker whose choice goes back to the layer below.
    pub fn picker(picker: Picker) -> Overlay {
        Overlay::Picker { picker }
    }

    /// The key scope the overlay listens in, for help and dispatch.
    pub fn scope(&self) -> Scope {
        match self {
            Overlay::Help => Scope::Help,
            Overlay::Form { .. } | Overlay::KeyGen(_) => Scope::Form,
            Overlay::Confirm(_) => Scope::Confirm,
            Overlay::Filter => Scope::Filter,
            Overlay::Prompts(_) => Scope::Prompts,
            Overlay::Picker { .. } => Scope::Picker,
        }
    }

    /// An action given by name (`App::update`, as tests and the screens' keys do) rather
    /// than by key.
    pub fn act(&mut self, action: Action, ctx: &Ctx) -> Outcome {
        // Quit works over every window (Control-C included), as it always has; a question
        // is closed first (quitting with a changed form asks its own question).
        if action == Action::Quit {
            return match self {
                Overlay::Confirm(_) => Outcome::CloseWith(Command::Quit),
                _ => Outcome::Send(Command::Quit),
            };
        }
        match self {
            Overlay::Confirm(confirm) => confirm.act(action),
            Overlay::Prompts(prompts) => prompts.act(action, ctx),
            Overlay::Help if matches!(action, Action::CloseOverlay | Action::ToggleHelp) => Outcome::Close,
            // As its Esc: the filter is cleared, and the screen told the window closed.
            Overlay::Filter if action == Action::CloseOverlay => {
                Outcome::CloseWith(filter_edit(FilterEdit::Clear, true))
            }
            _ if action == Action::CloseOverlay => Outcome::Close,
            _ => Outcome::Ignored,
        }
    }

    /// A reply from the window that was above this one.
    pub fn receive(&mut self, reply: Reply, ctx: &Ctx) -> Outcome {
        match (self, reply) {
            // Only the export form opens the key maker over itself.
            (Overlay::Form { form }, Reply::KeyMade { path, password }) => {
                // Sign with the new key: its path and password in the form, then save as
                // if Enter was pressed.
                form.set_text("key", &path.display().to_string());
                form.set_text("password", &password);
                Outcome::Send(Command::SubmitForm)
            }
            (Overlay::Form { form, .. }, Reply::Picked { field, text }) => {
                form.set_text(field, &text);
                Outcome::Handled
            }
            // Yes to "Discard changes?" asked over the form: it closes, its changes lost.
            (Overlay::Form { .. } | Overlay::KeyGen(_), Reply::Confirmed { .. }) => Outcome::Close,
            (Overlay::Prompts(prompts), reply) => prompts.receive(reply, ctx),
            _ => Outcome::Ignored,
        }
    }
}

/// A changed form's Esc: the question, over the form; its yes closes the form.
pub fn ask_discard() -> Outcome {
    Outcome::Send(Command::Open(Overlay::Confirm(Confirm::discard())))
}

/// What an edit in the filter window sends: a reply to the screen it filters, under the
/// window while it is open, or once it has closed (`closing`).
pub fn filter_edit(edit: FilterEdit, closing: bool) -> Command {
    match closing {
        true => Command::Reply(Reply::Filter(edit)),
        false => Command::ReplyBelow(Reply::Filter(edit)),
    }
}

impl Component for Overlay {
    fn keys(&self) -> Vec<KeyHint> {
        match self {
            Overlay::Prompts(prompts) => prompts.keys(),
            Overlay::Confirm(confirm) => confirm.keys(),
            Overlay::KeyGen(keygen) => keygen.keys(),
            // A single-choice picker, or one being typed in, has nothing to tick.
            Overlay::Picker { picker, .. } => picker.hints(),
            other => scope_hints(other.scope()),
        }
    }

    fn handle(&mut self, key: KeyEvent, ctx: &Ctx) -> Outcome {
        match self {
            Overlay::Help => Help.handle(key, ctx),
            Overlay::Confirm(confirm) => confirm.handle(key, ctx),
            Overlay::Prompts(prompts) => prompts.handle(key, ctx),
            Overlay::KeyGen(keygen) => keygen.handle(key, ctx),
            Overlay::Form { form, .. } => match form.handle_key(key) {
                FormEvent::Continue => Outcome::Handled,
                FormEvent::Cancel => Outcome::Close,
                FormEvent::AskDiscard => ask_discard(),
                FormEvent::Save => Outcome::Send(Command::SubmitForm),
                FormEvent::Pick(field) => Outcome::Send(Command::PickForField {
                    field,
                    current: form.text(field),
                }),
            },
            Overlay::Picker { picker } => match picker.handle_key(key) {
                PickEvent::Continue => Outcome::Handled,
                PickEvent::Cancel => Outcome::Close,
                PickEvent::Done => Outcome::CloseWith(match picker.field() {
                    // F2's list: the names go to the form's field below.
                    Some(field) => Command::Reply(Reply::Picked {
                        field,
                        text: picker.chosen_labels().join("; "),
                    }),
                    None => Command::Reply(Reply::Chosen(picker.chosen())),
                }),
            },
            Overlay::Filter => match (action_in(Scope::Filter, key), key.code) {
                (Some(Action::Save), _) => Outcome::CloseWith(filter_edit(FilterEdit::Keep, true)),
                (Some(Action::CloseOverlay), _) => Outcome::CloseWith(filter_edit(FilterEdit::Clear, true)),
                (Some(Action::Quit), _) => Outcome::Send(Command::Quit),
                (_, KeyCode::Backspace) => Outcome::Send(filter_edit(FilterEdit::Pop, false)),
                (_, KeyCode::Char(letter)) => Outcome::Send(filter_edit(FilterEdit::Push(letter.to_string()), false)),
                _ => Outcome::Ignored,
            },
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        match self {
            // The filter is drawn by its screen, in place.
            Overlay::Filter => {}
            Overlay::Help => Help.draw(frame, area, ctx),
            Overlay::Form { form, .. } => form.draw(frame, area, ctx.theme),
            Overlay::Confirm(confirm) => confirm.draw(frame, area, ctx),
            Overlay::Prompts(prompts) => prompts.draw(frame, area, ctx),
            Overlay::Picker { picker, .. } => picker.draw(frame, area, ctx.theme),
            Overlay::KeyGen(keygen) => keygen.draw(frame, area, ctx),
        }
    }
}
