//! The register's and the plan's rows made from plain records: one mapping for the report
//! (its records from the workspace snapshot) and for `risks export` / `actions export`
//! (theirs read with one query each, `Store::register_rows` and `Store::plan_rows`), so
//! the exports print byte for byte what `report --format csv` writes without building
//! the report: levels from likelihood and impact on the assessment's matrix, labels, the
//! register's order (`domain::register_order_of`), the plan's order by due date, overdue
//! as of the day, the due-date history and what an action changes.

use chrono::NaiveDate;

use super::model::{PlanRow, RegisterRow, ScenarioRow, Score};
use super::text::{Text, Texts};
use crate::domain::{Action, Field, Id, Risk, RiskMatrix, action_change, register_order_of};
use crate::store::{ActionRow, RegisterRows};

/// A likelihood and impact scored on the assessment's matrix, its texts held once in
/// `texts`.
pub(super) fn score(
    matrix: Option<&RiskMatrix>,
    texts: &mut Texts,
    likelihood: Option<usize>,
    impact: Option<usize>,
) -> Option<Score> {
    let matrix = matrix?;
    let (row, column) = (likelihood?, impact?);
    let level_index = matrix.lookup(row, column)?;
    Some(Score {
        likelihood: texts.get(matrix.rows.label(row)?),
        impact: texts.get(matrix.columns.label(column)?),
        level: texts.get(matrix.results.label(level_index)?),
        level_index,
        band: matrix.severity(level_index).into(),
    })
}

/// One scenario's row: `assets` its assets as lists name them (by id),
/// `records_affected` as `domain::records_affected` counts them, `owner` the owner's name.
pub(super) fn scenario_row(
    risk: &Risk,
    assets: Vec<Text>,
    records_affected: Option<u64>,
    owner: &str,
    matrix: Option<&RiskMatrix>,
    texts: &mut Texts,
) -> ScenarioRow {
    ScenarioRow {
        risk_id: risk.id,
        threat: texts.get(&risk.threat),
        source: texts.get(&risk.source.to_string()),
        vulnerability: texts.get(&risk.vulnerability),
        existing_controls: texts.get(&risk.existing_controls),
        citations: risk.citations.iter().map(|citation| texts.get(citation)).collect(),
        assets,
        records_affected,
        score: score(matrix, texts, risk.likelihood, risk.impact),
        treatment: texts.get(&risk.treatment.to_string()),
        owner: texts.get(owner),
        residual: score(matrix, texts, risk.residual_likelihood, risk.residual_impact),
        likelihood_rationale: texts.get(&risk.likelihood_rationale),
        impact_rationale: texts.get(&risk.impact_rationale),
        notes: texts.get(&risk.notes),
    }
}

/// The register in the domain's order: `scenarios` with, for each, its current level
/// (`Risk::level`) and its open actions.
pub(super) fn register_rows(
    scenarios: &[ScenarioRow],
    levels: &[Option<usize>],
    open_actions: &[usize],
) -> Vec<RegisterRow> {
    let keys = scenarios
        .iter()
        .zip(levels)
        .map(|(row, level)| (*level, row.records_affected, row.risk_id));
    register_order_of(keys)
        .into_iter()
        .enumerate()
        .map(|(rank, index)| {
            let row = &scenarios[index];
            RegisterRow {
                rank: rank + 1,
                risk_id: row.risk_id,
                threat: row.threat.clone(),
                vulnerability: row.vulnerability.clone(),
                assets: row.assets.clone(),
                records_affected: row.records_affected,
                score: row.score.clone(),
                treatment: row.treatment.clone(),
                owner: row.owner.clone(),
                residual: row.residual.clone(),
                open_actions: open_actions.get(index).copied().unwrap_or(0),
                citations: row.citations.clone(),
                likelihood_rationale: row.likelihood_rationale.clone(),
                impact_rationale: row.impact_rationale.clone(),
                notes: row.notes.clone(),
            }
        })
        .collect()
}

/// An action with what its plan row names: its scenario's threat, its owner's name and
/// the asset it changes as lists name it (None: not an asset of this assessment).
pub(super) struct PlanFacts<'a> {
    pub action: &'a Action,
    pub risk: &'a str,
    pub owner: &'a str,
    pub asset: Option<&'a str>,
}

/// The plan: dated actions first, by date; undated last; ties by id. `date` decides
/// what is overdue.
pub(super) fn plan_rows<'a>(facts: impl IntoIterator<Item = PlanFacts<'a>>, date: NaiveDate) -> Vec<PlanRow> {
    let mut facts: Vec<PlanFacts<'a>> = facts.into_iter().collect();
    facts.sort_by_key(|facts| (facts.action.due_on.is_none(), facts.action.due_on, facts.action.id));
    facts
        .into_iter()
        .map(
            |PlanFacts {
                 action,
                 risk,
                 owner,
                 asset,
             }| PlanRow {
                action_id: action.id,
                risk_id: action.risk_id,
                risk: risk.to_string(),
                title: action.title.clone(),
                owner: owner.to_string(),
                due_on: action.due_on,
                status: action.status.to_string(),
                open: action.status.is_open(),
                overdue: action.is_overdue(date),
                effort: action.effort.to_string(),
                cost_estimate: action.cost_estimate,
                due_history: if action.due_moves.is_empty() {
                    String::new()
                } else {
                    action_change::due_history(action.due_on, &action.due_moves)
                },
                changes: action_change::target(action)
                    .map(|(asset_id, field, value)| {
                        // Any asset, retired ones too (marked): the action named it when planned.
                        let asset = asset.map_or_else(|| format!("asset {asset_id}"), str::to_string);
                        format!("{asset}: {} = {}", field.label(), action_change::shown(field, &value))
                    })
                    .unwrap_or_default(),
            },
        )
        .collect()
}

/// The register as `risks export` prints it: the scenarios (the CSV's last column, their
/// existing controls, is theirs) and the register rows in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Register {
    pub scenarios: Vec<ScenarioRow>,
    pub register: Vec<RegisterRow>,
}

/// The register of the rows one query read, as the report makes it.
pub fn register_of(rows: &RegisterRows) -> Register {
    let matrix = Some(&rows.matrix);
    let mut texts = Texts::default();
    let scenarios: Vec<ScenarioRow> = rows
        .rows
        .iter()
        .map(|row| {
            let assets = row.assets.iter().map(|name| texts.get(name)).collect();
            scenario_row(&row.risk, assets, row.records_affected, &row.owner, matrix, &mut texts)
        })
        .collect();
    let levels: Vec<Option<usize>> = rows.rows.iter().map(|row| row.risk.level(&rows.matrix)).collect();
    let open_actions: Vec<usize> = rows.rows.iter().map(|row| row.open_actions).collect();
    let register = register_rows(&scenarios, &levels, &open_actions);
    Register { scenarios, register }
}

/// The plan of the rows one query read, as the report makes it, as of `date`.
pub fn plan_of(rows: &[ActionRow], date: NaiveDate) -> Vec<PlanRow> {
    plan_rows(
        rows.iter().map(|row| PlanFacts {
            action: &row.action,
            risk: &row.risk,
            owner: &row.owner,
            asset: row.asset.as_deref(),
        }),
        date,
    )
}

/// Open actions per risk id, for `register_rows` in `risks` order.
pub(super) fn open_actions_of<'a>(risks: impl Iterator<Item = &'a Risk>, actions: &[Action]) -> Vec<usize> {
    let mut open: std::collections::HashMap<Id, usize> = std::collections::HashMap::new();
    for action in actions.iter().filter(|action| action.status.is_open()) {
        if let Some(risk_id) = action.risk_id {
            *open.entry(risk_id).or_default() += 1;
        }
    }
    risks.map(|risk| open.get(&risk.id).copied().unwrap_or(0)).collect()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use chrono::NaiveDate;

    use super::*;
    use crate::catalog::Catalog;
    use crate::domain::{FindingCounts, blocking_open, findings};
    use crate::report::{LogSummary, build};
    use crate::store::Store;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    /// The rows one query reads make what the report makes from its snapshot, for `dates`
    /// (which decide what is overdue); and the exports' status agrees with the findings.
    fn assert_rows_match_the_report(store: &Store, dates: &[NaiveDate]) {
        let workspace = store.snapshot().unwrap();
        let current = store.current_assessment_id().unwrap();
        let register = register_of(&store.register_rows(current).unwrap());
        let actions = store.plan_rows(current).unwrap();
        assert!(!register.register.is_empty() && !actions.is_empty(), "rows to compare");
        for date in dates {
            let model = build(&workspace, Catalog::embedded(), &LogSummary::default(), *date, None);
            assert_eq!(register.scenarios, model.scenarios, "scenarios on {date}");
            assert_eq!(register.register, model.register, "register on {date}");
            assert_eq!(plan_of(&actions, *date), model.plan, "plan on {date}");
            let counts = FindingCounts::of(&findings(&workspace, Catalog::embedded(), *date));
            assert_eq!(
                blocking_open(&workspace, Catalog::embedded(), *date),
                !counts.can_finalize(),
                "status on {date}"
            );
        }
        // The scope: the assets not retired, in the inventory's order, with owners' names.
        let scope = store.scope_rows(current).unwrap();
        let expected: Vec<_> = workspace.active_assets().cloned().collect();
        assert_eq!(scope.iter().map(|row| row.asset.clone()).collect::<Vec<_>>(), expected);
        for row in &scope {
            assert_eq!(row.owner, workspace.person_name(row.asset.owner_id));
        }
    }

    fn dates() -> Vec<NaiveDate> {
        let today = today();
        vec![today - chrono::Days::new(400), today, today + chrono::Days::new(200)]
    }

    #[test]
    fn the_demo_with_its_history_reads_the_same_rows_as_the_report() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::demo_history::create(&dir.path().join("demo.hra"), today()).unwrap();
        // What makes the mapping work: retired assets named by scenarios, moved due dates.
        let workspace = store.snapshot().unwrap();
        assert!(!workspace.retired.is_empty(), "the demo retires assets");
        assert!(workspace.actions.iter().any(|action| !action.due_moves.is_empty()));
        assert!(
            workspace.risks.iter().any(|risk| risk.asset_ids.is_empty()),
            "a practice-wide scenario"
        );
        assert_rows_match_the_report(&store, &dates());
        let counts = FindingCounts::of(&findings(&workspace, Catalog::embedded(), today()));
        assert!(!counts.can_finalize(), "this year's demo is a draft");
    }

    #[test]
    fn a_final_year_reads_the_same_rows_and_is_final() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::demo_history::final_unsigned(&dir.path().join("final.hra"), today()).unwrap();
        assert_rows_match_the_report(&store, &[today()]);
        assert!(!blocking_open(&store.snapshot().unwrap(), Catalog::embedded(), today()));
    }

    #[test]
    fn a_sample_reads_the_same_rows_as_the_report() {
        let dir = tempfile::tempdir().unwrap();
        let size = crate::sample::SampleSize {
            assets: 120,
            risks: 300,
            actions: 90,
            evidence: 5,
        };
        let store = crate::sample::create(Path::new(&dir.path().join("sample.hra")), &size, today()).unwrap();
        assert_rows_match_the_report(&store, &dates());
    }

    #[test]
    fn a_second_reader_sees_the_same_moment_until_the_file_changes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("demo.hra");
        drop(crate::demo::create(&path, today()).unwrap());
        let reader = Store::open_for_reading(&path).unwrap();
        let sibling = reader.sibling().unwrap();
        let head = reader.log_head().unwrap();
        assert!(head.is_some());
        assert_eq!(sibling.log_head().unwrap(), head);
        drop((reader, sibling));
        let mut store = Store::open(&path).unwrap();
        store.set_assessor("Someone Else").unwrap();
        let reader = Store::open_for_reading(&path).unwrap();
        assert_ne!(reader.sibling().unwrap().log_head().unwrap(), head);
    }
}
