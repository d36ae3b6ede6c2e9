//! The Tests screen in a test terminal: the demo's contingency tests with the selected
//! failed restore's comparison with its targets and its follow-up; a test added with the
//! form and saved; a test deleted (asked first, undone) and its follow-up linked to an
//! action with the picker.

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

#[test]
fn d_asks_first_enter_is_not_yes_y_deletes_and_u_undoes() {
    let (mut app, _dir) = app_with_tests();
    app.update(Action::GoTo(Screen::Tests));
    let before = app.workspace.contingency_tests.clone();
    assert_eq!(before.len(), 2);
    press(&mut app, KeyCode::Char('d'));
    let text = screen_text(&app, 80, 24);
    assert!(text.contains("Delete the test"), "{text}");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.workspace.contingency_tests, before, "Enter never confirms a delete");
    assert!(app.overlay().is_none(), "Enter answered no and closed the question");
    press(&mut app, KeyCode::Char('d'));
    press(&mut app, KeyCode::Char('y'));
    assert_eq!(app.workspace.contingency_tests.len(), 1);
    assert!(
        !app.workspace
            .contingency_tests
            .iter()
            .any(|test| test.id == before[0].id),
        "the selected (first) test is the one deleted"
    );
    press(&mut app, KeyCode::Char('u'));
    assert_eq!(app.workspace.contingency_tests, before, "undo brings it back");
}

#[test]
fn l_links_the_follow_up_to_an_action_esc_leaves_it_and_no_action_unlinks() {
    let (mut app, _dir) = app_with_tests();
    app.update(Action::GoTo(Screen::Tests));
    // The failed restore, which has a follow-up.
    press(&mut app, KeyCode::Down);
    let failed = app.workspace.contingency_tests[1].clone();
    // An action it does not link yet (the demo links its follow-up to one), and its row:
    // the picker lists the plan's actions after the "No action" row.
    let (index, action) = app
        .workspace
        .actions
        .iter()
        .enumerate()
        .find(|(_, action)| Some(action.id) != failed.action_id)
        .map(|(index, action)| (index, action.clone()))
        .expect("the demo plan has another action");
    press(&mut app, KeyCode::Char('l'));
    insta::assert_snapshot!("tests_action_picker_80x24", body(&app, 80, 24));
    press(&mut app, KeyCode::Esc);
    assert!(app.overlay().is_none());
    assert_eq!(app.workspace.contingency_tests[1], failed, "Esc changes nothing");

    press(&mut app, KeyCode::Char('l'));
    for _ in 0..=index {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.workspace.contingency_tests[1].action_id, Some(action.id));
    let text = screen_text(&app, 80, 24);
    assert!(text.contains(&format!("(action: {}", action.title)), "{text}");

    press(&mut app, KeyCode::Char('u'));
    assert_eq!(
        app.workspace.contingency_tests[1].action_id, failed.action_id,
        "u undoes the link"
    );

    press(&mut app, KeyCode::Char('l'));
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        app.workspace.contingency_tests[1].action_id, None,
        "the first row unlinks it"
    );
}
