//! The Risks screen as a component: every window it opens (a scenario's form, the
//! filter, a delete question, the quick add's two pickers, an action's form) hands its
//! outcome back to it, and it turns that into a store write (`RisksWrite`, or
//! `RemediationWrite` for an action planned from here). Each test fails if a reply goes
//! nowhere: nothing would be written, or the wrong record selected.

mod common;

use common::{demo_app, press, screen_text, type_text};
use hipaa_ra::tui::{Action, Overlay, Screen, Theme};
use ratatui::crossterm::event::KeyCode;

/// The form on top: its title, the key of the focused field and its error; a panic
/// naming what is there instead.
fn top_form(app: &hipaa_ra::tui::App) -> (String, &'static str, Option<String>) {
    match app.overlay() {
        Some(Overlay::Form { form, .. }) => (form.title.clone(), form.fields[form.focus].key, form.error.clone()),
        other => panic!("a form, not {:?}", other.map(|overlay| overlay.scope())),
    }
}

#[test]
fn a_written_scenario_is_refused_without_a_threat_then_added_and_selected() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::Risks));
    let before = app.workspace.risks.len();
    press(&mut app, KeyCode::Char('w'));
    press(&mut app, KeyCode::Enter);
    let (_, focus, error) = top_form(&app);
    assert!(
        error.as_deref().is_some_and(|error| error.contains("Threat")),
        "refused, naming the threat: {error:?}"
    );
    assert_eq!(focus, "threat", "the cursor is on the field to fix");
    assert_eq!(app.workspace.risks.len(), before, "nothing written");

    type_text(&mut app, "Visitors read the check-in screen");
    press(&mut app, KeyCode::Enter);
    assert!(app.overlay().is_none(), "saved and closed");
    assert_eq!(app.workspace.risks.len(), before + 1);
    assert_eq!(
        app.selected_risk().map(|risk| risk.threat.as_str()),
        Some("Visitors read the check-in screen"),
        "the cursor is on the new scenario, wherever the register order put it"
    );
    assert!(screen_text(&app, 120, 40).contains("Added Visitors read the check-in screen; s scores it"));
}

#[test]
fn deleting_a_scenario_asks_first_and_no_keeps_it() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::Risks));
    app.update(Action::Down);
    let risk = app.selected_risk().unwrap().clone();

    press(&mut app, KeyCode::Char('d'));
    let Some(Overlay::Confirm(question)) = app.overlay() else {
        panic!("a question");
    };
    assert_eq!(question.title, "Delete scenario");
    press(&mut app, KeyCode::Char('n'));
    assert!(app.overlay().is_none());
    assert!(app.workspace.risk(risk.id).is_some(), "no keeps it");

    press(&mut app, KeyCode::Char('d'));
    press(&mut app, KeyCode::Char('y'));
    assert!(app.workspace.risk(risk.id).is_none(), "yes deletes it");
    assert!(
        app.workspace
            .actions
            .iter()
            .all(|action| action.risk_id != Some(risk.id)),
        "its actions go with it"
    );
    assert!(screen_text(&app, 80, 24).contains("Scenario deleted"));
}

#[test]
fn the_quick_add_opens_the_threats_for_the_assets_chosen_and_adds_one_scenario_across_them() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::Risks));
    let before = app.workspace.risks.len();
    let id_of = |app: &hipaa_ra::tui::App, name: &str| {
        app.workspace
            .assets
            .iter()
            .find(|asset| asset.name == name)
            .unwrap_or_else(|| panic!("the demo has {name}"))
            .id
    };
    let front = id_of(&app, "Front desk workstations (3)");
    let exam = id_of(&app, "Exam room workstations (5)");

    press(&mut app, KeyCode::Char('a'));
    // A find with a space in it: Tab makes Space text, Tab again makes it tick.
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "front desk w"); // not the front desk scanner
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Char(' '));
    for _ in 0.."front desk w".len() {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "exam");
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Enter);

    // The screen opened the second picker on the first one's reply.
    let Some(Overlay::Picker { picker, .. }) = app.overlay() else {
        panic!("the threats picker follows the assets picker");
    };
    assert_eq!(picker.title, "Add scenarios: 2. threats to 2 assets");
    type_text(&mut app, "ransom");
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Enter);

    assert!(app.overlay().is_none());
    assert_eq!(app.workspace.risks.len(), before + 1);
    let added = app.selected_risk().expect("the new scenario is selected").clone();
    assert!(added.threat.to_lowercase().contains("ransomware"), "{}", added.threat);
    let mut assets = added.asset_ids.clone();
    assets.sort();
    let mut expected = vec![front, exam];
    expected.sort();
    let names: Vec<_> = assets
        .iter()
        .map(|id| app.workspace.asset(*id).unwrap().name.clone())
        .collect();
    assert_eq!(assets, expected, "one scenario naming both assets: {names:?}");
    assert!(!added.is_scored());
    assert!(screen_text(&app, 120, 40).contains("Added 1 scenario for 2 assets"));
}

#[test]
fn the_filter_form_narrows_the_register_and_c_clears_it() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::Risks));
    let all = app.workspace.risks.len();
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "laptop");
    press(&mut app, KeyCode::Enter);
    assert!(app.overlay().is_none());
    let shown = app.screens.risks.view().rows.len();
    assert!(shown > 0 && shown < all, "{shown} of {all}");
    assert!(screen_text(&app, 80, 24).contains(&format!("{shown} scenarios shown")));
    let risk = app.selected_risk().unwrap();
    assert!(
        risk.asset_ids
            .iter()
            .any(|id| app.workspace.asset(*id).unwrap().name.to_lowercase().contains("laptop"))
    );
    press(&mut app, KeyCode::Char('c'));
    assert_eq!(app.screens.risks.view().rows.len(), all);
}

#[test]
fn an_action_planned_from_the_register_is_saved_on_the_plan_and_the_cursor_stays() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::Risks));
    app.update(Action::Down);
    app.update(Action::Down);
    let risk = app.selected_risk().unwrap().clone();
    let actions = app.workspace.actions.len();

    press(&mut app, KeyCode::Char('p'));
    assert!(top_form(&app).0.starts_with("Plan: "));
    press(&mut app, KeyCode::Enter);
    let (_, focus, error) = top_form(&app);
    assert!(error.is_some(), "refused without a title");
    assert_eq!(focus, "title");
    assert_eq!(app.workspace.actions.len(), actions);

    type_text(&mut app, "Lock screens after five minutes");
    press(&mut app, KeyCode::Enter);
    assert!(app.overlay().is_none());
    assert_eq!(app.workspace.actions.len(), actions + 1);
    let planned = app
        .workspace
        .actions
        .iter()
        .find(|action| action.title == "Lock screens after five minutes")
        .expect("saved");
    assert_eq!(planned.risk_id, Some(risk.id));
    assert_eq!(planned.owner_id, risk.owner_id, "the scenario's owner by default");
    assert_eq!(
        app.selected_risk().map(|selected| selected.id),
        Some(risk.id),
        "the action's id is not taken for a scenario's"
    );
}

#[test]
fn while_a_heat_map_cell_is_chosen_the_screen_takes_every_key() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::Risks));
    press(&mut app, KeyCode::Char('m'));
    assert!(app.screens.risks.heat_cursor().is_some());
    // A screen digit or a screen key does nothing while the map has the cursor.
    press(&mut app, KeyCode::Char('3'));
    press(&mut app, KeyCode::Char('w'));
    assert_eq!(app.screen, Screen::Risks);
    assert!(app.overlay().is_none());
    let text = screen_text(&app, 80, 24);
    let status = text.lines().last().unwrap();
    assert!(status.contains("Esc/m leave") && !status.contains("quit"), "{status}");
    press(&mut app, KeyCode::Esc);
    assert!(app.screens.risks.heat_cursor().is_none());
    assert!(app.screens.risks.view().filter.is_empty(), "leaving chooses nothing");
    press(&mut app, KeyCode::Char('3'));
    assert_eq!(app.screen, Screen::Inventory);
}
