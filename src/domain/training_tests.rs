use super::*;

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn course(frequency: Option<u32>, days: Option<u32>) -> Course {
    Course {
        id: 1,
        title: "HIPAA basics".into(),
        frequency_months: frequency,
        due_within_days: days,
        ..Course::default()
    }
}

fn person(id: Id, role: &str, hired: Option<&str>) -> Person {
    Person {
        id,
        name: format!("Person {id}"),
        job_role: role.into(),
        hire_date: hired.map(day),
        ..Person::default()
    }
}

fn training_with(sessions: &[(Id, &str)], attended: &[(Id, Id, bool)]) -> Training {
    Training {
        courses: vec![course(Some(12), Some(30))],
        requirements: vec![RoleRequirement {
            id: 1,
            job_role: "Front Desk".into(),
            course_id: 1,
        }],
        sessions: sessions
            .iter()
            .map(|(id, held)| TrainingSession {
                id: *id,
                course_id: 1,
                held_on: Some(day(held)),
                ..TrainingSession::default()
            })
            .collect(),
        attendance: attended
            .iter()
            .enumerate()
            .map(|(index, (session_id, person_id, completed))| Attendance {
                id: index as Id + 1,
                session_id: *session_id,
                person_id: *person_id,
                completed: *completed,
                attested_on: None,
            })
            .collect(),
    }
}

#[test]
fn first_due_is_the_hire_date_plus_the_course_days() {
    assert_eq!(
        first_due(&course(Some(12), Some(30)), day("2026-01-10")),
        day("2026-02-09")
    );
    // No days given: due on the day they start.
    assert_eq!(first_due(&course(Some(12), None), day("2026-01-10")), day("2026-01-10"));
    let status = status_of(
        &course(Some(12), Some(30)),
        Some(day("2026-01-10")),
        None,
        day("2026-02-08"),
    );
    assert_eq!(status, DueStatus::Upcoming { due: day("2026-02-09") });
    let status = status_of(
        &course(Some(12), Some(30)),
        Some(day("2026-01-10")),
        None,
        day("2026-02-09"),
    );
    assert_eq!(
        status,
        DueStatus::Overdue {
            due: day("2026-02-09"),
            days: 0
        }
    );
}

#[test]
fn a_repeat_is_due_one_frequency_after_the_last_completion() {
    let yearly = course(Some(12), Some(30));
    assert_eq!(repeat_due(&yearly, day("2025-03-31")), Some(day("2026-03-31")));
    let status = status_of(
        &yearly,
        Some(day("2020-01-01")),
        Some(day("2025-03-31")),
        day("2026-03-30"),
    );
    assert_eq!(
        status,
        DueStatus::Current {
            next_due: Some(day("2026-03-31"))
        }
    );
    let status = status_of(
        &yearly,
        Some(day("2020-01-01")),
        Some(day("2025-03-31")),
        day("2026-05-10"),
    );
    assert_eq!(
        status,
        DueStatus::Overdue {
            due: day("2026-03-31"),
            days: 40
        }
    );
    assert!(status.blocks());
}

#[test]
fn a_course_taken_once_is_never_due_again() {
    for once in [course(Some(0), Some(30)), course(None, Some(30))] {
        assert_eq!(repeat_due(&once, day("2015-01-01")), None);
        let status = status_of(
            &once,
            Some(day("2015-01-01")),
            Some(day("2015-01-05")),
            day("2026-01-01"),
        );
        assert_eq!(status, DueStatus::Current { next_due: None });
    }
}

#[test]
fn overdue_blocks_only_after_thirty_days() {
    let due = day("2026-01-01");
    assert!(!DueStatus::Overdue { due, days: 0 }.blocks());
    assert!(!DueStatus::Overdue { due, days: 30 }.blocks());
    assert!(DueStatus::Overdue { due, days: 31 }.blocks());
    assert!(!DueStatus::Upcoming { due }.blocks());
}

#[test]
fn a_leaver_owes_nothing_and_the_last_completion_counts() {
    let training = training_with(
        &[(1, "2025-02-01"), (2, "2026-02-01")],
        &[(1, 1, true), (2, 1, true), (1, 2, true), (2, 2, false)],
    );
    let mut leaver = person(3, "front desk", Some("2020-01-01"));
    leaver.termination_date = Some(day("2026-01-15"));
    let people = vec![
        person(1, "Front Desk", Some("2020-01-01")),
        person(2, " FRONT DESK ", Some("2020-01-01")),
        leaver,
        person(4, "Billing", Some("2020-01-01")),
    ];
    let obligations = training.obligations(&people, day("2026-03-01"));
    // The leaver and the role with no course owe nothing; the role matches whatever its case.
    let owing: Vec<Id> = obligations.iter().map(|obligation| obligation.person_id).collect();
    assert_eq!(owing, vec![1, 2]);
    // Person 1 completed both sessions: the latest counts.
    assert_eq!(obligations[0].last_completed, Some(day("2026-02-01")));
    assert_eq!(
        obligations[0].status,
        DueStatus::Current {
            next_due: Some(day("2027-02-01"))
        }
    );
    // Person 2 attended the second session without completing it: the first counts, and
    // a year on from it they are overdue by 28 days.
    assert_eq!(obligations[1].first_completed, Some(day("2025-02-01")));
    assert_eq!(
        obligations[1].status,
        DueStatus::Overdue {
            due: day("2026-02-01"),
            days: 28
        }
    );
    // Before their termination date they still owe it.
    let before = training.obligations(&people, day("2026-01-14"));
    assert!(before.iter().any(|obligation| obligation.person_id == 3));
}

#[test]
fn no_hire_date_and_no_completion_is_said_not_guessed() {
    let status = status_of(&course(Some(12), Some(30)), None, None, day("2026-01-01"));
    assert_eq!(status, DueStatus::NoHireDate);
    assert_eq!(status.due(), None);
}

#[test]
fn a_year_reads_the_sessions_of_its_period() {
    let training = training_with(
        &[
            (1, "2024-12-31"),
            (2, "2025-01-01"),
            (3, "2025-12-31"),
            (4, "2026-01-01"),
        ],
        &[],
    );
    let ids: Vec<Id> = training
        .sessions_in(day("2025-01-01"), day("2025-12-31"))
        .iter()
        .map(|session| session.id)
        .collect();
    assert_eq!(ids, vec![2, 3]);
}
