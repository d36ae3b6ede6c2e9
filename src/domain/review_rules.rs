//! What a safeguard review must say before it can be saved, from §164.306(d)(3): an
//! addressable specification is not optional, so once it is reviewed it needs a
//! documented decision that fits its status, as pairs:
//! - "implemented as specified" only with the status implemented;
//! - "equivalent alternative" (with the measure) with implemented or partial;
//! - "not reasonable and appropriate" (with the reason) with not implemented or not
//!   applicable; an addressable item is never "not applicable" without that decision.
//!
//! A required one (or a standard without specifications) cannot be set aside as not
//! applicable without a reason. The store runs this on every save and the JSON import on
//! every review, so a pair that does not fit never reaches the workspace.

use super::Labeled;
use super::model::{AddressableDecision, ReviewStatus, SafeguardReview};

/// How the rule treats a catalog item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Obligation {
    Required,
    Addressable,
}

/// The statuses each decision fits.
pub fn fitting_statuses(decision: AddressableDecision) -> &'static [ReviewStatus] {
    match decision {
        AddressableDecision::AsSpecified => &[ReviewStatus::Implemented],
        AddressableDecision::Alternative => &[ReviewStatus::Implemented, ReviewStatus::Partial],
        AddressableDecision::NotReasonable => &[ReviewStatus::NotImplemented, ReviewStatus::NotApplicable],
    }
}

/// The first problem with a review as (form field, message naming the citation and the
/// field), for the person editing it; None when it can be saved. Fields: `na_reason`,
/// `decision`, `decision_text`.
pub fn review_problem(obligation: Obligation, review: &SafeguardReview) -> Option<(&'static str, String)> {
    let citation = &review.citation;
    if review.status == ReviewStatus::NotApplicable && review.na_reason.trim().is_empty() {
        return Some((
            "na_reason",
            format!("{citation}: say why it does not apply (field: reason)"),
        ));
    }
    if obligation != Obligation::Addressable || review.status == ReviewStatus::NotReviewed {
        return None;
    }
    let Some(decision) = review.decision else {
        let message = if review.status == ReviewStatus::NotApplicable {
            format!(
                "{citation} is addressable: \"not applicable\" needs the decision \"not reasonable and \
                 appropriate\" with its reason (field: decision)"
            )
        } else {
            format!(
                "{citation} is addressable: record a decision (implemented as specified, an equivalent \
                 alternative, or not reasonable and appropriate) (field: decision)"
            )
        };
        return Some(("decision", message));
    };
    let fits = fitting_statuses(decision);
    if !fits.contains(&review.status) {
        let statuses: Vec<String> = fits.iter().map(|status| status.label().to_lowercase()).collect();
        return Some((
            "decision",
            format!(
                "{citation}: the decision \"{}\" does not fit the status \"{}\"; it needs the status {} \
                 (field: decision)",
                decision.label().to_lowercase(),
                review.status.label().to_lowercase(),
                statuses.join(" or ")
            ),
        ));
    }
    match decision {
        AddressableDecision::Alternative if review.decision_text.trim().is_empty() => Some((
            "decision_text",
            format!("{citation}: describe the equivalent alternative measure (field: decision text)"),
        )),
        AddressableDecision::NotReasonable if review.decision_text.trim().is_empty() => Some((
            "decision_text",
            format!("{citation}: give the reason it is not reasonable and appropriate (field: decision text)"),
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn review(status: ReviewStatus, decision: Option<AddressableDecision>, text: &str) -> SafeguardReview {
        SafeguardReview {
            status,
            decision,
            decision_text: text.into(),
            ..SafeguardReview::not_reviewed(1, "164.312(a)(2)(iv)")
        }
    }

    fn field(problem: Option<(&'static str, String)>) -> Option<&'static str> {
        problem.map(|(field, _)| field)
    }

    #[test]
    fn an_addressable_item_marked_reviewed_needs_a_decision() {
        let (field, message) =
            review_problem(Obligation::Addressable, &review(ReviewStatus::Implemented, None, "")).unwrap();
        assert_eq!(field, "decision");
        assert!(
            message.starts_with("164.312(a)(2)(iv) is addressable: record a decision"),
            "{message}"
        );
        for status in [ReviewStatus::Partial, ReviewStatus::NotImplemented] {
            assert!(
                review_problem(Obligation::Addressable, &review(status, None, "")).is_some(),
                "{status:?}"
            );
        }
        assert_eq!(
            review_problem(Obligation::Addressable, &review(ReviewStatus::NotReviewed, None, "")),
            None
        );
    }

    #[test]
    fn every_pair_of_decision_and_status_fits_or_is_refused_naming_the_field() {
        use AddressableDecision::*;
        use ReviewStatus::*;
        let fitting = [
            (AsSpecified, Implemented),
            (Alternative, Implemented),
            (Alternative, Partial),
            (NotReasonable, NotImplemented),
            (NotReasonable, NotApplicable),
        ];
        for decision in [AsSpecified, Alternative, NotReasonable] {
            for status in [Implemented, Partial, NotImplemented, NotApplicable] {
                let mut item = review(status, Some(decision), "Two laptops, a locked room");
                item.na_reason = "No such systems".into();
                let problem = review_problem(Obligation::Addressable, &item);
                if fitting.contains(&(decision, status)) {
                    assert_eq!(problem, None, "{decision:?} with {status:?}");
                } else {
                    let (field, message) = problem.unwrap_or_else(|| panic!("{decision:?} with {status:?} accepted"));
                    assert_eq!(field, "decision");
                    assert!(message.starts_with("164.312(a)(2)(iv): the decision"), "{message}");
                    assert!(message.contains(&status.label().to_lowercase()), "{message}");
                }
            }
        }
    }

    #[test]
    fn an_addressable_item_is_never_not_applicable_without_the_decision() {
        let mut item = review(ReviewStatus::NotApplicable, None, "");
        item.na_reason = "No laptops".into();
        let (field, message) = review_problem(Obligation::Addressable, &item).unwrap();
        assert_eq!(field, "decision");
        assert!(message.contains("\"not applicable\" needs the decision"), "{message}");
        item.decision = Some(AddressableDecision::NotReasonable);
        item.decision_text = "No portable devices hold ePHI".into();
        assert_eq!(review_problem(Obligation::Addressable, &item), None);
    }

    #[test]
    fn an_alternative_or_a_refusal_needs_its_text() {
        let alternative = review(ReviewStatus::Implemented, Some(AddressableDecision::Alternative), " ");
        assert_eq!(
            field(review_problem(Obligation::Addressable, &alternative)),
            Some("decision_text")
        );
        let refusal = review(
            ReviewStatus::NotImplemented,
            Some(AddressableDecision::NotReasonable),
            "",
        );
        let (_, message) = review_problem(Obligation::Addressable, &refusal).unwrap();
        assert!(message.contains("give the reason"), "{message}");
        let explained = review(
            ReviewStatus::NotImplemented,
            Some(AddressableDecision::NotReasonable),
            "Two laptops",
        );
        assert_eq!(review_problem(Obligation::Addressable, &explained), None);
    }

    #[test]
    fn not_applicable_needs_a_reason_whatever_the_kind() {
        for obligation in [Obligation::Required, Obligation::Addressable] {
            let item = review(
                ReviewStatus::NotApplicable,
                Some(AddressableDecision::NotReasonable),
                "n/a",
            );
            assert_eq!(field(review_problem(obligation, &item)), Some("na_reason"));
        }
        let mut required = review(ReviewStatus::NotApplicable, None, "");
        required.na_reason = "Not a clearinghouse".into();
        assert_eq!(review_problem(Obligation::Required, &required), None);
    }

    #[test]
    fn a_required_item_needs_no_addressable_decision() {
        assert_eq!(
            review_problem(Obligation::Required, &review(ReviewStatus::Implemented, None, "")),
            None
        );
    }
}
