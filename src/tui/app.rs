//! The application state and its one `update`. Drawing reads this state and never
//! changes it; keys become actions (see `keys`) before they reach `update`.

use chrono::NaiveDate;
use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::keys::{Action, action_for};
use super::screen::Screen;
use super::theme::Theme;
use super::wizard::{Wizard, WizardOutcome};
use crate::catalog::Catalog;
use crate::domain::{Risk, Workspace};
use crate::store::{Result, Store};

/// Rows moved by Page Up and Page Down.
const PAGE: usize = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageKind {
    Info,
    Error,
}

pub struct App {
    store: Store,
    pub workspace: Workspace,
    pub catalog: &'static Catalog,
    pub screen: Screen,
    pub help_open: bool,
    pub wizard: Option<Wizard>,
    /// The selected row of each screen's list, by screen index.
    cursors: [usize; Screen::ALL.len()],
    pub theme: Theme,
    pub today: NaiveDate,
    pub message: Option<(MessageKind, String)>,
    /// The workspace file's name, for the status bar.
    pub file_label: String,
    /// Indices into `workspace.risks`, highest level first.
    pub risk_order: Vec<usize>,
    quit: bool,
}

impl App {
    pub fn new(store: Store, today: NaiveDate, theme: Theme) -> Result<App> {
        let workspace = store.snapshot()?;
        let file_label = store.path().file_name().map_or_else(
            || store.path().display().to_string(),
            |name| name.to_string_lossy().into_owned(),
        );
        let wizard = workspace.practice.name.trim().is_empty().then(|| Wizard::new(&store));
        let mut app = App {
            store,
            workspace,
            catalog: Catalog::embedded(),
            screen: Screen::Dashboard,
            help_open: false,
            wizard,
            cursors: [0; Screen::ALL.len()],
            theme,
            today,
            message: None,
            file_label,
            risk_order: Vec::new(),
            quit: false,
        };
        app.sort_risks();
        Ok(app)
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// The selected row on a screen.
    pub fn cursor(&self, screen: Screen) -> usize {
        self.cursors[screen.index()]
    }

    /// How many rows the screen's list has (0 for screens without one).
    pub fn row_count(&self, screen: Screen) -> usize {
        match screen {
            Screen::People => self.workspace.people.len(),
            Screen::Inventory => self.workspace.assets.len(),
            Screen::Safeguards => self.catalog.items.len(),
            Screen::Risks => self.workspace.risks.len(),
            Screen::Remediation => self.workspace.actions.len(),
            Screen::Evidence => self.workspace.evidence.len(),
            Screen::Dashboard | Screen::Practice | Screen::Report => 0,
        }
    }

    /// Handles one key press.
    pub fn handle_key(&mut self, key: KeyEvent) {
        if let Some(wizard) = self.wizard.as_mut() {
            match wizard.handle_key(key) {
                WizardOutcome::Continue => {}
                WizardOutcome::Cancel => self.wizard = None,
                WizardOutcome::Finish(answers) => {
                    let result = answers.save(&mut self.store);
                    self.after_write(result.map(|()| "Practice profile saved".to_string()));
                    self.wizard = None;
                }
            }
            return;
        }
        if let Some(action) = action_for(key, self.help_open) {
            self.update(action);
        } else if key.code != KeyCode::Null {
            self.message = None;
        }
    }

    pub fn update(&mut self, action: Action) {
        match action {
            Action::Quit => self.quit = true,
            Action::ToggleHelp => self.help_open = !self.help_open,
            Action::CloseOverlay => self.help_open = false,
            Action::GoTo(screen) => self.screen = screen,
            Action::NextScreen => self.screen = self.screen.next(),
            Action::PreviousScreen => self.screen = self.screen.previous(),
            Action::Up => self.move_cursor(|row, _| row.saturating_sub(1)),
            Action::Down => self.move_cursor(|row, last| (row + 1).min(last)),
            Action::PageUp => self.move_cursor(|row, _| row.saturating_sub(PAGE)),
            Action::PageDown => self.move_cursor(|row, last| (row + PAGE).min(last)),
            Action::Top => self.move_cursor(|_, _| 0),
            Action::Bottom => self.move_cursor(|_, last| last),
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

    /// Reloads the snapshot after a write and reports the outcome in the status bar.
    fn after_write(&mut self, outcome: Result<String>) {
        match outcome.and_then(|message| self.store.snapshot().map(|workspace| (workspace, message))) {
            Ok((workspace, message)) => {
                self.workspace = workspace;
                self.sort_risks();
                self.clamp_cursors();
                self.message = Some((MessageKind::Info, message));
            }
            Err(error) => {
                tracing::error!("{error}");
                self.message = Some((MessageKind::Error, error.to_string()));
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

    /// Highest level first; unscored last; ties by number of records affected.
    fn sort_risks(&mut self) {
        let workspace = &self.workspace;
        let level = |risk: &Risk| workspace.matrix().and_then(|matrix| risk.level(matrix));
        let records = |risk: &Risk| -> u64 {
            risk.asset_ids
                .iter()
                .filter_map(|id| workspace.asset(*id))
                .filter_map(|asset| asset.record_count)
                .sum()
        };
        let mut order: Vec<usize> = (0..workspace.risks.len()).collect();
        order.sort_by(|&a, &b| {
            let (a, b) = (&workspace.risks[a], &workspace.risks[b]);
            level(b)
                .cmp(&level(a))
                .then_with(|| records(b).cmp(&records(a)))
                .then_with(|| a.id.cmp(&b.id))
        });
        self.risk_order = order;
    }
}
