//! Standalone actions: program work planned in the remediation plan without a risk
//! ("run the Q1 access review"). A risk action is owned and scheduled through its
//! scenario's treatment; a standalone one has nothing behind it but itself, so while it is
//! open it needs a named owner and a due date, or the plan promises work nobody carries.
//! Advisory: the analysis can be finalized, but the plan shows the gap. A standalone
//! action is never "orphaned": having no risk is what it is.

use super::Context;
use crate::domain::findings::{Finding, RecordRef, Rule};
use crate::domain::model::Action;

pub(super) fn standalone_action_incomplete(cx: &Context<'_>) -> Vec<Finding> {
    let mut open: Vec<&Action> = cx
        .workspace
        .actions
        .iter()
        .filter(|action| action.is_standalone() && action.status.is_open())
        .collect();
    open.sort_by_key(|action| action.id);
    open.into_iter()
        .filter_map(|action| {
            let missing = match (action.owner_id.is_none(), action.due_on.is_none()) {
                (false, false) => return None,
                (true, true) => "no owner and no due date",
                (true, false) => "no owner",
                (false, true) => "no due date",
            };
            let record = RecordRef::Action {
                id: action.id,
                title: action.title.clone(),
            };
            Some(Finding::new(
                Rule::StandaloneActionIncomplete,
                format!("action:{}", action.id),
                vec![record],
                format!(
                    "Standalone action \"{}\" has {missing}: program work in the plan needs someone to \
                     carry it out and a date to finish by (§164.308(a)(1)(ii)(B))",
                    action.title.trim()
                ),
                "name its owner and give it a due date",
            ))
        })
        .collect()
}
