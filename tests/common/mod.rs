//! What the TUI tests share: the demo and an empty workspace as apps, drawing to a
//! `TestBackend`, and typing keys.
#![allow(dead_code)]

pub mod overlays;
pub mod pty;

use chrono::NaiveDate;
use hipaa_ra::store::Store;
use hipaa_ra::tui::{Action, App, Screen, Theme, draw};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

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
