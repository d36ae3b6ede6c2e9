//! `report --format oscal` and `--format xlsx`: formats rendered from the same report model as the PDF, but
//! written here rather than through `publish`, since they are never signed (a signature
//! belongs to the report a person approves).

use std::path::PathBuf;
use std::process::ExitCode;

use color_eyre::eyre::{Result, bail};

use super::ReportFormat;
use super::report::ReportRequest;
use crate::store::Store;
use crate::{output, publish, report};

/// Writes the report in `request.format` to `-o FILE`, or next to nothing in the current
/// directory, named after the workspace.
pub fn write(store: &Store, request: &ReportRequest) -> Result<ExitCode> {
    if request.sign {
        bail!("signing works with PDF or JSON; sign the PDF report that goes with this file");
    }
    let model = publish::model_for(store, request.date, None, request.assessment)?;
    let (bytes, extension) = match request.format {
        ReportFormat::Oscal => (
            report::render_oscal(&model, &identity(store)?).into_bytes(),
            "oscal.json",
        ),
        ReportFormat::Xlsx => (report::render_xlsx(&model)?, "xlsx"),
        ReportFormat::Pdf | ReportFormat::Json | ReportFormat::Csv => {
            bail!("internal: {:?} is written by publish", request.format)
        }
    };
    let target = request
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("{}.{extension}", publish::default_stem(store.path()))));
    output::write(&target, &bytes, output::Rules::replacing(Some(store.path())))?;
    match model.as_signed_on {
        Some(date) => println!(
            "Wrote {} {}, from the report as signed on {date} (kept in the workspace), not from today's data",
            model.status,
            target.display()
        ),
        None => println!("Wrote {} {}", model.status, target.display()),
    }
    super::status::warn_if_draft(model.status, &super::status::files(&[&target]));
    Ok(ExitCode::SUCCESS)
}

/// The workspace's identity: the hash of its first change-log row, written when the file
/// was created. It stays with the file (and its export), whatever the file is called.
pub fn identity(store: &Store) -> Result<String> {
    match store.change_log()?.first() {
        Some(entry) => Ok(entry.hash.clone()),
        None => bail!(
            "{}: the workspace has no change log, so no identity",
            store.path().display()
        ),
    }
}
