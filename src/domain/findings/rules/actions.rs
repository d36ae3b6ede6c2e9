//! Actions backed by the data: an action that names the asset field it changes (such as
//! encrypted at rest = yes) and is marked done or verified while the asset still shows
//! something else. Either the work is not done or the inventory is out of date; both make
//! the plan say something the records deny, so the finding blocks until one of them is
//! corrected, and no acknowledgment can stand in for that.

use super::{Context, asset_ref};
use crate::domain::action_change::{asset_shows, is_done, shown, target};
use crate::domain::findings::{Finding, RecordRef, Rule};
use crate::domain::model::Action;
use crate::domain::{Field, Labeled};

pub(super) fn done_action_contradicted(cx: &Context<'_>) -> Vec<Finding> {
    let mut done: Vec<&Action> = cx.workspace.actions.iter().filter(|action| is_done(action)).collect();
    done.sort_by_key(|action| action.id);
    done.into_iter()
        .filter_map(|action| {
            let (asset_id, field, wanted) = target(action)?;
            // A retired asset is out of this year's scope (`cx.assets` holds the active ones).
            let index = cx.assets.binary_search_by_key(&asset_id, |asset| asset.id).ok()?;
            let asset = cx.assets[index];
            if asset_shows(asset, field, &wanted) {
                return None;
            }
            let records = vec![
                RecordRef::Action {
                    id: action.id,
                    title: action.title.clone(),
                },
                asset_ref(asset),
            ];
            Some(Finding::new(
                Rule::DoneActionContradicted,
                format!("action:{}:asset:{}", action.id, asset.id),
                records,
                format!(
                    "Action \"{}\" is {}, but \"{}\" still shows {}: {} (the action was to make it {}) \
                     (§164.308(a)(1)(ii)(B))",
                    action.title,
                    action.status.label().to_lowercase(),
                    asset.name,
                    field.label(),
                    shown(field, &field.get(asset)),
                    shown(field, &wanted),
                ),
                "correct the asset if the work is done, or reopen the action if it is not",
            ))
        })
        .collect()
}
