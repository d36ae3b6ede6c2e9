//! The demo's contingency plan tests: the targets of the current year's critical assets
//! (recovery time and acceptable data loss), a failed restore of the office NAS, the
//! practice's on-site server (the restore took longer than its target; the follow-up is
//! the plan's action to move its backups to an immutable copy and test a restore), and a
//! passed tabletop of an EHR outage. Added to the demo's current year by
//! `demo_history::create`, like the policies; dates are relative to "today".

use chrono::{Days, NaiveDate};

use crate::domain::contingency::{ContingencyTest, TestKind, TestResult};
use crate::store::{Result, Store};

/// The on-site server the failed restore test names.
pub const PRACTICE_SERVER: &str = "Office NAS (scan archive)";
/// The cloud EHR the tabletop walked through.
pub const EHR: &str = "PracticeChart cloud EHR";

/// (asset name, target recovery time, acceptable data loss), hours.
const TARGETS: [(&str, u64, u64); 6] = [
    (EHR, 4, 1),
    (PRACTICE_SERVER, 8, 24),
    ("Front desk workstations (3)", 8, 24),
    ("Exam room workstations (5)", 8, 24),
    ("Practice email (Microsoft 365)", 8, 1),
    ("Router, firewall and Wi-Fi", 4, 24),
];

/// Sets the targets on this year's assets and adds the two tests.
pub fn populate(store: &mut Store, today: NaiveDate) -> Result<()> {
    let ago = |days: u64| today.checked_sub_days(Days::new(days)).unwrap_or(today);
    let assessment_id = store.current_assessment_id()?;
    for mut asset in store.assets(assessment_id)? {
        if let Some((_, recovery, loss)) = TARGETS.iter().find(|(name, _, _)| *name == asset.name) {
            asset.target_recovery_hours = Some(*recovery);
            asset.acceptable_data_loss_hours = Some(*loss);
            store.update_asset(&asset)?;
        }
    }
    let people = store.people()?;
    let person = |name: &str| people.iter().find(|person| person.name == name).map(|person| person.id);
    let follow_up = store
        .actions(assessment_id)?
        .into_iter()
        .find(|action| action.title.starts_with("Move NAS backups to an immutable cloud copy"))
        .map(|action| action.id);
    store.save_record(&ContingencyTest {
        tested_on: Some(ago(40)),
        kind: TestKind::Restore,
        systems: PRACTICE_SERVER.to_string(),
        method: "Full restore of the NAS from last night's SafeVault backup onto the spare machine".to_string(),
        success_criteria: "Scan archive usable within 8 hours, no more than a day of scans lost".to_string(),
        result: Some(TestResult::Fail),
        restore_hours: Some(14),
        data_age_hours: Some(20),
        found: "The download from SafeVault ran at a third of the line's speed; two folders' permissions had \
                to be set again by hand."
            .to_string(),
        follow_up: "Move the backups to an immutable cloud copy with a faster restore path, write the \
                    permission steps into the plan, and repeat the full restore."
            .to_string(),
        action_id: follow_up,
        tester_id: person("Kevin Osei"),
        ..ContingencyTest::default()
    })?;
    store.save_record(&ContingencyTest {
        tested_on: Some(ago(75)),
        kind: TestKind::Tabletop,
        systems: EHR.to_string(),
        method: "Tabletop: PracticeChart down for a full clinic day, walked through with the front desk and nursing"
            .to_string(),
        success_criteria: "Everyone knows the paper forms, the call list and who decides to reschedule".to_string(),
        result: Some(TestResult::Pass),
        found: "Paper forms were out of date; the call list was right.".to_string(),
        follow_up: "Reprint the downtime forms.".to_string(),
        tester_id: person("Dana Whitfield"),
        ..ContingencyTest::default()
    })?;
    Ok(())
}
