//! This year's scope, defined once. An asset of a carried-forward inventory that the user
//! retired this year (see `RetiredAsset`) stays in the workspace, with last year's record
//! behind it, but is out of this year's scope: every count, table, export and signal of
//! the open assessment reads its assets through `Workspace::active_assets` (or the counts
//! here, built from it), and the retired ones are listed apart (`retired_assets`).
//!
//! `Workspace::assets` itself still holds every asset: for looking a name up by id (a
//! scenario may name a retired asset), for the full workspace export and restore, and for
//! the Inventory screen, which shows retired assets marked so a retirement can be seen.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::model::{Asset, Id};
use super::workspace::Workspace;

/// How many assets this year's scope holds, as every output states them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScopeCounts {
    /// Inventory entries in scope this year (every asset but the retired ones).
    pub assets: usize,
    /// Of those, the entries handling ePHI (creating, receiving, maintaining or
    /// transmitting it).
    pub ephi: usize,
    /// Of `assets`, the vendors.
    pub vendors: usize,
    /// Assets carried forward from last year and retired this year: outside the counts
    /// above.
    pub retired: usize,
}

/// A retired asset as the report lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retirement<'a> {
    pub asset: &'a Asset,
    pub retired_on: NaiveDate,
}

impl Workspace {
    /// The counts of this year's scope, from `active_assets`.
    pub fn scope_counts(&self) -> ScopeCounts {
        let mut counts = ScopeCounts {
            retired: self.retired_assets().count(),
            ..ScopeCounts::default()
        };
        for asset in self.active_assets() {
            counts.assets += 1;
            counts.ephi += usize::from(asset.in_scope());
            counts.vendors += usize::from(asset.vendor().is_some());
        }
        counts
    }

    /// The assets retired this year with the day each was retired, in inventory order.
    /// A retirement naming no asset of the workspace (a damaged file) is left out.
    pub fn retired_assets(&self) -> impl Iterator<Item = Retirement<'_>> {
        let dates: HashMap<Id, NaiveDate> = self
            .retired
            .iter()
            .map(|retired| (retired.asset_id, retired.retired_on))
            .collect();
        self.assets
            .iter()
            .filter_map(move |asset| dates.get(&asset.id).map(|&retired_on| Retirement { asset, retired_on }))
    }

    /// How a list names an asset of this workspace: its name, marked when it was retired
    /// this year (a scenario may still name it; it counts in no scope).
    pub fn asset_label(&self, asset: &Asset) -> String {
        label(asset, self.is_retired(asset.id))
    }

    /// `asset_label` of every asset (retired ones too), by id, built in one pass: for the
    /// lists that name assets by id (scenarios, the plan).
    pub fn asset_labels(&self) -> HashMap<Id, String> {
        let retired = self.retired_ids();
        self.assets
            .iter()
            .map(|asset| (asset.id, label(asset, retired.contains(&asset.id))))
            .collect()
    }
}

fn label(asset: &Asset, retired: bool) -> String {
    asset_label_of(&asset.name, retired)
}

/// `Workspace::asset_label` from an asset's name and whether it was retired this year:
/// for rows read without a `Workspace` (the exports' queries).
pub fn asset_label_of(name: &str, retired: bool) -> String {
    if retired {
        format!("{name} (retired)")
    } else {
        name.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{AssetKind, BaaStatus, EphiActions, Practice, RetiredAsset};

    fn asset(id: i64, name: &str, kind: AssetKind, ephi: EphiActions) -> Asset {
        Asset {
            id,
            assessment_id: 1,
            name: name.into(),
            kind,
            ephi,
            baa_status: (kind == AssetKind::Vendor).then_some(BaaStatus::Signed),
            ..Asset::default()
        }
    }

    fn workspace(assets: Vec<Asset>, retired: &[i64]) -> Workspace {
        let on = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        Workspace {
            practice: Practice::named("Test"),
            assessment_id: 1,
            assets,
            retired: retired
                .iter()
                .map(|&asset_id| RetiredAsset {
                    asset_id,
                    retired_on: on,
                })
                .collect(),
            ..Workspace::default()
        }
    }

    #[test]
    fn a_retired_asset_is_out_of_every_count_and_listed_apart() {
        let all = vec![
            asset(1, "EHR", AssetKind::CloudService, EphiActions::ALL),
            asset(2, "Old server", AssetKind::System, EphiActions::ALL),
            asset(3, "Billing Co", AssetKind::Vendor, EphiActions::ALL),
            asset(4, "Old vendor", AssetKind::Vendor, EphiActions::ALL),
            asset(5, "Lobby TV", AssetKind::System, EphiActions::default()),
        ];
        let before = workspace(all.clone(), &[]);
        assert_eq!(
            before.scope_counts(),
            ScopeCounts {
                assets: 5,
                ephi: 4,
                vendors: 2,
                retired: 0
            }
        );
        let after = workspace(all, &[2, 4]);
        assert_eq!(
            after.scope_counts(),
            ScopeCounts {
                assets: 3,
                ephi: 2,
                vendors: 1,
                retired: 2
            }
        );
        let active: Vec<i64> = after.active_assets().map(|asset| asset.id).collect();
        assert_eq!(active, [1, 3, 5]);
        let retired: Vec<(&str, AssetKind)> = after
            .retired_assets()
            .map(|retirement| (retirement.asset.name.as_str(), retirement.asset.kind))
            .collect();
        assert_eq!(
            retired,
            [("Old server", AssetKind::System), ("Old vendor", AssetKind::Vendor)]
        );
        assert_eq!(after.asset_label(&after.assets[1]), "Old server (retired)");
        assert_eq!(after.asset_label(&after.assets[0]), "EHR");
        // The labels by id say the same, for every asset.
        let labels = after.asset_labels();
        assert_eq!(labels.len(), after.assets.len());
        for asset in &after.assets {
            assert_eq!(labels[&asset.id], after.asset_label(asset));
        }
    }
}
