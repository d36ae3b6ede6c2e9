//! Carried-forward scenarios must be confirmed this year (`scenario.not_confirmed`): what
//! confirms one in the store (a rewritten rationale, or the confirmation as still right;
//! never a re-score that keeps last year's words), the demo's findings and the Changes
//! section of its report (every rating change, with the rationale then and now), and the
//! Risks screen's mark and its confirm key, which undo takes back.

mod common;

use common::{body, press, screen_text};
use hipaa_ra::domain::changes::changes;
use hipaa_ra::domain::{CarriedEntity, Finding, Risk, RiskMatrix, Rule, Workspace, findings};
use hipaa_ra::store::{NextOptions, Store};
use hipaa_ra::tui::{Action, App, Screen, Theme};
use ratatui::crossterm::event::KeyCode;

#[path = "support/next_year.rs"]
#[allow(dead_code)] // the sign-off helper is for other tests
mod support;
use support::{assert_consistent, demo, pages_text, today};

fn findings_of(workspace: &Workspace, rule: Rule) -> Vec<Finding> {
    findings(workspace, hipaa_ra::catalog::Catalog::embedded(), today())
        .into_iter()
        .filter(|finding| finding.rule == rule)
        .collect()
}

/// The finding of one scenario, if any.
fn finding_of(workspace: &Workspace, risk_id: i64) -> Option<Finding> {
    findings_of(workspace, Rule::ScenarioNotConfirmed)
        .into_iter()
        .find(|finding| finding.key == format!("scenario.not_confirmed:scenario:{risk_id}"))
}

/// The demo started into next year: every scenario carried and marked.
fn next_year(dir: &std::path::Path) -> (Store, Workspace) {
    let mut store = demo(dir);
    store.next_assessment(&NextOptions::default(), today()).unwrap();
    let workspace = store.snapshot().unwrap();
    (store, workspace)
}

fn label(matrix: &RiskMatrix, likelihood: usize, impact: usize) -> String {
    matrix.lookup_label(likelihood, impact).unwrap().to_string()
}

#[test]
fn only_a_rewritten_rationale_or_the_confirmation_clears_a_carried_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, next) = next_year(dir.path());
    let matrix = next.matrix().unwrap().clone();
    let top = matrix.rows.levels.len() - 1;
    // Every carried scenario is a blocking finding that cannot be acknowledged.
    let all = findings_of(&next, Rule::ScenarioNotConfirmed);
    assert_eq!(all.len(), next.risks.len());
    assert!(
        all.iter()
            .all(|finding| finding.blocks() && !finding.rule.acknowledgeable())
    );

    let risk = next
        .risks
        .iter()
        .find(|risk| risk.is_scored() && risk.level(&matrix) < matrix.lookup(top, top))
        .unwrap()
        .clone();
    // A save that does not touch the rationale (here the controls) confirms nothing.
    store
        .update_risk(&Risk {
            existing_controls: "Nightly backups, now tested quarterly.".to_string(),
            ..risk.clone()
        })
        .unwrap();
    assert!(
        store
            .snapshot()
            .unwrap()
            .needs_confirmation(CarriedEntity::Risk, risk.id)
    );

    // Re-scored to the top with last year's rationale: still waiting, and the finding says
    // the rating changed but the rationale is last year's.
    let rescored = Risk {
        likelihood: Some(top),
        impact: Some(top),
        ..store.risk(risk.id).unwrap()
    };
    store.update_risk(&rescored).unwrap();
    let after = store.snapshot().unwrap();
    assert!(after.needs_confirmation(CarriedEntity::Risk, risk.id));
    let finding = finding_of(&after, risk.id).expect("the re-score is a finding");
    let from_to = format!(
        "rating changed from {} to {}",
        label(&matrix, risk.likelihood.unwrap(), risk.impact.unwrap()),
        label(&matrix, top, top)
    );
    assert!(finding.message.contains(&from_to), "{}", finding.message);
    assert!(
        finding.message.contains("but the rationale is last year's"),
        "{}",
        finding.message
    );
    assert!(
        finding
            .message
            .starts_with(&format!("Scenario #{} \"{}\"", risk.id, risk.threat))
    );

    // The rationale rewritten for the new rating: confirmed, no finding.
    store
        .update_risk(&Risk {
            likelihood_rationale: "Re-read: two peer practices were hit this spring.".to_string(),
            ..rescored.clone()
        })
        .unwrap();
    let after = store.snapshot().unwrap();
    assert!(!after.needs_confirmation(CarriedEntity::Risk, risk.id));
    assert!(finding_of(&after, risk.id).is_none());

    // Another one confirmed as still right, unchanged: no finding either; twice is refused.
    let other = next.risks.iter().find(|other| other.id != risk.id).unwrap();
    assert!(finding_of(&after, other.id).is_some());
    store.confirm_carried(CarriedEntity::Risk, other.id).unwrap();
    let after = store.snapshot().unwrap();
    assert!(finding_of(&after, other.id).is_none());
    let again = store.confirm_carried(CarriedEntity::Risk, other.id).unwrap_err();
    assert!(again.to_string().contains("is not waiting for confirmation"), "{again}");
    assert_eq!(
        findings_of(&after, Rule::ScenarioNotConfirmed).len(),
        next.risks.len() - 2
    );
    assert_consistent(&store);
}

#[test]
fn the_changes_list_each_rating_change_with_the_rationale_then_and_now() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, next) = next_year(dir.path());
    let last = store
        .snapshot_of(next.assessment().unwrap().carried_from.unwrap())
        .unwrap();
    let matrix = next.matrix().unwrap().clone();
    let mut scored = next.risks.iter().filter(|risk| risk.is_scored());
    let (kept, rewritten) = (scored.next().unwrap().clone(), scored.next().unwrap().clone());
    let lower = |index: usize| if index == 0 { 1 } else { index - 1 };
    // One re-scored with last year's words, one with its impact rationale rewritten.
    store
        .update_risk(&Risk {
            likelihood: kept.likelihood.map(lower),
            ..kept.clone()
        })
        .unwrap();
    store
        .update_risk(&Risk {
            impact: rewritten.impact.map(lower),
            impact_rationale: "Records now split across two servers.".to_string(),
            ..rewritten.clone()
        })
        .unwrap();
    let now = store.snapshot().unwrap();
    let found = changes(&last, &now);
    assert_eq!(found.ratings_changed.len(), 2, "{:#?}", found.ratings_changed);

    let first = found
        .ratings_changed
        .iter()
        .find(|change| change.scenario_id == kept.id)
        .unwrap();
    let likelihood = |index: Option<usize>| matrix.rows.label(index.unwrap()).unwrap().to_string();
    assert_eq!(first.ratings[0].field, "Likelihood");
    assert_eq!(first.ratings[0].before, likelihood(kept.likelihood));
    assert_eq!(first.ratings[0].after, likelihood(kept.likelihood.map(lower)));
    assert!(first.unconfirmed);
    assert_eq!(first.rationales.len(), 1);
    assert_eq!(first.rationales[0].before, first.rationales[0].after);
    assert!(
        first.line().contains(&format!(
            "likelihood rationale unchanged from last year: \"{}\" (carried forward, not yet confirmed)",
            kept.likelihood_rationale.trim()
        )),
        "{}",
        first.line()
    );

    let second = found
        .ratings_changed
        .iter()
        .find(|change| change.scenario_id == rewritten.id)
        .unwrap();
    assert!(!second.unconfirmed);
    assert_eq!(second.ratings[0].field, "Impact");
    assert_eq!(
        second.line().split("; ").nth(1).unwrap(),
        format!(
            "impact rationale last year \"{}\", this year \"Records now split across two servers.\"",
            rewritten.impact_rationale.trim()
        )
    );
    // The lines every output prints carry them under their own heading.
    let lines = found.lines();
    let heading = lines
        .iter()
        .position(|line| line == "Scenario ratings changed:")
        .unwrap();
    assert!(lines[heading + 1].starts_with("  - #"), "{lines:#?}");

    // Unchanged ratings are no change: last year against itself lists none.
    assert!(changes(&last, &last).ratings_changed.is_empty());
}

#[test]
fn the_demo_shows_the_findings_and_its_report_the_ransomware_change() {
    let dir = tempfile::tempdir().unwrap();
    let store = hipaa_ra::demo_history::create(&dir.path().join("demo.hra"), today()).unwrap();
    let this_year = store.snapshot().unwrap();
    let matrix = this_year.matrix().unwrap().clone();
    let ransomware = this_year
        .risks
        .iter()
        .find(|risk| risk.threat_key.as_deref() == Some("ransomware"))
        .unwrap();
    let (before_l, before_i) = this_year.previous_scores(ransomware.id).unwrap();
    assert_ne!(
        before_l, ransomware.likelihood,
        "the demo re-scores the ransomware likelihood"
    );

    // Two confirmed, the re-scored ransomware and the rest waiting.
    let carried: Vec<_> = this_year
        .carried
        .iter()
        .filter(|item| item.entity == CarriedEntity::Risk)
        .collect();
    assert_eq!(carried.iter().filter(|item| item.confirmed).count(), 2);
    let found = findings_of(&this_year, Rule::ScenarioNotConfirmed);
    assert_eq!(found.len(), carried.len() - 2, "{found:#?}");
    let rescored = found
        .iter()
        .find(|finding| finding.key == format!("scenario.not_confirmed:scenario:{}", ransomware.id))
        .unwrap();
    let likelihood = |index: Option<usize>| matrix.rows.label(index.unwrap()).unwrap().to_string();
    // Its impact is at the top already, so the level stays where it was.
    let level = label(&matrix, before_l.unwrap(), before_i.unwrap());
    assert_eq!(
        level,
        label(&matrix, ransomware.likelihood.unwrap(), ransomware.impact.unwrap())
    );
    let from_to = format!(
        "rating changed from likelihood {} to {} (level {level} both years) but the rationale is last year's",
        likelihood(before_l),
        likelihood(ransomware.likelihood)
    );
    assert!(rescored.message.contains(&from_to), "{}", rescored.message);
    assert!(
        found
            .iter()
            .any(|finding| finding.message.contains("is not yet confirmed for this period"))
    );

    // The report's Changes section: the rating change with its rationale, in the PDF and
    // the JSON.
    let model = hipaa_ra::publish::model_for(&store, today(), None, None).unwrap();
    let changes = model.changes.as_ref().unwrap();
    let change = changes
        .ratings_changed
        .iter()
        .find(|change| change.scenario_id == ransomware.id)
        .expect("the ransomware re-score is listed");
    let text = pages_text(&hipaa_ra::report::render_pdf(&model, hipaa_ra::report::Paper::Letter));
    for expected in [
        "Scenario ratings changed:".to_string(),
        format!(
            "#{} \"{}\": likelihood {} -> {}",
            ransomware.id,
            ransomware.threat,
            likelihood(before_l),
            likelihood(ransomware.likelihood)
        ),
        // Two pieces: the line may break, even across a page, between them.
        "likelihood rationale".to_string(),
        "unchanged from last year:".to_string(),
        "(carried forward, not yet confirmed)".to_string(),
    ] {
        assert!(text.contains(&expected), "the PDF lacks {expected:?}");
    }
    assert!(change.unconfirmed);
    let json: serde_json::Value = serde_json::from_str(&hipaa_ra::report::render_json(&model)).unwrap();
    let listed = json
        .pointer("/changes/ratings_changed")
        .and_then(|value| value.as_array())
        .unwrap();
    assert!(listed.iter().any(|change| {
        change["scenario_id"] == ransomware.id
            && change["rationales"][0]["before"] == ransomware.likelihood_rationale.trim()
            && change["rationales"][0]["after"] == ransomware.likelihood_rationale.trim()
    }));
}

#[test]
fn the_risks_screen_marks_a_carried_scenario_and_c_confirms_it_and_undo_takes_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let (store, next) = next_year(dir.path());
    let mut app = App::new(store, today(), Theme::COLOR).unwrap();
    app.update(Action::GoTo(Screen::Risks));
    let screen = body(&app, 100, 30);
    assert!(screen.contains("Confirm C"), "{screen}");
    assert!(screen_text(&app, 100, 30).contains("re-score or C to confirm (rationale re-read)"));

    let selected = app.screens.risks.selected(&app.workspace).unwrap().clone();
    assert!(app.workspace.needs_confirmation(CarriedEntity::Risk, selected.id));
    press(&mut app, KeyCode::Char('C'));
    assert!(!app.workspace.needs_confirmation(CarriedEntity::Risk, selected.id));
    let message = app.message.as_ref().map(|(_, text)| text.clone()).unwrap_or_default();
    assert_eq!(
        message,
        format!(
            "{}: last year's rating and rationale confirmed for this assessment",
            selected.threat
        )
    );
    assert!(finding_of(&app.workspace, selected.id).is_none());
    // The row's mark is gone; the others keep theirs.
    let marks = |app: &App| body(app, 100, 30).matches("Confirm C").count();
    let shown = marks(&app);
    assert!(
        screen_text(&app, 100, 30).contains("Last year "),
        "the detail keeps last year's score"
    );

    // Twice says there is nothing to confirm.
    press(&mut app, KeyCode::Char('C'));
    let message = app.message.as_ref().map(|(_, text)| text.clone()).unwrap_or_default();
    assert_eq!(message, format!("{} needs no confirmation", selected.threat));

    // Undo takes the confirmation back.
    app.update(Action::Undo);
    assert!(app.workspace.needs_confirmation(CarriedEntity::Risk, selected.id));
    assert!(finding_of(&app.workspace, selected.id).is_some());
    app.update(Action::GoTo(Screen::Risks));
    assert_eq!(marks(&app), shown + 1);
    assert!(next.risks.len() > 1);
}
