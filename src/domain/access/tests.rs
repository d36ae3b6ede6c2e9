//! One test (or more) per rule of access reviews.

use chrono::NaiveDate;

use super::*;
use crate::domain::model::Person;

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn person(id: Id, name: &str, terminated: Option<&str>) -> Person {
    Person {
        id,
        name: name.to_string(),
        termination_date: terminated.map(day),
        ..Default::default()
    }
}

fn review(id: Id, system: &str, started: &str, completed: Option<&str>) -> AccessReview {
    AccessReview {
        id,
        completed: completed.map(day),
        ..AccessReview::new(system, day(started))
    }
}

fn account(review_id: Id, user: &str, name: &str, active: bool) -> AccessAccount {
    AccessAccount {
        id: 0,
        review_id,
        user: user.to_string(),
        name: name.to_string(),
        active,
        ..Default::default()
    }
}

fn decided(mut account: AccessAccount, decision: Decision, on: &str) -> AccessAccount {
    account.decision = Some(decision);
    account.decided_by = "Kevin Osei".to_string();
    account.decided_on = Some(day(on));
    account
}

/// Two EHR reviews a quarter apart: jdoe left, asmith arrived, mbell stayed.
fn two_reviews() -> AccessRecords {
    AccessRecords {
        reviews: vec![
            review(1, "EHR", "2026-04-01", Some("2026-04-03")),
            review(2, "EHR", "2026-07-01", None),
        ],
        accounts: vec![
            decided(account(1, "jdoe", "Jane Doe", true), Decision::Keep, "2026-04-03"),
            decided(account(1, "mbell", "Marcus Bell", true), Decision::Keep, "2026-04-03"),
            account(2, "MBELL", "Marcus Bell", true),
            account(2, "asmith", "Ann Smith", true),
        ],
        ..Default::default()
    }
}

#[test]
fn accounts_compare_with_the_previous_completed_review_as_new_removed_or_unchanged() {
    let records = two_reviews();
    let comparison = compare(&records, &records.reviews[1]);
    assert_eq!(comparison.new, 1, "asmith is new");
    assert_eq!(comparison.unchanged, 1, "mbell (in any case) is unchanged");
    assert_eq!(comparison.removed, vec!["jdoe".to_string()]);
    // The first review has nothing before it: every account is new.
    let first = compare(&records, &records.reviews[0]);
    assert_eq!((first.new, first.unchanged, first.removed.len()), (2, 0, 0));
}

#[test]
fn an_open_review_is_not_what_the_next_one_compares_with() {
    let mut records = two_reviews();
    records.reviews[0].completed = None;
    let comparison = compare(&records, &records.reviews[1]);
    assert_eq!((comparison.new, comparison.unchanged), (2, 0));
}

#[test]
fn an_account_matches_a_person_by_name_in_any_spelling() {
    let people = vec![person(1, "Dr. Samuel Okafor", None), person(2, "Grace Liu", None)];
    let by = |name: &str| match_person(&account(1, "x", name, true), &people).map(|p| p.id);
    assert_eq!(by("Samuel Okafor"), Some(1));
    assert_eq!(by("OKAFOR, SAMUEL"), Some(1));
    assert_eq!(by("grace  liu"), Some(2));
    assert_eq!(by("Grace Lu"), None);
    assert_eq!(
        by(""),
        None,
        "a blank name (and a login that is no name) matches no one"
    );
}

#[test]
fn shared_and_generic_logins_are_flagged() {
    for user in [
        "frontdesk",
        "frontdesk2",
        "front.desk",
        "admin",
        "EHR Admin",
        "shared_billing",
        "test1",
    ] {
        assert!(is_shared(&account(1, user, "", true)), "{user} is shared");
    }
    for user in ["mbell", "celeste", "gliu", "adminah"] {
        assert!(!is_shared(&account(1, user, "", true)), "{user} is one person's");
    }
}

#[test]
fn flags_name_the_terminated_still_active_the_unknown_and_the_shared() {
    let people = vec![
        person(1, "Grace Liu", Some("2026-06-26")),
        person(2, "Marcus Bell", None),
    ];
    let review = review(1, "EHR", "2026-07-01", None);
    let flags_of = |user: &str, name: &str, active: bool| flags(&account(1, user, name, active), &review, &people);
    assert_eq!(flags_of("gliu", "Grace Liu", true), vec![Flag::TerminatedActive]);
    assert_eq!(
        flags_of("gliu", "Grace Liu", false),
        Vec::<Flag>::new(),
        "disabled: no longer a problem"
    );
    assert_eq!(flags_of("mbell", "Marcus Bell", true), Vec::<Flag>::new());
    assert_eq!(flags_of("jdoe", "Jane Doe", true), vec![Flag::NoPerson]);
    assert_eq!(flags_of("frontdesk", "Front Desk", true), vec![Flag::Shared]);
    // Terminated after the list was taken: not yet a leaver for this review.
    let earlier = AccessReview::new("EHR", day("2026-06-01"));
    assert!(flags(&account(1, "gliu", "Grace Liu", true), &earlier, &people).is_empty());
}

#[test]
fn a_review_completes_when_every_account_has_a_decision() {
    let mut records = two_reviews();
    assert!(is_complete(&records, 1));
    assert!(!is_complete(&records, 2));
    for account in records.accounts.iter_mut().filter(|account| account.review_id == 2) {
        account.decision = Some(Decision::Keep);
    }
    assert!(is_complete(&records, 2));
    assert!(!is_complete(&records, 3), "a review with no accounts is not complete");
}

#[test]
fn the_next_review_is_due_one_cycle_after_the_last_completed_one() {
    let mut records = two_reviews();
    assert_eq!(next_due(&records, "EHR", day("2026-12-01")), Some(day("2026-07-03")));
    records.reviews[0].cycle_months = 12;
    assert_eq!(next_due(&records, "EHR", day("2026-12-01")), Some(day("2027-04-03")));
    assert_eq!(
        next_due(&records, "Email", day("2026-12-01")),
        None,
        "never reviewed: no cycle yet"
    );
}

#[test]
fn a_newer_completed_review_supersedes_the_older_so_it_is_not_overdue() {
    let mut records = two_reviews();
    // On 2026-08-01 the April review's quarter has passed.
    assert_eq!(
        overdue_reviews(&records, day("2026-08-01")),
        vec![("EHR".to_string(), day("2026-07-03"))]
    );
    records.reviews[1].completed = Some(day("2026-07-02"));
    assert!(
        overdue_reviews(&records, day("2026-08-01")).is_empty(),
        "July's review counts, not April's"
    );
    assert_eq!(next_due(&records, "EHR", day("2026-08-01")), Some(day("2026-10-02")));
}

#[test]
fn a_leaver_still_active_in_the_latest_review_is_found_and_an_older_one_is_history() {
    let people = vec![person(7, "Jane Doe", Some("2026-05-15"))];
    let mut records = two_reviews();
    records.accounts.push(account(2, "jdoe", "Jane Doe", true));
    let found = leavers_still_active(&records, &people, day("2026-12-01"));
    assert_eq!(found.len(), 1);
    assert_eq!(
        (found[0].person.as_str(), found[0].system.as_str()),
        ("Jane Doe", "EHR")
    );
    // Decided "revoke": the reviewer has acted.
    records.accounts.last_mut().unwrap().decision = Some(Decision::Revoke);
    assert!(leavers_still_active(&records, &people, day("2026-12-01")).is_empty());
    // Active in April (before leaving) is no finding either.
    assert!(leavers_still_active(&records, &people, day("2026-06-01")).is_empty());
}

#[test]
fn business_days_skip_saturday_and_sunday() {
    // 2026-06-26 is a Friday.
    assert_eq!(business_days_between(day("2026-06-26"), day("2026-06-26")), 0);
    assert_eq!(
        business_days_between(day("2026-06-26"), day("2026-06-27")),
        0,
        "Saturday"
    );
    assert_eq!(business_days_between(day("2026-06-26"), day("2026-06-29")), 1, "Monday");
    assert_eq!(business_days_between(day("2026-06-26"), day("2026-07-02")), 4);
    assert_eq!(
        business_days_between(day("2026-06-29"), day("2026-06-26")),
        0,
        "backwards is none"
    );
}

#[test]
fn time_to_revoke_is_measured_per_leaver_against_the_limit() {
    let people = vec![
        person(7, "Grace Liu", Some("2026-06-26")),
        person(8, "Marcus Bell", None),
    ];
    let mut records = AccessRecords {
        reviews: vec![review(1, "EHR", "2026-07-01", Some("2026-07-02"))],
        accounts: vec![
            decided(account(1, "gliu", "Grace Liu", true), Decision::Revoke, "2026-07-02"),
            decided(account(1, "mbell", "Marcus Bell", true), Decision::Keep, "2026-07-02"),
        ],
        ..Default::default()
    };
    let leavers = time_to_revoke(&records, &people, day("2026-12-01"));
    assert_eq!(leavers.len(), 1, "only the leaver");
    assert_eq!(leavers[0].revoked, Some(day("2026-07-02")));
    assert_eq!(leavers[0].business_days, 4);
    assert!(leavers[0].late, "4 business days against a limit of 1");
    // A revoke event on the Monday after is within the limit.
    records.events.push(AccessEvent {
        id: 1,
        person_id: 7,
        system: "EHR".to_string(),
        kind: AccessEventKind::Revoked,
        date: day("2026-06-29"),
        approved_by: None,
        notes: String::new(),
    });
    let leavers = time_to_revoke(&records, &people, day("2026-12-01"));
    assert_eq!(
        (leavers[0].revoked, leavers[0].business_days, leavers[0].late),
        (Some(day("2026-06-29")), 1, false)
    );
    // A longer limit (the workspace setting) accepts the later date too.
    records.events.clear();
    records.revoke_limit_days = 5;
    assert!(!time_to_revoke(&records, &people, day("2026-12-01"))[0].late);
}

#[test]
fn a_leaver_missing_from_a_later_list_counts_as_revoked_when_that_list_was_taken() {
    let people = vec![person(7, "Grace Liu", Some("2026-06-26"))];
    let records = AccessRecords {
        reviews: vec![
            review(1, "EHR", "2026-04-01", Some("2026-04-02")),
            review(2, "EHR", "2026-07-06", None),
        ],
        accounts: vec![
            decided(account(1, "gliu", "Grace Liu", true), Decision::Keep, "2026-04-02"),
            account(2, "mbell", "Marcus Bell", true),
        ],
        ..Default::default()
    };
    let leavers = time_to_revoke(&records, &people, day("2026-12-01"));
    assert_eq!(leavers[0].revoked, Some(day("2026-07-06")));
    assert_eq!(leavers[0].business_days, 6);
    // Not yet revoked anywhere: measured to today, and late.
    let open = AccessRecords {
        reviews: vec![review(1, "EHR", "2026-04-01", None)],
        accounts: vec![account(1, "gliu", "Grace Liu", true)],
        ..Default::default()
    };
    let leavers = time_to_revoke(&open, &people, day("2026-06-30"));
    assert_eq!(
        (leavers[0].revoked, leavers[0].business_days, leavers[0].late),
        (None, 2, true)
    );
}
