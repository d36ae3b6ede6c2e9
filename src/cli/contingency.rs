//! `contingency export PATH [-o FILE]`: the contingency plan tests as CSV
//! (`exchange::contingency`), compared with the current assessment's inventory targets,
//! to standard output or, with -o, to a file replaced whole through the one safe writer.
//! Named `contingency`, not `tests`: "tests" reads as the program's own test suite, and
//! the contingency plan (§164.308(a)(7)) is what the records belong to.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;
use color_eyre::eyre::Result;

use crate::store::Store;

#[derive(Debug, Subcommand)]
pub enum ContingencyCommand {
    /// Write the contingency plan tests (CSV) to standard output, or to a file with -o.
    Export {
        path: PathBuf,
        /// The file to write (replaced whole); default: standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

pub fn run(command: ContingencyCommand) -> Result<ExitCode> {
    match command {
        ContingencyCommand::Export { path, output } => export(&path, output.as_deref()),
    }
}

fn export(path: &Path, output: Option<&Path>) -> Result<ExitCode> {
    let store = Store::open_to_print_checked(path)?;
    let current = store.current_assessment_id()?;
    // Only data the change log covers, as every export.
    store.refuse_uncovered_of(current)?;
    let tests = store.contingency_tests()?;
    let assets = store.assets(current)?;
    let actions = store.actions(current)?;
    let people = store.people()?;
    let mut count = 0;
    let mut write = |out: &mut dyn Write| -> std::io::Result<()> {
        count = crate::exchange::contingency::write_tests_csv(&mut *out, &tests, &assets, &actions, &people)
            .map_err(std::io::Error::other)?;
        out.flush()
    };
    match output {
        Some(output) => {
            crate::output::write_streamed(output, crate::output::Rules::replacing(Some(path)), &mut write)?;
            println!(
                "Wrote {count} contingency {} to {}",
                if count == 1 { "test" } else { "tests" },
                output.display()
            );
        }
        None => write(&mut std::io::BufWriter::new(std::io::stdout().lock()))?,
    }
    Ok(ExitCode::SUCCESS)
}
