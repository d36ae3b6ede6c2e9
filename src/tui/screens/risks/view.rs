//! The risk register as shown: the scenarios in register order, narrowed by a heat-map
//! cell, an asset, a level, a treatment or an owner, with the heat map's counts. All of it
//! is computed in memory once per change, never per frame or per key, so a register of
//! 20,000 scenarios moves as quickly as the demo's.

use std::collections::HashMap;

use crate::domain::{Id, Labeled, Treatment, Workspace};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RiskFilter {
    /// A heat-map cell: likelihood and impact indices.
    pub cell: Option<(usize, usize)>,
    /// Text an asset's name must contain; "practice-wide" matches scenarios without assets.
    pub asset: String,
    /// A result level index on the matrix.
    pub level: Option<usize>,
    pub treatment: Option<Treatment>,
    pub owner: Option<Id>,
}

impl RiskFilter {
    pub fn is_empty(&self) -> bool {
        *self == RiskFilter::default()
    }
}

#[derive(Debug, Clone, Default)]
pub struct RiskView {
    pub filter: RiskFilter,
    /// Indices into `workspace.risks`, in register order, that pass the filter.
    pub rows: Vec<usize>,
    /// Scenarios per heat-map cell, `counts[likelihood][impact]`, over the whole register.
    pub counts: Vec<Vec<usize>>,
    pub unscored: usize,
    /// The current level of each scenario (by index into `workspace.risks`).
    pub levels: Vec<Option<usize>>,
    /// Register order before filtering.
    order: Vec<usize>,
}

impl RiskView {
    /// Recomputes levels, counts and rows after the workspace changed.
    pub fn refresh(&mut self, workspace: &Workspace, order: Vec<usize>) {
        let matrix = workspace.matrix();
        self.levels = workspace
            .risks
            .iter()
            .map(|risk| matrix.and_then(|matrix| risk.level(matrix)))
            .collect();
        let (rows, columns) = matrix.map_or((0, 0), |matrix| (matrix.rows.levels.len(), matrix.columns.levels.len()));
        self.counts = vec![vec![0; columns]; rows];
        self.unscored = 0;
        for risk in &workspace.risks {
            match (risk.likelihood, risk.impact) {
                (Some(likelihood), Some(impact)) if likelihood < rows && impact < columns => {
                    self.counts[likelihood][impact] += 1;
                }
                _ => self.unscored += 1,
            }
        }
        self.order = order;
        self.apply_filter(workspace);
    }

    /// Re-applies the filter to the register order.
    pub fn apply_filter(&mut self, workspace: &Workspace) {
        let filter = &self.filter;
        let needle = filter.asset.trim().to_lowercase();
        let asset_names: HashMap<Id, String> = if needle.is_empty() {
            HashMap::new()
        } else {
            workspace
                .assets
                .iter()
                .map(|asset| (asset.id, asset.name.to_lowercase()))
                .collect()
        };
        self.rows = self
            .order
            .iter()
            .copied()
            .filter(|&index| {
                let risk = &workspace.risks[index];
                let cell_ok = filter
                    .cell
                    .is_none_or(|cell| risk.likelihood == Some(cell.0) && risk.impact == Some(cell.1));
                let asset_ok = needle.is_empty()
                    || (risk.asset_ids.is_empty() && "practice-wide".contains(&needle))
                    || risk
                        .asset_ids
                        .iter()
                        .any(|id| asset_names.get(id).is_some_and(|name| name.contains(&needle)));
                cell_ok
                    && asset_ok
                    && filter.level.is_none_or(|level| self.levels[index] == Some(level))
                    && filter.treatment.is_none_or(|treatment| risk.treatment == treatment)
                    && filter.owner.is_none_or(|owner| risk.owner_id == Some(owner))
            })
            .collect();
    }

    /// The filter in words, for the line above the register.
    pub fn describe_filter(&self, workspace: &Workspace) -> String {
        let filter = &self.filter;
        let matrix = workspace.matrix();
        let mut parts = Vec::new();
        if let (Some((likelihood, impact)), Some(matrix)) = (filter.cell, matrix) {
            parts.push(format!(
                "likelihood {} × impact {}",
                matrix.rows.label(likelihood).unwrap_or("?"),
                matrix.columns.label(impact).unwrap_or("?")
            ));
        }
        if !filter.asset.is_empty() {
            parts.push(format!("asset \"{}\"", filter.asset));
        }
        if let (Some(level), Some(matrix)) = (filter.level, matrix) {
            parts.push(format!("level {}", matrix.results.label(level).unwrap_or("?")));
        }
        if let Some(treatment) = filter.treatment {
            parts.push(format!("treatment {}", treatment.label()));
        }
        if let Some(owner) = filter.owner {
            parts.push(format!("owner {}", workspace.person_name(Some(owner))));
        }
        parts.join(", ")
    }
}
