//! The dashboard as a way into the work (issue 11, point 8): safeguard progress, "Next:"
//! and the open findings as a list, and Enter taking you to the record concerned, even
//! when a filter on that screen hides it.

mod common;

use common::{demo_app, press, render, screen_text, today};
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
    // The demo's first red or amber signal is the inventory: assets not reviewed in a year.
    let next = app.dashboard_items()[0].clone();
    assert_eq!(next.tag, "Next");
    let Target::Asset(id) = next.target else {
        panic!("Next should name an asset: {next:?}");
    };
    let year_ago = today().checked_sub_months(chrono::Months::new(12)).unwrap();
    let asset = app.workspace.asset(id).unwrap().clone();
    assert!(asset.in_scope() && asset.last_reviewed.is_none_or(|day| day < year_ago));

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
    let row = app.cursor(Screen::Risks);
    assert_eq!(app.workspace.risks[app.risk_view.rows[row]].id, risk);

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
