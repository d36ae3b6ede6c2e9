//! The TUI's open without waiting for the workspace to load (issue 25): the first frame is
//! drawn from the first look (`Store::first_look`: the practice, the year, its
//! signatures) while a thread loads the snapshot, works out the findings and builds every
//! screen's view, on a read-only connection of its own (`Store::reader_beside`). At
//! 10,000 assets that is about a third of a second the first frame no longer waits for.
//!
//! Until the load is in, every screen shows "Loading…" instead of numbers it does not
//! have yet, and only moving between screens, help and quitting work: no screen sees a
//! key, so nothing is edited on the first look (`App::key_while_loading`). The event loop
//! takes the load when it is in (`App::poll_load`); quitting never waits for it: dropping
//! the `Load` tells the thread to stop at its next step, and nobody joins it.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};

use chrono::NaiveDate;

use super::App;
use crate::catalog::Catalog;
use crate::domain::{Finding, Workspace};
use crate::store::Store;
use crate::tui::component::Ctx;
use crate::tui::keys::{Action, action_on_screen};
use crate::tui::overlays::Overlay;
use crate::tui::protocol::{Command, MessageKind};
use crate::tui::screen::Screen;
use crate::tui::screens::Screens;
use crate::tui::theme::Theme;

/// What a key that needs the data says while it loads.
pub const LOADING_REFUSAL: &str = "The workspace is still loading; try again in a moment";

/// Where the workspace's data stands in the app.
pub(super) enum Loading {
    /// The snapshot, findings and views are the app's.
    Loaded,
    /// The thread is loading them; the app holds only the first look.
    Running(Load),
    /// The load failed: the screens say why, and stay empty.
    Failed(String),
}

/// What the thread hands back: everything `App::refresh_views` would have made.
pub(super) struct Loaded {
    workspace: Workspace,
    findings: Vec<Finding>,
    screens: Screens,
}

/// The load running on its thread.
pub(super) struct Load {
    receiver: Receiver<Result<Loaded, String>>,
    /// Set when the load is given up (the app dropped, the user quit): the thread stops at
    /// its next step instead of finishing work nobody will read.
    stop: Arc<AtomicBool>,
}

impl Drop for Load {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// A load held back by a test (`App::opening_held_for_tests`) until released or dropped.
pub struct HeldLoad(Sender<()>);

impl HeldLoad {
    /// Lets the load run.
    pub fn release(self) {
        let _ = self.0.send(());
    }
}

/// What the thread needs to build what the app shows.
struct Job {
    reader: Store,
    assessment_id: crate::domain::Id,
    today: NaiveDate,
    theme: Theme,
    catalog: &'static Catalog,
}

impl Load {
    /// Starts loading on a thread, on a connection beside `store`'s (opened here, so a file
    /// that cannot be opened again fails at once, as a failed load).
    fn start(
        store: &Store,
        first_look: &Workspace,
        today: NaiveDate,
        theme: Theme,
        hold: Option<Receiver<()>>,
    ) -> Result<Load, String> {
        let reader = store.reader_beside().map_err(|error| error.to_string())?;
        let job = Job {
            reader,
            assessment_id: first_look.assessment_id,
            today,
            theme,
            catalog: Catalog::embedded(),
        };
        let (sender, receiver) = channel();
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = stop.clone();
        std::thread::Builder::new()
            .name("load".to_string())
            .spawn(move || {
                if let Some(hold) = hold {
                    // Released (or its sender dropped) by the test holding it.
                    let _ = hold.recv();
                }
                let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| job.run(&stopped)))
                    .unwrap_or_else(|_| Err("the load stopped unexpectedly".to_string()));
                // Nobody listens once the app is gone.
                let _ = sender.send(outcome);
            })
            .map_err(|error| error.to_string())?;
        Ok(Load { receiver, stop })
    }
}

impl Job {
    /// The snapshot, the findings, then every screen's view, as `App::refresh_views`
    /// makes them; stops between steps once the load is given up.
    fn run(self, stop: &AtomicBool) -> Result<Loaded, String> {
        let given_up = || stop.load(Ordering::Relaxed);
        let workspace = self
            .reader
            .snapshot_in_one_read(self.assessment_id)
            .map_err(|error| error.to_string())?;
        if given_up() {
            return Err("given up".to_string());
        }
        let findings = crate::domain::findings(&workspace, self.catalog, self.today);
        if given_up() {
            return Err("given up".to_string());
        }
        let mut screens = Screens::default();
        let ctx = Ctx {
            theme: self.theme,
            today: self.today,
            workspace: &workspace,
            findings: &findings,
            catalog: self.catalog,
            store: &self.reader,
            // The report's preview is made when its screen is shown (`App::take_load`).
            screen: Screen::Dashboard,
            busy: false,
        };
        for screen in screens.all_mut() {
            screen.refresh(&ctx);
        }
        Ok(Loaded {
            workspace,
            findings,
            screens,
        })
    }
}

impl App {
    /// The app on the first look of a workspace (`Store::open_deferred_first_look`): the
    /// first frame draws at once, with "Loading…" on the screens, while the snapshot,
    /// findings and views load on a thread (see the module); `poll_load` takes them.
    pub fn opening(store: Store, first_look: Workspace, today: NaiveDate, theme: Theme) -> App {
        App::opening_with(store, first_look, today, theme, None)
    }

    /// For tests: `opening` with the load held back until the `HeldLoad` is released (or
    /// dropped), so a test sees the app while it loads.
    #[doc(hidden)]
    pub fn opening_held_for_tests(
        store: Store,
        first_look: Workspace,
        today: NaiveDate,
        theme: Theme,
    ) -> (App, HeldLoad) {
        let (sender, receiver) = channel();
        let app = App::opening_with(store, first_look, today, theme, Some(receiver));
        (app, HeldLoad(sender))
    }

    fn opening_with(
        store: Store,
        first_look: Workspace,
        today: NaiveDate,
        theme: Theme,
        hold: Option<Receiver<()>>,
    ) -> App {
        let loading = match Load::start(&store, &first_look, today, theme, hold) {
            Ok(load) => Loading::Running(load),
            Err(problem) => Loading::Failed(problem),
        };
        let mut app = App::unloaded(store, first_look, today, theme);
        app.loading = loading;
        app
    }

    /// Takes the load if it is in; never waits.
    pub fn poll_load(&mut self) {
        let Loading::Running(load) = &self.loading else { return };
        match load.receiver.try_recv() {
            Ok(outcome) => self.take_load(outcome),
            Err(TryRecvError::Empty) => {}
            Err(TryRecvError::Disconnected) => self.take_load(Err("the load stopped unexpectedly".to_string())),
        }
    }

    /// Waits for the load and takes it (tests, benches).
    pub fn wait_for_load(&mut self) {
        let Loading::Running(load) = &self.loading else { return };
        let outcome = load
            .receiver
            .recv()
            .unwrap_or_else(|_| Err("the load stopped unexpectedly".to_string()));
        self.take_load(outcome);
    }

    /// Whether the snapshot is still loading (the screens say "Loading…").
    pub fn is_loading(&self) -> bool {
        matches!(self.loading, Loading::Running(_))
    }

    /// What the screens show instead of themselves while the workspace is not loaded:
    /// None once it is.
    pub fn not_loaded_text(&self) -> Option<String> {
        match &self.loading {
            Loading::Loaded => None,
            Loading::Running(_) => Some("Loading the workspace…".to_string()),
            Loading::Failed(problem) => Some(format!("The workspace could not be loaded: {problem}")),
        }
    }

    fn take_load(&mut self, outcome: Result<Loaded, String>) {
        match outcome {
            Ok(loaded) => {
                self.loading = Loading::Loaded;
                self.workspace = loaded.workspace;
                self.findings = loaded.findings;
                self.screens = loaded.screens;
                if self.screen == Screen::Report {
                    // Shown while it loaded: its preview is made now, as on showing it.
                    self.show(Screen::Report);
                }
                self.start_first_run();
            }
            Err(problem) => {
                tracing::error!("the workspace could not be loaded: {problem}");
                self.loading = Loading::Failed(problem);
            }
        }
    }

    /// A key with no window open while the workspace is not loaded: no screen sees it.
    /// Moving between screens, help and quitting work; anything else is answered in the
    /// status line.
    pub(super) fn key_while_loading(&mut self, action: Option<Action>) {
        match action {
            Some(Action::Quit) => {
                self.send(Command::Quit);
                self.run_queue();
            }
            Some(Action::ToggleHelp) => self.open(Overlay::Help),
            Some(Action::GoTo(screen)) => self.show(self.screen.go_to(screen)),
            Some(Action::NextScreen) => self.show(self.screen.next()),
            Some(Action::PreviousScreen) => self.show(self.screen.previous()),
            _ => self.message = Some((MessageKind::Warning, self.not_loaded_refusal())),
        }
    }

    /// What a key that needs the data says before it is loaded.
    pub(super) fn not_loaded_refusal(&self) -> String {
        match self.loading {
            Loading::Failed(_) => "The workspace could not be loaded; quit and open it again".to_string(),
            _ => LOADING_REFUSAL.to_string(),
        }
    }

    /// The action of a key on the current screen, for `key_while_loading`.
    pub(super) fn loading_action(&self, key: ratatui::crossterm::event::KeyEvent) -> Option<Action> {
        action_on_screen(self.screen, key)
    }
}
