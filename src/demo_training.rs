//! The demo's workforce and training: the twelve staff's job roles, hire dates and
//! supervisors, two courses required by job role, and three sessions, after which one
//! person (Aisha Mohammed, hired seven weeks ago) is overdue for the basics course. Dates
//! are relative to "today", so she stays overdue whenever the demo is made.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};

use crate::domain::training::{Course, TrainingMethod, TrainingSession};
use crate::domain::{Id, WorkforceType};
use crate::store::{Result, Store};

/// The person overdue in the demo (the report, `check` and the tests name her).
pub const OVERDUE_PERSON: &str = "Aisha Mohammed";

/// Each person's job role, workforce type, days since they were hired and supervisor.
#[rustfmt::skip]
const WORKFORCE: [(&str, &str, WorkforceType, u64, &str); 12] = [
    ("Dana Whitfield", "Practice manager", WorkforceType::Employee, 9 * 365, "Dr. María Álvarez"),
    ("Dr. María Álvarez", "Physician", WorkforceType::Employee, 14 * 365, ""),
    ("Dr. Samuel Okafor", "Physician", WorkforceType::Employee, 6 * 365, "Dr. María Álvarez"),
    ("Lena Kowalski", "Nurse practitioner", WorkforceType::Employee, 4 * 365, "Dr. María Álvarez"),
    ("Priya Raman", "Nurse", WorkforceType::Employee, 8 * 365, "Dr. María Álvarez"),
    ("Kevin Osei", "IT coordinator", WorkforceType::Employee, 5 * 365, "Dr. María Álvarez"),
    ("Marcus Bell", "Medical assistant", WorkforceType::Employee, 3 * 365, "Priya Raman"),
    ("Grace Liu", "Medical assistant", WorkforceType::Employee, 2 * 365, "Priya Raman"),
    ("Sofia Ortega", "Front desk", WorkforceType::Employee, 7 * 365, "Dr. María Álvarez"),
    ("Aisha Mohammed", "Front desk", WorkforceType::Employee, 50, "Sofia Ortega"),
    ("Tom Nguyen", "Billing", WorkforceType::Employee, 5 * 365, "Dr. María Álvarez"),
    ("Zoë Papadopoulou", "Billing", WorkforceType::Contractor, 3 * 365, "Dr. María Álvarez"),
];

/// The job roles that use the EHR day to day (the second course is theirs).
const EHR_ROLES: [&str; 6] = [
    "Physician",
    "Nurse practitioner",
    "Nurse",
    "Medical assistant",
    "Front desk",
    "IT coordinator",
];

/// Fills in the workforce fields of the demo's people and adds its training records.
pub fn populate(store: &mut Store, people: &HashMap<String, Id>, today: NaiveDate) -> Result<()> {
    let ago = |days: u64| today.checked_sub_days(Days::new(days)).unwrap_or(today);
    let id = |name: &str| people.get(name).copied();
    for (name, role, kind, hired_days_ago, supervisor) in WORKFORCE {
        let Some(person_id) = id(name) else { continue };
        let mut person = store.person(person_id)?;
        person.job_role = role.to_string();
        person.workforce_type = Some(kind);
        person.hire_date = Some(ago(hired_days_ago));
        person.supervisor_id = id(supervisor);
        store.update_person(&person)?;
    }
    let basics = store.save_course(&Course {
        title: "HIPAA Privacy and Security Basics".into(),
        version: "2026".into(),
        frequency_months: Some(12),
        due_within_days: Some(30),
        notes: "Everyone, every year: PHI, minimum necessary, passwords, reporting an incident.".into(),
        ..Course::default()
    })?;
    let ehr = store.save_course(&Course {
        title: "EHR Access and Phishing".into(),
        version: "3".into(),
        frequency_months: Some(12),
        due_within_days: Some(14),
        notes: "Logging in, locking the screen, spotting a phishing email.".into(),
        ..Course::default()
    })?;
    let mut roles: Vec<&str> = WORKFORCE.iter().map(|(_, role, ..)| *role).collect();
    roles.dedup();
    for role in roles {
        let mut courses = vec![basics];
        if EHR_ROLES.contains(&role) {
            courses.push(ehr);
        }
        store.set_role_courses(role, &courses)?;
    }
    let everyone_but = |left_out: &[&str], days: u64| -> Vec<(Id, bool, Option<NaiveDate>)> {
        WORKFORCE
            .iter()
            .filter(|(name, ..)| !left_out.contains(name))
            .filter_map(|(name, ..)| id(name))
            .map(|person_id| (person_id, true, Some(ago(days))))
            .collect()
    };
    // The yearly basics, ten months ago: everyone then on staff.
    store.save_session(
        &TrainingSession {
            course_id: basics,
            course_version: "2026".into(),
            held_on: Some(ago(300)),
            trainer: "Dana Whitfield".into(),
            method: Some(TrainingMethod::InPerson),
            notes: "Staff meeting, conference room.".into(),
            ..TrainingSession::default()
        },
        &everyone_but(&[OVERDUE_PERSON], 300),
    )?;
    // The EHR course, half a year ago: the roles that use the EHR.
    let ehr_users: Vec<&str> = WORKFORCE
        .iter()
        .filter(|(name, role, ..)| !EHR_ROLES.contains(role) || *name == OVERDUE_PERSON)
        .map(|(name, ..)| *name)
        .collect();
    store.save_session(
        &TrainingSession {
            course_id: ehr,
            course_version: "3".into(),
            held_on: Some(ago(200)),
            trainer: "Kevin Osei".into(),
            method: Some(TrainingMethod::Online),
            ..TrainingSession::default()
        },
        &everyone_but(&ehr_users, 200),
    )?;
    // The new hire's EHR course, ten days ago; the basics she has not taken yet.
    let newcomer: Vec<(Id, bool, Option<NaiveDate>)> = id(OVERDUE_PERSON)
        .map(|person_id| (person_id, true, Some(ago(10))))
        .into_iter()
        .collect();
    store.save_session(
        &TrainingSession {
            course_id: ehr,
            course_version: "3".into(),
            held_on: Some(ago(10)),
            trainer: "Kevin Osei".into(),
            method: Some(TrainingMethod::InPerson),
            notes: "One to one at the front desk.".into(),
            ..TrainingSession::default()
        },
        &newcomer,
    )?;
    Ok(())
}

/// The two-year demo makes the practice a year back (`demo_history`) and then starts this
/// year: its training records move by the days between, so they read as if made `to`
/// (the one overdue person is overdue on the day the demo is opened).
pub fn move_forward(store: &mut Store, from: NaiveDate, to: NaiveDate) -> Result<()> {
    let shift = |day: NaiveDate| day + (to - from);
    for name in WORKFORCE.iter().map(|(name, ..)| *name) {
        let Some(mut person) = store.people()?.into_iter().find(|person| person.name == name) else {
            continue;
        };
        person.hire_date = person.hire_date.map(shift);
        store.update_person(&person)?;
    }
    let training = store.training()?;
    for session in &training.sessions {
        let attendees: Vec<(Id, bool, Option<NaiveDate>)> = training
            .attendees(session.id)
            .iter()
            .map(|attendance| {
                (
                    attendance.person_id,
                    attendance.completed,
                    attendance.attested_on.map(shift),
                )
            })
            .collect();
        let moved = TrainingSession {
            held_on: session.held_on.map(shift),
            ..session.clone()
        };
        store.save_session(&moved, &attendees)?;
    }
    Ok(())
}
