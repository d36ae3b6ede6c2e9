//! Next year in the TUI, on a TestBackend: the Practice screen starts the next assessment
//! (after asking) and switches between assessments; a carried review shows as "Carried:
//! c?" (carried forward, confirm with c) and one key confirms it; the Report screen shows the changes; the dashboard
//! shows when the next review is due.

mod common;

use common::*;
use hipaa_ra::domain::CarriedEntity;
use hipaa_ra::tui::{Action, Screen, Theme};
use ratatui::crossterm::event::KeyCode;

#[test]
fn start_next_year_confirm_a_review_read_the_changes_and_switch_back() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    let first = app.workspace.assessment_id;
    app.update(Action::GoTo(Screen::Practice));
    press(&mut app, KeyCode::Char('n'));
    let asking = screen_text(&app, 80, 24);
    assert!(asking.contains("Start next year's assessment"), "{asking}");
    assert_eq!(app.workspace.assessment_id, first, "nothing happens before yes");
    press(&mut app, KeyCode::Char('y'));
    assert_ne!(app.workspace.assessment_id, first);
    insta::assert_snapshot!("practice_next_year_80x24", render(&app, 80, 24).backend());

    // A carried review reads "Carried, confirm" and counts as not reviewed until `c`.
    let citation = "164.308(a)(1)(ii)(A)";
    let review = app.workspace.review(citation).unwrap().clone();
    assert!(app.workspace.needs_confirmation(CarriedEntity::Review, review.id));
    select_citation(&mut app, citation);
    assert!(screen_text(&app, 80, 24).contains("Carried: c?"));
    press(&mut app, KeyCode::Char('c'));
    assert!(app.workspace.is_reviewed(citation));
    assert!(!app.workspace.needs_confirmation(CarriedEntity::Review, review.id));
    // Twice is harmless and says so.
    press(&mut app, KeyCode::Char('c'));
    assert!(screen_text(&app, 80, 24).contains("needs no confirmation"));

    // The Report screen's preview carries the changes section.
    app.update(Action::GoTo(Screen::Report));
    let preview: Vec<String> = app
        .report
        .preview
        .as_ref()
        .unwrap()
        .iter()
        .map(|line| line.text.clone())
        .collect();
    let joined = preview.join("\n");
    assert!(joined.contains("Changes since the last assessment"), "{joined}");
    assert!(joined.contains(&format!("{citation} confirmed")), "{joined}");

    // Switch back to last year's, which is unchanged.
    app.update(Action::GoTo(Screen::Practice));
    press(&mut app, KeyCode::Char('s'));
    assert_eq!(app.workspace.assessment_id, first);
    assert!(app.workspace.carried.is_empty());
}

#[test]
fn the_dashboard_says_when_the_next_review_is_due() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    let due = app.workspace.assessment().unwrap().next_review.unwrap();
    let text = screen_text(&app, 80, 24);
    assert!(text.contains(&format!("review due {due}")), "{text}");
    // Past the date it says overdue (red by the theme's signal style).
    app.today = due.succ_opt().unwrap();
    app.update(Action::GoTo(hipaa_ra::tui::Screen::Dashboard));
    let text = screen_text(&app, 80, 24);
    assert!(text.contains(&format!("review overdue {due}")), "{text}");
}
