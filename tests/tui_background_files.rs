//! Large files are read off the UI thread (issue 15, point 8): attaching a file of a
//! megabyte or more, or importing such a CSV, starts the reading on the worker; the form
//! stays open saying so, and once the file is read the save goes on by itself (the store
//! write stays on the UI thread). A problem found by the worker lands on the form's field.

mod common;

use common::{demo_app, empty_app, focus_field, press, screen_text, type_text};
use hipaa_ra::tui::{Action, Overlay, Screen, Theme};
use ratatui::crossterm::event::KeyCode;

#[test]
fn a_large_attachment_is_read_on_the_worker_then_stored() {
    let (mut app, dir) = demo_app(Theme::COLOR);
    let big = dir.path().join("scan.pdf");
    let bytes: Vec<u8> = (0..3 * 1024 * 1024).map(|index| (index % 251) as u8).collect();
    std::fs::write(&big, &bytes).unwrap();
    app.update(Action::GoTo(Screen::Evidence));
    press(&mut app, KeyCode::Char('a'));
    type_text(&mut app, "Signed BAA, scanned");
    focus_field(&mut app, "attach");
    type_text(&mut app, big.to_str().unwrap());
    press(&mut app, KeyCode::Enter);
    // The form waits, open, while the worker reads.
    assert!(matches!(app.overlay(), Some(Overlay::Form { .. })));
    let text = screen_text(&app, 120, 40);
    assert!(text.contains("in the background"), "{text}");
    app.wait_for_work();
    assert!(
        app.overlay().is_none(),
        "saved once read:\n{}",
        screen_text(&app, 120, 40)
    );
    let record = app
        .workspace
        .evidence
        .iter()
        .find(|record| record.title == "Signed BAA, scanned")
        .expect("the record is saved");
    let file = record.file.as_ref().expect("with its file");
    assert_eq!(file.file_name, "scan.pdf");
    assert_eq!(file.size, bytes.len() as u64);
}

#[test]
fn a_large_csv_is_read_on_the_worker_and_its_problem_shown_on_the_form() {
    let (mut app, dir) = empty_app();
    let csv = dir.path().join("inventory.csv");
    // Over a megabyte, and not an inventory: refused with the file named, nothing added.
    let mut text = String::from("name,kind\n");
    while text.len() < 1_200_000 {
        text.push_str("Fax machine,not-a-kind\n");
    }
    std::fs::write(&csv, text).unwrap();
    app.update(Action::GoTo(Screen::Inventory));
    press(&mut app, KeyCode::Char('i'));
    type_text(&mut app, csv.to_str().unwrap());
    press(&mut app, KeyCode::Enter);
    assert!(screen_text(&app, 120, 40).contains("in the background"));
    app.wait_for_work();
    assert!(
        matches!(app.overlay(), Some(Overlay::Form { .. })),
        "the form stays open"
    );
    let shown = screen_text(&app, 120, 40);
    assert!(shown.contains("inventory.csv"), "the problem names the file:\n{shown}");
    assert!(app.workspace.assets.is_empty(), "nothing imported");
}
