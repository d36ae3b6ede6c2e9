//! The Inventory screen's writes (and its checklist's): assets, imports, retiring, the
//! checklist's answers. (A coverage note resolves a finding: `FindingsWrite`.)

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::domain::{Asset, Id, InventoryPrompt, Labeled, PromptAnswer, PromptRecord};
use crate::exchange::AssetTable;
use crate::store::{Result, Store};
use crate::tui::keys::{Action, Scope, keys_for};
use crate::tui::protocol::{StoreWrite, Written};
use crate::tui::screen::Screen;

pub enum InventoryWrite {
    /// A new asset, possibly answering a checklist question ("yes, here is one").
    Add {
        asset: Asset,
        prompt: Option<InventoryPrompt>,
    },
    Update(Asset),
    Delete(Id),
    /// Retire a carried-forward asset (next year's inventory refresh).
    Retire(Id),
    /// A CSV file already read and checked (`path`, for the message): all rows or none.
    Import {
        assessment_id: Id,
        path: PathBuf,
        table: AssetTable,
    },
    /// The checklist's "none here" for this question of the assessment.
    NoneHere {
        assessment_id: Id,
        prompt: InventoryPrompt,
    },
    /// The checklist's "already recorded": this asset answers the question.
    AlreadyRecorded {
        assessment_id: Id,
        prompt: InventoryPrompt,
        asset_id: Id,
    },
}

impl InventoryWrite {
    pub fn apply(self, store: &mut Store, today: NaiveDate) -> Result<Written> {
        match self {
            InventoryWrite::Add { asset, prompt } => {
                let id = store.add_asset(&asset)?;
                if let Some(prompt) = prompt {
                    let record = PromptRecord {
                        prompt,
                        answer: PromptAnswer::AssetsAdded,
                        note: String::new(),
                        asset_id: None,
                    };
                    store.answer_prompt(asset.assessment_id, &record)?;
                }
                Ok(Written::saved(id, format!("Added {}", asset.name)))
            }
            InventoryWrite::Update(asset) => {
                store.update_asset(&asset)?;
                Ok(Written::saved(asset.id, format!("Saved {}", asset.name)))
            }
            InventoryWrite::Delete(id) => {
                store.delete_asset(id)?;
                Ok(Written::message("Asset deleted"))
            }
            InventoryWrite::Retire(id) => {
                let names = store.retire_assets(&[id], today)?;
                Ok(Written::message(format!(
                    "Retired {}: kept with its history, out of this year's scope",
                    names.join(", ")
                )))
            }
            InventoryWrite::Import {
                assessment_id,
                path,
                table,
            } => {
                let count = store.import_asset_table(assessment_id, &table)?;
                let mut message = import_message(&path, &count);
                if let Some(line) = table.ignored_line() {
                    message = format!("{message} · {line}");
                }
                Ok(Written::message(message))
            }
            InventoryWrite::NoneHere { assessment_id, prompt } => {
                let record = PromptRecord {
                    prompt,
                    answer: PromptAnswer::NoneHere,
                    note: String::new(),
                    asset_id: None,
                };
                store.answer_prompt(assessment_id, &record)?;
                Ok(Written::message(format!(
                    "Recorded: no {}",
                    prompt.label().to_lowercase()
                )))
            }
            InventoryWrite::AlreadyRecorded {
                assessment_id,
                prompt,
                asset_id,
            } => {
                let record = PromptRecord {
                    prompt,
                    answer: PromptAnswer::AlreadyRecorded,
                    note: String::new(),
                    asset_id: Some(asset_id),
                };
                store.answer_prompt(assessment_id, &record)?;
                let name = store.asset(asset_id)?.name;
                Ok(Written::message(format!(
                    "{}: already recorded as {name}",
                    prompt.label()
                )))
            }
        }
    }
}

/// What an import did. Next year's inventory refresh: last year's assets the file lacked
/// come first, so the status bar shows them at 80 columns.
fn import_message(path: &std::path::Path, count: &crate::exchange::ImportCounts) -> String {
    let total = count.added + count.updated + count.unchanged;
    if count.not_seen.is_empty() {
        return format!("Imported {total} assets from {}: {count}", path.display());
    }
    let names: Vec<String> = count
        .not_seen
        .iter()
        .map(|(id, name)| format!("#{id} {name}"))
        .collect();
    format!(
        "Not in the file, from last year: {} ({} retires) · imported {total}: {count}",
        names.join(", "),
        keys_for(Scope::Screen(Screen::Inventory), Action::RetireAsset)
    )
}

impl StoreWrite for InventoryWrite {
    fn apply(self: Box<Self>, store: &mut Store, today: NaiveDate) -> Result<Written> {
        InventoryWrite::apply(*self, store, today)
    }
}
