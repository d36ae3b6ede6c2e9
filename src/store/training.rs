//! Training records: courses, the course matrix, sessions and attendance (migration 013).
//! Program records, shared by every year: no assessment column, so they are part of the
//! change log's shared rows and `assessment next` copies none of them. Every write goes
//! through `Store::write`, so each row change is logged and can be undone.

use std::collections::HashMap;

use rusqlite::Row;

use super::people::{insert_person, require_text};
use super::records::{self, Stored};
use super::sql::{date_text, optional_date};
use super::{Result, Store, StoreError};
use crate::domain::training::{
    Attendance, Course, PolicyVersionDate, RoleRequirement, Training, TrainingSession, same_role,
};
use crate::domain::{Id, Person};
use crate::exchange::ImportCounts;
use crate::exchange::training::MatrixCell;

/// A course's policy is the column outside its fields (the form chooses it from the
/// policies; files name it by id in the workspace export).
impl Stored for Course {
    const FRAME: &'static [&'static str] = &["policy_id"];
    fn frame_values(&self) -> Vec<rusqlite::types::Value> {
        vec![match self.policy_id {
            Some(id) => rusqlite::types::Value::Integer(id),
            None => rusqlite::types::Value::Null,
        }]
    }
    fn read_frame(&mut self, row: &Row<'_>) -> rusqlite::Result<()> {
        self.policy_id = row.get("policy_id")?;
        Ok(())
    }
}

/// A session's course is the column outside its fields.
impl Stored for TrainingSession {
    const FRAME: &'static [&'static str] = &["course_id"];
    fn frame_values(&self) -> Vec<rusqlite::types::Value> {
        vec![rusqlite::types::Value::Integer(self.course_id)]
    }
    fn read_frame(&mut self, row: &Row<'_>) -> rusqlite::Result<()> {
        self.course_id = row.get("course_id")?;
        Ok(())
    }
}

/// What a course-matrix import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MatrixCounts {
    /// Courses the file named that did not exist yet, added with the usual defaults.
    pub courses_added: Vec<String>,
    pub required: usize,
    pub removed: usize,
    pub unchanged: usize,
}

/// The defaults of a course a matrix names before it exists: yearly, due within 30 days
/// of hire (what most practices do; edit it on the Training screen).
pub const NEW_COURSE_MONTHS: u32 = 12;
pub const NEW_COURSE_DAYS: u32 = 30;

impl Store {
    /// Every training record, in id order.
    pub fn training(&self) -> Result<Training> {
        Ok(Training {
            courses: self.records::<Course>(None)?,
            requirements: self.requirements()?,
            sessions: self.records::<TrainingSession>(None)?,
            attendance: self.attendance()?,
            policy_versions: self.new_policy_versions()?,
        })
    }

    /// The versions policies got through completed "new version" reviews, dated by their
    /// effective date (else the day recorded, else the review's): what makes a course
    /// linked to the policy due again.
    fn new_policy_versions(&self) -> Result<Vec<PolicyVersionDate>> {
        let mut statement = self.conn.prepare(
            "SELECT v.policy_id, COALESCE(v.effective, v.created, r.done)
             FROM policy_reviews r JOIN policy_versions v ON v.id = r.version_id
             WHERE r.done IS NOT NULL AND r.outcome = 'new_version'
             ORDER BY v.id",
        )?;
        let rows = statement.query_map([], |row| {
            Ok(PolicyVersionDate {
                policy_id: row.get(0)?,
                date: super::sql::date(row, 1)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn requirements(&self) -> Result<Vec<RoleRequirement>> {
        let mut statement = self
            .conn
            .prepare("SELECT id, job_role, course_id FROM training_requirements ORDER BY id")?;
        let rows = statement.query_map([], |row| {
            Ok(RoleRequirement {
                id: row.get(0)?,
                job_role: row.get(1)?,
                course_id: row.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn attendance(&self) -> Result<Vec<Attendance>> {
        let mut statement = self
            .conn
            .prepare("SELECT id, session_id, person_id, completed, attested_on FROM training_attendance ORDER BY id")?;
        let rows = statement.query_map([], |row| {
            Ok(Attendance {
                id: row.get(0)?,
                session_id: row.get(1)?,
                person_id: row.get(2)?,
                completed: row.get(3)?,
                attested_on: optional_date(row, 4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Adds (id 0) or saves a course; returns its id.
    pub fn save_course(&mut self, course: &Course) -> Result<Id> {
        require_text("course title", &course.title)?;
        self.save_record(course)
    }

    /// Adds (id 0) or saves a course and makes the job roles required to take it exactly
    /// `roles` (compared ignoring case), in one transaction; returns its id.
    pub fn save_course_with_roles(&mut self, course: &Course, roles: &[String]) -> Result<Id> {
        require_text("course title", &course.title)?;
        let training = self.training()?;
        if course.id != 0 && training.course(course.id).is_none() {
            return Err(StoreError::Missing {
                entity: "course",
                id: course.id.to_string(),
            });
        }
        let wanted: Vec<&str> = roles
            .iter()
            .map(|role| role.trim())
            .filter(|role| !role.is_empty())
            .collect();
        self.write(|tx| {
            let id = if course.id == 0 {
                records::insert_stored(tx.conn(), course)?
            } else {
                records::update_stored(tx.conn(), course)?;
                course.id
            };
            let held: Vec<&RoleRequirement> = training
                .requirements
                .iter()
                .filter(|requirement| requirement.course_id == id)
                .collect();
            for requirement in &held {
                if !wanted.iter().any(|role| same_role(role, &requirement.job_role)) {
                    tx.execute("DELETE FROM training_requirements WHERE id = ?1", [requirement.id])?;
                }
            }
            for role in &wanted {
                if !held.iter().any(|requirement| same_role(role, &requirement.job_role)) {
                    tx.execute(
                        "INSERT OR IGNORE INTO training_requirements (job_role, course_id) VALUES (?1, ?2)",
                        (role, id),
                    )?;
                }
            }
            Ok(id)
        })
    }

    /// Makes the courses a job role must take exactly `course_ids`, in one transaction.
    pub fn set_role_courses(&mut self, job_role: &str, course_ids: &[Id]) -> Result<()> {
        require_text("job role", job_role)?;
        let training = self.training()?;
        for id in course_ids {
            training.course(*id).ok_or_else(|| StoreError::Missing {
                entity: "course",
                id: id.to_string(),
            })?;
        }
        self.write(|tx| {
            for requirement in &training.requirements {
                if same_role(&requirement.job_role, job_role) && !course_ids.contains(&requirement.course_id) {
                    tx.execute("DELETE FROM training_requirements WHERE id = ?1", [requirement.id])?;
                }
            }
            for id in course_ids {
                let held = training
                    .requirements
                    .iter()
                    .any(|requirement| requirement.course_id == *id && same_role(&requirement.job_role, job_role));
                if !held {
                    tx.execute(
                        "INSERT INTO training_requirements (job_role, course_id) VALUES (?1, ?2)",
                        (job_role.trim(), id),
                    )?;
                }
            }
            Ok(())
        })
    }

    /// Records a session and its attendance (person, completed, attested on) in one
    /// transaction: a new session (id 0) or the one with its id, whose attendance becomes
    /// exactly `attendees`. Returns the session's id.
    pub fn save_session(
        &mut self,
        session: &TrainingSession,
        attendees: &[(Id, bool, Option<chrono::NaiveDate>)],
    ) -> Result<Id> {
        let training = self.training()?;
        if training.course(session.course_id).is_none() {
            return Err(StoreError::Missing {
                entity: "course",
                id: session.course_id.to_string(),
            });
        }
        if session.held_on.is_none() {
            return Err(StoreError::Invalid("a training session needs its date".to_string()));
        }
        if session.id != 0 && training.session(session.id).is_none() {
            return Err(StoreError::Missing {
                entity: "training session",
                id: session.id.to_string(),
            });
        }
        let people: Vec<Id> = self.people()?.iter().map(|person| person.id).collect();
        for (person_id, _, _) in attendees {
            if !people.contains(person_id) {
                return Err(StoreError::Missing {
                    entity: "person",
                    id: person_id.to_string(),
                });
            }
        }
        let before = training.attendees(session.id);
        self.write(|tx| {
            let id = if session.id == 0 {
                records::insert_stored(tx.conn(), session)?
            } else {
                records::update_stored(tx.conn(), session)?;
                session.id
            };
            for attendance in &before {
                if !attendees
                    .iter()
                    .any(|(person_id, _, _)| *person_id == attendance.person_id)
                {
                    tx.execute("DELETE FROM training_attendance WHERE id = ?1", [attendance.id])?;
                }
            }
            for (person_id, completed, attested_on) in attendees {
                tx.execute(
                    "INSERT INTO training_attendance (session_id, person_id, completed, attested_on)
                     VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (session_id, person_id) DO UPDATE SET completed = ?3, attested_on = ?4
                     WHERE completed IS NOT ?3 OR attested_on IS NOT ?4",
                    (id, person_id, completed, date_text(*attested_on)),
                )?;
            }
            Ok(id)
        })
    }

    /// Deletes a session and its attendance.
    pub fn delete_session(&mut self, id: Id) -> Result<()> {
        if self.training()?.session(id).is_none() {
            return Err(StoreError::Missing {
                entity: "training session",
                id: id.to_string(),
            });
        }
        self.write(|tx| {
            tx.execute("DELETE FROM training_attendance WHERE session_id = ?1", [id])?;
            tx.execute("DELETE FROM training_sessions WHERE id = ?1", [id])?;
            Ok(())
        })
    }

    /// Imports a course matrix in one transaction: all cells or none. A course named in
    /// the file that does not exist is added (yearly, due within 30 days of hire); each
    /// cell marks its role as required to take its course or not.
    pub fn import_course_matrix(&mut self, cells: &[MatrixCell]) -> Result<MatrixCounts> {
        let training = self.training()?;
        let mut counts = MatrixCounts::default();
        self.write(|tx| {
            let mut courses: HashMap<String, Id> = training
                .courses
                .iter()
                .map(|course| (course.title.trim().to_lowercase(), course.id))
                .collect();
            for (role, title, required) in cells {
                let course_id = match courses.get(&title.trim().to_lowercase()) {
                    Some(id) => *id,
                    None => {
                        let course = Course {
                            title: title.trim().to_string(),
                            frequency_months: Some(NEW_COURSE_MONTHS),
                            due_within_days: Some(NEW_COURSE_DAYS),
                            ..Course::default()
                        };
                        let id = records::insert_stored(tx.conn(), &course)?;
                        courses.insert(title.trim().to_lowercase(), id);
                        counts.courses_added.push(course.title);
                        id
                    }
                };
                let held: Vec<Id> = training
                    .requirements
                    .iter()
                    .filter(|requirement| requirement.course_id == course_id && same_role(&requirement.job_role, role))
                    .map(|requirement| requirement.id)
                    .collect();
                match (*required, held.is_empty()) {
                    (true, true) => {
                        tx.execute(
                            "INSERT OR IGNORE INTO training_requirements (job_role, course_id) VALUES (?1, ?2)",
                            (role.trim(), course_id),
                        )?;
                        counts.required += 1;
                    }
                    (false, false) => {
                        for id in held {
                            tx.execute("DELETE FROM training_requirements WHERE id = ?1", [id])?;
                        }
                        counts.removed += 1;
                    }
                    _ => counts.unchanged += 1,
                }
            }
            Ok(())
        })?;
        Ok(counts)
    }

    /// Imports the workforce in one transaction: all rows or none. A row whose name
    /// matches a person (ignoring case) updates them, only in the file's columns; the
    /// others are added. A supervisor the file names who is neither in the file nor in
    /// the practice is added by name, as the inventory import adds owners.
    pub fn import_people(&mut self, table: &crate::exchange::Table<Person>) -> Result<ImportCounts> {
        for (person, _) in &table.rows {
            require_text("person name", &person.name)?;
        }
        // Errors name the file's lines, as the parser's do.
        let line_of = |index: usize| table.lines.get(index).copied().unwrap_or_default();
        let mut seen_names: HashMap<String, usize> = HashMap::new();
        for (index, (person, _)) in table.rows.iter().enumerate() {
            if let Some(first) = seen_names.insert(person.name.trim().to_lowercase(), index) {
                return Err(StoreError::Invalid(format!(
                    "line {}: {} is listed twice in the file (first on line {})",
                    line_of(index),
                    person.name.trim(),
                    line_of(first)
                )));
            }
        }
        let existing: Vec<Person> = self
            .people()?
            .into_iter()
            .filter(|person| person.removed_on.is_none())
            .collect();
        let has_supervisor = table.columns.contains(&"supervisor");
        self.write(|tx| {
            let mut known: HashMap<String, Id> = existing
                .iter()
                .map(|person| (person.name.trim().to_lowercase(), person.id))
                .collect();
            let mut counts = ImportCounts::default();
            // The people first (without supervisors), so a supervisor listed further down
            // the file is found; then each row's supervisor.
            let mut ids = Vec::with_capacity(table.rows.len());
            for (person, _) in &table.rows {
                let name = person.name.trim().to_lowercase();
                match existing.iter().find(|found| found.name.trim().to_lowercase() == name) {
                    Some(before) => {
                        let merged = crate::exchange::reimport::merge_record(before, person, None, &table.columns);
                        if merged == *before {
                            counts.unchanged += 1;
                        } else {
                            records::update(tx.conn(), &merged, &[])?;
                            counts.updated += 1;
                        }
                        ids.push(before.id);
                    }
                    None => {
                        let added = Person {
                            id: 0,
                            name: person.name.trim().to_string(),
                            supervisor_id: None,
                            removed_on: None,
                            ..person.clone()
                        };
                        let id = insert_person(tx.conn(), &added)?;
                        known.insert(name, id);
                        counts.added += 1;
                        ids.push(id);
                    }
                }
            }
            if has_supervisor {
                for (index, ((person, supervisor), id)) in table.rows.iter().zip(&ids).enumerate() {
                    let supervisor_id = match supervisor.as_deref().map(str::trim).filter(|name| !name.is_empty()) {
                        None => None,
                        Some(name) => Some(match known.get(&name.to_lowercase()) {
                            Some(found) => *found,
                            None => {
                                let added = Person {
                                    name: name.to_string(),
                                    ..Person::default()
                                };
                                let found = insert_person(tx.conn(), &added)?;
                                known.insert(name.to_lowercase(), found);
                                counts.added += 1;
                                found
                            }
                        }),
                    };
                    if supervisor_id == Some(*id) {
                        return Err(StoreError::Invalid(format!(
                            "line {}: supervisor: {} cannot supervise themselves",
                            line_of(index),
                            person.name
                        )));
                    }
                    tx.execute(
                        "UPDATE people SET supervisor_id = ?2 WHERE id = ?1 AND supervisor_id IS NOT ?2",
                        (id, supervisor_id),
                    )?;
                }
            }
            Ok(counts)
        })
    }
}
