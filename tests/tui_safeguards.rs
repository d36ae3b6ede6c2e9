//! The Safeguards screen as a component: its review form hands the saved form back to
//! it, it refuses or writes it (see `tui::app::writes`), and its find line shows only
//! while the find window is open.

mod common;

use common::{demo_app, press, screen_text, select_citation, type_text};
use hipaa_ra::domain::ReviewStatus;
use hipaa_ra::tui::{Action, Overlay, Screen, Theme};
use ratatui::crossterm::event::KeyCode;

#[test]
fn a_review_is_refused_without_its_reason_then_saved_on_the_item() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    // Not reviewed in the demo.
    let citation = "164.308(a)(1)(ii)(C)";
    select_citation(&mut app, citation);
    assert!(!app.workspace.is_reviewed(citation));
    press(&mut app, KeyCode::Char('e'));
    assert!(matches!(app.overlay(), Some(Overlay::Form { form, .. }) if form.title.starts_with(citation)));

    // Status: Not applicable, with no reason: refused, the form stays open with why.
    for _ in 0..4 {
        press(&mut app, KeyCode::Right);
    }
    press(&mut app, KeyCode::Enter);
    let Some(Overlay::Form { form, .. }) = app.overlay() else {
        panic!("the form stays open");
    };
    assert!(
        form.error
            .as_deref()
            .is_some_and(|error| error.contains("say why it does not apply")),
        "{:?}",
        form.error
    );
    assert!(!app.workspace.is_reviewed(citation), "nothing saved");

    // The refusal put the cursor on the reason: typed there, then saved.
    type_text(&mut app, "No workforce of our own: the owner is the only user");
    press(&mut app, KeyCode::Enter);
    assert!(
        app.overlay().is_none(),
        "saved and closed:\n{}",
        screen_text(&app, 80, 24)
    );
    let review = app.workspace.review(citation).expect("the review is saved");
    assert_eq!(review.status, ReviewStatus::NotApplicable);
    assert_eq!(review.na_reason, "No workforce of our own: the owner is the only user");
    let index = app.selected_item().expect("still on the item");
    assert_eq!(app.catalog.items[index].citation, citation);
    let text = screen_text(&app, 120, 40);
    assert!(text.contains(&format!("Saved the review of {citation}")), "{text}");
    assert!(text.contains("Not applicable: No workforce of our own"), "{text}");
}

#[test]
fn the_find_line_shows_while_finding_and_goes_with_enter_or_esc() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::Safeguards));
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "automatic log");
    let text = screen_text(&app, 80, 24);
    assert!(text.contains("Find: automatic log"), "{text}");
    assert!(text.contains("Enter keeps the place"), "{text}");
    let index = app.selected_item().expect("an item");
    assert_eq!(app.catalog.items[index].name, "Automatic logoff", "found as typed");
    press(&mut app, KeyCode::Enter);
    assert!(app.overlay().is_none());
    assert!(
        !screen_text(&app, 80, 24).contains("Find:"),
        "the line goes with the window"
    );
    assert_eq!(app.selected_item(), Some(index), "Enter keeps the place");

    // Esc clears the find text and closes the line too.
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "164.310");
    press(&mut app, KeyCode::Esc);
    assert!(app.overlay().is_none());
    assert!(!screen_text(&app, 80, 24).contains("Find:"));
}
