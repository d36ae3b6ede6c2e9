//! The terminal user interface. This module owns the terminal: it sets it up, runs the
//! event loop and restores it on exit and on panic (ratatui's init installs a panic hook
//! that restores the terminal before the panic report is printed).

mod app;
mod editors;
mod form;
mod heat_map;
mod import;
mod inventory_view;
mod keys;
mod picker;
mod report_preview;
mod risk_view;
mod safeguard_tree;
mod screen;
mod screens;
mod theme;
mod view;
mod widgets;

use chrono::NaiveDate;
use color_eyre::eyre::{Result, WrapErr};
use ratatui::crossterm::event::{self, Event, KeyEventKind};

pub use app::{App, DashboardItem, Overlay, Target};
pub use keys::{Action, BINDINGS};
pub use screen::Screen;
pub use theme::Theme;
pub use view::{MIN_HEIGHT, MIN_WIDTH, draw};

use crate::store::Store;

/// When set, the TUI panics right after its first frame. It exists so the tests can show
/// that a panic gives the terminal back; nobody sets it in normal use.
pub const PANIC_TEST_VARIABLE: &str = "HIPAA_RA_TEST_PANIC";

/// Opens the TUI on a workspace and runs until the user quits.
pub fn run(store: Store, today: NaiveDate) -> Result<()> {
    let workspace = store.snapshot()?;
    run_loaded(store, workspace, today)
}

/// Runs the TUI on a workspace whose snapshot is already loaded.
pub fn run_loaded(store: Store, workspace: crate::domain::Workspace, today: NaiveDate) -> Result<()> {
    let mut app = App::with_snapshot(store, workspace, today, Theme::from_env());
    let mut terminal = ratatui::try_init().wrap_err("cannot set up the terminal")?;
    // ratatui's hook leaves raw mode and the alternate screen; the cursor is shown again
    // here too, since a panic may not unwind to the terminal's drop.
    let restore_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        show_cursor();
        restore_hook(info);
    }));
    tracing::info!("TUI started");
    let result = event_loop(&mut terminal, &mut app);
    ratatui::restore();
    show_cursor();
    tracing::info!("TUI stopped");
    result
}

fn show_cursor() {
    let _ = ratatui::crossterm::execute!(std::io::stdout(), ratatui::crossterm::cursor::Show);
}

fn event_loop(terminal: &mut ratatui::DefaultTerminal, app: &mut App) -> Result<()> {
    let panic_for_test = std::env::var_os(PANIC_TEST_VARIABLE).is_some();
    while !app.should_quit() {
        terminal.draw(|frame| draw(frame, app))?;
        if panic_for_test {
            panic!("{PANIC_TEST_VARIABLE} is set: panicking after the first frame");
        }
        match event::read()? {
            // Only presses: some terminals also report releases and repeats.
            Event::Key(key) if key.kind == KeyEventKind::Press => app.handle_key(key),
            // A resize needs nothing but the redraw at the top of the loop.
            _ => {}
        }
    }
    Ok(())
}
