//! The checklist of commonly forgotten items knows the inventory: it names what is already
//! recorded for the question shown, and adding an asset from it comes back to it.

mod common;

use common::{body, demo_app, empty_app, press, screen_text, type_text};
use hipaa_ra::tui::{Action, Overlay, Screen, Theme};
use ratatui::crossterm::event::KeyCode;

#[test]
fn the_checklist_names_what_is_recorded_and_returns_after_each_added_asset() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::Inventory));
    press(&mut app, KeyCode::Char('p'));
    let text = screen_text(&app, 80, 24);
    assert!(
        text.contains("Already recorded: Physician laptops (2), Practice manager"),
        "{text}"
    );
    insta::assert_snapshot!("checklist_recorded_80x24", body(&app, 80, 24));

    let before = app.workspace.assets.len();
    press(&mut app, KeyCode::Char('a'));
    type_text(&mut app, "Dr. Ångström's laptop");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.workspace.assets.len(), before + 1);
    assert!(
        matches!(app.overlay(), Some(Overlay::Prompts(prompts)) if prompts.cursor == 0),
        "back on the laptops question"
    );
    assert!(screen_text(&app, 120, 40).contains("Dr. Ångström's laptop"));

    // A second one the same way; a form left with Esc comes back too.
    press(&mut app, KeyCode::Char('a'));
    press(&mut app, KeyCode::Esc);
    assert!(matches!(app.overlay(), Some(Overlay::Prompts(prompts)) if prompts.cursor == 0));
    press(&mut app, KeyCode::Esc);
    assert!(app.overlay().is_none());
}

#[test]
fn an_empty_inventory_says_nothing_is_recorded_yet() {
    let (mut app, _dir) = empty_app();
    app.update(Action::GoTo(Screen::Inventory));
    press(&mut app, KeyCode::Char('p'));
    assert!(screen_text(&app, 80, 24).contains("Nothing of this in the inventory yet."));
}
