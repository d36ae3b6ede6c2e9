//! Policies and procedures (§164.316): a policy with its owner, approver and the
//! safeguards it implements; its versions (each a document kept six years after the later
//! of its creation and the date it was last in effect, §164.316(b)(2)(i)); and its
//! reviews. The rule this file holds: a policy's next review date and its current version
//! change ONLY by completing a review. The next review is due one review cycle after the
//! last completed review (or, before any, after the first version took effect); a review
//! completed with the outcome "new version" is what creates a version. Pure rules, no SQL.

use chrono::{Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::Labeled;
use super::model::Id;
use super::record::{Field, FieldError, FieldSpec, Record, Value, ValueKind};
use crate::labeled_enum;

/// A policy's review cycle when none is written: yearly.
pub const DEFAULT_REVIEW_CYCLE_MONTHS: u32 = 12;
/// How long a version is kept: six years (§164.316(b)(2)(i)).
pub const RETENTION_MONTHS: u32 = 72;
/// How long past its due date a review may run before the finding blocks a final report.
pub const REVIEW_GRACE_DAYS: u64 = 30;

/// A written policy or procedure.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    #[serde(default)]
    pub id: Id,
    pub title: String,
    #[serde(default)]
    pub owner_id: Option<Id>,
    #[serde(default)]
    pub approver_id: Option<Id>,
    /// Months between reviews; blank means `DEFAULT_REVIEW_CYCLE_MONTHS`.
    #[serde(default)]
    pub review_cycle_months: Option<u64>,
    /// The safeguards it implements: catalog citations separated by commas, such as
    /// `164.308(a)(5)(i), 164.310(d)(1)`.
    #[serde(default)]
    pub safeguards: String,
    #[serde(default)]
    pub notes: String,
}

impl Policy {
    /// The review cycle in months: the written one, or yearly.
    pub fn cycle_months(&self) -> u32 {
        self.review_cycle_months
            .and_then(|months| u32::try_from(months).ok())
            .filter(|months| *months > 0)
            .unwrap_or(DEFAULT_REVIEW_CYCLE_MONTHS)
    }

    /// The linked safeguards' citations, trimmed, blanks left out, a leading `§` dropped.
    pub fn safeguard_citations(&self) -> Vec<String> {
        self.safeguards
            .split([',', ';'])
            .map(|part| part.trim().trim_start_matches('§').trim().to_string())
            .filter(|part| !part.is_empty())
            .collect()
    }
}

crate::record_fields! {
    /// The fields of a policy, in the order of its form and its CSV columns. The current
    /// version and the next review are not fields: only a completed review changes them.
    pub enum PolicyField for Policy {
        Title => ("title", "Title", ValueKind::REQUIRED_TEXT, ["title"]),
        Owner => ("owner", "Owner", ValueKind::Person, ["owner_id"]),
        Approver => ("approver", "Approver", ValueKind::Person, ["approver_id"]),
        ReviewCycle => ("review_cycle_months", "Review cycle (months)", ValueKind::Count, ["review_cycle_months"]),
        Safeguards => ("safeguards", "Safeguards", ValueKind::TEXT, ["safeguards"]),
        Notes => ("notes", "Notes", ValueKind::NOTES, ["notes"]),
    }
}

impl Field for PolicyField {
    type Record = Policy;
    const ALL: &'static [Self] = Self::LIST;

    fn spec(self) -> FieldSpec {
        self.spec_of()
    }

    fn get(self, policy: &Policy) -> Value {
        match self {
            PolicyField::Title => Value::Text(policy.title.clone()),
            PolicyField::Owner => Value::Person(policy.owner_id),
            PolicyField::Approver => Value::Person(policy.approver_id),
            PolicyField::ReviewCycle => Value::Count(policy.review_cycle_months),
            PolicyField::Safeguards => Value::Text(policy.safeguards.clone()),
            PolicyField::Notes => Value::Text(policy.notes.clone()),
        }
    }

    fn set(self, policy: &mut Policy, value: Value) -> Result<(), FieldError> {
        match self {
            PolicyField::Title => policy.title = value.into_text()?,
            PolicyField::Owner => policy.owner_id = value.into_person()?,
            PolicyField::Approver => policy.approver_id = value.into_person()?,
            PolicyField::ReviewCycle => policy.review_cycle_months = value.into_count()?,
            PolicyField::Safeguards => policy.safeguards = value.into_text()?,
            PolicyField::Notes => policy.notes = value.into_text()?,
        }
        Ok(())
    }
}

impl Record for Policy {
    type Field = PolicyField;
    const NOUN: &'static str = "policy";
    const TABLE: &'static str = "policies";
    fn id(&self) -> Id {
        self.id
    }
    fn set_id(&mut self, id: Id) {
        self.id = id;
    }
}

/// One version of a policy: the document as it read from its effective date.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyVersion {
    #[serde(default)]
    pub id: Id,
    #[serde(default)]
    pub policy_id: Id,
    /// As the practice numbers them: `1`, `2.1`, `2026-03`.
    pub number: String,
    /// The day the version was recorded (the review that made it, or the policy's adoption).
    #[serde(default)]
    pub created: Option<NaiveDate>,
    /// The day it took effect.
    #[serde(default)]
    pub effective: Option<NaiveDate>,
    /// What changed from the version before.
    #[serde(default)]
    pub changes: String,
    /// Where the document is when it is not stored in the workspace (a path, a link).
    #[serde(default)]
    pub reference: String,
    /// The stored document, if any: its name, SHA-256 (hex) and size; the bytes are kept
    /// apart (like evidence files) so listing versions never reads them.
    #[serde(default)]
    pub file_name: Option<String>,
    #[serde(default)]
    pub file_sha256: Option<String>,
    #[serde(default)]
    pub file_size: Option<u64>,
}

labeled_enum! {
    /// What a completed review concluded.
    pub enum ReviewOutcome {
        NoChange => ("no_change", "No change"),
        NewVersion => ("new_version", "New version"),
    }
}

/// A review of a policy: planned, then completed (done date, reviewer, outcome).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyReview {
    #[serde(default)]
    pub id: Id,
    #[serde(default)]
    pub policy_id: Id,
    #[serde(default)]
    pub planned: Option<NaiveDate>,
    #[serde(default)]
    pub done: Option<NaiveDate>,
    #[serde(default)]
    pub reviewer_id: Option<Id>,
    #[serde(default)]
    pub outcome: Option<ReviewOutcome>,
    /// The version a "new version" review created.
    #[serde(default)]
    pub version_id: Option<Id>,
    #[serde(default)]
    pub notes: String,
}

impl PolicyReview {
    pub fn is_done(&self) -> bool {
        self.done.is_some()
    }
}

/// What completing a review records: when, by whom, what it concluded, and for a new
/// version its number, effective date and changes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReviewCompletion {
    pub done: Option<NaiveDate>,
    pub reviewer_id: Option<Id>,
    pub outcome: Option<ReviewOutcome>,
    pub number: String,
    pub effective: Option<NaiveDate>,
    pub changes: String,
    pub reference: String,
    pub notes: String,
}

crate::record_fields! {
    /// The fields of the "complete a review" form, in its order.
    pub enum CompletionField for ReviewCompletion {
        Done => ("done", "Done on", ValueKind::Date, ["done"]),
        Reviewer => ("reviewer", "Reviewer", ValueKind::Person, ["reviewer_id"]),
        Outcome => ("outcome", "Outcome", ValueKind::Choice { choices: ReviewOutcome::CHOICES, optional: true }, ["outcome"]),
        Number => ("number", "New version number", ValueKind::TEXT, ["number"]),
        Effective => ("effective", "New version effective", ValueKind::Date, ["effective"]),
        Changes => ("changes", "Changes", ValueKind::TEXT, ["changes"]),
        Reference => ("reference", "Document (path or link)", ValueKind::TEXT, ["reference"]),
        Notes => ("notes", "Review notes", ValueKind::TEXT, ["notes"]),
    }
}

impl Field for CompletionField {
    type Record = ReviewCompletion;
    const ALL: &'static [Self] = Self::LIST;

    fn spec(self) -> FieldSpec {
        self.spec_of()
    }

    fn get(self, completion: &ReviewCompletion) -> Value {
        match self {
            CompletionField::Done => Value::Date(completion.done),
            CompletionField::Reviewer => Value::Person(completion.reviewer_id),
            CompletionField::Outcome => Value::Choice(completion.outcome.map(Labeled::key)),
            CompletionField::Number => Value::Text(completion.number.clone()),
            CompletionField::Effective => Value::Date(completion.effective),
            CompletionField::Changes => Value::Text(completion.changes.clone()),
            CompletionField::Reference => Value::Text(completion.reference.clone()),
            CompletionField::Notes => Value::Text(completion.notes.clone()),
        }
    }

    fn set(self, completion: &mut ReviewCompletion, value: Value) -> Result<(), FieldError> {
        match self {
            CompletionField::Done => completion.done = value.into_date()?,
            CompletionField::Reviewer => completion.reviewer_id = value.into_person()?,
            CompletionField::Outcome => completion.outcome = value.into_choice()?,
            CompletionField::Number => completion.number = value.into_text()?,
            CompletionField::Effective => completion.effective = value.into_date()?,
            CompletionField::Changes => completion.changes = value.into_text()?,
            CompletionField::Reference => completion.reference = value.into_text()?,
            CompletionField::Notes => completion.notes = value.into_text()?,
        }
        Ok(())
    }
}

impl Record for ReviewCompletion {
    type Field = CompletionField;
    const NOUN: &'static str = "review";
    // A form only: never stored as a row of its own.
    const TABLE: &'static str = "policy_reviews";
    fn id(&self) -> Id {
        0
    }
    fn set_id(&mut self, _id: Id) {}
}

/// Why a review cannot be completed as written, naming the form's field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompletionProblem {
    pub field: &'static str,
    pub message: String,
}

fn problem(field: &'static str, message: impl Into<String>) -> CompletionProblem {
    CompletionProblem {
        field,
        message: message.into(),
    }
}

/// Checks a completion against the policy's versions: a done date and an outcome are
/// required, not in the future; a new version needs a number no other version has and an
/// effective date; "no change" takes no version. Returns the version to create, if any.
pub fn check_completion(
    completion: &ReviewCompletion,
    versions: &[PolicyVersion],
    today: NaiveDate,
) -> Result<Option<PolicyVersion>, CompletionProblem> {
    let done = completion
        .done
        .ok_or_else(|| problem("done", "A completed review needs the date it was done"))?;
    if done > today {
        return Err(problem("done", format!("Done on {done} is in the future")));
    }
    let outcome = completion
        .outcome
        .ok_or_else(|| problem("outcome", "Choose the outcome: no change or new version"))?;
    let number = completion.number.trim();
    match outcome {
        ReviewOutcome::NoChange => {
            if !number.is_empty() {
                return Err(problem(
                    "number",
                    "A review with no change creates no version: clear the number or choose \"New version\"",
                ));
            }
            Ok(None)
        }
        ReviewOutcome::NewVersion => {
            if number.is_empty() {
                return Err(problem("number", "A new version needs its number"));
            }
            if versions.iter().any(|version| version.number.trim() == number) {
                return Err(problem("number", format!("Version {number} already exists")));
            }
            let effective = completion
                .effective
                .ok_or_else(|| problem("effective", "A new version needs the date it takes effect"))?;
            if let Some(current) = current_version(versions)
                && current.effective.is_some_and(|previous| effective <= previous)
            {
                return Err(problem(
                    "effective",
                    format!(
                        "The new version must take effect after version {} ({})",
                        current.number,
                        current.effective.map(|date| date.to_string()).unwrap_or_default()
                    ),
                ));
            }
            Ok(Some(PolicyVersion {
                number: number.to_string(),
                created: Some(done),
                effective: Some(effective),
                changes: completion.changes.trim().to_string(),
                reference: completion.reference.trim().to_string(),
                ..PolicyVersion::default()
            }))
        }
    }
}

/// The versions in the order they took effect (by effective date, then as recorded).
fn in_effect_order(versions: &[PolicyVersion]) -> Vec<&PolicyVersion> {
    let mut ordered: Vec<&PolicyVersion> = versions.iter().collect();
    ordered.sort_by_key(|version| (version.effective, version.id));
    ordered
}

/// The version in effect: the one that took effect last.
pub fn current_version(versions: &[PolicyVersion]) -> Option<&PolicyVersion> {
    in_effect_order(versions).last().copied()
}

/// The last completed review (by done date, then as recorded).
pub fn last_completed(reviews: &[PolicyReview]) -> Option<&PolicyReview> {
    reviews
        .iter()
        .filter(|review| review.is_done())
        .max_by_key(|review| (review.done, review.id))
}

/// When the next review is due: one cycle after the last completed review; before any,
/// one cycle after the first version took effect; None for a policy with neither.
pub fn next_review_due(policy: &Policy, versions: &[PolicyVersion], reviews: &[PolicyReview]) -> Option<NaiveDate> {
    let from = last_completed(reviews)
        .and_then(|review| review.done)
        .or_else(|| in_effect_order(versions).first().and_then(|version| version.effective))?;
    from.checked_add_months(Months::new(policy.cycle_months()))
}

/// How late a review is on `today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewState {
    /// Not due yet (or nothing to review).
    NotDue,
    /// Due or past due by at most `REVIEW_GRACE_DAYS` days: advisory.
    Due(NaiveDate),
    /// More than `REVIEW_GRACE_DAYS` days past due: blocks a final report.
    Overdue(NaiveDate),
}

pub fn review_state(due: Option<NaiveDate>, today: NaiveDate) -> ReviewState {
    match due {
        Some(due) if today >= due => {
            let grace_end = due.checked_add_days(Days::new(REVIEW_GRACE_DAYS)).unwrap_or(due);
            if today > grace_end {
                ReviewState::Overdue(due)
            } else {
                ReviewState::Due(due)
            }
        }
        _ => ReviewState::NotDue,
    }
}

/// The last day a version was in effect: the day before the next one took effect; None
/// for the version still in effect (it is in effect today).
pub fn last_in_effect(version: &PolicyVersion, versions: &[PolicyVersion]) -> Option<NaiveDate> {
    let ordered = in_effect_order(versions);
    let position = ordered
        .iter()
        .position(|other| other.id == version.id && other.number == version.number)?;
    let next = ordered.get(position + 1)?;
    next.effective.map(|date| date.pred_opt().unwrap_or(date))
}

/// When a version may be discarded: six years after the later of its creation and the
/// date it was last in effect (§164.316(b)(2)(i)). A version still in effect is in effect
/// `today`, so its end moves with the calendar until a newer one takes over.
pub fn retention_end(version: &PolicyVersion, versions: &[PolicyVersion], today: NaiveDate) -> NaiveDate {
    let last = last_in_effect(version, versions).unwrap_or(today);
    let created = version.created.or(version.effective).unwrap_or(last);
    let later = created.max(last);
    later
        .checked_add_months(Months::new(RETENTION_MONTHS))
        .unwrap_or(NaiveDate::MAX)
}

/// Whether the version may be deleted on `today`; Err with the date it may be when not.
pub fn may_delete_version(
    version: &PolicyVersion,
    versions: &[PolicyVersion],
    today: NaiveDate,
) -> Result<(), NaiveDate> {
    let end = retention_end(version, versions, today);
    if today >= end { Ok(()) } else { Err(end) }
}

/// The policy register: every policy with its versions and reviews (the snapshot's).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyRegister {
    pub policies: Vec<Policy>,
    pub versions: Vec<PolicyVersion>,
    pub reviews: Vec<PolicyReview>,
}

impl PolicyRegister {
    pub fn versions_of(&self, policy_id: Id) -> Vec<PolicyVersion> {
        self.versions
            .iter()
            .filter(|version| version.policy_id == policy_id)
            .cloned()
            .collect()
    }

    pub fn reviews_of(&self, policy_id: Id) -> Vec<PolicyReview> {
        self.reviews
            .iter()
            .filter(|review| review.policy_id == policy_id)
            .cloned()
            .collect()
    }

    /// The policy's next review date (see `next_review_due`).
    pub fn next_review(&self, policy: &Policy) -> Option<NaiveDate> {
        next_review_due(policy, &self.versions_of(policy.id), &self.reviews_of(policy.id))
    }

    /// The number of the version in effect, if any.
    pub fn current_number(&self, policy_id: Id) -> Option<String> {
        current_version(&self.versions_of(policy_id)).map(|version| version.number.clone())
    }
}

/// The calendar's policy reviews: one per policy with a next review date (`next_review`),
/// owned by the policy's owner (`owner_name` gives a person's name).
pub fn occurrences(
    register: &PolicyRegister,
    owner_name: impl Fn(Option<Id>) -> Option<String>,
) -> Vec<super::calendar::Occurrence> {
    use super::calendar::{ObligationKind, Occurrence};
    use super::findings::RecordRef;
    register
        .policies
        .iter()
        .filter_map(|policy| {
            let due = register.next_review(policy)?;
            let reviews = register.reviews_of(policy.id);
            Some(Occurrence {
                kind: ObligationKind::PolicyReview,
                what: policy.title.clone(),
                owner: owner_name(policy.owner_id),
                due,
                last_done: last_completed(&reviews).and_then(|review| review.done),
                source: RecordRef::Policy {
                    id: policy.id,
                    title: policy.title.clone(),
                },
                key: String::new(),
            })
        })
        .collect()
}

#[cfg(test)]
#[path = "policy_tests.rs"]
mod tests;
