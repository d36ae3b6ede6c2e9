//! Undo in the TUI: `u` (where the screen does not use it) and Ctrl-Z take back the last
//! change made since the workspace was opened, one at a time, never past the opening; the
//! status line says what was undone and the screens show the record again.

mod common;

use common::{demo_app, press, screen_text};
use hipaa_ra::store::DataStatus;
use hipaa_ra::tui::{Action, Overlay, Screen, Theme};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn message(app: &hipaa_ra::tui::App) -> String {
    app.message.as_ref().map(|(_, text)| text.clone()).unwrap_or_default()
}

fn consistent(app: &hipaa_ra::tui::App) {
    let status = app.ctx().store.verify_history().unwrap();
    assert!(matches!(status, DataStatus::Consistent { .. }), "{status:?}");
}

#[test]
fn u_brings_back_a_deleted_asset_with_its_scenario_links_then_stops_at_the_opening() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::Inventory));
    // An asset that scenarios cover.
    let workspace = app.workspace.clone();
    (0..app.row_count(Screen::Inventory))
        .find(|_| {
            let covered = app
                .selected_asset()
                .is_some_and(|asset| workspace.risks.iter().any(|risk| risk.asset_ids.contains(&asset.id)));
            if !covered {
                press(&mut app, KeyCode::Down);
            }
            covered
        })
        .expect("a covered asset");
    let asset = app.selected_asset().unwrap().clone();
    let links = workspace
        .risks
        .iter()
        .filter(|risk| risk.asset_ids.contains(&asset.id))
        .count();

    press(&mut app, KeyCode::Char('d'));
    assert!(matches!(app.overlay(), Some(Overlay::Confirm(_))));
    press(&mut app, KeyCode::Char('y'));
    assert!(app.workspace.assets.iter().all(|kept| kept.id != asset.id), "deleted");

    press(&mut app, KeyCode::Char('u'));
    let expected = match links {
        1 => format!("Undid: deleted asset \"{}\" (and 1 link)", asset.name),
        n => format!("Undid: deleted asset \"{}\" (and {n} links)", asset.name),
    };
    assert_eq!(message(&app), expected);
    assert_eq!(app.workspace.assets, workspace.assets, "the asset is back, same id");
    assert_eq!(app.workspace.risks, workspace.risks, "with its scenario links");
    assert!(
        screen_text(&app, 120, 30).contains(&asset.name),
        "the screen shows it again"
    );
    assert!(screen_text(&app, 120, 30).contains("Undid: deleted asset"));
    consistent(&app);

    // Nothing before the opening.
    press(&mut app, KeyCode::Char('u'));
    assert_eq!(
        message(&app),
        "Nothing to undo: no change was made since the workspace was opened"
    );
    assert_eq!(app.workspace.assets, workspace.assets);
}

#[test]
fn ctrl_z_undoes_on_every_screen_and_u_on_risks_still_suggests() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    let before = app.workspace.clone();
    // Two writes: an evidence record deleted (with its stored file), then an asset.
    app.update(Action::GoTo(Screen::Evidence));
    while app.selected_evidence().is_some_and(|record| record.file.is_none()) {
        press(&mut app, KeyCode::Down);
    }
    let record = app.selected_evidence().unwrap().clone();
    assert!(record.file.is_some(), "a demo record with a stored file");
    press(&mut app, KeyCode::Char('d'));
    press(&mut app, KeyCode::Char('y'));
    app.update(Action::GoTo(Screen::Inventory));
    let asset = app.selected_asset().unwrap().clone();
    press(&mut app, KeyCode::Char('d'));
    press(&mut app, KeyCode::Char('y'));
    assert!(app.workspace.assets.iter().all(|kept| kept.id != asset.id));

    // On Risks, u is the suggestions; Ctrl-Z undoes, the last write first.
    app.update(Action::GoTo(Screen::Risks));
    press(&mut app, KeyCode::Char('u'));
    assert!(app.overlay().is_some(), "u on Risks opens the suggestions");
    press(&mut app, KeyCode::Esc);
    assert!(
        app.workspace.assets.iter().all(|kept| kept.id != asset.id),
        "not undone"
    );
    let ctrl_z = KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL);
    app.handle_key(ctrl_z);
    assert!(
        message(&app).starts_with(&format!("Undid: deleted asset \"{}\"", asset.name)),
        "{}",
        message(&app)
    );
    assert_eq!(app.workspace.assets, before.assets);
    assert_eq!(app.workspace.risks, before.risks);

    // Then the evidence record, its stored file put back byte for byte.
    app.handle_key(ctrl_z);
    assert!(
        message(&app).starts_with("Undid: deleted evidence record"),
        "{}",
        message(&app)
    );
    assert_eq!(app.workspace.evidence, before.evidence);
    consistent(&app);
}
