//! The report: one model (`model.rs`), built once from the workspace for an assessment and
//! a date (`build.rs`), then rendered to each format, so the formats never disagree.
//!
//! - PDF (`pdf.rs`, laid out by `sections.rs` and `risk_sections.rs`, with what they share in
//!   `helpers.rs`, on the small engine in `layout.rs`): A4 or US Letter, with the DejaVu faces from `assets/fonts/` embedded so
//!   names in Latin, Greek and Cyrillic scripts print.
//! - JSON: the model itself.
//! - CSV (`csv.rs`): the risk register and the remediation plan, one file each.
//!
//! All three are deterministic: the same workspace and date give the same bytes.

mod access;
mod build;
mod build_findings;
mod build_grouping;
mod build_rows;
mod build_scope;
pub mod calendar_section;
mod changes;
mod closing_sections;
pub mod contingency;
mod csv;
mod fonts;
mod grouped_sections;
pub mod grouping;
mod helpers;
pub mod incident_sections;
mod layout;
mod method_sections;
pub mod model;
mod oscal;
mod pdf;
mod pdf_navigation;
mod plain_pdf;
pub mod printed_findings;
pub mod program_sections;
pub mod proposed;
mod risk_sections;
mod sections;
mod text;
pub mod thresholds;
pub mod training;
pub mod xlsx;

pub use self::csv::{write_plan, write_plan_csv, write_register, write_register_csv};
pub use build::{Purpose, build, build_for};
pub use build_rows::{Register, plan_of, register_of};
pub use model::{CONFIDENTIAL, LogSummary, ReportModel, SECTION_TITLES, Section, Signer};
pub use oscal::{OSCAL_VERSION, render_oscal};
pub use pdf::{Paper, Progress, Stage, render_pdf, render_pdf_with_progress};
pub use plain_pdf::{Block, PlainDocument, render_plain_pdf};
pub use xlsx::render_xlsx;

/// The model as pretty-printed JSON, ending with a newline.
pub fn render_json(model: &ReportModel) -> String {
    // The model is plain data (strings, numbers, dates, lists): serialising it cannot fail.
    let mut json = serde_json::to_string_pretty(model).unwrap_or_default();
    json.push('\n');
    json
}

/// `render_json` written as it is serialised, never held whole (at 40,000 assets the
/// text is larger than the model): the same bytes.
pub fn write_json(out: &mut dyn std::io::Write, model: &ReportModel) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, model).map_err(std::io::Error::other)?;
    out.write_all(b"\n")
}
