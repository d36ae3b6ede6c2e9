//! The first frame does not wait for the workspace to load (issue 25): it draws from the
//! first look (the practice and the year), every screen says "Loading the workspace…"
//! instead of numbers it does not have, and only moving between screens, help and
//! quitting work until the snapshot, findings and views are in; then the screens are the
//! ones an app opened on the loaded snapshot shows.

mod common;

use std::path::{Path, PathBuf};

use common::{press, screen_text, today};
use hipaa_ra::store::Store;
use hipaa_ra::tui::{Action, App, DataState, LOADING_REFUSAL, Overlay, Screen, Theme};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const LOADING: &str = "Loading the workspace…";

/// The demo practice in `dir`, closed; its path.
fn demo(dir: &Path) -> PathBuf {
    let path = dir.join("demo.hra");
    drop(hipaa_ra::demo::create(&path, today()).unwrap());
    path
}

fn said(app: &App) -> &str {
    app.message.as_ref().map(|(_, text)| text.as_str()).unwrap_or_default()
}

/// The app as `hipaa-ra FILE` opens it, its load held back; the data check's verdict in.
fn opening_held(path: &Path) -> (App, hipaa_ra::tui::HeldLoad) {
    let (store, first_look, check) = Store::open_deferred_first_look(path).unwrap();
    let (mut app, held) = App::opening_held_for_tests(store, first_look, today(), Theme::COLOR);
    app.watch_check(check);
    app.wait_for_check();
    assert_eq!(app.data_state(), &DataState::Checked);
    (app, held)
}

#[test]
fn the_first_frame_draws_before_the_load_and_edits_wait_for_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    // What the same file shows opened the waiting way, for the comparison after the load.
    let expected = {
        let (store, workspace) = Store::open_and_load(&path).unwrap();
        let app = App::with_snapshot(store, workspace, today(), Theme::COLOR);
        (
            screen_text(&app, 120, 40),
            app.findings.len(),
            app.row_count(Screen::Inventory),
        )
    };

    let (mut app, held) = opening_held(&path);
    assert!(app.is_loading());
    let first = screen_text(&app, 80, 24);
    assert!(first.contains(LOADING), "{first}");
    // The first look names the year; the dashboard's numbers are not there yet.
    assert!(first.contains("demo.hra"), "{first}");
    assert!(!first.contains("Next:"), "{first}");
    insta::assert_snapshot!("loading_first_frame_80x24", first);

    // Nothing that needs the data reaches a screen: no form opens, nothing is written.
    for (screen, keys) in [
        (Screen::Inventory, &['a', 'e', 'd', 'j'][..]),
        (Screen::Practice, &['e', 's', 'n'][..]),
        (Screen::Risks, &['a', 'h'][..]),
    ] {
        app.update(Action::GoTo(screen));
        assert_eq!(app.screen, screen);
        assert!(screen_text(&app, 80, 24).contains(LOADING), "{screen:?}");
        for key in keys {
            app.message = None;
            press(&mut app, KeyCode::Char(*key));
            assert!(app.overlay().is_none(), "{screen:?} {key} opened a window");
            assert_eq!(said(&app), LOADING_REFUSAL, "{screen:?} {key}");
        }
    }
    app.message = None;
    app.handle_key(KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL));
    assert_eq!(said(&app), LOADING_REFUSAL, "Ctrl-Z");
    app.message = None;
    app.handle_paste("pasted");
    assert_eq!(said(&app), LOADING_REFUSAL, "a paste");
    app.update(Action::Add);
    assert!(app.overlay().is_none(), "an action given by name is held too");
    // Moving between screens and help work meanwhile.
    press(&mut app, KeyCode::Char('?'));
    assert!(matches!(app.overlay(), Some(Overlay::Help)));
    press(&mut app, KeyCode::Esc);
    assert!(app.overlay().is_none());
    app.update(Action::GoTo(Screen::Dashboard));

    held.release();
    app.wait_for_load();
    assert!(!app.is_loading());
    app.message = None;
    assert_eq!(
        (
            screen_text(&app, 120, 40),
            app.findings.len(),
            app.row_count(Screen::Inventory)
        ),
        expected,
        "once loaded, the screens are the ones the loaded snapshot shows"
    );
    app.update(Action::GoTo(Screen::Inventory));
    press(&mut app, KeyCode::Char('a'));
    assert!(app.overlay().is_some(), "after the load, a opens the asset form");
}

#[test]
fn quitting_while_it_loads_does_not_wait_for_the_load() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let (mut app, held) = opening_held(&path);
    press(&mut app, KeyCode::Char('q'));
    assert!(app.should_quit(), "q quits while the load is held");
    assert!(app.is_loading());
    // The held load never ran: dropping the app gives it up.
    drop(app);
    drop(held);
}

#[test]
fn the_report_screen_shown_while_loading_has_its_preview_once_loaded() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let expected = {
        let (store, workspace) = Store::open_and_load(&path).unwrap();
        let mut app = App::with_snapshot(store, workspace, today(), Theme::COLOR);
        app.update(Action::GoTo(Screen::Report));
        screen_text(&app, 120, 40)
    };
    let (mut app, held) = opening_held(&path);
    app.update(Action::GoTo(Screen::Report));
    assert!(screen_text(&app, 120, 40).contains(LOADING));
    held.release();
    app.wait_for_load();
    assert!(app.row_count(Screen::Report) > 0, "the preview is made");
    assert_eq!(screen_text(&app, 120, 40), expected);
}

#[test]
fn a_load_that_fails_says_why_and_holds_edits() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let (store, first_look, check) = Store::open_deferred_first_look(&path).unwrap();
    // The file gone from its folder after the open: the load's own connection cannot open it.
    std::fs::remove_file(&path).unwrap();
    let mut app = App::opening(store, first_look, today(), Theme::COLOR);
    drop(check);
    app.wait_for_load();
    assert!(!app.is_loading());
    let text = screen_text(&app, 80, 24);
    assert!(text.contains("The workspace could not be loaded"), "{text}");
    app.update(Action::GoTo(Screen::Inventory));
    press(&mut app, KeyCode::Char('a'));
    assert!(
        app.overlay().is_none(),
        "no form opens on a workspace that did not load"
    );
    assert_eq!(said(&app), "The workspace could not be loaded; quit and open it again");
    press(&mut app, KeyCode::Char('q'));
    assert!(app.should_quit());
}
