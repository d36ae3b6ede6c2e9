//! The action form reads what people type: both date forms, dollars with a sign
//! and commas.

use chrono::NaiveDate;

use super::*;
use crate::tui::form::Form;

fn typed(form: &mut Form, key: &str, text: &str) {
    let index = form
        .fields
        .iter()
        .position(|field| field.key == key)
        .expect("the field exists");
    form.focus = index;
    // Clear the field first (Ctrl-J deletes to the start: the cursor is at the end).
    form.handle_key(ratatui::crossterm::event::KeyEvent::new(
        ratatui::crossterm::event::KeyCode::Char('j'),
        ratatui::crossterm::event::KeyModifiers::CONTROL,
    ));
    form.paste(text);
}

fn blank_action() -> Action {
    Action {
        id: 1,
        risk_id: Some(1),
        title: "Encrypt the laptops".into(),
        owner_id: None,
        due_on: None,
        status: ActionStatus::Planned,
        effort: Effort::Unknown,
        cost_estimate: None,
        notes: String::new(),
        ..Action::default()
    }
}

#[test]
fn an_action_takes_a_us_date_and_a_dollar_amount_and_shows_them_back_consistently() {
    let mut form = action_form("Action", &blank_action(), &[]);
    typed(&mut form, "due", "3/15/2026");
    typed(&mut form, "cost", "$1,250");
    let action = action_from_form(&form, &blank_action(), &[]).expect("both read");
    assert_eq!(action.due_on, NaiveDate::from_ymd_opt(2026, 3, 15));
    assert_eq!(action.cost_estimate, Some(1250));
    // Opened again, the form shows ISO and dollars the way they are typed.
    let again = action_form("Action", &action, &[]);
    assert_eq!(
        (again.text("due"), again.text("cost")),
        ("2026-03-15".into(), "$1,250".into())
    );
    assert_eq!(action_from_form(&again, &action, &[]).unwrap(), action, "round trip");
}

#[test]
fn a_bad_date_or_amount_names_the_field_and_the_text() {
    let mut form = action_form("Action", &blank_action(), &[]);
    typed(&mut form, "due", "15/3/2026");
    let (key, message) = action_from_form(&form, &blank_action(), &[]).unwrap_err();
    assert_eq!(key, "due");
    assert_eq!(
        message,
        "Due: `15/3/2026` is not a date (YYYY-MM-DD or M/D/YYYY, like 2024-03-15 or 3/15/2024)"
    );
    typed(&mut form, "due", "");
    typed(&mut form, "cost", "$99.50");
    let (key, message) = action_from_form(&form, &blank_action(), &[]).unwrap_err();
    assert_eq!(key, "cost");
    assert_eq!(
        message,
        "Cost estimate: `$99.50` is not an amount in dollars (whole dollars, no cents; like $1,250)"
    );
}

#[test]
fn money_is_shown_with_thousands_commas() {
    assert_eq!(
        [0, 999, 1000, 1250, 12_345_678].map(thousands),
        ["0", "999", "1,000", "1,250", "12,345,678"]
    );
}

fn chose(form: &mut Form, key: &str, option: usize) {
    let field = form
        .fields
        .iter_mut()
        .find(|field| field.key == key)
        .expect("the field exists");
    match &mut field.input {
        crate::tui::form::Input::Choice { selected, .. } => *selected = option,
        _ => panic!("{key} is a choice"),
    }
}

fn laptop() -> crate::domain::Asset {
    crate::domain::Asset {
        id: 7,
        name: "Front desk laptop".into(),
        ..crate::domain::Asset::default()
    }
}

#[test]
fn moving_a_set_due_date_asks_for_the_reason_and_names_the_field() {
    let dated = Action {
        due_on: NaiveDate::from_ymd_opt(2025, 6, 30),
        ..blank_action()
    };
    let mut form = action_form_with("Action", &dated, &[], &[]);
    // Saved as it was: no move, no reason needed.
    assert_eq!(
        action_from_form_with(&form, &dated, &[], &[]).unwrap(),
        (dated.clone(), String::new())
    );
    typed(&mut form, "due", "2026-06-30");
    let (key, message) = action_from_form_with(&form, &dated, &[], &[]).unwrap_err();
    assert_eq!(key, "due_reason");
    assert!(
        message.contains("give the reason for the move (due-date reason)"),
        "{message}"
    );
    typed(&mut form, "due_reason", "vendor delay");
    let (action, reason) = action_from_form_with(&form, &dated, &[], &[]).unwrap();
    assert_eq!(action.due_on, NaiveDate::from_ymd_opt(2026, 6, 30));
    assert_eq!(reason, "vendor delay");
}

#[test]
fn the_form_offers_the_asset_and_the_change_and_checks_the_value() {
    let assets = [laptop()];
    let mut form = action_form_with("Action", &blank_action(), &[], &assets);
    chose(&mut form, "changes_asset", 1);
    let encrypted = 1 + settable_fields()
        .iter()
        .position(|field| *field == AssetField::Encrypted)
        .unwrap();
    chose(&mut form, "changes_field", encrypted);
    typed(&mut form, "changes_to", "maybe");
    let (key, _) = action_from_form_with(&form, &blank_action(), &[], &assets).unwrap_err();
    assert_eq!(key, "changes_to");
    typed(&mut form, "changes_to", "Yes");
    let (action, _) = action_from_form_with(&form, &blank_action(), &[], &assets).unwrap();
    assert_eq!(
        (
            action.asset_id,
            action.asset_field.as_str(),
            action.asset_value.as_str()
        ),
        (Some(7), "encrypted", "yes")
    );
    // Opened again, the form shows the same choice.
    let again = action_form_with("Action", &action, &[], &assets);
    assert_eq!(
        (again.choice("changes_asset"), again.choice("changes_field")),
        (1, encrypted)
    );
}
