//! The Training screen on the demo: each person's due and overdue (the overdue person
//! first in error style), the courses with the roles that must take them, the sessions;
//! a course saved from its form with its roles; a session recorded by ticking the roster.

mod common;

use common::{body, demo_app, focus_field, press, screen_text, type_text};
use hipaa_ra::tui::{Action, Screen, Theme};
use ratatui::crossterm::event::KeyCode;

#[test]
fn the_three_lists_at_80x24() {
    let (mut app, _dir) = demo_app(Theme::MONOCHROME);
    // 9, then again until Training: Program, Workforce, Training.
    for _ in 0..3 {
        app.update(Action::GoTo(Screen::FIRST_PROGRAM));
    }
    assert_eq!(app.screen, Screen::Training);
    let people = body(&app, 80, 24);
    assert!(people.contains("1 person overdue"), "{people}");
    assert!(people.contains("Aisha Mohammed"), "{people}");
    insta::assert_snapshot!("training_people_80x24", people);
    press(&mut app, KeyCode::Char('v'));
    let courses = body(&app, 80, 24);
    assert!(courses.contains("EHR Access and Phishing"), "{courses}");
    insta::assert_snapshot!("training_courses_80x24", courses);
    press(&mut app, KeyCode::Char('v'));
    let sessions = body(&app, 80, 24);
    assert!(sessions.contains("1 of 1"), "{sessions}");
    insta::assert_snapshot!("training_sessions_80x24", sessions);
}

#[test]
fn a_course_is_saved_with_its_roles_and_a_session_with_its_roster() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::Training));
    press(&mut app, KeyCode::Char('v')); // the courses
    press(&mut app, KeyCode::Char('a'));
    type_text(&mut app, "Fire and evacuation");
    focus_field(&mut app, "frequency_months");
    type_text(&mut app, "24");
    focus_field(&mut app, "roles");
    type_text(&mut app, "Front desk; nurse");
    press(&mut app, KeyCode::Enter);
    assert!(app.overlay().is_none(), "{}", screen_text(&app, 80, 24));
    let training = &app.workspace.training;
    let course = training
        .courses
        .iter()
        .find(|course| course.title == "Fire and evacuation")
        .expect("saved");
    assert_eq!(course.frequency_months, Some(24));
    assert_eq!(training.courses_for_role("Nurse").len(), 3);

    // Record a session of it: the form, then Space ticks two people; Esc would leave.
    press(&mut app, KeyCode::Char('v')); // the sessions
    press(&mut app, KeyCode::Char('a'));
    assert!(screen_text(&app, 80, 24).contains("Record a session"));
    press(&mut app, KeyCode::Enter);
    assert!(
        screen_text(&app, 80, 24).contains("Attendance:"),
        "{}",
        screen_text(&app, 80, 24)
    );
    press(&mut app, KeyCode::Char('s'));
    assert!(
        screen_text(&app, 80, 24).contains("Tick who attended"),
        "nobody ticked yet"
    );
    press(&mut app, KeyCode::Char(' ')); // the first person: completed
    press(&mut app, KeyCode::Char(' ')); // the second: completed...
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Char(' ')); // ...then attended only
    let before = app.workspace.training.sessions.len();
    press(&mut app, KeyCode::Char('s'));
    assert_eq!(app.workspace.training.sessions.len(), before + 1);
    assert!(screen_text(&app, 80, 24).contains("Saved the session: 2 attended, 1 completed"));
}

#[test]
fn the_roster_shows_and_sets_each_persons_attestation_date() {
    let (mut app, _dir) = demo_app(Theme::MONOCHROME);
    app.update(Action::GoTo(Screen::Training));
    press(&mut app, KeyCode::Char('v'));
    press(&mut app, KeyCode::Char('v')); // the sessions
    press(&mut app, KeyCode::Char('a'));
    focus_field(&mut app, "held_on");
    app.handle_key(ratatui::crossterm::event::KeyEvent::new(
        KeyCode::Char('u'),
        ratatui::crossterm::event::KeyModifiers::CONTROL,
    ));
    type_text(&mut app, "2026-06-01");
    press(&mut app, KeyCode::Enter);
    // The first person completed (attests on the session's day unless told), the second
    // completed and attested a week later.
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Up); // a tick moves on: back to the second person
    press(&mut app, KeyCode::Char('t'));
    assert!(screen_text(&app, 80, 24).contains("Attestation of"));
    type_text(&mut app, "2026-06-08");
    press(&mut app, KeyCode::Enter);
    let roster = body(&app, 80, 24);
    assert!(roster.contains("Attested"), "{roster}");
    assert!(roster.contains("2026-06-01"), "{roster}");
    assert!(roster.contains("2026-06-08"), "{roster}");
    insta::assert_snapshot!("training_roster_attested_80x24", roster);
    // A bad date is refused in its field.
    press(&mut app, KeyCode::Char('t'));
    app.handle_key(ratatui::crossterm::event::KeyEvent::new(
        KeyCode::Char('u'),
        ratatui::crossterm::event::KeyModifiers::CONTROL,
    ));
    type_text(&mut app, "June");
    press(&mut app, KeyCode::Enter);
    assert!(
        screen_text(&app, 80, 24).contains("`June` is not a date"),
        "refused in its field: {}",
        screen_text(&app, 80, 24)
    );
    app.handle_key(ratatui::crossterm::event::KeyEvent::new(
        KeyCode::Char('u'),
        ratatui::crossterm::event::KeyModifiers::CONTROL,
    ));
    type_text(&mut app, "2026-06-08");
    press(&mut app, KeyCode::Enter);
    assert!(app.overlay().is_none(), "{}", screen_text(&app, 80, 24));
    press(&mut app, KeyCode::Char('s'));
    let session = app
        .workspace
        .training
        .sessions
        .iter()
        .find(|session| session.held_on.is_some_and(|day| day.to_string() == "2026-06-01"))
        .unwrap_or_else(|| panic!("saved: {}", screen_text(&app, 80, 24)));
    let mut attested: Vec<_> = app
        .workspace
        .training
        .attendees(session.id)
        .iter()
        .map(|attendance| attendance.attested_on.map(|day| day.to_string()))
        .collect();
    attested.sort();
    assert_eq!(
        attested,
        vec![Some("2026-06-01".to_string()), Some("2026-06-08".to_string())]
    );
}
