//! The contingency plan tests as CSV (`contingency export`, the binder's
//! `program/contingency-tests.csv`): one row per test, oldest first, with its comparison
//! with the targets of the systems it names in the given inventory. Every cell is
//! spreadsheet-safe.

use std::io::Write;

use super::limits::spreadsheet_safe;
use crate::domain::contingency::{ContingencyTest, target_checks};
use crate::domain::{Action, Asset, Id, Labeled, Person};

pub const COLUMNS: [&str; 13] = [
    "Date",
    "Kind",
    "Systems Tested",
    "Method",
    "Success Criteria",
    "Result",
    "Restore Time (hours)",
    "Data Age (hours)",
    "Against the Targets",
    "What Was Found",
    "Follow-up Actions",
    "Linked Action",
    "Tester",
];

fn count(value: Option<u64>) -> String {
    value.map(|value| value.to_string()).unwrap_or_default()
}

/// Writes the tests (sorted by date, then id) and returns how many rows were written.
pub fn write_tests_csv(
    out: &mut dyn Write,
    tests: &[ContingencyTest],
    assets: &[Asset],
    actions: &[Action],
    people: &[Person],
) -> Result<usize, csv::Error> {
    let assets: Vec<&Asset> = assets.iter().collect();
    let name_of = |id: Option<Id>| {
        id.and_then(|id| people.iter().find(|person| person.id == id))
            .map(|person| person.name.clone())
            .unwrap_or_default()
    };
    let mut ordered: Vec<&ContingencyTest> = tests.iter().collect();
    ordered.sort_by_key(|test| (test.tested_on, test.id));
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(COLUMNS)?;
    for test in &ordered {
        let targets: Vec<String> = target_checks(test, &assets)
            .iter()
            .map(|check| check.sentence())
            .collect();
        let action = test
            .action_id
            .and_then(|id| actions.iter().find(|action| action.id == id))
            .map(|action| action.title.clone())
            .unwrap_or_default();
        let row = [
            test.tested_on.map(|day| day.to_string()).unwrap_or_default(),
            test.kind.label().to_string(),
            test.system_names().join("; "),
            test.method.clone(),
            test.success_criteria.clone(),
            test.result.map(|result| result.label().to_string()).unwrap_or_default(),
            count(test.restore_hours),
            count(test.data_age_hours),
            targets.join("; "),
            test.found.clone(),
            test.follow_up.clone(),
            action,
            name_of(test.tester_id),
        ];
        writer.write_record(row.iter().map(|cell| spreadsheet_safe(cell).into_owned()))?;
    }
    writer.flush()?;
    Ok(ordered.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::contingency::{TestKind, TestResult};
    use crate::domain::{AssetKind, Criticality, EphiActions};

    #[test]
    fn a_row_per_test_with_its_comparison_and_safe_cells() {
        let server = Asset {
            id: 1,
            name: "Practice server".into(),
            kind: AssetKind::System,
            ephi: EphiActions::ALL,
            criticality: Criticality::High,
            target_recovery_hours: Some(4),
            ..Asset::default()
        };
        let tester = Person {
            id: 2,
            name: "Maria".into(),
            ..Person::default()
        };
        let tests = vec![
            ContingencyTest {
                id: 2,
                tested_on: "2026-05-01".parse().ok(),
                kind: TestKind::Tabletop,
                systems: "Practice server".into(),
                result: Some(TestResult::Pass),
                ..ContingencyTest::default()
            },
            ContingencyTest {
                id: 1,
                tested_on: "2026-02-10".parse().ok(),
                systems: "Practice server".into(),
                result: Some(TestResult::Fail),
                restore_hours: Some(6),
                follow_up: "=HYPERLINK(\"x\")".into(),
                tester_id: Some(2),
                ..ContingencyTest::default()
            },
        ];
        let mut bytes = Vec::new();
        let rows = write_tests_csv(&mut bytes, &tests, &[server], &[], &[tester]).unwrap();
        assert_eq!(rows, 2);
        let text = String::from_utf8(bytes).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with("Date,Kind,Systems Tested"), "{}", lines[0]);
        assert!(
            lines[1].starts_with("2026-02-10,Restore,Practice server"),
            "{}",
            lines[1]
        );
        assert!(lines[1].contains("Practice server: restored in 6 h; target 4 h: missed"));
        assert!(lines[1].contains("'=HYPERLINK"), "a formula is made text: {}", lines[1]);
        assert!(lines[1].ends_with(",Maria"), "{}", lines[1]);
        assert!(lines[2].starts_with("2026-05-01,Tabletop"), "{}", lines[2]);
    }
}
