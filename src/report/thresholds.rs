//! Where the report stops printing every record and starts grouping them: every size
//! limit of the PDF in one place, so a reader of the code (and of the report, which
//! prints the ones that applied) knows exactly when and how it grouped.
//!
//! Below the thresholds, a typical practice (the demo, the small sample), every scenario,
//! asset and action is printed inline, as a reader expects of a small analysis. Above
//! them, the report prints what an investigator reads (the highest risks in full, the
//! rest as groups with counts) and attaches the full tables as CSV annexes, whose SHA-256
//! the report prints so a signature covers them.

use super::model::Band;

/// More scenarios than this, and the threats, register and plan sections group them.
pub const GROUP_SCENARIOS_ABOVE: usize = 250;

/// More inventory entries than this, and the inventory groups them by kind.
pub const GROUP_ASSETS_ABOVE: usize = 300;

/// When grouped, scenarios at this band and above are printed in full...
pub const FULL_FROM_BAND: Band = Band::High;

/// ...up to this many, highest first in register order; the rest join the groups.
pub const FULL_SCENARIOS_MAX: usize = 150;

/// When the inventory is grouped, the ePHI entries listed by name (by criticality, then
/// records held).
pub const KEY_ASSETS_SHOWN: usize = 60;

/// When the inventory is grouped, vendors listed by name (those handling ePHI without a
/// signed agreement first); the annex lists every one.
pub const VENDORS_SHOWN: usize = 40;

/// Records named in one line of the proposed-rule appendix ("Not encrypted at rest:
/// …"); past this the line ends with how many more (every one is in the annexes).
pub const NAMES_IN_A_LINE: usize = 12;

/// Rows of the executive summary's tables of risk groups and overdue actions, so the
/// summary keeps to two pages at any size.
pub const SUMMARY_ROWS: usize = 6;

/// Rows of any other grouped table; past this the table ends with a row counting the
/// rest (all in the annexes).
pub const GROUP_ROWS_MAX: usize = 120;

/// One sentence for the report, naming the thresholds that applied.
pub fn explanation(scenarios: bool, inventory: bool) -> String {
    let mut parts = Vec::new();
    if scenarios {
        parts.push(format!(
            "with more than {GROUP_SCENARIOS_ABOVE} scenarios, the threats, register and plan sections \
             print the {FULL_SCENARIOS_MAX} highest scenarios at High or above in full and group the \
             others by threat, level and asset kind, with counts"
        ));
    }
    if inventory {
        parts.push(format!(
            "with more than {GROUP_ASSETS_ABOVE} inventory entries, the inventory is grouped by kind \
             and lists the {KEY_ASSETS_SHOWN} ePHI entries that matter most (by criticality, then \
             records held)"
        ));
    }
    if parts.is_empty() {
        return "Every scenario, asset and action is printed in full.".to_string();
    }
    format!(
        "This report is grouped for its size: {}. The full register, plan and inventory are attached \
         to this PDF as CSV files (see the annexes in the sign-off section).",
        parts.join("; ")
    )
}
