//! The application state. A key goes to the window on top of the stack (`overlays`, see
//! `overlays`), or, with none open, to the screen: a screen that is a component (the
//! Report) first, then `update`, where keys arrive as actions (see `keys`). Windows and
//! component screens never change the app: they send `Command`s, applied in order by
//! `app::commands`, which also starts slow work on the worker and applies its results.
//! Drawing reads this state and never changes it. Text typed into a form or the filter
//! is text, not actions.

use chrono::NaiveDate;
use ratatui::crossterm::event::KeyEvent;

mod commands;
mod dashboard;
mod dialogs;
mod evidence;
mod forms;
mod remediation;
mod risks;
mod safeguards;
mod writes;

pub use commands::{Command, FilterEdit};
pub use dashboard::{DashboardItem, Target};
pub use dialogs::Pending;
pub use writes::{
    EvidenceWrite, FindingsWrite, InventoryWrite, PeopleWrite, PracticeWrite, ReportWrite, SafeguardsWrite, Write,
};

pub use super::overlays::Overlay;

use super::component::{Component, Ctx, Outcome};
use super::form::{Form, one_line};
use super::inventory_view::InventoryView;
use super::keys::{Action, action_on_screen};
use super::risk_view::RiskView;
use super::screen::Screen;
use super::theme::Theme;
use crate::catalog::Catalog;
use crate::domain::{Asset, Id, Workspace};
use crate::store::{Result, Store};

/// Rows moved by Page Up and Page Down.
const PAGE: usize = 10;

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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageKind {
    Info,
    Error,
    /// About the key or paste just received (for example a paste nothing could take):
    /// shown even over an overlay, and gone with the next key.
    Warning,
}

/// What a form saves into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormTarget {
    NewScenario,
    EditScenario(Id),
    Score(Id),
    Treat(Id),
    RiskFilter,
    /// A new action for this risk.
    NewAction(Id),
    EditAction(Id),
}

/// What a picker's choice is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickPurpose {
    /// The quick add's first step: the assets (or the whole practice).
    QuickAddAsset,
    /// The quick add's second step: threats for these assets (none: practice-wide).
    QuickAddThreats(Vec<Id>),
    /// Threats suggested by the safeguard review.
    Suggested,
    /// The risk a new action is for.
    ActionRisk,
    /// A value for this field of the form below (F2): a scenario's assets.
    FieldList(&'static str),
}

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
    /// The selected row of each screen's list, by screen index.
    cursors: [usize; Screen::ALL.len()],
    pub theme: Theme,
    pub today: NaiveDate,
    pub message: Option<(MessageKind, String)>,
    /// The workspace file's name, for the status bar.
    pub file_label: String,
    /// The register as shown: order, filter, heat-map counts.
    pub risk_view: RiskView,
    /// Every finding of the workspace, worked out once per write (not per frame).
    pub findings: Vec<crate::domain::Finding>,
    /// The screens that are components (each owns its state); the Report screen's
    /// preview is made when the screen is opened and after each write.
    pub screens: super::screens::Screens,
    pending_risk: Option<Id>,
    pending_action: Option<Id>,
    quit: bool,
}

impl App {
    pub fn new(store: Store, today: NaiveDate, theme: Theme) -> Result<App> {
        let workspace = store.snapshot()?;
        Ok(App::with_snapshot(store, workspace, today, theme))
    }

    /// The app on a snapshot already loaded (see `Store::open_and_load`).
    pub fn with_snapshot(store: Store, workspace: Workspace, today: NaiveDate, theme: Theme) -> App {
        let file_label = store.path().file_name().map_or_else(
            || store.path().display().to_string(),
            |name| name.to_string_lossy().into_owned(),
        );
        let mut app = App {
            store,
            workspace,
            catalog: Catalog::embedded(),
            screen: Screen::Dashboard,
            overlays: Vec::new(),
            queue: std::collections::VecDeque::new(),
            worker: super::worker::Worker::default(),
            cursors: [0; Screen::ALL.len()],
            theme,
            today,
            message: None,
            file_label,
            risk_view: RiskView::default(),
            screens: super::screens::Screens::default(),
            findings: Vec::new(),
            pending_risk: None,
            pending_action: None,
            quit: false,
        };
        app.refresh_views();
        // A new workspace without a name starts with the profile form (the first-run
        // wizard), over the dashboard, which saves it.
        if app.workspace.practice.name.trim().is_empty() {
            let outcome = app.screens.dashboard.first_run(&ctx!(app));
            app.apply_outcome(outcome);
        }
        app
    }

    pub fn should_quit(&self) -> bool {
        self.quit
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

    /// The selected row on a screen.
    pub fn cursor(&self, screen: Screen) -> usize {
        match screen {
            Screen::Report => self.screens.report.top(),
            Screen::People => self.screens.people.cursor(),
            Screen::Safeguards => self.screens.safeguards.cursor(),
            Screen::Evidence => self.screens.evidence.cursor(),
            Screen::Dashboard => self.screens.dashboard.cursor(),
            Screen::Inventory => self.screens.inventory.cursor(),
            _ => self.cursors[screen.index()],
        }
    }

    /// How many rows the screen's list has (0 for screens without one).
    pub fn row_count(&self, screen: Screen) -> usize {
        match screen {
            Screen::People => self.workspace.people.len(),
            Screen::Inventory => self.screens.inventory.view().rows.len(),
            Screen::Safeguards => self.screens.safeguards.row_count(),
            Screen::Risks => self.risk_view.rows.len(),
            Screen::Remediation => self.workspace.actions.len(),
            Screen::Evidence => self.workspace.evidence.len(),
            Screen::Report => self.screens.report.len(),
            Screen::Dashboard => self.screens.dashboard.items().len(),
            Screen::Practice => 0,
        }
    }

    /// The asset under the inventory cursor.
    pub fn selected_asset(&self) -> Option<&Asset> {
        self.screens.inventory.selected(&self.workspace)
    }

    /// The inventory as shown: filter, chip, sort and the rows that pass.
    pub fn inventory(&self) -> &InventoryView {
        self.screens.inventory.view()
    }

    /// Handles a paste (the terminal's bracketed paste): text for the field being typed
    /// in, taken as one edit, never as keys. Where nothing takes text it is ignored, and
    /// the status line says so.
    pub fn handle_paste(&mut self, text: &str) {
        self.clear_warning();
        match self.overlays.last_mut() {
            Some(Overlay::Form { form, .. }) => form.paste(text),
            Some(Overlay::KeyGen(keygen)) => keygen.form.paste(text),
            Some(Overlay::Picker { picker, .. }) => picker.paste(text),
            Some(Overlay::Filter) => {
                let edit = FilterEdit::Push(one_line(text));
                self.send(super::overlays::filter_edit(edit, false));
                self.run_queue();
            }
            _ => {
                self.message = Some((
                    MessageKind::Warning,
                    "Paste ignored: no text field is open here".to_string(),
                ));
            }
        }
    }

    fn clear_warning(&mut self) {
        if matches!(self.message, Some((MessageKind::Warning, _))) {
            self.message = None;
        }
    }

    /// Handles one key press: the top window's, or the screen's when none is open.
    pub fn handle_key(&mut self, key: KeyEvent) {
        self.clear_warning();
        // A screen that is a component handles its keys first; the rest are the app's.
        if self.overlays.is_empty()
            && let Some(screen) = self.screens.get_mut(self.screen)
        {
            let outcome = screen.handle(key, &ctx!(self));
            if !matches!(outcome, Outcome::Ignored) {
                return self.apply_outcome(outcome);
            }
        }
        if self.overlays.is_empty() {
            match action_on_screen(self.screen, key) {
                Some(action) => self.update(action),
                None => self.message = None,
            }
            return;
        }
        let Some(top) = self.overlays.last_mut() else { return };
        let outcome = top.handle(key, &ctx!(self));
        self.apply_outcome(outcome);
    }

    /// Applies an action in the current context: to the top window, or the screen.
    pub fn update(&mut self, action: Action) {
        match self.overlays.last_mut() {
            Some(top) => {
                let outcome = top.act(action, &ctx!(self));
                self.apply_outcome(outcome);
            }
            None => match action {
                Action::Quit => self.quit = true,
                Action::ToggleHelp => self.open(Overlay::Help),
                action => self.update_screen(action),
            },
        }
    }

    fn update_screen(&mut self, action: Action) {
        // A screen that is a component takes its own actions first.
        if let Some(screen) = self.screens.get_mut(self.screen) {
            let outcome = screen.act(action, &ctx!(self));
            if !matches!(outcome, Outcome::Ignored) {
                return self.apply_outcome(outcome);
            }
        }
        let handled = match self.screen {
            Screen::Risks => self.update_risks(action),
            Screen::Remediation => self.update_remediation(action),
            _ => false,
        };
        if handled {
            return;
        }
        match action {
            Action::GoTo(screen) => self.show(screen),
            Action::NextScreen => self.show(self.screen.next()),
            Action::PreviousScreen => self.show(self.screen.previous()),
            Action::Up => self.move_cursor(|row, _| row.saturating_sub(1)),
            Action::Down => self.move_cursor(|row, last| (row + 1).min(last)),
            Action::PageUp => self.move_cursor(|row, _| row.saturating_sub(PAGE)),
            Action::PageDown => self.move_cursor(|row, last| (row + PAGE).min(last)),
            Action::Top => self.move_cursor(|_, _| 0),
            Action::Bottom => self.move_cursor(|_, last| last),
            _ => {}
        }
    }

    fn show(&mut self, screen: Screen) {
        self.screen = screen;
        if screen == Screen::Report {
            // The preview is made when the screen is opened (and after each write on it).
            self.screens.report.refresh(&ctx!(self));
        }
    }

    fn move_cursor(&mut self, step: impl Fn(usize, usize) -> usize) {
        let count = self.row_count(self.screen);
        if count == 0 {
            return;
        }
        let cursor = &mut self.cursors[self.screen.index()];
        *cursor = step(*cursor, count - 1);
    }

    fn open_form(&mut self, form: Form, target: FormTarget) {
        self.open(Overlay::Form {
            form,
            target: Some(target),
        });
    }

    fn set_cursor(&mut self, screen: Screen, row: usize) {
        self.cursors[screen.index()] = row.min(self.row_count(screen).saturating_sub(1));
    }

    fn info(&mut self, message: String) {
        self.message = Some((MessageKind::Info, message));
    }

    /// Applies what was chosen in a picker.
    fn finish_pick(&mut self, purpose: PickPurpose, chosen: &[String]) {
        match purpose {
            PickPurpose::QuickAddAsset => self.picked_assets(chosen),
            PickPurpose::QuickAddThreats(asset_ids) => self.add_threat_scenarios(&asset_ids, chosen),
            PickPurpose::Suggested => self.add_suggested_scenarios(chosen),
            PickPurpose::FieldList(field) => self.picked_for_field(field, chosen),
            PickPurpose::ActionRisk => {
                if let Some(id) = chosen.first().and_then(|id| id.parse().ok()) {
                    self.plan_for_risk(id);
                }
            }
        }
    }

    /// Reloads the snapshot after a write and reports the outcome in the status bar.
    fn after_write(&mut self, outcome: Result<String>) {
        match outcome.and_then(|message| self.store.snapshot().map(|workspace| (workspace, message))) {
            Ok((workspace, message)) => {
                self.workspace = workspace;
                self.refresh_views();
                self.clamp_cursors();
                self.follow_pending_selection();
                self.message = Some((MessageKind::Info, message));
            }
            Err(error) => {
                tracing::error!("{error}");
                self.message = Some((MessageKind::Error, error.to_string()));
            }
        }
    }

    /// After saving a record, the cursor moves to it, wherever sorting put it.
    fn follow_pending_selection(&mut self) {
        let workspace = &self.workspace;
        let rows = [
            (
                Screen::Risks,
                self.pending_risk.take().and_then(|id| {
                    self.risk_view
                        .rows
                        .iter()
                        .position(|&index| workspace.risks[index].id == id)
                }),
            ),
            (
                Screen::Remediation,
                self.pending_action
                    .take()
                    .and_then(|id| workspace.actions.iter().position(|action| action.id == id)),
            ),
        ];
        for (screen, row) in rows {
            if let Some(row) = row {
                self.cursors[screen.index()] = row;
            }
        }
    }

    fn clamp_cursors(&mut self) {
        for screen in Screen::ALL {
            let last = self.row_count(*screen).saturating_sub(1);
            let cursor = &mut self.cursors[screen.index()];
            *cursor = (*cursor).min(last);
        }
    }

    /// The inventory and register as shown, after the snapshot changed.
    fn refresh_views(&mut self) {
        // Once per snapshot, not per frame: at 20,000 scenarios a redraw must stay quick.
        self.findings = crate::domain::findings(&self.workspace, self.catalog, self.today);
        let order = crate::domain::register_order(&self.workspace);
        self.risk_view.refresh(&self.workspace, order);
        let ctx = ctx!(self);
        for screen in self.screens.all_mut() {
            screen.refresh(&ctx);
        }
    }
}
