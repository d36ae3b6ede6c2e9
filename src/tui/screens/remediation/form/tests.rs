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
        risk_id: 1,
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
