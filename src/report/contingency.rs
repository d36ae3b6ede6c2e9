//! The report's "Contingency plan tests" section (§164.308(a)(7)(ii)(D)): every test of
//! the report's period (the program records' period, `incident_sections::period`) with its
//! result and its comparison with the systems' targets, and the critical assets with no
//! restore or failover test in the 12 months before the report's date.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::helpers::{RED, date, or_none};
use super::layout::{BODY, Cell, Layout, col};
use super::model::ReportModel;
use crate::domain::contingency::{is_critical, last_recovery_test, target_checks};
use crate::domain::{Asset, Labeled, Workspace};

/// One test of the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestRow {
    pub tested_on: Option<NaiveDate>,
    pub kind: String,
    pub systems: String,
    /// "Pass", "Fail" or blank (no result recorded).
    pub result: String,
    /// Each comparison with a target: "Practice server: restored in 6 h; target 4 h: missed".
    pub targets: Vec<String>,
    pub missed: bool,
    pub follow_up: String,
    pub tester: String,
}

/// A critical asset with no restore or failover test in the 12 months to the report's date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UntestedRow {
    pub asset: String,
    pub last_tested: Option<NaiveDate>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContingencySection {
    pub tests: Vec<TestRow>,
    pub untested: Vec<UntestedRow>,
}

pub fn build(workspace: &Workspace, on: NaiveDate) -> ContingencySection {
    let (start, end) = super::incident_sections::period(workspace, on);
    let assets: Vec<&Asset> = workspace.active_assets().collect();
    let mut tests: Vec<&crate::domain::contingency::ContingencyTest> = workspace
        .contingency_tests
        .iter()
        .filter(|test| test.tested_on.is_some_and(|day| day > start && day <= end))
        .collect();
    tests.sort_by_key(|test| (test.tested_on, test.id));
    let tests = tests
        .into_iter()
        .map(|test| {
            let checks = target_checks(test, &assets);
            let linked = test
                .action_id
                .and_then(|id| workspace.actions.iter().find(|action| action.id == id))
                .map(|action| format!(" (action: {})", action.title))
                .unwrap_or_default();
            TestRow {
                tested_on: test.tested_on,
                kind: test.kind.label().to_string(),
                systems: test.system_names().join(", "),
                result: test.result.map(|result| result.label().to_string()).unwrap_or_default(),
                missed: checks.iter().any(|check| check.missed()),
                targets: checks.iter().map(|check| check.sentence()).collect(),
                follow_up: format!("{}{linked}", test.follow_up.trim()),
                tester: workspace.person_name(test.tester_id).to_string(),
            }
        })
        .collect();
    let year_before = on.checked_sub_months(chrono::Months::new(12)).unwrap_or(on);
    // Only the tests held by the report's date: a later one did not exist then.
    let held: Vec<crate::domain::contingency::ContingencyTest> = workspace
        .contingency_tests
        .iter()
        .filter(|test| test.tested_on.is_some_and(|day| day <= on))
        .cloned()
        .collect();
    let untested = assets
        .iter()
        .filter(|asset| is_critical(asset))
        .filter_map(|asset| {
            let last = last_recovery_test(asset, &held, on);
            match last {
                Some(day) if day >= year_before => None,
                _ => Some(UntestedRow {
                    asset: asset.name.clone(),
                    last_tested: last,
                }),
            }
        })
        .collect();
    ContingencySection { tests, untested }
}

/// The section's PDF pages.
pub fn section(layout: &mut Layout, model: &ReportModel) {
    let section = &model.contingency;
    layout.paragraph(
        "The tests of the contingency plan held in the period (§164.308(a)(7)(ii)(D)): restores, \
         tabletop exercises and failovers, each compared with the target recovery time and the \
         acceptable data loss recorded for its systems in the inventory.",
        BODY,
        false,
    );
    if section.tests.is_empty() {
        layout.paragraph("No contingency plan test is recorded in the period.", BODY, false);
    } else {
        let rows: Vec<Vec<Cell>> = section
            .tests
            .iter()
            .map(|row| {
                let failed = row.result == "Fail";
                vec![
                    Cell::from(format!("{}\n{}", date(row.tested_on), row.kind)),
                    Cell::from(row.systems.clone()),
                    Cell {
                        text: or_none(&row.result),
                        bold: failed,
                        fill: failed.then_some(RED),
                    },
                    Cell {
                        text: if row.targets.is_empty() {
                            "No measurement".to_string()
                        } else {
                            row.targets.join("\n")
                        },
                        bold: row.missed,
                        fill: None,
                    },
                    Cell::from(format!("{}\nTester: {}", or_none(&row.follow_up), or_none(&row.tester))),
                ]
            })
            .collect();
        layout.table(
            &[
                col("Date\nKind", 0.14),
                col("Systems", 0.18),
                col("Result", 0.08),
                col("Against the targets", 0.32),
                col("Follow-up", 0.28),
            ],
            &rows,
        );
    }
    if section.untested.is_empty() {
        layout.paragraph(
            "Every critical asset had a restore or failover test in the 12 months to the report's date.",
            BODY,
            false,
        );
    } else {
        let names: Vec<String> = section
            .untested
            .iter()
            .map(|row| match row.last_tested {
                Some(day) => format!("{} (last tested {day})", row.asset),
                None => format!("{} (never tested)", row.asset),
            })
            .collect();
        layout.paragraph(
            &format!(
                "Critical assets without a restore or failover test in the 12 months to the report's date: {}.",
                names.join("; ")
            ),
            BODY,
            false,
        );
    }
}
