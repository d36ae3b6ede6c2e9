//! The Evidence screen as a component: its form, picker and question hand their outcome
//! back to it and it writes them (see `tui::app::writes`); a large attachment read on
//! the worker comes back to the screen only while its form is still open.

mod common;

use common::{demo_app, focus_field, press, screen_text, type_text};
use hipaa_ra::tui::{Action, Overlay, Screen, Theme};
use ratatui::crossterm::event::KeyCode;

#[test]
fn a_record_is_refused_without_a_title_then_saved_and_selected() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::Evidence));
    let before = app.workspace.evidence.len();
    press(&mut app, KeyCode::Char('a'));
    press(&mut app, KeyCode::Enter);
    assert!(
        matches!(app.overlay(), Some(Overlay::Form { form, .. }) if form.error.as_deref().is_some_and(|error| error.contains("Title"))),
        "a record without a title is refused and the form stays open"
    );
    assert_eq!(app.workspace.evidence.len(), before);
    type_text(&mut app, "Ångström access review 2026");
    press(&mut app, KeyCode::Enter);
    assert!(app.overlay().is_none(), "saved and closed");
    assert_eq!(app.workspace.evidence.len(), before + 1);
    assert_eq!(
        app.selected_evidence().map(|record| record.title.as_str()),
        Some("Ångström access review 2026"),
        "the cursor is on the new record"
    );
    assert!(screen_text(&app, 80, 24).contains("Saved Ångström access review 2026"));
}

#[test]
fn the_delete_question_answered_yes_deletes_the_record_and_no_keeps_it() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::Evidence));
    press(&mut app, KeyCode::Down);
    let record = app.selected_evidence().expect("the demo has evidence").clone();
    press(&mut app, KeyCode::Char('d'));
    let Some(Overlay::Confirm(question)) = app.overlay() else {
        panic!("a question");
    };
    assert_eq!(question.title, "Delete evidence");
    press(&mut app, KeyCode::Char('n'));
    assert!(app.overlay().is_none());
    assert!(
        app.workspace.evidence.iter().any(|kept| kept.id == record.id),
        "no keeps it"
    );

    press(&mut app, KeyCode::Char('d'));
    press(&mut app, KeyCode::Char('y'));
    assert!(
        !app.workspace.evidence.iter().any(|gone| gone.id == record.id),
        "yes deletes it"
    );
    assert!(screen_text(&app, 80, 24).contains("Evidence record deleted"));
}

#[test]
fn the_links_picker_choice_replaces_the_records_links() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::Evidence));
    let record = app.selected_evidence().expect("the demo has evidence").clone();
    assert!(!record.links.is_empty(), "the demo links its evidence");
    press(&mut app, KeyCode::Char('l'));
    assert!(matches!(app.overlay(), Some(Overlay::Picker { .. })));
    // The record's links come ticked; one more item is found and ticked.
    type_text(&mut app, "log-in monitoring");
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Enter);
    assert!(app.overlay().is_none());
    let saved = app
        .workspace
        .evidence
        .iter()
        .find(|saved| saved.id == record.id)
        .unwrap();
    assert_eq!(saved.links.len(), record.links.len() + 1, "{:?}", saved.links);
    assert!(saved.links.iter().any(|link| link.target_ref == "164.308(a)(5)(ii)(C)"));
    assert!(screen_text(&app, 80, 24).contains(&format!("Linked to {} records", record.links.len() + 1)));
}

#[test]
fn a_large_attachment_read_after_its_form_closed_saves_nothing_and_says_so() {
    let (mut app, dir) = demo_app(Theme::COLOR);
    let big = dir.path().join("scan.pdf");
    std::fs::write(&big, vec![7u8; 2 * 1024 * 1024]).unwrap();
    app.update(Action::GoTo(Screen::Evidence));
    let before = app.workspace.evidence.len();
    press(&mut app, KeyCode::Char('a'));
    type_text(&mut app, "Scanned BAA");
    focus_field(&mut app, "attach");
    type_text(&mut app, big.to_str().unwrap());
    press(&mut app, KeyCode::Enter);
    assert!(screen_text(&app, 120, 40).contains("in the background"));
    // Closed (and its changes discarded) while the worker reads.
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('y'));
    assert!(app.overlay().is_none());
    app.wait_for_work();
    assert_eq!(app.workspace.evidence.len(), before, "nothing saved");
    assert!(screen_text(&app, 120, 40).contains("The form was closed before the file was read"));

    // Opened again and saved: the file is read again, for this form, and stored.
    press(&mut app, KeyCode::Char('a'));
    type_text(&mut app, "Scanned BAA");
    focus_field(&mut app, "attach");
    type_text(&mut app, big.to_str().unwrap());
    press(&mut app, KeyCode::Enter);
    app.wait_for_work();
    assert!(app.overlay().is_none(), "{}", screen_text(&app, 120, 40));
    let record = app.selected_evidence().expect("selected");
    assert_eq!(record.title, "Scanned BAA");
    assert_eq!(record.file.as_ref().map(|file| file.size), Some(2 * 1024 * 1024));
}
