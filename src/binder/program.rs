//! The program records' files in the binder (see `entries::CONTRIBUTORS`): training, access reviews,
//! incidents with the year's breach log, the policy register and the business-associate
//! agreements. A kind with nothing recorded adds no file, so the index lists its inquiry
//! among those with nothing to show.

use color_eyre::eyre::{Result, eyre};

use super::{BinderEntry, Inquiry, Sources};
use crate::exchange::limits::spreadsheet_safe;

fn date(on: Option<chrono::NaiveDate>) -> String {
    on.map(|on| on.to_string()).unwrap_or_default()
}

/// Each person's name by id, removed people included (old records still name them).
fn person_names(sources: &Sources) -> Result<std::collections::HashMap<crate::domain::Id, String>> {
    Ok(sources
        .store
        .people()?
        .into_iter()
        .map(|person| (person.id, person.name))
        .collect())
}

fn csv_bytes(headings: &[&str], rows: Vec<Vec<String>>) -> Result<Vec<u8>> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(headings)?;
    for row in rows {
        writer.write_record(row.iter().map(|cell| spreadsheet_safe(cell).into_owned()))?;
    }
    writer.into_inner().map_err(|error| eyre!("{error}"))
}

/// Each current person's training status on the binder's date (`training export`), and
/// the sessions with their attendance.
pub(super) fn training(sources: &Sources) -> Result<Vec<BinderEntry>> {
    let training = sources.store.training()?;
    if training.courses.is_empty() && training.sessions.is_empty() {
        return Ok(Vec::new());
    }
    let people: Vec<_> = sources
        .store
        .people()?
        .into_iter()
        .filter(|person| person.removed_on.is_none())
        .collect();
    let mut bytes = Vec::new();
    crate::exchange::training::write_training_csv(&mut bytes, &training, &people, sources.date, sources.model.status)?;
    Ok(vec![
        BinderEntry::bytes(
            "program/training-status.csv",
            bytes,
            &[Inquiry::Training, Inquiry::WorkforceSecurity],
        ),
        BinderEntry::bytes(
            "program/training-sessions.csv",
            training_sessions(sources, &training)?,
            &[Inquiry::Training],
        ),
    ])
}

/// Every session with its roster, one row per attendee: who was trained, on what, when,
/// by whom, and whether they completed and attested.
fn training_sessions(sources: &Sources, training: &crate::domain::training::Training) -> Result<Vec<u8>> {
    use crate::domain::Labeled;
    let names = person_names(sources)?;
    let mut rows = Vec::new();
    for session in &training.sessions {
        let course = training
            .courses
            .iter()
            .find(|course| course.id == session.course_id)
            .map_or_else(String::new, |course| course.title.clone());
        for attendance in training.attendance.iter().filter(|row| row.session_id == session.id) {
            rows.push(vec![
                date(session.held_on),
                course.clone(),
                session.course_version.clone(),
                session.trainer.clone(),
                session.method.map_or("", |method| method.label()).to_string(),
                names.get(&attendance.person_id).cloned().unwrap_or_default(),
                if attendance.completed { "Yes" } else { "No" }.to_string(),
                date(attendance.attested_on),
            ]);
        }
    }
    csv_bytes(
        &[
            "held_on",
            "course",
            "course_version",
            "trainer",
            "method",
            "attendee",
            "completed",
            "attested_on",
        ],
        rows,
    )
}

/// Every access review with its accounts and decisions, as `access export` writes them.
pub(super) fn access_reviews(sources: &Sources) -> Result<Vec<BinderEntry>> {
    let records = sources.store.access_records()?;
    if records.reviews.is_empty() && records.events.is_empty() {
        return Ok(Vec::new());
    }
    let people = sources.store.people()?;
    let mut bytes = Vec::new();
    crate::exchange::access::write_access_csv(&mut bytes, &records, &people, sources.model.status)?;
    Ok(vec![BinderEntry::bytes(
        "program/access-reviews.csv",
        bytes,
        &[Inquiry::AccessManagement, Inquiry::WorkforceSecurity],
    )])
}

/// The incidents of the report's period with their outcomes, and the log of breaches of
/// fewer than 500 individuals discovered in the assessment's year (§164.408(c)).
pub(super) fn incidents_and_breaches(sources: &Sources) -> Result<Vec<BinderEntry>> {
    let incidents = sources.store.incidents()?;
    if incidents.is_empty() {
        return Ok(Vec::new());
    }
    let rows = sources
        .model
        .incidents
        .iter()
        .map(|row| {
            vec![
                row.title.clone(),
                date(row.occurred),
                date(row.discovered),
                row.severity.clone(),
                row.status.clone(),
                date(row.closed),
                row.breach.clone(),
                row.outcome.clone(),
                row.timeline.join("; "),
            ]
        })
        .collect();
    let listed = csv_bytes(
        &[
            "incident",
            "occurred",
            "discovered",
            "severity",
            "status",
            "closed",
            "breach_assessment",
            "outcome",
            "timeline",
        ],
        rows,
    )?;
    let year = sources.year();
    let log = crate::exchange::breaches::log_csv(&incidents, year)?;
    Ok(vec![
        BinderEntry::bytes("program/incidents.csv", listed, &[Inquiry::IncidentProcedures]),
        BinderEntry::bytes(
            format!("program/breach-log-{year}.csv"),
            log,
            &[Inquiry::IncidentProcedures],
        ),
    ])
}

/// The policy register: each policy's version in effect, its reviews and what it covers.
pub(super) fn policy_register(sources: &Sources) -> Result<Vec<BinderEntry>> {
    let policies = &sources.model.policy_register;
    if policies.is_empty() {
        return Ok(Vec::new());
    }
    let rows = policies
        .iter()
        .map(|row| {
            vec![
                row.title.clone(),
                row.owner.clone(),
                row.approver.clone(),
                row.version.clone(),
                date(row.effective),
                row.versions.to_string(),
                date(row.last_review),
                date(row.next_review),
                row.review_state.clone(),
                row.safeguards.join("; "),
            ]
        })
        .collect();
    let bytes = csv_bytes(
        &[
            "policy",
            "owner",
            "approver",
            "version_in_effect",
            "effective",
            "versions",
            "last_review",
            "next_review",
            "review_state",
            "safeguards",
        ],
        rows,
    )?;
    Ok(vec![
        BinderEntry::bytes(
            "program/policy-register.csv",
            bytes,
            &[Inquiry::PoliciesAndProcedures, Inquiry::Documentation],
        ),
        BinderEntry::bytes(
            "program/policy-versions-and-reviews.csv",
            policy_history(sources)?,
            &[Inquiry::PoliciesAndProcedures, Inquiry::Documentation],
        ),
    ])
}

/// Each policy's versions (with when each may be destroyed, §164.316(b)(2)(i)) and its
/// reviews, one row each, oldest first.
fn policy_history(sources: &Sources) -> Result<Vec<u8>> {
    use crate::domain::Labeled;
    let register = sources.store.policy_register()?;
    let names = person_names(sources)?;
    let mut rows = Vec::new();
    for policy in &register.policies {
        let versions = register.versions_of(policy.id);
        for version in &versions {
            let retention = crate::domain::policy::retention_end(version, &versions, sources.date);
            rows.push(vec![
                policy.title.clone(),
                "version".to_string(),
                version.number.clone(),
                date(version.effective),
                version.changes.clone(),
                String::new(),
                retention.to_string(),
            ]);
        }
        for review in register.reviews.iter().filter(|review| review.policy_id == policy.id) {
            rows.push(vec![
                policy.title.clone(),
                "review".to_string(),
                review.outcome.map_or("", |outcome| outcome.label()).to_string(),
                date(review.done.or(review.planned)),
                String::new(),
                review
                    .reviewer_id
                    .and_then(|id| names.get(&id).cloned())
                    .unwrap_or_default(),
                String::new(),
            ]);
        }
    }
    csv_bytes(
        &[
            "policy",
            "record",
            "version_or_outcome",
            "date",
            "changes",
            "reviewer",
            "retain_until",
        ],
        rows,
    )
}

/// The business-associate list in the column order OCR asked for (`vendors export`),
/// with each agreement's and assurance's dates.
pub(super) fn business_associate_agreements(sources: &Sources) -> Result<Vec<BinderEntry>> {
    let assets = sources.store.assets(sources.assessment.id)?;
    let mut bytes = Vec::new();
    let count = crate::exchange::vendors::write_business_associates(&mut bytes, &assets, sources.date)?;
    if count == 0 {
        return Ok(Vec::new());
    }
    Ok(vec![BinderEntry::bytes(
        "business-associates/business-associates.csv",
        bytes,
        &[Inquiry::BusinessAssociates],
    )])
}

/// Every contingency plan test with its comparison with the year's inventory targets: the
/// answer to the contingency plan's testing inquiry (§164.308(a)(7)(ii)(D)).
pub(super) fn contingency_tests(sources: &Sources) -> Result<Vec<BinderEntry>> {
    let tests = sources.store.contingency_tests()?;
    if tests.is_empty() {
        return Ok(Vec::new());
    }
    let assets = sources.store.assets(sources.assessment.id)?;
    let actions = sources.store.actions(sources.assessment.id)?;
    let people = sources.store.people()?;
    let mut bytes = Vec::new();
    crate::exchange::contingency::write_tests_csv(&mut bytes, &tests, &assets, &actions, &people)?;
    Ok(vec![BinderEntry::bytes(
        "program/contingency-tests.csv",
        bytes,
        &[Inquiry::ContingencyTesting, Inquiry::ContingencyPlan],
    )])
}
