//! What the TUI tests share: the demo and an empty workspace as apps, drawing to a
//! `TestBackend`, and typing keys.
#![allow(dead_code)]

pub mod overlays;
pub mod pty;

use hipaa_ra::store::Store;
use hipaa_ra::tui::{Action, App, Overlay, Screen, Theme, body_size_for_test, draw, render_body_for_test};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[path = "../support/clock.rs"]
mod clock;
#[allow(unused_imports)] // each test binary uses what it needs
pub use clock::{TODAY, today};

/// The demo in a temporary file named like the real one, so the status bar is stable.
pub fn demo_app(theme: Theme) -> (App, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = hipaa_ra::demo::create(&dir.path().join("demo.hra"), today()).unwrap();
    (App::new(store, today(), theme).unwrap(), dir)
}

pub fn empty_app() -> (App, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::create(&dir.path().join("new.hra"), "Harbor Dental", "Sam Lee", today()).unwrap();
    (App::new(store, today(), Theme::COLOR).unwrap(), dir)
}

pub fn render(app: &App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| draw(frame, app)).unwrap();
    terminal
}

/// What a screen's snapshot holds: the current screen alone (its bordered block), at the
/// size a terminal of `width` x `height` gives it beside the sidebar and above the status
/// bar, with its open windows over it. The frame (sidebar, status bar, "too small") has
/// its own few snapshots in tui_snapshots.rs, so adding a screen changes those alone.
pub fn body(app: &App, width: u16, height: u16) -> String {
    let (body_width, body_height) = body_size_for_test(app, width, height);
    let mut terminal = Terminal::new(TestBackend::new(body_width, body_height)).unwrap();
    terminal.draw(|frame| render_body_for_test(frame, app)).unwrap();
    without_screen_range(&format!("{}", terminal.backend()))
}

/// The help window names the screen keys as one range ("0-8  Go to a numbered
/// screen"): how many screens there are is the frame's to show (help_80x24), so a body
/// snapshot reads "0-N" there.
fn without_screen_range(text: &str) -> String {
    let first = Screen::ALL[0].hotkey();
    let last = Screen::ALL[Screen::ALL.len() - 1].hotkey();
    let range = format!("{first}-{last}");
    text.replace(&format!("{range:<9} Go"), &format!("{:<9} Go", "0-N"))
}

/// The screen as text, for `contains` checks.
pub fn screen_text(app: &App, width: u16, height: u16) -> String {
    format!("{}", render(app, width, height).backend())
}

pub fn snake(screen: Screen) -> String {
    screen.name().to_lowercase()
}

pub fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

pub fn press(app: &mut App, code: KeyCode) {
    app.handle_key(key(code));
}

pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.handle_key(key(KeyCode::Char(c)));
    }
}

/// Moves the Safeguards cursor to a citation.
pub fn select_citation(app: &mut App, citation: &str) {
    app.update(Action::GoTo(Screen::Safeguards));
    app.update(Action::Filter);
    type_text(app, citation);
    app.handle_key(key(KeyCode::Enter));
    let index = app.selected_item().expect("an item is selected");
    assert_eq!(hipaa_ra::catalog::Catalog::embedded().items[index].citation, citation);
}

/// The key of the open form's fields, the focused one first; panics when no form is open.
fn form_focus(app: &App) -> (&'static str, Vec<&'static str>) {
    match app.overlay() {
        Some(Overlay::Form { form, .. }) => (
            form.fields[form.focus].key,
            form.fields.iter().map(|field| field.key).collect(),
        ),
        _ => panic!("no form is open to focus a field in"),
    }
}

/// Moves the open form's focus to the field whose key is `field`, with Tab as a user
/// would, however many fields come before it; fails naming the form's fields when it has
/// no such field. Tests reach a field by its key, so a field added to a form does not
/// send their typing into another one.
pub fn focus_field(app: &mut App, field: &str) {
    let (_, keys) = form_focus(app);
    for _ in 0..keys.len() {
        if form_focus(app).0 == field {
            return;
        }
        app.handle_key(key(KeyCode::Tab));
    }
    panic!("the open form has no field `{field}`; its fields: {keys:?}");
}
