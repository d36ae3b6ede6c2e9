//! The demo's access reviews: two quarterly reviews of the EHR's user list. Grace Liu (a
//! medical assistant) left the day before the older one; that review lists her account
//! still active and the practice manager decides "revoke" the same day (one business day,
//! the practice's limit); the newer review lists it disabled. The shared front-desk login
//! is flagged in both, and a locum's account no one on the roster matches is investigated
//! in the older review and gone from the newer.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use color_eyre::eyre::{Result, eyre};

use crate::domain::access::{AccessAccount, AccessEvent, AccessEventKind, AccessReview, Decision};
use crate::store::Store;

/// The EHR, as the demo's inventory names it.
pub const EHR: &str = "PracticeChart cloud EHR";
/// The demo's leaver.
pub const LEAVER: &str = "Grace Liu";
const REVIEWER: &str = "Kevin Osei";

/// The working day on or before `day`.
fn weekday_on_or_before(mut day: NaiveDate) -> NaiveDate {
    while matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
        day = day.pred_opt().unwrap_or(day);
    }
    day
}

/// (user, name, role, active in the older list, active in the newer, older decision,
/// newer decision); None: not listed.
type Row = (
    &'static str,
    &'static str,
    &'static str,
    Option<bool>,
    Option<bool>,
    Decision,
    Decision,
);

#[rustfmt::skip]
const ACCOUNTS: [Row; 13] = [
    ("dwhitfield", "Dana Whitfield", "Practice admin", Some(true), Some(true), Decision::Keep, Decision::Keep),
    ("malvarez", "María Álvarez", "Physician", Some(true), Some(true), Decision::Keep, Decision::Keep),
    ("sokafor", "Samuel Okafor", "Physician", Some(true), Some(true), Decision::Keep, Decision::Keep),
    ("lkowalski", "Lena Kowalski", "Nurse practitioner", Some(true), Some(true), Decision::Keep, Decision::Keep),
    ("praman", "Priya Raman", "Nurse", Some(true), Some(true), Decision::Keep, Decision::Keep),
    ("kosei", "Kevin Osei", "System administrator", Some(true), Some(true), Decision::Keep, Decision::Keep),
    ("mbell", "Marcus Bell", "Medical assistant", Some(true), Some(true), Decision::Keep, Decision::Keep),
    ("gliu", LEAVER, "Medical assistant", Some(true), Some(false), Decision::Revoke, Decision::Revoke),
    ("sortega", "Sofia Ortega", "Scheduler", Some(true), Some(true), Decision::Keep, Decision::Keep),
    ("amohammed", "Aisha Mohammed", "Scheduler", Some(true), Some(true), Decision::Keep, Decision::Keep),
    ("tnguyen", "Tom Nguyen", "Billing", Some(true), Some(true), Decision::Keep, Decision::Change),
    ("frontdesk", "Front Desk", "Scheduler", Some(true), Some(true), Decision::Change, Decision::Change),
    ("jpatel", "Jay Patel (locum)", "Physician", Some(true), None, Decision::Investigate, Decision::Keep),
];

/// Adds the leaver's termination date and the two reviews, with the grant and the
/// revocation recorded outside them.
pub fn add(store: &mut Store, today: NaiveDate) -> Result<()> {
    let older = weekday_on_or_before(today.checked_sub_days(Days::new(100)).unwrap_or(today));
    let newer = weekday_on_or_before(today.checked_sub_days(Days::new(9)).unwrap_or(today));
    let terminated = weekday_on_or_before(older.pred_opt().unwrap_or(older));
    let people = store.people()?;
    let person = |name: &str| {
        people
            .iter()
            .find(|person| person.name == name)
            .cloned()
            .ok_or_else(|| eyre!("the demo has no {name}"))
    };
    let leaver = person(LEAVER)?;
    let reviewer = person(REVIEWER)?;
    store.update_person(&crate::domain::Person {
        termination_date: Some(terminated),
        ..leaver.clone()
    })?;
    for (started, newer_list) in [(older, false), (newer, true)] {
        let decided_on = started;
        let accounts: Vec<AccessAccount> = ACCOUNTS
            .iter()
            .filter_map(|(user, name, role, was, is, decision_then, decision_now)| {
                let active = if newer_list { (*is)? } else { (*was)? };
                let last_login = started.checked_sub_days(Days::new(if active { 1 } else { 30 }));
                Some(AccessAccount {
                    user: user.to_string(),
                    name: name.to_string(),
                    role: role.to_string(),
                    active,
                    last_login,
                    decision: Some(if newer_list { *decision_now } else { *decision_then }),
                    decided_by: REVIEWER.to_string(),
                    decided_on: Some(decided_on),
                    ..Default::default()
                })
            })
            .collect();
        let review = AccessReview {
            reviewer: Some(reviewer.id),
            ..AccessReview::new(EHR, started)
        };
        store.add_access_review(&review, &accounts)?;
    }
    store.add_access_event(&AccessEvent {
        id: 0,
        person_id: leaver.id,
        system: EHR.to_string(),
        kind: AccessEventKind::Revoked,
        date: older,
        approved_by: Some(reviewer.id),
        notes: "Account disabled in the EHR admin console after the access review".to_string(),
    })?;
    Ok(())
}
