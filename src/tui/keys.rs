//! The key table: every binding maps a key to a named action, with the words shown in
//! the help overlay and the status bar. The same table drives the bindings, the help and
//! the hints, so they cannot drift apart. Logic elsewhere matches actions, never keys.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::screen::Screen;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    ToggleHelp,
    CloseOverlay,
    GoTo(Screen),
    NextScreen,
    PreviousScreen,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
}

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// On every screen.
    Global,
    /// In lists and tables.
    Lists,
    /// Only while an overlay (help) is open.
    Overlay,
}

#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub codes: &'static [KeyCode],
    /// The keys as the help shows them.
    pub keys: &'static str,
    pub action: Action,
    pub help: &'static str,
    pub scope: Scope,
    /// A word or two for the status bar; empty when the binding is only in the help.
    pub hint: &'static str,
}

const fn bind(
    codes: &'static [KeyCode],
    keys: &'static str,
    action: Action,
    help: &'static str,
    scope: Scope,
    hint: &'static str,
) -> Binding {
    Binding {
        codes,
        keys,
        action,
        help,
        scope,
        hint,
    }
}

use KeyCode::{BackTab, Char, Down, End, Esc, Home, PageDown, PageUp, Tab, Up};

pub const BINDINGS: &[Binding] = &[
    bind(
        &[Char('?')],
        "?",
        Action::ToggleHelp,
        "Show or hide this help",
        Scope::Global,
        "help",
    ),
    bind(
        &[Char('q')],
        "q",
        Action::Quit,
        "Quit (everything is already saved)",
        Scope::Global,
        "quit",
    ),
    bind(
        &[Tab],
        "Tab",
        Action::NextScreen,
        "Next screen",
        Scope::Global,
        "next screen",
    ),
    bind(
        &[BackTab],
        "Shift-Tab",
        Action::PreviousScreen,
        "Previous screen",
        Scope::Global,
        "",
    ),
    bind(
        &[Char('0')],
        "0",
        Action::GoTo(Screen::Dashboard),
        "Dashboard",
        Scope::Global,
        "",
    ),
    bind(
        &[Char('1')],
        "1",
        Action::GoTo(Screen::Practice),
        "Practice profile",
        Scope::Global,
        "",
    ),
    bind(
        &[Char('2')],
        "2",
        Action::GoTo(Screen::People),
        "People and roles",
        Scope::Global,
        "",
    ),
    bind(
        &[Char('3')],
        "3",
        Action::GoTo(Screen::Inventory),
        "ePHI inventory",
        Scope::Global,
        "",
    ),
    bind(
        &[Char('4')],
        "4",
        Action::GoTo(Screen::Safeguards),
        "Safeguard review",
        Scope::Global,
        "",
    ),
    bind(
        &[Char('5')],
        "5",
        Action::GoTo(Screen::Risks),
        "Risk register",
        Scope::Global,
        "",
    ),
    bind(
        &[Char('6')],
        "6",
        Action::GoTo(Screen::Remediation),
        "Remediation plan",
        Scope::Global,
        "",
    ),
    bind(
        &[Char('7')],
        "7",
        Action::GoTo(Screen::Evidence),
        "Evidence records",
        Scope::Global,
        "",
    ),
    bind(
        &[Char('8')],
        "8",
        Action::GoTo(Screen::Report),
        "Report",
        Scope::Global,
        "",
    ),
    bind(&[Up, Char('k')], "Up/k", Action::Up, "Move up", Scope::Lists, ""),
    bind(
        &[Down, Char('j')],
        "Down/j",
        Action::Down,
        "Move down",
        Scope::Lists,
        "",
    ),
    bind(&[PageUp], "PgUp", Action::PageUp, "Page up", Scope::Lists, ""),
    bind(&[PageDown], "PgDn", Action::PageDown, "Page down", Scope::Lists, ""),
    bind(&[Home, Char('g')], "Home/g", Action::Top, "First row", Scope::Lists, ""),
    bind(&[End, Char('G')], "End/G", Action::Bottom, "Last row", Scope::Lists, ""),
    bind(
        &[Esc, Char('?'), Char('q')],
        "Esc/?/q",
        Action::CloseOverlay,
        "Close this window",
        Scope::Overlay,
        "",
    ),
];

/// The action for a key press, given whether an overlay is open. Overlay bindings take
/// precedence there, and nothing else reaches the screens behind it.
pub fn action_for(key: KeyEvent, overlay_open: bool) -> Option<Action> {
    // Control-C quits too, as in every terminal program; it is not a printed binding.
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        return (key.code == Char('c')).then_some(Action::Quit);
    }
    BINDINGS
        .iter()
        .filter(|binding| (binding.scope == Scope::Overlay) == overlay_open)
        .find(|binding| binding.codes.contains(&key.code))
        .map(|binding| binding.action)
}

/// The bindings of a scope, for help and hints.
pub fn bindings_in(scope: Scope) -> impl Iterator<Item = &'static Binding> {
    BINDINGS.iter().filter(move |binding| binding.scope == scope)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_bound_once_per_scope() {
        for (index, binding) in BINDINGS.iter().enumerate() {
            for other in &BINDINGS[index + 1..] {
                let clash = binding.codes.iter().any(|code| other.codes.contains(code));
                let same_scope =
                    binding.scope == other.scope || (binding.scope != Scope::Overlay && other.scope != Scope::Overlay);
                assert!(
                    !(clash && same_scope),
                    "{} and {} share a key",
                    binding.keys,
                    other.keys
                );
            }
        }
    }

    #[test]
    fn every_screen_has_its_key() {
        for screen in Screen::ALL {
            assert!(
                BINDINGS.iter().any(|binding| binding.action == Action::GoTo(*screen)),
                "{screen:?}"
            );
        }
    }
}
