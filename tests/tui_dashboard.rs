//! The dashboard as a way into the work (issue 11, point 8): safeguard progress, "Next:"
//! and the open findings as a list, and Enter taking you to the record concerned, even
//! when a filter on that screen hides it.

mod common;

use common::{body, demo_app, press, render, screen_text, today};
use hipaa_ra::domain::{RecordRef, Rule};
use hipaa_ra::tui::{Action, Screen, Target, Theme};
use ratatui::crossterm::event::KeyCode;

#[test]
fn the_dashboard_shows_safeguard_progress() {
    let (app, _dir) = demo_app(Theme::COLOR);
    let reviewed = app
        .catalog
        .items
        .iter()
        .filter(|item| app.workspace.review_status(&item.citation) != hipaa_ra::domain::ReviewStatus::NotReviewed)
        .count();
    let text = screen_text(&app, 80, 24);
    assert!(
        text.contains(&format!("Safeguards {reviewed} of 65 reviewed")),
        "{text}"
    );
}

#[test]
fn enter_on_next_goes_to_the_record_even_through_a_filter() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    // The demo's first blocking finding in the order of the analysis is in the inventory:
    // a vendor without a signed agreement.
    let next = app.dashboard_items()[0].clone();
    assert_eq!(next.tag, "Next");
    let finding = next.finding.clone().expect("Next names a finding");
    assert_eq!(finding.rule, Rule::VendorWithoutAgreement, "{next:?}");
    assert!(finding.blocks());
    // In a few words; the whole message is the finding's own line below.
    let RecordRef::Vendor { name, .. } = &finding.records[0] else {
        panic!("a vendor: {finding:?}");
    };
    assert_eq!(
        next.text,
        format!("ePHI vendor without a signed agreement: vendor \"{name}\"")
    );
    let Target::Asset(id) = next.target else {
        panic!("Next should name an asset: {next:?}");
    };
    let asset = app.workspace.asset(id).unwrap().clone();
    assert!(asset.in_scope() && asset.vendor().is_some());

    // A filter on the inventory that hides the asset is cleared by the jump.
    app.update(Action::GoTo(Screen::Inventory));
    app.update(Action::Filter);
    common::type_text(&mut app, "zzz-no-such-asset");
    press(&mut app, KeyCode::Enter);
    assert!(app.selected_asset().is_none());
    app.update(Action::GoTo(Screen::Dashboard));
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Inventory);
    assert_eq!(app.selected_asset().map(|a| a.id), Some(id));
    let text = format!("{}", render(&app, 80, 24).backend());
    let shown: String = asset.name.chars().take(12).collect();
    assert!(text.contains(&shown), "{text}");
}

#[test]
fn enter_on_each_kind_of_target_selects_its_record() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    let risk = app.workspace.risks.last().unwrap().id;
    app.jump_to(&Target::Scenario(risk));
    assert_eq!(app.screen, Screen::Risks);
    assert_eq!(app.selected_risk().map(|selected| selected.id), Some(risk));

    app.jump_to(&Target::Safeguard("164.312(b)".into()));
    assert_eq!(app.screen, Screen::Safeguards);
    let index = app.selected_item().unwrap();
    assert_eq!(app.catalog.items[index].citation, "164.312(b)");

    let evidence = app.workspace.evidence[3].id;
    app.jump_to(&Target::Evidence(evidence));
    assert_eq!(app.screen, Screen::Evidence);
    assert_eq!(app.cursor(Screen::Evidence), 3);

    let action = app.workspace.actions[2].id;
    app.jump_to(&Target::Action(action));
    assert_eq!(app.screen, Screen::Remediation);
    assert_eq!(app.cursor(Screen::Remediation), 2);

    // A record that is gone leaves a message, not a panic.
    app.jump_to(&Target::Scenario(99_999));
    assert!(app.message.as_ref().is_some_and(|(_, text)| text.contains("no longer")));
}

/// The dashboard line of the first open finding of a rule in the list (after "Next:").
fn line_of(app: &hipaa_ra::tui::App, rule: Rule) -> usize {
    app.dashboard_items()
        .iter()
        .position(|item| item.tag != "Next" && item.finding.as_ref().is_some_and(|finding| finding.rule == rule))
        .unwrap_or_else(|| panic!("no open {rule:?} finding on the dashboard"))
}

fn select_line(app: &mut hipaa_ra::tui::App, line: usize) {
    app.update(Action::GoTo(Screen::Dashboard));
    app.update(Action::Top);
    for _ in 0..line {
        app.update(Action::Down);
    }
}

#[test]
fn the_dashboard_lists_the_open_findings_and_enter_goes_to_each_record() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    let open = app.findings.iter().filter(|finding| finding.is_open()).count();
    assert_eq!(app.dashboard_items().len(), open + 1, "Next: and every open finding");
    let text = screen_text(&app, 80, 24);
    let counts = hipaa_ra::domain::FindingCounts::of(&app.findings);
    assert!(
        text.contains(&format!(
            "Findings {} blocking, {} advisory",
            counts.blocking, counts.advisory
        )),
        "{text}"
    );
    assert!(text.contains("DRAFT"));
    // Blocking findings come first and are marked.
    assert_eq!(app.dashboard_items()[1].tag, "blocking");
    assert!(text.contains(" ! "), "{text}");

    // A finding about a safeguard item opens the Safeguards screen on it.
    let line = line_of(&app, Rule::SafeguardNotReviewed);
    let Some(RecordRef::Citation { citation, .. }) = app.dashboard_items()[line]
        .finding
        .as_ref()
        .unwrap()
        .records
        .first()
        .cloned()
    else {
        panic!("a citation");
    };
    select_line(&mut app, line);
    insta::assert_snapshot!("dashboard_findings_selected_80x24", body(&app, 80, 24));
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Safeguards);
    assert_eq!(app.catalog.items[app.selected_item().unwrap()].citation, citation);

    // One about a scenario opens the register on it.
    let line = line_of(&app, Rule::ScenarioNotScored);
    let Target::Scenario(id) = app.dashboard_items()[line].target.clone() else {
        panic!("a scenario");
    };
    select_line(&mut app, line);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Risks);
    assert_eq!(app.selected_risk().unwrap().id, id);

    // One about evidence opens the evidence list on it.
    let line = line_of(&app, Rule::EvidenceOverdue);
    select_line(&mut app, line);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Evidence);
    let Target::Evidence(id) = app.dashboard_items()[line].target.clone() else {
        panic!("evidence");
    };
    assert_eq!(app.workspace.evidence[app.cursor(Screen::Evidence)].id, id);
}

#[test]
fn acknowledging_a_finding_with_a_reason_takes_it_off_the_dashboard() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    let line = line_of(&app, Rule::VendorWithoutAgreement);
    let key = app.dashboard_items()[line].finding.as_ref().unwrap().key.clone();
    select_line(&mut app, line);
    press(&mut app, KeyCode::Char('a'));
    insta::assert_snapshot!("acknowledge_form_80x24", body(&app, 80, 24));
    // Without a reason nothing is saved and the form says why.
    press(&mut app, KeyCode::Enter);
    assert!(app.overlay().is_some());
    assert!(screen_text(&app, 80, 24).contains("The reason cannot be empty"));
    assert!(app.workspace.acknowledgments.iter().all(|ack| ack.finding != key));
    // The refusal put the focus on the reason.
    common::type_text(
        &mut app,
        "Bytewise signs next week; no ePHI is shared with them until then",
    );
    press(&mut app, KeyCode::Enter);
    assert!(app.overlay().is_none(), "{}", screen_text(&app, 80, 24));
    let saved = app
        .workspace
        .acknowledgments
        .iter()
        .find(|ack| ack.finding == key)
        .expect("saved");
    assert_eq!(saved.acknowledged_on, today());
    assert_eq!(
        Some(saved.person_id),
        app.workspace.security_official_ids().first().copied()
    );
    assert!(
        app.dashboard_items()
            .iter()
            .all(|item| item.finding.as_ref().is_none_or(|finding| finding.key != key)),
        "the acknowledged finding left the list"
    );
}

#[test]
fn work_that_only_doing_resolves_is_not_offered_for_acknowledgment() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    let line = line_of(&app, Rule::ScenarioNotScored);
    select_line(&mut app, line);
    press(&mut app, KeyCode::Char('a'));
    assert!(app.overlay().is_none());
    let message = app.message.clone().unwrap().1;
    assert!(
        message.starts_with("Only the work resolves this one: score"),
        "{message}"
    );
}

#[test]
fn a_coverage_note_resolves_an_asset_no_scenario_names() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    let line = line_of(&app, Rule::AssetWithoutScenario);
    let finding = app.dashboard_items()[line].finding.clone().unwrap();
    let Target::Asset(asset) = Target::of(&finding) else {
        panic!("an asset");
    };
    select_line(&mut app, line);
    press(&mut app, KeyCode::Char('a'));
    insta::assert_snapshot!("coverage_form_80x24", body(&app, 80, 24));
    // A scenario number that does not exist is refused, naming it.
    common::type_text(&mut app, "1, 999");
    press(&mut app, KeyCode::Down);
    common::type_text(&mut app, "Same threats as the EHR it fronts");
    press(&mut app, KeyCode::Enter);
    assert!(screen_text(&app, 80, 24).contains("There is no scenario #999"));
    // The refusal put the focus on the scenario numbers.
    for _ in 0..5 {
        press(&mut app, KeyCode::Backspace);
    }
    press(&mut app, KeyCode::Enter);
    assert!(app.overlay().is_none(), "{}", screen_text(&app, 80, 24));
    let note = app
        .workspace
        .coverage_notes
        .iter()
        .find(|note| note.asset_id == asset)
        .expect("saved");
    assert_eq!(note.risk_ids, [1]);
    assert!(
        app.findings.iter().all(|f| f.key != finding.key),
        "the coverage finding is gone"
    );

    // The same form from the inventory, on the selected asset, shows the note.
    app.jump_to(&Target::Asset(asset));
    press(&mut app, KeyCode::Char('c'));
    let text = screen_text(&app, 80, 24);
    assert!(
        text.contains("Coverage note:") && text.contains("Same threats as the EHR"),
        "{text}"
    );
}
