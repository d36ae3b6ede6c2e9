//! The training rules: a role owning ePHI with no course, overdue training (advisory up to
//! 30 days, blocking after), and ePHI handled before the first required training.

use super::*;
use crate::domain::training::{Attendance, Course, RoleRequirement, TrainingSession};

/// Sam (who owns the EHR server in `clean`) as a manager hired on `hired`, a yearly course
/// due within 30 days of hire required of managers, and sessions on `sessions` days, Sam
/// completing those marked true.
fn trained(hired: NaiveDate, sessions: &[(NaiveDate, bool)]) -> Workspace {
    let mut workspace = clean();
    workspace.people[0].job_role = "Manager".into();
    workspace.people[0].hire_date = Some(hired);
    workspace.training.courses.push(Course {
        id: 1,
        title: "HIPAA basics".into(),
        frequency_months: Some(12),
        due_within_days: Some(30),
        ..Course::default()
    });
    workspace.training.requirements.push(RoleRequirement {
        id: 1,
        job_role: " manager".into(),
        course_id: 1,
    });
    for (index, (day, attended)) in sessions.iter().enumerate() {
        let id = index as Id + 1;
        workspace.training.sessions.push(TrainingSession {
            id,
            course_id: 1,
            held_on: Some(*day),
            ..TrainingSession::default()
        });
        if *attended {
            workspace.training.attendance.push(Attendance {
                id,
                session_id: id,
                person_id: 1,
                completed: true,
                attested_on: Some(*day),
            });
        }
    }
    workspace
}

fn of_rule(workspace: &Workspace, rule: Rule) -> Vec<Finding> {
    findings(workspace, catalog(), today())
        .into_iter()
        .filter(|finding| finding.rule == rule)
        .collect()
}

#[test]
fn a_role_owning_ephi_with_no_course_blocks() {
    let mut workspace = clean();
    workspace.people[0].job_role = "Manager".into();
    let found = of_rule(&workspace, Rule::RoleWithoutTraining);
    assert_eq!(found.len(), 1);
    assert!(found[0].blocking);
    assert!(found[0].message.contains("\"Manager\""), "{}", found[0].message);
    assert!(found[0].message.contains("(Sam)"), "{}", found[0].message);
    assert_eq!(found[0].key, "training.role_without_course:role:manager");
    // A course required of the role, whatever its case: resolved.
    let workspace = trained(on(2020, 1, 1), &[(on(2026, 1, 10), true)]);
    assert!(of_rule(&workspace, Rule::RoleWithoutTraining).is_empty());
    // A role whose people own no ePHI asset needs none.
    let mut workspace = clean();
    workspace.people[0].job_role = "Manager".into();
    workspace.assets[0].owner_id = None;
    assert!(of_rule(&workspace, Rule::RoleWithoutTraining).is_empty());
}

#[test]
fn overdue_training_is_advisory_for_thirty_days_then_blocks() {
    // Completed 2025-06-01: due 2026-06-01, 14 days overdue on 2026-06-15.
    let workspace = trained(on(2020, 1, 1), &[(on(2025, 6, 1), true)]);
    let due = of_rule(&workspace, Rule::TrainingDue);
    assert_eq!(due.len(), 1);
    assert!(!due[0].blocking);
    assert!(
        due[0]
            .message
            .starts_with("Sam's training \"HIPAA basics\" is 14 days overdue (due 2026-06-01)")
    );
    assert!(of_rule(&workspace, Rule::TrainingOverdue).is_empty());
    // Completed 2025-05-01: 45 days overdue, blocking.
    let workspace = trained(on(2020, 1, 1), &[(on(2025, 5, 1), true)]);
    let overdue = of_rule(&workspace, Rule::TrainingOverdue);
    assert_eq!(overdue.len(), 1);
    assert!(overdue[0].blocking);
    assert!(overdue[0].message.contains("45 days overdue"));
    assert!(of_rule(&workspace, Rule::TrainingDue).is_empty());
    // Completed 2025-07-01: current.
    let workspace = trained(on(2020, 1, 1), &[(on(2025, 7, 1), true)]);
    assert!(of_rule(&workspace, Rule::TrainingDue).is_empty());
    assert!(of_rule(&workspace, Rule::TrainingOverdue).is_empty());
    // A leaver owes nothing.
    let mut workspace = trained(on(2020, 1, 1), &[(on(2025, 5, 1), true)]);
    workspace.people[0].termination_date = Some(on(2026, 6, 1));
    assert!(of_rule(&workspace, Rule::TrainingOverdue).is_empty());
}

#[test]
fn handling_ephi_before_the_first_training_is_a_finding() {
    // Hired 2026-01-01, due 2026-01-31, first completed 2026-03-01; the records start
    // 2025-12-01, before the hire date.
    let workspace = trained(on(2026, 1, 1), &[(on(2025, 12, 1), false), (on(2026, 3, 1), true)]);
    let found = of_rule(&workspace, Rule::TrainedAfterAccess);
    assert_eq!(found.len(), 1);
    assert!(!found[0].blocking);
    assert!(
        found[0]
            .message
            .contains("Sam handled ePHI from 2026-01-01 but first completed \"HIPAA basics\" on 2026-03-01"),
        "{}",
        found[0].message
    );
    // Trained within the course's days: nothing.
    let workspace = trained(on(2026, 2, 15), &[(on(2025, 12, 1), false), (on(2026, 3, 1), true)]);
    assert!(of_rule(&workspace, Rule::TrainedAfterAccess).is_empty());
    // Hired before the records begin: the records cannot show their first training.
    let workspace = trained(on(2025, 11, 1), &[(on(2025, 12, 1), false), (on(2026, 3, 1), true)]);
    assert!(of_rule(&workspace, Rule::TrainedAfterAccess).is_empty());
}
