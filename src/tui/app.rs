//! The application state and the one place keys arrive. A key goes to the window on top
//! of the stack (`overlays`), or, with none open, to the current screen; each screen and
//! each window is a component (see `component`) that owns its state, keys, drawing and
//! hints. Components never change the app or the store: they send `Command`s, applied in
//! order by `app::commands` (the messages are in `protocol`), which also starts slow
//! work on the worker and hands its result back. A window's outcome goes back to the
//! layer below it, the screen or window that opened it. Drawing reads this state and
//! never changes it. Text typed into a form or the filter is text, not actions.

use chrono::NaiveDate;
use ratatui::crossterm::event::KeyEvent;

mod commands;
mod dashboard;
mod loading;

pub use loading::{HeldLoad, LOADING_REFUSAL};

use super::protocol::{Command, MessageKind};

use super::overlays::Overlay;

use super::component::{Component, Ctx, Outcome};
use super::keys::{Action, action_on_screen};
use super::read_only::DataState;
use super::screen::Screen;
use super::screens::inventory::InventoryView;
use super::theme::Theme;
use crate::catalog::Catalog;
use crate::domain::{Asset, Workspace};
use crate::store::{Result, Store};

/// What components read, built from the app's fields (not by a method) so that an
/// overlay or a screen can be borrowed mutably beside it.
macro_rules! ctx {
    ($app:expr) => {
        crate::tui::component::Ctx {
            theme: $app.theme,
            today: $app.today,
            workspace: &$app.workspace,
            findings: &$app.findings,
            catalog: $app.catalog,
            store: &$app.store,
            screen: $app.screen,
            busy: $app.worker.busy(),
        }
    };
}
use ctx;

pub struct App {
    store: Store,
    pub workspace: Workspace,
    pub catalog: &'static Catalog,
    pub screen: Screen,
    /// The windows open over the screen, the top one last; only it gets keys.
    overlays: Vec<Overlay>,
    /// What the components asked for, applied in order by `run_queue`.
    queue: std::collections::VecDeque<Command>,
    /// Slow work (exports, keys, large files) running off the UI thread.
    worker: super::worker::Worker,
    pub theme: Theme,
    pub today: NaiveDate,
    pub message: Option<(MessageKind, String)>,
    /// The workspace file's name, for the status bar.
    pub file_label: String,
    /// Every finding of the workspace, worked out once per write (not per frame).
    pub findings: Vec<crate::domain::Finding>,
    /// Every screen, one component each, owning its own state.
    pub screens: super::screens::Screens,
    /// The change-log rows (first, last) of each write made since the workspace was
    /// opened, the last one last: what `u` and Ctrl-Z take back, one at a time, never
    /// past the session's start.
    undo: Vec<(i64, i64)>,
    quit: bool,
    /// The terminal is smaller than the screens need: "Terminal too small" shows, and
    /// only quitting works (see `handle_key`).
    too_small: bool,
    /// The workspace's data check while it runs (see `Store::open_deferred`), polled by
    /// the event loop; None once its verdict is in `data`.
    data_check: Option<crate::store::DataCheck>,
    /// Where the data check stands: writes are held while it runs and after it failed.
    data: DataState,
    /// Whether the snapshot, findings and views are in (see `loading`): until they are,
    /// `workspace` is only the first look and no screen is drawn or sees a key.
    loading: loading::Loading,
}

impl App {
    pub fn new(store: Store, today: NaiveDate, theme: Theme) -> Result<App> {
        let workspace = store.snapshot()?;
        Ok(App::with_snapshot(store, workspace, today, theme))
    }

    /// The app on a snapshot already loaded (see `Store::open_and_load`).
    pub fn with_snapshot(store: Store, workspace: Workspace, today: NaiveDate, theme: Theme) -> App {
        let mut app = App::unloaded(store, workspace, today, theme);
        app.loading = loading::Loading::Loaded;
        app.refresh_views();
        app.start_first_run();
        app
    }

    /// The app's fields, its views not yet made from `workspace`.
    fn unloaded(store: Store, workspace: Workspace, today: NaiveDate, theme: Theme) -> App {
        let file_label = store.path().file_name().map_or_else(
            || store.path().display().to_string(),
            |name| name.to_string_lossy().into_owned(),
        );
        App {
            store,
            workspace,
            catalog: Catalog::embedded(),
            screen: Screen::Dashboard,
            overlays: Vec::new(),
            queue: std::collections::VecDeque::new(),
            worker: super::worker::Worker::default(),
            theme,
            today,
            message: None,
            file_label,
            findings: Vec::new(),
            screens: super::screens::Screens::default(),
            undo: Vec::new(),
            quit: false,
            too_small: false,
            data_check: None,
            data: DataState::Checked,
            loading: loading::Loading::Loaded,
        }
    }

    /// A new workspace without a name starts with the profile form (the first-run
    /// wizard), over the dashboard, which saves it.
    fn start_first_run(&mut self) {
        if self.workspace.practice.name.trim().is_empty() {
            let outcome = self.screens.dashboard.first_run(&ctx!(self));
            self.apply_outcome(outcome);
        }
    }

    /// Whether the snapshot, findings and views are in (see `loading`).
    fn is_loaded(&self) -> bool {
        matches!(self.loading, loading::Loading::Loaded)
    }

    /// Watches the workspace's deferred data check (see `Store::open_deferred`): until it
    /// passes, the status bar shows "checking…" and the keys that would write are
    /// answered in the status line; if it fails, the workspace stays read-only with the
    /// reason under each screen's header. The store refuses those writes either way.
    pub fn watch_check(&mut self, check: crate::store::DataCheck) {
        self.data = DataState::Checking;
        self.data_check = Some(check);
        self.poll_check();
    }

    /// Takes the data check's verdict if it is in; never waits. A pass is silent.
    pub fn poll_check(&mut self) {
        let Some(check) = self.data_check.as_mut() else { return };
        if let Some(verdict) = check.poll() {
            self.take_verdict(verdict);
        }
    }

    /// Waits for the data check's verdict (tests).
    pub fn wait_for_check(&mut self) {
        if let Some(check) = self.data_check.take() {
            let verdict = check.wait();
            self.take_verdict(verdict);
        }
    }

    fn take_verdict(&mut self, verdict: crate::store::CheckVerdict) {
        self.data_check = None;
        self.data = match verdict {
            crate::store::CheckVerdict::Passed => DataState::Checked,
            crate::store::CheckVerdict::Failed(failure) => {
                tracing::error!("{failure}");
                DataState::Failed(failure)
            }
        };
    }

    /// Whether the data check is still running.
    pub fn is_checking(&self) -> bool {
        self.data == DataState::Checking
    }

    /// Where the data check stands.
    pub fn data_state(&self) -> &DataState {
        &self.data
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// The terminal's size, as last drawn or resized: below the smallest size the
    /// "Terminal too small" message shows instead of the screens, and keys are dropped.
    pub fn resize(&mut self, width: u16, height: u16) {
        self.too_small = super::view::too_small(width, height);
    }

    /// Whether the "Terminal too small" message is what the user sees.
    pub fn is_too_small(&self) -> bool {
        self.too_small
    }

    pub fn help_open(&self) -> bool {
        matches!(self.overlay(), Some(Overlay::Help))
    }

    /// The window on top, the one that gets keys.
    pub fn overlay(&self) -> Option<&Overlay> {
        self.overlays.last()
    }

    /// Every open window, the top one last (drawn in this order).
    pub fn overlays(&self) -> &[Overlay] {
        &self.overlays
    }

    /// What components read.
    pub fn ctx(&self) -> Ctx<'_> {
        ctx!(self)
    }

    fn open(&mut self, overlay: Overlay) {
        self.overlays.push(overlay);
    }

    /// The selected row on a screen (the first line shown, for the report preview).
    pub fn cursor(&self, screen: Screen) -> usize {
        self.screens.get(screen).cursor()
    }

    /// How many rows the screen's list has (0 for screens without one).
    pub fn row_count(&self, screen: Screen) -> usize {
        self.screens.get(screen).row_count(&ctx!(self))
    }

    /// The asset under the inventory cursor.
    pub fn selected_asset(&self) -> Option<&Asset> {
        self.screens.inventory.selected(&self.workspace)
    }

    /// The inventory as shown: filter, chip, sort and the rows that pass.
    pub fn inventory(&self) -> &InventoryView {
        self.screens.inventory.view()
    }

    /// The scenario under the Risks screen's cursor.
    pub fn selected_risk(&self) -> Option<&crate::domain::Risk> {
        self.screens.risks.selected(&self.workspace)
    }

    /// The catalog item under the Safeguards cursor (None on a section row).
    pub fn selected_item(&self) -> Option<usize> {
        self.screens.safeguards.selected_item()
    }

    /// The evidence record under the Evidence cursor.
    pub fn selected_evidence(&self) -> Option<&crate::domain::Evidence> {
        self.workspace.evidence.get(self.cursor(Screen::Evidence))
    }

    /// The action under the Remediation screen's cursor.
    pub fn selected_action(&self) -> Option<&crate::domain::Action> {
        self.screens.remediation.selected(&self.workspace)
    }

    /// Handles a paste (the terminal's bracketed paste): text for the field being typed
    /// in, taken as one edit, never as keys. Where nothing takes text it is ignored, and
    /// the status line says so.
    pub fn handle_paste(&mut self, text: &str) {
        // Nothing shows to take it while the terminal is too small.
        if self.too_small {
            return;
        }
        self.clear_warning();
        if self.overlays.is_empty() && !self.is_loaded() {
            self.message = Some((MessageKind::Warning, self.not_loaded_refusal()));
            return;
        }
        let outcome = match self.overlays.last_mut() {
            Some(top) => top.paste(text, &ctx!(self)),
            None => self.screens.get_mut(self.screen).paste(text, &ctx!(self)),
        };
        match outcome {
            Outcome::Ignored => {
                self.message = Some((
                    MessageKind::Warning,
                    "Paste ignored: no text field is open here".to_string(),
                ));
            }
            outcome => self.apply_outcome(outcome),
        }
    }

    fn clear_warning(&mut self) {
        if matches!(self.message, Some((MessageKind::Warning, _))) {
            self.message = None;
        }
    }

    /// Handles one key press: the top window's, or the screen's when none is open (and
    /// the keys every screen shares, when the screen does not take it).
    pub fn handle_key(&mut self, key: KeyEvent) {
        if self.too_small && !self.key_while_too_small(key) {
            return;
        }
        // A message gives way to the next key (issue 26): it hid the key hints until Esc.
        self.message = None;
        if self.overlays.is_empty() && !self.is_loaded() {
            let action = self.loading_action(key);
            return self.key_while_loading(action);
        }
        if self.overlays.is_empty() && self.refuse_held(action_on_screen(self.screen, key)) {
            return;
        }
        let outcome = match self.overlays.last_mut() {
            Some(top) => top.handle(key, &ctx!(self)),
            None => self.screens.get_mut(self.screen).handle(key, &ctx!(self)),
        };
        if !self.overlays.is_empty() || !matches!(outcome, Outcome::Ignored) {
            return self.apply_outcome(outcome);
        }
        match action_on_screen(self.screen, key) {
            Some(action) => self.update(action),
            None => self.message = None,
        }
    }

    /// While "Terminal too small" shows, the windows and screens are hidden, so no key
    /// may reach them: `q` and Control-C take the quit path (which asks first, on that
    /// message, if a form has changes), and every other key is dropped. True when the key
    /// goes on as usual: only the answer to that question, shown on the message.
    fn key_while_too_small(&mut self, key: KeyEvent) -> bool {
        if matches!(self.overlay(), Some(Overlay::Confirm(question)) if question.quits()) {
            return true;
        }
        if super::keys::action_in(super::keys::Scope::Global, key) == Some(Action::Quit) {
            self.clear_warning();
            self.send(Command::Quit);
            self.run_queue();
        }
        false
    }

    /// Applies an action in the current context: to the top window, or the screen, or,
    /// for the keys every screen shares, the app.
    pub fn update(&mut self, action: Action) {
        if let Some(top) = self.overlays.last_mut() {
            let outcome = top.act(action, &ctx!(self));
            return self.apply_outcome(outcome);
        }
        if !self.is_loaded() {
            return self.key_while_loading(Some(action));
        }
        if self.refuse_held(Some(action)) {
            return;
        }
        let outcome = self.screens.get_mut(self.screen).act(action, &ctx!(self));
        if !matches!(outcome, Outcome::Ignored) {
            return self.apply_outcome(outcome);
        }
        match action {
            Action::Quit => self.quit = true,
            Action::ToggleHelp => self.open(Overlay::Help),
            Action::GoTo(screen) => self.show(self.screen.go_to(screen)),
            Action::NextScreen => self.show(self.screen.next()),
            Action::PreviousScreen => self.show(self.screen.previous()),
            Action::Undo => self.undo_last(),
            _ => {}
        }
    }

    /// While the data check runs or after it failed, and in a signed year, a screen's
    /// action that would change a record is answered in the status line, and the screen
    /// never sees it (see `read_only`). A screen taking every
    /// key (the heat map being chosen in) has its own meaning for them.
    fn refuse_held(&mut self, action: Option<Action>) -> bool {
        let Some(action) = action else { return false };
        if self.screens.get(self.screen).takes_all_keys() {
            return false;
        }
        match super::read_only::refusal(&self.workspace, &self.data, self.screen, action) {
            Some(refusal) => {
                self.message = Some((MessageKind::Warning, refusal));
                true
            }
            None => false,
        }
    }

    fn show(&mut self, screen: Screen) {
        self.screen = screen;
        // Not while loading: it reads the store on this thread (`loading` makes it after).
        if screen == Screen::Report && self.is_loaded() {
            // The preview is made when the screen is opened (and after each write on it).
            self.screens.report.refresh(&ctx!(self));
        }
    }

    /// Takes back the last write made since the workspace was opened, as a new logged
    /// write, and says what it was; a refusal (a signed year, a stored file whose bytes
    /// are gone) is said and the write stays on the stack.
    fn undo_last(&mut self) {
        if self.worker.writing() {
            // Next year's copy is writing on a second connection: an undo now would wait for
            // it, and its range would then be taken for part of the copy's.
            self.message = Some((MessageKind::Error, commands::NEXT_YEAR_WRITING.to_string()));
            return;
        }
        let Some(&(first, last)) = self.undo.last() else {
            self.message = Some((
                MessageKind::Info,
                "Nothing to undo: no change was made since the workspace was opened".to_string(),
            ));
            return;
        };
        match self.store.undo_log_rows(first, last) {
            Ok(undone) => {
                self.undo.pop();
                self.after_write(Ok(format!("Undid: {}", undone.summary())));
            }
            Err(error) => self.after_write(Err(error)),
        }
    }

    /// Remembers the change-log rows a write added since `head` (the log's last row
    /// before it), for undo.
    fn remember_write(&mut self, head: Option<i64>) {
        if let (Some(head), Ok(now)) = (head, self.store.log_head_id())
            && now > head
        {
            self.undo.push((head + 1, now));
        }
    }

    /// Reloads the snapshot after a write and reports the outcome in the status bar.
    fn after_write(&mut self, outcome: Result<String>) {
        match outcome.and_then(|message| self.store.snapshot().map(|workspace| (workspace, message))) {
            Ok((workspace, message)) => {
                self.workspace = workspace;
                self.refresh_views();
                self.message = Some((MessageKind::Info, message));
            }
            Err(error) => {
                tracing::error!("{error}");
                self.message = Some((MessageKind::Error, error.to_string()));
            }
        }
    }

    /// The findings, then every screen, after the snapshot changed.
    fn refresh_views(&mut self) {
        // Once per snapshot, not per frame: at 20,000 scenarios a redraw must stay quick.
        self.findings = crate::domain::findings(&self.workspace, self.catalog, self.today);
        let ctx = ctx!(self);
        for screen in self.screens.all_mut() {
            screen.refresh(&ctx);
        }
    }
}
