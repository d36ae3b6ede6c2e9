//! DRAFT or FINAL: the one word every output of an analysis states (PDF, JSON, CSV, the
//! workbook, OSCAL, the exports, the TUI's and the command line's messages), so no output
//! of a draft can be mistaken for a final one.
//!
//! It comes from the findings alone, as `check`, the dashboard and the report decide it:
//! final when no blocking finding is open (`FindingCounts::can_finalize`). A signed year
//! is final: its outputs are rendered from the model kept when it was signed.

use serde::{Deserialize, Serialize};

use super::FindingCounts;

/// What an output says about the analysis it comes from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Status {
    /// A blocking finding is open: for review, not approved. The default, so a status
    /// that was never worked out never reads as final.
    #[default]
    Draft,
    /// No blocking finding is open.
    Final,
}

/// The first column of every CSV hipaa-ra writes, `DRAFT` or `FINAL` on every row. Not
/// `status`: the plan already has a `status` column (the action's), and a header named
/// twice is read wrongly by scripts (a dictionary keeps one of the two) and refused by our
/// own importer. The importers skip this column (`exchange::assets::parse_table`).
pub const STATUS_COLUMN: &str = "analysis_status";

impl Status {
    /// The status the findings give: final only when none blocks.
    pub fn of(counts: FindingCounts) -> Status {
        Status::from_draft(!counts.can_finalize())
    }

    /// The status of a report model's `draft` flag.
    pub fn from_draft(draft: bool) -> Status {
        if draft { Status::Draft } else { Status::Final }
    }

    pub fn is_draft(self) -> bool {
        self == Status::Draft
    }

    /// `DRAFT` or `FINAL`, as every output writes it.
    pub fn word(self) -> &'static str {
        match self {
            Status::Draft => "DRAFT",
            Status::Final => "FINAL",
        }
    }

    /// What the status means, in a few words starting with it: for the first row of a
    /// workbook's sheets and the command line's warning.
    pub fn line(self) -> &'static str {
        match self {
            Status::Draft => "DRAFT for review, not approved: blocking findings remain",
            Status::Final => "FINAL: no blocking finding is open",
        }
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(self.word())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn final_only_without_an_open_blocking_finding() {
        let mut counts = FindingCounts {
            blocking: 1,
            advisory: 2,
            acknowledged: 3,
        };
        assert_eq!(Status::of(counts), Status::Draft);
        counts.blocking = 0;
        assert_eq!(Status::of(counts), Status::Final);
        assert_eq!(Status::default(), Status::Draft);
        assert_eq!(serde_json::to_string(&Status::Draft).unwrap(), "\"DRAFT\"");
        assert_eq!(serde_json::to_string(&Status::Final).unwrap(), "\"FINAL\"");
        assert!(Status::Draft.line().starts_with("DRAFT") && Status::Final.line().starts_with("FINAL"));
    }
}
