//! The Dashboard, Practice and Inventory screens as components: the windows they open
//! (forms, questions, the filter, the checklist) hand their outcome back to them, and
//! they turn it into store writes (see `tui::app::writes`). Each test would fail if a
//! reply went nowhere: the record would not be saved, selected or filtered.

mod common;

use common::{demo_app, empty_app, focus_field, press, screen_text, type_text};
use hipaa_ra::domain::{InventoryPrompt, Labeled, PromptAnswer};
use hipaa_ra::tui::{Action, Overlay, Screen, Target, Theme};
use ratatui::crossterm::event::KeyCode;

fn form_error(app: &hipaa_ra::tui::App) -> Option<String> {
    match app.overlay() {
        Some(Overlay::Form { form, .. }) => form.error.clone(),
        _ => None,
    }
}

fn backspace(app: &mut hipaa_ra::tui::App, times: usize) {
    for _ in 0..times {
        press(app, KeyCode::Backspace);
    }
}

// ----- Inventory -----

#[test]
fn an_asset_is_added_refused_without_a_name_then_renamed_and_followed_by_the_cursor() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::Inventory));
    let before = app.workspace.assets.len();

    press(&mut app, KeyCode::Char('a'));
    press(&mut app, KeyCode::Enter);
    assert!(
        form_error(&app).is_some_and(|error| error.contains("Name")),
        "a nameless asset is refused and the form stays open"
    );
    assert_eq!(app.workspace.assets.len(), before);
    type_text(&mut app, "Aardvark intake tablet");
    press(&mut app, KeyCode::Enter);
    assert!(app.overlay().is_none(), "saved and closed");
    assert_eq!(app.workspace.assets.len(), before + 1);
    let added = app.selected_asset().expect("the new asset is selected").clone();
    assert_eq!(added.name, "Aardvark intake tablet");
    assert!(screen_text(&app, 80, 24).contains("Added Aardvark intake tablet"));

    // Renamed, it sorts to the end of the list; the cursor goes with it.
    press(&mut app, KeyCode::Char('e'));
    backspace(&mut app, added.name.chars().count());
    press(&mut app, KeyCode::Enter);
    assert!(form_error(&app).is_some_and(|error| error.contains("Name")));
    type_text(&mut app, "Zz intake tablet");
    press(&mut app, KeyCode::Enter);
    assert!(app.overlay().is_none());
    let selected = app.selected_asset().expect("still selected");
    assert_eq!((selected.id, selected.name.as_str()), (added.id, "Zz intake tablet"));
    assert!(app.cursor(Screen::Inventory) > 0, "it moved down the list");
}

#[test]
fn deleting_an_asset_asks_first_and_no_leaves_it() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::Inventory));
    let asset = app.selected_asset().unwrap().clone();
    press(&mut app, KeyCode::Char('d'));
    let Some(Overlay::Confirm(question)) = app.overlay() else {
        panic!("a question");
    };
    assert_eq!(question.title, "Delete asset");
    press(&mut app, KeyCode::Esc);
    assert!(app.overlay().is_none());
    assert!(app.workspace.asset(asset.id).is_some(), "no: nothing deleted");

    press(&mut app, KeyCode::Char('d'));
    press(&mut app, KeyCode::Char('y'));
    assert!(app.workspace.asset(asset.id).is_none(), "yes: deleted");
    assert!(screen_text(&app, 80, 24).contains("Asset deleted"));
}

#[test]
fn the_filter_window_hands_each_edit_to_the_inventory() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::Inventory));
    let all = app.inventory().rows.len();
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "lapx");
    assert_eq!(app.inventory().filter, "lapx");
    assert!(app.inventory().rows.is_empty());
    press(&mut app, KeyCode::Backspace);
    assert_eq!(app.inventory().filter, "lap");
    let shown = app.inventory().rows.len();
    assert!(shown > 0 && shown < all, "{shown} of {all}");
    assert!(
        screen_text(&app, 80, 24).contains("Filter: lap▏"),
        "typed with a cursor"
    );

    // Enter keeps the filter and closes the window: the cursor mark goes.
    press(&mut app, KeyCode::Enter);
    assert!(app.overlay().is_none());
    assert_eq!(app.inventory().rows.len(), shown);
    let text = screen_text(&app, 80, 24);
    assert!(text.contains("Filter: lap ") && !text.contains('▏'), "{text}");

    // Esc clears it.
    press(&mut app, KeyCode::Char('/'));
    press(&mut app, KeyCode::Esc);
    assert!(app.overlay().is_none());
    assert_eq!((app.inventory().filter.as_str(), app.inventory().rows.len()), ("", all));
    assert!(!screen_text(&app, 80, 24).contains("Filter:"));
}

#[test]
fn a_coverage_note_is_written_from_the_inventory() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::Inventory));
    let asset = app.selected_asset().unwrap().id;
    let scenario = app.workspace.risks[0].id;
    press(&mut app, KeyCode::Char('c'));
    press(&mut app, KeyCode::Enter);
    assert!(form_error(&app).is_some(), "no scenario named: refused");
    type_text(&mut app, &scenario.to_string());
    press(&mut app, KeyCode::Down);
    type_text(&mut app, "Covered by the practice-wide scenarios");
    press(&mut app, KeyCode::Enter);
    assert!(app.overlay().is_none(), "{}", screen_text(&app, 80, 24));
    let note = app
        .workspace
        .coverage_notes
        .iter()
        .find(|note| note.asset_id == asset)
        .expect("saved");
    assert!(note.risk_ids.contains(&scenario));
}

#[test]
fn a_bad_csv_file_is_refused_on_the_import_form_and_nothing_imported() {
    let (mut app, dir) = empty_app();
    let csv = dir.path().join("assets.csv");
    std::fs::write(&csv, "name,kind\nFax machine,not-a-kind\n").unwrap();
    app.update(Action::GoTo(Screen::Inventory));
    press(&mut app, KeyCode::Char('i'));
    type_text(&mut app, csv.to_str().unwrap());
    press(&mut app, KeyCode::Enter);
    let error = form_error(&app).expect("the form stays open with the problem");
    assert!(error.contains("assets.csv"), "names the file: {error}");
    assert!(app.workspace.assets.is_empty());

    // Put right, the same form imports it.
    std::fs::write(&csv, "name,kind\nFax machine,system\n").unwrap();
    press(&mut app, KeyCode::Enter);
    assert!(app.overlay().is_none(), "{}", screen_text(&app, 120, 40));
    assert_eq!(app.workspace.assets.len(), 1);
}

#[test]
fn the_checklist_records_none_here_and_refuses_a_nameless_asset_over_itself() {
    let (mut app, _dir) = empty_app();
    app.update(Action::GoTo(Screen::Inventory));
    press(&mut app, KeyCode::Char('p'));
    press(&mut app, KeyCode::Char('n'));
    let first = InventoryPrompt::ALL[0];
    assert!(
        app.workspace
            .prompts
            .iter()
            .any(|record| record.prompt == first && record.answer == PromptAnswer::NoneHere),
        "none here is recorded"
    );
    assert!(
        matches!(app.overlay(), Some(Overlay::Prompts(_))),
        "the checklist stays open"
    );

    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Char('a'));
    press(&mut app, KeyCode::Enter);
    assert!(form_error(&app).is_some_and(|error| error.contains("Name")));
    assert_eq!(app.overlays().len(), 2, "the refused form is back over the checklist");
    type_text(&mut app, "Front-desk scanner");
    press(&mut app, KeyCode::Enter);
    assert!(
        matches!(app.overlay(), Some(Overlay::Prompts(_))),
        "back on the checklist"
    );
    assert_eq!(app.workspace.assets.len(), 1);
    let second = InventoryPrompt::ALL[1];
    assert!(
        app.workspace
            .prompts
            .iter()
            .any(|record| record.prompt == second && record.answer == PromptAnswer::AssetsAdded)
    );
    press(&mut app, KeyCode::Esc);
    assert_eq!(
        app.selected_asset().map(|asset| asset.name.as_str()),
        Some("Front-desk scanner")
    );
}

// ----- Dashboard -----

#[test]
fn enter_on_the_dashboard_clears_an_inventory_chip_that_hides_the_asset() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    let Target::Asset(id) = app.dashboard_items()[0].target.clone() else {
        panic!("the demo's Next: names an asset");
    };
    app.update(Action::GoTo(Screen::Inventory));
    // The demo's Next: is a vendor without an agreement, which has an owner: "no owner"
    // hides it.
    for _ in 0..2 {
        press(&mut app, KeyCode::Char('f'));
    }
    assert!(app.inventory().chip.is_some());
    assert_ne!(
        app.selected_asset().map(|asset| asset.id),
        Some(id),
        "hidden by the chip"
    );
    app.update(Action::GoTo(Screen::Dashboard));
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Inventory);
    assert_eq!(app.selected_asset().map(|asset| asset.id), Some(id));
    assert!(app.inventory().chip.is_none(), "the chip was cleared");

    // A record that is gone says so.
    app.jump_to(&Target::Asset(99_999));
    assert!(app.message.as_ref().is_some_and(|(_, text)| text.contains("no longer")));
}

#[test]
fn the_first_run_wizard_is_saved_by_the_dashboard_under_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.hra");
    let store = hipaa_ra::store::Store::create(&path, "", "sam", common::today()).unwrap();
    let mut app = hipaa_ra::tui::App::new(store, common::today(), Theme::COLOR).unwrap();
    assert_eq!(app.screen, Screen::Dashboard);
    assert!(
        matches!(app.overlay(), Some(Overlay::Form { .. })),
        "the wizard is open"
    );
    press(&mut app, KeyCode::Enter);
    assert!(form_error(&app).is_some_and(|error| error.contains("Practice name")));
    type_text(&mut app, "Harbor Dental");
    press(&mut app, KeyCode::Enter);
    assert!(app.overlay().is_none());
    assert_eq!(app.workspace.practice.name, "Harbor Dental");
    assert!(screen_text(&app, 80, 24).contains("Practice profile saved"));
}

// ----- Practice -----

#[test]
fn the_profile_form_is_refused_on_a_bad_count_then_saved() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::Practice));
    press(&mut app, KeyCode::Char('e'));
    focus_field(&mut app, "workforce");
    let size = app.workspace.practice.workforce_size;
    backspace(&mut app, 6);
    type_text(&mut app, "many");
    press(&mut app, KeyCode::Enter);
    assert!(
        form_error(&app).is_some_and(|error| error.contains("not a whole number")),
        "{:?}",
        form_error(&app)
    );
    assert_eq!(app.workspace.practice.workforce_size, size, "nothing saved");
    backspace(&mut app, 4);
    type_text(&mut app, "12");
    press(&mut app, KeyCode::Enter);
    assert!(app.overlay().is_none());
    assert_eq!(app.workspace.practice.workforce_size, Some(12));
    assert!(screen_text(&app, 80, 24).contains("Practice profile saved"));
}

#[test]
fn next_year_is_started_only_on_yes_and_one_assessment_cannot_be_switched() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::Practice));
    let first = app.workspace.assessment_id;
    press(&mut app, KeyCode::Char('s'));
    assert!(
        screen_text(&app, 120, 40).contains("This is the only assessment; n starts the next one"),
        "the key named from the table"
    );
    press(&mut app, KeyCode::Char('n'));
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.workspace.assessments.len(), 1, "no: nothing started");
    press(&mut app, KeyCode::Char('n'));
    press(&mut app, KeyCode::Char('y'));
    app.wait_for_work(); // next year's copy runs on the worker
    assert_eq!(app.workspace.assessments.len(), 2);
    assert_ne!(app.workspace.assessment_id, first);
    press(&mut app, KeyCode::Char('s'));
    assert_eq!(app.workspace.assessment_id, first, "switched back");
}
