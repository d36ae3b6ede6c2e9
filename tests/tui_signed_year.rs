//! A signed year in the TUI (issue 21): on the two-year demo with last year's signed
//! assessment open, every screen says it is read-only under its header, and the keys
//! that would change a record answer in the status line instead of opening anything.
//! In this year, someone last year's signed record names can leave the practice.

mod common;

use common::{press, screen_text, today};
use hipaa_ra::tui::{Action, App, Overlay, Screen, Theme};
use ratatui::crossterm::event::KeyCode;

/// The two-year demo with this year open.
fn two_years() -> (App, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = hipaa_ra::demo_history::create(&dir.path().join("demo.hra"), today()).unwrap();
    (App::new(store, today(), Theme::COLOR).unwrap(), dir)
}

/// Switches to the other year with `s` on the Practice screen, checking it is the signed
/// one (`signed`) or this year's.
fn switch_year(app: &mut App, signed: bool) {
    app.update(Action::GoTo(Screen::Practice));
    press(app, KeyCode::Char('s'));
    let id = app.workspace.assessment_id;
    let is_signed = app
        .workspace
        .signatures
        .iter()
        .any(|signature| signature.assessment_id == id);
    assert_eq!(
        is_signed,
        signed,
        "switched to the {} year",
        if signed { "signed" } else { "current" }
    );
}

/// Opens last year's, the signed one.
fn open_signed_year(app: &mut App) {
    switch_year(app, true);
}

#[test]
fn the_signed_year_says_it_is_read_only_and_its_edit_keys_open_nothing() {
    let (mut app, _dir) = two_years();
    let this_year = screen_text(&app, 120, 40);
    assert!(!this_year.contains("read-only"), "{this_year}");
    open_signed_year(&mut app);
    let signed_on = app.workspace.signatures[0].signed_on;
    for screen in Screen::ALL {
        app.update(Action::GoTo(*screen));
        let text = screen_text(&app, 120, 40);
        assert!(
            text.contains(&format!(
                "2025 is final and signed on {signed_on}: read-only. s switches year; n starts the next one"
            )),
            "{screen:?}: {text}"
        );
        assert!(
            screen_text(&app, 80, 24).contains("read-only. s switches year"),
            "{screen:?} at 80x24"
        );
    }
    app.update(Action::GoTo(Screen::Inventory));
    app.message = None;
    insta::assert_snapshot!("signed_year_inventory_80x24", common::body(&app, 80, 24));

    let before = app.workspace.assets.clone();
    for key in ['e', 'a', 'd'] {
        press(&mut app, KeyCode::Char(key));
        assert!(
            app.overlay().is_none(),
            "{key} opened {:?}",
            app.overlay().map(|o| o.scope())
        );
        let text = screen_text(&app, 120, 40);
        assert!(
            text.contains("2025 is signed: read-only; switch with s on Practice"),
            "{key}: {text}"
        );
    }
    assert_eq!(app.workspace.assets, before);

    // The same on the other screens, by key or by name.
    for (screen, key) in [
        (Screen::Evidence, 'l'),
        (Screen::Risks, 's'),
        (Screen::People, 'd'),
        (Screen::Safeguards, 'c'),
        (Screen::Practice, 'e'),
        // A record screen's own keys (the Tests screen's delete and link).
        (Screen::Tests, 'd'),
        (Screen::Tests, 'l'),
    ] {
        app.update(Action::GoTo(screen));
        app.message = None;
        press(&mut app, KeyCode::Char(key));
        assert!(app.overlay().is_none(), "{screen:?} {key}");
        assert!(
            screen_text(&app, 80, 24).contains("read-only; switch with s"),
            "{screen:?} {key}"
        );
    }
    app.update(Action::GoTo(Screen::Remediation));
    app.update(Action::Add);
    assert!(app.overlay().is_none());

    // Reading stays: the filter, and back to this year with s, where edits open again.
    app.update(Action::GoTo(Screen::Inventory));
    press(&mut app, KeyCode::Char('/'));
    assert!(app.overlay().is_some(), "the filter opens");
    press(&mut app, KeyCode::Esc);
    open_this_year(&mut app);
    app.update(Action::GoTo(Screen::Inventory));
    assert!(!screen_text(&app, 120, 40).contains("read-only"));
    press(&mut app, KeyCode::Char('e'));
    assert!(
        matches!(app.overlay(), Some(Overlay::Form { .. })),
        "this year's form opens"
    );
}

/// Back to this year's, the one being worked on.
fn open_this_year(app: &mut App) {
    switch_year(app, false);
}

#[test]
fn someone_the_signed_year_names_leaves_this_years_practice() {
    let (mut app, _dir) = two_years();
    let this_year = app.workspace.clone();
    let owner = |id| this_year.assets.iter().any(|asset| asset.owner_id == Some(id));
    let row = this_year
        .people
        .iter()
        .position(|person| owner(person.id))
        .expect("someone owns an asset");
    let leaving = this_year.people[row].clone();
    app.update(Action::GoTo(Screen::People));
    for _ in 0..row {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Char('d'));
    let Some(Overlay::Confirm(question)) = app.overlay() else {
        panic!("a question, not {:?}", app.overlay().map(|overlay| overlay.scope()));
    };
    assert_eq!(question.title, "Reassign before deleting");
    let (heir, heir_name) = question.choices[0].clone();
    press(&mut app, KeyCode::Char('y'));

    assert!(app.overlay().is_none());
    assert!(app.workspace.person(leaving.id).is_none(), "gone from this year's list");
    assert!(
        app.workspace
            .assets
            .iter()
            .all(|asset| asset.owner_id != Some(leaving.id))
    );
    assert!(app.workspace.assets.iter().any(|asset| asset.owner_id == Some(heir)));
    let text = screen_text(&app, 120, 40);
    assert!(
        text.contains(&format!(
            "Reassigned to {heir_name} and removed; the signed years still name them"
        )),
        "{text}"
    );
    assert!(!text.contains(&leaving.name), "{text}");

    // Last year's record still names them.
    open_signed_year(&mut app);
    let named = app.workspace.person(leaving.id).expect("last year keeps them");
    assert!(named.removed_on.is_some());
    assert!(
        app.workspace
            .assets
            .iter()
            .any(|asset| asset.owner_id == Some(leaving.id))
    );
}
