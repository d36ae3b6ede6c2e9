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

/// A supervisor is something a person holds: deleting them hands their supervisees to the
/// successor chosen, and a plain delete is not offered as "owns nothing".
#[test]
fn a_supervisor_who_leaves_hands_over_their_supervisees() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = hipaa_ra::demo::create(&dir.path().join("demo.hra"), common::today()).unwrap();
    let people = store.people().unwrap();
    let boss = store
        .save_record(&hipaa_ra::domain::Person {
            name: "Rosa Vidal".into(),
            ..Default::default()
        })
        .unwrap();
    let mut worker = people[0].clone();
    worker.supervisor_id = Some(boss);
    store.save_record(&worker).unwrap();
    assert_eq!(store.ownership_of(boss).unwrap(), vec!["1 supervisee".to_string()]);
    // The generic reads give what the specific ones give.
    let listed: Vec<hipaa_ra::domain::Person> = store.records(None).unwrap();
    assert_eq!(listed.iter().find(|person| person.id == worker.id), Some(&worker));
    let assessment = store.current_assessment_id().unwrap();
    let mut assets = store.assets(assessment).unwrap();
    assets.sort_by_key(|asset| asset.id);
    let generic: Vec<hipaa_ra::domain::Asset> = store.records(Some(("assessment_id", assessment))).unwrap();
    assert_eq!(generic, assets);
    let successor = people[1].id;
    store.reassign_and_delete_person(boss, successor).unwrap();
    assert_eq!(store.person(worker.id).unwrap().supervisor_id, Some(successor));
    assert!(store.person(boss).is_err(), "the supervisor is gone");
}

#[test]
fn nobody_supervises_themselves_or_leaves_before_they_started() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::Workforce));
    let first = app
        .workspace
        .people
        .iter()
        .filter(|person| person.removed_on.is_none())
        .min_by_key(|person| person.name.clone())
        .unwrap()
        .clone();
    app.update(Action::Edit);
    focus_field(&mut app, "hire_date");
    type_text(&mut app, "2026-05-01");
    focus_field(&mut app, "termination_date");
    type_text(&mut app, "2026-04-30");
    press(&mut app, KeyCode::Enter);
    assert!(screen_text(&app, 80, 24).contains("Termination date 2026-04-30 is before the hire date 2026-05-01"));
    assert_eq!(
        app.workspace.person(first.id).unwrap().hire_date,
        first.hire_date,
        "nothing saved"
    );
}
