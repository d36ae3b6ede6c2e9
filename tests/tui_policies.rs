//! The Policies screen in a test terminal: the demo's register with the selected policy's
//! version in effect, next review, versions with their retention end and reviews; a review
//! refused with the field to fix; the oldest version's delete refused with its date.

mod common;

use common::{body, press, screen_text, today};
use hipaa_ra::tui::{Action, App, Screen, Theme};
use ratatui::crossterm::event::KeyCode;

/// The single-year demo with the program's policies added (the CLI's demo adds them to
/// its current year).
fn app_with_policies() -> (App, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = hipaa_ra::demo::create(&dir.path().join("demo.hra"), today()).unwrap();
    hipaa_ra::demo_policies::populate(&mut store, today()).unwrap();
    (App::new(store, today(), Theme::COLOR).unwrap(), dir)
}

#[test]
fn the_register_shows_the_selected_policys_versions_and_reviews() {
    let (mut app, _dir) = app_with_policies();
    app.update(Action::GoTo(Screen::Policies));
    for _ in 0..3 {
        press(&mut app, KeyCode::Down);
    }
    insta::assert_snapshot!("policies_training_80x24", body(&app, 80, 24));
    let text = screen_text(&app, 80, 24);
    assert!(text.contains("Next review: 2026-11-03 (due)"), "{text}");
}

#[test]
fn a_new_version_without_its_number_is_refused_and_nothing_changes() {
    let (mut app, _dir) = app_with_policies();
    app.update(Action::GoTo(Screen::Policies));
    let before = app.workspace.policies.clone();
    press(&mut app, KeyCode::Char('r'));
    common::focus_field(&mut app, "outcome");
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Enter);
    let text = screen_text(&app, 80, 24);
    assert!(text.contains("A new version needs its number"), "{text}");
    assert_eq!(app.workspace.policies, before);
}

#[test]
fn deleting_a_version_in_its_six_years_is_refused_with_the_date() {
    let (mut app, _dir) = app_with_policies();
    app.update(Action::GoTo(Screen::Policies));
    let before = app.workspace.policies.clone();
    press(&mut app, KeyCode::Char('d'));
    let text = screen_text(&app, 80, 24);
    // Contingency plan's only version is in effect: kept six years from today.
    assert!(text.contains("Version 2026.1 must be kept until 2032-11-23"), "{text}");
    assert_eq!(app.workspace.policies, before);
}
