//! Training by job role (§164.308(a)(5)(i)): courses, the courses each job role must take
//! (the course matrix), the sessions held and who attended, and, computed here from them,
//! what each person owes: a course is first due a set number of days after the hire date
//! and then again one frequency after the last completion; a course taken once (frequency
//! 0) is never due again; a leaver owes nothing. Pure functions, no SQL, no terminal.
//!
//! Training records are the program's, not an assessment's: they are dated and shared by
//! every year, and a year reads those dated in its period (`Training::sessions_in`).
//!
//! A course can name the policy it teaches. When that policy gets a new version through a
//! completed review, everyone required to take the course is due again within the course's
//! days of the version's date, unless they completed it on or after that date or were
//! hired on or after it (their first training teaches the new version). The earlier of
//! that date and the frequency's is the one due (`status_with_policy`).

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::Id;
use super::model::Person;
use super::record::{Field, FieldError, FieldSpec, Record, Value, ValueKind};
use crate::labeled_enum;

/// The number of days past due after which overdue training blocks a final analysis.
pub const BLOCKING_AFTER_DAYS: i64 = 30;

/// A course people are trained in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Course {
    pub id: Id,
    pub title: String,
    /// The course's current version ("2026"), as the sessions record the one they taught.
    #[serde(default)]
    pub version: String,
    /// Months between completions; 0 or blank: taken once.
    #[serde(default)]
    pub frequency_months: Option<u32>,
    /// Days after the hire date by which a new person must first complete it (blank: 0).
    #[serde(default)]
    pub due_within_days: Option<u32>,
    #[serde(default)]
    pub notes: String,
    /// The policy the course teaches: a new version of it makes the course due again.
    #[serde(default)]
    pub policy_id: Option<Id>,
}

crate::record_fields! {
    /// The fields of a course, in the order of its form.
    pub enum CourseField for Course {
        Title => ("title", "Title", ValueKind::REQUIRED_TEXT, ["title"]),
        Version => ("version", "Version", ValueKind::TEXT, ["version"]),
        FrequencyMonths => ("frequency_months", "Every (months)", ValueKind::Count, ["frequency_months"]),
        DueWithinDays => ("due_within_days", "Due within (days of hire)", ValueKind::Count, ["due_within_days"]),
        Notes => ("notes", "Notes", ValueKind::NOTES, ["notes"]),
    }
}

impl Field for CourseField {
    type Record = Course;
    const ALL: &'static [Self] = Self::LIST;

    fn spec(self) -> FieldSpec {
        self.spec_of()
    }

    fn get(self, course: &Course) -> Value {
        match self {
            CourseField::Title => Value::Text(course.title.clone()),
            CourseField::Version => Value::Text(course.version.clone()),
            CourseField::FrequencyMonths => Value::Count(course.frequency_months.map(u64::from)),
            CourseField::DueWithinDays => Value::Count(course.due_within_days.map(u64::from)),
            CourseField::Notes => Value::Text(course.notes.clone()),
        }
    }

    fn set(self, course: &mut Course, value: Value) -> Result<(), FieldError> {
        match self {
            CourseField::Title => course.title = value.into_text()?,
            CourseField::Version => course.version = value.into_text()?,
            CourseField::FrequencyMonths => course.frequency_months = value.into_count_of()?,
            CourseField::DueWithinDays => course.due_within_days = value.into_count_of()?,
            CourseField::Notes => course.notes = value.into_text()?,
        }
        Ok(())
    }
}

impl Record for Course {
    type Field = CourseField;
    const NOUN: &'static str = "course";
    const TABLE: &'static str = "training_courses";
    fn id(&self) -> Id {
        self.id
    }
    fn set_id(&mut self, id: Id) {
        self.id = id;
    }
}

/// One cell of the course matrix: people whose job role is `job_role` must take the course.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleRequirement {
    pub id: Id,
    pub job_role: String,
    pub course_id: Id,
}

labeled_enum! {
    /// How a session was given.
    pub enum TrainingMethod {
        InPerson => ("in_person", "In person"),
        Online => ("online", "Online"),
        Video => ("video", "Video"),
        SelfStudy => ("self_study", "Self-study"),
    }
}

/// A session of a course: when, by whom, how, and (in `Attendance`) who took part.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainingSession {
    pub id: Id,
    pub course_id: Id,
    /// The course version taught.
    #[serde(default)]
    pub course_version: String,
    pub held_on: Option<NaiveDate>,
    #[serde(default)]
    pub trainer: String,
    #[serde(default)]
    pub method: Option<TrainingMethod>,
    #[serde(default)]
    pub notes: String,
}

crate::record_fields! {
    /// The fields of a session (its course is the column outside them).
    pub enum SessionField for TrainingSession {
        CourseVersion => ("course_version", "Course version", ValueKind::TEXT, ["course_version"]),
        HeldOn => ("held_on", "Date", ValueKind::Date, ["held_on"]),
        Trainer => ("trainer", "Trainer", ValueKind::TEXT, ["trainer"]),
        Method => ("method", "Method", ValueKind::Choice { choices: TrainingMethod::CHOICES, optional: true }, ["method"]),
        Notes => ("notes", "Notes", ValueKind::NOTES, ["notes"]),
    }
}

impl Field for SessionField {
    type Record = TrainingSession;
    const ALL: &'static [Self] = Self::LIST;

    fn spec(self) -> FieldSpec {
        self.spec_of()
    }

    fn get(self, session: &TrainingSession) -> Value {
        match self {
            SessionField::CourseVersion => Value::Text(session.course_version.clone()),
            SessionField::HeldOn => Value::Date(session.held_on),
            SessionField::Trainer => Value::Text(session.trainer.clone()),
            SessionField::Method => Value::Choice(session.method.map(super::Labeled::key)),
            SessionField::Notes => Value::Text(session.notes.clone()),
        }
    }

    fn set(self, session: &mut TrainingSession, value: Value) -> Result<(), FieldError> {
        match self {
            SessionField::CourseVersion => session.course_version = value.into_text()?,
            SessionField::HeldOn => session.held_on = value.into_date()?,
            SessionField::Trainer => session.trainer = value.into_text()?,
            SessionField::Method => session.method = value.into_choice()?,
            SessionField::Notes => session.notes = value.into_text()?,
        }
        Ok(())
    }
}

impl Record for TrainingSession {
    type Field = SessionField;
    const NOUN: &'static str = "training session";
    const TABLE: &'static str = "training_sessions";
    fn id(&self) -> Id {
        self.id
    }
    fn set_id(&mut self, id: Id) {
        self.id = id;
    }
}

/// One person at one session: whether they completed it and when they attested to it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendance {
    pub id: Id,
    pub session_id: Id,
    pub person_id: Id,
    pub completed: bool,
    #[serde(default)]
    pub attested_on: Option<NaiveDate>,
}

/// Every training record of the practice (all dates: due dates need the whole history).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Training {
    pub courses: Vec<Course>,
    pub requirements: Vec<RoleRequirement>,
    pub sessions: Vec<TrainingSession>,
    pub attendance: Vec<Attendance>,
    /// The new versions policies got through completed reviews (read with the training
    /// records; the policies are their own records, exported with them).
    #[serde(skip)]
    pub policy_versions: Vec<PolicyVersionDate>,
}

/// A policy's new version and the day it counts from (its effective date, else the day it
/// was recorded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PolicyVersionDate {
    pub policy_id: Id,
    pub date: NaiveDate,
}

/// Where a person stands with one required course on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueStatus {
    /// Completed, and due again on this day (None: taken once, never due again).
    Current { next_due: Option<NaiveDate> },
    /// Not yet completed and not yet due.
    Upcoming { due: NaiveDate },
    /// Due on `due`, `days` days ago (0: due today).
    Overdue { due: NaiveDate, days: i64 },
    /// Never completed and no hire date to count from.
    NoHireDate,
}

impl DueStatus {
    /// The word the screens, the export and the report print.
    pub fn word(self) -> &'static str {
        match self {
            DueStatus::Current { .. } => "current",
            DueStatus::Upcoming { .. } => "upcoming",
            DueStatus::Overdue { .. } => "overdue",
            DueStatus::NoHireDate => "no hire date",
        }
    }

    /// The due date, when there is one.
    pub fn due(self) -> Option<NaiveDate> {
        match self {
            DueStatus::Current { next_due } => next_due,
            DueStatus::Upcoming { due } | DueStatus::Overdue { due, .. } => Some(due),
            DueStatus::NoHireDate => None,
        }
    }

    /// Overdue by more than `BLOCKING_AFTER_DAYS`: blocks a final analysis.
    pub fn blocks(self) -> bool {
        matches!(self, DueStatus::Overdue { days, .. } if days > BLOCKING_AFTER_DAYS)
    }
}

/// One person's obligation for one course.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Obligation {
    pub person_id: Id,
    pub course_id: Id,
    pub first_completed: Option<NaiveDate>,
    pub last_completed: Option<NaiveDate>,
    pub status: DueStatus,
}

/// Job roles compared as people type them: case and surrounding spaces do not matter.
pub fn same_role(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// Whether the person has left the practice by `today` (a leaver owes no training).
pub fn has_left(person: &Person, today: NaiveDate) -> bool {
    person.removed_on.is_some() || person.termination_date.is_some_and(|left| left <= today)
}

/// When a course is first due for someone hired on `hired`: the hire date plus the course's
/// days (none given: the hire date itself).
pub fn first_due(course: &Course, hired: NaiveDate) -> NaiveDate {
    // A number of days past the calendar's end means never due (not a crash).
    hired
        .checked_add_days(chrono::Days::new(u64::from(course.due_within_days.unwrap_or(0))))
        .unwrap_or(NaiveDate::MAX)
}

/// When a course is due again after a completion on `completed`: one frequency later; None
/// for a course taken once (frequency 0 or blank).
pub fn repeat_due(course: &Course, completed: NaiveDate) -> Option<NaiveDate> {
    match course.frequency_months {
        None | Some(0) => None,
        Some(months) => completed.checked_add_months(Months::new(months)),
    }
}

/// Where one person stands with one course on `today`, from their completions.
pub fn status_of(course: &Course, hired: Option<NaiveDate>, last: Option<NaiveDate>, today: NaiveDate) -> DueStatus {
    let due = match last {
        Some(completed) => match repeat_due(course, completed) {
            None => return DueStatus::Current { next_due: None },
            Some(due) if due > today => return DueStatus::Current { next_due: Some(due) },
            Some(due) => due,
        },
        None => match hired {
            None => return DueStatus::NoHireDate,
            Some(hired) => first_due(course, hired),
        },
    };
    if due > today {
        DueStatus::Upcoming { due }
    } else {
        DueStatus::Overdue {
            due,
            days: (today - due).num_days(),
        }
    }
}

/// Where one person stands with one course on `today` when the course's policy got its
/// latest new version on `version` (None: no new version, as `status_of`). A version
/// dated on or before the last completion, or on or before the hire date, asks nothing;
/// otherwise the course is due within its days of the version's date, or earlier if the
/// frequency says so. A person never trained with no hire date stays `NoHireDate`.
pub fn status_with_policy(
    course: &Course,
    hired: Option<NaiveDate>,
    last: Option<NaiveDate>,
    version: Option<NaiveDate>,
    today: NaiveDate,
) -> DueStatus {
    let base = status_of(course, hired, last, today);
    let Some(version) = version else { return base };
    let answered = last.is_some_and(|done| done >= version) || hired.is_some_and(|hired| hired >= version);
    if answered || base == DueStatus::NoHireDate {
        return base;
    }
    let by_version = first_due(course, version);
    let due = base.due().map_or(by_version, |due| due.min(by_version));
    if due > today {
        match last {
            Some(_) => DueStatus::Current { next_due: Some(due) },
            None => DueStatus::Upcoming { due },
        }
    } else {
        DueStatus::Overdue {
            due,
            days: (today - due).num_days(),
        }
    }
}

impl Training {
    /// The date of the latest new version of the course's policy, if it names one.
    pub fn policy_version_of(&self, course: &Course) -> Option<NaiveDate> {
        let policy = course.policy_id?;
        self.policy_versions
            .iter()
            .filter(|version| version.policy_id == policy)
            .map(|version| version.date)
            .max()
    }

    pub fn course(&self, id: Id) -> Option<&Course> {
        self.courses.iter().find(|course| course.id == id)
    }

    pub fn session(&self, id: Id) -> Option<&TrainingSession> {
        self.sessions.iter().find(|session| session.id == id)
    }

    /// The courses a job role must take, in course order.
    pub fn courses_for_role(&self, job_role: &str) -> Vec<&Course> {
        if job_role.trim().is_empty() {
            return Vec::new();
        }
        self.courses
            .iter()
            .filter(|course| {
                self.requirements
                    .iter()
                    .any(|requirement| requirement.course_id == course.id && same_role(&requirement.job_role, job_role))
            })
            .collect()
    }

    /// The days a person completed a course (a completed attendance of a dated session),
    /// earliest first.
    pub fn completions(&self, person_id: Id, course_id: Id) -> Vec<NaiveDate> {
        let mut days: Vec<NaiveDate> = self
            .attendance
            .iter()
            .filter(|attendance| attendance.person_id == person_id && attendance.completed)
            .filter_map(|attendance| self.session(attendance.session_id))
            .filter(|session| session.course_id == course_id)
            .filter_map(|session| session.held_on)
            .collect();
        days.sort();
        days
    }

    /// What each current member of the workforce owes on `today`: one obligation per
    /// person and course their job role requires, in people's then courses' order.
    pub fn obligations(&self, people: &[Person], today: NaiveDate) -> Vec<Obligation> {
        let mut all = Vec::new();
        for person in people.iter().filter(|person| !has_left(person, today)) {
            for course in self.courses_for_role(&person.job_role) {
                let completions = self.completions(person.id, course.id);
                all.push(Obligation {
                    person_id: person.id,
                    course_id: course.id,
                    first_completed: completions.first().copied(),
                    last_completed: completions.last().copied(),
                    status: status_with_policy(
                        course,
                        person.hire_date,
                        completions.last().copied(),
                        self.policy_version_of(course),
                        today,
                    ),
                });
            }
        }
        all
    }

    /// How many current people have a course overdue on `today` (the dashboard's count).
    pub fn overdue_people(&self, people: &[Person], today: NaiveDate) -> usize {
        let mut overdue: Vec<Id> = self
            .obligations(people, today)
            .into_iter()
            .filter(|obligation| matches!(obligation.status, DueStatus::Overdue { .. }))
            .map(|obligation| obligation.person_id)
            .collect();
        overdue.dedup();
        overdue.len()
    }

    /// The sessions held between `start` and `end` (both included), by date: what a
    /// year's report lists.
    pub fn sessions_in(&self, start: NaiveDate, end: NaiveDate) -> Vec<&TrainingSession> {
        let mut sessions: Vec<&TrainingSession> = self
            .sessions
            .iter()
            .filter(|session| session.held_on.is_some_and(|day| start <= day && day <= end))
            .collect();
        sessions.sort_by_key(|session| (session.held_on, session.id));
        sessions
    }

    /// The attendance of one session.
    pub fn attendees(&self, session_id: Id) -> Vec<&Attendance> {
        self.attendance
            .iter()
            .filter(|attendance| attendance.session_id == session_id)
            .collect()
    }
}

/// The calendar's training occurrences on `today`: one per current person and required
/// course with a due date (the due dates of `obligations`, not computed again).
pub fn occurrences(training: &Training, people: &[Person], today: NaiveDate) -> Vec<super::calendar::Occurrence> {
    use super::calendar::{ObligationKind, Occurrence};
    use super::findings::RecordRef;
    training
        .obligations(people, today)
        .into_iter()
        .filter_map(|obligation| {
            let due = obligation.status.due()?;
            let person = people.iter().find(|person| person.id == obligation.person_id)?;
            let course = training.course(obligation.course_id)?;
            Some(Occurrence {
                kind: ObligationKind::Training,
                what: format!("{}: {}", course.title, person.name),
                owner: Some(person.name.clone()),
                due,
                last_done: obligation.last_completed,
                source: RecordRef::Person {
                    id: person.id,
                    name: person.name.clone(),
                },
                key: format!("course-{}", course.id),
            })
        })
        .collect()
}

#[cfg(test)]
#[path = "training_tests.rs"]
mod tests;
