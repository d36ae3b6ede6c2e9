//! The practice profile and assessments.

use rusqlite::OptionalExtension;

use super::records;
use super::sql::{date, date_text, key, optional_date};
use super::{Result, Store, StoreError};
use crate::domain::{Assessment, Id, Labeled, Methodology, Practice};

impl Store {
    pub fn practice(&self) -> Result<Practice> {
        let sql = format!("{} WHERE id = ?1", records::select::<Practice>(&[]));
        self.conn
            .query_row(&sql, [Practice::ROW], records::read)
            .optional()?
            .ok_or_else(|| StoreError::Invalid("the workspace has no practice profile".to_string()))
    }

    pub fn save_practice(&mut self, practice: &Practice) -> Result<()> {
        self.write(|tx| write_practice(tx.conn(), practice))
    }

    pub fn assessments(&self) -> Result<Vec<Assessment>> {
        let mut statement = self.conn.prepare(
            "SELECT id, title, period_start, period_end, assessor, matrix, carried_from, next_review, notes,
                 assumptions, information_sources, participants, data_collection, likelihood_basis,
                 reason, started_on, reason_incident_id, reason_note
             FROM assessments ORDER BY period_start, id",
        )?;
        let rows = statement.query_map([], |row| {
            let matrix: String = row.get(5)?;
            Ok(Assessment {
                id: row.get(0)?,
                title: row.get(1)?,
                period_start: date(row, 2)?,
                period_end: date(row, 3)?,
                assessor: row.get(4)?,
                matrix: serde_json::from_str(&matrix).map_err(|error| {
                    rusqlite::Error::FromSqlConversionFailure(5, rusqlite::types::Type::Text, Box::new(error))
                })?,
                carried_from: row.get(6)?,
                next_review: optional_date(row, 7)?,
                notes: row.get(8)?,
                methodology: Methodology {
                    assumptions: row.get(9)?,
                    information_sources: row.get(10)?,
                    participants: row.get(11)?,
                    data_collection: row.get(12)?,
                    likelihood_basis: key(row, 13)?,
                },
                reason: key(row, 14)?,
                started_on: optional_date(row, 15)?,
                reason_incident_id: row.get(16)?,
                reason_note: row.get(17)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn assessment(&self, id: Id) -> Result<Assessment> {
        self.assessments()?
            .into_iter()
            .find(|assessment| assessment.id == id)
            .ok_or_else(|| StoreError::Missing {
                entity: "assessment",
                id: id.to_string(),
            })
    }

    /// Saves the practice profile, the assessment's details and the assessor setting in
    /// one transaction: what the practice form edits together.
    pub fn save_profile(&mut self, practice: &Practice, assessment: &Assessment) -> Result<()> {
        if assessment.period_end < assessment.period_start {
            return Err(StoreError::Invalid(
                "the assessment period ends before it starts".to_string(),
            ));
        }
        let assessment_before = self.assessment(assessment.id)?;
        let assessment = Assessment {
            matrix: assessment_before.matrix.clone(),
            ..assessment.clone()
        };
        self.write(|tx| {
            write_practice(tx.conn(), practice)?;
            tx.execute(
                "UPDATE assessments SET title = ?2, period_start = ?3, period_end = ?4, assessor = ?5,
                     next_review = ?6, notes = ?7, reason = ?8 WHERE id = ?1",
                (
                    assessment.id,
                    &assessment.title,
                    date_text(Some(assessment.period_start)),
                    date_text(Some(assessment.period_end)),
                    &assessment.assessor,
                    date_text(assessment.next_review),
                    &assessment.notes,
                    assessment.reason.key(),
                ),
            )?;
            write_methodology(tx.conn(), assessment.id, &assessment.methodology)?;
            tx.execute(
                "INSERT INTO settings (key, value) VALUES ('assessor', ?1) ON CONFLICT (key) DO UPDATE SET value = ?1",
                [&assessment.assessor],
            )?;
            Ok(())
        })
    }

    pub fn add_assessment(&mut self, assessment: &Assessment) -> Result<Id> {
        let matrix = serde_json::to_string(&assessment.matrix)
            .map_err(|error| StoreError::Invalid(format!("matrix: {error}")))?;
        self.write(|tx| {
            tx.execute(
                "INSERT INTO assessments (title, period_start, period_end, assessor, matrix, carried_from,
                     next_review, notes, reason, started_on, reason_incident_id, reason_note)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                rusqlite::params![
                    &assessment.title,
                    date_text(Some(assessment.period_start)),
                    date_text(Some(assessment.period_end)),
                    &assessment.assessor,
                    &matrix,
                    assessment.carried_from,
                    date_text(assessment.next_review),
                    &assessment.notes,
                    assessment.reason.key(),
                    date_text(assessment.started_on),
                    assessment.reason_incident_id,
                    &assessment.reason_note,
                ],
            )?;
            let id = tx.last_insert_rowid();
            write_methodology(tx.conn(), id, &assessment.methodology)?;
            Ok(id)
        })
    }
}

/// Writes the practice's one row (id 1), creating it or replacing its values. Used by the
/// profile saves and by the restore of an export.
pub(super) fn write_practice(conn: &rusqlite::Connection, practice: &Practice) -> Result<()> {
    let exists: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM practice WHERE id = ?1)",
        [Practice::ROW],
        |row| row.get(0),
    )?;
    if exists {
        records::update(conn, practice, &[])
    } else {
        records::insert(conn, practice, &[]).map(|_| ())
    }
}

/// Writes an assessment's methodology columns. Used by the profile save, by adding an
/// assessment and by the restore of an export.
pub(super) fn write_methodology(
    conn: &rusqlite::Connection,
    assessment_id: Id,
    methodology: &Methodology,
) -> Result<()> {
    conn.execute(
        "UPDATE assessments SET assumptions = ?2, information_sources = ?3, participants = ?4,
             data_collection = ?5, likelihood_basis = ?6
         WHERE id = ?1",
        rusqlite::params![
            assessment_id,
            methodology.assumptions,
            methodology.information_sources,
            methodology.participants,
            methodology.data_collection,
            methodology.likelihood_basis.key(),
        ],
    )?;
    Ok(())
}
