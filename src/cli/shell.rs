//! Shell conventions: `hipaa-ra completions SHELL` prints a completion script and
//! `hipaa-ra man` prints the manual page, both generated from the same clap definitions
//! as the parser, so they can never describe flags the program does not have.

use std::io::Write;
use std::process::ExitCode;

use clap::CommandFactory;
use color_eyre::eyre::Result;

use super::Cli;

/// The shells `completions` writes for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
}

/// Writes the completion script for `shell` to standard output.
pub fn completions(shell: Shell) -> Result<ExitCode> {
    let generator = match shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
        Shell::Powershell => clap_complete::Shell::PowerShell,
    };
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(generator, &mut command, "hipaa-ra", &mut out);
    std::io::stdout().lock().write_all(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// Writes the manual page (roff) to standard output: `hipaa-ra man | man -l -`. Each
/// subcommand is listed in the page's SUBCOMMANDS section with its one-line help.
pub fn man() -> Result<ExitCode> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut out)?;
    std::io::stdout().lock().write_all(&out)?;
    Ok(ExitCode::SUCCESS)
}
