//! `vendors export PATH [-o FILE]`: the business-associate list of the current
//! assessment's inventory as CSV, in the column order of OCR's audit request
//! (`exchange::vendors`), to standard output or, with -o, to a file replaced whole through
//! the one safe writer (never the workspace, a link or a device).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::Subcommand;
use color_eyre::eyre::Result;

use crate::store::Store;

#[derive(Debug, Subcommand)]
pub enum VendorsCommand {
    /// Write the business-associate list (CSV, OCR's audit column order) to standard
    /// output, or to a file with -o.
    Export {
        path: PathBuf,
        /// The file to write (replaced whole); default: standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

pub fn run(command: VendorsCommand, today: NaiveDate) -> Result<ExitCode> {
    match command {
        VendorsCommand::Export { path, output } => export(&path, output.as_deref(), today),
    }
}

fn export(path: &Path, output: Option<&Path>, today: NaiveDate) -> Result<ExitCode> {
    let store = Store::open_to_print_checked(path)?;
    let current = store.current_assessment_id()?;
    // Only data the change log covers, as every export.
    store.refuse_uncovered_of(current)?;
    let assets = store.assets(current)?;
    let mut count = 0;
    let mut write = |out: &mut dyn Write| -> std::io::Result<()> {
        count = crate::exchange::vendors::write_business_associates(&mut *out, &assets, today)
            .map_err(std::io::Error::other)?;
        out.flush()
    };
    match output {
        Some(output) => {
            crate::output::write_streamed(output, crate::output::Rules::replacing(Some(path)), &mut write)?;
            println!("Wrote {count} business associates to {}", output.display());
        }
        None => write(&mut std::io::BufWriter::new(std::io::stdout().lock()))?,
    }
    Ok(ExitCode::SUCCESS)
}
