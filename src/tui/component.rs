//! The shape every overlay (and the screen layer under them) has: it names its keys
//! from the key table, handles a key by itself, and draws itself from its own state and
//! a read-only context. A component never changes the app directly: what it wants done
//! (save a form, open another overlay, start slow work) it sends as a `Command`, which
//! the app applies in one place (`App::apply`). The drawing of the whole frame is in
//! `view`; the commands and their application in `app::commands`.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use super::app::Command;
use super::keys::KeyHint;
use super::screen::Screen;
use super::theme::Theme;
use crate::domain::Workspace;

/// What components may read while they handle a key or draw: shared, never changed by
/// them. Built by the app for each call.
pub struct Ctx<'a> {
    pub theme: Theme,
    pub today: NaiveDate,
    pub workspace: &'a Workspace,
    /// The screen under the overlays.
    pub screen: Screen,
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

pub trait Component {
    /// Its keys as hints, from the key table, in the order they are shown; the status
    /// bar fits them to the width.
    fn keys(&self) -> Vec<KeyHint>;
    fn handle(&mut self, key: KeyEvent, ctx: &Ctx) -> Outcome;
    /// Draws over `area` (the whole frame for an overlay). Reads only.
    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx);
}
