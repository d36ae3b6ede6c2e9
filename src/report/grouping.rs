//! The grouped views of a large report, as data in the model: which scenarios are
//! printed in full, the group rows of the rest, the inventory by kind, the plan by
//! action, and the CSV annexes attached to the PDF. `build_grouping.rs` fills them;
//! `thresholds.rs` says when. Below the thresholds only the annexes and the summary's
//! tables are filled and the sections print every record as before.

use serde::{Deserialize, Serialize};

use super::model::Band;
use crate::domain::Id;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grouping {
    /// Above `GROUP_SCENARIOS_ABOVE`: the threats, register and plan sections group.
    pub scenarios: bool,
    /// Above `GROUP_ASSETS_ABOVE`: the inventory groups by kind.
    pub inventory: bool,
    /// The sentence the report prints about how it grouped (`thresholds::explanation`).
    pub explanation: String,
    /// When grouped: the scenarios printed in full, in register order.
    pub full_scenarios: Vec<Id>,
    /// Scenarios at High or above left to the groups because of `FULL_SCENARIOS_MAX`.
    pub high_in_groups: usize,
    /// When grouped: every other scenario, by level (highest first), threat and kind.
    pub scenario_groups: Vec<ScenarioGroup>,
    /// When grouped: scenarios by level (rows, highest first, "Not scored" last) and
    /// treatment (columns).
    pub treatments: Vec<String>,
    pub level_treatment: Vec<LevelTreatment>,
    /// When grouped: the plan by action title.
    pub action_groups: Vec<ActionGroup>,
    /// When grouped: the accepted risks by threat and level.
    pub accepted_groups: Vec<AcceptedGroup>,
    /// When the inventory is grouped: entries by kind.
    pub kinds: Vec<KindGroup>,
    /// When the inventory is grouped: indexes into `ReportModel::assets` of the ePHI
    /// entries that matter most.
    pub key_assets: Vec<usize>,
    /// When the inventory is grouped: indexes into `ReportModel::vendors` listed by name.
    pub key_vendors: Vec<usize>,
}

/// Scenarios sharing a threat, a level and an asset kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScenarioGroup {
    pub threat: String,
    /// The level's label, or "Not scored".
    pub level: String,
    pub band: Option<Band>,
    /// The kind of the scenarios' assets: one kind, "Several kinds" or "Practice-wide".
    pub kind: String,
    pub scenarios: usize,
    /// Distinct assets named by the group's scenarios.
    pub assets: usize,
    /// The largest records-affected count among them.
    pub records: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelTreatment {
    pub level: String,
    pub band: Option<Band>,
    /// One count per `Grouping::treatments`, in that order.
    pub counts: Vec<usize>,
}

/// Actions sharing a title: what kind of work it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionGroup {
    pub title: String,
    pub actions: usize,
    pub open: usize,
    pub overdue: usize,
    /// The earliest due date among the open ones.
    pub next_due: Option<chrono::NaiveDate>,
    /// Distinct owners.
    pub owners: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AcceptedGroup {
    pub threat: String,
    pub level: String,
    pub count: usize,
    /// Who accepted them, each name once.
    pub accepted_by: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindGroup {
    pub kind: String,
    pub entries: usize,
    /// Entries that create, receive, maintain or transmit ePHI.
    pub ephi: usize,
    /// The largest record count among them.
    pub records: Option<u64>,
    pub critical: usize,
    /// ePHI entries not encrypted at rest ("No").
    pub unencrypted: usize,
}

/// Overdue actions sharing a title and an owner, for the executive summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverdueRow {
    pub title: String,
    pub owner: String,
    pub count: usize,
    /// The oldest due date among them.
    pub oldest: Option<chrono::NaiveDate>,
}

/// Scenarios sharing a threat and a level across asset kinds: the summary's top groups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskGroup {
    pub threat: String,
    pub level: String,
    pub band: Band,
    pub scenarios: usize,
    pub assets: usize,
}

/// A CSV file attached to the PDF: the same bytes as the matching export command for
/// the same date (`risks export`, `actions export`, `assets export`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Annex {
    pub file_name: String,
    pub description: String,
    /// Data rows (the header not counted).
    pub rows: usize,
    /// Lowercase hex SHA-256 of the bytes.
    pub sha256: String,
    /// The file's length in bytes; not in the JSON.
    #[serde(skip)]
    pub size: usize,
    /// The file zlib-compressed, as the PDF stores it (a FlateDecode stream): at 20,000
    /// scenarios the register alone is 9.5 MB plain and 0.9 MB compressed, and the model
    /// holds it until the PDF is written. Not in the JSON (which holds the same rows as
    /// data); `bytes` gives the file back. Empty in a model built for JSON or CSV alone
    /// (`report::Purpose::Data`), which attaches no file.
    #[serde(skip)]
    pub deflated: Vec<u8>,
}

impl Annex {
    /// The file itself, as the matching export command writes it.
    pub fn bytes(&self) -> std::io::Result<Vec<u8>> {
        use std::io::Read;
        let mut bytes = Vec::with_capacity(self.size);
        flate2::read::ZlibDecoder::new(self.deflated.as_slice()).read_to_end(&mut bytes)?;
        Ok(bytes)
    }
}
