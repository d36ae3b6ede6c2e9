//! The demo's incidents: a clinician's phone lost and wiped, which was not a breach (it
//! was encrypted: the safe harbor), and a referral fax of three patients' records sent to
//! the wrong number, a small breach with its four factors and its notices sent. Dates are
//! relative to "today", like the rest of the demo, so the fax is in the demo year's
//! breach log.

use chrono::{Days, NaiveDate};

use crate::domain::incident::{
    Conclusion, Incident, IncidentSeverity, IncidentStatus, SafeHarbor, TimelineEntry, TimelineKind,
};
use crate::domain::{Id, Labeled};
use crate::store::{Result, Store};

/// The lost phone's title, which the tests find it by.
pub const LOST_PHONE: &str = "Clinician iPhone lost";
/// The small breach's title.
pub const MISDIRECTED_FAX: &str = "Referral fax sent to a wrong number";

fn entry(on: NaiveDate, kind: TimelineKind, note: &str) -> TimelineEntry {
    TimelineEntry {
        id: 0,
        on,
        kind,
        note: note.to_string(),
    }
}

/// Adds the two incidents, linked to this year's assets and scenarios where the demo has them.
pub fn add(store: &mut Store, assessment_id: Id, today: NaiveDate) -> Result<()> {
    let ago = |days: u64| today.checked_sub_days(Days::new(days)).unwrap_or(today);
    let assets = store.assets(assessment_id)?;
    let risks = store.risks(assessment_id)?;
    let asset = |name: &str| -> Vec<Id> {
        assets
            .iter()
            .filter(|asset| asset.name == name)
            .map(|asset| asset.id)
            .collect()
    };
    let scenario = |key: &str| -> Vec<Id> {
        risks
            .iter()
            .filter(|risk| risk.threat_key.as_deref() == Some(key))
            .map(|risk| risk.id)
            .collect()
    };

    let phone = Incident {
        title: LOST_PHONE.to_string(),
        occurred_on: Some(ago(20)),
        discovered_on: Some(ago(19)),
        reported_by: "Kevin Osei".to_string(),
        severity: IncidentSeverity::Low,
        status: IncidentStatus::Closed,
        description: "One managed clinician phone left in a taxi. It holds the EHR app and secure messages \
                      for an unknown number of patients."
            .to_string(),
        outcome: "Wiped remotely within two hours; the device was encrypted and locked with a passcode, so no \
                  unsecured PHI was involved. Replaced from stock."
            .to_string(),
        closed_on: Some(ago(12)),
        phi_nature: "EHR app data and secure messages, all inside the device's encryption".to_string(),
        recipient: "Unknown: the phone was not recovered".to_string(),
        acquired_or_viewed: "No sign of access: the EHR shows no session after the loss".to_string(),
        mitigation: "Remote wipe confirmed by the device manager; EHR sessions revoked".to_string(),
        safe_harbor: Some(SafeHarbor::Yes),
        conclusion: Some(Conclusion::NotBreach),
        asset_ids: asset("Clinician iPhones (managed)"),
        risk_ids: scenario("laptop_lost_or_stolen"),
        timeline: vec![
            entry(ago(19), TimelineKind::Detection, "Clinician reported the phone missing"),
            entry(ago(19), TimelineKind::Containment, "Remote wipe sent and confirmed"),
            entry(
                ago(15),
                TimelineKind::Observation,
                "No EHR session from the device since the loss",
            ),
            entry(ago(12), TimelineKind::StatusChange, IncidentStatus::Closed.label()),
        ],
        ..Incident::default()
    };
    let fax = Incident {
        title: MISDIRECTED_FAX.to_string(),
        occurred_on: Some(ago(46)),
        discovered_on: Some(ago(45)),
        reported_by: "Sofia Ortega".to_string(),
        severity: IncidentSeverity::Moderate,
        status: IncidentStatus::Closed,
        description: "A referral fax with the records of 3 patients went to a dental office: one digit of the \
                      number typed wrong."
            .to_string(),
        outcome: "3 patients notified by letter; numbers now picked from the fax directory, not typed.".to_string(),
        closed_on: Some(ago(25)),
        phi_nature: "Referral notes of 3 patients: names, dates of birth, diagnoses; no Social Security or \
                     financial numbers"
            .to_string(),
        recipient: "The front desk of a dental office, itself a covered entity".to_string(),
        acquired_or_viewed: "Viewed: the office read the pages before calling".to_string(),
        mitigation: "The office shredded the pages and confirmed it in writing the next day".to_string(),
        safe_harbor: Some(SafeHarbor::No),
        conclusion: Some(Conclusion::Breach),
        individuals_affected: Some(3),
        most_in_one_state: Some(3),
        individuals_notified_on: Some(ago(30)),
        asset_ids: asset("Fax line and e-fax service"),
        risk_ids: scenario("misdirected_fax"),
        timeline: vec![
            entry(
                ago(45),
                TimelineKind::Detection,
                "The dental office called about the fax",
            ),
            entry(
                ago(44),
                TimelineKind::Mitigation,
                "Written confirmation the pages were shredded",
            ),
            entry(ago(30), TimelineKind::Observation, "Letters sent to the 3 patients"),
            entry(ago(25), TimelineKind::StatusChange, IncidentStatus::Closed.label()),
        ],
        ..Incident::default()
    };
    store.add_incident(&phone)?;
    store.add_incident(&fax)?;
    Ok(())
}
