//! A progress bar on standard error for the command line, shown only when standard error
//! is a terminal and only once the job has run for half a second, so quick reports and
//! scripts (pipes, CI logs) see nothing. About forty lines, so no crate is needed for it
//! (indicatif would bring its own terminal handling and a thread for a single bar).

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// How long a job runs before the bar appears.
const SHOW_AFTER: Duration = Duration::from_millis(500);
const WIDTH: usize = 30;

pub struct Bar {
    /// None: standard error is not a terminal; nothing is ever drawn.
    started: Option<Instant>,
    /// The last line drawn, so an unchanged bar is not redrawn.
    last: String,
}

impl Bar {
    pub fn for_stderr() -> Bar {
        Bar {
            started: std::io::stderr().is_terminal().then(Instant::now),
            last: String::new(),
        }
    }

    /// Draws the bar at `fraction` (0.0 to 1.0) with what is being done.
    pub fn update(&mut self, fraction: f64, what: &str) {
        let Some(started) = self.started else {
            return;
        };
        if started.elapsed() < SHOW_AFTER {
            return;
        }
        let filled = ((fraction.clamp(0.0, 1.0) * WIDTH as f64) as usize).min(WIDTH);
        let line = format!(
            "\r[{}{}] {:>3}% {what:<14}",
            "#".repeat(filled),
            "-".repeat(WIDTH - filled),
            (fraction.clamp(0.0, 1.0) * 100.0) as u32
        );
        if line != self.last {
            let _ = std::io::stderr().write_all(line.as_bytes());
            self.last = line;
        }
    }

    /// Clears the bar's line, if one was drawn, so the next output starts clean.
    pub fn finish(&mut self) {
        if !self.last.is_empty() {
            let blank = " ".repeat(self.last.chars().count());
            let _ = write!(std::io::stderr(), "\r{blank}\r");
            self.last.clear();
        }
    }
}
