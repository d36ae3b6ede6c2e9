//! The terminal user interface. This module owns the terminal: it sets it up, runs the
//! event loop and restores it on exit and on panic (ratatui's init installs a panic hook
//! that restores the terminal before the panic report is printed).

mod app;
mod keys;
mod screen;
mod screens;
mod theme;
mod view;
mod widgets;
mod wizard;

use chrono::NaiveDate;
use color_eyre::eyre::{Result, WrapErr};
use ratatui::crossterm::event::{self, Event, KeyEventKind};

pub use app::App;
pub use keys::{Action, BINDINGS};
pub use screen::Screen;
pub use theme::Theme;
pub use view::{MIN_HEIGHT, MIN_WIDTH, draw};

use crate::store::Store;

/// Opens the TUI on a workspace and runs until the user quits.
pub fn run(store: Store, today: NaiveDate) -> Result<()> {
    let mut app = App::new(store, today, Theme::from_env())?;
    let mut terminal = ratatui::try_init().wrap_err("cannot set up the terminal")?;
    tracing::info!("TUI started");
    let result = event_loop(&mut terminal, &mut app);
    ratatui::restore();
    tracing::info!("TUI stopped");
    result
}

fn event_loop(terminal: &mut ratatui::DefaultTerminal, app: &mut App) -> Result<()> {
    while !app.should_quit() {
        terminal.draw(|frame| draw(frame, app))?;
        match event::read()? {
            // Only presses: some terminals also report releases and repeats.
            Event::Key(key) if key.kind == KeyEventKind::Press => app.handle_key(key),
            // A resize needs nothing but the redraw at the top of the loop.
            _ => {}
        }
    }
    Ok(())
}
