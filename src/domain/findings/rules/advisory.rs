//! The advisory rules: shown and counted, never blocking.

use super::*;

pub(super) fn asset_without_owner(cx: &Context<'_>) -> Vec<Finding> {
    cx.in_scope()
        .filter(|asset| asset.owner_id.is_none())
        .map(|asset| {
            let record = asset_ref(asset);
            Finding::new(
                Rule::AssetWithoutOwner,
                format!("asset:{}", asset.id),
                vec![record.clone()],
                format!(
                    "{} handles ePHI and has no owner: someone must answer for it (§164.308(a)(2))",
                    capitalised(&record.display())
                ),
                "name its owner from the practice's people",
            )
        })
        .collect()
}

pub(super) fn asset_not_reviewed(cx: &Context<'_>) -> Vec<Finding> {
    cx.in_scope()
        .filter(|asset| asset.last_reviewed.is_none_or(|on| on < cx.year_ago))
        .map(|asset| {
            let when = asset
                .last_reviewed
                .map_or_else(|| "never reviewed".to_string(), |on| format!("last reviewed {on}"));
            let record = asset_ref(asset);
            Finding::new(
                Rule::AssetNotReviewed,
                format!("asset:{}", asset.id),
                vec![record.clone()],
                format!(
                    "{} is {when}: the inventory should be reviewed at least yearly (§164.308(a)(1)(ii)(B))",
                    capitalised(&record.display())
                ),
                "review the asset's details and set its review date",
            )
        })
        .collect()
}

pub(super) fn evidence_overdue(cx: &Context<'_>) -> Vec<Finding> {
    cx.evidence
        .iter()
        .copied()
        .filter(|record| record.is_review_overdue_among(cx.evidence.iter().copied(), cx.today))
        .map(|evidence| {
            let record = RecordRef::Evidence {
                id: evidence.id,
                title: evidence.title.clone(),
            };
            let due = evidence
                .review_due()
                .map_or_else(String::new, |due| format!(" (due {due})"));
            Finding::new(
                Rule::EvidenceOverdue,
                format!("evidence:{}", evidence.id),
                vec![record.clone()],
                format!(
                    "{} is past its review date{due}: documentation must be reviewed periodically \
                     (§164.316(b)(2)(iii))",
                    capitalised(&record.display())
                ),
                "review the record and date it again",
            )
        })
        .collect()
}

pub(super) fn action_overdue(cx: &Context<'_>) -> Vec<Finding> {
    let mut overdue: Vec<&Action> = cx
        .workspace
        .actions
        .iter()
        .filter(|action| action.is_overdue(cx.today))
        .collect();
    overdue.sort_by_key(|action| action.id);
    overdue
        .into_iter()
        .map(|action| {
            let record = RecordRef::Action {
                id: action.id,
                title: action.title.clone(),
            };
            let due = action.due_on.map_or_else(String::new, |due| format!(" (due {due})"));
            let mut records = vec![record.clone()];
            // None for a standalone action (program work): the action alone is named.
            let scenario = action
                .risk_id
                .and_then(|risk_id| cx.risks.binary_search_by_key(&risk_id, |risk| risk.id).ok())
                .map(|index| scenario_ref(cx.risks[index]));
            let of = scenario
                .as_ref()
                .map_or_else(String::new, |s| format!(" of {}", s.display()));
            records.extend(scenario);
            Finding::new(
                Rule::ActionOverdue,
                format!("action:{}", action.id),
                records,
                format!(
                    "{}{of} is overdue{due}: the remediation plan is not on track (§164.308(a)(1)(ii)(B))",
                    capitalised(&record.display())
                ),
                "finish it, or give it a new due date with a note why",
            )
        })
        .collect()
}

pub(super) fn acceptance_stale(cx: &Context<'_>) -> Vec<Finding> {
    cx.risks
        .iter()
        .copied()
        .filter(|risk| risk.treatment == Treatment::Accept)
        .filter_map(|risk| {
            let acceptance = risk.acceptance.as_ref()?;
            (acceptance.accepted_on < cx.year_ago).then(|| {
                let record = scenario_ref(risk);
                Finding::new(
                    Rule::AcceptanceStale,
                    format!("scenario:{}", risk.id),
                    vec![record.clone()],
                    format!(
                        "{} was accepted on {}, more than 12 months ago: an accepted risk should be looked at \
                         again (§164.308(a)(1)(ii)(B))",
                        capitalised(&record.display()),
                        acceptance.accepted_on
                    ),
                    "review the acceptance: accept it again with today's date, or choose another treatment",
                )
            })
        })
        .collect()
}
