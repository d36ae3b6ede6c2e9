//! The Access screen as a component: the systems with their last review, a review's
//! accounts compared and flagged, decisions by key (you, today, the next account
//! selected), and `Esc` back to the systems. Its bodies at 80x24 are snapshots.

mod common;

use common::{body, press, screen_text, type_text};
use hipaa_ra::domain::access::Decision;
use hipaa_ra::tui::{Action, App, Screen, Theme};
use ratatui::crossterm::event::KeyCode;

use common::today;

/// The demo with its two EHR access reviews, and a third, open one listing the leaver.
fn app_with_reviews() -> (App, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = hipaa_ra::demo::create(&dir.path().join("demo.hra"), today()).unwrap();
    hipaa_ra::demo_access::add(&mut store, today()).unwrap();
    let open = hipaa_ra::exchange::access::parse_user_list(
        b"User,Name,Status\nmbell,Marcus Bell,Active\ngliu,Grace Liu,Active\nfrontdesk,Front Desk,Active\n",
    )
    .unwrap();
    store
        .import_access_list(hipaa_ra::demo_access::EHR, &open.accounts, today())
        .unwrap();
    (App::new(store, today(), Theme::COLOR).unwrap(), dir)
}

#[test]
fn the_systems_then_a_review_decided_by_keyboard() {
    let (mut app, _dir) = app_with_reviews();
    // 9, then again until Access: Program, Workforce, Training, Access.
    for _ in 0..4 {
        app.update(Action::GoTo(Screen::FIRST_PROGRAM));
    }
    assert_eq!(app.screen, Screen::Access);
    let systems = body(&app, 80, 24);
    assert!(systems.contains("PracticeChart cloud EHR"), "{systems}");
    assert!(systems.contains("1 leaver still active"), "{systems}");
    insta::assert_snapshot!("access_systems_80x24", systems);

    press(&mut app, KeyCode::Enter);
    let review = body(&app, 80, 24);
    assert!(review.contains("0 new, 9 removed, 3 unchanged"), "{review}");
    assert!(review.contains("LEFT, ACTIVE"), "{review}");
    insta::assert_snapshot!("access_review_80x24", review);

    // frontdesk, gliu, mbell (by user): change, revoke, keep.
    press(&mut app, KeyCode::Char('c'));
    press(&mut app, KeyCode::Char('r'));
    assert!(screen_text(&app, 80, 24).contains("gliu: revoke"));
    press(&mut app, KeyCode::Char('y'));
    let records = &app.workspace.access;
    let open = records.reviews.iter().max_by_key(|review| review.id).unwrap();
    let decided: Vec<(&str, Option<Decision>, &str)> = records
        .accounts_of(open.id)
        .map(|account| (account.user.as_str(), account.decision, account.decided_by.as_str()))
        .collect();
    assert_eq!(
        decided,
        vec![
            ("frontdesk", Some(Decision::Change), "Dana Whitfield"),
            ("gliu", Some(Decision::Revoke), "Dana Whitfield"),
            ("mbell", Some(Decision::Keep), "Dana Whitfield"),
        ]
    );
    assert_eq!(open.completed, Some(today()), "every account decided");

    // Undone: the last decision goes, the review reopens.
    press(&mut app, KeyCode::Char('u'));
    let open = app
        .workspace
        .access
        .reviews
        .iter()
        .max_by_key(|review| review.id)
        .unwrap();
    assert_eq!(open.completed, None);

    press(&mut app, KeyCode::Esc);
    assert!(body(&app, 80, 24).contains("Flagged"), "back to the systems");
}

/// Ctrl-U: empties the focused text field of a form.
fn clear_field(app: &mut App) {
    app.handle_key(ratatui::crossterm::event::KeyEvent::new(
        KeyCode::Char('u'),
        ratatui::crossterm::event::KeyModifiers::CONTROL,
    ));
}

#[test]
fn an_access_change_outside_a_review_is_recorded_by_form_and_undone() {
    let (mut app, _dir) = app_with_reviews();
    app.update(Action::GoTo(Screen::Access));
    assert_eq!(app.screen, Screen::Access);
    let before = app.workspace.access.events.len();
    press(&mut app, KeyCode::Char('a'));
    assert!(screen_text(&app, 80, 24).contains("Record an access change"));
    // Person: the first of the workforce; system: the selected one; change: Changed.
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Right);
    // The date: today, as the form offers it.
    press(&mut app, KeyCode::Tab);
    // Approved by: the first person after "(none)".
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "moved to billing");
    insta::assert_snapshot!("access_event_form_80x24", screen_text(&app, 80, 24));
    press(&mut app, KeyCode::Enter);
    let events = &app.workspace.access.events;
    assert_eq!(events.len(), before + 1);
    let first = app
        .workspace
        .people
        .iter()
        .find(|person| person.removed_on.is_none())
        .unwrap();
    let event = events
        .iter()
        .find(|event| event.notes == "moved to billing")
        .expect("the event recorded");
    assert_eq!(event.kind, hipaa_ra::domain::access::AccessEventKind::Changed);
    assert_eq!(event.system, hipaa_ra::demo_access::EHR);
    assert_eq!(event.date, today());
    assert_eq!((event.person_id, event.approved_by), (first.id, Some(first.id)));
    let systems = body(&app, 80, 24);
    assert!(
        systems.contains(&format!("Last change: changed for {}", first.name)),
        "{systems}"
    );

    press(&mut app, KeyCode::Char('u'));
    assert_eq!(app.workspace.access.events.len(), before, "undone");
}

#[test]
fn a_reviews_reviewer_and_cycle_and_the_revoke_limit_are_set_by_form() {
    let (mut app, _dir) = app_with_reviews();
    app.update(Action::GoTo(Screen::Access));
    press(&mut app, KeyCode::Enter);
    assert!(body(&app, 80, 24).contains("No reviewer named · every 3 months"));
    press(&mut app, KeyCode::Char('s'));
    // Reviewer: the first person; every 6 months; the limit: 0 is refused, then 2.
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Tab);
    clear_field(&mut app);
    type_text(&mut app, "6");
    press(&mut app, KeyCode::Tab);
    clear_field(&mut app);
    type_text(&mut app, "0");
    press(&mut app, KeyCode::Enter);
    assert!(
        screen_text(&app, 80, 24).contains("is not a whole number of at least 1"),
        "{}",
        screen_text(&app, 80, 24)
    );
    clear_field(&mut app);
    type_text(&mut app, "2");
    insta::assert_snapshot!("access_settings_form_80x24", screen_text(&app, 80, 24));
    press(&mut app, KeyCode::Enter);
    let first = app
        .workspace
        .people
        .iter()
        .find(|person| person.removed_on.is_none())
        .unwrap();
    let open = app
        .workspace
        .access
        .reviews
        .iter()
        .max_by_key(|review| review.id)
        .unwrap();
    assert_eq!((open.reviewer, open.cycle_months), (Some(first.id), 6));
    assert_eq!(app.workspace.access.revoke_limit_days, 2);
    let review = body(&app, 80, 24);
    assert!(
        review.contains(&format!("Reviewer {} · every 6 months", first.name)),
        "{review}"
    );
    // One undo takes back the whole form: the review's settings and the limit.
    press(&mut app, KeyCode::Char('u'));
    let open = app
        .workspace
        .access
        .reviews
        .iter()
        .max_by_key(|review| review.id)
        .unwrap();
    assert_eq!((open.reviewer, open.cycle_months), (None, 3));
    assert_eq!(app.workspace.access.revoke_limit_days, 1);
}
