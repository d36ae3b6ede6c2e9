//! The Remediation screen as a component: the risk picker, the action's form and the
//! delete question hand their outcome back to it, and it turns that into a store write
//! (`RemediationWrite`). Each test fails if a reply goes nowhere.

mod common;

use common::{demo_app, empty_app, focus_field, press, screen_text, type_text};
use hipaa_ra::tui::{Action, Overlay, Screen, Theme};
use ratatui::crossterm::event::KeyCode;

#[test]
fn a_new_action_picks_its_risk_is_refused_without_a_title_then_saved_and_selected() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::Remediation));
    let before = app.workspace.actions.len();
    let flood = app
        .workspace
        .risks
        .iter()
        .find(|risk| risk.threat == "Flood or water damage")
        .expect("the demo has the flood scenario")
        .clone();

    press(&mut app, KeyCode::Char('a'));
    assert!(
        matches!(app.overlay(), Some(Overlay::Picker { .. })),
        "the risk comes first"
    );
    type_text(&mut app, "flood or"); // a space in a single-choice find is text
    press(&mut app, KeyCode::Enter);
    let Some(Overlay::Form { form, .. }) = app.overlay() else {
        panic!("the action's form follows the picker");
    };
    assert_eq!(form.title, "Plan: Flood or water damage");

    press(&mut app, KeyCode::Enter);
    let Some(Overlay::Form { form, .. }) = app.overlay() else {
        panic!("a refused form stays open");
    };
    assert!(
        form.error.as_deref().is_some_and(|error| error.contains("Action")),
        "{:?}",
        form.error
    );
    assert_eq!(app.workspace.actions.len(), before, "nothing written");

    type_text(&mut app, "Raise the server off the floor");
    press(&mut app, KeyCode::Enter);
    assert!(app.overlay().is_none(), "saved and closed");
    assert_eq!(app.workspace.actions.len(), before + 1);
    let selected = app.selected_action().expect("an action is selected").clone();
    assert_eq!(
        selected.title, "Raise the server off the floor",
        "the cursor is on the new action"
    );
    assert_eq!(selected.risk_id, Some(flood.id));
    assert_eq!(selected.owner_id, flood.owner_id, "the risk's owner by default");
    assert!(screen_text(&app, 120, 40).contains("Planned: Raise the server off the floor"));
}

#[test]
fn an_edit_refused_for_a_bad_date_names_the_field_and_saves_once_fixed() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::Remediation));
    app.update(Action::Down);
    let action = app.selected_action().unwrap().clone();
    press(&mut app, KeyCode::Char('e'));
    focus_field(&mut app, "due");
    for _ in 0..20 {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "13/45/2027");
    press(&mut app, KeyCode::Enter);
    let Some(Overlay::Form { form, .. }) = app.overlay() else {
        panic!("a refused form stays open");
    };
    assert_eq!(form.fields[form.focus].key, "due");
    assert!(
        form.error.as_deref().is_some_and(|error| error.contains("Due")),
        "{:?}",
        form.error
    );
    for _ in 0..20 {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "3/15/2027");
    press(&mut app, KeyCode::Enter);
    // A set due date that moves needs its reason: the form stays open on that field.
    let Some(Overlay::Form { form, .. }) = app.overlay() else {
        panic!("a move without a reason stays open");
    };
    assert_eq!(form.fields[form.focus].key, "due_reason");
    type_text(&mut app, "waiting for the vendor");
    press(&mut app, KeyCode::Enter);
    assert!(app.overlay().is_none());
    let saved = app
        .workspace
        .actions
        .iter()
        .find(|planned| planned.id == action.id)
        .unwrap();
    assert_eq!(saved.due_on, chrono::NaiveDate::from_ymd_opt(2027, 3, 15));
    assert_eq!(saved.due_moves.len(), 1);
    assert_eq!(saved.due_moves[0].from_on, action.due_on);
    assert_eq!(saved.due_moves[0].reason, "waiting for the vendor");
    assert_eq!(
        app.selected_action().map(|selected| selected.id),
        Some(action.id),
        "still selected after re-sorting"
    );
}

#[test]
fn deleting_an_action_asks_first() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::Remediation));
    // The only action of a risk to mitigate cannot go (the store refuses): one of two.
    let row = app
        .workspace
        .actions
        .iter()
        .position(|planned| {
            planned
                .risk_id
                .is_some_and(|risk| app.workspace.actions_for(risk).count() > 1)
        })
        .expect("the demo has a risk with two actions");
    for _ in 0..row {
        app.update(Action::Down);
    }
    let action = app.selected_action().unwrap().clone();
    press(&mut app, KeyCode::Char('d'));
    let Some(Overlay::Confirm(question)) = app.overlay() else {
        panic!("a question");
    };
    assert_eq!(question.title, "Delete action");
    press(&mut app, KeyCode::Esc);
    assert!(
        app.workspace.actions.iter().any(|planned| planned.id == action.id),
        "Esc keeps it"
    );
    press(&mut app, KeyCode::Char('d'));
    press(&mut app, KeyCode::Char('y'));
    assert!(
        app.workspace.actions.iter().all(|planned| planned.id != action.id),
        "yes deletes it"
    );
    assert!(screen_text(&app, 80, 24).contains("Action deleted"));
}

#[test]
fn without_risks_a_new_action_can_still_be_standalone_program_work() {
    let (mut app, _dir) = empty_app();
    press(&mut app, KeyCode::Esc); // the first-run profile form
    app.update(Action::GoTo(Screen::Remediation));
    press(&mut app, KeyCode::Char('a'));
    assert!(
        matches!(app.overlay(), Some(Overlay::Picker { .. })),
        "the picker offers a standalone action"
    );
    let text = screen_text(&app, 80, 24);
    assert!(text.contains("Standalone: program work, no risk"), "{text}");
    press(&mut app, KeyCode::Enter);
    let Some(Overlay::Form { form, .. }) = app.overlay() else {
        panic!("the standalone form follows");
    };
    assert_eq!(form.title, "Plan: standalone (program work)");
}

#[test]
fn a_standalone_action_is_planned_with_title_owner_due_status_and_notes() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::Remediation));
    let before = app.workspace.actions.len();
    press(&mut app, KeyCode::Char('a'));
    insta::assert_snapshot!("standalone_picker_80x24", screen_text(&app, 80, 24));
    // The first row stands alone; Enter takes it.
    press(&mut app, KeyCode::Enter);
    let Some(Overlay::Form { form, .. }) = app.overlay() else {
        panic!("the standalone form follows the picker");
    };
    let keys: Vec<&str> = form.fields.iter().map(|field| field.key).collect();
    assert_eq!(
        keys,
        ["title", "owner", "due", "status", "notes"],
        "what program work needs"
    );
    type_text(&mut app, "Run the Q1 access review");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Right); // the first person
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "3/31/2027");
    focus_field(&mut app, "notes");
    type_text(&mut app, "Every account against the staff list");
    insta::assert_snapshot!("standalone_form_80x24", screen_text(&app, 80, 24));
    press(&mut app, KeyCode::Enter);
    assert!(app.overlay().is_none(), "saved and closed");
    assert_eq!(app.workspace.actions.len(), before + 1);
    let selected = app.selected_action().expect("the new action is selected").clone();
    assert_eq!(selected.title, "Run the Q1 access review");
    assert_eq!(selected.risk_id, None, "standalone");
    assert_eq!(selected.assessment_id, app.workspace.assessment_id);
    assert!(selected.owner_id.is_some());
    assert_eq!(selected.due_on, chrono::NaiveDate::from_ymd_opt(2027, 3, 31));
    assert_eq!(selected.notes, "Every account against the staff list");
    let text = screen_text(&app, 80, 24);
    assert!(
        text.contains("* Run the Q1 access review"),
        "marked in the list: {text}"
    );
    assert!(
        text.contains("For: standalone (program work)"),
        "the detail says so: {text}"
    );
    insta::assert_snapshot!("standalone_saved_80x24", text);

    // Its edit is the same short form.
    press(&mut app, KeyCode::Char('e'));
    let Some(Overlay::Form { form, .. }) = app.overlay() else {
        panic!("the edit form");
    };
    assert_eq!(form.title, "Edit the standalone action");
    assert!(form.fields.iter().all(|field| field.key != "changes_asset"));
}
