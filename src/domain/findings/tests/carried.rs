//! `scenario.not_confirmed`: a scenario carried forward from last year is a finding until
//! it is confirmed (the mark cleared: its rationale rewritten, or confirmed as still
//! right), and a re-score whose rationale is still last year's says so.

use super::*;
use crate::domain::{CarriedEntity, CarriedItem};

/// The clean workspace carried forward from assessment 9: its scenario #1 marked, last
/// year rated as it is now (likelihood 2, impact 2).
fn carried(confirmed: bool) -> Workspace {
    let mut workspace = clean();
    workspace.assessments[0].carried_from = Some(9);
    workspace.carried = vec![CarriedItem {
        entity: CarriedEntity::Risk,
        record_id: 1,
        previous_id: 101,
        previous_likelihood: Some(2),
        previous_impact: Some(2),
        confirmed,
    }];
    workspace
}

/// The NIST matrix's label of a likelihood, an impact and a level.
fn labels(likelihood: usize, impact: usize) -> (String, String, String) {
    let matrix = catalog().matrix("nist-800-30").unwrap();
    (
        matrix.rows.label(likelihood).unwrap().to_string(),
        matrix.columns.label(impact).unwrap().to_string(),
        matrix.lookup_label(likelihood, impact).unwrap().to_string(),
    )
}

#[test]
fn a_carried_scenario_not_yet_confirmed_is_a_blocking_finding() {
    let workspace = carried(false);
    let found = of(&workspace, Rule::ScenarioNotConfirmed);
    assert_eq!(found.len(), 1, "{found:#?}");
    let finding = &found[0];
    assert_eq!(finding.key, "scenario.not_confirmed:scenario:1");
    assert!(finding.blocks());
    assert!(!finding.rule.acknowledgeable());
    assert_eq!(finding.rule.element(), Element::Likelihood);
    let (likelihood, impact, level) = labels(2, 2);
    assert_eq!(
        finding.message,
        format!(
            "Scenario #1 \"Threat 1\" was carried forward from last year rated {level} (likelihood {likelihood}, \
             impact {impact}) and is not yet confirmed for this period: last year's rating and rationale are not \
             this year's analysis (§164.308(a)(1)(ii)(A))"
        )
    );
    assert!(
        finding.resolution.contains("confirm it still holds"),
        "{}",
        finding.resolution
    );
    // It keeps the analysis a draft and holds back the level too.
    assert!(!FindingCounts::of(&all(&workspace)).can_finalize());
    assert!(Element::Level.rules().contains(&Rule::ScenarioNotConfirmed));
}

#[test]
fn a_confirmed_carried_scenario_or_one_not_carried_is_no_finding() {
    assert!(of(&carried(true), Rule::ScenarioNotConfirmed).is_empty());
    assert_eq!(all(&carried(true)), Vec::new());
    // A mark of another kind for the same id does not make the scenario carried.
    let mut workspace = carried(false);
    workspace.carried[0].entity = CarriedEntity::Review;
    assert!(of(&workspace, Rule::ScenarioNotConfirmed).is_empty());
    assert!(of(&clean(), Rule::ScenarioNotConfirmed).is_empty());
}

#[test]
fn a_re_score_with_last_years_rationale_says_the_rationale_was_not_re_read() {
    let mut workspace = carried(false);
    // Both scores to the top, the rationale untouched (the store leaves the mark).
    workspace.risks[0].likelihood = Some(4);
    workspace.risks[0].impact = Some(4);
    let found = of(&workspace, Rule::ScenarioNotConfirmed);
    assert_eq!(found.len(), 1, "{found:#?}");
    let (l_before, i_before, level_before) = labels(2, 2);
    let (l_after, i_after, level_after) = labels(4, 4);
    assert_ne!(level_before, level_after, "the test needs a level that moves");
    assert_eq!(
        found[0].message,
        format!(
            "Scenario #1 \"Threat 1\": rating changed from {level_before} to {level_after} (likelihood {l_before} \
             to {l_after}, impact {i_before} to {i_after}) but the rationale is last year's, not re-read: a new \
             rating needs its reason (§164.308(a)(1)(ii)(A))"
        )
    );
    assert!(
        found[0].resolution.contains("rewrite the rationale"),
        "{}",
        found[0].resolution
    );
    assert!(found[0].blocks());
    // Confirmed as still explaining the new rating (or the rationale rewritten, which the
    // store records the same way): resolved.
    workspace.carried[0].confirmed = true;
    assert!(of(&workspace, Rule::ScenarioNotConfirmed).is_empty());
}

#[test]
fn a_re_score_that_keeps_the_level_names_the_scores_that_moved() {
    let mut workspace = carried(false);
    let matrix = catalog().matrix("nist-800-30").unwrap();
    // Find a swap of likelihood and impact that keeps the level, if the matrix has one.
    let (l, i) = (0..5)
        .flat_map(|l| (0..5).map(move |i| (l, i)))
        .find(|&(l, i)| (l, i) != (2, 2) && matrix.lookup_label(l, i) == matrix.lookup_label(2, 2))
        .expect("the NIST matrix has another cell of the moderate level");
    workspace.risks[0].likelihood = Some(l);
    workspace.risks[0].impact = Some(i);
    let found = of(&workspace, Rule::ScenarioNotConfirmed);
    let (_, _, level) = labels(2, 2);
    assert!(
        found[0]
            .message
            .contains(&format!("(level {level} both years) but the rationale is last year's")),
        "{}",
        found[0].message
    );
}

#[test]
fn a_carried_scenario_last_year_unscored_asks_to_confirm_it_without_a_rating() {
    let mut workspace = carried(false);
    workspace.carried[0].previous_likelihood = None;
    workspace.carried[0].previous_impact = None;
    workspace.risks[0].likelihood = None;
    workspace.risks[0].impact = None;
    workspace.risks[0].likelihood_rationale.clear();
    workspace.risks[0].impact_rationale.clear();
    let found = of(&workspace, Rule::ScenarioNotConfirmed);
    assert_eq!(
        found[0].message,
        "Scenario #1 \"Threat 1\" was carried forward from last year and is not yet confirmed for this period: \
         last year's rating and rationale are not this year's analysis (§164.308(a)(1)(ii)(A))"
    );
    // Scored this year for the first time: no "changed from" (there was no rating).
    workspace.risks[0].likelihood = Some(1);
    workspace.risks[0].impact = Some(1);
    let found = of(&workspace, Rule::ScenarioNotConfirmed);
    assert!(
        found[0].message.contains("carried forward from last year rated"),
        "{}",
        found[0].message
    );
}
