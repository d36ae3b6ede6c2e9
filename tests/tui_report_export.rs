//! The Report screen's export as a component: the export form is its own (refused on
//! its field, then saved), the export runs on the worker and its result comes back to
//! the Report screen while the user works on another screen, and the paper chosen is
//! remembered (a write of the screen's) for the next export.

mod common;

use common::{demo_app, press, screen_text, type_text};
use hipaa_ra::tui::{Action, App, Overlay, Screen, Theme};
use ratatui::crossterm::event::KeyCode;

fn clear_field(app: &mut App) {
    for _ in 0..200 {
        press(app, KeyCode::Backspace);
    }
}

fn export_form_paper(app: &App) -> usize {
    match app.overlay() {
        Some(Overlay::Form { form, .. }) => form.choice("paper"),
        _ => panic!("the export form is open"),
    }
}

#[test]
fn an_export_is_refused_then_written_while_the_user_works_elsewhere_and_its_paper_remembered() {
    let (mut app, dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::Report));
    press(&mut app, KeyCode::Char('x'));
    assert_eq!(export_form_paper(&app), 0, "US Letter when none was chosen");

    // A4, and no file name: refused on "Save as", the form stays open.
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Down);
    clear_field(&mut app);
    press(&mut app, KeyCode::Enter);
    let Some(Overlay::Form { form, .. }) = app.overlay() else {
        panic!("the form stays open");
    };
    assert!(
        form.error.as_deref().is_some_and(|error| error.contains("Save as")),
        "{:?}",
        form.error
    );

    let output = dir.path().join("a4 report.pdf");
    type_text(&mut app, output.to_str().unwrap());
    press(&mut app, KeyCode::Enter);
    assert!(
        app.overlay().is_none(),
        "the form closes; the export runs on the worker"
    );
    assert!(screen_text(&app, 120, 40).contains("Exporting the report"));

    // The user goes on working; the result still reaches the Report screen, which says it.
    app.update(Action::GoTo(Screen::Evidence));
    app.wait_for_work();
    assert!(output.exists(), "the report is written");
    let text = screen_text(&app, 120, 40);
    assert!(text.contains("Wrote") && text.contains("a4 report.pdf"), "{text}");
    // The demo is a draft, and the message says so before the file's name.
    assert!(text.contains("Wrote DRAFT "), "{text}");
    assert_eq!(app.screen, Screen::Evidence, "the user stays where they are");

    // The next export starts on A4.
    app.update(Action::GoTo(Screen::Report));
    press(&mut app, KeyCode::Char('x'));
    assert_eq!(export_form_paper(&app), 1, "A4 remembered");
}

#[test]
fn the_preview_is_made_again_when_the_screen_is_opened_after_a_change_elsewhere() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    let preview_text = |app: &App| {
        app.screens
            .report
            .preview
            .as_ref()
            .expect("a preview")
            .iter()
            .map(|line| line.text.clone())
            .collect::<Vec<_>>()
            .join("\n")
    };
    app.update(Action::GoTo(Screen::Report));
    let count = app.workspace.evidence.len();
    assert!(preview_text(&app).contains(&format!("{count} evidence records")));
    app.update(Action::GoTo(Screen::Evidence));
    press(&mut app, KeyCode::Char('a'));
    type_text(&mut app, "Zoë's sanction log");
    press(&mut app, KeyCode::Enter);
    assert!(app.overlay().is_none());
    app.update(Action::GoTo(Screen::Report));
    let text = preview_text(&app);
    assert!(text.contains(&format!("{} evidence records", count + 1)), "{text}");
}
