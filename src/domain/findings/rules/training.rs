//! The training rules (§164.308(a)(5)(i)): a person's required training due or overdue
//! (advisory from the due date, blocking once more than 30 days overdue), a job role whose
//! people own ePHI assets with no course required of it (blocking), and someone who owned
//! ePHI assets or held a security role before completing their first required training
//! (advisory: it happened; the record says so). Only someone hired since the course's
//! first recorded session is judged on that: the records cannot show training before them.

use std::collections::{BTreeSet, HashSet};

use super::*;
use crate::domain::training::{BLOCKING_AFTER_DAYS, DueStatus, first_due, has_left};

const TRAINING: &str = "§164.308(a)(5)(i)";

fn person_ref(person: &Person) -> RecordRef {
    RecordRef::Person {
        id: person.id,
        name: person.name.clone(),
    }
}

/// One person's overdue course: the person, the course, the due date and days past it.
type Overdue<'a> = (&'a Person, &'a crate::domain::training::Course, NaiveDate, i64);

/// The obligations overdue on `cx.today`, with their person and course.
fn overdue<'a>(cx: &Context<'a>) -> Vec<Overdue<'a>> {
    let training = &cx.workspace.training;
    training
        .obligations(&cx.workspace.people, cx.today)
        .into_iter()
        .filter_map(|obligation| {
            let DueStatus::Overdue { due, days } = obligation.status else {
                return None;
            };
            let person = cx.workspace.person(obligation.person_id)?;
            let course = training.course(obligation.course_id)?;
            Some((person, course, due, days))
        })
        .collect()
}

fn overdue_finding(rule: Rule, (person, course, due, days): Overdue<'_>) -> Finding {
    let when = match days {
        0 => format!("due today ({due})"),
        1 => format!("1 day overdue (due {due})"),
        days => format!("{days} days overdue (due {due})"),
    };
    Finding::new(
        rule,
        format!("person:{}:course:{}", person.id, course.id),
        vec![person_ref(person)],
        format!(
            "{}'s training \"{}\" is {when}: the workforce is trained as its role requires ({TRAINING})",
            person.name, course.title
        ),
        "record the session they attend on the Training screen, with their completion",
    )
}

/// Due or overdue up to 30 days: advisory.
pub(super) fn training_due(cx: &Context<'_>) -> Vec<Finding> {
    overdue(cx)
        .into_iter()
        .filter(|(_, _, _, days)| *days <= BLOCKING_AFTER_DAYS)
        .map(|overdue| overdue_finding(Rule::TrainingDue, overdue))
        .collect()
}

/// Overdue more than 30 days: blocking.
pub(super) fn training_overdue(cx: &Context<'_>) -> Vec<Finding> {
    overdue(cx)
        .into_iter()
        .filter(|(_, _, _, days)| *days > BLOCKING_AFTER_DAYS)
        .map(|overdue| overdue_finding(Rule::TrainingOverdue, overdue))
        .collect()
}

/// The current workforce who own an in-scope ePHI asset.
fn ephi_owners<'a>(cx: &Context<'a>) -> HashSet<Id> {
    cx.in_scope().filter_map(|asset| asset.owner_id).collect()
}

/// A job role whose people own ePHI assets and that no course is required of.
pub(super) fn role_without_training(cx: &Context<'_>) -> Vec<Finding> {
    let owners = ephi_owners(cx);
    let training = &cx.workspace.training;
    // One finding per role, named as first written, in the order of role names.
    let mut roles: BTreeSet<String> = BTreeSet::new();
    let mut shown: Vec<(String, String, Vec<&Person>)> = Vec::new();
    for person in cx.workspace.people.iter().filter(|person| owners.contains(&person.id)) {
        if has_left(person, cx.today) || person.job_role.trim().is_empty() {
            continue;
        }
        if !training.courses_for_role(&person.job_role).is_empty() {
            continue;
        }
        let key = person.job_role.trim().to_lowercase();
        if roles.insert(key.clone()) {
            shown.push((key.clone(), person.job_role.trim().to_string(), Vec::new()));
        }
        if let Some(entry) = shown.iter_mut().find(|(found, _, _)| *found == key) {
            entry.2.push(person);
        }
    }
    shown.sort_by(|a, b| a.0.cmp(&b.0));
    shown
        .into_iter()
        .map(|(key, role, people)| {
            let names: Vec<&str> = people.iter().map(|person| person.name.as_str()).collect();
            Finding::new(
                Rule::RoleWithoutTraining,
                format!("role:{key}"),
                people.iter().map(|person| person_ref(person)).collect(),
                format!(
                    "No training is required of the job role \"{role}\", whose people own ePHI assets ({}): \
                     every member of the workforce is trained ({TRAINING})",
                    names.join(", ")
                ),
                "tick the courses the role must take in the course matrix (Training screen or `training import`)",
            )
        })
        .collect()
}

/// Someone who owned ePHI assets or held a security role completed a required course later
/// than it was first due: they worked with ePHI untrained.
pub(super) fn trained_after_access(cx: &Context<'_>) -> Vec<Finding> {
    let mut touching = ephi_owners(cx);
    touching.extend(cx.workspace.roles.iter().map(|role| role.person_id));
    let training = &cx.workspace.training;
    let mut findings = Vec::new();
    for person in cx
        .workspace
        .people
        .iter()
        .filter(|person| touching.contains(&person.id))
    {
        let Some(hired) = person.hire_date else { continue };
        if has_left(person, cx.today) {
            continue;
        }
        for course in training.courses_for_role(&person.job_role) {
            let Some(first) = training.completions(person.id, course.id).first().copied() else {
                continue;
            };
            // The records must cover their start: someone hired before the course's first
            // recorded session may well have been trained before the practice kept records
            // here, so only people hired since are judged.
            let covered = training
                .sessions
                .iter()
                .filter(|session| session.course_id == course.id)
                .filter_map(|session| session.held_on)
                .min()
                .is_some_and(|earliest| earliest <= hired);
            if !covered {
                continue;
            }
            let due = first_due(course, hired);
            if first <= due {
                continue;
            }
            findings.push(Finding::new(
                Rule::TrainedAfterAccess,
                format!("person:{}:course:{}", person.id, course.id),
                vec![person_ref(person)],
                format!(
                    "{} handled ePHI from {hired} but first completed \"{}\" on {first}, after it was due on {due} \
                     ({TRAINING})",
                    person.name, course.title
                ),
                "train before granting access; acknowledge it with what was done meanwhile",
            ));
        }
    }
    findings
}
