//! The Access screen as a component: the systems with their last review, a review's
//! accounts compared and flagged, decisions by key (you, today, the next account
//! selected), and `Esc` back to the systems. Its bodies at 80x24 are snapshots.

mod common;

use common::{body, press, screen_text};
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
