//! The lists the Risks screen opens to choose from, and the scenarios made from what is
//! chosen: the quick add's two steps (the assets, then their threats), the threats the
//! safeguard review suggests, and F2's list of assets over a scenario form. Pure: they
//! read the workspace and the catalog and return pickers or scenarios; the screen opens
//! them and sends the write.

use crate::catalog::{Catalog, Threat};
use crate::domain::{Asset, Id, Labeled, Risk, Workspace};
use crate::tui::keys::{Action, Scope, keys_for};
use crate::tui::picker::{PickRow, Picker};

/// The picker key of "the whole practice" in the quick add's first step.
const PRACTICE_WIDE: &str = "practice";

/// The keys of ticking and of being done in a picker, for the pickers' help lines.
fn tick_and_done() -> (&'static str, &'static str) {
    (
        keys_for(Scope::Picker, Action::Toggle),
        keys_for(Scope::Picker, Action::Save),
    )
}

/// This year's assets by name: a new scenario cannot name a retired one.
fn by_name(workspace: &Workspace) -> Vec<&Asset> {
    let mut assets: Vec<&Asset> = workspace.active_assets().collect();
    crate::domain::order::sort_by_name(&mut assets, |asset| &asset.name);
    assets
}

/// The quick add's first step: tick the assets one scenario will name (three
/// workstations at once), or Enter on one, or on "the whole practice".
pub fn asset_picker(workspace: &Workspace) -> Picker {
    let rows = std::iter::once(PickRow::new(PRACTICE_WIDE, "The whole practice", "every threat"))
        .chain(
            by_name(workspace)
                .into_iter()
                .map(|asset| PickRow::new(asset.id.to_string(), &asset.name, asset.kind.label())),
        )
        .collect();
    let (tick, done) = tick_and_done();
    Picker::new(
        "Add scenarios: 1. the assets",
        format!("Tick the assets one scenario covers ({tick}), or {done} on one; next you tick the threats."),
        rows,
        true,
    )
    .or_current()
}

/// The asset ids chosen in the first step; none for the whole practice.
pub fn chosen_assets(chosen: &[String]) -> Vec<Id> {
    chosen
        .iter()
        .filter(|key| key.as_str() != PRACTICE_WIDE)
        .filter_map(|key| key.parse().ok())
        .collect()
}

/// The quick add's second step: the threats for the assets' kinds (every threat for the
/// whole practice), those already in the register for these assets marked.
pub fn threat_picker(workspace: &Workspace, catalog: &Catalog, asset_ids: &[Id]) -> Picker {
    let assets: Vec<&Asset> = asset_ids.iter().filter_map(|id| workspace.asset(*id)).collect();
    let threats: Vec<&Threat> = if assets.is_empty() {
        catalog.threats.iter().collect()
    } else {
        // Threats for any of the kinds, in the library's order.
        catalog
            .threats
            .iter()
            .filter(|threat| assets.iter().any(|asset| threat.asset_kinds.contains(&asset.kind)))
            .collect()
    };
    let already = |key: &str| {
        workspace.risks.iter().any(|risk| {
            risk.threat_key.as_deref() == Some(key)
                && if asset_ids.is_empty() {
                    risk.asset_ids.is_empty()
                } else {
                    asset_ids.iter().all(|id| risk.asset_ids.contains(id))
                }
        })
    };
    let rows = threats
        .iter()
        .map(|threat| {
            let detail = if already(&threat.key) {
                "already in the register".to_string()
            } else {
                threat.source.label().to_string()
            };
            PickRow::new(&threat.key, &threat.name, detail)
        })
        .collect();
    let (tick, done) = tick_and_done();
    Picker::new(
        format!("Add scenarios: 2. threats to {}", target_name(workspace, asset_ids)),
        format!("Tick every threat that applies ({tick}), then {done} adds them all, unscored."),
        rows,
        true,
    )
}

/// The threats the safeguard review suggests, or `None` when there are none.
pub fn suggestions_picker(workspace: &Workspace, catalog: &Catalog) -> Option<Picker> {
    let suggestions = crate::catalog::suggested_threats(workspace, catalog);
    if suggestions.is_empty() {
        return None;
    }
    let rows = suggestions
        .iter()
        .map(|(threat, citations)| PickRow::new(&threat.key, &threat.name, citations.join(", ")))
        .collect();
    Some(Picker::new(
        "Suggested by the safeguard review",
        "Threats that safeguards reviewed as partly or not implemented (or with a question answered no) are meant to stop. Tick to add.",
        rows,
        true,
    ))
}

/// F2 on a form's field: the inventory to tick a scenario's assets in, those the field
/// names already ticked; the names go back to the field. Only the assets field has a list.
pub fn field_picker(field: &'static str, current: &str, workspace: &Workspace) -> Option<Picker> {
    if field != "assets" {
        return None;
    }
    let named: Vec<String> = current
        .split(';')
        .map(|name| name.trim().to_lowercase())
        .filter(|name| !name.is_empty())
        .collect();
    let is_named = |asset: &Asset| named.contains(&asset.name.to_lowercase());
    // A retired asset the scenario already names stays in the list, ticked and marked, so
    // keeping the scenario's assets does not drop it unasked.
    let retired = workspace
        .retired_assets()
        .map(|retired| retired.asset)
        .filter(|asset| is_named(asset));
    let rows = by_name(workspace)
        .into_iter()
        .map(|asset| PickRow::new(asset.id.to_string(), &asset.name, asset.kind.label()).checked(is_named(asset)))
        .chain(retired.map(|asset| {
            PickRow::new(
                asset.id.to_string(),
                &asset.name,
                format!("{}, retired", asset.kind.label()),
            )
            .checked(true)
        }))
        .collect();
    let tick = keys_for(Scope::Picker, Action::Toggle);
    let picker = Picker::new(
        "The scenario's assets",
        format!("Tick every asset the scenario concerns ({tick}); none ticked is practice-wide."),
        rows,
        true,
    )
    .or_current()
    .for_field(field);
    Some(picker)
}

/// One scenario per chosen threat naming `asset_ids` (none: practice-wide), owned by
/// the first asset's owner. The library's vulnerability is not copied in: scoring
/// offers it to confirm.
pub fn threat_scenarios(
    workspace: &Workspace,
    catalog: &Catalog,
    asset_ids: &[Id],
    threat_keys: &[String],
) -> Vec<Risk> {
    let owner = default_owner(workspace, asset_ids);
    threat_keys
        .iter()
        .filter_map(|key| catalog.threat(key))
        .map(|threat| Risk {
            owner_id: owner,
            ..threat.scenario(workspace, asset_ids.to_vec())
        })
        .collect()
}

/// The review's suggested scenarios, each naming the in-scope assets of the kinds its
/// threat concerns (practice-wide when the inventory has none).
pub fn suggested_scenarios(workspace: &Workspace, catalog: &Catalog, threat_keys: &[String]) -> Vec<Risk> {
    threat_keys
        .iter()
        .filter_map(|key| catalog.threat(key))
        .map(|threat| {
            let asset_ids = matching_assets(workspace.active_assets(), threat);
            Risk {
                owner_id: default_owner(workspace, &asset_ids),
                ..threat.scenario(workspace, asset_ids)
            }
        })
        .collect()
}

/// The owner a new scenario takes: that of its first asset with one.
pub fn default_owner(workspace: &Workspace, asset_ids: &[Id]) -> Option<Id> {
    asset_ids
        .iter()
        .filter_map(|id| workspace.asset(*id))
        .find_map(|asset| asset.owner_id)
}

/// "the practice", the asset's name, or "3 assets", for titles and messages.
pub fn target_name(workspace: &Workspace, asset_ids: &[Id]) -> String {
    match asset_ids {
        [] => "the whole practice".to_string(),
        [only] => workspace
            .asset(*only)
            .map_or("the asset".to_string(), |asset| asset.name.clone()),
        several => format!("{} assets", several.len()),
    }
}

/// The in-scope assets whose kind the threat concerns, by id.
fn matching_assets<'a>(assets: impl Iterator<Item = &'a Asset>, threat: &Threat) -> Vec<Id> {
    assets
        .filter(|asset| asset.in_scope() && threat.asset_kinds.contains(&asset.kind))
        .map(|asset| asset.id)
        .collect()
}
