//! The inventory as the screen shows it: the rows that pass the filter and the chosen
//! chip ("not reviewed", "no owner", "no BAA", "retired"), in the chosen order. The list
//! shows every asset, retired ones marked (a retirement must stay visible); the chips
//! that flag work count this year's scope only (`Workspace::active_assets`). Filtering and sorting
//! work on the loaded snapshot in memory, so a key press in the filter never goes back to
//! SQL, even at 10,000 assets.

use std::collections::HashSet;

use chrono::NaiveDate;

use crate::domain::{Asset, Id, Workspace};

/// A quick filter by what needs attention, one key away (the dashboard's "5 assets not
/// reviewed" has to be findable).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chip {
    /// In scope and never reviewed, or not in the last 12 months (the advisory finding's rule).
    NotReviewed,
    /// In scope with no owner.
    NoOwner,
    /// A vendor handling ePHI without a signed agreement.
    NoBaa,
    /// Retired this year: out of scope, listed so a retirement can be seen. Offered only
    /// while there is one.
    Retired,
}

impl Chip {
    pub const ALL: [Chip; 4] = [Chip::NotReviewed, Chip::NoOwner, Chip::NoBaa, Chip::Retired];

    pub fn label(self) -> &'static str {
        match self {
            Chip::NotReviewed => "not reviewed",
            Chip::NoOwner => "no owner",
            Chip::NoBaa => "no BAA",
            Chip::Retired => "retired",
        }
    }

    /// Whether the chip shows an asset; `retired` is whether it was retired this year
    /// (a retired asset needs no work this year: only the retired chip shows it).
    pub fn matches(self, asset: &Asset, retired: bool, today: NaiveDate) -> bool {
        match self {
            Chip::Retired => retired,
            _ if retired => false,
            Chip::NotReviewed => asset.in_scope() && !reviewed_within_a_year(asset, today),
            Chip::NoOwner => asset.in_scope() && asset.owner_id.is_none(),
            Chip::NoBaa => asset.lacks_baa(),
        }
    }

    /// The chip after this one; None after the last (all assets again). The retired chip
    /// is skipped while no asset is retired.
    fn next(chip: Option<Chip>, retired: usize) -> Option<Chip> {
        match chip {
            None => Some(Chip::NotReviewed),
            Some(Chip::NotReviewed) => Some(Chip::NoOwner),
            Some(Chip::NoOwner) => Some(Chip::NoBaa),
            Some(Chip::NoBaa) if retired > 0 => Some(Chip::Retired),
            Some(Chip::NoBaa | Chip::Retired) => None,
        }
    }
}

/// Reviewed on or after the same day a year ago.
pub fn reviewed_within_a_year(asset: &Asset, today: NaiveDate) -> bool {
    let year_ago = today.checked_sub_months(chrono::Months::new(12)).unwrap_or(today);
    asset.last_reviewed.is_some_and(|reviewed| reviewed >= year_ago)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AssetSort {
    #[default]
    Name,
    Kind,
    Owner,
    Criticality,
    LastReviewed,
}

impl AssetSort {
    const ORDER: [AssetSort; 5] = [
        AssetSort::Name,
        AssetSort::Kind,
        AssetSort::Owner,
        AssetSort::Criticality,
        AssetSort::LastReviewed,
    ];

    pub fn label(self) -> &'static str {
        match self {
            AssetSort::Name => "name",
            AssetSort::Kind => "kind",
            AssetSort::Owner => "owner",
            AssetSort::Criticality => "criticality (most critical first)",
            AssetSort::LastReviewed => "last reviewed (oldest first)",
        }
    }

    fn next(self) -> AssetSort {
        let index = AssetSort::ORDER.iter().position(|sort| *sort == self).unwrap_or(0);
        AssetSort::ORDER[(index + 1) % AssetSort::ORDER.len()]
    }
}

#[derive(Debug, Clone)]
pub struct InventoryView {
    pub filter: String,
    pub sort: AssetSort,
    /// Only the assets this chip names; None for all.
    pub chip: Option<Chip>,
    /// How many assets each chip of `Chip::ALL` would show, for its label.
    pub chip_counts: [usize; 4],
    /// The day "not reviewed in 12 months" is counted from.
    pub today: NaiveDate,
    /// Indices into `workspace.assets`, filtered and sorted.
    pub rows: Vec<usize>,
}

impl InventoryView {
    pub fn new(today: NaiveDate) -> InventoryView {
        InventoryView {
            filter: String::new(),
            sort: AssetSort::default(),
            chip: None,
            chip_counts: [0; 4],
            today,
            rows: Vec::new(),
        }
    }

    /// Shows only the next chip's assets (after the last: all again).
    pub fn next_chip(&mut self, workspace: &Workspace) {
        self.chip = Chip::next(self.chip, self.chip_counts[3]);
        self.refresh(workspace);
    }

    pub fn next_sort(&mut self, workspace: &Workspace) {
        self.sort = self.sort.next();
        self.refresh(workspace);
    }

    /// Recomputes the rows from the snapshot, the filter and the sort.
    pub fn refresh(&mut self, workspace: &Workspace) {
        let needle = self.filter.trim().to_lowercase();
        let today = self.today;
        let retired: HashSet<Id> = workspace.retired_assets().map(|retired| retired.asset.id).collect();
        let shows = |chip: Chip, asset: &Asset| chip.matches(asset, retired.contains(&asset.id), today);
        for (count, chip) in self.chip_counts.iter_mut().zip(Chip::ALL) {
            *count = workspace.assets.iter().filter(|asset| shows(chip, asset)).count();
        }
        // The last retirement undone while its chip was chosen: show all again.
        if self.chip == Some(Chip::Retired) && self.chip_counts[3] == 0 {
            self.chip = None;
        }
        let chip = self.chip;
        let mut rows: Vec<usize> = (0..workspace.assets.len())
            .filter(|&index| chip.is_none_or(|chip| shows(chip, &workspace.assets[index])))
            .filter(|&index| needle.is_empty() || matches(&workspace.assets[index], workspace, &needle))
            .collect();
        let assets = &workspace.assets;
        let owner = |asset: &Asset| crate::domain::order::name_key(workspace.person_name(asset.owner_id));
        match self.sort {
            // The store returns assets by name already (`domain::order`).
            AssetSort::Name => {}
            AssetSort::Kind => rows.sort_by_key(|&index| assets[index].kind),
            AssetSort::Owner => rows.sort_by_cached_key(|&index| owner(&assets[index])),
            AssetSort::Criticality => rows.sort_by_key(|&index| std::cmp::Reverse(assets[index].criticality)),
            AssetSort::LastReviewed => rows.sort_by_key(|&index| assets[index].last_reviewed),
        }
        self.rows = rows;
    }
}

/// Whether an asset matches the lower-cased filter text in any shown field.
fn matches(asset: &Asset, workspace: &Workspace, needle: &str) -> bool {
    let contains = |text: &str| text.to_lowercase().contains(needle);
    contains(&asset.name)
        || contains(crate::domain::Labeled::label(asset.kind))
        || contains(&asset.location)
        || contains(&asset.description)
        || contains(workspace.person_name(asset.owner_id))
        || asset.vendor().is_some_and(|vendor| contains(&vendor.services))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{AssetKind, BaaStatus, EphiActions};

    fn asset(name: &str, reviewed: Option<NaiveDate>, owner: Option<i64>, baa: Option<BaaStatus>) -> Asset {
        Asset {
            id: 0,
            assessment_id: 1,
            name: name.into(),
            kind: AssetKind::Laptop,
            description: String::new(),
            location: String::new(),
            owner_id: owner,
            ephi: EphiActions::ALL,
            record_count: None,
            criticality: crate::domain::Criticality::Unknown,
            encrypted_at_rest: crate::domain::Encryption::Unknown,
            last_reviewed: reviewed,
            baa_status: baa,
            ..Asset::default()
        }
    }

    #[test]
    fn each_chip_shows_only_its_assets_and_counts_them() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let workspace = Workspace {
            practice: crate::domain::Practice::named("Test"),
            assessment_id: 1,
            assets: vec![
                asset("Fresh", NaiveDate::from_ymd_opt(2025, 11, 23), Some(1), None),
                asset("Stale", NaiveDate::from_ymd_opt(2025, 11, 22), Some(1), None),
                asset("Never", None, None, Some(BaaStatus::Pending)),
                asset("Signed", Some(today), None, Some(BaaStatus::Signed)),
            ],
            ..Workspace::default()
        };
        let mut view = InventoryView::new(today);
        view.refresh(&workspace);
        assert_eq!((view.rows.len(), view.chip_counts), (4, [2, 2, 1, 0]));
        let names = |view: &InventoryView| -> Vec<String> {
            view.rows
                .iter()
                .map(|&index| workspace.assets[index].name.clone())
                .collect()
        };
        view.next_chip(&workspace);
        assert_eq!(names(&view), ["Stale", "Never"]);
        view.next_chip(&workspace);
        assert_eq!(names(&view), ["Never", "Signed"]);
        view.next_chip(&workspace);
        assert_eq!(names(&view), ["Never"]);
        view.next_chip(&workspace);
        assert_eq!(
            (view.chip, view.rows.len()),
            (None, 4),
            "no retired chip while none is retired"
        );

        // Retired this year: still listed, but only under its own chip, in no other.
        let mut workspace = workspace;
        workspace.assets[2].id = 3;
        workspace.retired = vec![crate::domain::RetiredAsset {
            asset_id: 3,
            retired_on: today,
        }];
        view.refresh(&workspace);
        assert_eq!((view.rows.len(), view.chip_counts), (4, [1, 1, 0, 1]));
        for _ in 0..4 {
            view.next_chip(&workspace);
        }
        assert_eq!(view.chip, Some(Chip::Retired));
        let shown: Vec<&str> = view
            .rows
            .iter()
            .map(|&index| workspace.assets[index].name.as_str())
            .collect();
        assert_eq!(shown, ["Never"]);
        view.next_chip(&workspace);
        assert_eq!((view.chip, view.rows.len()), (None, 4));
    }
}
