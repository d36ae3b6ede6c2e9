//! The rules of risk treatment and the orders of the register and the remediation plan:
//! what a treatment needs before it can be saved, which risk comes first, and which
//! actions to do next. Pure functions over domain values; the store enforces
//! `treatment_problem` on every save and the screens and exports share the orders.
//!
//! Orders are computed with keys worked out once per record and assets looked up in a
//! map, so 20,000 scenarios over 10,000 assets sort in milliseconds.

use std::cmp::Reverse;
use std::collections::HashMap;

use chrono::NaiveDate;

use super::Labeled;
use super::model::{Id, Risk, Treatment};
use super::scale::{RiskMatrix, Severity};
use super::workspace::Workspace;

/// The first reason the risk's treatment cannot be saved, as (form field key, one-line
/// message naming the risk's threat); None when it can. `action_count` is the number of
/// actions the risk will have once saved, `security_officials` the people holding the
/// security-official role.
///
/// Accepting needs a score (acceptance is a judgement about a level), a person, a date and
/// a reason; a risk whose level falls in the High band or above can only be accepted by
/// the security official, who answers for the program (§164.308(a)(2)). Mitigating and
/// transferring need at least one action, or the decision is only a word. An acceptance
/// left on a risk with another treatment is not a problem here: clearing it is the
/// caller's job.
pub fn treatment_problem(
    risk: &Risk,
    matrix: &RiskMatrix,
    action_count: usize,
    security_officials: &[Id],
) -> Option<(&'static str, String)> {
    let threat = risk.threat.trim();
    match risk.treatment {
        Treatment::Undecided | Treatment::Avoid => None,
        treatment if treatment.needs_action() && action_count == 0 => Some((
            "action_title",
            format!(
                "\"{threat}\": to {} it, add at least one action (what will be done, by whom, by when)",
                risk.treatment.label().to_lowercase()
            ),
        )),
        Treatment::Mitigate | Treatment::Transfer => None,
        Treatment::Accept => acceptance_problem(risk, threat, matrix, security_officials),
    }
}

/// What of a score the save would leave unexplained, in words ("likelihood", "impact",
/// "likelihood and impact"), or None: a level chosen with no rationale written for it.
/// The score form asks before saving such a score, because the findings will name it
/// (a score must be explained).
pub fn unexplained_score(risk: &Risk) -> Option<&'static str> {
    let unexplained = |level: Option<usize>, rationale: &str| level.is_some() && rationale.trim().is_empty();
    match (
        unexplained(risk.likelihood, &risk.likelihood_rationale),
        unexplained(risk.impact, &risk.impact_rationale),
    ) {
        (true, true) => Some("likelihood and impact"),
        (true, false) => Some("likelihood"),
        (false, true) => Some("impact"),
        (false, false) => None,
    }
}

impl Treatment {
    /// Mitigating and transferring are done by actions: a risk so treated keeps at least
    /// one.
    pub fn needs_action(self) -> bool {
        matches!(self, Treatment::Mitigate | Treatment::Transfer)
    }
}

fn acceptance_problem(
    risk: &Risk,
    threat: &str,
    matrix: &RiskMatrix,
    security_officials: &[Id],
) -> Option<(&'static str, String)> {
    // An index outside the matrix counts as unscored: there is no level to accept.
    let Some(level) = risk.level(matrix) else {
        return Some((
            "treatment",
            format!("\"{threat}\": score it first; an unscored risk cannot be accepted"),
        ));
    };
    let Some(acceptance) = risk.acceptance.as_ref().filter(|acceptance| acceptance.person_id > 0) else {
        return Some(("accepted_by", format!("\"{threat}\": say who accepted the risk")));
    };
    if matrix.severity(level) >= Severity::High && !security_officials.contains(&acceptance.person_id) {
        let label = matrix.results.label(level).unwrap_or("high");
        return Some((
            "accepted_by",
            format!("\"{threat}\": a {label} risk can only be accepted by the security official"),
        ));
    }
    if acceptance.reason.trim().is_empty() {
        return Some((
            "acceptance_reason",
            format!("\"{threat}\": say why the risk is accepted"),
        ));
    }
    None
}

/// The number of patient records a scenario puts at risk: the largest record count among
/// its assets (the same patients appear in several systems, so counts are not added);
/// a practice-wide scenario takes the largest in the inventory. None when no such asset
/// has a count. One entry per risk, in `workspace.risks` order. Only this year's scope
/// counts: a retired asset a scenario still names puts no records at risk this year.
pub fn records_affected(workspace: &Workspace) -> Vec<Option<u64>> {
    let counts: HashMap<Id, Option<u64>> = workspace
        .active_assets()
        .map(|asset| (asset.id, asset.record_count))
        .collect();
    let largest = workspace.active_assets().filter_map(|asset| asset.record_count).max();
    workspace
        .risks
        .iter()
        .map(|risk| {
            if risk.asset_ids.is_empty() {
                largest
            } else {
                risk.asset_ids
                    .iter()
                    .filter_map(|id| counts.get(id).copied().flatten())
                    .max()
            }
        })
        .collect()
}

/// The current level of every risk on the assessment's matrix (None when unscored or
/// when the workspace has no matrix), in `workspace.risks` order.
fn levels(workspace: &Workspace) -> Vec<Option<usize>> {
    let matrix = workspace.matrix();
    workspace
        .risks
        .iter()
        .map(|risk| matrix.and_then(|matrix| risk.level(matrix)))
        .collect()
}

/// The register's order, as indices into `workspace.risks`: highest current level first,
/// unscored last; ties by records affected (most first, unknown last), then by id.
pub fn register_order(workspace: &Workspace) -> Vec<usize> {
    let levels = levels(workspace);
    let records = records_affected(workspace);
    register_order_of(
        workspace
            .risks
            .iter()
            .enumerate()
            .map(|(index, risk)| (levels[index], records[index], risk.id)),
    )
}

/// `register_order` from each scenario's keys, (current level, records affected, id) in
/// the scenarios' order: for rows read without a `Workspace` (`risks export` reads them
/// with one query), so the export and the report sort by one rule.
pub fn register_order_of(keys: impl IntoIterator<Item = (Option<usize>, Option<u64>, Id)>) -> Vec<usize> {
    let mut keyed: Vec<_> = keys
        .into_iter()
        .enumerate()
        .map(|(index, (level, records, id))| (Reverse(level), Reverse(records), id, index))
        .collect();
    // `None < Some` for Option, so reversing puts unscored and unknown last.
    keyed.sort_unstable();
    keyed.into_iter().map(|(.., index)| index).collect()
}

/// The next things to do, as indices into `workspace.actions`: open actions (planned or
/// in progress) on the highest-level risks first, then by due date (so overdue ones come
/// first, undated last), then by id; at most `limit`.
///
/// `today` is not needed for this order (a date order already puts overdue actions
/// first); it is part of the signature so screens pass it once and the rule can weigh
/// overdue actions differently later without changing its callers.
pub fn next_actions(workspace: &Workspace, _today: NaiveDate, limit: usize) -> Vec<usize> {
    let levels = levels(workspace);
    let level_of: HashMap<Id, Option<usize>> = workspace
        .risks
        .iter()
        .zip(levels)
        .map(|(risk, level)| (risk.id, level))
        .collect();
    let mut keyed: Vec<_> = workspace
        .actions
        .iter()
        .enumerate()
        .filter(|(_, action)| action.status.is_open())
        .map(|(index, action)| {
            // A standalone action has no risk level: it ranks below the risk actions.
            let level = action
                .risk_id
                .and_then(|risk_id| level_of.get(&risk_id).copied().flatten());
            (Reverse(level), action.due_on.is_none(), action.due_on, action.id, index)
        })
        .collect();
    keyed.sort_unstable();
    keyed.into_iter().take(limit).map(|(.., index)| index).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::domain::model::*;

    const OFFICIAL: Id = 7;
    const CLERK: Id = 8;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    fn nist() -> RiskMatrix {
        Catalog::embedded().matrix("nist-800-30").unwrap().clone()
    }

    fn hhs() -> RiskMatrix {
        Catalog::embedded().matrix("hhs-sra").unwrap().clone()
    }

    fn risk(id: Id, likelihood: Option<usize>, impact: Option<usize>) -> Risk {
        Risk {
            id,
            likelihood,
            impact,
            ..Risk::unscored(1, format!("Threat {id}"), ThreatSource::Accidental)
        }
    }

    #[test]
    fn a_level_without_its_rationale_is_unexplained() {
        let mut scored = risk(1, Some(2), Some(3));
        assert_eq!(unexplained_score(&scored), Some("likelihood and impact"));
        scored.likelihood_rationale = "Phishing reached two staff last year".into();
        assert_eq!(unexplained_score(&scored), Some("impact"));
        scored.impact_rationale = "  ".into();
        assert_eq!(unexplained_score(&scored), Some("impact"), "blank is not a rationale");
        scored.impact_rationale = "The EHR holds 4,000 records".into();
        assert_eq!(unexplained_score(&scored), None);
        let half = Risk {
            likelihood_rationale: String::new(),
            ..risk(2, Some(1), None)
        };
        assert_eq!(unexplained_score(&half), Some("likelihood"));
        assert_eq!(
            unexplained_score(&risk(3, None, None)),
            None,
            "nothing chosen, nothing to explain"
        );
    }

    fn accepted(mut risk: Risk, by: Id, reason: &str) -> Risk {
        risk.treatment = Treatment::Accept;
        risk.acceptance = Some(Acceptance {
            person_id: by,
            accepted_on: day(2),
            reason: reason.to_string(),
        });
        risk
    }

    fn field(problem: Option<(&'static str, String)>) -> Option<&'static str> {
        problem.map(|(field, _)| field)
    }

    #[test]
    fn a_risk_is_scored_only_with_both_likelihood_and_impact() {
        assert!(risk(1, Some(0), Some(0)).is_scored());
        assert!(!risk(1, Some(2), None).is_scored());
        assert!(!risk(1, None, Some(2)).is_scored());
        assert!(!risk(1, None, None).is_scored());
        assert_eq!(risk(1, Some(2), None).level(&nist()), None);
    }

    #[test]
    fn undecided_and_avoid_are_always_saveable() {
        for treatment in [Treatment::Undecided, Treatment::Avoid] {
            let mut risk = risk(1, None, None);
            risk.treatment = treatment;
            assert_eq!(treatment_problem(&risk, &nist(), 0, &[]), None);
            // A stale acceptance is the caller's to clear, not a reason to refuse.
            let mut stale = accepted(risk.clone(), CLERK, "");
            stale.treatment = treatment;
            assert_eq!(treatment_problem(&stale, &nist(), 0, &[]), None);
        }
    }

    #[test]
    fn mitigate_and_transfer_need_an_action() {
        for treatment in [Treatment::Mitigate, Treatment::Transfer] {
            let mut risk = risk(1, Some(3), Some(3));
            risk.treatment = treatment;
            let (field, message) = treatment_problem(&risk, &nist(), 0, &[]).unwrap();
            assert_eq!(field, "action_title");
            assert!(message.starts_with("\"Threat 1\": to "), "{message}");
            assert!(message.contains(&treatment.label().to_lowercase()), "{message}");
            assert_eq!(treatment_problem(&risk, &nist(), 1, &[]), None);
        }
    }

    #[test]
    fn an_unscored_risk_cannot_be_accepted() {
        for (likelihood, impact) in [(None, None), (Some(1), None), (Some(9), Some(9))] {
            let risk = accepted(risk(1, likelihood, impact), OFFICIAL, "cheap to live with");
            let (field, message) = treatment_problem(&risk, &nist(), 0, &[OFFICIAL]).unwrap();
            assert_eq!(field, "treatment");
            assert!(message.contains("score it first"), "{message}");
        }
    }

    #[test]
    fn acceptance_needs_a_person_and_a_reason() {
        let mut low = risk(1, Some(1), Some(1));
        low.treatment = Treatment::Accept;
        assert_eq!(field(treatment_problem(&low, &nist(), 0, &[])), Some("accepted_by"));
        let nobody = accepted(risk(1, Some(1), Some(1)), 0, "fine");
        assert_eq!(field(treatment_problem(&nobody, &nist(), 0, &[])), Some("accepted_by"));
        let blank = accepted(risk(1, Some(1), Some(1)), CLERK, "  \n");
        let (field, message) = treatment_problem(&blank, &nist(), 0, &[]).unwrap();
        assert_eq!(field, "acceptance_reason");
        assert!(message.contains("Threat 1") && message.contains("why"), "{message}");
        let good = accepted(risk(1, Some(1), Some(1)), CLERK, "Rare and cheap to recover from");
        assert_eq!(treatment_problem(&good, &nist(), 0, &[OFFICIAL]), None);
    }

    #[test]
    fn on_nist_high_and_above_only_the_security_official_may_accept() {
        let matrix = nist();
        // (likelihood, impact) → level: High/High is High, VH/VH is Very High, M/M Moderate.
        for (likelihood, impact, needs_official) in [(3, 3, true), (4, 4, true), (2, 2, false), (4, 0, false)] {
            let by_clerk = accepted(risk(1, Some(likelihood), Some(impact)), CLERK, "budget");
            let problem = treatment_problem(&by_clerk, &matrix, 0, &[OFFICIAL]);
            if needs_official {
                let (field, message) = problem.unwrap();
                assert_eq!(field, "accepted_by");
                assert!(
                    message.contains("only be accepted by the security official"),
                    "{message}"
                );
                let level = matrix.lookup_label(likelihood, impact).unwrap();
                assert!(message.contains(&format!("a {level} risk")), "{message}");
            } else {
                assert_eq!(problem, None, "{likelihood},{impact}");
            }
            let by_official = accepted(risk(1, Some(likelihood), Some(impact)), OFFICIAL, "budget");
            assert_eq!(treatment_problem(&by_official, &matrix, 0, &[OFFICIAL]), None);
        }
        // With no security official named, nobody may accept a High risk.
        let high = accepted(risk(1, Some(3), Some(3)), OFFICIAL, "budget");
        assert_eq!(field(treatment_problem(&high, &matrix, 0, &[])), Some("accepted_by"));
    }

    #[test]
    fn on_hhs_high_and_critical_need_the_security_official() {
        let matrix = hhs();
        // Rows and columns Low, Moderate, High; results Low, Moderate, High, Critical.
        for (likelihood, impact, label) in [(0, 2, "High"), (1, 2, "Critical"), (2, 2, "Critical")] {
            let by_clerk = accepted(risk(1, Some(likelihood), Some(impact)), CLERK, "budget");
            let (field, message) = treatment_problem(&by_clerk, &matrix, 0, &[OFFICIAL]).unwrap();
            assert_eq!(field, "accepted_by");
            assert!(message.contains(&format!("a {label} risk")), "{message}");
            let by_official = accepted(risk(1, Some(likelihood), Some(impact)), OFFICIAL, "budget");
            assert_eq!(treatment_problem(&by_official, &matrix, 0, &[OFFICIAL]), None);
        }
        for (likelihood, impact) in [(2, 0), (1, 1), (0, 0)] {
            let by_clerk = accepted(risk(1, Some(likelihood), Some(impact)), CLERK, "budget");
            assert_eq!(treatment_problem(&by_clerk, &matrix, 0, &[OFFICIAL]), None);
        }
    }

    fn workspace(risks: Vec<Risk>, assets: Vec<(Id, Option<u64>)>, actions: Vec<Action>) -> Workspace {
        let mut assessment = Assessment::for_year_of(day(1), "Tester", nist());
        assessment.id = 1;
        Workspace {
            practice: Practice::named("Test"),
            assessments: vec![assessment],
            assessment_id: 1,
            assets: assets
                .into_iter()
                .map(|(id, record_count)| Asset {
                    id,
                    assessment_id: 1,
                    name: format!("Asset {id}"),
                    kind: AssetKind::System,
                    description: String::new(),
                    location: String::new(),
                    owner_id: None,
                    ephi: EphiActions::ALL,
                    record_count,
                    criticality: Criticality::Unknown,
                    encrypted_at_rest: Encryption::Unknown,
                    last_reviewed: None,
                    ..Asset::default()
                })
                .collect(),
            risks,
            actions,
            ..Workspace::default()
        }
    }

    fn on(mut risk: Risk, assets: &[Id]) -> Risk {
        risk.asset_ids = assets.to_vec();
        risk
    }

    #[test]
    fn the_register_puts_high_levels_first_then_records_then_id() {
        let risks = vec![
            on(risk(1, None, None), &[10]),           // unscored: last
            on(risk(2, Some(2), Some(2)), &[11]),     // Moderate, 50 records
            on(risk(3, Some(4), Some(4)), &[]),       // Very High, practice-wide: 900
            on(risk(4, Some(2), Some(2)), &[10, 11]), // Moderate, max(900, 50)
            on(risk(5, Some(2), Some(2)), &[12]),     // Moderate, unknown count
            on(risk(6, Some(4), Some(0)), &[10]),     // Very Low despite Very High likelihood
            on(risk(7, Some(2), Some(2)), &[11]),     // Moderate, 50 records, later id
            on(risk(8, Some(2), None), &[10]),        // half scored: unscored
        ];
        let workspace = workspace(risks, vec![(10, Some(900)), (11, Some(50)), (12, None)], Vec::new());
        let ids: Vec<Id> = register_order(&workspace)
            .into_iter()
            .map(|index| workspace.risks[index].id)
            .collect();
        assert_eq!(ids, [3, 4, 2, 7, 5, 6, 1, 8]);
        assert_eq!(
            records_affected(&workspace),
            [
                Some(900),
                Some(50),
                Some(900),
                Some(900),
                None,
                Some(900),
                Some(50),
                Some(900)
            ]
        );
    }

    #[test]
    fn the_register_order_is_empty_for_no_risks_and_unscored_without_a_matrix() {
        let empty = workspace(Vec::new(), Vec::new(), Vec::new());
        assert!(register_order(&empty).is_empty());
        let mut orphan = workspace(
            vec![risk(2, Some(4), Some(4)), risk(1, None, None)],
            Vec::new(),
            Vec::new(),
        );
        orphan.assessment_id = 99;
        assert_eq!(register_order(&orphan), [1, 0], "no matrix: all unscored, by id");
    }

    fn action(id: Id, risk_id: Id, due: Option<u32>, status: ActionStatus) -> Action {
        Action {
            id,
            risk_id: Some(risk_id),
            title: format!("Action {id}"),
            due_on: due.map(day),
            status,
            ..Action::default()
        }
    }

    #[test]
    fn next_actions_are_open_ones_by_risk_level_then_due_date() {
        use ActionStatus::*;
        let risks = vec![
            risk(1, Some(2), Some(2)), // Moderate
            risk(2, Some(4), Some(4)), // Very High
            risk(3, None, None),       // unscored
        ];
        let actions = vec![
            action(1, 1, Some(5), Planned),
            action(2, 2, None, Planned),        // top risk, undated: after its dated ones
            action(3, 2, Some(20), InProgress), // top risk, later
            action(4, 2, Some(3), Planned),     // top risk, overdue on the 10th
            action(5, 2, Some(1), Done),        // closed: never listed
            action(6, 3, Some(1), Planned),     // unscored risk: last
            action(7, 1, Some(5), Planned),     // same date as 1: by id
            action(8, 1, Some(9), Verified),
            action(9, 99, Some(1), Planned), // risk not in the workspace: like unscored
        ];
        let workspace = workspace(risks, Vec::new(), actions);
        let ids = |limit| -> Vec<Id> {
            next_actions(&workspace, day(10), limit)
                .into_iter()
                .map(|index| workspace.actions[index].id)
                .collect()
        };
        assert_eq!(ids(100), [4, 3, 2, 1, 7, 6, 9]);
        assert_eq!(ids(5), [4, 3, 2, 1, 7]);
        assert!(ids(0).is_empty());
    }
}
