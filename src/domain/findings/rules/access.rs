//! The access-review rules (`domain::access`): a leaver's account still active in the
//! latest review of a system (blocking: §164.308(a)(3)(ii)(C) termination procedures), a
//! leaver's access revoked later than the practice's limit, and a system whose next review
//! is past due (both advisory).

use super::*;
use crate::domain::access;

/// The system's asset in this year's inventory, when one has its name.
fn system_ref(cx: &Context<'_>, system: &str) -> Vec<RecordRef> {
    cx.assets
        .iter()
        .find(|asset| asset.name == system)
        .map(|asset| asset_ref(asset))
        .into_iter()
        .collect()
}

pub(super) fn leaver_still_active(cx: &Context<'_>) -> Vec<Finding> {
    let workspace = cx.workspace;
    access::leavers_still_active(&workspace.access, &workspace.people, cx.today)
        .into_iter()
        .map(|found| {
            Finding::new(
                Rule::AccessLeaverActive,
                format!("person:{}:system:{}", found.person_id, found.system),
                system_ref(cx, &found.system),
                format!(
                    "{} has left but account \"{}\" is still active in \"{}\" (its latest access review): \
                     termination procedures must end a leaver's access (§164.308(a)(3)(ii)(C))",
                    found.person, found.user, found.system
                ),
                "disable the account, then decide \"revoke\" on it in the access review (or import the new user list)",
            )
        })
        .collect()
}

pub(super) fn revoked_late(cx: &Context<'_>) -> Vec<Finding> {
    let workspace = cx.workspace;
    let limit = workspace.access.revoke_limit_days;
    access::time_to_revoke(&workspace.access, &workspace.people, cx.today)
        .into_iter()
        .filter(|leaver| leaver.late)
        .map(|leaver| {
            let when = leaver
                .revoked
                .map_or_else(|| "not yet revoked".to_string(), |revoked| format!("revoked {revoked}"));
            Finding::new(
                Rule::AccessRevokedLate,
                format!("person:{}:system:{}", leaver.person_id, leaver.system),
                system_ref(cx, &leaver.system),
                format!(
                    "{} left on {}; access to \"{}\" {when}, {} business days against a limit of {limit} \
                     (§164.308(a)(3)(ii)(C))",
                    leaver.person, leaver.terminated, leaver.system, leaver.business_days
                ),
                "revoke access on the leaver's last day; acknowledge with the reason if it could not be",
            )
        })
        .collect()
}

pub(super) fn review_overdue(cx: &Context<'_>) -> Vec<Finding> {
    access::overdue_reviews(&cx.workspace.access, cx.today)
        .into_iter()
        .map(|(system, due)| {
            Finding::new(
                Rule::AccessReviewOverdue,
                format!("system:{system}"),
                system_ref(cx, &system),
                format!(
                    "The access review of \"{system}\" was due {due}: access should be reviewed every cycle \
                     (§164.308(a)(4)(ii)(C))"
                ),
                "import the system's user list (`access import`) and decide every account",
            )
        })
        .collect()
}
