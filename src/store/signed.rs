//! The signed report kept in the workspace (`signed_reports`, schema 6): at a final
//! sign-off the exact bytes of the signed PDF and JSON, their signatures and the public
//! key are written in the same transaction as the sign-off itself, so the record and the
//! report it attests are both there or neither is. From then on the row is the signed
//! year's report: never updated, never deleted, and no second final sign-off is recorded
//! for its assessment (TEMP triggers, like the other guards in `carry`).

use rusqlite::{Connection, OptionalExtension, Row};

use super::carry::FINAL_MESSAGE;
use super::findings::insert_sign_off;
use super::{Result, Store, StoreError};
use crate::domain::{Id, SignOffRecord, SignedReport};

const COLUMNS: &str = "assessment_id, sign_off_id, public_key, paper, pdf, pdf_signature, json, json_signature";

fn from_row(row: &Row<'_>) -> rusqlite::Result<SignedReport> {
    Ok(SignedReport {
        assessment_id: row.get(0)?,
        sign_off_id: row.get(1)?,
        public_key: row.get(2)?,
        paper: row.get(3)?,
        pdf: row.get(4)?,
        pdf_signature: row.get(5)?,
        json: row.get(6)?,
        json_signature: row.get(7)?,
    })
}

/// The guards of a kept report: the row is written once, with the assessment's first
/// final sign-off, and never changes; once a report is kept, no other final sign-off of
/// its assessment is recorded (re-signing hands the kept one back instead).
pub(super) fn install_guards(conn: &Connection) -> Result<()> {
    conn.execute_batch(&format!(
        "CREATE TEMP TRIGGER IF NOT EXISTS hra_signed_report_update BEFORE UPDATE ON main.signed_reports
         BEGIN SELECT RAISE(ABORT, '{FINAL_MESSAGE}'); END;
         CREATE TEMP TRIGGER IF NOT EXISTS hra_signed_report_delete BEFORE DELETE ON main.signed_reports
         BEGIN SELECT RAISE(ABORT, '{FINAL_MESSAGE}'); END;
         CREATE TEMP TRIGGER IF NOT EXISTS hra_signed_report_insert BEFORE INSERT ON main.signed_reports
         WHEN NEW.sign_off_id IS NOT (SELECT min(id) FROM main.sign_offs WHERE assessment_id = NEW.assessment_id)
         BEGIN SELECT RAISE(ABORT, '{FINAL_MESSAGE}'); END;
         CREATE TEMP TRIGGER IF NOT EXISTS hra_second_sign_off BEFORE INSERT ON main.sign_offs
         WHEN EXISTS (SELECT 1 FROM main.signed_reports WHERE assessment_id = NEW.assessment_id)
         BEGIN SELECT RAISE(ABORT, '{FINAL_MESSAGE}'); END;"
    ))?;
    Ok(())
}

impl Store {
    /// The kept signed report of an assessment, if it was signed final by a version that
    /// keeps them (schema 6 on).
    pub fn signed_report(&self, assessment_id: Id) -> Result<Option<SignedReport>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM signed_reports WHERE assessment_id = ?1"),
                [assessment_id],
                from_row,
            )
            .optional()?)
    }

    /// Every kept signed report, by assessment (for the export).
    pub fn signed_reports(&self) -> Result<Vec<SignedReport>> {
        read_all(&self.conn)
    }

    /// Why a kept report is no longer what was signed (a signature that does not verify
    /// with its kept key, or bytes no sign-off of its assessment recorded), or None.
    pub fn kept_report_problem(&self, report: &SignedReport) -> Result<Option<String>> {
        let mut statement = self
            .conn
            .prepare("SELECT report_sha256 FROM sign_offs WHERE assessment_id = ?1 ORDER BY id")?;
        let recorded = statement
            .query_map([report.assessment_id], |row| row.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(super::signed_history::signed_report_problem(report, &recorded))
    }

    /// Records a final sign-off and keeps what it signed, in one transaction: the
    /// sign-off (its `log_head` taken here, the last change-log row before it) and the
    /// report's bytes, signatures and key. Returns the sign-off's id. The assessment is
    /// read-only from then on. `made_at` is the hash of the change-log row the report was
    /// made from: refused, recording nothing, when a record changed after it (a setting
    /// such as the remembered paper or the open year is not a record of the report).
    pub fn record_signed_report(&mut self, record: &SignOffRecord, report: &SignedReport, made_at: &str) -> Result<Id> {
        self.write(|tx| {
            let made_at_id: Option<i64> = tx
                .conn()
                .query_row("SELECT id FROM change_log WHERE hash = ?1", [made_at], |row| row.get(0))
                .optional()?;
            let changed: i64 = match made_at_id {
                Some(id) => tx.conn().query_row(
                    "SELECT count(*) FROM change_log WHERE id > ?1 AND entity <> 'settings'",
                    [id],
                    |row| row.get(0),
                )?,
                None => 1,
            };
            if changed > 0 {
                return Err(StoreError::Refused {
                    field: "sign",
                    message: "not signed: the workspace changed while the report was being made, so the report \
                              no longer shows it; nothing was recorded or written, export and sign again"
                        .to_string(),
                });
            }
            let head: Option<i64> = tx
                .conn()
                .query_row("SELECT max(id) FROM change_log", [], |row| row.get(0))?;
            let sign_off_id = insert_sign_off(
                tx.conn(),
                &SignOffRecord {
                    id: 0,
                    log_head: head.unwrap_or(0),
                    current: true,
                    ..record.clone()
                },
            )?;
            insert_signed_report(
                tx.conn(),
                &SignedReport {
                    sign_off_id,
                    ..report.clone()
                },
            )?;
            Ok(sign_off_id)
        })
    }
}

/// Every kept signed report, by assessment, on any connection to the file (the log check
/// reads them beside the replay).
pub(super) fn read_all(conn: &Connection) -> Result<Vec<SignedReport>> {
    let mut statement = conn.prepare(&format!("SELECT {COLUMNS} FROM signed_reports ORDER BY assessment_id"))?;
    let rows = statement.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Inserts a kept report as given. Used by the sign-off and by the restore of an export.
pub(super) fn insert_signed_report(conn: &Connection, report: &SignedReport) -> Result<()> {
    conn.execute(
        &format!("INSERT INTO signed_reports ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"),
        rusqlite::params![
            report.assessment_id,
            report.sign_off_id,
            report.public_key,
            report.paper,
            report.pdf,
            report.pdf_signature,
            report.json,
            report.json_signature,
        ],
    )?;
    Ok(())
}
