//! Next year in the store: `assessment next` (the copy of the latest assessment, in one
//! transaction through the writer, so every copied row gets its change-log row), the
//! carry-forward marks and their confirmation, the assets retired this year, and the
//! signature that makes an assessment final and read-only.
//!
//! A signed report is recorded once, as a sign-off (`sign_offs`, store/findings.rs): the
//! first final sign-off of an assessment is its signature. Migration 005 folded migration
//! 004's `assessment_signatures` into it.
//!
//! Two rules are kept by TEMP triggers on the store's own connection (like the writer's
//! capture, they never reach the file): every change to a signed assessment's records is
//! refused with one line, and an edit of a carried record confirms it (a deleted record
//! loses its mark, so a later record given the same id is never taken for last year's). Triggers rather
//! than checks at each write site, so a write added later cannot forget them.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::Connection;

use super::findings::{insert_acknowledgment, insert_sign_off, write_coverage_note};
use super::inventory::insert_asset_logged;
use super::risk::{insert_action_logged, insert_risk_logged};
use super::safeguard::write_review;
use super::sql::{date, date_text, index_value, key, optional_index};
use super::{CURRENT_ASSESSMENT, Result, Store, StoreError};
use crate::domain::carry::carry_finding_key;
use crate::domain::{
    Acknowledgment, Action, AssessmentSignature, Asset, CarriedEntity, CarriedItem, CarrySummary, CoverageNote, Id,
    Labeled, RetiredAsset, Risk, SafeguardReview, SignOffRecord, StartReason, Workspace,
};

/// The one-line refusal for a change to a signed assessment. SQLite's RAISE takes a
/// literal, so the message cannot name the assessment; the commands add it.
pub const FINAL_MESSAGE: &str =
    "the assessment is final and signed, so its records cannot change; start the next one with `assessment next`";

/// How each guarded table finds the assessment of a row (`{row}` is NEW or OLD).
pub(super) const GUARDED: &[(&str, &str)] = &[
    ("assets", "{row}.assessment_id"),
    ("safeguard_reviews", "{row}.assessment_id"),
    ("risks", "{row}.assessment_id"),
    ("inventory_prompts", "{row}.assessment_id"),
    ("carried_items", "{row}.assessment_id"),
    ("acknowledgments", "{row}.assessment_id"),
    (
        "coverage_notes",
        "(SELECT assessment_id FROM main.assets WHERE id = {row}.asset_id)",
    ),
    (
        "retired_assets",
        "(SELECT assessment_id FROM main.assets WHERE id = {row}.asset_id)",
    ),
    (
        "risk_assets",
        "(SELECT assessment_id FROM main.risks WHERE id = {row}.risk_id)",
    ),
    ("actions", "{row}.assessment_id"),
    ("action_due_moves", "{row}.assessment_id"),
    ("incident_rescores", "{row}.assessment_id"),
    (
        "question_answers",
        "(SELECT assessment_id FROM main.safeguard_reviews WHERE id = {row}.review_id)",
    ),
    ("assessments", "{row}.id"),
    ("evidence_links", LINK_ASSESSMENT),
];

/// The assessment of an evidence link's target (`{row}` is the link): a risk's, an
/// action's (its own column), none for a safeguard item (those are the catalog's). The
/// evidence records are the practice's, but a link to a signed year's scenario or action
/// is part of that year's record.
pub(super) const LINK_ASSESSMENT: &str = "(CASE {row}.target
     WHEN 'risk' THEN (SELECT assessment_id FROM main.risks WHERE id = CAST({row}.target_ref AS INTEGER))
     WHEN 'action' THEN (SELECT assessment_id FROM main.actions WHERE id = CAST({row}.target_ref AS INTEGER))
     END)";

/// Which columns' update counts as editing a carried record (and so confirms it), and the
/// column that is the record's id in `carried_items`. An owner reassigned when a person
/// leaves is not a review of the record. An acknowledgment is written again by deleting
/// and inserting it (see `Store::acknowledge`): its mark goes with the old row.
/// The records described by their fields (assets, reviews, risks, actions) have their
/// columns derived in `confirming_columns`: the list here is left empty.
const CONFIRMING: &[(CarriedEntity, &str, &str, &str)] = &[
    (CarriedEntity::Asset, "assets", "", "id"),
    (CarriedEntity::Review, "safeguard_reviews", "", "id"),
    (CarriedEntity::Risk, "risks", "", "id"),
    (CarriedEntity::Action, "actions", "", "id"),
    (
        CarriedEntity::Acknowledgment,
        "acknowledgments",
        "finding, person_id, acknowledged_on, reason",
        "id",
    ),
    (
        CarriedEntity::CoverageNote,
        "coverage_notes",
        "risk_ids, reason",
        "asset_id",
    ),
];

/// Creates the guard and confirmation triggers on `conn` (once per connection).
pub(super) fn install_guards(conn: &Connection) -> Result<()> {
    let mut sql = String::new();
    for (table, assessment) in GUARDED {
        let signed = |row: &str| {
            format!(
                "EXISTS (SELECT 1 FROM main.sign_offs WHERE assessment_id = {})",
                assessment.replace("{row}", row)
            )
        };
        for (event, when) in [
            ("INSERT", signed("NEW")),
            ("UPDATE", format!("{} OR {}", signed("OLD"), signed("NEW"))),
            ("DELETE", signed("OLD")),
        ] {
            sql.push_str(&format!(
                "CREATE TEMP TRIGGER IF NOT EXISTS hra_final_{table}_{event} BEFORE {event} ON main.{table}
                 WHEN {when} BEGIN SELECT RAISE(ABORT, '{FINAL_MESSAGE}'); END;\n",
            ));
        }
    }
    // A signature is for good: a sign-off is neither edited nor removed.
    sql.push_str(&format!(
        "CREATE TEMP TRIGGER IF NOT EXISTS hra_final_signature_update BEFORE UPDATE ON main.sign_offs
         BEGIN SELECT RAISE(ABORT, '{FINAL_MESSAGE}'); END;
         CREATE TEMP TRIGGER IF NOT EXISTS hra_final_signature_delete BEFORE DELETE ON main.sign_offs
         BEGIN SELECT RAISE(ABORT, '{FINAL_MESSAGE}'); END;\n"
    ));
    for (entity, table, columns, id) in CONFIRMING {
        let columns = confirming_columns(*entity).unwrap_or_else(|| columns.to_string());
        let when = confirming_when(*entity);
        sql.push_str(&format!(
            "CREATE TEMP TRIGGER IF NOT EXISTS hra_confirm_{table} AFTER UPDATE OF {columns} ON main.{table}
             {when} BEGIN UPDATE main.carried_items SET confirmed = 1
                 WHERE entity = '{key}' AND record_id = NEW.{id} AND confirmed = 0;
             END;
             CREATE TEMP TRIGGER IF NOT EXISTS hra_uncarry_{table} AFTER DELETE ON main.{table}
             BEGIN DELETE FROM main.carried_items WHERE entity = '{key}' AND record_id = OLD.{id}; END;\n",
            key = entity.key()
        ));
    }
    conn.execute_batch(&sql)?;
    Ok(())
}

/// The columns whose update confirms a carried record described by its fields; None for
/// the others (their columns are listed in `CONFIRMING`). An owner reassigned when someone
/// leaves is not a review of the record, so people's fields never confirm.
/// - an asset: every other field;
/// - a safeguard review: every other field but the citation (which names the item);
/// - a risk: its rationale, when a save changes it (see `confirming_when`);
/// - an action: its title, due date, status and notes.
fn confirming_columns(entity: CarriedEntity) -> Option<String> {
    use crate::domain::record::{Field, ValueKind};
    use crate::domain::{ActionField, AssetField, ReviewField, RiskField};
    fn columns<F: Field>(fields: impl Iterator<Item = F>) -> String {
        fields
            .filter(|field| field.kind() != ValueKind::Person)
            .flat_map(|field| field.spec().columns.iter().copied())
            .collect::<Vec<_>>()
            .join(", ")
    }
    Some(match entity {
        CarriedEntity::Asset => columns(AssetField::ALL.iter().copied()),
        CarriedEntity::Review => columns(
            ReviewField::ALL
                .iter()
                .copied()
                .filter(|field| *field != ReviewField::Citation),
        ),
        CarriedEntity::Risk => columns([RiskField::LikelihoodRationale, RiskField::ImpactRationale].into_iter()),
        CarriedEntity::Action => columns(
            [
                ActionField::Title,
                ActionField::DueOn,
                ActionField::Status,
                ActionField::Notes,
            ]
            .into_iter(),
        ),
        _ => return None,
    })
}

/// The condition on a confirming update, empty for none. A carried scenario is confirmed
/// by a save that rewrites its rationale (re-read, and now explaining the rating as
/// saved), never by one that leaves last year's words: every save writes every column, so
/// a treatment, an owner or a re-score would otherwise pass for a re-reading. The rest
/// (confirming it as still right) is `Store::confirm_carried`; the finding it answers is
/// `scenario.not_confirmed` (`domain::findings`, rules/carried.rs).
fn confirming_when(entity: CarriedEntity) -> &'static str {
    match entity {
        CarriedEntity::Risk => {
            "WHEN NEW.likelihood_rationale IS NOT OLD.likelihood_rationale
                OR NEW.impact_rationale IS NOT OLD.impact_rationale"
        }
        _ => "",
    }
}

/// The table of a carry-forward mark's entity (`asset` gives `assets`), so a restore can
/// bring a record's mark back with it.
pub(super) fn carried_table(entity: &str) -> Option<&'static str> {
    CONFIRMING
        .iter()
        .find(|(carried, ..)| carried.key() == entity)
        .map(|(_, table, ..)| *table)
}

/// Whether a database error is the refusal of a change to a signed assessment.
pub(super) fn is_final_refusal(error: &rusqlite::Error) -> bool {
    error.to_string().contains(FINAL_MESSAGE)
}

/// What the user chose for the next assessment.
#[derive(Debug, Clone, Default)]
pub struct NextOptions {
    pub title: Option<String>,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub reason: StartReason,
    /// The incident that starts this off-cycle analysis: stored as its reason, and the
    /// scenarios it materialized are marked to score again.
    pub incident: Option<Id>,
    /// The reason in words (an "other" reason).
    pub note: String,
}

impl Store {
    /// Starts the next assessment from the latest one, in one transaction: the assessment,
    /// its assets but the retired ones (linked to last year's), its safeguard reviews (as
    /// "carried forward, confirm"), its risk scenarios (last year's scores kept beside,
    /// marked for re-scoring), the open actions (finished ones stay in last year's
    /// record), the evidence links of the risks and actions, and the acknowledgments and
    /// coverage notes (marked: they resolve nothing until confirmed); then opens it.
    /// People, roles and evidence records are the practice's and are shared, not copied.
    pub fn next_assessment(&mut self, options: &NextOptions, today: NaiveDate) -> Result<CarrySummary> {
        self.next_assessment_showing(options, today, &mut |_, _| {})
    }

    /// `next_assessment`, telling `progress` how far it is (0.0 to 1.0) and what it is
    /// doing, for a progress bar: a large inventory takes a moment to copy.
    pub fn next_assessment_showing(
        &mut self,
        options: &NextOptions,
        today: NaiveDate,
        progress: &mut dyn FnMut(f64, &str),
    ) -> Result<CarrySummary> {
        let latest = self.latest_assessment()?;
        self.next_assessment_from_showing(latest.id, options, today, progress)
    }

    /// The latest assessment: the one starting last (then the newest).
    pub fn latest_assessment(&self) -> Result<crate::domain::Assessment> {
        crate::domain::carry::latest(&self.assessments()?)
            .cloned()
            .ok_or_else(|| StoreError::Invalid("the workspace has no assessment".to_string()))
    }

    /// Starts the next assessment from `from` (see `next_assessment`). Refused, writing
    /// nothing, when a later assessment already follows it: the next one is started from
    /// that one.
    pub fn next_assessment_from(&mut self, from: Id, options: &NextOptions, today: NaiveDate) -> Result<CarrySummary> {
        self.next_assessment_from_showing(from, options, today, &mut |_, _| {})
    }

    /// A second connection to this workspace, for a write run on another thread while this
    /// store stays with the screens (the TUI starts next year on its worker). It takes no
    /// edit lock: this process holds it already, through this store, which must not write
    /// until that one is done (SQLite would make it wait). Refused while this store's data
    /// check has not passed, as a write through it would be; and for a store in memory.
    pub fn writer_beside(&self) -> Result<Store> {
        self.refuse_unchecked()?;
        if self._file.is_none() {
            return Err(StoreError::Invalid(
                "a workspace in memory has no second connection".to_string(),
            ));
        }
        let mut store = Store::configure(Store::connect(&self.path)?, &self.path, None)?;
        store.clock = self.clock;
        Ok(store)
    }

    /// `next_assessment_from`, telling `progress` how far it is (see
    /// `next_assessment_showing`).
    pub fn next_assessment_from_showing(
        &mut self,
        from: Id,
        options: &NextOptions,
        today: NaiveDate,
        progress: &mut dyn FnMut(f64, &str),
    ) -> Result<CarrySummary> {
        progress(0.0, "reading");
        let assessments = self.assessments()?;
        let latest = assessments
            .iter()
            .find(|assessment| assessment.id == from)
            .cloned()
            .ok_or_else(|| StoreError::Missing {
                entity: "assessment",
                id: from.to_string(),
            })?;
        if let Some(later) = crate::domain::carry::following(&assessments, &latest) {
            return Err(StoreError::Refused {
                field: "assessment",
                message: crate::domain::carry::already_followed(&latest, &later),
            });
        }
        let assessor = self.assessor()?;
        let mut next = crate::domain::carry::next_assessment(
            &latest,
            &assessor,
            today,
            options.title.as_deref(),
            options.start,
            options.end,
            options.reason,
        )
        .map_err(StoreError::Invalid)?;
        // An unknown incident is named here, not met later as a bare foreign-key error.
        if let Some(incident_id) = options.incident {
            self.incident_exists(incident_id)?;
        }
        next.reason_incident_id = options.incident;
        next.reason_note = options.note.trim().to_string();
        // Last year as the findings see it: its records are also what is copied (read
        // once: the assets, reviews, risks, actions, retired assets and notes are the
        // snapshot's).
        let last_year = self.snapshot_of(latest.id)?;
        let links = risk_and_action_links(&self.conn, latest.id)?;
        // Only the acknowledgments that resolve one of last year's findings: one whose
        // finding went away (the data was fixed) has nothing to carry.
        progress(0.1, "findings");
        let in_use: std::collections::HashSet<Id> =
            crate::domain::findings(&last_year, crate::catalog::Catalog::embedded(), today)
                .into_iter()
                .filter_map(|finding| finding.acknowledgment.map(|acknowledgment| acknowledgment.id))
                .collect();
        let Workspace {
            mut assets,
            reviews,
            risks,
            actions,
            mut acknowledgments,
            coverage_notes,
            retired,
            ..
        } = last_year;
        let retired: std::collections::HashSet<Id> = retired.iter().map(|retired| retired.asset_id).collect();
        assets.retain(|asset| !retired.contains(&asset.id));
        acknowledgments.retain(|acknowledgment| in_use.contains(&acknowledgment.id));
        self.add_next(
            &next,
            progress,
            Copied {
                assets,
                reviews,
                risks,
                actions,
                links,
                acknowledgments,
                coverage_notes,
            },
        )
    }

    fn add_next(
        &mut self,
        next: &crate::domain::Assessment,
        progress: &mut dyn FnMut(f64, &str),
        copied: Copied,
    ) -> Result<CarrySummary> {
        // Copying is most of the work, then the change log's rows (one per row written).
        let total = copied.assets.len()
            + copied.reviews.len()
            + copied.risks.len()
            + copied.actions.len()
            + copied.acknowledgments.len()
            + copied.coverage_notes.len();
        let mut done = 0usize;
        let mut copied_one = move |progress: &mut dyn FnMut(f64, &str)| {
            done += 1;
            if done.is_multiple_of(256) {
                progress(0.2 + 0.5 * done as f64 / total.max(1) as f64, "copying");
            }
        };
        let matrix =
            serde_json::to_string(&next.matrix).map_err(|error| StoreError::Invalid(format!("matrix: {error}")))?;
        self.write(|tx| {
            let conn = tx.conn();
            conn.execute(
                "INSERT INTO assessments (title, period_start, period_end, assessor, matrix, carried_from,
                     next_review, notes, reason, started_on, reason_incident_id, reason_note)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                rusqlite::params![
                    next.title,
                    date_text(Some(next.period_start)),
                    date_text(Some(next.period_end)),
                    next.assessor,
                    matrix,
                    next.carried_from,
                    date_text(next.next_review),
                    next.notes,
                    next.reason.key(),
                    date_text(next.started_on),
                    next.reason_incident_id,
                    next.reason_note,
                ],
            )?;
            let id = conn.last_insert_rowid();
            let mut summary = CarrySummary {
                assessment_id: id,
                ..CarrySummary::default()
            };
            let mut asset_ids = HashMap::new();
            for asset in &copied.assets {
                let new = insert_asset_logged(
                    tx,
                    &Asset {
                        id: 0,
                        assessment_id: id,
                        ..asset.clone()
                    },
                )?;
                asset_ids.insert(asset.id, new);
                mark_logged(tx, id, CarriedEntity::Asset, new, asset.id, None)?;
                summary.assets += 1;
                copied_one(progress);
            }
            for review in &copied.reviews {
                let new = write_review(
                    conn,
                    &SafeguardReview {
                        id: 0,
                        assessment_id: id,
                        ..review.clone()
                    },
                )?;
                mark_logged(tx, id, CarriedEntity::Review, new, review.id, None)?;
                summary.reviews += 1;
                copied_one(progress);
            }
            let mut risk_ids = HashMap::new();
            for risk in &copied.risks {
                let carried = Risk {
                    id: 0,
                    assessment_id: id,
                    asset_ids: risk
                        .asset_ids
                        .iter()
                        .filter_map(|old| asset_ids.get(old).copied())
                        .collect(),
                    ..risk.clone()
                };
                let new = insert_risk_logged(tx, &carried)?;
                risk_ids.insert(risk.id, new);
                mark_logged(
                    tx,
                    id,
                    CarriedEntity::Risk,
                    new,
                    risk.id,
                    Some((risk.likelihood, risk.impact)),
                )?;
                summary.risks += 1;
                copied_one(progress);
            }
            if let Some(incident_id) = next.reason_incident_id {
                super::incidents::mark_rescores(tx, id, incident_id, &risk_ids)?;
            }
            let mut action_ids = HashMap::new();
            for action in copied.actions.iter().filter(|action| action.status.is_open()) {
                // A risk action goes with its risk's copy; a standalone one (program work)
                // is carried on its own, into this year's plan.
                let risk_id = match action.risk_id {
                    Some(old) => match risk_ids.get(&old) {
                        Some(&new) => Some(new),
                        None => continue,
                    },
                    None => None,
                };
                // The asset it changes is this year's copy; none when that was not carried.
                let asset_id = action.asset_id.and_then(|old| asset_ids.get(&old).copied());
                let (asset_field, asset_value) = match asset_id {
                    Some(_) => (action.asset_field.clone(), action.asset_value.clone()),
                    None => (String::new(), String::new()),
                };
                let new = insert_action_logged(
                    tx,
                    &Action {
                        id: 0,
                        risk_id,
                        assessment_id: id,
                        asset_id,
                        asset_field,
                        asset_value,
                        ..action.clone()
                    },
                )?;
                // The action keeps its due date, and the history of how it got there.
                super::due_moves::insert(conn, new, &action.due_moves, false)?;
                action_ids.insert(action.id, new);
                mark_logged(tx, id, CarriedEntity::Action, new, action.id, None)?;
                summary.actions += 1;
                copied_one(progress);
            }
            for (evidence_id, target, old) in &copied.links {
                let new = match target.as_str() {
                    "risk" => old.parse().ok().and_then(|old: Id| risk_ids.get(&old)),
                    _ => old.parse().ok().and_then(|old: Id| action_ids.get(&old)),
                };
                if let Some(new) = new {
                    conn.prepare_cached(
                        "INSERT OR IGNORE INTO evidence_links (evidence_id, target, target_ref) VALUES (?1, ?2, ?3)",
                    )?
                    .execute((evidence_id, target, new.to_string()))?;
                    summary.evidence_links += 1;
                }
            }
            for acknowledgment in &copied.acknowledgments {
                // Its finding names this year's copies; one naming a record that was not
                // carried (a finished action) has nothing left to resolve.
                let Some(finding) = carry_finding_key(&acknowledgment.finding, &asset_ids, &risk_ids, &action_ids)
                else {
                    continue;
                };
                let new = insert_acknowledgment(
                    conn,
                    &Acknowledgment {
                        id: 0,
                        assessment_id: id,
                        finding,
                        ..acknowledgment.clone()
                    },
                )?;
                mark_logged(tx, id, CarriedEntity::Acknowledgment, new, acknowledgment.id, None)?;
                summary.acknowledgments += 1;
                copied_one(progress);
            }
            for note in &copied.coverage_notes {
                let Some(&asset_id) = asset_ids.get(&note.asset_id) else {
                    continue;
                };
                write_coverage_note(
                    conn,
                    &CoverageNote {
                        asset_id,
                        risk_ids: note
                            .risk_ids
                            .iter()
                            .filter_map(|old| risk_ids.get(old).copied())
                            .collect(),
                        reason: note.reason.clone(),
                    },
                )?;
                mark_logged(tx, id, CarriedEntity::CoverageNote, asset_id, note.asset_id, None)?;
                summary.coverage_notes += 1;
                copied_one(progress);
            }
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2",
                (CURRENT_ASSESSMENT, id.to_string()),
            )?;
            progress(0.7, "recording");
            Ok(summary)
        })
    }

    /// The carry-forward marks of an assessment.
    pub fn carried_items(&self, assessment_id: Id) -> Result<Vec<CarriedItem>> {
        let mut statement = self.conn.prepare(
            "SELECT entity, record_id, previous_id, previous_likelihood, previous_impact, confirmed
             FROM carried_items WHERE assessment_id = ?1 ORDER BY entity, record_id",
        )?;
        let rows = statement.query_map([assessment_id], |row| {
            Ok(CarriedItem {
                entity: key(row, 0)?,
                record_id: row.get(1)?,
                previous_id: row.get(2)?,
                previous_likelihood: optional_index(row, 3)?,
                previous_impact: optional_index(row, 4)?,
                confirmed: row.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Confirms a carried record unchanged ("still true this year").
    pub fn confirm_carried(&mut self, entity: CarriedEntity, record_id: Id) -> Result<()> {
        let changed = self.write(|tx| {
            tx.execute(
                "UPDATE carried_items SET confirmed = 1 WHERE entity = ?1 AND record_id = ?2 AND confirmed = 0",
                (entity.key(), record_id),
            )
        })?;
        match changed {
            0 => Err(StoreError::Invalid(format!(
                "{} {record_id} is not waiting for confirmation",
                entity.label().to_lowercase()
            ))),
            _ => Ok(()),
        }
    }

    /// Every signed assessment's signature: its first final sign-off (the one that made
    /// it read-only; a later one signs the same records again).
    pub fn signatures(&self) -> Result<Vec<AssessmentSignature>> {
        let mut statement = self.conn.prepare(
            "SELECT assessment_id, report_date, key_id, report_sha256 FROM sign_offs
             WHERE id IN (SELECT min(id) FROM sign_offs GROUP BY assessment_id)
             ORDER BY assessment_id",
        )?;
        let rows = statement.query_map([], |row| {
            Ok(AssessmentSignature {
                assessment_id: row.get(0)?,
                signed_on: date(row, 1)?,
                key_id: row.get(2)?,
                report_sha256: row.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The signature of one assessment, if a final report of it was signed.
    pub fn signature_of(&self, assessment_id: Id) -> Result<Option<AssessmentSignature>> {
        Ok(self
            .signatures()?
            .into_iter()
            .find(|signature| signature.assessment_id == assessment_id))
    }

    /// The assets of an assessment retired this year.
    pub fn retired_assets(&self, assessment_id: Id) -> Result<Vec<RetiredAsset>> {
        let mut statement = self.conn.prepare(
            "SELECT r.asset_id, r.retired_on FROM retired_assets r JOIN assets a ON a.id = r.asset_id
             WHERE a.assessment_id = ?1 ORDER BY r.asset_id",
        )?;
        let rows = statement.query_map([assessment_id], |row| {
            Ok(RetiredAsset {
                asset_id: row.get(0)?,
                retired_on: date(row, 1)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Retires assets of the open assessment (one transaction: all or none): they stay,
    /// with last year's record behind them, but leave this year's scope. Refused, writing
    /// nothing, for an asset of another assessment, one not carried forward from last year
    /// (a new one is deleted instead) or one already retired.
    pub fn retire_assets(&mut self, asset_ids: &[Id], today: NaiveDate) -> Result<Vec<String>> {
        let current = self.current_assessment_id()?;
        let retired = self.retired_assets(current)?;
        let carried = self.carried_items(current)?;
        let mut names = Vec::with_capacity(asset_ids.len());
        for id in asset_ids {
            let asset = self.asset(*id)?;
            if asset.assessment_id != current {
                return Err(StoreError::Refused {
                    field: "asset",
                    message: format!("asset {id} (\"{}\") is not in the open assessment", asset.name),
                });
            }
            if !carried
                .iter()
                .any(|item| item.entity == CarriedEntity::Asset && item.record_id == *id)
            {
                return Err(StoreError::Refused {
                    field: "asset",
                    message: format!(
                        "asset {id} (\"{}\") was not carried forward from last year: delete it instead",
                        asset.name
                    ),
                });
            }
            if retired.iter().any(|retired| retired.asset_id == *id) {
                return Err(StoreError::Refused {
                    field: "asset",
                    message: format!("asset {id} (\"{}\") is already retired", asset.name),
                });
            }
            names.push(asset.name);
        }
        self.write(|tx| {
            for id in asset_ids {
                tx.execute(
                    "INSERT INTO retired_assets (asset_id, retired_on) VALUES (?1, ?2)
                     ON CONFLICT (asset_id) DO NOTHING",
                    (id, date_text(Some(today))),
                )?;
            }
            Ok(())
        })?;
        Ok(names)
    }

    /// The assets carried forward into the open assessment that are not retired and
    /// whose ids are not in `seen`: last year's assets an inventory refresh did not list.
    pub fn carried_assets_not_seen(&self, assessment_id: Id, seen: &[Id]) -> Result<Vec<(Id, String)>> {
        use std::collections::HashSet;
        let carried: HashSet<Id> = self
            .carried_items(assessment_id)?
            .into_iter()
            .filter(|item| item.entity == CarriedEntity::Asset)
            .map(|item| item.record_id)
            .collect();
        // A year started afresh (a first import) has nothing carried: no assets to read.
        if carried.is_empty() {
            return Ok(Vec::new());
        }
        let retired: HashSet<Id> = self
            .retired_assets(assessment_id)?
            .into_iter()
            .map(|retired| retired.asset_id)
            .collect();
        let seen: HashSet<Id> = seen.iter().copied().collect();
        Ok(self
            .assets(assessment_id)?
            .into_iter()
            .filter(|asset| carried.contains(&asset.id) && !retired.contains(&asset.id) && !seen.contains(&asset.id))
            .map(|asset| (asset.id, asset.name))
            .collect())
    }
}

/// The tables whose rows name their assessment in an `assessment_id` column.
const OWN_TABLES: &[&str] = &[
    "assets",
    "inventory_prompts",
    "safeguard_reviews",
    "risks",
    "acknowledgments",
    "carried_items",
    "sign_offs",
    "signed_reports",
    "action_due_moves",
    "actions",
];

/// The tables whose rows belong to an assessment through one of its records, and the
/// column naming the record (checked against the ids in `?N`).
const RECORD_TABLES: &[(&str, &str, &str)] = &[
    ("question_answers", "review_id", "?3"),
    ("risk_assets", "risk_id", "?5"),
    ("risk_assets", "asset_id", "?4"),
    // Rows written before schema 12 name no assessment: found by their risk or id.
    ("actions", "risk_id", "?5"),
    ("actions", "id", "?6"),
    ("coverage_notes", "asset_id", "?4"),
    ("retired_assets", "asset_id", "?4"),
];

impl Store {
    /// Removes a draft year started by mistake, in one transaction through the writer (so
    /// the change log records every deleted row): the assessment and its assets, safeguard
    /// reviews and their answers, scenarios with their assets, actions, the evidence links
    /// to its scenarios and actions (the evidence records are the practice's and stay),
    /// acknowledgments, coverage notes, retired assets, inventory-prompt answers and
    /// carry-forward marks. If it was open, the latest remaining one is opened.
    ///
    /// Refused, writing nothing, when it is the only assessment, when it is signed, when
    /// another was carried forward from it, or when it has changed since it was started
    /// (see `changed_since_started`).
    pub fn remove_assessment(&mut self, id: Id) -> Result<crate::domain::carry::RemovedYear> {
        let assessments = self.assessments()?;
        let year = assessments
            .iter()
            .find(|assessment| assessment.id == id)
            .cloned()
            .ok_or_else(|| StoreError::Missing {
                entity: "assessment",
                id: id.to_string(),
            })?;
        let refuse = |why: String| {
            Err(StoreError::Refused {
                field: "assessment",
                message: format!("assessment {id} (\"{}\") {why}; nothing was removed", year.title),
            })
        };
        if assessments.len() == 1 {
            return refuse("is the only assessment".to_string());
        }
        if self.signature_of(id)?.is_some() {
            return refuse("is signed, and a signed year stays as it was signed".to_string());
        }
        if let Some(next) = assessments.iter().find(|other| other.carried_from == Some(id)) {
            return refuse(format!(
                "was carried forward into assessment {} (\"{}\"); remove that one first",
                next.id, next.title
            ));
        }
        if let Some(why) = self.changed_since_started(id)? {
            return refuse(why);
        }
        let current = self.current_assessment_id()?;
        let remaining: Vec<crate::domain::Assessment> = assessments
            .into_iter()
            .filter(|assessment| assessment.id != id)
            .collect();
        let open = match remaining.iter().find(|assessment| assessment.id == current) {
            Some(open) => open.clone(),
            None => crate::domain::carry::latest(&remaining)
                .cloned()
                .ok_or_else(|| StoreError::Invalid("the workspace has no assessment".to_string()))?,
        };
        let rows = self.write(|tx| {
            let mut rows = 0;
            // The marks first: deleting a marked record deletes its mark by trigger, which
            // the count would miss (the change log has it either way).
            for sql in [
                "DELETE FROM carried_items WHERE assessment_id = ?1",
                "DELETE FROM evidence_links
                 WHERE (target = 'risk' AND target_ref IN
                           (SELECT CAST(id AS TEXT) FROM risks WHERE assessment_id = ?1))
                    OR (target = 'action' AND target_ref IN
                           (SELECT CAST(id AS TEXT) FROM actions WHERE assessment_id = ?1))",
                "DELETE FROM coverage_notes WHERE asset_id IN (SELECT id FROM assets WHERE assessment_id = ?1)",
                "DELETE FROM retired_assets WHERE asset_id IN (SELECT id FROM assets WHERE assessment_id = ?1)",
                "DELETE FROM acknowledgments WHERE assessment_id = ?1",
                "DELETE FROM action_due_moves WHERE assessment_id = ?1",
                "DELETE FROM actions WHERE assessment_id = ?1",
                "DELETE FROM risk_assets WHERE risk_id IN (SELECT id FROM risks WHERE assessment_id = ?1)",
                "DELETE FROM risks WHERE assessment_id = ?1",
                "DELETE FROM question_answers
                 WHERE review_id IN (SELECT id FROM safeguard_reviews WHERE assessment_id = ?1)",
                "DELETE FROM safeguard_reviews WHERE assessment_id = ?1",
                "DELETE FROM inventory_prompts WHERE assessment_id = ?1",
                "DELETE FROM assets WHERE assessment_id = ?1",
                "DELETE FROM assessments WHERE id = ?1",
            ] {
                rows += tx.execute(sql, [id])?;
            }
            if current == id {
                tx.execute(
                    "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2",
                    (CURRENT_ASSESSMENT, open.id.to_string()),
                )?;
            }
            Ok(rows)
        })?;
        Ok(crate::domain::carry::RemovedYear {
            assessment_id: id,
            title: year.title,
            rows,
            open_id: open.id,
            open_title: open.title,
        })
    }

    /// Why an assessment counts as changed since it was started, if it does. It is
    /// unchanged when, in the change log:
    ///
    /// 1. its start is there: the latest row creating the `assessments` row of its id, and
    ///    the first row after it that sets the `settings` row `current_assessment` to its
    ///    id (what `assessment next` writes last), with every row from the one to the other
    ///    of one time and one author (one transaction); and
    /// 2. no row after that touches one of its records: the `assessments` row of its id;
    ///    a row of assets, inventory_prompts, safeguard_reviews, risks, acknowledgments,
    ///    carried_items, sign_offs or signed_reports whose image before or after names it
    ///    (`assessment_id`); a row of question_answers, risk_assets, actions,
    ///    coverage_notes or retired_assets naming one of its reviews, scenarios, actions or
    ///    assets; an evidence link to one of its scenarios or actions.
    ///
    /// So a confirmation, an edit, an added or deleted record or an answer all count;
    /// opening it (the `current_assessment` setting) and changes to the practice's shared
    /// records (people, evidence) do not.
    fn changed_since_started(&self, id: Id) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        let start: Option<(i64, String, String)> = self
            .conn
            .query_row(
                "SELECT id, at, actor FROM change_log
                 WHERE entity = 'assessments' AND entity_id = ?1 AND operation = 'create'
                 ORDER BY id DESC LIMIT 1",
                [id.to_string()],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .optional()?;
        let Some((first, at, actor)) = start else {
            return Ok(Some(
                "has no start in the change log, so it cannot be shown unchanged".to_string(),
            ));
        };
        let last: Option<i64> = self.conn.query_row(
            "SELECT min(id) FROM change_log
             WHERE id > ?1 AND entity = 'settings' AND entity_id = ?2 AND json_extract(after, '$.value') = ?3",
            (first, CURRENT_ASSESSMENT, id.to_string()),
            |row| row.get(0),
        )?;
        let Some(last) = last else {
            return Ok(Some("was not started by `assessment next`".to_string()));
        };
        let split: bool = self.conn.query_row(
            "SELECT count(*) > 0 FROM change_log WHERE id BETWEEN ?1 AND ?2 AND (at <> ?3 OR actor <> ?4)",
            (first, last, &at, &actor),
            |row| row.get(0),
        )?;
        if split {
            return Ok(Some(format!(
                "was not started in one `assessment next` transaction (change-log rows {first} to {last})"
            )));
        }
        let ids = |sql: &str| -> Result<String> {
            let mut statement = self.conn.prepare(sql)?;
            let ids = statement
                .query_map([id], |row| row.get::<_, Id>(0))?
                .collect::<rusqlite::Result<Vec<Id>>>()?;
            Ok(serde_json::Value::from(ids).to_string())
        };
        let reviews = ids("SELECT id FROM safeguard_reviews WHERE assessment_id = ?1")?;
        let assets = ids("SELECT id FROM assets WHERE assessment_id = ?1")?;
        let risks = ids("SELECT id FROM risks WHERE assessment_id = ?1")?;
        let actions = ids("SELECT id FROM actions WHERE assessment_id = ?1")?;
        let image = |column: &str, list: &str| {
            format!(
                "json_extract(before, '$.{column}') IN (SELECT value FROM json_each({list}))
                 OR json_extract(after, '$.{column}') IN (SELECT value FROM json_each({list}))"
            )
        };
        let mut touches = vec![
            "(entity = 'assessments' AND entity_id = CAST(?2 AS TEXT))".to_string(),
            format!(
                "(entity IN ({}) AND ({}))",
                OWN_TABLES
                    .iter()
                    .map(|table| format!("'{table}'"))
                    .collect::<Vec<_>>()
                    .join(", "),
                "json_extract(before, '$.assessment_id') = ?2 OR json_extract(after, '$.assessment_id') = ?2"
            ),
        ];
        for (table, column, list) in RECORD_TABLES {
            touches.push(format!("(entity = '{table}' AND ({}))", image(column, list)));
        }
        for (target, list) in [("risk", "?5"), ("action", "?6")] {
            for side in ["before", "after"] {
                touches.push(format!(
                    "(entity = 'evidence_links' AND json_extract({side}, '$.target') = '{target}'
                      AND json_extract({side}, '$.target_ref') IN (SELECT CAST(value AS TEXT) FROM json_each({list})))"
                ));
            }
        }
        let touched: Option<(i64, String, String, String)> = self
            .conn
            .query_row(
                &format!(
                    "SELECT id, operation, entity, entity_id FROM change_log
                     WHERE id > ?1 AND ({}) ORDER BY id LIMIT 1",
                    touches.join("\n OR ")
                ),
                rusqlite::params![last, id, reviews, assets, risks, actions],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
            )
            .optional()?;
        Ok(touched.map(|(row, operation, entity, entity_id)| {
            format!(
                "has changed since it was started (change-log row {row}: {operation} of {entity} {entity_id}); \
                 only a year nobody has worked on can be removed"
            )
        }))
    }
}

/// What `next` copies, read before its transaction.
struct Copied {
    assets: Vec<Asset>,
    reviews: Vec<SafeguardReview>,
    risks: Vec<Risk>,
    actions: Vec<Action>,
    /// (evidence id, target, old target ref) of the links to the assessment's risks and
    /// actions; links to a safeguard name a citation and so already hold for every year.
    links: Vec<(Id, String, String)>,
    acknowledgments: Vec<Acknowledgment>,
    coverage_notes: Vec<CoverageNote>,
}

fn risk_and_action_links(conn: &Connection, assessment_id: Id) -> Result<Vec<(Id, String, String)>> {
    let mut statement = conn.prepare(
        "SELECT l.evidence_id, l.target, l.target_ref FROM evidence_links l
         WHERE (l.target = 'risk' AND l.target_ref IN
                   (SELECT CAST(id AS TEXT) FROM risks WHERE assessment_id = ?1))
            OR (l.target = 'action' AND l.target_ref IN
                   (SELECT CAST(id AS TEXT) FROM actions WHERE assessment_id = ?1))
         ORDER BY l.evidence_id, l.target, l.target_ref",
    )?;
    let rows = statement.query_map([assessment_id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Marks a copied record as carried forward (a risk keeps last year's scores), through the
/// writer's bulk path (`Writer::insert_logged`): the mark's change-log row made from the
/// values bound, not by the capture trigger (`assessment next` marks every record it
/// copies).
fn mark_logged(
    tx: &super::Writer<'_>,
    assessment_id: Id,
    entity: CarriedEntity,
    record_id: Id,
    previous_id: Id,
    scores: Option<(Option<usize>, Option<usize>)>,
) -> Result<()> {
    use rusqlite::types::Value;
    let (likelihood, impact) = scores.unwrap_or((None, None));
    let score = |index: Option<usize>| index_value(index).map_or(Value::Null, Value::Integer);
    tx.insert_logged(
        "carried_items",
        vec![
            ("assessment_id", Value::Integer(assessment_id)),
            ("entity", Value::Text(entity.key().to_string())),
            ("record_id", Value::Integer(record_id)),
            ("previous_id", Value::Integer(previous_id)),
            ("previous_likelihood", score(likelihood)),
            ("previous_impact", score(impact)),
        ],
    )?;
    Ok(())
}

/// Restores an exported carry-forward mark as it was (confirmed or not).
pub(super) fn insert_carried_item(conn: &Connection, assessment_id: Id, item: &CarriedItem) -> Result<()> {
    conn.execute(
        "INSERT INTO carried_items (assessment_id, entity, record_id, previous_id, previous_likelihood,
             previous_impact, confirmed)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        rusqlite::params![
            assessment_id,
            item.entity.key(),
            item.record_id,
            item.previous_id,
            index_value(item.previous_likelihood),
            index_value(item.previous_impact),
            item.confirmed
        ],
    )?;
    Ok(())
}

/// Restores the signature of a final assessment from an export written before migration
/// 005 (which kept it apart from the sign-offs): it becomes the assessment's sign-off
/// unless the export has one already.
pub(super) fn insert_signature(conn: &Connection, signature: &AssessmentSignature) -> Result<()> {
    let signed: bool = conn.query_row(
        "SELECT count(*) > 0 FROM sign_offs WHERE assessment_id = ?1",
        [signature.assessment_id],
        |row| row.get(0),
    )?;
    if signed {
        return Ok(());
    }
    insert_sign_off(
        conn,
        &SignOffRecord {
            id: 0,
            assessment_id: signature.assessment_id,
            report_date: signature.signed_on,
            signed_at: format!("{}T00:00:00Z", signature.signed_on),
            signer: String::new(),
            key_id: signature.key_id.clone(),
            report_sha256: signature.report_sha256.clone(),
            log_head: 0,
            current: false,
        },
    )?;
    Ok(())
}
