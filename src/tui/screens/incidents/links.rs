//! The assets and scenarios an incident concerns: the picker that ticks them (this year's
//! assets, then this year's scenarios), the ids read back from its choice, and the
//! detail's line naming them.
//!
//! An incident is a dated program record, not a year's: it may be linked to an asset or
//! scenario of an earlier year, or to an asset retired since, that this year's picker
//! does not list. Those links are kept as they are when the picker is saved, and the
//! detail names the retired asset and counts the earlier years' links.

use std::collections::HashSet;

use crate::domain::incident::Incident;
use crate::domain::{Id, Workspace};
use crate::tui::picker::{PickRow, Picker};

const ASSET: &str = "asset:";
const SCENARIO: &str = "scenario:";

/// This year's assets in scope (not retired) and scenarios, the incident's own ticked.
pub fn link_picker(incident: &Incident, workspace: &Workspace) -> Picker {
    let mut rows: Vec<PickRow> = workspace
        .active_assets()
        .map(|asset| {
            PickRow::new(format!("{ASSET}{}", asset.id), &asset.name, "asset")
                .checked(incident.asset_ids.contains(&asset.id))
        })
        .collect();
    rows.extend(workspace.risks.iter().map(|risk| {
        PickRow::new(
            format!("{SCENARIO}{}", risk.id),
            &risk.threat,
            format!("scenario {}", risk.id),
        )
        .checked(incident.risk_ids.contains(&risk.id))
    }));
    Picker::new(
        format!("Link: {}", incident.title),
        "Tick the assets it concerns and the scenarios it made real; Enter saves.",
        rows,
        true,
    )
}

/// The asset and scenario ids to save: the ticked ones, plus the incident's links to
/// records the picker did not list (another year's, a retired asset), so saving never
/// drops those.
pub fn chosen_links(incident: &Incident, workspace: &Workspace, keys: &[String]) -> (Vec<Id>, Vec<Id>) {
    let ticked = |prefix: &str| -> Vec<Id> {
        keys.iter()
            .filter_map(|key| key.strip_prefix(prefix))
            .filter_map(|id| id.parse().ok())
            .collect()
    };
    let listed: HashSet<Id> = workspace.active_assets().map(|asset| asset.id).collect();
    let mut asset_ids = ticked(ASSET);
    asset_ids.extend(incident.asset_ids.iter().filter(|id| !listed.contains(id)));
    let mut risk_ids = ticked(SCENARIO);
    risk_ids.extend(incident.risk_ids.iter().filter(|id| workspace.risk(**id).is_none()));
    asset_ids.sort_unstable();
    asset_ids.dedup();
    risk_ids.sort_unstable();
    risk_ids.dedup();
    (asset_ids, risk_ids)
}

/// One line naming the linked assets and scenarios of this year, and counting the
/// earlier years' ones.
pub fn links_line(incident: &Incident, workspace: &Workspace) -> String {
    let mut names: Vec<String> = Vec::new();
    let mut earlier = 0;
    for id in &incident.asset_ids {
        match workspace.asset(*id) {
            Some(asset) => names.push(asset.name.clone()),
            None => earlier += 1,
        }
    }
    let assets = names.join(", ");
    names.clear();
    for id in &incident.risk_ids {
        match workspace.risk(*id) {
            Some(risk) => names.push(risk.threat.clone()),
            None => earlier += 1,
        }
    }
    let scenarios = names.join(", ");
    if assets.is_empty() && scenarios.is_empty() && earlier == 0 {
        return "Linked: no asset or scenario (press l to link them)".to_string();
    }
    let mut parts = Vec::new();
    if !assets.is_empty() {
        parts.push(format!("Assets: {assets}"));
    }
    if !scenarios.is_empty() {
        parts.push(format!("Scenarios: {scenarios}"));
    }
    if earlier > 0 {
        parts.push(format!("{earlier} of earlier years"));
    }
    parts.join(" · ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Asset, Risk};

    fn workspace() -> Workspace {
        Workspace {
            assets: vec![Asset {
                id: 3,
                name: "Clinician iPhones".into(),
                ..Asset::default()
            }],
            risks: vec![Risk {
                id: 7,
                threat: "Lost or stolen device".into(),
                ..Risk::default()
            }],
            ..Workspace::default()
        }
    }

    #[test]
    fn the_picker_ticks_the_links_and_saving_keeps_an_earlier_years_link() {
        let workspace = workspace();
        let incident = Incident {
            title: "Phone lost".into(),
            asset_ids: vec![1],
            risk_ids: vec![7],
            ..Incident::default()
        };
        let picker = link_picker(&incident, &workspace);
        assert_eq!(picker.rows.len(), 2);
        assert!(!picker.rows[0].checked, "the phone is not linked yet");
        assert!(picker.rows[1].checked, "the scenario is");
        assert_eq!(
            links_line(&incident, &workspace),
            "Scenarios: Lost or stolen device · 1 of earlier years"
        );
        // Tick the phone, untick the scenario: asset 1 (another year's) stays.
        let keys = vec!["asset:3".to_string(), "junk".to_string(), "scenario:x".to_string()];
        assert_eq!(chosen_links(&incident, &workspace, &keys), (vec![1, 3], vec![]));
    }

    #[test]
    fn a_retired_asset_is_not_offered_and_its_link_is_kept() {
        let mut workspace = workspace();
        workspace.retired.push(crate::domain::RetiredAsset {
            asset_id: 3,
            retired_on: chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap(),
        });
        let incident = Incident {
            asset_ids: vec![3],
            ..Incident::default()
        };
        let picker = link_picker(&incident, &workspace);
        assert_eq!(picker.rows.len(), 1, "the scenario only");
        assert_eq!(chosen_links(&incident, &workspace, &[]), (vec![3], vec![]));
        assert_eq!(links_line(&incident, &workspace), "Assets: Clinician iPhones");
    }

    #[test]
    fn an_incident_without_links_says_how_to_add_them() {
        let incident = Incident::default();
        assert!(links_line(&incident, &workspace()).contains("press l"));
    }
}
