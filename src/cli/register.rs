//! `risks export` and `actions export`: the risk register and the remediation plan of the
//! current assessment, for spreadsheets (CSV) or scripts (JSON).
//!
//! The rows are read with one query each (`Store::register_rows`, `Store::plan_rows`) and
//! made into printed rows by the report's own mapping (`report::register_of`,
//! `report::plan_of`), so the CSV is byte for byte what `hipaa-ra report --format csv`
//! writes for the same day, in the register's order (`domain::register_order`) and the
//! plan's order (by due date), without building the report. The data check is the
//! one the open ran; the status runs beside the query (`status::read_checked`). Like `assets export`
//! the format is chosen by `--format` (default CSV), never guessed from a file name, and
//! the output goes to standard output unless `-o` names a file, which is replaced whole
//! through `output` (never the workspace, a link or a device).
//!
//! The CSV is UTF-8 without a byte-order mark, like every CSV hipaa-ra writes: it pipes
//! cleanly into scripts and the first header stays `analysis_status`, and LibreOffice, Numbers,
//! Google Sheets and Excel's "From Text/CSV" import read UTF-8 names correctly. Levels are
//! words ("Very High"), dates ISO (YYYY-MM-DD), and a scenario's assets are joined by "; ".
//!
//! Both say whether the analysis is a draft: the CSV in its first column,
//! `analysis_status` (DRAFT or FINAL on every row), the JSON as `{"status": ..,
//! "register": [..]}` (or `"plan"`, the report JSON's names for the same rows); a draft
//! also gets one warning line on standard error.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use chrono::NaiveDate;
use color_eyre::eyre::Result;

use super::DataFormat;
use crate::domain::Status;
use crate::report::model::{PlanRow, RegisterRow};
use crate::report::{self, Register};
use crate::store::Store;

/// Which table to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    /// One row per risk scenario, highest level first.
    Register,
    /// One row per remediation action, by due date.
    Plan,
}

/// The register as JSON: the status first, then the rows (borrowed, written as they are
/// serialised).
#[derive(serde::Serialize)]
struct RegisterJson<'a> {
    status: Status,
    register: &'a [RegisterRow],
}

/// The plan as JSON, like `RegisterJson`.
#[derive(serde::Serialize)]
struct PlanJson<'a> {
    status: Status,
    plan: &'a [PlanRow],
}

/// The rows of one table, as the report makes them.
enum Rows {
    Register(Register),
    Plan(Vec<PlanRow>),
}

impl Rows {
    fn len(&self) -> usize {
        match self {
            Rows::Register(register) => register.register.len(),
            Rows::Plan(plan) => plan.len(),
        }
    }
}

/// The rows of `table` and the analysis's status, read while the damage check runs on
/// (`Store::open_to_print`); true when they are a signed year's kept report.
fn read_table(store: &crate::store::Reader, table: Table, today: NaiveDate) -> Result<(Status, Rows, bool)> {
    // A signed year's tables are those of its kept report, never today's data.
    let current = store.current_assessment_id()?;
    let (status, rows, signed) = if store.signed_report(current)?.is_some() {
        let model = crate::publish::model_for(store, today, None, Some(current))?;
        let rows = match table {
            Table::Register => Rows::Register(Register {
                scenarios: model.scenarios,
                register: model.register,
            }),
            Table::Plan => Rows::Plan(model.plan),
        };
        (model.status, rows, true)
    } else {
        // Only data the change log covers, as `report`; the status from the same data.
        let checked = super::status::read_checked(store, current, false, today, |store| {
            Ok(match table {
                Table::Register => Rows::Register(report::register_of(&store.register_rows(current)?)),
                Table::Plan => Rows::Plan(report::plan_of(&store.plan_rows(current)?, today)),
            })
        })?;
        (checked.status, checked.rows, false)
    };
    Ok((status, rows, signed))
}

/// Writes the table of the workspace's current assessment as of `today` (which decides
/// what is overdue).
pub fn export(
    table: Table,
    path: &Path,
    output: Option<&Path>,
    format: DataFormat,
    today: NaiveDate,
) -> Result<ExitCode> {
    let (store, damage) = Store::open_to_print(path)?;
    let read = read_table(&store, table, today);
    // Nothing is written before the damage check has passed; its verdict first.
    damage.verdict()?;
    let (status, rows, signed) = read?;
    if signed {
        eprintln!(
            "note: {} is signed: the table is the one of its report as signed, not today's data",
            crate::terminal::escaped(&path.display().to_string())
        );
    }
    // Written as it is made, into the file or standard output, never held whole.
    let write = |out: &mut dyn Write| -> std::io::Result<()> {
        match (&rows, format) {
            (Rows::Register(rows), DataFormat::Csv) => {
                report::write_register(&mut *out, status, &rows.register, &rows.scenarios)?
            }
            (Rows::Plan(plan), DataFormat::Csv) => report::write_plan(&mut *out, status, plan)?,
            (Rows::Register(rows), DataFormat::Json) => serde_json::to_writer_pretty(
                &mut *out,
                &RegisterJson {
                    status,
                    register: &rows.register,
                },
            )?,
            (Rows::Plan(plan), DataFormat::Json) => {
                serde_json::to_writer_pretty(&mut *out, &PlanJson { status, plan })?
            }
        }
        if matches!(format, DataFormat::Json) {
            out.write_all(b"\n")?;
        }
        out.flush()
    };
    match output {
        Some(output) => {
            crate::output::write_streamed(output, crate::output::Rules::replacing(Some(path)), write)?;
            let count = rows.len();
            let what = match table {
                Table::Register => "risks",
                Table::Plan => "actions",
            };
            println!("Wrote {count} {what} to {}", output.display());
            super::status::warn_if_draft(status, &super::status::files(&[output]));
        }
        None => {
            write(&mut std::io::BufWriter::new(std::io::stdout().lock()))?;
            let what = match table {
                Table::Register => "the register written to standard output",
                Table::Plan => "the plan written to standard output",
            };
            super::status::warn_if_draft(status, what);
        }
    }
    Ok(ExitCode::SUCCESS)
}
