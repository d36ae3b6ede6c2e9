//! The shape every screen and every overlay has: it names its keys from the key table,
//! handles a key by itself, and draws itself from its own state and a read-only context.
//! A component never changes the app or the store directly: what it wants done (write a
//! record, open another overlay, start slow work) it sends as a `Command`, which the app
//! applies in one place (`App::apply`). A window it opened hands its outcome back to it
//! as a `Reply` (a saved form, a choice, a yes): the layer that opened a window is the
//! one that knows what the window was for. The drawing of the whole frame is in `view`;
//! the commands, replies and writes in `protocol`, their application in `app::commands`,
//! and each screen's store writes in its `writes`.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use super::editors::FieldProblem;
use super::form::Form;
use super::keys::{Action, KeyHint};
use super::overlays::Overlay;
use super::protocol::{Command, Reply, Write};
use super::screen::Screen;
use super::theme::Theme;
use crate::catalog::Catalog;
use crate::domain::{Finding, Workspace};
use crate::store::Store;

/// What components may read while they handle a key or draw: shared, never changed by
/// them. Built by the app for each call (`App::ctx`, or field by field where a component
/// is borrowed mutably beside it).
pub struct Ctx<'a> {
    pub theme: Theme,
    pub today: NaiveDate,
    pub workspace: &'a Workspace,
    /// Every finding of the workspace, worked out once per write.
    pub findings: &'a [Finding],
    pub catalog: &'static Catalog,
    /// For reads a snapshot does not hold (a person's ownership, the report's model);
    /// shared, so a component cannot write: writes go through `Command::Write`.
    pub store: &'a Store,
    /// The screen under the overlays.
    pub screen: Screen,
    /// Slow work is running on the worker: another job would be refused.
    pub busy: bool,
}

/// What a component did with a key.
pub enum Outcome {
    /// Not its key; the app leaves it (and clears an old message).
    Ignored,
    /// Used, nothing more to do.
    Handled,
    /// Close this overlay (the top of the stack).
    Close,
    /// Close this overlay, then apply the command (its result, for the layer below).
    CloseWith(Command),
    /// Stay open and have the app apply the command.
    Send(Command),
}

impl Outcome {
    /// A submitted form's save: its write, which carries the form so that a store
    /// refusal puts it back open, or, when the form's own check refused it, the form put
    /// back open on the field it names.
    pub fn save(form: Form, write: Result<Write, FieldProblem>) -> Outcome {
        match write {
            Ok(write) => Outcome::Send(Command::Write {
                write,
                form: Some(form),
            }),
            Err(problem) => Outcome::refuse(form, problem),
        }
    }

    /// The form put back open, on the field with the problem.
    pub fn refuse(mut form: Form, (field, problem): FieldProblem) -> Outcome {
        form.fail(field, problem);
        Outcome::Send(Command::Open(Overlay::form(form)))
    }
}

pub trait Component {
    /// Its keys as hints, from the key table, in the order they are shown; the status
    /// bar fits them to the width.
    fn keys(&self) -> Vec<KeyHint>;
    /// A screen in a mode that takes every key (the Risks screen choosing a heat-map
    /// cell): the status bar then shows its keys alone, not the global ones.
    fn takes_all_keys(&self) -> bool {
        false
    }
    fn handle(&mut self, key: KeyEvent, ctx: &Ctx) -> Outcome;

    /// One of its actions given by name (`App::update`, as tests do) rather than by key.
    fn act(&mut self, _action: Action, _ctx: &Ctx) -> Outcome {
        Outcome::Ignored
    }
    /// Draws over `area` (the whole frame for an overlay). Reads only.
    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx);

    /// The outcome of a window this component opened (the window has closed, or for a
    /// refused save been put back), or `Reply::Saved` after a write it asked for.
    fn receive(&mut self, _reply: Reply, _ctx: &Ctx) -> Outcome {
        Outcome::Ignored
    }

    /// A paste (the terminal's bracketed paste) while this component is on top: text for
    /// the field being typed in, taken as one edit, never as keys. `Ignored` where nothing
    /// takes text (the app then says the paste was ignored).
    fn paste(&mut self, _text: &str, _ctx: &Ctx) -> Outcome {
        Outcome::Ignored
    }

    /// The selected row (the first line shown, for the report preview); 0 without a list.
    fn cursor(&self) -> usize {
        0
    }

    /// How many rows the list has (0 for screens without one).
    fn row_count(&self, _ctx: &Ctx) -> usize {
        0
    }

    /// The snapshot changed (after every write): rebuild what is derived from it and keep
    /// the selection in range.
    fn refresh(&mut self, _ctx: &Ctx) {}
}
