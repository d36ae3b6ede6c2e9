//! The program's policies (§164.316) and business associates (§164.308(b)): a policy
//! review that is due (advisory) or more than 30 days overdue (blocking), an agreement
//! expiring within 30 days (advisory) or expired (blocking), and a written assurance
//! missing or overdue (advisory). The dates are the domain's (`domain::policy`,
//! `domain::vendor`).

use super::*;
use crate::domain::policy::{ReviewState, review_state};
use crate::domain::vendor::{AgreementState, AssuranceState, agreement_state, assurance_state, is_business_associate};

fn policy_ref(policy: &crate::domain::policy::Policy) -> RecordRef {
    RecordRef::Policy {
        id: policy.id,
        title: policy.title.clone(),
    }
}

/// Each policy with its review state on `today`, by id.
fn review_states<'a>(cx: &Context<'a>) -> Vec<(&'a crate::domain::policy::Policy, ReviewState)> {
    let register = &cx.workspace.policies;
    let mut policies: Vec<&crate::domain::policy::Policy> = register.policies.iter().collect();
    policies.sort_by_key(|policy| policy.id);
    policies
        .into_iter()
        .map(|policy| (policy, review_state(register.next_review(policy), cx.today)))
        .collect()
}

pub(super) fn policy_review_overdue(cx: &Context<'_>) -> Vec<Finding> {
    review_states(cx)
        .into_iter()
        .filter_map(|(policy, state)| match state {
            ReviewState::Overdue(due) => Some((policy, due)),
            _ => None,
        })
        .map(|(policy, due)| {
            let record = policy_ref(policy);
            Finding::new(
                Rule::PolicyReviewOverdue,
                format!("policy:{}", policy.id),
                vec![record.clone()],
                format!(
                    "{} was due for review on {due}, more than 30 days ago: policies must be reviewed \
                     periodically and updated (§164.316(b)(2)(iii))",
                    capitalised(&record.display())
                ),
                "complete the review on the Policies screen (r), with a new version if it changed",
            )
        })
        .collect()
}

pub(super) fn policy_review_due(cx: &Context<'_>) -> Vec<Finding> {
    review_states(cx)
        .into_iter()
        .filter_map(|(policy, state)| match state {
            ReviewState::Due(due) => Some((policy, due)),
            _ => None,
        })
        .map(|(policy, due)| {
            let record = policy_ref(policy);
            Finding::new(
                Rule::PolicyReviewDue,
                format!("policy:{}", policy.id),
                vec![record.clone()],
                format!(
                    "{} is due for review since {due} (§164.316(b)(2)(iii)); 30 days after, it blocks a final \
                     report",
                    capitalised(&record.display())
                ),
                "complete the review on the Policies screen (r)",
            )
        })
        .collect()
}

fn vendors<'a>(cx: &'a Context<'_>) -> impl Iterator<Item = &'a Asset> + 'a {
    cx.assets.iter().copied().filter(|asset| is_business_associate(asset))
}

pub(super) fn agreement_expired(cx: &Context<'_>) -> Vec<Finding> {
    vendors(cx)
        .filter_map(|asset| match agreement_state(asset, cx.today) {
            AgreementState::Expired(expiry) => Some((asset, expiry)),
            _ => None,
        })
        .map(|(asset, expiry)| {
            let record = asset_ref(asset);
            Finding::new(
                Rule::AgreementExpired,
                format!("asset:{}", asset.id),
                vec![record.clone()],
                format!(
                    "{}'s business-associate agreement expired on {expiry}: a written agreement must be in \
                     place (§164.308(b)(1), §164.314(a))",
                    capitalised(&record.display())
                ),
                "record the renewed agreement's dates (BAA date and expiry) in the inventory",
            )
        })
        .collect()
}

pub(super) fn agreement_expiring(cx: &Context<'_>) -> Vec<Finding> {
    vendors(cx)
        .filter_map(|asset| match agreement_state(asset, cx.today) {
            AgreementState::Expiring(expiry) => Some((asset, expiry)),
            _ => None,
        })
        .map(|(asset, expiry)| {
            let record = asset_ref(asset);
            Finding::new(
                Rule::AgreementExpiring,
                format!("asset:{}", asset.id),
                vec![record.clone()],
                format!(
                    "{}'s business-associate agreement expires on {expiry}, within 30 days (§164.314(a))",
                    capitalised(&record.display())
                ),
                "renew the agreement and record its new expiry",
            )
        })
        .collect()
}

pub(super) fn assurance_due(cx: &Context<'_>) -> Vec<Finding> {
    vendors(cx)
        // The assurance follows the agreement: a vendor with none has the no-agreement finding.
        .filter(|asset| asset.in_scope() && asset.baa_status == Some(BaaStatus::Signed))
        .filter_map(|asset| match assurance_state(asset, cx.today) {
            AssuranceState::Missing => Some((asset, "no written assurance of its safeguards is recorded".to_string())),
            AssuranceState::Overdue(due) => Some((asset, format!("its written assurance was due on {due}"))),
            AssuranceState::Current(_) => None,
        })
        .map(|(asset, what)| {
            let record = asset_ref(asset);
            Finding::new(
                Rule::AssuranceDue,
                format!("asset:{}", asset.id),
                vec![record.clone()],
                format!(
                    "{} handles ePHI and {what}: obtain satisfactory assurances that it safeguards ePHI \
                     (§164.308(b)(1))",
                    capitalised(&record.display())
                ),
                "ask the vendor for its written assurance and record the date received",
            )
        })
        .collect()
}
