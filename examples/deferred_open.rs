//! Times the TUI's open of a workspace file as `hipaa-ra FILE` does it: the first frame
//! (`Store::open_deferred_first_look`, `App::opening`, one 120x40 frame, the screens
//! "Loading…"), and, from the same start, the frame with the data loaded (the snapshot,
//! findings and views made on their thread) and the data check's verdict on its own; then,
//! for comparison, the open that waits for the check and the load (`Store::open_and_load`)
//! to its first frame. Medians of a few runs.
//!
//! `cargo run --release --example deferred_open -- FILE [RUNS]` (FILE is not changed: the
//! open only writes once the check has passed, and nothing is edited here).

use std::time::{Duration, Instant};

use hipaa_ra::store::{CheckVerdict, Store};
use hipaa_ra::tui::{App, Theme, draw};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn frame(app: &App) {
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("a test terminal");
    terminal.draw(|frame| draw(frame, app)).expect("a frame");
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = std::path::PathBuf::from(args.next().expect("usage: deferred_open FILE [RUNS]"));
    let runs: usize = args.next().map_or(5, |runs| runs.parse().expect("RUNS is a number"));
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("a date");
    let (mut first_frames, mut loaded, mut verdicts, mut waiting) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        let started = Instant::now();
        let (store, first_look, check) = Store::open_deferred_first_look(&path).expect("the workspace");
        let mut app = App::opening(store, first_look, today, Theme::COLOR);
        app.watch_check(check);
        frame(&app);
        first_frames.push(started.elapsed());
        app.wait_for_load();
        frame(&app);
        loaded.push(started.elapsed());
        app.wait_for_check();
        verdicts.push(started.elapsed());
        assert!(!app.is_checking());
        drop(app);

        let started = Instant::now();
        let (store, workspace) = Store::open_and_load(&path).expect("the workspace");
        let app = App::with_snapshot(store, workspace, today, Theme::COLOR);
        frame(&app);
        waiting.push(started.elapsed());
    }
    // One more to show the verdict.
    let (_, _, check) = Store::open_deferred(&path).expect("the workspace");
    let verdict = match check.wait() {
        CheckVerdict::Passed => "passed".to_string(),
        CheckVerdict::Failed(failure) => failure.to_string(),
    };
    println!("{} ({runs} runs, medians)", path.display());
    println!("  first frame, loading:           {:>8.1?}", median(first_frames));
    println!("  frame with the data loaded:     {:>8.1?}", median(loaded));
    println!("  check verdict ({verdict}):      {:>8.1?}", median(verdicts));
    println!("  first frame, waiting for check: {:>8.1?}", median(waiting));
}
