//! The Program screen on the demo: the first of the program's screens (`9`), listing the
//! obligations overdue, then due within 30 days, each with how far it is; Enter shows the
//! screen of the line's record.

mod common;

use common::{body, demo_app, press};
use hipaa_ra::tui::{Action, Screen, Theme};
use ratatui::crossterm::event::KeyCode;

#[test]
fn nine_opens_the_program_screen_with_overdue_items_first_at_80x24() {
    let (mut app, _dir) = demo_app(Theme::MONOCHROME);
    app.update(Action::GoTo(Screen::FIRST_PROGRAM));
    assert_eq!(app.screen, Screen::Program);
    let text = body(&app, 80, 24);
    assert!(text.contains(" overdue · 6 due within 30 days"), "{text}");
    assert!(
        text.contains("HIPAA Privacy and Securi"),
        "the overdue training: {text}"
    );
    assert!(text.contains("20 days overdue"), "{text}");
    assert!(text.contains("Evidence   ClearClaim"), "{text}");
    // The critical assets never restore-tested are due now.
    assert!(text.contains("Restore test: Exam room"), "{text}");
    // Overdue first: every overdue line comes before the one coming due.
    let overdue = text.rfind("days overdue").unwrap();
    let coming = text.find("due in ").unwrap();
    assert!(overdue < coming, "{text}");
    insta::assert_snapshot!("program_80x24", text);
    // 9 again: on to Workforce, the next program screen.
    app.update(Action::GoTo(Screen::FIRST_PROGRAM));
    assert_eq!(app.screen, Screen::Workforce);
}

#[test]
fn enter_shows_the_screen_of_the_lines_record() {
    let (mut app, _dir) = demo_app(Theme::MONOCHROME);
    app.update(Action::GoTo(Screen::FIRST_PROGRAM));
    // The first line is the oldest overdue written assurance of a business associate:
    // Enter opens the vendor in the inventory.
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Inventory);

    // The fifth, an evidence record's review: Enter opens the Evidence screen on it.
    app.update(Action::GoTo(Screen::FIRST_PROGRAM));
    for _ in 0..4 {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Evidence);
    let evidence = body(&app, 120, 40);
    assert!(
        evidence.contains("ClearClaim business-associate agreement"),
        "{evidence}"
    );
}
