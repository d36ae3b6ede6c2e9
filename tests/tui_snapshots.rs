//! Every screen drawn to a `TestBackend` and compared with a reviewed snapshot: on the
//! demo at 80x24 (the smallest supported terminal) and 120x40, on an empty workspace,
//! and the overlays. Also: the monochrome theme uses no colour at all.

mod common;

use chrono::NaiveDate;
use common::{body, demo_app, empty_app, focus_field, key, render, select_citation, snake, today, type_text};
use hipaa_ra::store::Store;
use hipaa_ra::tui::{Action, App, Screen, Theme};
use ratatui::crossterm::event::KeyCode;
use ratatui::style::Color;

#[test]
fn every_screen_on_the_demo_at_80x24_and_120x40() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    for (width, height) in [(80, 24), (120, 40)] {
        for screen in Screen::ALL {
            app.update(Action::GoTo(*screen));
            insta::assert_snapshot!(
                format!("demo_{}_{width}x{height}", snake(*screen)),
                body(&app, width, height)
            );
        }
    }
}

/// The frame around the screens, whole: the sidebar in digits (80x24) and with the
/// screens' names (120x40), and the status bar. With help_80x24 (the screen keys' range)
/// these are the only snapshots a new screen changes; every other one is a screen's body
/// (`common::body`).
#[test]
fn the_frame_sidebar_and_status_bar_at_80x24_and_120x40() {
    let (app, _dir) = demo_app(Theme::COLOR);
    for (width, height) in [(80, 24), (120, 40)] {
        insta::assert_snapshot!(format!("frame_{width}x{height}"), render(&app, width, height).backend());
    }
}

#[test]
fn every_screen_of_an_empty_workspace_says_what_it_will_hold() {
    let (mut app, _dir) = empty_app();
    for screen in Screen::ALL {
        app.update(Action::GoTo(*screen));
        insta::assert_snapshot!(format!("empty_{}_80x24", snake(*screen)), body(&app, 80, 24));
    }
}

#[test]
fn a_terminal_smaller_than_80x24_gets_a_clear_message() {
    let (app, _dir) = demo_app(Theme::COLOR);
    insta::assert_snapshot!("too_small_60x20", render(&app, 60, 20).backend());
    insta::assert_snapshot!("too_small_79x24", render(&app, 79, 24).backend());
    // Narrower than the message itself: still no panic.
    let _ = render(&app, 10, 3);
}

#[test]
fn help_overlay_fits_80x24() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::Inventory));
    app.update(Action::ToggleHelp);
    let terminal = render(&app, 80, 24);
    insta::assert_snapshot!("help_80x24", terminal.backend());
    let text = format!("{}", terminal.backend());
    assert!(
        text.contains("Close this window"),
        "the last help line must be visible at 80x24"
    );
    app.update(Action::CloseOverlay);
    assert!(!format!("{}", render(&app, 80, 24).backend()).contains("Keys:"));
}

#[test]
fn moving_down_a_list_selects_and_pages() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::Safeguards));
    app.update(Action::PageDown);
    app.update(Action::PageDown);
    app.update(Action::Down);
    insta::assert_snapshot!("safeguards_scrolled_80x24", body(&app, 80, 24));
    app.update(Action::Bottom);
    let text = format!("{}", render(&app, 80, 24).backend());
    assert!(
        text.contains("164.316(b)(2)(iii)"),
        "the last item is shown after End:\n{text}"
    );
}

#[test]
fn a_new_workspace_without_a_name_starts_with_the_profile_form() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.hra");
    let store = Store::create(&path, "", "sam", today()).unwrap();
    let mut app = App::new(store, today(), Theme::COLOR).unwrap();
    insta::assert_snapshot!("wizard_80x24", body(&app, 80, 24));
    // Enter saves; an empty name is refused and named, the form stays open.
    app.handle_key(key(KeyCode::Enter));
    let text = format!("{}", render(&app, 80, 24).backend());
    assert!(text.contains("Practice name cannot be empty"), "{text}");
    type_text(&mut app, "Harbor Dental");
    app.handle_key(key(KeyCode::Down));
    app.handle_key(key(KeyCode::Right)); // Entity type: health plan
    app.handle_key(key(KeyCode::Down));
    type_text(&mut app, "1 Main St; 2 Elm St");
    focus_field(&mut app, "participants");
    type_text(&mut app, "Sam (office manager), Dr. Lee");
    focus_field(&mut app, "likelihood_basis");
    app.handle_key(key(KeyCode::Right)); // likelihood: ignores existing controls
    insta::assert_snapshot!("wizard_methodology_80x24", body(&app, 80, 24));
    app.handle_key(key(KeyCode::Enter));
    assert!(app.overlay().is_none(), "saved and closed");
    assert_eq!(app.workspace.practice.name, "Harbor Dental");
    drop(app);
    let reopened = Store::open(&path).unwrap();
    let practice = reopened.practice().unwrap();
    assert_eq!(practice.name, "Harbor Dental", "saved at once");
    assert_eq!(practice.entity_type, hipaa_ra::domain::EntityType::HealthPlan);
    assert_eq!(practice.locations, "1 Main St\n2 Elm St");
    assert_eq!(reopened.assessor().unwrap(), "sam");
    let methodology = reopened.snapshot().unwrap().assessment().unwrap().methodology.clone();
    assert_eq!(methodology.participants, "Sam (office manager), Dr. Lee");
    assert_eq!(
        methodology.likelihood_basis,
        hipaa_ra::domain::LikelihoodBasis::WithoutControls
    );
}

#[test]
fn adding_an_asset_by_form_saves_it_and_selects_it() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::Inventory));
    let before = app.workspace.assets.len();
    app.handle_key(key(KeyCode::Char('a')));
    insta::assert_snapshot!("asset_form_80x24", body(&app, 80, 24));
    type_text(&mut app, "Ultrasound cart");
    focus_field(&mut app, "kind");
    type_text(&mut app, "mm"); // kind: the second option starting with m
    focus_field(&mut app, "last_reviewed");
    // Last reviewed: not a date. Typed over the prefilled date, it replaces it.
    type_text(&mut app, "31/12/2026");
    app.handle_key(key(KeyCode::Enter));
    let text = format!("{}", render(&app, 80, 24).backend());
    assert!(text.contains("Last reviewed: `31/12/2026` is not a date"), "{text}");
    insta::assert_snapshot!("asset_form_error_80x24", body(&app, 80, 24));
    for _ in 0..20 {
        app.handle_key(key(KeyCode::Backspace));
    }
    type_text(&mut app, "2026-11-01");
    app.handle_key(key(KeyCode::Enter));
    assert!(app.overlay().is_none());
    assert_eq!(app.workspace.assets.len(), before + 1);
    let added = app.selected_asset().unwrap();
    assert_eq!(added.name, "Ultrasound cart");
    assert_eq!(added.kind, hipaa_ra::domain::AssetKind::MedicalDevice);
    assert_eq!(added.last_reviewed, NaiveDate::from_ymd_opt(2026, 11, 1));
}

#[test]
fn the_filter_narrows_the_inventory_as_you_type() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::Inventory));
    app.handle_key(key(KeyCode::Char('/')));
    type_text(&mut app, "lap");
    insta::assert_snapshot!("inventory_filter_80x24", body(&app, 80, 24));
    assert_eq!(app.row_count(Screen::Inventory), 2, "two laptops");
    app.handle_key(key(KeyCode::Enter));
    app.handle_key(key(KeyCode::Char('/')));
    app.handle_key(key(KeyCode::Esc));
    assert_eq!(
        app.row_count(Screen::Inventory),
        app.workspace.assets.len(),
        "Esc clears the filter"
    );
}

#[test]
fn deleting_an_asset_asks_first() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::Inventory));
    let name = app.selected_asset().unwrap().name.clone();
    app.handle_key(key(KeyCode::Char('d')));
    insta::assert_snapshot!("asset_delete_confirm_80x24", body(&app, 80, 24));
    app.handle_key(key(KeyCode::Char('n')));
    assert!(
        app.workspace.assets.iter().any(|asset| asset.name == name),
        "n keeps it"
    );
    app.handle_key(key(KeyCode::Char('d')));
    app.handle_key(key(KeyCode::Char('y')));
    assert!(
        !app.workspace.assets.iter().any(|asset| asset.name == name),
        "y deletes it"
    );
}

#[test]
fn a_person_who_owns_things_is_reassigned_before_deletion() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::People));
    app.update(Action::Down); // Dana Whitfield, who owns a lot
    let dana = app.workspace.people[1].clone();
    assert_eq!(dana.name, "Dana Whitfield");
    app.handle_key(key(KeyCode::Char('d')));
    insta::assert_snapshot!("person_reassign_80x24", body(&app, 80, 24));
    app.handle_key(key(KeyCode::Right)); // the second other person
    app.handle_key(key(KeyCode::Char('y')));
    assert!(app.workspace.person(dana.id).is_none());
    let heir = app
        .workspace
        .people
        .iter()
        .find(|person| person.name == "Dr. María Álvarez")
        .unwrap();
    let roles = app.workspace.role_labels(heir.id);
    assert!(roles.contains(&"Security official".to_string()), "{roles:?}");
}

#[test]
fn the_checklist_records_none_or_adds_an_asset() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::Inventory));
    app.handle_key(key(KeyCode::Char('p')));
    insta::assert_snapshot!("prompts_80x24", body(&app, 80, 24));
    app.handle_key(key(KeyCode::Char('n')));
    app.handle_key(key(KeyCode::Down));
    app.handle_key(key(KeyCode::Char('a')));
    type_text(&mut app, "Nurse's own iPhone");
    app.handle_key(key(KeyCode::Enter));
    let answers: Vec<_> = app
        .workspace
        .prompts
        .iter()
        .map(|record| (record.prompt, record.answer))
        .collect();
    use hipaa_ra::domain::{InventoryPrompt as P, PromptAnswer as A};
    assert!(answers.contains(&(P::LaptopsHome, A::NoneHere)), "{answers:?}");
    assert!(answers.contains(&(P::PersonalPhones, A::AssetsAdded)), "{answers:?}");
    let phone = app
        .workspace
        .assets
        .iter()
        .find(|asset| asset.name == "Nurse's own iPhone")
        .unwrap();
    assert_eq!(phone.kind, hipaa_ra::domain::AssetKind::MobileDevice);
}

#[test]
fn keys_map_to_screens_and_quit() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.handle_key(key(KeyCode::Char('3')));
    assert_eq!(app.screen, Screen::Inventory);
    app.handle_key(key(KeyCode::Tab));
    assert_eq!(app.screen, Screen::Safeguards);
    app.handle_key(key(KeyCode::BackTab));
    app.handle_key(key(KeyCode::BackTab));
    assert_eq!(app.screen, Screen::People);
    app.handle_key(key(KeyCode::Char('?')));
    assert!(app.help_open());
    app.handle_key(key(KeyCode::Char('5')));
    assert_eq!(app.screen, Screen::People, "screen keys do not reach through the help");
    app.handle_key(key(KeyCode::Esc));
    assert!(!app.help_open());
    assert!(!app.should_quit());
    app.handle_key(key(KeyCode::Char('q')));
    assert!(app.should_quit());
}

#[test]
fn the_monochrome_theme_draws_no_colour() {
    let (mut app, _dir) = demo_app(Theme::MONOCHROME);
    for screen in Screen::ALL {
        app.update(Action::GoTo(*screen));
        let terminal = render(&app, 120, 40);
        let buffer = terminal.backend().buffer();
        let coloured = buffer
            .content()
            .iter()
            .find(|cell| cell.fg != Color::Reset || cell.bg != Color::Reset);
        assert!(
            coloured.is_none(),
            "{screen:?} uses colour in the monochrome theme: {coloured:?}"
        );
    }
    // And the colour theme does use colour, so the check above means something.
    let (app, _dir) = demo_app(Theme::COLOR);
    let terminal = render(&app, 120, 40);
    assert!(
        terminal
            .backend()
            .buffer()
            .content()
            .iter()
            .any(|cell| cell.fg != Color::Reset)
    );
}

#[test]
fn the_person_form_shows_roles_as_boxes() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::People));
    app.update(Action::Down); // Dana Whitfield
    app.handle_key(key(KeyCode::Char('e')));
    insta::assert_snapshot!("person_form_80x24", body(&app, 80, 24));
    app.handle_key(key(KeyCode::Esc));
    assert!(app.overlay().is_none(), "Esc cancels");
}

#[test]
fn the_report_screen_previews_and_exports_a_signed_report() {
    let (mut app, dir) = demo_app(Theme::COLOR);
    app.handle_key(key(KeyCode::Char('8')));
    insta::assert_snapshot!("report_preview_80x24", body(&app, 80, 24));
    // The preview wraps its lines, so how many Downs reach a section depends on the
    // width: scroll until the safeguards show (the demo's are near line 40).
    let mut text = String::new();
    for _ in 0..60 {
        app.handle_key(key(KeyCode::Down));
        text = format!("{}", render(&app, 80, 24).backend());
        if text.contains("Safeguard review") {
            break;
        }
    }
    assert!(text.contains("Safeguard review"), "scrolled to the safeguards:\n{text}");

    let keys = dir.path().join("keys");
    let (secret, _, public) = hipaa_ra::signing::generate(&keys, false).unwrap();
    let output = dir.path().join("exported.pdf");
    app.handle_key(key(KeyCode::Char('x')));
    // The form shows paths of this machine, so it is checked by its fields, not a snapshot.
    let form = format!("{}", render(&app, 80, 24).backend());
    for label in [
        "Export the report",
        "Format  ◀ PDF ▶",
        "Paper  ◀ US Letter ▶",
        "Save as",
        "demo-report.pdf",
        "Sign  ◀ No ▶",
        "Key file",
        "Key password",
    ] {
        assert!(form.contains(label), "{label} missing:\n{form}");
    }
    app.handle_key(key(KeyCode::Down)); // paper
    app.handle_key(key(KeyCode::Right)); // A4 instead of US Letter
    app.handle_key(key(KeyCode::Down)); // save as
    for _ in 0..200 {
        app.handle_key(key(KeyCode::Backspace));
    }
    type_text(&mut app, output.to_str().unwrap());
    app.handle_key(key(KeyCode::Down)); // sign
    app.handle_key(key(KeyCode::Right)); // final
    app.handle_key(key(KeyCode::Down)); // key file
    for _ in 0..200 {
        app.handle_key(key(KeyCode::Backspace));
    }
    type_text(&mut app, secret.to_str().unwrap());
    // The demo is a draft: signing it as final is refused, and nothing is written.
    app.handle_key(key(KeyCode::Enter));
    assert!(app.overlay().is_some(), "a refused signing keeps the form open");
    let refused = format!("{}", render(&app, 120, 40).backend());
    assert!(
        refused.contains("not signed: ") && refused.contains(" is a DRAFT"),
        "{refused}"
    );
    assert!(!output.exists());
    // The refusal puts the cursor on the sign choice.
    app.handle_key(key(KeyCode::Right)); // as a draft for review
    app.handle_key(key(KeyCode::Enter));
    assert!(
        app.overlay().is_none(),
        "the export form closes when the report is being written"
    );
    // The rendering and writing run on the worker; the status bar says so meanwhile.
    app.wait_for_work();
    // The status bar shows the message on one line, shortened at a word if need be.
    let status = format!("{}", render(&app, 120, 40).backend());
    assert!(status.contains("Wrote"), "{status}");
    let message = app.message.as_ref().map(|(_, text)| text.clone()).unwrap_or_default();
    assert!(
        message.contains("(signed as") && message.contains("DRAFT for review"),
        "{message}"
    );
    assert!(matches!(
        hipaa_ra::signing::verify(&output, &public).unwrap(),
        hipaa_ra::signing::Verdict::Valid { .. }
    ));
    // A4 is remembered in the workspace for the next export (the command line reads the
    // same setting).
    app.handle_key(key(KeyCode::Char('x')));
    let again = format!("{}", render(&app, 80, 24).backend());
    assert!(again.contains("Paper  ◀ A4 ▶"), "{again}");
}

#[test]
fn reviewing_a_required_item() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    select_citation(&mut app, "164.308(a)(1)(ii)(C)"); // Sanction policy, not reviewed in the demo
    app.handle_key(key(KeyCode::Enter));
    insta::assert_snapshot!("review_required_80x24", body(&app, 80, 24));
    app.handle_key(key(KeyCode::Right)); // Implemented
    focus_field(&mut app, "measure");
    type_text(&mut app, "Sanctions in the staff handbook, signed at hire");
    insta::assert_snapshot!("review_measure_80x24", body(&app, 80, 24));
    focus_field(&mut app, "q0");
    app.handle_key(key(KeyCode::Right)); // Question 1: yes
    app.handle_key(key(KeyCode::Enter));
    assert!(app.overlay().is_none());
    let review = app.workspace.review("164.308(a)(1)(ii)(C)").unwrap();
    assert_eq!(review.measure, "Sanctions in the staff handbook, signed at hire");
    assert_eq!(review.status, hipaa_ra::domain::ReviewStatus::Implemented);
    assert_eq!(review.reviewed_on, Some(today()), "marking it reviewed dates it today");
    assert_eq!(review.answers.len(), 1);
}

#[test]
fn an_addressable_item_cannot_be_reviewed_without_a_decision() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    select_citation(&mut app, "164.308(a)(5)(ii)(A)"); // Security reminders, addressable
    app.handle_key(key(KeyCode::Enter));
    app.handle_key(key(KeyCode::Right)); // Implemented
    app.handle_key(key(KeyCode::Enter));
    let text = format!("{}", render(&app, 80, 24).backend());
    assert!(text.contains("is addressable: record a decision"), "{text}");
    insta::assert_snapshot!("review_addressable_refused_80x24", body(&app, 80, 24));
    assert!(app.workspace.review("164.308(a)(5)(ii)(A)").is_none(), "nothing saved");
    // The focus moved to the decision: choose an equivalent alternative, then describe it.
    app.handle_key(key(KeyCode::Right));
    app.handle_key(key(KeyCode::Right));
    app.handle_key(key(KeyCode::Enter));
    assert!(format!("{}", render(&app, 80, 24).backend()).contains("describe the equivalent alternative"));
    // The focus is on the text to fill in.
    type_text(&mut app, "Monthly reminder at the staff huddle, logged in the minutes");
    app.handle_key(key(KeyCode::Enter));
    assert!(app.overlay().is_none());
    let review = app.workspace.review("164.308(a)(5)(ii)(A)").unwrap();
    assert_eq!(
        review.decision,
        Some(hipaa_ra::domain::AddressableDecision::Alternative)
    );
    assert!(review.decision_text.starts_with("Monthly reminder"));
}

#[test]
fn the_review_form_of_an_addressable_item_with_its_decision() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    select_citation(&mut app, "164.310(d)(2)(iii)"); // Accountability: not reasonable and appropriate
    app.handle_key(key(KeyCode::Enter));
    focus_field(&mut app, "decision"); // its help explains the rule
    insta::assert_snapshot!("review_addressable_decided_80x24", body(&app, 80, 24));
}

/// The Report screen's preview as plain text.
fn preview_text(app: &App) -> String {
    app.screens
        .report
        .preview
        .as_ref()
        .unwrap()
        .iter()
        .map(|line| line.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_report_preview_ends_with_the_proposed_rule_appendix_unless_hidden() {
    let (mut app, dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::Report));
    let shown = preview_text(&app);
    let appendix = shown
        .find("Proposed rule readiness")
        .expect("the appendix is in the preview");
    assert!(
        appendix > shown.find("Sign-off").expect("the sign-off section"),
        "after the sections"
    );
    let items: Vec<&str> = shown[appendix..].lines().filter(|line| line.contains("§164")).collect();
    assert!(!items.is_empty(), "{shown}");
    assert!(items.iter().all(|line| line.starts_with("PROPOSED ")), "{items:?}");

    // Hidden with the one setting: the preview has no appendix, and nothing else changes.
    drop(app);
    let path = dir.path().join("demo.hra");
    let mut store = hipaa_ra::store::Store::open(&path).unwrap();
    store.set_proposed_rule_shown(false).unwrap();
    let mut app = App::new(store, today(), Theme::COLOR).unwrap();
    app.update(Action::GoTo(Screen::Report));
    let hidden = preview_text(&app);
    assert!(!hidden.contains("PROPOSED"), "{hidden}");
    // The same lines without the appendix: its blank line and title up to the closing
    // hint (the last two lines).
    let lines: Vec<&str> = shown.lines().collect();
    let title = lines
        .iter()
        .position(|line| line.contains("Proposed rule readiness"))
        .unwrap();
    let expected = [&lines[..title - 1], &lines[lines.len() - 2..]].concat();
    // Bar the change log's line: hiding the appendix is itself a logged change.
    let without_log = |lines: Vec<&str>| -> Vec<String> {
        lines
            .into_iter()
            .filter(|line| !line.contains("change-log entries"))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(without_log(hidden.lines().collect()), without_log(expected));
}
