//! The ePHI inventory: every system, device, application, vendor and workflow, filtered,
//! narrowed by a chip ("not reviewed", "no owner", "no BAA") and sorted as the user chose.
//! A component: it owns the view (`InventoryView`) and its cursor, the filter's text as
//! the filter window hands it back, and what it asked in the window it opened (an asset's
//! form, a delete or retire question, a coverage note, a CSV import). A large CSV file is
//! read on the worker; the result comes back here and the import form is saved again.
//! The drawing is in `draw`.

mod draw;
pub mod form;
mod view;
pub mod writes;

pub use view::InventoryView;

use std::path::PathBuf;

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use crate::domain::{Asset, AssetKind, CarriedEntity, Id, Workspace};
use crate::exchange::AssetTable;
use crate::tui::component::{Component, Ctx, Outcome};
use crate::tui::form::Form;
use crate::tui::keys::{Action, KeyHint, Scope, action_on_screen, keys_for, screen_hints};
use crate::tui::list_cursor::ListCursor;
use crate::tui::overlays::{Confirm, Overlay, Prompts};
use crate::tui::protocol::{Command, FilterEdit, MessageKind, Reply, Target, Write};
use crate::tui::screen::Screen;
use crate::tui::screens::dashboard::writes::FindingsWrite;
use crate::tui::worker::{Done, Job, is_large};
use writes::InventoryWrite;

/// What the screen asked in the window it opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Asked {
    /// The asset form: a new asset (0) or this one.
    Asset(Id),
    Delete(Id),
    Retire(Id),
    Coverage(Id),
    Import,
}

pub struct InventoryScreen {
    view: InventoryView,
    cursor: ListCursor,
    /// The filter window is open (the screen shows the text being typed with a cursor).
    filtering: bool,
    asked: Option<Asked>,
    /// A large CSV file the worker read for the import form, used by its next save.
    read: Option<(PathBuf, Result<AssetTable, String>)>,
}

impl Default for InventoryScreen {
    fn default() -> InventoryScreen {
        InventoryScreen {
            // The day is set from the context at the first refresh.
            view: InventoryView::new(NaiveDate::default()),
            cursor: ListCursor::default(),
            filtering: false,
            asked: None,
            read: None,
        }
    }
}

/// The coverage note form of an asset; its save comes back to the layer that sent this.
pub(super) fn open_coverage(asset_id: Id, ctx: &Ctx) -> Outcome {
    let Some(asset) = ctx.workspace.asset(asset_id) else {
        return Outcome::Handled;
    };
    let note = ctx
        .workspace
        .coverage_notes
        .iter()
        .find(|note| note.asset_id == asset_id);
    let form = super::dashboard::form::coverage_form(&asset.name, note, &ctx.workspace.risks);
    Outcome::Send(Command::Open(Overlay::form(form)))
}

/// A saved coverage note form: the write, or the form put back with its problem.
pub(super) fn save_coverage(form: Form, asset_id: Id, ctx: &Ctx) -> Outcome {
    let asset = ctx.workspace.asset(asset_id).map_or("", |asset| asset.name.as_str());
    let write = super::dashboard::form::coverage_from_form(&form, asset_id, &ctx.workspace.risks).map(|note| {
        Write::new(FindingsWrite::CoverageNote {
            note,
            asset: asset.to_string(),
        })
    });
    Outcome::save(form, write)
}

/// A new asset of this kind, reviewed today, before the form fills it in.
pub fn blank_asset(ctx: &Ctx, kind: AssetKind) -> Asset {
    Asset {
        id: 0,
        assessment_id: ctx.workspace.assessment_id,
        name: String::new(),
        kind,
        description: String::new(),
        location: String::new(),
        owner_id: None,
        ephi: crate::domain::EphiActions::ALL,
        record_count: None,
        criticality: crate::domain::Criticality::Unknown,
        encrypted_at_rest: crate::domain::Encryption::Unknown,
        last_reviewed: Some(ctx.today),
        ..Asset::default()
    }
}

fn say(kind: MessageKind, text: String) -> Outcome {
    Outcome::Send(Command::Say(kind, text))
}

impl InventoryScreen {
    pub fn cursor(&self) -> usize {
        self.cursor.row()
    }

    /// The inventory as shown: filter, chip, sort and the rows that pass.
    pub fn view(&self) -> &InventoryView {
        &self.view
    }

    /// The asset under the cursor.
    pub fn selected<'a>(&self, workspace: &'a Workspace) -> Option<&'a Asset> {
        self.view
            .rows
            .get(self.cursor.row())
            .map(|&index| &workspace.assets[index])
    }

    /// The row showing an asset, if it passes the filter and the chip.
    fn row_of(&self, id: Id, workspace: &Workspace) -> Option<usize> {
        self.view
            .rows
            .iter()
            .position(|&index| workspace.assets[index].id == id)
    }

    fn open_asset_form(&mut self, asset: Option<&Asset>, ctx: &Ctx) -> Outcome {
        let (asset, title) = match asset {
            Some(asset) => (asset.clone(), "Edit asset"),
            None => (blank_asset(ctx, AssetKind::System), "Add an asset"),
        };
        self.asked = Some(Asked::Asset(asset.id));
        let form = form::asset_form(title, &asset, &ctx.workspace.people);
        Outcome::Send(Command::Open(Overlay::form(form)))
    }

    fn ask_delete(&mut self, asset: &Asset, ctx: &Ctx) -> Outcome {
        let linked = ctx
            .workspace
            .risks
            .iter()
            .filter(|risk| risk.asset_ids.contains(&asset.id))
            .count();
        let mut lines = vec![format!("Delete \"{}\"?", asset.name)];
        if linked > 0 {
            lines.push(format!(
                "It is named in {linked} risk scenario(s); they will no longer list it."
            ));
        }
        lines.push("The change log keeps a record of what it was.".to_string());
        self.asked = Some(Asked::Delete(asset.id));
        Outcome::Send(Command::Open(Overlay::Confirm(Confirm::new("Delete asset", lines))))
    }

    /// Asks before retiring the asset, which must have been carried forward from last
    /// year (a new one is deleted instead).
    fn ask_retire(&mut self, asset: &Asset, ctx: &Ctx) -> Outcome {
        if ctx.workspace.carried(CarriedEntity::Asset, asset.id).is_none() {
            let delete = keys_for(Scope::Screen(Screen::Inventory), Action::Delete);
            return say(
                MessageKind::Info,
                format!(
                    "\"{}\" was not carried forward from last year: {delete} deletes it",
                    asset.name
                ),
            );
        }
        if ctx.workspace.is_retired(asset.id) {
            return say(MessageKind::Info, format!("\"{}\" is already retired", asset.name));
        }
        self.asked = Some(Asked::Retire(asset.id));
        let question = Confirm::new(
            "Retire asset",
            vec![
                format!("Retire \"{}\"? It is no longer in use this year.", asset.name),
                "It keeps its history and last year's record; it leaves this".to_string(),
                "year's scope and raises no findings.".to_string(),
            ],
        );
        Outcome::Send(Command::Open(Overlay::Confirm(question)))
    }

    /// A saved asset form: the write, or the form put back with its problem.
    fn save_asset(form: Form, id: Id, ctx: &Ctx) -> Outcome {
        let base = if id == 0 {
            Some(blank_asset(ctx, AssetKind::System))
        } else {
            ctx.workspace.asset(id).cloned()
        };
        let parsed = base
            .ok_or(("", "the asset is gone".to_string()))
            .and_then(|base| form::asset_from_form(&form, &base, &ctx.workspace.people));
        match parsed {
            Ok(asset) if id == 0 => Outcome::save(form, Ok(Write::new(InventoryWrite::Add { asset, prompt: None }))),
            Ok(asset) => Outcome::save(form, Ok(Write::new(InventoryWrite::Update(asset)))),
            Err(problem) => Outcome::refuse(form, problem),
        }
    }

    /// A saved import form. A small file is read here; a large one on the worker, the
    /// form waiting open until it is read (`Reply::CsvRead`), then saved again.
    fn save_import(&mut self, mut form: Form, ctx: &Ctx) -> Outcome {
        let path = PathBuf::from(form.text("path"));
        let read = match self.read.take() {
            Some((read, result)) if read == path => result,
            _ if is_large(&path) => {
                form.fail(
                    "path",
                    format!("Reading {} in the background: imported once read", path.display()),
                );
                return Outcome::Send(Command::StartJobFor {
                    job: Job::ParseCsv { path },
                    form: Box::new(form),
                });
            }
            _ => crate::tui::import::read_csv(&path),
        };
        match read {
            Ok(table) => Outcome::Send(Command::Write {
                write: Write::new(InventoryWrite::Import {
                    assessment_id: ctx.workspace.assessment_id,
                    path,
                    table,
                }),
                form: Some(form),
            }),
            Err(problem) => {
                form.fail("path", problem);
                Outcome::Send(Command::Open(Overlay::form(form)))
            }
        }
    }

    /// The filter text as the filter window changes it; the list starts again at the top.
    fn edit_filter(&mut self, edit: FilterEdit, ctx: &Ctx) {
        if edit.closes() {
            self.filtering = false;
        }
        if matches!(edit, FilterEdit::Keep) {
            return;
        }
        edit.apply_to(&mut self.view.filter);
        self.view.refresh(ctx.workspace);
        self.cursor = ListCursor::default();
    }

    /// The dashboard's Enter: the cursor on the asset, clearing a filter or chip that
    /// hides it; `Ignored` when it is gone.
    fn select(&mut self, id: Id, ctx: &Ctx) -> Outcome {
        if self.row_of(id, ctx.workspace).is_none() {
            self.view.filter.clear();
            self.view.chip = None;
            self.view.refresh(ctx.workspace);
        }
        match self.row_of(id, ctx.workspace) {
            Some(row) => {
                self.cursor.select(row, self.view.rows.len());
                Outcome::Handled
            }
            None => Outcome::Ignored,
        }
    }
}

impl Component for InventoryScreen {
    fn cursor(&self) -> usize {
        self.cursor()
    }

    fn row_count(&self, _ctx: &Ctx) -> usize {
        self.view().rows.len()
    }

    fn keys(&self) -> Vec<KeyHint> {
        screen_hints(Screen::Inventory)
    }

    fn handle(&mut self, key: KeyEvent, ctx: &Ctx) -> Outcome {
        action_on_screen(Screen::Inventory, key).map_or(Outcome::Ignored, |action| self.act(action, ctx))
    }

    fn act(&mut self, action: Action, ctx: &Ctx) -> Outcome {
        if self.cursor.act(action, self.view.rows.len()) {
            return Outcome::Handled;
        }
        let selected = self.selected(ctx.workspace);
        match action {
            Action::Add => self.open_asset_form(None, ctx),
            Action::Edit => match selected {
                Some(asset) => self.open_asset_form(Some(asset), ctx),
                None => Outcome::Handled,
            },
            Action::Delete => match selected {
                Some(asset) => self.ask_delete(asset, ctx),
                None => Outcome::Handled,
            },
            Action::RetireAsset => match selected {
                Some(asset) => self.ask_retire(asset, ctx),
                None => Outcome::Handled,
            },
            Action::CoverageNote => match selected {
                Some(asset) => {
                    self.asked = Some(Asked::Coverage(asset.id));
                    open_coverage(asset.id, ctx)
                }
                None => Outcome::Handled,
            },
            Action::Filter => {
                self.filtering = true;
                Outcome::Send(Command::Open(Overlay::Filter))
            }
            Action::Sort => {
                self.view.next_sort(ctx.workspace);
                self.cursor = ListCursor::default();
                say(MessageKind::Info, format!("Sorted by {}", self.view.sort.label()))
            }
            Action::ShowOnly => {
                self.view.next_chip(ctx.workspace);
                self.cursor = ListCursor::default();
                Outcome::Handled
            }
            Action::Prompts => Outcome::Send(Command::Open(Overlay::Prompts(Prompts::default()))),
            Action::Import => {
                self.asked = Some(Asked::Import);
                Outcome::Send(Command::Open(Overlay::form(form::import_form())))
            }
            _ => Outcome::Ignored,
        }
    }

    fn receive(&mut self, reply: Reply, ctx: &Ctx) -> Outcome {
        match (reply, self.asked) {
            (Reply::Filter(edit), _) => {
                self.edit_filter(edit, ctx);
                Outcome::Handled
            }
            (Reply::Submitted(form), Some(Asked::Asset(id))) => InventoryScreen::save_asset(form, id, ctx),
            (Reply::Submitted(form), Some(Asked::Coverage(id))) => save_coverage(form, id, ctx),
            (Reply::Submitted(form), Some(Asked::Import)) => self.save_import(form, ctx),
            (Reply::Worked(Done::CsvParsed { path, result }), Some(Asked::Import)) => {
                // Saved again as if Enter was pressed; the form is on top (`finish_job`).
                self.read = Some((path, result));
                Outcome::Send(Command::SubmitForm)
            }
            (Reply::Confirmed { .. }, Some(Asked::Delete(id))) => Outcome::Send(Command::Write {
                write: Write::new(InventoryWrite::Delete(id)),
                form: None,
            }),
            (Reply::Confirmed { .. }, Some(Asked::Retire(id))) => Outcome::Send(Command::Write {
                write: Write::new(InventoryWrite::Retire(id)),
                form: None,
            }),
            (Reply::Saved { id: Some(id) }, _) => {
                if let Some(row) = self.row_of(id, ctx.workspace) {
                    self.cursor.select(row, self.view.rows.len());
                }
                Outcome::Handled
            }
            (Reply::Select(Target::Asset(id)), _) => self.select(id, ctx),
            _ => Outcome::Ignored,
        }
    }

    fn refresh(&mut self, ctx: &Ctx) {
        self.view.today = ctx.today;
        self.view.refresh(ctx.workspace);
        self.cursor.clamp(self.view.rows.len());
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        draw::draw(frame, area, ctx, self);
    }
}
