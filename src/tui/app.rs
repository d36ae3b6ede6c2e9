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
mod next_year;
mod resolve;
mod safeguards;
mod writes;

use commands::ReadInput;
pub use commands::{Command, FilterEdit};
pub use dashboard::{DashboardItem, Target};
pub use dialogs::Pending;
pub use writes::{PeopleWrite, RemediationWrite, RisksWrite, Write};

pub use super::overlays::Overlay;
use super::overlays::Prompts;

use super::component::{Component, Ctx, Outcome};
use super::editors;
use super::form::{Form, one_line};
use super::inventory_view::InventoryView;
use super::keys::{Action, action_on_screen};
use super::safeguard_tree::SafeguardTree;
use super::screen::Screen;
use super::theme::Theme;
use crate::catalog::Catalog;
use crate::domain::{Asset, Id, InventoryPrompt, Workspace};
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
    Practice,
    /// A new asset, possibly answering a checklist question.
    NewAsset(Option<InventoryPrompt>),
    EditAsset(Id),
    ImportCsv,
    ExportReport,
    /// The review of the catalog item at this index.
    Review(usize),
    NewEvidence,
    EditEvidence(Id),
    /// Saving an evidence record's stored file back out.
    SaveEvidenceFile(Id),
    /// Acknowledging the finding on this line of the dashboard.
    Acknowledge(usize),
    /// The coverage note of this asset.
    CoverageNote(Id),
}

/// What a picker's choice is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickPurpose {
    /// The safeguard items, risks and actions an evidence record supports.
    EvidenceLinks(Id),
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
    /// A large file the worker read for the form on top, used by its next save.
    read_input: Option<ReadInput>,
    /// The selected row of each screen's list, by screen index.
    cursors: [usize; Screen::ALL.len()],
    pub theme: Theme,
    pub today: NaiveDate,
    pub message: Option<(MessageKind, String)>,
    /// The workspace file's name, for the status bar.
    pub file_label: String,
    /// The inventory as shown: filter, sort and the rows that pass.
    pub inventory: InventoryView,
    /// The safeguard tree as shown: sections, folds and the find text.
    pub tree: SafeguardTree,
    /// The dashboard's selectable lines ("Next:" and the open findings), after each write.
    dashboard: Vec<DashboardItem>,
    /// Every finding of the workspace, worked out once per write (not per frame).
    pub findings: Vec<crate::domain::Finding>,
    /// The screens that are components (each owns its state); the Report screen's
    /// preview is made when the screen is opened and after each write.
    pub screens: super::screens::Screens,
    /// A record just saved, to select once the snapshot is reloaded.
    pending_selection: Option<Id>,
    pending_evidence: Option<Id>,
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
            read_input: None,
            cursors: [0; Screen::ALL.len()],
            theme,
            today,
            message: None,
            file_label,
            inventory: InventoryView::new(today),
            tree: SafeguardTree::new(Catalog::embedded()),
            screens: super::screens::Screens::default(),
            dashboard: Vec::new(),
            findings: Vec::new(),
            pending_selection: None,
            pending_evidence: None,
            quit: false,
        };
        app.refresh_views();
        // A new workspace without a name starts with the profile form (the first-run wizard).
        if app.workspace.practice.name.trim().is_empty() {
            app.open_practice_form("New workspace: the practice");
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
            Screen::Risks => self.screens.risks.cursor(),
            Screen::Remediation => self.screens.remediation.cursor(),
            _ => self.cursors[screen.index()],
        }
    }

    /// How many rows the screen's list has (0 for screens without one).
    pub fn row_count(&self, screen: Screen) -> usize {
        match screen {
            Screen::People => self.workspace.people.len(),
            Screen::Inventory => self.inventory.rows.len(),
            Screen::Safeguards => self.tree.rows.len(),
            Screen::Risks => self.screens.risks.view().rows.len(),
            Screen::Remediation => self.workspace.actions.len(),
            Screen::Evidence => self.workspace.evidence.len(),
            Screen::Report => self.screens.report.len(),
            Screen::Dashboard => self.dashboard.len(),
            Screen::Practice => 0,
        }
    }

    /// The asset under the inventory cursor.
    pub fn selected_asset(&self) -> Option<&Asset> {
        self.inventory
            .rows
            .get(self.cursor(Screen::Inventory))
            .map(|&index| &self.workspace.assets[index])
    }

    /// The scenario under the Risks screen's cursor.
    pub fn selected_risk(&self) -> Option<&crate::domain::Risk> {
        self.screens.risks.selected(&self.workspace)
    }

    /// The action under the Remediation screen's cursor.
    pub fn selected_action(&self) -> Option<&crate::domain::Action> {
        self.screens.remediation.selected(&self.workspace)
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
                self.send(Command::EditFilter(FilterEdit::Push(one_line(text))));
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

    /// The text of the filter overlay: the inventory filter, or the safeguards' find.
    fn filter_text(&self) -> String {
        if self.screen == Screen::Safeguards {
            self.tree.find.clone()
        } else {
            self.inventory.filter.clone()
        }
    }

    fn set_filter_text(&mut self, text: String) {
        if self.screen == Screen::Safeguards {
            self.set_find(text);
        } else {
            self.set_filter(text);
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
                let outcome = top.act(action);
                self.apply_outcome(outcome);
            }
            None => match action {
                Action::Quit => self.quit = true,
                Action::ToggleHelp => self.open(Overlay::Help),
                action => self.update_screen(action),
            },
        }
    }

    /// Opens the export form (the Report screen's `x`).
    pub(super) fn open_export(&mut self) {
        let paper = crate::publish::remembered_paper(&self.store).unwrap_or(crate::report::Paper::Letter);
        let form = editors::export_form(&self.default_report_path(), &self.default_key_path(), paper);
        self.open(Overlay::Form {
            form,
            target: Some(FormTarget::ExportReport),
        });
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
            Screen::Dashboard => self.update_dashboard(action),
            Screen::Safeguards => self.update_safeguards(action),
            Screen::Evidence => self.update_evidence(action),
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
            Action::Edit if self.screen == Screen::Practice => self.open_practice_form("Practice profile"),
            Action::StartNext if self.screen == Screen::Practice => self.ask_start_next(),
            Action::SwitchAssessment if self.screen == Screen::Practice => self.switch_assessment(),
            Action::Add if self.screen == Screen::Inventory => self.open_asset_form(None, None),
            Action::Edit if self.screen == Screen::Inventory => {
                if let Some(id) = self.selected_asset().map(|asset| asset.id) {
                    self.open_asset_form(Some(id), None);
                }
            }
            Action::Delete if self.screen == Screen::Inventory => self.ask_delete_asset(),
            Action::RetireAsset if self.screen == Screen::Inventory => self.ask_retire_asset(),
            Action::CoverageNote if self.screen == Screen::Inventory => {
                if let Some(id) = self.selected_asset().map(|asset| asset.id) {
                    self.open_coverage_form(id);
                }
            }
            Action::Filter if self.screen == Screen::Inventory => self.open(Overlay::Filter),
            Action::Sort if self.screen == Screen::Inventory => {
                self.inventory.next_sort(&self.workspace);
                self.cursors[Screen::Inventory.index()] = 0;
                self.message = Some((MessageKind::Info, format!("Sorted by {}", self.inventory.sort.label())));
            }
            Action::ShowOnly if self.screen == Screen::Inventory => {
                self.inventory.next_chip(&self.workspace);
                self.cursors[Screen::Inventory.index()] = 0;
            }
            Action::Prompts if self.screen == Screen::Inventory => self.open(Overlay::Prompts(Prompts::default())),
            Action::Import if self.screen == Screen::Inventory => {
                self.open(Overlay::Form {
                    form: editors::import_form(),
                    target: Some(FormTarget::ImportCsv),
                });
            }
            _ => {}
        }
    }

    fn show(&mut self, screen: Screen) {
        self.screen = screen;
        if screen == Screen::Report {
            self.refresh_report_preview();
        }
    }

    /// Rebuilds the preview from the store, through the same model the files use.
    fn refresh_report_preview(&mut self) {
        let preview = crate::publish::model(&self.store, self.today, None)
            .map(|(model, _)| super::report_preview::preview(&model))
            .map_err(|error| format!("{error:#}"));
        self.screens.report.set_preview(preview);
    }

    /// Next to the workspace: `clinic.hra` gives `clinic-report.pdf` beside it.
    fn default_report_path(&self) -> String {
        let stem = crate::publish::default_stem(self.store.path());
        let dir = self.store.path().parent().unwrap_or(std::path::Path::new("."));
        dir.join(format!("{stem}.pdf")).display().to_string()
    }

    fn default_key_path(&self) -> String {
        crate::paths::config_dir()
            .map(|dir| dir.join(crate::signing::SECRET_KEY_FILE).display().to_string())
            .unwrap_or_default()
    }

    fn move_cursor(&mut self, step: impl Fn(usize, usize) -> usize) {
        let count = self.row_count(self.screen);
        if count == 0 {
            return;
        }
        let cursor = &mut self.cursors[self.screen.index()];
        *cursor = step(*cursor, count - 1);
    }

    fn set_filter(&mut self, filter: String) {
        self.inventory.filter = filter;
        self.inventory.refresh(&self.workspace);
        self.cursors[Screen::Inventory.index()] = 0;
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

    /// Remembers the paper of an export for the next one (the command line reads the same
    /// setting).
    fn remember_paper(&mut self, paper: crate::report::Paper) {
        if let Err(error) = crate::publish::remember_paper(&mut self.store, paper) {
            self.message = Some((MessageKind::Error, format!("The paper is not remembered: {error}")));
        }
    }

    /// Applies what was chosen in a picker.
    fn finish_pick(&mut self, purpose: PickPurpose, chosen: &[String]) {
        match purpose {
            PickPurpose::EvidenceLinks(id) => self.save_evidence_links(id, chosen),
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
                if self.screen == Screen::Report {
                    self.refresh_report_preview();
                }
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
                Screen::Inventory,
                self.pending_selection.take().and_then(|id| {
                    self.inventory
                        .rows
                        .iter()
                        .position(|&index| workspace.assets[index].id == id)
                }),
            ),
            (
                Screen::Evidence,
                self.pending_evidence
                    .take()
                    .and_then(|id| workspace.evidence.iter().position(|record| record.id == id)),
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
        self.inventory.refresh(&self.workspace);
        self.refresh_dashboard();
        let ctx = ctx!(self);
        for screen in self.screens.all_mut() {
            screen.refresh(&ctx);
        }
    }
}
