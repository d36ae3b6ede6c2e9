use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    restore_default_sigpipe();
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
            // One line: the chain of causes joined (each once, control characters
            // escaped, cut when very long), never a backtrace.
            eprintln!("hipaa-ra: {}", hipaa_ra::terminal::error_line(error.chain()));
            ExitCode::FAILURE
        }
    }
}

/// `hipaa-ra assessment diff FILE | head` should end quietly, as `cat` or `grep` do, rather than
/// print "Broken pipe" (or panic inside `println!`) once the reader has gone. Rust ignores
/// SIGPIPE by default; restoring the default action lets the kernel end the process at the
/// first write to a closed pipe. Nothing is lost: every change to a workspace is one
/// transaction, and files are written to a temporary name and renamed (src/output.rs), so a
/// process ended there leaves the workspace and the old file as they were.
fn restore_default_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any thread starts; setting a signal's
    // disposition to its default has no other precondition.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
