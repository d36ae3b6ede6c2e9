//! The Incidents screen (issue 28): the list with the selected incident's breach state and
//! timeline below it, at 80x24; the incident form says no patient identifiers; a breach
//! conclusion with no factor written is refused in the form, on the conclusion.

mod common;

use common::{body, focus_field, press, screen_text, today, type_text};
use hipaa_ra::domain::incident::Conclusion;
use hipaa_ra::tui::{Action, App, Screen, Theme};
use ratatui::crossterm::event::KeyCode;

/// The demo with its incidents (those `hipaa-ra demo` adds to this year).
fn incidents_app() -> (App, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = hipaa_ra::demo::create(&dir.path().join("demo.hra"), today()).unwrap();
    let this_year = store.current_assessment_id().unwrap();
    hipaa_ra::demo_incidents::add(&mut store, this_year, today()).unwrap();
    (App::new(store, today(), Theme::COLOR).unwrap(), dir)
}

#[test]
fn the_list_shows_the_breach_state_and_the_timeline_of_the_selected_incident() {
    let (mut app, _dir) = incidents_app();
    // 9, then again until the program's screen: Program, Workforce, Training, Access, Incidents.
    for _ in 0..5 {
        app.update(Action::GoTo(Screen::FIRST_PROGRAM));
    }
    assert_eq!(app.screen, Screen::Incidents, "9 again: the next program screen");
    // By discovery: the fax (45 days ago) first.
    let text = screen_text(&app, 80, 24);
    assert!(text.contains("Breach, 3 individuals: notify by"), "{text}");
    assert!(text.contains("Detection"), "{text}");
    insta::assert_snapshot!("incidents_80x24", body(&app, 80, 24));
    press(&mut app, KeyCode::Down);
    let text = screen_text(&app, 80, 24);
    assert!(text.contains("Not a breach (encrypted: safe harbor)"), "{text}");
}

#[test]
fn the_form_says_no_identifiers_and_a_breach_needs_a_factor() {
    let (mut app, _dir) = incidents_app();
    app.update(Action::GoTo(Screen::Incidents));
    press(&mut app, KeyCode::Char('a'));
    focus_field(&mut app, "description");
    let form = screen_text(&app, 80, 24);
    assert!(form.contains("no patient names"), "{form}");
    press(&mut app, KeyCode::Esc);

    // A new incident, then its breach assessment concluded "Breach" with nothing written.
    press(&mut app, KeyCode::Char('a'));
    type_text(&mut app, "Stolen tablet");
    press(&mut app, KeyCode::Enter);
    assert!(app.overlay().is_none(), "saved: {}", screen_text(&app, 80, 24));
    press(&mut app, KeyCode::Char('b'));
    focus_field(&mut app, "conclusion");
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Right); // (not recorded), Not a breach, Breach
    press(&mut app, KeyCode::Enter);
    let refused = screen_text(&app, 80, 24);
    assert!(refused.contains("none is written"), "{refused}");
    let tablet = |app: &App| {
        app.workspace
            .incidents
            .iter()
            .find(|incident| incident.title == "Stolen tablet")
            .unwrap()
            .clone()
    };
    assert_eq!(tablet(&app).conclusion, None, "nothing saved");
    focus_field(&mut app, "phi_nature");
    type_text(&mut app, "Schedules of about 40 patients");
    press(&mut app, KeyCode::Enter);
    assert_eq!(tablet(&app).conclusion, Some(Conclusion::Breach));
}

#[test]
fn the_report_preview_counts_the_breach_log_in_words() {
    let (mut app, _dir) = incidents_app();
    app.update(Action::GoTo(Screen::Report));
    // The preview is long: its text is read from the model, not the 24 rows on screen.
    let mut text = String::new();
    for _ in 0..200 {
        text.push_str(&screen_text(&app, 80, 24));
        app.update(Action::PageDown);
    }
    assert!(text.contains("1 breach of fewer than 500 individuals"), "{text}");
    assert!(text.contains("2026: 1 breach, due at HHS by 2027-03-01"), "{text}");
    assert!(!text.contains("1 breaches"), "{text}");
}

#[test]
fn l_links_the_assets_and_scenarios_with_check_boxes_and_undo_takes_it_back() {
    let (mut app, dir) = incidents_app();
    let stored = || {
        hipaa_ra::store::Store::open_for_reading(&dir.path().join("demo.hra"))
            .unwrap()
            .incidents()
            .unwrap()
    };
    app.update(Action::GoTo(Screen::Incidents));
    // The fax first (by discovery), linked by the demo to the fax line and its scenario.
    let fax = |app: &App| app.workspace.incidents[0].clone();
    let before = fax(&app);
    assert_eq!(before.title, "Referral fax sent to a wrong number");
    assert_eq!(before.asset_ids.len(), 1);
    let text = screen_text(&app, 80, 24);
    assert!(text.contains("Assets: Fax line and e-fax service"), "{text}");

    // Esc leaves the links as they were, whatever was ticked.
    press(&mut app, KeyCode::Char('l'));
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Esc);
    assert!(app.overlay().is_none());
    assert_eq!(fax(&app), before);

    press(&mut app, KeyCode::Char('l'));
    let picker = screen_text(&app, 80, 24);
    assert!(picker.contains("Link: Referral fax sent to a wrong number"), "{picker}");
    insta::assert_snapshot!("incident_links_80x24", body(&app, 80, 24));
    // Find the phones and tick them: Space ticks, Enter saves.
    type_text(&mut app, "iPhone");
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Enter);
    assert!(app.overlay().is_none(), "{}", screen_text(&app, 80, 24));
    let linked = fax(&app);
    let phone = app
        .workspace
        .assets
        .iter()
        .find(|asset| asset.name == "Clinician iPhones (managed)")
        .unwrap()
        .id;
    assert!(linked.asset_ids.contains(&phone), "{linked:?}");
    assert_eq!(linked.asset_ids.len(), 2);
    assert_eq!(linked.risk_ids, before.risk_ids, "the scenario stays ticked");
    let text = screen_text(&app, 80, 24);
    assert!(text.contains("Linked 2 assets and 1 scenario"), "{text}");
    assert!(
        text.contains("Assets: Clinician iPhones (managed), Fax line and e-fax service"),
        "{text}"
    );
    // The store has them, read again.
    assert_eq!(stored()[0].asset_ids, linked.asset_ids);

    // u takes it back.
    press(&mut app, KeyCode::Char('u'));
    assert_eq!(fax(&app).asset_ids, before.asset_ids);
    assert_eq!(stored()[0].asset_ids, before.asset_ids);
}
