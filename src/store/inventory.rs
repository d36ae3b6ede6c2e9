//! The ePHI inventory: assets of an assessment.

use rusqlite::Row;

use super::people::{insert_person, require_text};
use super::records;
use super::sql::key;
use super::{Result, Store, StoreError};
use crate::domain::{Asset, Id, Labeled};
use crate::exchange::{AssetTable, ImportCounts, match_rows, merge_asset};

/// Assets in the generic record reads and writes: their assessment is the column outside
/// their fields.
impl records::Stored for Asset {
    const FRAME: &'static [&'static str] = &["assessment_id"];
    fn frame_values(&self) -> Vec<rusqlite::types::Value> {
        vec![rusqlite::types::Value::Integer(self.assessment_id)]
    }
    fn read_frame(&mut self, row: &Row<'_>) -> rusqlite::Result<()> {
        self.assessment_id = row.get("assessment_id")?;
        Ok(())
    }
}

pub(super) fn asset_from_row(row: &Row<'_>) -> rusqlite::Result<Asset> {
    records::read_stored(row)
}

pub(super) fn select_assets() -> String {
    records::select::<Asset>(<Asset as records::Stored>::FRAME)
}

impl Store {
    /// The assets of an assessment, by name (`domain::order`: ignoring case), then id.
    pub fn assets(&self, assessment_id: Id) -> Result<Vec<Asset>> {
        let sql = format!("{} WHERE assessment_id = ?1 ORDER BY name, id", select_assets());
        let mut statement = self.conn.prepare(&sql)?;
        let rows = statement.query_map([assessment_id], asset_from_row)?;
        let mut assets: Vec<Asset> = rows.collect::<rusqlite::Result<_>>()?;
        // SQLite's own case folding is ASCII only; the one order of names is Rust's.
        crate::domain::order::sort_by_name(&mut assets, |asset| &asset.name);
        Ok(assets)
    }

    pub fn asset(&self, id: Id) -> Result<Asset> {
        use rusqlite::OptionalExtension;
        let sql = format!("{} WHERE id = ?1", select_assets());
        self.conn
            .query_row(&sql, [id], asset_from_row)
            .optional()?
            .ok_or_else(|| StoreError::Missing {
                entity: "asset",
                id: id.to_string(),
            })
    }

    pub fn add_asset(&mut self, asset: &Asset) -> Result<Id> {
        self.add_assets(std::slice::from_ref(asset)).map(|ids| ids[0])
    }

    /// Adds several assets in one transaction: all are saved or none is.
    pub fn add_assets(&mut self, assets: &[Asset]) -> Result<Vec<Id>> {
        for asset in assets {
            require_text("asset name", &asset.name)?;
        }
        self.write(|tx| {
            let mut ids = Vec::with_capacity(assets.len());
            for asset in assets {
                // Adding always makes a new record: an id the caller left in is not reused.
                let id = insert_asset(tx.conn(), &Asset { id: 0, ..asset.clone() })?;
                ids.push(id);
            }
            Ok(ids)
        })
    }

    /// Imports assets into an assessment in one transaction: all rows or none. A row whose
    /// name matches an asset of the assessment (ignoring case) updates it (each asset at
    /// most once; see `exchange::reimport::match_rows`); the others are added. Each row may name its owner; a name that matches no person (ignoring case)
    /// adds that person, so an inventory exported from one workspace imports whole into a
    /// fresh one. Every column counts as given (see `import_asset_table`).
    pub fn import_assets(&mut self, assessment_id: Id, rows: &[(Asset, Option<String>)]) -> Result<ImportCounts> {
        self.import_asset_columns(assessment_id, rows, &crate::exchange::columns::<Asset>())
    }

    /// `import_assets` of a parsed CSV: a matched asset changes only in the file's columns.
    pub fn import_asset_table(&mut self, assessment_id: Id, table: &AssetTable) -> Result<ImportCounts> {
        self.import_asset_columns(assessment_id, &table.rows, &table.columns)
    }

    fn import_asset_columns(
        &mut self,
        assessment_id: Id,
        rows: &[(Asset, Option<String>)],
        columns: &[&str],
    ) -> Result<ImportCounts> {
        for (asset, _) in rows {
            require_text("asset name", &asset.name)?;
        }
        let mut known: std::collections::HashMap<String, Id> = self
            .people()?
            .into_iter()
            // Someone who has left is never a new owner: a name of theirs adds a new person.
            .filter(|person| person.removed_on.is_none())
            .map(|person| (person.name.to_lowercase(), person.id))
            .collect();
        let existing = self.assets(assessment_id)?;
        let has_owner = columns.contains(&"owner");
        let (mut counts, seen) = self.write(|tx| {
            // Owners first (adding the people not yet known), then which asset each row
            // updates (`match_rows`), then the writes in the file's order.
            let mut owners = Vec::with_capacity(rows.len());
            for (_, owner) in rows {
                let owner_id = match owner.as_deref().map(str::trim).filter(|name| !name.is_empty()) {
                    None => None,
                    Some(name) => Some(match known.get(&name.to_lowercase()) {
                        Some(id) => *id,
                        None => {
                            let person = crate::domain::Person {
                                name: name.to_string(),
                                ..Default::default()
                            };
                            let id = insert_person(tx.conn(), &person)?;
                            known.insert(name.to_lowercase(), id);
                            id
                        }
                    }),
                };
                owners.push(owner_id);
            }
            let keyed: Vec<(&Asset, Option<Option<Id>>)> = rows
                .iter()
                .zip(&owners)
                .map(|((asset, _), owner_id)| (asset, has_owner.then_some(*owner_id)))
                .collect();
            let matched = match_rows(&existing, &keyed, columns);
            let mut counts = ImportCounts::default();
            let mut seen = Vec::new();
            for (((asset, _), owner_id), matched) in rows.iter().zip(owners).zip(matched) {
                if let Some(index) = matched {
                    let before = &existing[index];
                    seen.push(before.id);
                    let merged = merge_asset(before, asset, has_owner.then_some(owner_id), columns);
                    if merged == *before {
                        counts.unchanged += 1;
                    } else {
                        update_asset_row(tx.conn(), &merged)?;
                        counts.updated += 1;
                    }
                    continue;
                }
                let asset = Asset {
                    id: 0,
                    assessment_id,
                    owner_id,
                    ..asset.clone()
                };
                insert_asset_logged(tx, &asset)?;
                counts.added += 1;
            }
            Ok((counts, seen))
        })?;
        // The inventory refresh of next year: last year's assets the file did not list,
        // for the user to retire (nothing is retired without being asked).
        counts.not_seen = self.carried_assets_not_seen(assessment_id, &seen)?;
        Ok(counts)
    }

    pub fn update_asset(&mut self, asset: &Asset) -> Result<()> {
        require_text("asset name", &asset.name)?;
        // Refuses an asset that is not there (the update would change nothing).
        self.asset(asset.id)?;
        self.write(|tx| update_asset_row(tx.conn(), asset))
    }

    pub fn delete_asset(&mut self, id: Id) -> Result<()> {
        self.asset(id)?;
        self.write(|tx| {
            // The asset's coverage note goes with it (logged like every row change).
            tx.execute("DELETE FROM coverage_notes WHERE asset_id = ?1", [id])?;
            tx.execute("DELETE FROM retired_assets WHERE asset_id = ?1", [id])?;
            tx.execute("DELETE FROM risk_assets WHERE asset_id = ?1", [id])?;
            // An action naming a change on it no longer names one.
            tx.execute(
                "UPDATE actions SET asset_id = NULL, asset_field = '', asset_value = '' WHERE asset_id = ?1",
                [id],
            )?;
            tx.execute("DELETE FROM assets WHERE id = ?1", [id])?;
            Ok(())
        })
    }
}

/// Inserts an asset row, keeping its id unless it is 0 (then SQLite assigns one), and
/// returns the id. Used by every write that adds assets, the restore of an export included.
pub(super) fn insert_asset(conn: &rusqlite::Connection, asset: &Asset) -> Result<Id> {
    records::insert_stored(conn, asset)
}

/// `insert_asset` through the writer's bulk path (`Writer::insert_logged`): the asset's
/// change-log row made from the values bound, not by the capture trigger. For the writes
/// of many assets at once (an import, next year's copy).
pub(super) fn insert_asset_logged(tx: &super::Writer<'_>, asset: &Asset) -> Result<Id> {
    let frame = <Asset as records::Stored>::FRAME
        .iter()
        .copied()
        .zip(<Asset as records::Stored>::frame_values(asset));
    tx.insert_logged("assets", super::bulk::record_values(asset, frame)?)
}

fn update_asset_row(conn: &rusqlite::Connection, asset: &Asset) -> Result<()> {
    records::update_stored(conn, asset)
}

impl Store {
    /// The checklist answers recorded for an assessment.
    pub fn prompt_answers(&self, assessment_id: Id) -> Result<Vec<crate::domain::PromptRecord>> {
        let mut statement = self.conn.prepare(
            "SELECT prompt, answer, note, asset_id FROM inventory_prompts WHERE assessment_id = ?1 ORDER BY prompt",
        )?;
        let rows = statement.query_map([assessment_id], |row| {
            Ok(crate::domain::PromptRecord {
                prompt: key(row, 0)?,
                answer: key(row, 1)?,
                note: row.get(2)?,
                asset_id: row.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Records (or changes) the answer to a checklist question. "Already recorded" names
    /// an asset of the same assessment; the other answers name none.
    pub fn answer_prompt(&mut self, assessment_id: Id, record: &crate::domain::PromptRecord) -> Result<()> {
        let asset_id = match (record.answer, record.asset_id) {
            (crate::domain::PromptAnswer::AlreadyRecorded, Some(asset_id)) => {
                let asset = self.asset(asset_id)?;
                if asset.assessment_id != assessment_id {
                    return Err(StoreError::Invalid(format!(
                        "{} is not in this assessment's inventory",
                        asset.name
                    )));
                }
                Some(asset_id)
            }
            (crate::domain::PromptAnswer::AlreadyRecorded, None) => {
                return Err(StoreError::Invalid(format!(
                    "{}: choose the asset already recorded",
                    record.prompt.label()
                )));
            }
            _ => None,
        };
        self.write(|tx| {
            tx.execute(
                "INSERT INTO inventory_prompts (assessment_id, prompt, answer, note, asset_id) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (assessment_id, prompt) DO UPDATE SET answer = ?3, note = ?4, asset_id = ?5",
                (assessment_id, record.prompt.key(), record.answer.key(), &record.note, asset_id),
            )?;
            Ok(())
        })
    }
}
