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
        policy_versions: Vec::new(),
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

fn taught_policy(days: u32) -> Course {
    Course {
        policy_id: Some(7),
        ..course(Some(12), Some(days))
    }
}

#[test]
fn a_new_policy_version_makes_the_course_due_within_its_days_unless_completed_since() {
    let course = taught_policy(30);
    let hired = Some(day("2024-01-01"));
    let version = Some(day("2026-03-01"));
    // Completed in January: the yearly repeat is next January, the new version asks by 31 March.
    assert_eq!(
        status_with_policy(&course, hired, Some(day("2026-01-10")), version, day("2026-03-15")),
        DueStatus::Current {
            next_due: Some(day("2026-03-31"))
        }
    );
    assert_eq!(
        status_with_policy(&course, hired, Some(day("2026-01-10")), version, day("2026-04-10")),
        DueStatus::Overdue {
            due: day("2026-03-31"),
            days: 10
        }
    );
    // Completed on the version's day or after it: the version asks nothing more.
    for done in ["2026-03-01", "2026-03-20"] {
        assert_eq!(
            status_with_policy(&course, hired, Some(day(done)), version, day("2026-04-10")),
            status_of(&course, hired, Some(day(done)), day("2026-04-10")),
            "completed {done}"
        );
    }
    // Hired on or after the version's day: their first training teaches it.
    assert_eq!(
        status_with_policy(&course, Some(day("2026-03-05")), None, version, day("2026-03-10")),
        DueStatus::Upcoming { due: day("2026-04-04") }
    );
    // The frequency's date, when earlier, stays the one due.
    assert_eq!(
        status_with_policy(&course, hired, Some(day("2025-03-10")), version, day("2026-03-15")),
        DueStatus::Overdue {
            due: day("2026-03-10"),
            days: 5
        }
    );
    // No version, no change; never trained with no hire date stays a data gap.
    assert_eq!(
        status_with_policy(&course, hired, Some(day("2026-01-10")), None, day("2026-03-15")),
        status_of(&course, hired, Some(day("2026-01-10")), day("2026-03-15"))
    );
    assert_eq!(
        status_with_policy(&course, None, None, version, day("2026-03-15")),
        DueStatus::NoHireDate
    );
}

#[test]
fn obligations_read_the_latest_new_version_of_the_course_policy_only() {
    let mut training = training_with(&[(1, "2026-01-10")], &[(1, 1, true)]);
    training.courses[0].policy_id = Some(7);
    training.policy_versions = vec![
        PolicyVersionDate {
            policy_id: 7,
            date: day("2025-06-01"),
        },
        PolicyVersionDate {
            policy_id: 7,
            date: day("2026-02-01"),
        },
        // Another policy's version asks nothing of this course.
        PolicyVersionDate {
            policy_id: 8,
            date: day("2026-03-01"),
        },
    ];
    let people = [person(1, "front desk", Some("2024-01-01"))];
    let obligation = &training.obligations(&people, day("2026-03-20"))[0];
    assert_eq!(
        obligation.status,
        DueStatus::Overdue {
            due: day("2026-03-03"),
            days: 17
        },
        "due 30 days after the February version; the January session came before it"
    );
    training.courses[0].policy_id = None;
    let obligation = &training.obligations(&people, day("2026-03-20"))[0];
    assert_eq!(
        obligation.status,
        DueStatus::Current {
            next_due: Some(day("2027-01-10"))
        }
    );
}
