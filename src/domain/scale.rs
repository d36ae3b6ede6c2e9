//! Scales and risk matrices. A matrix is a lookup table, not a product: NIST SP 800-30
//! Table I-2 gives Very Low risk for Very High likelihood with Very Low impact. Levels are
//! addressed by their index on the scale, lowest first, so the same code serves the NIST
//! five-level scale and the HHS SRA Tool's three-level scale with a four-level result.

use serde::{Deserialize, Serialize};

/// One level of a scale, with the guidance shown while scoring.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Level {
    pub key: String,
    pub label: String,
    /// Semi-quantitative range (NIST), for example `80-95`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<String>,
    /// Semi-quantitative score (NIST), for example 8.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<u8>,
    /// How often, in plain words, for likelihood.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub likelihood_guide: Option<String>,
    /// How bad, in plain words, for impact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impact_guide: Option<String>,
}

/// An ordered scale, lowest level first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scale {
    pub key: String,
    pub name: String,
    pub levels: Vec<Level>,
}

impl Scale {
    pub fn index_of(&self, key: &str) -> Option<usize> {
        self.levels.iter().position(|level| level.key == key)
    }

    pub fn label(&self, index: usize) -> Option<&str> {
        self.levels.get(index).map(|level| level.label.as_str())
    }
}

/// A risk matrix: rows (likelihood) by columns (impact) giving a result level.
/// `cells[row][column]` holds the index of the result level; rows and columns are
/// indexed lowest level first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskMatrix {
    pub key: String,
    pub name: String,
    pub row_label: String,
    pub column_label: String,
    pub editable: bool,
    pub rows: Scale,
    pub columns: Scale,
    pub results: Scale,
    pub cells: Vec<Vec<usize>>,
}

/// Where a result sits on its scale, for styling: the same five bands whatever the
/// number of levels, so a theme colours NIST and HHS results alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Lowest,
    Low,
    Middle,
    High,
    Highest,
}

impl RiskMatrix {
    /// The result level index for a likelihood (row) and impact (column) index.
    pub fn lookup(&self, row: usize, column: usize) -> Option<usize> {
        self.cells.get(row)?.get(column).copied()
    }

    /// The result label for a likelihood and impact index.
    pub fn lookup_label(&self, row: usize, column: usize) -> Option<&str> {
        self.results.label(self.lookup(row, column)?)
    }

    /// The band a result index falls in, spreading any scale length over five bands.
    pub fn severity(&self, result: usize) -> Severity {
        severity_of(result, self.results.levels.len())
    }

    /// Checks the shape: every row has one cell per column and every cell names a result.
    pub fn validate(&self) -> Result<(), String> {
        if self.cells.len() != self.rows.levels.len() {
            return Err(format!(
                "matrix `{}` has {} rows, its scale has {} levels",
                self.key,
                self.cells.len(),
                self.rows.levels.len()
            ));
        }
        for (row_index, row) in self.cells.iter().enumerate() {
            if row.len() != self.columns.levels.len() {
                return Err(format!(
                    "matrix `{}` row {} has {} cells, expected {}",
                    self.key,
                    row_index,
                    row.len(),
                    self.columns.levels.len()
                ));
            }
            if let Some(bad) = row.iter().find(|&&cell| cell >= self.results.levels.len()) {
                return Err(format!(
                    "matrix `{}` names result level {bad}, which does not exist",
                    self.key
                ));
            }
        }
        Ok(())
    }
}

/// Spreads index `index` of a scale with `len` levels over the five severity bands.
pub fn severity_of(index: usize, len: usize) -> Severity {
    const BANDS: [Severity; 5] = [
        Severity::Lowest,
        Severity::Low,
        Severity::Middle,
        Severity::High,
        Severity::Highest,
    ];
    if len <= 1 {
        return Severity::Middle;
    }
    // Nearest band, so the HHS "High" (third of four) is High, not the middle.
    let steps = len - 1;
    let position = (index.min(steps) * (BANDS.len() - 1) + steps / 2) / steps;
    BANDS[position]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severity_spreads_short_scales_over_the_bands() {
        assert_eq!(severity_of(0, 4), Severity::Lowest);
        assert_eq!(severity_of(1, 4), Severity::Low);
        assert_eq!(severity_of(2, 4), Severity::High);
        assert_eq!(severity_of(3, 4), Severity::Highest);
        assert_eq!(severity_of(2, 5), Severity::Middle);
        assert_eq!(severity_of(1, 3), Severity::Middle);
        assert_eq!(severity_of(2, 3), Severity::Highest);
        assert_eq!(severity_of(9, 5), Severity::Highest);
    }
}
