//! Contingency plan tests (§164.308(a)(7)(ii)(D), "testing and revision procedures"): a
//! restore, tabletop or failover exercise, the systems it covered, how it went and how
//! long the restore took, compared with each system's target recovery time and acceptable
//! data loss (asset fields). Pure rules, no SQL.
//!
//! A test names its systems by asset name, not id: the inventory is copied into a new
//! assessment every year (new ids), and a test is a program record shared by every year,
//! so a name still finds "Practice server" in next year's inventory.
//!
//! The recurring obligation: each critical asset (criticality high or critical, holding
//! ePHI) is tested by a restore or a failover once every 12 months, the next one counted
//! from the last test (`occurrences`); never tested, it is due now.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::calendar::{ObligationKind, Occurrence, next_due};
use super::findings::RecordRef;
use super::model::{Asset, AssetKind, Criticality, Id};
use super::record::{Field, FieldError, FieldSpec, Record, Value, ValueKind};
use crate::labeled_enum;

/// Months between two restore or failover tests of a critical asset.
pub const TEST_CYCLE_MONTHS: u32 = 12;

labeled_enum! {
    /// What kind of exercise a test was.
    #[derive(Default)]
    pub enum TestKind {
        #[default]
        Restore => ("restore", "Restore"),
        Tabletop => ("tabletop", "Tabletop"),
        Failover => ("failover", "Failover"),
    }
}

labeled_enum! {
    /// Whether the test met its success criteria.
    pub enum TestResult {
        Pass => ("pass", "Pass"),
        Fail => ("fail", "Fail"),
    }
}

/// One contingency plan test.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContingencyTest {
    #[serde(default)]
    pub id: Id,
    pub tested_on: Option<NaiveDate>,
    #[serde(default)]
    pub kind: TestKind,
    /// The systems tested: asset names separated by `;` (or `,`).
    #[serde(default)]
    pub systems: String,
    #[serde(default)]
    pub method: String,
    #[serde(default)]
    pub success_criteria: String,
    /// Blank until the result is recorded.
    #[serde(default)]
    pub result: Option<TestResult>,
    /// Hours from the start of the restore until the system was usable again (blank for a
    /// tabletop, which restores nothing).
    #[serde(default)]
    pub restore_hours: Option<u64>,
    /// How old the restored data was, in hours: the data lost had it been real.
    #[serde(default)]
    pub data_age_hours: Option<u64>,
    /// What the test found.
    #[serde(default)]
    pub found: String,
    /// The follow-up actions, in words.
    #[serde(default)]
    pub follow_up: String,
    /// The standalone action (a plan item with no scenario) that carries the follow-up.
    #[serde(default)]
    pub action_id: Option<Id>,
    #[serde(default)]
    pub tester_id: Option<Id>,
}

crate::record_fields! {
    /// The fields of a test, in the order of its form. The systems come first: they name
    /// the record ("Saved Practice server"). The linked action is not a field: the demo,
    /// the JSON export and the store set it.
    pub enum TestField for ContingencyTest {
        Systems => ("systems", "Systems tested", ValueKind::REQUIRED_TEXT, ["systems"]),
        TestedOn => ("tested_on", "Date", ValueKind::Date, ["tested_on"]),
        Kind => ("kind", "Kind", ValueKind::choice_of(TestKind::CHOICES), ["kind"]),
        Method => ("method", "Method", ValueKind::TEXT, ["method"]),
        SuccessCriteria => ("success_criteria", "Success criteria", ValueKind::TEXT, ["success_criteria"]),
        Result => ("result", "Result", ValueKind::Choice { choices: TestResult::CHOICES, optional: true }, ["result"]),
        RestoreHours => ("restore_hours", "Restore time (hours)", ValueKind::Count, ["restore_hours"]),
        DataAgeHours => ("data_age_hours", "Data age (hours)", ValueKind::Count, ["data_age_hours"]),
        Found => ("found", "What was found", ValueKind::NOTES, ["found"]),
        FollowUp => ("follow_up", "Follow-up actions", ValueKind::NOTES, ["follow_up"]),
        Tester => ("tester", "Tester", ValueKind::Person, ["tester_id"]),
    }
}

impl Field for TestField {
    type Record = ContingencyTest;
    const ALL: &'static [Self] = Self::LIST;

    fn spec(self) -> FieldSpec {
        self.spec_of()
    }

    fn get(self, test: &ContingencyTest) -> Value {
        match self {
            TestField::TestedOn => Value::Date(test.tested_on),
            TestField::Kind => Value::Choice(Some(super::Labeled::key(test.kind))),
            TestField::Systems => Value::Text(test.systems.clone()),
            TestField::Method => Value::Text(test.method.clone()),
            TestField::SuccessCriteria => Value::Text(test.success_criteria.clone()),
            TestField::Result => Value::Choice(test.result.map(super::Labeled::key)),
            TestField::RestoreHours => Value::Count(test.restore_hours),
            TestField::DataAgeHours => Value::Count(test.data_age_hours),
            TestField::Found => Value::Text(test.found.clone()),
            TestField::FollowUp => Value::Text(test.follow_up.clone()),
            TestField::Tester => Value::Person(test.tester_id),
        }
    }

    fn set(self, test: &mut ContingencyTest, value: Value) -> Result<(), FieldError> {
        match self {
            TestField::TestedOn => test.tested_on = value.into_date()?,
            TestField::Kind => test.kind = value.into_required()?,
            TestField::Systems => test.systems = value.into_text()?,
            TestField::Method => test.method = value.into_text()?,
            TestField::SuccessCriteria => test.success_criteria = value.into_text()?,
            TestField::Result => test.result = value.into_choice()?,
            TestField::RestoreHours => test.restore_hours = value.into_count()?,
            TestField::DataAgeHours => test.data_age_hours = value.into_count()?,
            TestField::Found => test.found = value.into_text()?,
            TestField::FollowUp => test.follow_up = value.into_text()?,
            TestField::Tester => test.tester_id = value.into_person()?,
        }
        Ok(())
    }
}

impl Record for ContingencyTest {
    type Field = TestField;
    const NOUN: &'static str = "contingency test";
    const TABLE: &'static str = "contingency_tests";
    fn id(&self) -> Id {
        self.id
    }
    fn set_id(&mut self, id: Id) {
        self.id = id;
    }
}

impl ContingencyTest {
    /// The names of the systems tested, trimmed, blanks left out.
    pub fn system_names(&self) -> Vec<&str> {
        self.systems
            .split([';', ','])
            .map(str::trim)
            .filter(|name| !name.is_empty())
            .collect()
    }

    /// Whether the test names the asset (by name, ignoring case).
    pub fn covers(&self, asset: &Asset) -> bool {
        self.system_names()
            .iter()
            .any(|name| name.eq_ignore_ascii_case(asset.name.trim()))
    }

    pub fn failed(&self) -> bool {
        self.result == Some(TestResult::Fail)
    }

    /// A follow-up is recorded: in words, or as a linked action.
    pub fn has_follow_up(&self) -> bool {
        !self.follow_up.trim().is_empty() || self.action_id.is_some()
    }

    /// A restore or a failover: a test that brings a system back (a tabletop talks it
    /// through), so it counts for the yearly test of a critical asset.
    pub fn restores(&self) -> bool {
        matches!(self.kind, TestKind::Restore | TestKind::Failover)
    }

    /// How the list and the report name it: "Restore test of Practice server, 2026-03-10".
    pub fn title(&self) -> String {
        let when = self.tested_on.map(|date| format!(", {date}")).unwrap_or_default();
        format!(
            "{} test of {}{when}",
            super::Labeled::label(self.kind),
            self.system_names().join(", ")
        )
    }

    /// Dated within `[from, to]` (both included).
    pub fn in_period(&self, from: NaiveDate, to: NaiveDate) -> bool {
        self.tested_on.is_some_and(|date| from <= date && date <= to)
    }
}

/// A critical asset: one the practice can do without for a few hours at most (criticality
/// high or critical) that holds ePHI, so its recovery must be tested. Not a vendor (its
/// recovery is the vendor's, under its agreement; the service it runs is an asset of its
/// own, a cloud service), a paper workflow or a facility (nothing of them is restored from
/// a backup; a building's contingency is the emergency mode plan, rehearsed at a tabletop).
pub fn is_critical(asset: &Asset) -> bool {
    asset.in_scope()
        && matches!(asset.criticality, Criticality::High | Criticality::Critical)
        && !matches!(
            asset.kind,
            AssetKind::Vendor | AssetKind::PaperWorkflow | AssetKind::Facility
        )
}

/// Which target a measurement is compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The restore time against the asset's target recovery time.
    RecoveryTime,
    /// The restored data's age against the asset's acceptable data loss.
    DataLoss,
}

/// One measurement of a test compared with one asset's target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetCheck {
    pub asset_name: String,
    pub target: Target,
    pub measured_hours: u64,
    pub target_hours: u64,
}

impl TargetCheck {
    pub fn missed(&self) -> bool {
        self.measured_hours > self.target_hours
    }

    /// "Practice server: restored in 6 h; target 4 h: missed".
    pub fn sentence(&self) -> String {
        let verdict = if self.missed() { "missed" } else { "met" };
        match self.target {
            Target::RecoveryTime => format!(
                "{}: restored in {} h; target {} h: {verdict}",
                self.asset_name, self.measured_hours, self.target_hours
            ),
            Target::DataLoss => format!(
                "{}: data {} h old; acceptable loss {} h: {verdict}",
                self.asset_name, self.measured_hours, self.target_hours
            ),
        }
    }
}

/// The test's measurements compared with the targets of the assets it names (those with
/// both a measurement and a target), in the order the test names them.
pub fn target_checks(test: &ContingencyTest, assets: &[&Asset]) -> Vec<TargetCheck> {
    let mut checks = Vec::new();
    for name in test.system_names() {
        let Some(asset) = assets.iter().find(|asset| asset.name.trim().eq_ignore_ascii_case(name)) else {
            continue;
        };
        let pairs = [
            (Target::RecoveryTime, test.restore_hours, asset.target_recovery_hours),
            (Target::DataLoss, test.data_age_hours, asset.acceptable_data_loss_hours),
        ];
        for (target, measured, wanted) in pairs {
            if let (Some(measured_hours), Some(target_hours)) = (measured, wanted) {
                checks.push(TargetCheck {
                    asset_name: asset.name.clone(),
                    target,
                    measured_hours,
                    target_hours,
                });
            }
        }
    }
    checks
}

/// The names the test gives that no asset of `assets` has (a typo, or a retired system).
pub fn unknown_systems<'a>(test: &'a ContingencyTest, assets: &[&Asset]) -> Vec<&'a str> {
    test.system_names()
        .into_iter()
        .filter(|name| !assets.iter().any(|asset| asset.name.trim().eq_ignore_ascii_case(name)))
        .collect()
}

/// The day of the last restore or failover test of the asset, whatever its result (a
/// failed test was still held; its failure is a finding of its own until followed up).
/// Only tests held by `until` count: a test dated later (mistyped or planned) has not
/// happened, so it neither silences the finding nor moves the next due date.
pub fn last_recovery_test(asset: &Asset, tests: &[ContingencyTest], until: NaiveDate) -> Option<NaiveDate> {
    tests
        .iter()
        .filter(|test| test.restores() && test.covers(asset))
        .filter_map(|test| test.tested_on)
        .filter(|day| *day <= until)
        .max()
}

/// The next restore or failover test due for each critical asset: 12 months after its
/// last one; never tested, due `today`.
pub fn occurrences(assets: &[&Asset], tests: &[ContingencyTest], today: NaiveDate) -> Vec<Occurrence> {
    assets
        .iter()
        .filter(|asset| is_critical(asset))
        .filter_map(|asset| {
            let last = last_recovery_test(asset, tests, today);
            let due = next_due(last, TEST_CYCLE_MONTHS, today)?;
            Some(Occurrence {
                kind: ObligationKind::ContingencyTest,
                what: format!("Restore test: {}", asset.name),
                owner: None,
                due,
                last_done: last,
                source: RecordRef::Asset {
                    id: asset.id,
                    name: asset.name.clone(),
                },
                key: String::new(),
            })
        })
        .collect()
}

#[cfg(test)]
#[path = "contingency_tests.rs"]
mod tests;
