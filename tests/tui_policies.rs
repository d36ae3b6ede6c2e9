//! The Policies screen in a test terminal: the demo's register with the selected policy's
//! version in effect, next review, versions with their retention end and reviews; a review
//! refused with the field to fix; the oldest version's delete refused with its date.

mod common;

use common::{body, focus_field, press, screen_text, today, type_text};
use hipaa_ra::tui::{Action, App, Screen, Theme};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The single-year demo with the program's policies added (the CLI's demo adds them to
/// its current year).
fn app_with_policies() -> (App, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = hipaa_ra::demo::create(&dir.path().join("demo.hra"), today()).unwrap();
    hipaa_ra::demo_policies::populate(&mut store, today()).unwrap();
    (App::new(store, today(), Theme::COLOR).unwrap(), dir)
}

#[test]
fn the_register_shows_the_selected_policys_versions_and_reviews() {
    let (mut app, _dir) = app_with_policies();
    app.update(Action::GoTo(Screen::Policies));
    for _ in 0..3 {
        press(&mut app, KeyCode::Down);
    }
    insta::assert_snapshot!("policies_training_80x24", body(&app, 80, 24));
    let text = screen_text(&app, 80, 24);
    assert!(text.contains("Next review: 2026-11-03 (due)"), "{text}");
}

#[test]
fn a_new_version_without_its_number_is_refused_and_nothing_changes() {
    let (mut app, _dir) = app_with_policies();
    app.update(Action::GoTo(Screen::Policies));
    let before = app.workspace.policies.clone();
    press(&mut app, KeyCode::Char('r'));
    common::focus_field(&mut app, "outcome");
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Enter);
    let text = screen_text(&app, 80, 24);
    assert!(text.contains("A new version needs its number"), "{text}");
    assert_eq!(app.workspace.policies, before);
}

#[test]
fn deleting_a_version_in_its_six_years_is_refused_with_the_date() {
    let (mut app, _dir) = app_with_policies();
    app.update(Action::GoTo(Screen::Policies));
    let before = app.workspace.policies.clone();
    press(&mut app, KeyCode::Char('d'));
    let text = screen_text(&app, 80, 24);
    // Contingency plan's only version is in effect: kept six years from today.
    assert!(text.contains("Version 2026.1 must be kept until 2032-11-23"), "{text}");
    assert_eq!(app.workspace.policies, before);
}

/// Ctrl-U: empties the focused text field.
fn clear_field(app: &mut App) {
    app.handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
}

/// The policy register as the workspace file has it, read beside the app.
fn stored_register(dir: &tempfile::TempDir) -> hipaa_ra::domain::policy::PolicyRegister {
    hipaa_ra::store::Store::open_for_reading(&dir.path().join("demo.hra"))
        .unwrap()
        .policy_register()
        .unwrap()
}

#[test]
fn a_new_version_is_stored_with_its_file_and_only_a_new_version_takes_one() {
    let (mut app, dir) = app_with_policies();
    app.update(Action::GoTo(Screen::Policies));
    let document = dir.path().join("contingency-plan-2.0.pdf");
    std::fs::write(&document, b"%PDF-1.4 contingency plan, version 2.0").unwrap();
    // The first policy by title: the contingency plan. A review with no change and a
    // path is refused on the path.
    press(&mut app, KeyCode::Char('r'));
    focus_field(&mut app, "outcome");
    press(&mut app, KeyCode::Right);
    focus_field(&mut app, "attach");
    type_text(&mut app, &document.display().to_string());
    press(&mut app, KeyCode::Enter);
    let refused = screen_text(&app, 120, 40);
    assert!(refused.contains("A file is stored with a new version"), "{refused}");
    // New version, its number: stored with the file.
    focus_field(&mut app, "outcome");
    press(&mut app, KeyCode::Right);
    focus_field(&mut app, "number");
    type_text(&mut app, "2.0");
    focus_field(&mut app, "effective");
    type_text(&mut app, &today().to_string());
    focus_field(&mut app, "changes");
    type_text(&mut app, "Adds the cloud backup");
    press(&mut app, KeyCode::Enter);
    assert!(app.overlay().is_none(), "{}", screen_text(&app, 120, 40));
    let text = screen_text(&app, 120, 40);
    assert!(
        text.contains("Review of Contingency plan and data backup completed"),
        "{text}"
    );
    assert!(text.contains("contingency-plan-2.0.pdf (38"), "{text}");
    let register = stored_register(&dir);
    let version = register
        .versions
        .iter()
        .find(|version| version.number == "2.0" && version.file_name.as_deref() == Some("contingency-plan-2.0.pdf"));
    let version = version.expect("the new version keeps its file");
    let bytes = hipaa_ra::store::Store::open_for_reading(&dir.path().join("demo.hra"))
        .unwrap()
        .policy_version_file(version.id)
        .unwrap();
    assert_eq!(
        bytes.as_deref(),
        Some(b"%PDF-1.4 contingency plan, version 2.0".as_slice())
    );

    // o saves it back out, byte for byte, and never over an existing file.
    press(&mut app, KeyCode::Char('o'));
    let out = dir.path().join("out.pdf");
    focus_field(&mut app, "path");
    clear_field(&mut app);
    type_text(&mut app, &out.display().to_string());
    press(&mut app, KeyCode::Enter);
    assert_eq!(std::fs::read(&out).unwrap(), b"%PDF-1.4 contingency plan, version 2.0");
    press(&mut app, KeyCode::Char('o'));
    focus_field(&mut app, "path");
    clear_field(&mut app);
    type_text(&mut app, &out.display().to_string());
    press(&mut app, KeyCode::Enter);
    assert!(app.overlay().is_some(), "refused: the form stays open");
    press(&mut app, KeyCode::Esc);
}

#[test]
fn f_attaches_a_file_to_a_version_without_one_and_never_replaces_one() {
    let (mut app, dir) = app_with_policies();
    app.update(Action::GoTo(Screen::Policies));
    let text = screen_text(&app, 120, 40);
    assert!(text.contains("Implements: §164.308(a)(7)(i)"), "{text}");
    // The information security policy: version 1.0 keeps its file, 2.0 has none.
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    let text = screen_text(&app, 120, 40);
    assert!(text.contains("information-security-policy-1.0.txt"), "{text}");
    press(&mut app, KeyCode::Char('f'));
    let form = screen_text(&app, 120, 40);
    assert!(form.contains("Attach a file: Information security policy"), "{form}");
    assert!(form.contains("v2.0"), "{form}");
    insta::assert_snapshot!("policy_attach_80x24", body(&app, 80, 24));
    // A folder is refused on the path, naming it; nothing is stored.
    focus_field(&mut app, "attach");
    type_text(&mut app, &dir.path().display().to_string());
    press(&mut app, KeyCode::Enter);
    let refused = screen_text(&app, 120, 40);
    assert!(refused.contains("is a folder"), "{refused}");
    let document = dir.path().join("infosec-2.0.txt");
    std::fs::write(&document, "version 2.0").unwrap();
    clear_field(&mut app);
    type_text(&mut app, &document.display().to_string());
    press(&mut app, KeyCode::Enter);
    assert!(app.overlay().is_none(), "{}", screen_text(&app, 120, 40));
    let text = screen_text(&app, 120, 40);
    assert!(text.contains("Stored infosec-2.0.txt (11 bytes)"), "{text}");
    assert!(
        text.contains("Adds remote work and personal phones infosec-2.0.txt"),
        "{text}"
    );
    assert!(
        stored_register(&dir)
            .versions
            .iter()
            .any(|version| version.file_name.as_deref() == Some("infosec-2.0.txt"))
    );
    // Every version keeps one now: f says so and opens nothing.
    press(&mut app, KeyCode::Char('f'));
    assert!(app.overlay().is_none());
    assert!(screen_text(&app, 120, 40).contains("keeps a file for every version"));
    // u takes the file back.
    press(&mut app, KeyCode::Char('u'));
    assert!(
        !stored_register(&dir)
            .versions
            .iter()
            .any(|version| version.file_name.as_deref() == Some("infosec-2.0.txt"))
    );
}
