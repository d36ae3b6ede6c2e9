//! Every screen drawn to a `TestBackend` and compared with a reviewed snapshot: on the
//! demo at 80x24 (the smallest supported terminal) and 120x40, on an empty workspace,
//! and the overlays. Also: the monochrome theme uses no colour at all.

use chrono::NaiveDate;
use hipaa_ra::store::Store;
use hipaa_ra::tui::{Action, App, Screen, Theme, draw};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Color;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// The demo in a temporary file named like the real one, so the status bar is stable.
fn demo_app(theme: Theme) -> (App, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = hipaa_ra::demo::create(&dir.path().join("demo.hra"), today()).unwrap();
    (App::new(store, today(), theme).unwrap(), dir)
}

fn empty_app() -> (App, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::create(&dir.path().join("new.hra"), "Harbor Dental", "Sam Lee", today()).unwrap();
    (App::new(store, today(), Theme::COLOR).unwrap(), dir)
}

fn render(app: &App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| draw(frame, app)).unwrap();
    terminal
}

fn snake(screen: Screen) -> String {
    screen.name().to_lowercase()
}

#[test]
fn every_screen_on_the_demo_at_80x24_and_120x40() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    for (width, height) in [(80, 24), (120, 40)] {
        for screen in Screen::ALL {
            app.update(Action::GoTo(*screen));
            let terminal = render(&app, width, height);
            insta::assert_snapshot!(format!("demo_{}_{width}x{height}", snake(*screen)), terminal.backend());
        }
    }
}

#[test]
fn every_screen_of_an_empty_workspace_says_what_it_will_hold() {
    let (mut app, _dir) = empty_app();
    for screen in Screen::ALL {
        app.update(Action::GoTo(*screen));
        insta::assert_snapshot!(
            format!("empty_{}_80x24", snake(*screen)),
            render(&app, 80, 24).backend()
        );
    }
}

#[test]
fn a_terminal_smaller_than_80x24_gets_a_clear_message() {
    let (app, _dir) = demo_app(Theme::COLOR);
    insta::assert_snapshot!("too_small_60x20", render(&app, 60, 20).backend());
    insta::assert_snapshot!("too_small_79x24", render(&app, 79, 24).backend());
    // Narrower than the message itself: still no panic.
    let _ = render(&app, 10, 3);
}

#[test]
fn help_overlay_fits_80x24() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::Inventory));
    app.update(Action::ToggleHelp);
    let terminal = render(&app, 80, 24);
    insta::assert_snapshot!("help_80x24", terminal.backend());
    let text = format!("{}", terminal.backend());
    assert!(
        text.contains("Close this window"),
        "the last help line must be visible at 80x24"
    );
    app.update(Action::CloseOverlay);
    assert!(!format!("{}", render(&app, 80, 24).backend()).contains("Keys:"));
}

#[test]
fn moving_down_a_list_selects_and_pages() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::Safeguards));
    app.update(Action::PageDown);
    app.update(Action::PageDown);
    app.update(Action::Down);
    insta::assert_snapshot!("safeguards_scrolled_80x24", render(&app, 80, 24).backend());
    app.update(Action::Bottom);
    let text = format!("{}", render(&app, 80, 24).backend());
    assert!(
        text.contains("164.316(b)(2)(iii)"),
        "the last item is shown after End:\n{text}"
    );
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

#[test]
fn a_new_workspace_without_a_name_starts_with_the_wizard() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.hra");
    let store = Store::create(&path, "", "sam", today()).unwrap();
    let mut app = App::new(store, today(), Theme::COLOR).unwrap();
    insta::assert_snapshot!("wizard_80x24", render(&app, 80, 24).backend());
    // Enter on an empty name moves to the next field; Enter there asks for the name.
    app.handle_key(key(KeyCode::Enter));
    app.handle_key(key(KeyCode::Enter));
    let text = format!("{}", render(&app, 80, 24).backend());
    assert!(text.contains("Practice name cannot be empty"), "{text}");
    for c in "Harbor Dental".chars() {
        app.handle_key(key(KeyCode::Char(c)));
    }
    app.handle_key(key(KeyCode::Tab));
    app.handle_key(key(KeyCode::Enter));
    assert!(app.wizard.is_none());
    assert_eq!(app.workspace.practice.name, "Harbor Dental");
    drop(app);
    let reopened = Store::open(&path).unwrap();
    assert_eq!(reopened.practice().unwrap().name, "Harbor Dental", "saved at once");
    assert_eq!(reopened.assessor().unwrap(), "sam");
}

#[test]
fn keys_map_to_screens_and_quit() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.handle_key(key(KeyCode::Char('3')));
    assert_eq!(app.screen, Screen::Inventory);
    app.handle_key(key(KeyCode::Tab));
    assert_eq!(app.screen, Screen::Safeguards);
    app.handle_key(key(KeyCode::BackTab));
    app.handle_key(key(KeyCode::BackTab));
    assert_eq!(app.screen, Screen::People);
    app.handle_key(key(KeyCode::Char('?')));
    assert!(app.help_open);
    app.handle_key(key(KeyCode::Char('5')));
    assert_eq!(app.screen, Screen::People, "screen keys do not reach through the help");
    app.handle_key(key(KeyCode::Esc));
    assert!(!app.help_open);
    assert!(!app.should_quit());
    app.handle_key(key(KeyCode::Char('q')));
    assert!(app.should_quit());
}

#[test]
fn the_monochrome_theme_draws_no_colour() {
    let (mut app, _dir) = demo_app(Theme::MONOCHROME);
    for screen in Screen::ALL {
        app.update(Action::GoTo(*screen));
        let terminal = render(&app, 120, 40);
        let buffer = terminal.backend().buffer();
        let coloured = buffer
            .content()
            .iter()
            .find(|cell| cell.fg != Color::Reset || cell.bg != Color::Reset);
        assert!(
            coloured.is_none(),
            "{screen:?} uses colour in the monochrome theme: {coloured:?}"
        );
    }
    // And the colour theme does use colour, so the check above means something.
    let (app, _dir) = demo_app(Theme::COLOR);
    let terminal = render(&app, 120, 40);
    assert!(
        terminal
            .backend()
            .buffer()
            .content()
            .iter()
            .any(|cell| cell.fg != Color::Reset)
    );
}
