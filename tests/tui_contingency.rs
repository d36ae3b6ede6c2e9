//! The Tests screen in a test terminal: the demo's contingency tests with the selected
//! failed restore's comparison with its targets and its follow-up; a test added with the
//! form and saved.

mod common;

use common::{body, press, screen_text, today};
use hipaa_ra::tui::{Action, App, Screen, Theme};
use ratatui::crossterm::event::KeyCode;

/// The single-year demo with the contingency tests added (the CLI's demo adds them to its
/// current year).
fn app_with_tests() -> (App, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = hipaa_ra::demo::create(&dir.path().join("demo.hra"), today()).unwrap();
    hipaa_ra::demo_contingency::populate(&mut store, today()).unwrap();
    (App::new(store, today(), Theme::COLOR).unwrap(), dir)
}

#[test]
fn the_list_shows_results_and_the_failed_restore_against_its_targets() {
    let (mut app, _dir) = app_with_tests();
    app.update(Action::GoTo(Screen::Tests));
    // Oldest first: the tabletop, then the failed restore.
    press(&mut app, KeyCode::Down);
    insta::assert_snapshot!("tests_failed_restore_80x24", body(&app, 80, 24));
    let text = screen_text(&app, 80, 24);
    assert!(text.contains("restored in 14 h; target 8 h: missed"), "{text}");
    assert!(text.contains("data 20 h old; acceptable loss 24 h: met"), "{text}");
}

#[test]
fn a_test_is_added_with_the_form() {
    let (mut app, _dir) = app_with_tests();
    app.update(Action::GoTo(Screen::Tests));
    press(&mut app, KeyCode::Char('a'));
    common::focus_field(&mut app, "systems");
    for c in "Practice email (Microsoft 365)".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.workspace.contingency_tests.len(), 3);
    let added = app
        .workspace
        .contingency_tests
        .iter()
        .find(|test| test.systems == "Practice email (Microsoft 365)")
        .expect("the new test");
    assert_eq!(added.tested_on, Some(today()));
}
