//! The Safeguards screen's tree: sections, then their standards and implementation
//! specifications in the rule's order. A section folds to one row; the cursor can go to
//! any row, so there is no forced order, and finding an item unfolds its section.

use crate::catalog::{Catalog, SectionKey};
use crate::domain::Workspace;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TreeRow {
    Section(SectionKey),
    /// A catalog item, by index into `Catalog::items`.
    Item(usize),
}

#[derive(Debug, Clone, Default)]
pub struct SafeguardTree {
    pub rows: Vec<TreeRow>,
    folded: Vec<SectionKey>,
    /// The text typed to find an item.
    pub find: String,
}

impl SafeguardTree {
    pub fn new(catalog: &Catalog) -> SafeguardTree {
        let mut tree = SafeguardTree::default();
        tree.rebuild(catalog);
        tree
    }

    fn rebuild(&mut self, catalog: &Catalog) {
        self.rows.clear();
        for section in &catalog.sections {
            self.rows.push(TreeRow::Section(section.key));
            if self.folded.contains(&section.key) {
                continue;
            }
            self.rows.extend(
                catalog
                    .items
                    .iter()
                    .enumerate()
                    .filter(|(_, item)| item.section == section.key)
                    .map(|(index, _)| TreeRow::Item(index)),
            );
        }
    }

    pub fn is_folded(&self, section: SectionKey) -> bool {
        self.folded.contains(&section)
    }

    /// Folds or unfolds the section of the row at `cursor`; returns the row the cursor
    /// should be on afterwards (the section's own row).
    pub fn toggle_fold(&mut self, catalog: &Catalog, cursor: usize) -> usize {
        let Some(section) = self.section_at(catalog, cursor) else {
            return cursor;
        };
        if let Some(position) = self.folded.iter().position(|key| *key == section) {
            self.folded.remove(position);
        } else {
            self.folded.push(section);
        }
        self.rebuild(catalog);
        self.section_row(section).unwrap_or(0)
    }

    fn section_at(&self, catalog: &Catalog, cursor: usize) -> Option<SectionKey> {
        match self.rows.get(cursor)? {
            TreeRow::Section(key) => Some(*key),
            TreeRow::Item(index) => catalog.items.get(*index).map(|item| item.section),
        }
    }

    fn section_row(&self, section: SectionKey) -> Option<usize> {
        self.rows.iter().position(|row| *row == TreeRow::Section(section))
    }

    /// The row showing a catalog item, unfolding its section if needed.
    pub fn reveal(&mut self, catalog: &Catalog, item_index: usize) -> Option<usize> {
        let section = catalog.items.get(item_index)?.section;
        if self.folded.contains(&section) {
            self.folded.retain(|key| *key != section);
            self.rebuild(catalog);
        }
        self.rows.iter().position(|row| *row == TreeRow::Item(item_index))
    }

    /// The first item whose citation or name contains `text` (any case), in rule order.
    pub fn find_item(catalog: &Catalog, text: &str) -> Option<usize> {
        let needle = text.trim().to_lowercase();
        if needle.is_empty() {
            return None;
        }
        let citation_match = catalog
            .items
            .iter()
            .position(|item| item.citation.to_lowercase().contains(&needle));
        citation_match.or_else(|| {
            catalog
                .items
                .iter()
                .position(|item| item.name.to_lowercase().contains(&needle))
        })
    }

    /// The next item after the cursor (wrapping) that has not been reviewed.
    pub fn next_open(catalog: &Catalog, workspace: &Workspace, after: Option<usize>) -> Option<usize> {
        let count = catalog.items.len();
        let start = after.map_or(0, |index| index + 1);
        (0..count)
            .map(|step| (start + step) % count)
            .find(|&index| !workspace.is_reviewed(&catalog.items[index].citation))
    }
}

/// Reviewed and total items of one section.
pub fn section_progress(catalog: &Catalog, workspace: &Workspace, section: SectionKey) -> (usize, usize) {
    let items: Vec<_> = catalog.section_items(section).collect();
    let reviewed = items
        .iter()
        .filter(|item| workspace.is_reviewed(&item.citation))
        .count();
    (reviewed, items.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_hides_a_sections_items_and_finding_unfolds_it() {
        let catalog = Catalog::embedded();
        let mut tree = SafeguardTree::new(catalog);
        assert_eq!(tree.rows.len(), catalog.items.len() + catalog.sections.len());
        let row = tree.toggle_fold(catalog, 3);
        assert_eq!(tree.rows[row], TreeRow::Section(SectionKey::Administrative));
        let administrative = catalog.section_items(SectionKey::Administrative).count();
        assert_eq!(
            tree.rows.len(),
            catalog.items.len() + catalog.sections.len() - administrative
        );
        let index = SafeguardTree::find_item(catalog, "164.308(a)(5)(ii)(c)").expect("found");
        assert_eq!(catalog.items[index].name, "Log-in monitoring");
        let row = tree.reveal(catalog, index).expect("shown");
        assert_eq!(tree.rows[row], TreeRow::Item(index));
        assert!(!tree.is_folded(SectionKey::Administrative));
    }

    #[test]
    fn finding_by_name_when_no_citation_matches() {
        let catalog = Catalog::embedded();
        let index = SafeguardTree::find_item(catalog, "AUTOMATIC log").expect("found");
        assert_eq!(catalog.items[index].name, "Automatic logoff");
        assert_eq!(SafeguardTree::find_item(catalog, "  "), None);
        assert_eq!(SafeguardTree::find_item(catalog, "no such thing"), None);
    }
}
