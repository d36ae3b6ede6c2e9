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
mod windows;

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

pub use confirm::Confirm;
pub use help::Help;
pub use keygen::KeyGen;
pub use prompts::Prompts;
pub use windows::Filter;

use super::component::{Component, Ctx, Outcome};
use super::form::Form;
use super::keys::{Action, KeyHint, Scope};
use super::picker::Picker;
use super::protocol::{Command, FilterEdit, Reply};
use super::reading::Reading;

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
    /// A long text to read (a safeguard's guidance in full).
    Reading(Reading),
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
            Overlay::Reading(_) => Scope::Reading,
        }
    }

    /// The window as a component: every call on the stack (keys, drawing, replies,
    /// pastes) goes through the `Component` trait, never a match on the kind of window.
    fn window(&self) -> &dyn Component {
        match self {
            Overlay::Help => &Help,
            Overlay::Filter => &Filter,
            Overlay::Form { form } => form,
            Overlay::Confirm(confirm) => confirm,
            Overlay::Prompts(prompts) => prompts,
            Overlay::Picker { picker } => picker,
            Overlay::KeyGen(keygen) => keygen,
            Overlay::Reading(reading) => reading,
        }
    }

    fn window_mut(&mut self) -> &mut dyn Component {
        match self {
            // The windows without state lend a fresh one (a box of nothing allocates nothing).
            Overlay::Help => Box::leak(Box::new(Help)),
            Overlay::Filter => Box::leak(Box::new(Filter)),
            Overlay::Form { form } => form,
            Overlay::Confirm(confirm) => confirm,
            Overlay::Prompts(prompts) => prompts,
            Overlay::Picker { picker } => picker,
            Overlay::KeyGen(keygen) => keygen,
            Overlay::Reading(reading) => reading,
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

/// The stack's entries are components: each call goes to the window's own.
impl Component for Overlay {
    fn keys(&self) -> Vec<KeyHint> {
        self.window().keys()
    }

    fn handle(&mut self, key: KeyEvent, ctx: &Ctx) -> Outcome {
        self.window_mut().handle(key, ctx)
    }

    /// An action given by name (`App::update`, as tests and the screens' keys do) rather
    /// than by key.
    fn act(&mut self, action: Action, ctx: &Ctx) -> Outcome {
        match self.window_mut().act(action, ctx) {
            // Quit works over every window (Control-C included), as it always has; a
            // question closes itself first (quitting with a changed form asks its own).
            Outcome::Ignored if action == Action::Quit => Outcome::Send(Command::Quit),
            Outcome::Ignored if action == Action::CloseOverlay => Outcome::Close,
            outcome => outcome,
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        self.window().draw(frame, area, ctx);
    }

    /// A reply from the window that was above this one.
    fn receive(&mut self, reply: Reply, ctx: &Ctx) -> Outcome {
        self.window_mut().receive(reply, ctx)
    }

    fn paste(&mut self, text: &str, ctx: &Ctx) -> Outcome {
        self.window_mut().paste(text, ctx)
    }
}
