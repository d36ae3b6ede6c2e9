//! The People screen as a component: its form and questions hand their outcome back to
//! it, and it turns them into store writes (see `tui::app::writes`).

mod common;

use common::{demo_app, press, screen_text, type_text};
use hipaa_ra::domain::Role;
use hipaa_ra::tui::{Action, Overlay, Screen, Theme};
use ratatui::crossterm::event::KeyCode;

#[test]
fn a_person_is_added_refused_without_a_name_and_selected_once_saved() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::People));
    let before = app.workspace.people.len();

    press(&mut app, KeyCode::Char('a'));
    press(&mut app, KeyCode::Enter);
    assert!(
        matches!(app.overlay(), Some(Overlay::Form { form, .. }) if form.error.as_deref().is_some_and(|error| error.contains("Name"))),
        "a nameless person is refused and the form stays open"
    );
    assert_eq!(app.workspace.people.len(), before);

    type_text(&mut app, "Zoë Ødegaard");
    press(&mut app, KeyCode::Enter);
    assert!(app.overlay().is_none(), "saved and closed");
    assert_eq!(app.workspace.people.len(), before + 1);
    let row = app.cursor(Screen::People);
    assert_eq!(
        app.workspace.people[row].name, "Zoë Ødegaard",
        "the cursor is on the new person"
    );
    assert!(screen_text(&app, 80, 24).contains("Saved Zoë Ødegaard"));
}

#[test]
fn deleting_an_owner_hands_their_roles_to_the_person_chosen() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::People));
    let official = app
        .workspace
        .holders(Role::SecurityOfficial)
        .next()
        .expect("the demo names a security official")
        .clone();
    let row = app
        .workspace
        .people
        .iter()
        .position(|person| person.id == official.id)
        .unwrap();
    for _ in 0..row {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Char('d'));
    let Some(Overlay::Confirm(question)) = app.overlay() else {
        panic!("a question, not {:?}", app.overlay().map(|overlay| overlay.scope()));
    };
    assert_eq!(question.title, "Reassign before deleting");
    let (heir, heir_name) = question.choices[1].clone();
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Char('y'));

    assert!(app.workspace.person(official.id).is_none(), "deleted");
    assert!(
        app.workspace
            .holders(Role::SecurityOfficial)
            .any(|person| person.id == heir),
        "{heir_name} is the security official now"
    );
    assert!(screen_text(&app, 120, 40).contains(&format!("Reassigned to {heir_name} and deleted")));
}

/// The profile form has no field for the practice's notes: saving it keeps them.
#[test]
fn the_profile_form_keeps_the_practice_notes_it_does_not_show() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    let notes = app.workspace.practice.notes.clone();
    assert!(!notes.is_empty(), "the demo has notes");
    app.update(Action::GoTo(Screen::Practice));
    app.update(Action::Edit);
    press(&mut app, KeyCode::Enter);
    assert!(app.overlay().is_none(), "saved: {}", screen_text(&app, 80, 24));
    assert_eq!(app.workspace.practice.notes, notes);
}

/// §164.308(a)(2) asks for one security official: ticking the box on a second person is
/// refused in the form, in one line naming the holder and the citation, and nothing is saved.
#[test]
fn a_second_security_official_is_refused_with_the_citation() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::People));
    let official = app.workspace.holders(Role::SecurityOfficial).next().unwrap().clone();
    let before = app.workspace.roles.clone();
    let row = app
        .workspace
        .people
        .iter()
        .position(|person| person.id != official.id && person.removed_on.is_none())
        .unwrap();
    for _ in 0..row {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Char('e'));
    common::focus_field(&mut app, "roles");
    // The first box is "Security".
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Enter);
    let Some(Overlay::Form { form, .. }) = app.overlay() else {
        panic!("the form stays open");
    };
    let error = form.error.clone().unwrap_or_default();
    assert!(
        error.contains(&official.name)
            && error.contains("§164.308(a)(2)")
            && error.contains("Assigned security responsibility"),
        "{error}"
    );
    assert_eq!(app.workspace.roles, before, "nothing saved");
    insta::assert_snapshot!("second_security_official_80x24", common::body(&app, 80, 24));
}
