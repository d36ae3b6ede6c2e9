use super::*;

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn version(id: Id, number: &str, created: &str, effective: &str) -> PolicyVersion {
    PolicyVersion {
        id,
        policy_id: 1,
        number: number.into(),
        created: Some(day(created)),
        effective: Some(day(effective)),
        ..PolicyVersion::default()
    }
}

fn done_review(id: Id, done: &str, outcome: ReviewOutcome) -> PolicyReview {
    PolicyReview {
        id,
        policy_id: 1,
        done: Some(day(done)),
        outcome: Some(outcome),
        ..PolicyReview::default()
    }
}

fn policy(cycle: Option<u64>) -> Policy {
    Policy {
        id: 1,
        title: "Access control".into(),
        review_cycle_months: cycle,
        ..Policy::default()
    }
}

#[test]
fn the_next_review_is_one_cycle_after_the_last_completed_review() {
    let versions = vec![version(1, "1", "2023-01-10", "2023-02-01")];
    // Before any review: one cycle after the first version took effect.
    assert_eq!(next_review_due(&policy(None), &versions, &[]), Some(day("2024-02-01")));
    // A planned review changes nothing: only a completed one does.
    let planned = PolicyReview {
        id: 1,
        policy_id: 1,
        planned: Some(day("2023-06-01")),
        ..PolicyReview::default()
    };
    assert_eq!(
        next_review_due(&policy(None), &versions, std::slice::from_ref(&planned)),
        Some(day("2024-02-01"))
    );
    let reviews = vec![
        planned,
        done_review(2, "2024-03-15", ReviewOutcome::NoChange),
        done_review(3, "2025-01-20", ReviewOutcome::NoChange),
    ];
    assert_eq!(
        next_review_due(&policy(None), &versions, &reviews),
        Some(day("2026-01-20"))
    );
    // The policy's own cycle.
    assert_eq!(
        next_review_due(&policy(Some(24)), &versions, &reviews),
        Some(day("2027-01-20"))
    );
    // Nothing to count from: no date.
    assert_eq!(next_review_due(&policy(None), &[], &[]), None);
}

#[test]
fn a_review_is_advisory_when_due_and_blocking_thirty_days_after() {
    let due = Some(day("2026-01-20"));
    assert_eq!(review_state(due, day("2026-01-19")), ReviewState::NotDue);
    assert_eq!(
        review_state(due, day("2026-01-20")),
        ReviewState::Due(day("2026-01-20"))
    );
    assert_eq!(
        review_state(due, day("2026-02-19")),
        ReviewState::Due(day("2026-01-20"))
    );
    assert_eq!(
        review_state(due, day("2026-02-20")),
        ReviewState::Overdue(day("2026-01-20"))
    );
    assert_eq!(review_state(None, day("2026-02-20")), ReviewState::NotDue);
}

#[test]
fn the_current_version_is_the_one_that_took_effect_last() {
    let versions = vec![
        version(2, "2", "2024-03-15", "2024-04-01"),
        version(1, "1", "2023-01-10", "2023-02-01"),
    ];
    assert_eq!(current_version(&versions).map(|v| v.number.as_str()), Some("2"));
    assert_eq!(current_version(&[]), None);
}

#[test]
fn retention_ends_six_years_after_the_later_of_creation_and_last_in_effect() {
    let versions = vec![
        version(1, "1", "2017-01-10", "2017-02-01"),
        version(2, "2", "2019-03-15", "2019-04-01"),
    ];
    let today = day("2026-03-01");
    // Version 1 was last in effect on 2019-03-31, later than its creation.
    assert_eq!(last_in_effect(&versions[0], &versions), Some(day("2019-03-31")));
    assert_eq!(retention_end(&versions[0], &versions, today), day("2025-03-31"));
    assert_eq!(may_delete_version(&versions[0], &versions, today), Ok(()));
    // Version 2 is in effect today: kept until six years after today.
    assert_eq!(last_in_effect(&versions[1], &versions), None);
    assert_eq!(retention_end(&versions[1], &versions, today), day("2032-03-01"));
    assert_eq!(
        may_delete_version(&versions[1], &versions, today),
        Err(day("2032-03-01"))
    );
    // The day before its end a superseded version is still kept.
    assert_eq!(
        may_delete_version(&versions[0], &versions, day("2025-03-30")),
        Err(day("2025-03-31"))
    );
}

#[test]
fn a_version_created_after_it_stopped_being_in_effect_counts_from_its_creation() {
    // Recorded late: created 2024, though superseded in 2020.
    let versions = vec![
        version(1, "1", "2024-05-01", "2019-01-01"),
        version(2, "2", "2020-01-01", "2020-01-01"),
    ];
    assert_eq!(
        retention_end(&versions[0], &versions, day("2026-01-01")),
        day("2030-05-01")
    );
}

#[test]
fn completing_a_review_with_a_new_version_creates_the_version() {
    let versions = vec![version(1, "1", "2023-01-10", "2023-02-01")];
    let today = day("2026-03-01");
    let completion = ReviewCompletion {
        done: Some(day("2026-02-20")),
        outcome: Some(ReviewOutcome::NewVersion),
        number: " 2 ".into(),
        effective: Some(day("2026-03-01")),
        changes: "Adds MFA".into(),
        ..ReviewCompletion::default()
    };
    let created = check_completion(&completion, &versions, today).unwrap().unwrap();
    assert_eq!(created.number, "2");
    assert_eq!(created.created, Some(day("2026-02-20")));
    assert_eq!(created.effective, Some(day("2026-03-01")));
    assert_eq!(created.changes, "Adds MFA");
}

#[test]
fn a_completion_is_refused_with_the_field_to_fix() {
    let versions = vec![version(1, "1", "2023-01-10", "2023-02-01")];
    let today = day("2026-03-01");
    let base = ReviewCompletion {
        done: Some(day("2026-02-20")),
        outcome: Some(ReviewOutcome::NewVersion),
        number: "2".into(),
        effective: Some(day("2026-03-01")),
        ..ReviewCompletion::default()
    };
    let field = |completion: ReviewCompletion| check_completion(&completion, &versions, today).unwrap_err().field;
    assert_eq!(
        field(ReviewCompletion {
            done: None,
            ..base.clone()
        }),
        "done"
    );
    assert_eq!(
        field(ReviewCompletion {
            done: Some(day("2026-03-02")),
            ..base.clone()
        }),
        "done"
    );
    assert_eq!(
        field(ReviewCompletion {
            outcome: None,
            ..base.clone()
        }),
        "outcome"
    );
    assert_eq!(
        field(ReviewCompletion {
            number: " ".into(),
            ..base.clone()
        }),
        "number"
    );
    assert_eq!(
        field(ReviewCompletion {
            number: "1".into(),
            ..base.clone()
        }),
        "number"
    );
    assert_eq!(
        field(ReviewCompletion {
            effective: None,
            ..base.clone()
        }),
        "effective"
    );
    assert_eq!(
        field(ReviewCompletion {
            effective: Some(day("2023-01-01")),
            ..base.clone()
        }),
        "effective"
    );
    // No change takes no version number.
    assert_eq!(
        field(ReviewCompletion {
            outcome: Some(ReviewOutcome::NoChange),
            ..base.clone()
        }),
        "number"
    );
    let no_change = ReviewCompletion {
        outcome: Some(ReviewOutcome::NoChange),
        number: String::new(),
        ..base
    };
    assert_eq!(check_completion(&no_change, &versions, today), Ok(None));
}

#[test]
fn linked_safeguards_are_read_from_a_list() {
    let policy = Policy {
        safeguards: "§164.308(a)(5)(i), 164.310(d)(1);; ".into(),
        ..Policy::default()
    };
    assert_eq!(policy.safeguard_citations(), vec!["164.308(a)(5)(i)", "164.310(d)(1)"]);
    assert_eq!(policy.cycle_months(), 12);
}
