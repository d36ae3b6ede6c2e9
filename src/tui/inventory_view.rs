//! The inventory as the screen shows it: the rows that pass the filter, in the chosen
//! order. Filtering and sorting work on the loaded snapshot in memory, so a key press in
//! the filter never goes back to SQL, even at 10,000 assets.

use crate::domain::{Asset, Workspace};

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

#[derive(Debug, Clone, Default)]
pub struct InventoryView {
    pub filter: String,
    pub sort: AssetSort,
    /// Indices into `workspace.assets`, filtered and sorted.
    pub rows: Vec<usize>,
}

impl InventoryView {
    pub fn next_sort(&mut self, workspace: &Workspace) {
        self.sort = self.sort.next();
        self.refresh(workspace);
    }

    /// Recomputes the rows from the snapshot, the filter and the sort.
    pub fn refresh(&mut self, workspace: &Workspace) {
        let needle = self.filter.trim().to_lowercase();
        let mut rows: Vec<usize> = (0..workspace.assets.len())
            .filter(|&index| needle.is_empty() || matches(&workspace.assets[index], workspace, &needle))
            .collect();
        let assets = &workspace.assets;
        let owner = |asset: &Asset| workspace.person_name(asset.owner_id).to_lowercase();
        match self.sort {
            // The store returns assets by name already.
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
        || asset.vendor.as_ref().is_some_and(|vendor| contains(&vendor.services))
}
