//! The records that resolve findings without changing the data they are about:
//! acknowledgments and coverage notes, and the final sign-offs that complete "Finalize
//! documentation". The domain decides what they resolve (`domain::findings`); here they
//! are saved, refused when the domain's rules say no, and logged.

use rusqlite::{Connection, OptionalExtension, Row};

use super::sql::{date, date_text};
use super::{Result, Store, StoreError};
use crate::domain::findings::{acknowledgment_problem, coverage_note_problem};
use crate::domain::{Acknowledgment, CoverageNote, Id, SignOffRecord};

fn acknowledgment_from_row(row: &Row<'_>) -> rusqlite::Result<Acknowledgment> {
    Ok(Acknowledgment {
        id: row.get(0)?,
        assessment_id: row.get(1)?,
        finding: row.get(2)?,
        person_id: row.get(3)?,
        acknowledged_on: date(row, 4)?,
        reason: row.get(5)?,
    })
}

fn coverage_note_from_row(row: &Row<'_>) -> rusqlite::Result<CoverageNote> {
    let risk_ids: String = row.get(1)?;
    Ok(CoverageNote {
        asset_id: row.get(0)?,
        risk_ids: serde_json::from_str(&risk_ids).map_err(|error| {
            rusqlite::Error::FromSqlConversionFailure(1, rusqlite::types::Type::Text, Box::new(error))
        })?,
        reason: row.get(2)?,
    })
}

const ACKNOWLEDGMENT_COLUMNS: &str = "id, assessment_id, finding, person_id, acknowledged_on, reason";

impl Store {
    /// The acknowledgments of an assessment, by id.
    pub fn acknowledgments(&self, assessment_id: Id) -> Result<Vec<Acknowledgment>> {
        let sql = format!("SELECT {ACKNOWLEDGMENT_COLUMNS} FROM acknowledgments WHERE assessment_id = ?1 ORDER BY id");
        let mut statement = self.conn.prepare(&sql)?;
        let rows = statement.query_map([assessment_id], acknowledgment_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Acknowledges a finding of the current data (who, when, why); returns the
    /// acknowledgment's id. A second acknowledgment of the same finding replaces the
    /// first. Refused, writing nothing, when the finding's rule may not be acknowledged,
    /// the person or the reason is missing, or no such finding is open in the workspace.
    pub fn acknowledge(&mut self, acknowledgment: &Acknowledgment) -> Result<Id> {
        if let Some((field, message)) = acknowledgment_problem(acknowledgment) {
            return Err(StoreError::Refused { field, message });
        }
        self.person(acknowledgment.person_id)?;
        let mut workspace = self.snapshot()?;
        if workspace.assessment_id != acknowledgment.assessment_id {
            workspace = self.snapshot_of(acknowledgment.assessment_id)?;
        }
        let exists = crate::domain::findings(
            &workspace,
            crate::catalog::Catalog::embedded(),
            acknowledgment.acknowledged_on,
        )
        .iter()
        .any(|finding| finding.key == acknowledgment.finding);
        if !exists {
            return Err(StoreError::Refused {
                field: "finding",
                message: format!("{}: no such finding in this assessment", acknowledgment.finding),
            });
        }
        let before = workspace
            .acknowledgments
            .iter()
            .find(|saved| saved.finding == acknowledgment.finding)
            .cloned();
        self.write(|tx| {
            if let Some(before) = &before {
                tx.execute("DELETE FROM acknowledgments WHERE id = ?1", [before.id])?;
            }
            let id = insert_acknowledgment(
                tx.conn(),
                &Acknowledgment {
                    id: 0,
                    ..acknowledgment.clone()
                },
            )?;
            Ok(id)
        })
    }

    /// Withdraws an acknowledgment: its finding opens again.
    pub fn withdraw_acknowledgment(&mut self, id: Id) -> Result<()> {
        let sql = format!("SELECT {ACKNOWLEDGMENT_COLUMNS} FROM acknowledgments WHERE id = ?1");
        self.conn
            .query_row(&sql, [id], acknowledgment_from_row)
            .optional()?
            .ok_or_else(|| StoreError::Missing {
                entity: "acknowledgment",
                id: id.to_string(),
            })?;
        self.write(|tx| {
            tx.execute("DELETE FROM acknowledgments WHERE id = ?1", [id])?;
            Ok(())
        })
    }

    /// The coverage notes on an assessment's assets, by asset id.
    pub fn coverage_notes(&self, assessment_id: Id) -> Result<Vec<CoverageNote>> {
        let mut statement = self.conn.prepare(
            "SELECT n.asset_id, n.risk_ids, n.reason FROM coverage_notes n JOIN assets a ON a.id = n.asset_id
             WHERE a.assessment_id = ?1 ORDER BY n.asset_id",
        )?;
        let rows = statement.query_map([assessment_id], coverage_note_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Saves (creates or replaces) the coverage note of an asset. Refused when it names
    /// no scenario, gives no reason, or names a scenario of another assessment.
    pub fn save_coverage_note(&mut self, note: &CoverageNote) -> Result<()> {
        if let Some((field, message)) = coverage_note_problem(note) {
            return Err(StoreError::Refused { field, message });
        }
        let asset = self.asset(note.asset_id)?;
        for risk_id in &note.risk_ids {
            let risk = self.risk(*risk_id)?;
            if risk.assessment_id != asset.assessment_id {
                return Err(StoreError::Refused {
                    field: "risk_ids",
                    message: format!("\"{}\": scenario #{risk_id} belongs to another assessment", asset.name),
                });
            }
        }
        self.write(|tx| write_coverage_note(tx.conn(), note))
    }

    /// Removes the coverage note of an asset, if it has one.
    pub fn delete_coverage_note(&mut self, asset_id: Id) -> Result<()> {
        if coverage_note(&self.conn, asset_id)?.is_none() {
            return Ok(());
        }
        self.write(|tx| {
            tx.execute("DELETE FROM coverage_notes WHERE asset_id = ?1", [asset_id])?;
            Ok(())
        })
    }

    /// The latest final sign-off of an assessment, with whether its signed report is still
    /// what it attests. A sign-off makes the assessment's own records read-only
    /// (store/carry.rs) and keeps the signed report (store/signed.rs), so nothing can make
    /// it out of date; for an older sign-off with no kept report, a change to the shared
    /// records (the practice, people and roles, evidence) after it can.
    pub fn latest_sign_off(&self, assessment_id: Id) -> Result<Option<SignOffRecord>> {
        let Some(mut record) = self
            .conn
            .query_row(
                "SELECT id, assessment_id, report_date, signed_at, signer, key_id, report_sha256, log_head
                 FROM sign_offs WHERE assessment_id = ?1 ORDER BY id DESC LIMIT 1",
                [assessment_id],
                sign_off_from_row,
            )
            .optional()?
        else {
            return Ok(None);
        };
        // A kept signed report is the record of what was signed: nothing done later changes
        // it. A sign-off from before reports were kept (schema 5) is current only while the
        // shared records it was rendered from are unchanged.
        let kept: bool = self.conn.query_row(
            "SELECT count(*) > 0 FROM signed_reports WHERE assessment_id = ?1",
            [assessment_id],
            |row| row.get(0),
        )?;
        let later: i64 = self.conn.query_row(
            "SELECT count(*) FROM change_log WHERE id > ?1 AND entity IN
                 ('practice', 'people', 'role_assignments', 'evidence', 'evidence_files', 'evidence_links')",
            [record.log_head],
            |row| row.get(0),
        )?;
        record.current = kept || later == 0;
        Ok(Some(record))
    }

    /// Every sign-off of every assessment, by id (for the export).
    pub fn sign_offs(&self, assessment_id: Id) -> Result<Vec<SignOffRecord>> {
        let mut statement = self.conn.prepare(
            "SELECT id, assessment_id, report_date, signed_at, signer, key_id, report_sha256, log_head
             FROM sign_offs WHERE assessment_id = ?1 ORDER BY id",
        )?;
        let rows = statement.query_map([assessment_id], sign_off_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Records that a final report of the assessment was signed; `log_head` is taken
    /// here, in the same transaction: the last change-log row before this one.
    pub fn record_sign_off(&mut self, record: &SignOffRecord) -> Result<Id> {
        self.write(|tx| {
            let head: Option<i64> = tx
                .conn()
                .query_row("SELECT max(id) FROM change_log", [], |row| row.get(0))?;
            let saved = SignOffRecord {
                id: 0,
                log_head: head.unwrap_or(0),
                current: true,
                ..record.clone()
            };
            insert_sign_off(tx.conn(), &saved)
        })
    }
}

fn sign_off_from_row(row: &Row<'_>) -> rusqlite::Result<SignOffRecord> {
    Ok(SignOffRecord {
        id: row.get(0)?,
        assessment_id: row.get(1)?,
        report_date: date(row, 2)?,
        signed_at: row.get(3)?,
        signer: row.get(4)?,
        key_id: row.get(5)?,
        report_sha256: row.get(6)?,
        log_head: row.get(7)?,
        current: false,
    })
}

fn coverage_note(conn: &Connection, asset_id: Id) -> Result<Option<CoverageNote>> {
    Ok(conn
        .query_row(
            "SELECT asset_id, risk_ids, reason FROM coverage_notes WHERE asset_id = ?1",
            [asset_id],
            coverage_note_from_row,
        )
        .optional()?)
}

/// Inserts an acknowledgment, keeping its id unless it is 0; returns the id. Used by
/// saving and by the restore of an export.
pub(super) fn insert_acknowledgment(conn: &Connection, acknowledgment: &Acknowledgment) -> Result<Id> {
    conn.execute(
        "INSERT INTO acknowledgments (id, assessment_id, finding, person_id, acknowledged_on, reason)
         VALUES (NULLIF(?1, 0), ?2, ?3, ?4, ?5, ?6)",
        rusqlite::params![
            acknowledgment.id,
            acknowledgment.assessment_id,
            acknowledgment.finding,
            acknowledgment.person_id,
            date_text(Some(acknowledgment.acknowledged_on)),
            acknowledgment.reason,
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Creates or replaces an asset's coverage note. Used by saving and by the restore.
pub(super) fn write_coverage_note(conn: &Connection, note: &CoverageNote) -> Result<()> {
    let risk_ids =
        serde_json::to_string(&note.risk_ids).map_err(|error| StoreError::Invalid(format!("risk ids: {error}")))?;
    conn.execute(
        "INSERT INTO coverage_notes (asset_id, risk_ids, reason) VALUES (?1, ?2, ?3)
         ON CONFLICT (asset_id) DO UPDATE SET risk_ids = ?2, reason = ?3",
        (note.asset_id, risk_ids, &note.reason),
    )?;
    Ok(())
}

/// Inserts a sign-off, keeping its id unless it is 0; returns the id.
pub(super) fn insert_sign_off(conn: &Connection, record: &SignOffRecord) -> Result<Id> {
    conn.execute(
        "INSERT INTO sign_offs (id, assessment_id, report_date, signed_at, signer, key_id, report_sha256, log_head)
         VALUES (NULLIF(?1, 0), ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        rusqlite::params![
            record.id,
            record.assessment_id,
            date_text(Some(record.report_date)),
            record.signed_at,
            record.signer,
            record.key_id,
            record.report_sha256,
            record.log_head,
        ],
    )?;
    Ok(conn.last_insert_rowid())
}
