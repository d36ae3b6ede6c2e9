//! The Workforce screen, the first record screen (`tui::record_screen`): its form is the
//! person's workforce fields, saved whole; the People screen's form keeps them; the list
//! filters and sorts ignoring case.

mod common;

use chrono::NaiveDate;
use common::{demo_app, focus_field, press, screen_text, type_text};
use hipaa_ra::domain::WorkforceType;
use hipaa_ra::tui::{Action, Screen, Theme};
use ratatui::crossterm::event::KeyCode;

#[test]
fn a_workforce_record_is_added_with_every_field_and_kept_by_the_people_form() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::Workforce));
    let before = app.workspace.people.len();
    press(&mut app, KeyCode::Char('a'));
    type_text(&mut app, "Noor Haddad");
    focus_field(&mut app, "job_role");
    type_text(&mut app, "Medical assistant");
    focus_field(&mut app, "workforce_type");
    press(&mut app, KeyCode::Right); // the first type after "(not recorded)"
    press(&mut app, KeyCode::Right);
    focus_field(&mut app, "hire_date");
    type_text(&mut app, "3/2/2026");
    focus_field(&mut app, "termination_date");
    type_text(&mut app, "2026-13-01");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        app.workspace.people.len(),
        before,
        "a bad date is refused: {}",
        screen_text(&app, 80, 24)
    );
    assert!(screen_text(&app, 80, 24).contains("Termination date: `2026-13-01`"));
    for _ in 0.."2026-13-01".len() {
        press(&mut app, KeyCode::Backspace);
    }
    press(&mut app, KeyCode::Enter);
    assert!(app.overlay().is_none(), "saved and closed");
    let noor = app
        .workspace
        .people
        .iter()
        .find(|person| person.name == "Noor Haddad")
        .unwrap()
        .clone();
    assert_eq!(noor.job_role, "Medical assistant");
    assert_eq!(noor.workforce_type, Some(WorkforceType::Contractor));
    assert_eq!(noor.hire_date, NaiveDate::from_ymd_opt(2026, 3, 2));
    assert_eq!(noor.termination_date, None);
    assert!(screen_text(&app, 80, 24).contains("Saved Noor Haddad"));

    // The People form edits the name, title and contact, and keeps the workforce fields.
    app.update(Action::GoTo(Screen::People));
    let row = app
        .workspace
        .people
        .iter()
        .position(|person| person.id == noor.id)
        .unwrap();
    for _ in 0..row {
        app.update(Action::Down);
    }
    app.update(Action::Edit);
    focus_field(&mut app, "title");
    type_text(&mut app, "MA");
    press(&mut app, KeyCode::Enter);
    let after = app.workspace.person(noor.id).unwrap();
    assert_eq!(
        (after.title.as_str(), after.job_role.as_str()),
        ("MA", "Medical assistant")
    );
    assert_eq!(after.hire_date, noor.hire_date);
}

#[test]
fn the_list_filters_and_sorts_ignoring_case() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::Workforce));
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "OSEI");
    press(&mut app, KeyCode::Enter);
    let text = screen_text(&app, 120, 40);
    assert!(text.contains("Kevin Osei") && !text.contains("Tom Nguyen"), "{text}");
    assert!(text.contains("Filter: OSEI"), "{text}");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('/'));
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('s'));
    assert!(screen_text(&app, 120, 40).contains("Name ↑"));
}
