//! Making a signing key from the export dialog (issue 15, point 7): signing with a key
//! file that does not exist opens the key maker over the export form; the password is
//! typed twice, masked, refused when short or different; the key is made on the worker
//! and handed back to the export form, which then signs and writes the report.

mod common;

use common::{demo_app, focus_field, key, render, type_text};
use hipaa_ra::tui::{Action, Overlay, Screen, Theme};
use ratatui::crossterm::event::KeyCode;

/// Empties the focused text field.
fn clear_field(app: &mut hipaa_ra::tui::App) {
    for _ in 0..200 {
        app.handle_key(key(KeyCode::Backspace));
    }
}

#[test]
fn a_missing_key_is_made_from_the_export_dialog_then_the_report_is_signed() {
    let (mut app, dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::Report));
    let keys = dir.path().join("keys");
    let secret = keys.join("hipaa-ra.key");
    let output = dir.path().join("signed.pdf");
    app.handle_key(key(KeyCode::Char('x')));
    app.handle_key(key(KeyCode::Down)); // paper
    app.handle_key(key(KeyCode::Down)); // save as
    clear_field(&mut app);
    type_text(&mut app, output.to_str().unwrap());
    app.handle_key(key(KeyCode::Down)); // sign
    app.handle_key(key(KeyCode::Right));
    app.handle_key(key(KeyCode::Right)); // as a draft for review: the demo is a draft
    app.handle_key(key(KeyCode::Down)); // key file
    clear_field(&mut app);
    type_text(&mut app, secret.to_str().unwrap());
    app.handle_key(key(KeyCode::Enter));

    // The key maker opens over the export form, which stays below it.
    assert!(matches!(app.overlay(), Some(Overlay::KeyGen(_))));
    assert_eq!(app.overlays().len(), 2, "the export form waits below");
    let text = format!("{}", render(&app, 80, 24).backend());
    assert!(text.contains("No signing key yet: make one"), "{text}");
    assert!(
        text.contains(keys.to_str().unwrap()),
        "the folder of the key file typed:\n{text}"
    );

    // Too short, then different: refused, named, nothing made.
    app.handle_key(key(KeyCode::Down));
    type_text(&mut app, "short");
    app.handle_key(key(KeyCode::Down));
    type_text(&mut app, "short");
    app.handle_key(key(KeyCode::Enter));
    let text = format!("{}", render(&app, 80, 24).backend());
    assert!(text.contains("the password needs at least 8 characters"), "{text}");
    assert!(!text.contains("short"), "the password is masked:\n{text}");
    type_text(&mut app, " and longer");
    app.handle_key(key(KeyCode::Enter));
    let text = format!("{}", render(&app, 80, 24).backend());
    assert!(text.contains("the two passwords differ"), "{text}");
    assert!(!secret.exists(), "nothing is made while the form refuses");
    clear_field(&mut app);
    type_text(&mut app, "short and longer");
    app.handle_key(key(KeyCode::Enter));

    // The key is made on the worker; its reply signs with it from the export form.
    assert!(
        !matches!(app.overlay(), Some(Overlay::KeyGen(_))),
        "the key maker closed"
    );
    app.wait_for_work(); // the key
    assert!(secret.exists() && keys.join("hipaa-ra.pub").exists());
    app.wait_for_work(); // the report
    assert!(
        app.overlay().is_none(),
        "the export form closed once the report was written"
    );
    let status = format!("{}", render(&app, 120, 40).backend());
    // The message takes one line, shortened at a word; the message itself is whole.
    assert!(status.contains("(signed"), "{status}");
    let message = app.message.as_ref().map(|(_, text)| text.clone()).unwrap_or_default();
    assert!(
        message.contains("(signed") && message.contains("as a DRAFT for review"),
        "{message}"
    );
    let public = hipaa_ra::signing::read_public_key(keys.join("hipaa-ra.pub").to_str().unwrap()).unwrap();
    assert!(matches!(
        hipaa_ra::signing::verify(&output, &public).unwrap(),
        hipaa_ra::signing::Verdict::Valid { .. }
    ));
    // The key opens with the password typed, not another.
    assert!(hipaa_ra::signing::load(&secret, Some("short and longer".to_string())).is_ok());
    assert!(hipaa_ra::signing::load(&secret, Some("wrong password".to_string())).is_err());
}

#[test]
fn cancelling_the_key_maker_goes_back_to_the_export_form_unchanged() {
    let (mut app, dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::Report));
    app.handle_key(key(KeyCode::Char('x')));
    focus_field(&mut app, "sign");
    app.handle_key(key(KeyCode::Right));
    app.handle_key(key(KeyCode::Right));
    app.handle_key(key(KeyCode::Down)); // key file
    clear_field(&mut app);
    type_text(&mut app, dir.path().join("nowhere/hipaa-ra.key").to_str().unwrap());
    app.handle_key(key(KeyCode::Enter));
    assert!(matches!(app.overlay(), Some(Overlay::KeyGen(_))));
    app.handle_key(key(KeyCode::Esc));
    assert!(
        matches!(app.overlay(), Some(Overlay::Form { .. })),
        "Esc closes only the key maker"
    );
    assert!(!dir.path().join("nowhere").exists());
}
