//! What a safeguard review must say before it can be saved, from §164.306(d)(3): an
//! addressable specification is not optional, so once it is reviewed it needs a
//! documented decision; a required one (or a standard without specifications) cannot be
//! set aside as not applicable without a reason.

use super::model::{AddressableDecision, ReviewStatus, SafeguardReview};

/// How the rule treats a catalog item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Obligation {
    Required,
    Addressable,
}

/// The first problem with a review, in words for the person editing it; None when it
/// can be saved.
pub fn review_problem(obligation: Obligation, review: &SafeguardReview) -> Option<String> {
    let citation = &review.citation;
    if review.status == ReviewStatus::NotApplicable && review.na_reason.trim().is_empty() {
        return Some(format!("{citation}: say why it does not apply"));
    }
    if obligation != Obligation::Addressable || review.status == ReviewStatus::NotReviewed {
        return None;
    }
    match review.decision {
        None if review.status == ReviewStatus::NotApplicable => None,
        None => Some(format!(
            "{citation} is addressable: record a decision (implemented as specified, an equivalent \
             alternative, or not reasonable and appropriate)"
        )),
        Some(AddressableDecision::Alternative) if review.decision_text.trim().is_empty() => {
            Some(format!("{citation}: describe the equivalent alternative measure"))
        }
        Some(AddressableDecision::NotReasonable) if review.decision_text.trim().is_empty() => Some(format!(
            "{citation}: give the reason it is not reasonable and appropriate"
        )),
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn review(status: ReviewStatus, decision: Option<AddressableDecision>, text: &str) -> SafeguardReview {
        SafeguardReview {
            id: 0,
            assessment_id: 1,
            citation: "164.312(a)(2)(iv)".into(),
            status,
            owner_id: None,
            reviewed_on: None,
            notes: String::new(),
            na_reason: String::new(),
            decision,
            decision_text: text.into(),
            answers: Vec::new(),
        }
    }

    #[test]
    fn an_addressable_item_marked_reviewed_needs_a_decision() {
        let problem = review_problem(Obligation::Addressable, &review(ReviewStatus::Implemented, None, ""));
        assert!(problem.unwrap().contains("is addressable: record a decision"));
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
        assert_eq!(
            review_problem(
                Obligation::Addressable,
                &review(ReviewStatus::Implemented, Some(AddressableDecision::AsSpecified), "")
            ),
            None
        );
    }

    #[test]
    fn an_alternative_or_a_refusal_needs_its_text() {
        let alternative = review(ReviewStatus::Implemented, Some(AddressableDecision::Alternative), " ");
        assert!(
            review_problem(Obligation::Addressable, &alternative)
                .unwrap()
                .contains("describe the equivalent")
        );
        let refusal = review(
            ReviewStatus::NotImplemented,
            Some(AddressableDecision::NotReasonable),
            "",
        );
        assert!(
            review_problem(Obligation::Addressable, &refusal)
                .unwrap()
                .contains("give the reason")
        );
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
            let mut item = review(ReviewStatus::NotApplicable, None, "");
            assert!(
                review_problem(obligation, &item)
                    .unwrap()
                    .contains("say why it does not apply")
            );
            item.na_reason = "Not a clearinghouse".into();
            assert_eq!(review_problem(obligation, &item), None);
        }
    }

    #[test]
    fn a_required_item_needs_no_addressable_decision() {
        assert_eq!(
            review_problem(Obligation::Required, &review(ReviewStatus::Implemented, None, "")),
            None
        );
    }
}
