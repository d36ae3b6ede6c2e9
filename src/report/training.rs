//! The report's "Workforce training and access" section, training part: coverage by job
//! role (people, required courses, current and overdue), the overdue list, and the
//! sessions held in the assessment's period (a year reads the training records dated in
//! its period; due dates use every completion, whenever it was). The access part is its
//! own section. Model part (`build`) and render (`section`).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::helpers::{AMBER, RED};
use super::layout::{BODY, Cell, Layout, col};
use crate::domain::Workspace;
use crate::domain::training::{DueStatus, has_left};

/// What the section prints.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainingSection {
    /// The day statuses are worked out for: the report's date.
    pub as_of: Option<NaiveDate>,
    /// Current members of the workforce (leavers apart).
    pub workforce: usize,
    /// Of them, those whose job role requires at least one course.
    pub in_scope: usize,
    /// Those in scope with every required course current (or upcoming).
    pub compliant: usize,
    /// People with at least one course overdue.
    pub overdue_people: usize,
    pub roles: Vec<RoleCoverageRow>,
    pub overdue: Vec<OverdueRow>,
    /// Sessions held in the assessment's period.
    pub sessions: Vec<SessionRow>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleCoverageRow {
    pub role: String,
    pub people: usize,
    pub courses: Vec<String>,
    pub compliant: usize,
    pub overdue: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverdueRow {
    pub person: String,
    pub role: String,
    pub course: String,
    pub due: Option<NaiveDate>,
    pub days: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRow {
    pub held_on: Option<NaiveDate>,
    pub course: String,
    pub version: String,
    pub trainer: String,
    pub method: String,
    pub attendees: usize,
    pub completed: usize,
}

/// The section's model from the workspace on `date`.
pub fn build(workspace: &Workspace, date: NaiveDate) -> TrainingSection {
    let training = &workspace.training;
    let current: Vec<_> = workspace
        .people
        .iter()
        .filter(|person| !has_left(person, date))
        .collect();
    let obligations = training.obligations(&workspace.people, date);
    let mut section = TrainingSection {
        as_of: Some(date),
        workforce: current.len(),
        ..TrainingSection::default()
    };
    // By role, in order of the role's name as people typed it first.
    let mut roles: BTreeMap<String, RoleCoverageRow> = BTreeMap::new();
    for person in &current {
        let own: Vec<_> = obligations
            .iter()
            .filter(|obligation| obligation.person_id == person.id)
            .collect();
        let overdue = own
            .iter()
            .any(|obligation| matches!(obligation.status, DueStatus::Overdue { .. }));
        let compliant = !own.is_empty()
            && own.iter().all(|obligation| {
                matches!(
                    obligation.status,
                    DueStatus::Current { .. } | DueStatus::Upcoming { .. }
                )
            });
        if !own.is_empty() {
            section.in_scope += 1;
        }
        section.compliant += usize::from(compliant);
        section.overdue_people += usize::from(overdue);
        let role_name = if person.job_role.trim().is_empty() {
            "(no job role)".to_string()
        } else {
            person.job_role.trim().to_string()
        };
        let row = roles
            .entry(role_name.to_lowercase())
            .or_insert_with(|| RoleCoverageRow {
                role: role_name.clone(),
                courses: training
                    .courses_for_role(&person.job_role)
                    .iter()
                    .map(|course| course.title.clone())
                    .collect(),
                ..RoleCoverageRow::default()
            });
        row.people += 1;
        row.compliant += usize::from(compliant);
        row.overdue += usize::from(overdue);
        for obligation in own {
            if let DueStatus::Overdue { due, days } = obligation.status {
                section.overdue.push(OverdueRow {
                    person: person.name.clone(),
                    role: person.job_role.clone(),
                    course: training
                        .course(obligation.course_id)
                        .map_or_else(String::new, |course| course.title.clone()),
                    due: Some(due),
                    days,
                });
            }
        }
    }
    section.roles = roles.into_values().collect();
    if let Some(assessment) = workspace.assessment() {
        section.sessions = training
            .sessions_in(assessment.period_start, assessment.period_end)
            .into_iter()
            .map(|session| {
                let attendees = training.attendees(session.id);
                SessionRow {
                    held_on: session.held_on,
                    course: training
                        .course(session.course_id)
                        .map_or_else(String::new, |course| course.title.clone()),
                    version: session.course_version.clone(),
                    trainer: session.trainer.clone(),
                    method: session.method.map(|method| method.to_string()).unwrap_or_default(),
                    attendees: attendees.len(),
                    completed: attendees.iter().filter(|attendance| attendance.completed).count(),
                }
            })
            .collect();
    }
    section
}

/// The counts in one sentence: what an investigator reads first.
pub fn summary_line(section: &TrainingSection) -> String {
    format!(
        "Workforce: {} people; {} required to train by their job role; {} fully trained; {} overdue.",
        section.workforce, section.in_scope, section.compliant, section.overdue_people
    )
}

/// Lays out the section.
pub fn section(layout: &mut Layout, training: &TrainingSection) {
    layout.paragraph(
        "Security awareness and training (§164.308(a)(5)(i)): the courses each job role must take, \
         who is trained, and who is overdue on the report's date; then who has access to each ePHI \
         system, leavers and the time to revoke them, and access changes outside reviews.",
        BODY,
        false,
    );
    layout.paragraph(&summary_line(training), BODY, true);
    if training.roles.is_empty() {
        layout.paragraph("No workforce recorded.", BODY, false);
        return;
    }
    layout.subheading("Coverage by job role");
    let rows: Vec<Vec<Cell>> = training
        .roles
        .iter()
        .map(|row| {
            let courses = if row.courses.is_empty() {
                "No course required".to_string()
            } else {
                row.courses.join("\n")
            };
            vec![
                Cell::from(row.role.clone()),
                Cell::from(row.people.to_string()),
                Cell {
                    text: courses,
                    bold: row.courses.is_empty(),
                    fill: row.courses.is_empty().then_some(AMBER),
                },
                Cell::from(row.compliant.to_string()),
                Cell {
                    text: row.overdue.to_string(),
                    bold: row.overdue > 0,
                    fill: (row.overdue > 0).then_some(RED),
                },
            ]
        })
        .collect();
    layout.table(
        &[
            col("Job role", 0.24),
            col("People", 0.1),
            col("Required courses", 0.4),
            col("Trained", 0.13),
            col("Overdue", 0.13),
        ],
        &rows,
    );
    layout.subheading("Overdue training");
    if training.overdue.is_empty() {
        layout.paragraph("Nobody is overdue.", BODY, false);
    } else {
        let rows: Vec<Vec<Cell>> = training
            .overdue
            .iter()
            .map(|row| {
                vec![
                    Cell::from(row.person.clone()),
                    Cell::from(row.role.clone()),
                    Cell::from(row.course.clone()),
                    Cell::from(row.due.map_or_else(String::new, |due| due.to_string())),
                    Cell::from(format!("{} days", row.days)),
                ]
            })
            .collect();
        layout.table(
            &[
                col("Person", 0.22),
                col("Job role", 0.18),
                col("Course", 0.3),
                col("Due", 0.15),
                col("Overdue by", 0.15),
            ],
            &rows,
        );
    }
    layout.subheading("Sessions held in the period");
    if training.sessions.is_empty() {
        layout.paragraph("No training session is recorded in the period.", BODY, false);
        return;
    }
    let rows: Vec<Vec<Cell>> = training
        .sessions
        .iter()
        .map(|row| {
            vec![
                Cell::from(row.held_on.map_or_else(String::new, |day| day.to_string())),
                Cell::from(if row.version.is_empty() {
                    row.course.clone()
                } else {
                    format!("{} (version {})", row.course, row.version)
                }),
                Cell::from(row.trainer.clone()),
                Cell::from(row.method.clone()),
                Cell::from(format!("{} of {}", row.completed, row.attendees)),
            ]
        })
        .collect();
    layout.table(
        &[
            col("Date", 0.13),
            col("Course", 0.37),
            col("Trainer", 0.2),
            col("Method", 0.12),
            col("Completed", 0.18),
        ],
        &rows,
    );
}
