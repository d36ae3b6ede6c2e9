//! The risk register and remediation by keyboard: the quick add (an asset, then several
//! threats at once), scoring with the scale's descriptions on screen, the heat map and
//! its cell filter, treatment with its rules, and planning actions.

mod common;

use common::{body, demo_app, empty_app, focus_field, press, screen_text, type_text};
use hipaa_ra::domain::{Treatment, register_order};
use hipaa_ra::tui::{Action, Overlay, Screen, Theme};
use ratatui::crossterm::event::KeyCode;

#[test]
fn the_register_and_heat_map_on_the_demo_and_empty() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::Risks));
    insta::assert_snapshot!("register_80x24", body(&app, 80, 24));
    insta::assert_snapshot!("register_120x40", body(&app, 120, 40));
    let (mut empty, _dir) = empty_app();
    empty.update(Action::GoTo(Screen::Risks));
    insta::assert_snapshot!("register_empty_80x24", body(&empty, 80, 24));
    let (mut mono, _dir) = demo_app(Theme::MONOCHROME);
    mono.update(Action::GoTo(Screen::Risks));
    insta::assert_snapshot!("register_monochrome_80x24", body(&mono, 80, 24));
}

#[test]
fn the_register_is_in_level_order_and_a_heat_map_cell_filters_it() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::Risks));
    assert_eq!(app.screens.risks.view().rows, register_order(&app.workspace));
    // Choose the cell of the first (highest) risk with the heat-map cursor.
    let first = app.selected_risk().unwrap().clone();
    let (likelihood, impact) = (first.likelihood.unwrap(), first.impact.unwrap());
    press(&mut app, KeyCode::Char('m'));
    let Some((mut row, mut column)) = app.screens.risks.heat_cursor() else {
        panic!("the heat map is not being chosen from");
    };
    while row < likelihood {
        press(&mut app, KeyCode::Up);
        row += 1;
    }
    while row > likelihood {
        press(&mut app, KeyCode::Down);
        row -= 1;
    }
    while column < impact {
        press(&mut app, KeyCode::Right);
        column += 1;
    }
    while column > impact {
        press(&mut app, KeyCode::Left);
        column -= 1;
    }
    insta::assert_snapshot!("heat_map_choosing_80x24", body(&app, 80, 24));
    press(&mut app, KeyCode::Enter);
    let shown: Vec<_> = app
        .screens
        .risks
        .view()
        .rows
        .iter()
        .map(|&index| &app.workspace.risks[index])
        .collect();
    assert!(!shown.is_empty());
    assert!(
        shown
            .iter()
            .all(|risk| risk.likelihood == Some(likelihood) && risk.impact == Some(impact))
    );
    let expected = app
        .workspace
        .risks
        .iter()
        .filter(|risk| risk.likelihood == Some(likelihood) && risk.impact == Some(impact))
        .count();
    assert_eq!(shown.len(), expected, "every scenario of the cell, no other");
    assert!(screen_text(&app, 80, 24).contains(&format!("{expected} of {} shown", app.workspace.risks.len())));
    press(&mut app, KeyCode::Char('c'));
    assert_eq!(app.screens.risks.view().rows.len(), app.workspace.risks.len());
}

#[test]
fn quick_add_ticks_several_threats_for_one_asset_then_scores_one() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::Risks));
    let before = app.workspace.risks.len();
    press(&mut app, KeyCode::Char('a'));
    type_text(&mut app, "ecg");
    press(&mut app, KeyCode::Enter);
    insta::assert_snapshot!("quick_add_threats_80x24", body(&app, 80, 24));
    for _ in 0..3 {
        press(&mut app, KeyCode::Char(' '));
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.workspace.risks.len(), before + 3);
    let ecg = app
        .workspace
        .assets
        .iter()
        .find(|asset| asset.name == "ECG machine")
        .unwrap()
        .id;
    let added: Vec<_> = app.workspace.risks[before..].iter().collect();
    assert!(
        added
            .iter()
            .all(|risk| risk.asset_ids == vec![ecg] && !risk.is_scored())
    );
    assert_eq!(added[0].threat, "Power loss at the office");
    // The first new one is selected; score it.
    assert_eq!(app.selected_risk().unwrap().id, added[0].id);
    press(&mut app, KeyCode::Char('s'));
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Right); // likelihood Low: its description shows
    insta::assert_snapshot!("score_form_80x24", body(&app, 80, 24));
    assert!(screen_text(&app, 80, 24).contains("Less than once a year but more than once in 10 years"));
    focus_field(&mut app, "likelihood_rationale");
    type_text(&mut app, "Two short outages a year on this street");
    focus_field(&mut app, "impact");
    for _ in 0..4 {
        press(&mut app, KeyCode::Right); // impact High
    }
    assert!(screen_text(&app, 80, 24).contains("Severe effect"));
    focus_field(&mut app, "impact_rationale");
    type_text(&mut app, "The ECG cart loses unsaved traces");
    insta::assert_snapshot!("score_form_rationale_80x24", body(&app, 80, 24));
    press(&mut app, KeyCode::Enter);
    let scored = app
        .workspace
        .risks
        .iter()
        .find(|risk| risk.threat == "Power loss at the office" && risk.asset_ids == vec![ecg])
        .unwrap()
        .clone();
    assert_eq!((scored.likelihood, scored.impact), (Some(1), Some(3)));
    assert_eq!(scored.likelihood_rationale, "Two short outages a year on this street");
    assert_eq!(scored.impact_rationale, "The ECG cart loses unsaved traces");
    assert!(screen_text(&app, 80, 24).contains("Scored Power loss at the office: Low"));
    // A rationale for a likelihood taken away is refused, naming the field; nothing saved.
    press(&mut app, KeyCode::Char('s'));
    assert_eq!(app.selected_risk().unwrap().id, scored.id);
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::Left); // likelihood: from Low to not scored
    press(&mut app, KeyCode::Enter);
    assert!(app.overlay().is_some(), "the refused form stays open");
    assert!(screen_text(&app, 80, 24).contains("Choose the likelihood this rationale explains"));
    let unchanged = app.workspace.risks.iter().find(|risk| risk.id == scored.id).unwrap();
    assert_eq!(unchanged.likelihood, Some(1));
}

#[test]
fn treatment_rules_are_enforced_in_the_form() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::Risks));
    // The top risk is High or above; accepting it as someone other than the security
    // official is refused, naming the rule.
    let top = app.selected_risk().unwrap().clone();
    press(&mut app, KeyCode::Char('t'));
    decide(&mut app, "Accept");
    focus_field(&mut app, "accepted_by");
    // Choose someone who is not the security official.
    let official = app.workspace.security_official_ids();
    for _ in 0..=app.workspace.people.len() {
        press(&mut app, KeyCode::Right);
        let text = screen_text(&app, 120, 40);
        let chosen = app
            .workspace
            .people
            .iter()
            .find(|person| text.contains(&format!("◀ {} ▶", person.name)));
        if chosen.is_some_and(|person| !official.contains(&person.id)) {
            break;
        }
    }
    assert!(
        !official.iter().any(|id| {
            let name = app.workspace.person_name(Some(*id));
            screen_text(&app, 120, 40).contains(&format!("◀ {name} ▶"))
        }),
        "a person other than the security official is chosen"
    );
    focus_field(&mut app, "acceptance_reason");
    type_text(&mut app, "Cheaper to live with");
    press(&mut app, KeyCode::Enter);
    let text = screen_text(&app, 120, 40);
    assert!(app.overlay().is_some(), "refused:\n{text}");
    assert!(text.contains("security official"), "{text}");
    insta::assert_snapshot!("treatment_refused_120x40", body(&app, 120, 40));
    assert_eq!(
        app.workspace.risk(top.id).unwrap().treatment,
        top.treatment,
        "nothing saved"
    );
    // The form was changed: Esc asks before discarding it, y does.
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('y'));
    assert!(app.overlay().is_none(), "discarded");

    // Mitigating without an action names the action field; with a first action it saves both.
    app.update(Action::Bottom);
    let last = app.selected_risk().unwrap().clone();
    assert_eq!(app.workspace.actions_for(last.id).count(), 0);
    press(&mut app, KeyCode::Char('t'));
    decide(&mut app, "Mitigate");
    press(&mut app, KeyCode::Enter);
    let text = screen_text(&app, 120, 40);
    assert!(text.contains("to mitigate it, add at least one"), "{text}");
    type_text(&mut app, "Put the ECG on its own network segment");
    press(&mut app, KeyCode::Enter);
    assert!(app.overlay().is_none(), "{}", screen_text(&app, 120, 40));
    assert_eq!(app.workspace.risk(last.id).unwrap().treatment, Treatment::Mitigate);
    assert_eq!(app.workspace.actions_for(last.id).count(), 1);
}

#[test]
fn remediation_lists_by_due_date_with_overdue_and_next_five() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::Remediation));
    let text = screen_text(&app, 120, 40);
    assert!(text.contains("Next five things to do"), "{text}");
    assert!(text.contains("OVERDUE"), "{text}");
    insta::assert_snapshot!("remediation_120x40", body(&app, 120, 40));
    let dates: Vec<_> = app
        .workspace
        .actions
        .iter()
        .filter_map(|action| action.due_on)
        .collect();
    assert!(dates.windows(2).all(|pair| pair[0] <= pair[1]), "by due date");
    // Edit the selected action's status to done.
    let first = app.selected_action().unwrap().clone();
    press(&mut app, KeyCode::Char('e'));
    focus_field(&mut app, "status");
    choose(&mut app, "Done");
    press(&mut app, KeyCode::Enter);
    let saved = app
        .workspace
        .actions
        .iter()
        .find(|action| action.id == first.id)
        .unwrap();
    assert_eq!(saved.status, hipaa_ra::domain::ActionStatus::Done);
}

#[test]
fn the_safeguard_review_suggests_scenarios_and_they_can_be_taken() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::Risks));
    let suggested = hipaa_ra::catalog::suggested_threats(&app.workspace, app.catalog);
    assert!(!suggested.is_empty(), "the demo has partly implemented safeguards");
    let (first, citations) = (&suggested[0].0.name, &suggested[0].1);
    press(&mut app, KeyCode::Char('u'));
    let text = screen_text(&app, 120, 40);
    assert!(text.contains("Suggested by the safeguard review"), "{text}");
    assert!(
        text.contains(first.as_str()) && text.contains(citations[0].as_str()),
        "{text}"
    );
    let before = app.workspace.risks.len();
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.workspace.risks.len(), before + 1);
    let added = app.workspace.risks.last().unwrap();
    assert_eq!(&added.threat, first);
    // It names the in-scope assets its threat concerns, and takes the first one's owner.
    let kinds = &suggested[0].0.asset_kinds;
    let matching: Vec<_> = app
        .workspace
        .assets
        .iter()
        .filter(|asset| asset.in_scope() && kinds.contains(&asset.kind))
        .map(|asset| asset.id)
        .collect();
    assert!(!matching.is_empty(), "the demo has assets of the threat's kinds");
    assert_eq!(added.asset_ids, matching);
    let owner = app
        .workspace
        .assets
        .iter()
        .filter(|asset| matching.contains(&asset.id))
        .find_map(|asset| asset.owner_id);
    assert_eq!(added.owner_id, owner);
    assert!(!added.is_scored() && added.vulnerability_unconfirmed());
    // Taken, it is no longer suggested.
    let again = hipaa_ra::catalog::suggested_threats(&app.workspace, app.catalog);
    assert!(again.iter().all(|(threat, _)| &threat.name != first));
}

/// Presses Right on the focused choice until `option` shows, failing (not hanging) when
/// it never does.
/// The treat list's decision, found by typing its name and taken with Enter.
fn decide(app: &mut hipaa_ra::tui::App, decision: &str) {
    assert!(
        matches!(app.overlay(), Some(Overlay::Picker { .. })),
        "the treat list is open:\n{}",
        screen_text(app, 120, 40)
    );
    type_text(app, decision);
    press(app, KeyCode::Enter);
}

fn choose(app: &mut hipaa_ra::tui::App, option: &str) {
    for _ in 0..20 {
        if screen_text(app, 120, 40).contains(&format!("◀ {option} ▶")) {
            return;
        }
        press(app, KeyCode::Right);
    }
    panic!("the choice never showed {option}:\n{}", screen_text(app, 120, 40));
}

#[test]
fn a_written_scenario_ticks_its_assets_in_a_picker_over_the_form() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::Risks));
    let before = app.workspace.risks.len();
    press(&mut app, KeyCode::Char('w'));
    type_text(&mut app, "Screens left unlocked at the front desk");
    focus_field(&mut app, "assets");
    press(&mut app, KeyCode::F(2));
    type_text(&mut app, "workst");
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Char(' '));
    insta::assert_snapshot!("scenario_assets_picker_80x24", body(&app, 80, 24));
    press(&mut app, KeyCode::Enter);
    // Back in the form, the field holds the names; the form is still open, unsaved.
    let Some(hipaa_ra::tui::Overlay::Form { form, .. }) = app.overlay() else {
        panic!("the form is back on top");
    };
    assert_eq!(
        form.text("assets"),
        "Exam room workstations (5); Front desk workstations (3)"
    );
    assert_eq!(app.workspace.risks.len(), before);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.workspace.risks.len(), before + 1);
    let added = app
        .workspace
        .risks
        .iter()
        .find(|risk| risk.threat == "Screens left unlocked at the front desk")
        .unwrap();
    let mut names: Vec<&str> = added
        .asset_ids
        .iter()
        .map(|id| app.workspace.asset(*id).unwrap().name.as_str())
        .collect();
    names.sort();
    assert_eq!(names, ["Exam room workstations (5)", "Front desk workstations (3)"]);
    let first = app
        .workspace
        .assets
        .iter()
        .find(|asset| asset.name == names[0])
        .unwrap();
    assert!(first.owner_id.is_some());
    assert_eq!(
        added.owner_id, first.owner_id,
        "the first named asset's owner by default"
    );
}
