//! Every window the TUI opens over a screen, on the demo, at 80x24 (the smallest
//! supported terminal) and 120x40, compared with reviewed snapshots. The windows and
//! the keys that open them are listed in `common::overlays`.

mod common;

use common::overlays::WINDOWS;
use common::{body, demo_app};
use hipaa_ra::tui::Theme;

#[test]
fn every_window_at_80x24_and_120x40() {
    for window in WINDOWS.iter().filter(|window| window.stable) {
        let (mut app, _dir) = demo_app(Theme::COLOR);
        (window.open)(&mut app);
        // Choosing a heat-map cell is a mode of the Risks screen, drawn in its own map.
        let heat_map = app.screens.risks.heat_cursor().is_some();
        assert!(
            app.overlay().is_some() || heat_map,
            "{} did not open a window",
            window.name
        );
        for (width, height) in [(80, 24), (120, 40)] {
            insta::assert_snapshot!(format!("{}_{width}x{height}", window.name), body(&app, width, height));
        }
    }
}

/// Control-C over a window: the lists and questions quit the program as everywhere; a
/// form or a picker is left instead (a changed form asks first), so typing is never lost;
/// a question over a changed form (discard it?) asks before quitting, and only y quits.
#[test]
fn control_c_quits_over_a_question_and_leaves_a_form() {
    use hipaa_ra::tui::Overlay;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let control_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    for window in WINDOWS {
        let (mut app, _dir) = demo_app(Theme::COLOR);
        (window.open)(&mut app);
        let stays = matches!(
            app.overlay(),
            Some(Overlay::Form { .. } | Overlay::Picker { .. } | Overlay::KeyGen(_))
        );
        let depth = app.overlays().len();
        let changed_form = app.overlays().iter().any(|overlay| match overlay {
            Overlay::Form { form } => form.is_changed(),
            _ => false,
        });
        app.handle_key(control_c);
        if changed_form && !stays {
            assert!(!app.should_quit(), "{}: quit with a changed form", window.name);
            let Some(Overlay::Confirm(question)) = app.overlay() else {
                panic!("{}: no question before quitting", window.name);
            };
            assert!(question.quits(), "{}", window.name);
            app.handle_key(KeyEvent::new(KeyCode::Char('y'), KeyModifiers::NONE));
            assert!(app.should_quit(), "{}: y did not quit", window.name);
        } else if stays {
            assert!(
                !app.should_quit(),
                "{}: Control-C left the program from a form",
                window.name
            );
            assert!(app.overlays().len() <= depth, "{}", window.name);
        } else {
            assert!(app.should_quit(), "{}: Control-C did not quit", window.name);
        }
    }
}
