//! The rules of access reviews, each a pure function: which review came before, what
//! changed since, who an account belongs to, what to flag, when the next review is due,
//! which leavers are still active and how long each took to be revoked.

use chrono::{Datelike, Months, NaiveDate, Weekday};

use super::{AccessAccount, AccessEventKind, AccessRecords, AccessReview, Decision};
use crate::domain::model::{Id, Person};

/// An account compared with the previous completed review of its system.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// No previous review listed this user (or there is no previous review).
    New,
    Unchanged,
}

impl Change {
    pub fn label(self) -> &'static str {
        match self {
            Change::New => "new",
            Change::Unchanged => "unchanged",
        }
    }
}

/// What an account raises against the roster.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flag {
    /// Active, and matched to a person terminated on or before the review started.
    TerminatedActive,
    /// Matches no person of the roster.
    NoPerson,
    /// A shared or generic login ("frontdesk", "admin"): no one person answers for it.
    Shared,
}

impl Flag {
    pub fn label(self) -> &'static str {
        match self {
            Flag::TerminatedActive => "terminated, still active",
            Flag::NoPerson => "no matching person",
            Flag::Shared => "shared account",
        }
    }
}

/// A review's accounts set against the previous completed review of the same system.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Comparison {
    pub new: usize,
    pub unchanged: usize,
    /// The previous review's users this review no longer lists.
    pub removed: Vec<String>,
}

/// Users compare in any case, spaces around them dropped.
fn same_user(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim()) || a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// The completed review of the same system that came before `review` (by start date, then
/// id): what `review` is compared with.
pub fn previous_completed<'a>(records: &'a AccessRecords, review: &AccessReview) -> Option<&'a AccessReview> {
    records
        .reviews
        .iter()
        .filter(|other| other.system == review.system && other.completed.is_some())
        .filter(|other| (other.started, other.id) < (review.started, review.id))
        .max_by_key(|other| (other.started, other.id))
}

/// The change of one account since the previous completed review.
pub fn change_of(records: &AccessRecords, review: &AccessReview, account: &AccessAccount) -> Change {
    match previous_completed(records, review) {
        Some(previous)
            if records
                .accounts_of(previous.id)
                .any(|before| same_user(&before.user, &account.user)) =>
        {
            Change::Unchanged
        }
        _ => Change::New,
    }
}

/// The counts of new, unchanged and removed accounts of a review.
pub fn compare(records: &AccessRecords, review: &AccessReview) -> Comparison {
    let mut comparison = Comparison::default();
    for account in records.accounts_of(review.id) {
        match change_of(records, review, account) {
            Change::New => comparison.new += 1,
            Change::Unchanged => comparison.unchanged += 1,
        }
    }
    if let Some(previous) = previous_completed(records, review) {
        comparison.removed = records
            .accounts_of(previous.id)
            .filter(|before| {
                !records
                    .accounts_of(review.id)
                    .any(|now| same_user(&now.user, &before.user))
            })
            .map(|before| before.user.clone())
            .collect();
    }
    comparison
}

/// A name as compared with the roster: lower case, titles and punctuation dropped, and
/// "Last, First" turned round, so "OKAFOR, SAMUEL" and "Dr. Samuel Okafor" are one name.
pub fn name_key(name: &str) -> String {
    let turned = match name.split_once(',') {
        Some((last, first)) if !first.trim().is_empty() => format!("{} {}", first.trim(), last.trim()),
        _ => name.to_string(),
    };
    turned
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty() && !matches!(*word, "dr" | "mr" | "mrs" | "ms" | "md" | "np" | "rn"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The person of the roster an account belongs to, matched by name (the account's name,
/// else its user when that is written like a name).
pub fn match_person<'a>(account: &AccessAccount, people: &'a [Person]) -> Option<&'a Person> {
    let wanted = if account.name.trim().is_empty() {
        name_key(&account.user)
    } else {
        name_key(&account.name)
    };
    if wanted.is_empty() {
        return None;
    }
    people.iter().find(|person| name_key(&person.name) == wanted)
}

/// Words that make a login shared or generic.
const SHARED_WORDS: [&str; 11] = [
    "frontdesk",
    "reception",
    "admin",
    "administrator",
    "shared",
    "generic",
    "guest",
    "test",
    "temp",
    "nursestation",
    "billing",
];

/// A shared or generic account: its user (or name), read as words without digits, is or
/// contains one of the usual generic words ("frontdesk2", "front.desk", "EHR Admin").
pub fn is_shared(account: &AccessAccount) -> bool {
    [&account.user, &account.name].iter().any(|text| {
        let words: Vec<String> = text
            .to_lowercase()
            .split(|c: char| !c.is_alphabetic())
            .filter(|word| !word.is_empty())
            .map(str::to_string)
            .collect();
        let joined = words.concat();
        SHARED_WORDS
            .iter()
            .any(|shared| words.iter().any(|word| word == shared) || joined == *shared)
    })
}

/// Whether a person had left by `day`.
fn terminated_by(person: &Person, day: NaiveDate) -> bool {
    person.termination_date.is_some_and(|terminated| terminated <= day)
}

/// The flags of one account of `review`.
pub fn flags(account: &AccessAccount, review: &AccessReview, people: &[Person]) -> Vec<Flag> {
    if is_shared(account) {
        return vec![Flag::Shared];
    }
    match match_person(account, people) {
        None => vec![Flag::NoPerson],
        Some(person) if account.active && terminated_by(person, review.started) => vec![Flag::TerminatedActive],
        Some(_) => Vec::new(),
    }
}

/// A review is complete when it has accounts and every one has a decision.
pub fn is_complete(records: &AccessRecords, review_id: Id) -> bool {
    let mut accounts = records.accounts_of(review_id).peekable();
    accounts.peek().is_some() && records.accounts_of(review_id).all(|account| account.decision.is_some())
}

/// The latest review of a system started on or before `until` (the open one, if any).
pub fn latest_review<'a>(records: &'a AccessRecords, system: &str, until: NaiveDate) -> Option<&'a AccessReview> {
    records
        .reviews
        .iter()
        .filter(|review| review.system == system && review.started <= until)
        .max_by_key(|review| (review.started, review.id))
}

/// The last completed review of a system, completed on or before `until`.
pub fn last_completed<'a>(records: &'a AccessRecords, system: &str, until: NaiveDate) -> Option<&'a AccessReview> {
    records
        .reviews
        .iter()
        .filter(|review| review.system == system && review.completed.is_some_and(|done| done <= until))
        .max_by_key(|review| (review.completed, review.started, review.id))
}

/// When the next review of a system is due: one cycle (that review's) after the last
/// completed one. A newer review supersedes the older, so only the last one counts;
/// None before the first completed review.
pub fn next_due(records: &AccessRecords, system: &str, until: NaiveDate) -> Option<NaiveDate> {
    let last = last_completed(records, system, until)?;
    let completed = last.completed?;
    completed.checked_add_months(Months::new(last.cycle_months))
}

/// The systems whose next review is past due on `today`, with the day it was due.
pub fn overdue_reviews(records: &AccessRecords, today: NaiveDate) -> Vec<(String, NaiveDate)> {
    records
        .systems()
        .into_iter()
        .filter_map(|system| {
            let due = next_due(records, system, today)?;
            (due < today).then(|| (system.to_string(), due))
        })
        .collect()
}

/// The calendar's access reviews: one per system with a completed review, due one cycle
/// after it (`next_due`); the reviewer of that review is its owner, and the system's asset
/// (`system_ref`) its source. A system never reviewed to completion has no date yet.
pub fn occurrences(
    records: &AccessRecords,
    today: NaiveDate,
    reviewer_name: impl Fn(Option<Id>) -> Option<String>,
    system_ref: impl Fn(&str) -> crate::domain::findings::RecordRef,
) -> Vec<crate::domain::calendar::Occurrence> {
    use crate::domain::calendar::{ObligationKind, Occurrence};
    records
        .systems()
        .into_iter()
        .filter_map(|system| {
            let due = next_due(records, system, today)?;
            let last = last_completed(records, system, today)?;
            Some(Occurrence {
                kind: ObligationKind::AccessReview,
                what: format!("{system} access review"),
                owner: reviewer_name(last.reviewer),
                due,
                last_done: last.completed,
                source: system_ref(system),
                key: String::new(),
            })
        })
        .collect()
}

/// A leaver's account still active in the latest review of a system.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StillActive {
    pub person_id: Id,
    pub person: String,
    pub system: String,
    pub user: String,
    pub review_id: Id,
}

/// Accounts of people terminated on or before their review started, active in the latest
/// review of their system (up to `until`) and not decided "revoke". An older review's
/// leaver that a newer review shows revoked is history, not an open problem.
pub fn leavers_still_active(records: &AccessRecords, people: &[Person], until: NaiveDate) -> Vec<StillActive> {
    let mut found = Vec::new();
    for system in records.systems() {
        let Some(review) = latest_review(records, system, until) else {
            continue;
        };
        for account in records.accounts_of(review.id) {
            if !account.active || account.decision == Some(Decision::Revoke) {
                continue;
            }
            if let Some(person) = match_person(account, people)
                && terminated_by(person, review.started)
            {
                found.push(StillActive {
                    person_id: person.id,
                    person: person.name.clone(),
                    system: system.to_string(),
                    user: account.user.clone(),
                    review_id: review.id,
                });
            }
        }
    }
    found
}

/// Business days after `from` up to and including `to` (Saturdays and Sundays skipped);
/// zero when `to` is not after `from`. Terminated on a Friday, revoked on the Monday: one.
pub fn business_days_between(from: NaiveDate, to: NaiveDate) -> u32 {
    let mut days = 0;
    let mut day = from;
    while day < to {
        day = day.succ_opt().unwrap_or(to);
        if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            days += 1;
        }
    }
    days
}

/// One leaver's access to one system, from termination to revoked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeaverAccess {
    pub person_id: Id,
    pub person: String,
    pub system: String,
    pub terminated: NaiveDate,
    /// The day access was known revoked: a revoke event, a "revoke" decision, or the start
    /// of the first later review whose list no longer shows the person active.
    pub revoked: Option<NaiveDate>,
    /// Business days from termination to revoked (to `today` while not revoked).
    pub business_days: u32,
    /// More business days than the policy limit.
    pub late: bool,
}

/// Every leaver (terminated on or before `today`) with access to a system (an account in
/// one of its reviews, or a grant), and how long the access outlived them.
pub fn time_to_revoke(records: &AccessRecords, people: &[Person], today: NaiveDate) -> Vec<LeaverAccess> {
    let mut leavers = Vec::new();
    for person in people {
        let Some(terminated) = person.termination_date.filter(|day| *day <= today) else {
            continue;
        };
        for system in records.systems() {
            if let Some(access) = leaver_access(records, person, terminated, system, today) {
                leavers.push(access);
            }
        }
    }
    leavers
}

fn leaver_access(
    records: &AccessRecords,
    person: &Person,
    terminated: NaiveDate,
    system: &str,
    today: NaiveDate,
) -> Option<LeaverAccess> {
    let mut reviews: Vec<&AccessReview> = records
        .reviews
        .iter()
        .filter(|review| review.system == system && review.started <= today)
        .collect();
    reviews.sort_by_key(|review| (review.started, review.id));
    let theirs = |review: &AccessReview| -> Vec<&AccessAccount> {
        records
            .accounts_of(review.id)
            .filter(|account| match_person(account, std::slice::from_ref(person)).is_some())
            .collect()
    };
    let events: Vec<_> = records
        .events
        .iter()
        .filter(|event| event.person_id == person.id && event.system == system)
        .collect();
    let had_access = reviews.iter().any(|review| !theirs(review).is_empty())
        || events.iter().any(|event| event.kind != AccessEventKind::Revoked);
    if !had_access {
        return None;
    }
    let mut evidence: Vec<NaiveDate> = events
        .iter()
        .filter(|event| event.kind == AccessEventKind::Revoked)
        .map(|event| event.date)
        .collect();
    let mut listed_before = false;
    for review in &reviews {
        let accounts = theirs(review);
        evidence.extend(
            accounts
                .iter()
                .filter(|account| account.decision == Some(Decision::Revoke))
                .filter_map(|account| account.decided_on),
        );
        let active = accounts.iter().any(|account| account.active);
        if review.started >= terminated && listed_before && !active {
            evidence.push(review.started);
        }
        listed_before |= active;
    }
    // Revoked on or after the termination, else revoked ahead of it (a planned leave).
    let revoked = evidence
        .iter()
        .filter(|day| **day >= terminated)
        .min()
        .or_else(|| evidence.iter().filter(|day| **day < terminated).max())
        .copied();
    let business_days = business_days_between(terminated, revoked.unwrap_or(today));
    Some(LeaverAccess {
        person_id: person.id,
        person: person.name.clone(),
        system: system.to_string(),
        terminated,
        revoked,
        business_days,
        late: business_days > records.revoke_limit_days,
    })
}
