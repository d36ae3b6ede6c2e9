//! The terminal user interface. This module owns the terminal: it refuses to start
//! without one, sets it up (raw mode, the alternate screen, bracketed paste), runs the
//! event loop and restores it in one place, `restore_terminal`, on exit and on panic.

mod app;
mod component;
mod editors;
mod form;
mod import;
mod keys;
#[cfg(test)]
mod layers;
mod list_cursor;
mod messages;
mod overlays;
mod picker;
mod protocol;
mod read_only;
mod reading;
mod record_form;
mod record_screen;
mod screen;
mod screens;
mod theme;
mod view;
mod widgets;
mod worker;

use chrono::NaiveDate;
use color_eyre::eyre::{Result, WrapErr};
use ratatui::crossterm::event::{self, Event, KeyEventKind};

pub use app::{App, HeldLoad, LOADING_REFUSAL};
pub use keys::{Action, BINDINGS, Binding, Scope, scope_of};
pub use overlays::Overlay;
pub use protocol::Target;
pub use read_only::DataState;
pub use screen::Screen;
pub use screens::DashboardItem;
pub use theme::Theme;
pub use view::{MIN_HEIGHT, MIN_WIDTH, WIDE, draw};
pub use worker::DELAY_TEST_VARIABLE;

use crate::store::{DataCheck, Store};

/// For the snapshot tests: the size of the current screen's area (its bordered block)
/// in a terminal of `width` x `height`, without the sidebar and the status bar.
pub fn body_size_for_test(app: &App, width: u16, height: u16) -> (u16, u16) {
    let main = view::main_area(app, width, height);
    (main.width, main.height)
}

/// For the snapshot tests: draws the current screen alone (its bordered block, as `draw`
/// draws it beside the sidebar) into the whole frame, and the open windows over it, so a
/// screen's snapshot does not change when the sidebar or the status bar does.
pub fn render_body_for_test(frame: &mut ratatui::Frame, app: &App) {
    use component::Component;
    let area = frame.area();
    view::draw_main(frame, area, app);
    let ctx = app.ctx();
    for overlay in app.overlays() {
        overlay.draw(frame, area, &ctx);
    }
}

/// When set, the TUI panics right after its first frame. It exists so the tests can show
/// that a panic gives the terminal back; nobody sets it in normal use.
pub const PANIC_TEST_VARIABLE: &str = "HIPAA_RA_TEST_PANIC";

/// Opens the TUI on a workspace this process has just made (`new`, `demo`), so there is
/// nothing to check, and runs until the user quits.
pub fn run(store: Store, today: NaiveDate) -> Result<()> {
    require_terminal()?;
    let workspace = store.snapshot()?;
    run_loaded(store, workspace, DataCheck::passed(), today)
}

/// Refuses to go on unless standard input and output are both a terminal: drawn into a
/// pipe or a file, the TUI would be invisible, and it would wait for keys that never come.
/// The CLI asks this before it opens or creates anything for the TUI.
pub fn require_terminal() -> Result<()> {
    use std::io::IsTerminal;
    let missing = match (std::io::stdin().is_terminal(), std::io::stdout().is_terminal()) {
        (true, true) => return terminal_can_draw(std::env::var("TERM").ok().as_deref()),
        (false, false) => "standard input and output are not",
        (false, true) => "standard input is not",
        (true, false) => "standard output is not",
    };
    Err(color_eyre::eyre::eyre!(
        "the workbench needs a terminal, and {missing} one (the commands work without one: see hipaa-ra --help)"
    ))
}

/// The workbench draws by moving the cursor about the screen. A terminal that says it
/// cannot (`TERM=dumb`, as editors' shell buffers and some CI consoles set it) or says
/// nothing (`TERM` unset or empty) would get a scroll of escape codes: refused in one line.
fn terminal_can_draw(term: Option<&str>) -> Result<()> {
    let term = term.unwrap_or("").trim();
    if term.is_empty() || term == "dumb" {
        let name = if term.is_empty() {
            "TERM is not set".to_string()
        } else {
            format!("TERM={term}")
        };
        return Err(color_eyre::eyre::eyre!(
            "the workbench needs a terminal that can move the cursor, and this one cannot ({name}); \
             use a full terminal, or the commands (see hipaa-ra --help)"
        ));
    }
    Ok(())
}

/// Runs the TUI on a workspace whose snapshot is already loaded, while its data check
/// (see `Store::open_deferred`) finishes: the first frame does not wait for it. Quitting
/// does not wait for it either: dropping the check stops it.
pub fn run_loaded(store: Store, workspace: crate::domain::Workspace, check: DataCheck, today: NaiveDate) -> Result<()> {
    require_terminal()?;
    let mut app = App::with_snapshot(store, workspace, today, Theme::from_env());
    app.watch_check(check);
    run_app(&mut app)
}

/// Runs the TUI on the first look of a workspace (`Store::open_deferred_first_look`): the
/// first frame is drawn at once, while the snapshot, findings and views load on a thread
/// (see `App::opening`) and the data check finishes on its own. Quitting waits for
/// neither.
pub fn run_opening(
    store: Store,
    first_look: crate::domain::Workspace,
    check: DataCheck,
    today: NaiveDate,
) -> Result<()> {
    require_terminal()?;
    let mut app = App::opening(store, first_look, today, Theme::from_env());
    app.watch_check(check);
    run_app(&mut app)
}

/// The terminal taken, the app run until the user quits, and the terminal given back.
fn run_app(app: &mut App) -> Result<()> {
    let mut terminal = set_up_terminal()?;
    tracing::info!("TUI started");
    let result = event_loop(&mut terminal, app);
    restore_terminal();
    tracing::info!("TUI stopped");
    result
}

/// Raw mode, the alternate screen and bracketed paste (a paste arrives as one text event,
/// so a pasted newline is never Enter), with a panic hook that restores all of it before
/// the panic report is printed. A step that fails undoes the ones before it.
fn set_up_terminal() -> Result<ratatui::DefaultTerminal> {
    use ratatui::crossterm::{event::EnableBracketedPaste, execute, terminal};
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        previous_hook(info);
    }));
    let setup = terminal::enable_raw_mode()
        .and_then(|()| execute!(std::io::stdout(), terminal::EnterAlternateScreen, EnableBracketedPaste))
        .and_then(|()| ratatui::Terminal::new(ratatui::backend::CrosstermBackend::new(std::io::stdout())));
    setup
        .inspect_err(|_| restore_terminal())
        .wrap_err("cannot set up the terminal")
}

/// The one place the terminal is given back: raw mode off, bracketed paste off, the
/// alternate screen left, the cursor shown. Each step is tried even if one before failed.
fn restore_terminal() {
    use ratatui::crossterm::{cursor, event::DisableBracketedPaste, execute, terminal};
    // Raw mode first, as ratatui's own restore does: it has the most side effects.
    let _ = terminal::disable_raw_mode();
    let mut stdout = std::io::stdout();
    let _ = execute!(stdout, DisableBracketedPaste);
    let _ = execute!(stdout, terminal::LeaveAlternateScreen);
    let _ = execute!(stdout, cursor::Show);
}

/// Whether the window on top is a yes/no question.
fn is_question(overlay: Option<&Overlay>) -> bool {
    matches!(overlay, Some(Overlay::Confirm(_)))
}

fn event_loop(terminal: &mut ratatui::DefaultTerminal, app: &mut App) -> Result<()> {
    let panic_for_test = std::env::var_os(PANIC_TEST_VARIABLE).is_some();
    let mut messages = messages::MessageTimer::default();
    while !app.should_quit() {
        app.poll_check();
        messages.tick(&mut app.message, std::time::Instant::now());
        app.poll_load();
        // Keys are judged by what was drawn: "Terminal too small" takes only quitting.
        let drawn = terminal.draw(|frame| draw(frame, app))?.area;
        app.resize(drawn.width, drawn.height);
        if panic_for_test {
            panic!("{PANIC_TEST_VARIABLE} is set: panicking after the first frame");
        }
        // While slow work, the data check or the load runs, wake up now and then to show
        // its stage and take its result (the load soon: the screens wait for it); otherwise
        // sleep until a key.
        if app.work_status().is_some() || app.is_checking() || app.is_loading() {
            app.poll_work();
            let wake = if app.is_loading() { 20 } else { 100 };
            if !event::poll(std::time::Duration::from_millis(wake))? {
                continue;
            }
        } else if let Some(left) = messages.left(std::time::Instant::now()) {
            // A message is shown: wake when it is due to go.
            if !event::poll(left)? {
                continue;
            }
        }
        match event::read()? {
            // Only presses: some terminals also report releases and repeats.
            Event::Key(key) if key.kind == KeyEventKind::Press => {
                let asking = is_question(app.overlay());
                app.handle_key(key);
                messages.restart();
                // A question just opened: the keys already typed behind the one that opened
                // it (a word typed into the wrong window, "body" on a list) were never meant
                // as its answer, and are dropped unread, so only a `y` typed after the
                // question was on screen can say yes.
                if !asking && is_question(app.overlay()) {
                    while event::poll(std::time::Duration::ZERO)? {
                        if let Event::Resize(width, height) = event::read()? {
                            app.resize(width, height);
                        }
                    }
                }
            }
            // One event for the whole paste, so one edit and one redraw however long it is.
            Event::Paste(text) => {
                app.handle_paste(&text);
                messages.restart();
            }
            // A resize is redrawn at the top of the loop (which also tells the app).
            Event::Resize(width, height) => app.resize(width, height),
            _ => {}
        }
    }
    // An export still running is finished before the terminal is given back, so what
    // the user asked for is written, or its failure logged; the screen says so meanwhile.
    if app.work_status().is_some() {
        app.say_finishing();
        terminal.draw(|frame| draw(frame, app))?;
    }
    app.wait_for_work();
    Ok(())
}
