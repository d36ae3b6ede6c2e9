use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // color-eyre first, so the terminal-restoring panic hook the TUI installs wraps it.
    if let Err(error) = color_eyre::install() {
        eprintln!("hipaa-ra: {error}");
    }
    hipaa_ra::paths::init_logging();
    let cli = hipaa_ra::cli::Cli::parse();
    match hipaa_ra::cli::run(cli) {
        Ok(code) => code,
        Err(error) => {
            tracing::error!("{error:#}");
            // One line: the chain of causes joined, never a backtrace.
            eprintln!("hipaa-ra: {error:#}");
            ExitCode::FAILURE
        }
    }
}
