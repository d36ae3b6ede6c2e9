//! Next year in the TUI, on a TestBackend: the Practice screen starts the next assessment
//! (after asking) and switches between assessments; a carried review shows as "Carried:
//! c?" (carried forward, confirm with c) and one key confirms it; the Report screen shows the changes; the dashboard
//! shows when the next review is due.

mod common;

use common::*;
use hipaa_ra::domain::{CarriedEntity, Rule};
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
    // The copy runs on the worker, its stage in the status bar, while keys keep working.
    let status = app.work_status().expect("next year's copy runs on the worker");
    assert!(status.starts_with("Starting next year's assessment: "), "{status}");
    app.wait_for_work();
    assert!(app.work_status().is_none());
    assert_ne!(app.workspace.assessment_id, first);
    insta::assert_snapshot!("practice_next_year_80x24", body(&app, 80, 24));
    // The status bar (not in the body's snapshot) says what was carried.
    let message = app.message.as_ref().map(|(_, text)| text.as_str()).unwrap_or_default();
    assert_eq!(
        message,
        "started assessment 2: carried forward 25 assets, 57 safeguard reviews, 12 risk \
         scenarios, 7 open actions, 0 evidence links, 1 acknowledgments and 1 coverage notes, \
         each marked until confirmed"
    );

    // The dashboard counts a carried review as reviewed only once confirmed, and says how
    // many wait (it once counted all 57 carried reviews as this year's).
    app.update(Action::GoTo(Screen::Dashboard));
    let dashboard = screen_text(&app, 80, 24);
    assert!(
        dashboard.contains("Safeguards 0 of 65 reviewed · 57 to confirm"),
        "{dashboard}"
    );

    // A carried review reads "Carried, confirm" and counts as not reviewed until `c`.
    let citation = "164.308(a)(1)(ii)(A)";
    let review = app.workspace.review(citation).unwrap().clone();
    assert!(app.workspace.needs_confirmation(CarriedEntity::Review, review.id));
    select_citation(&mut app, citation);
    assert!(screen_text(&app, 80, 24).contains("Carried: c?"));
    press(&mut app, KeyCode::Char('c'));
    assert!(app.workspace.is_reviewed(citation));
    assert!(!app.workspace.needs_confirmation(CarriedEntity::Review, review.id));
    app.update(Action::GoTo(Screen::Dashboard));
    assert!(screen_text(&app, 80, 24).contains("Safeguards 1 of 65 reviewed · 56 to confirm"));
    app.update(Action::GoTo(Screen::Safeguards));
    // Twice is harmless and says so.
    press(&mut app, KeyCode::Char('c'));
    assert!(screen_text(&app, 80, 24).contains("needs no confirmation"));

    // The Report screen's preview carries the changes section.
    app.update(Action::GoTo(Screen::Report));
    let preview: Vec<String> = app
        .screens
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

#[test]
fn the_risks_screen_shows_last_years_score_beside_this_years() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = hipaa_ra::demo::create(&dir.path().join("demo.hra"), today()).unwrap();
    store
        .next_assessment(&hipaa_ra::store::NextOptions::default(), today())
        .unwrap();
    // One carried scenario re-scored to the top of the scale; the others wait.
    let workspace = store.snapshot().unwrap();
    let matrix = workspace.matrix().unwrap().clone();
    let top = matrix.rows.levels.len() - 1;
    let risk = workspace
        .risks
        .iter()
        .find(|risk| risk.is_scored() && risk.likelihood < Some(top))
        .unwrap()
        .clone();
    store
        .update_risk(&hipaa_ra::domain::Risk {
            likelihood: Some(top),
            impact: Some(top),
            ..risk.clone()
        })
        .unwrap();
    let mut app = hipaa_ra::tui::App::new(store, today(), Theme::COLOR).unwrap();
    app.update(Action::GoTo(Screen::Risks));
    insta::assert_snapshot!("risks_last_year_80x24", body(&app, 80, 24));

    // Down the register: the re-scored one says what it was and is; the rest ask for it.
    let (mut rescored, mut waiting) = (false, false);
    for _ in 0..workspace.risks.len() {
        let text = screen_text(&app, 80, 24);
        let label = |likelihood, impact| matrix.lookup_label(likelihood, impact).unwrap().to_string();
        if text.contains(&format!(
            "{}, now",
            label(risk.likelihood.unwrap(), risk.impact.unwrap())
        )) && text.contains(&format!("now VH×VH {}", label(top, top)))
        {
            rescored = true;
        }
        waiting |= text.contains(", re-score");
        press(&mut app, KeyCode::Down);
    }
    assert!(rescored && waiting, "rescored {rescored}, waiting {waiting}");
}

#[test]
fn c_on_a_dashboard_finding_confirms_last_years_coverage_note_and_r_retires_an_asset() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = hipaa_ra::demo::create(&dir.path().join("demo.hra"), today()).unwrap();
    store
        .next_assessment(&hipaa_ra::store::NextOptions::default(), today())
        .unwrap();
    let mut app = hipaa_ra::tui::App::new(store, today(), Theme::COLOR).unwrap();
    let note = app.workspace.coverage_notes[0].clone();
    assert!(
        app.workspace
            .needs_confirmation(CarriedEntity::CoverageNote, note.asset_id)
    );
    // The dashboard lists the open findings after its "Next:" line.
    let line = app
        .findings
        .iter()
        .filter(|finding| finding.is_open())
        .position(|finding| finding.key.ends_with(&format!("asset:{}", note.asset_id)))
        .expect("the covered asset's finding is open until the note is confirmed");
    app.update(Action::GoTo(Screen::Dashboard));
    press(&mut app, KeyCode::Char('g'));
    for _ in 0..=line {
        press(&mut app, KeyCode::Char('j'));
    }
    press(&mut app, KeyCode::Char('c'));
    assert!(
        screen_text(&app, 80, 24).contains("Last year's coverage note confirmed"),
        "{}",
        screen_text(&app, 80, 24)
    );
    assert!(
        !app.workspace
            .needs_confirmation(CarriedEntity::CoverageNote, note.asset_id)
    );
    assert!(
        !app.findings
            .iter()
            .filter(|finding| finding.rule != Rule::CriticalAssetUntested)
            .any(|finding| finding.is_open() && finding.key.ends_with(&format!("asset:{}", note.asset_id)))
    );

    // R on the Inventory asks, then retires the asset under the cursor.
    app.update(Action::GoTo(Screen::Inventory));
    let asset = app.selected_asset().unwrap().clone();
    press(&mut app, KeyCode::Char('R'));
    assert!(screen_text(&app, 80, 24).contains("Retire asset"));
    assert!(!app.workspace.is_retired(asset.id), "nothing happens before yes");
    press(&mut app, KeyCode::Char('y'));
    assert!(app.workspace.is_retired(asset.id));
    let row = screen_text(&app, 80, 24)
        .lines()
        .find(|line| line.contains(&asset.name.chars().take(11).collect::<String>()))
        .unwrap()
        .to_string();
    assert!(row.contains("retired"), "shown as retired: {row}");
    press(&mut app, KeyCode::Char('R'));
    // The status bar shortens the message to its one line; the message is whole.
    let screen = screen_text(&app, 80, 24);
    assert!(screen.contains("is already…"), "{screen}");
    let message = app.message.as_ref().map(|(_, text)| text.clone()).unwrap_or_default();
    assert!(message.contains("is already retired"), "{message}");
}

#[test]
fn n_on_an_older_year_says_which_follows_and_n_on_the_latest_starts_the_calendar_year_after() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    let first = app.workspace.assessment_id;
    app.update(Action::GoTo(Screen::Practice));
    // The demo's 2026, then 2027 from it.
    press(&mut app, KeyCode::Char('n'));
    press(&mut app, KeyCode::Char('y'));
    app.wait_for_work(); // next year's copy runs on the worker
    let second = app.workspace.assessment_id;
    assert_ne!(second, first);
    // `s` opens 2026 again, which 2027 already follows: `n` says so and asks nothing.
    press(&mut app, KeyCode::Char('s'));
    assert_eq!(app.workspace.assessment_id, first);
    press(&mut app, KeyCode::Char('n'));
    let (_, said) = app.message.clone().expect("a message");
    assert_eq!(
        said,
        "\"2027 risk analysis\" already follows \"2026 risk analysis\"; open it and start the next one from there"
    );
    let text = screen_text(&app, 80, 24);
    assert!(!text.contains("Start next year's assessment"), "no question: {text}");
    // Nothing was started, and `y` now starts nothing.
    press(&mut app, KeyCode::Char('y'));
    assert_eq!(app.workspace.assessments.len(), 2);
    assert_eq!(app.workspace.assessment_id, first);

    // Back on 2027, the question names it and yes starts 2028 from it: the whole leap
    // year (adding 2027's 364 days once made it end 2028-12-30).
    press(&mut app, KeyCode::Char('s'));
    assert_eq!(app.workspace.assessment_id, second);
    press(&mut app, KeyCode::Char('n'));
    let asking = screen_text(&app, 80, 24);
    assert!(asking.contains("\"2027 risk analysis\""), "{asking}");
    press(&mut app, KeyCode::Char('y'));
    app.wait_for_work(); // next year's copy runs on the worker
    let next = app.workspace.assessment().unwrap().clone();
    assert_eq!(app.workspace.assessments.len(), 3);
    assert_eq!(next.carried_from, Some(second));
    assert_eq!(
        (next.period_start.to_string(), next.period_end.to_string()),
        ("2028-01-01".to_string(), "2028-12-31".to_string())
    );
}

#[test]
fn undo_waits_while_next_year_is_being_copied_and_then_takes_back_the_last_write() {
    // Next year's copy writes on a second connection: an undo meanwhile would wait for it
    // and could be counted as part of the copy, so it is refused until the copy is done.
    let (mut app, _dir) = demo_app(Theme::COLOR);
    let first = app.workspace.assessment_id;
    app.update(Action::GoTo(Screen::Practice));
    press(&mut app, KeyCode::Char('n'));
    press(&mut app, KeyCode::Char('y'));
    assert!(app.work_status().is_some(), "the copy runs on the worker");
    app.update(Action::Undo);
    let message = app.message.as_ref().map(|(_, text)| text.clone()).unwrap_or_default();
    assert_eq!(
        message,
        "Next year's assessment is being started; wait for it to finish"
    );
    app.wait_for_work();
    let second = app.workspace.assessment_id;
    assert_ne!(second, first);
    // Once it is done, undo takes the copy back as one write.
    app.update(Action::Undo);
    let message = app.message.as_ref().map(|(_, text)| text.clone()).unwrap_or_default();
    assert!(message.starts_with("Undid: "), "{message}");
}
