//! Security incidents with their breach assessments, timelines and links to the assets
//! and scenarios they involved. Program records: no assessment id, so their rows are the
//! digest's shared part, and the change log, `log verify`, undo and replay read them like
//! any table.

use chrono::NaiveDate;
use rusqlite::Row;
use rusqlite::types::Value as Sql;

use super::records::{self, Stored};
use super::sql::key;
use super::{Result, Store, StoreError, Writer};
use crate::domain::breach::conclusion_problem;
use crate::domain::incident::{Incident, IncidentStatus, RescoreMark, TimelineEntry, TimelineKind};
use crate::domain::{Id, Labeled};

impl Stored for Incident {
    const FRAME: &'static [&'static str] = &[];

    fn frame_values(&self) -> Vec<Sql> {
        Vec::new()
    }

    fn read_frame(&mut self, _row: &Row<'_>) -> rusqlite::Result<()> {
        Ok(())
    }
}

fn entry_from_row(row: &Row<'_>) -> rusqlite::Result<(Id, TimelineEntry)> {
    let on: String = row.get(2)?;
    let on = NaiveDate::parse_from_str(&on, "%Y-%m-%d").map_err(|_| {
        rusqlite::Error::FromSqlConversionFailure(
            2,
            rusqlite::types::Type::Text,
            format!("incident_events.on_date: bad date `{on}`").into(),
        )
    })?;
    Ok((
        row.get(1)?,
        TimelineEntry {
            id: row.get(0)?,
            on,
            kind: key(row, 3)?,
            note: row.get(4)?,
        },
    ))
}

/// Refuses what the rules refuse before anything is written: a blank title, a
/// conclusion nothing supports.
fn check(incident: &Incident) -> Result<()> {
    if incident.title.trim().is_empty() {
        return Err(StoreError::Refused {
            field: "title",
            message: "An incident needs a title".to_string(),
        });
    }
    if let Some(problem) = conclusion_problem(incident) {
        return Err(StoreError::Refused {
            field: "conclusion",
            message: problem,
        });
    }
    Ok(())
}

fn insert_entry(tx: &Writer<'_>, incident_id: Id, entry: &TimelineEntry) -> Result<Id> {
    tx.execute(
        "INSERT INTO incident_events (incident_id, on_date, kind, note) VALUES (?1, ?2, ?3, ?4)",
        rusqlite::params![incident_id, entry.on.to_string(), entry.kind.key(), entry.note],
    )?;
    Ok(tx.last_insert_rowid())
}

fn replace_links(tx: &Writer<'_>, incident_id: Id, asset_ids: &[Id], risk_ids: &[Id]) -> Result<()> {
    tx.execute("DELETE FROM incident_assets WHERE incident_id = ?1", [incident_id])?;
    tx.execute("DELETE FROM incident_risks WHERE incident_id = ?1", [incident_id])?;
    for asset_id in asset_ids {
        tx.execute(
            "INSERT OR IGNORE INTO incident_assets (incident_id, asset_id) VALUES (?1, ?2)",
            [incident_id, *asset_id],
        )?;
    }
    for risk_id in risk_ids {
        tx.execute(
            "INSERT OR IGNORE INTO incident_risks (incident_id, scenario_id) VALUES (?1, ?2)",
            [incident_id, *risk_id],
        )?;
    }
    Ok(())
}

/// Inserts a whole incident (fields, links, timeline) in an open write: the demo's and
/// the restore's way in. Returns its id.
pub(super) fn insert_incident(tx: &Writer<'_>, incident: &Incident) -> Result<Id> {
    check(incident)?;
    let id = records::insert_stored(tx.conn(), incident)?;
    replace_links(tx, id, &incident.asset_ids, &incident.risk_ids)?;
    for entry in &incident.timeline {
        insert_entry(tx, id, entry)?;
    }
    Ok(id)
}

/// Marks the copies (`copies`: last year's scenario id to this year's) of the scenarios
/// the incident materialized, to score again in the analysis it started; returns how many.
pub(super) fn mark_rescores(
    tx: &Writer<'_>,
    assessment_id: Id,
    incident_id: Id,
    copies: &std::collections::HashMap<Id, Id>,
) -> Result<usize> {
    let linked: Vec<Id> = {
        let mut statement = tx
            .conn()
            .prepare("SELECT scenario_id FROM incident_risks WHERE incident_id = ?1 ORDER BY scenario_id")?;
        let rows = statement.query_map([incident_id], |row| row.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut marked = 0;
    for risk_id in linked.iter().filter_map(|old| copies.get(old)) {
        tx.execute(
            "INSERT OR IGNORE INTO incident_rescores (assessment_id, risk_id, incident_id) VALUES (?1, ?2, ?3)",
            [assessment_id, *risk_id, incident_id],
        )?;
        marked += 1;
    }
    Ok(marked)
}

impl Store {
    /// The scenarios of an assessment marked to score again after an incident.
    pub fn rescores(&self, assessment_id: Id) -> Result<Vec<RescoreMark>> {
        let mut statement = self.conn.prepare(
            "SELECT assessment_id, risk_id, incident_id FROM incident_rescores WHERE assessment_id = ?1
             ORDER BY risk_id, incident_id",
        )?;
        let rows = statement.query_map([assessment_id], |row| {
            Ok(RescoreMark {
                assessment_id: row.get(0)?,
                risk_id: row.get(1)?,
                incident_id: row.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every assessment's re-score marks, for the export.
    pub fn all_rescores(&self) -> Result<Vec<RescoreMark>> {
        let mut marks = Vec::new();
        for assessment in self.assessments()? {
            marks.extend(self.rescores(assessment.id)?);
        }
        Ok(marks)
    }

    /// Every incident with its links and timeline, by discovery date (then id).
    pub fn incidents(&self) -> Result<Vec<Incident>> {
        let mut incidents: Vec<Incident> = self.records::<Incident>(None)?;
        let mut statement = self
            .conn
            .prepare("SELECT id, incident_id, on_date, kind, note FROM incident_events ORDER BY on_date, id")?;
        let entries = statement
            .query_map([], entry_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let links = |sql: &str| -> Result<Vec<(Id, Id)>> {
            let mut statement = self.conn.prepare(sql)?;
            let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        };
        let assets = links("SELECT incident_id, asset_id FROM incident_assets ORDER BY asset_id")?;
        let risks = links("SELECT incident_id, scenario_id FROM incident_risks ORDER BY scenario_id")?;
        for incident in &mut incidents {
            incident.timeline = entries
                .iter()
                .filter(|(of, _)| *of == incident.id)
                .map(|(_, entry)| entry.clone())
                .collect();
            incident.asset_ids = assets
                .iter()
                .filter(|(of, _)| *of == incident.id)
                .map(|(_, id)| *id)
                .collect();
            incident.risk_ids = risks
                .iter()
                .filter(|(of, _)| *of == incident.id)
                .map(|(_, id)| *id)
                .collect();
        }
        incidents.sort_by_key(|incident| (incident.discovered_on.or(incident.occurred_on), incident.id));
        Ok(incidents)
    }

    /// Adds a whole incident (fields, links, timeline) in one transaction.
    pub fn add_incident(&mut self, incident: &Incident) -> Result<Id> {
        self.write(|tx| insert_incident(tx, incident))
    }

    /// Saves an incident's fields (not its links or timeline), refusing a blank title and
    /// a conclusion nothing supports; adds it when its id is 0. Returns its id.
    pub fn save_incident(&mut self, incident: &Incident) -> Result<Id> {
        check(incident)?;
        self.save_record(incident)
    }

    /// Replaces the assets and scenarios an incident is linked to.
    pub fn link_incident(&mut self, incident_id: Id, asset_ids: &[Id], risk_ids: &[Id]) -> Result<()> {
        self.incident_exists(incident_id)?;
        self.write(|tx| replace_links(tx, incident_id, asset_ids, risk_ids))
    }

    /// Adds a dated entry to an incident's timeline; a status change entry also sets the
    /// status when its note names one (`open`, `contained`, `closed`).
    pub fn add_timeline_entry(&mut self, incident_id: Id, entry: &TimelineEntry) -> Result<Id> {
        self.incident_exists(incident_id)?;
        if entry.note.trim().is_empty() && entry.kind != TimelineKind::StatusChange {
            return Err(StoreError::Refused {
                field: "note",
                message: "A timeline entry needs a note of what happened".to_string(),
            });
        }
        self.write(|tx| insert_entry(tx, incident_id, entry))
    }

    /// Closes an incident on `on` with its outcome: the status, the closing date and a
    /// status-change entry in its timeline, in one transaction. An outcome is required
    /// (§164.308(a)(6)(ii) asks for incidents and their outcomes documented).
    pub fn close_incident(&mut self, incident_id: Id, on: NaiveDate, outcome: &str) -> Result<()> {
        let mut incident = self
            .incidents()?
            .into_iter()
            .find(|incident| incident.id == incident_id)
            .ok_or_else(|| StoreError::Missing {
                entity: "incident",
                id: incident_id.to_string(),
            })?;
        if incident.status == IncidentStatus::Closed {
            return Err(StoreError::Refused {
                field: "status",
                message: format!("\"{}\" is already closed", incident.title),
            });
        }
        let outcome = if outcome.trim().is_empty() {
            incident.outcome.clone()
        } else {
            outcome.trim().to_string()
        };
        if outcome.trim().is_empty() {
            return Err(StoreError::Refused {
                field: "outcome",
                message: "Closing an incident needs its outcome written".to_string(),
            });
        }
        incident.outcome = outcome;
        incident.status = IncidentStatus::Closed;
        incident.closed_on = Some(on);
        let entry = TimelineEntry {
            id: 0,
            on,
            kind: TimelineKind::StatusChange,
            note: "Closed".to_string(),
        };
        self.write(|tx| {
            records::update_stored(tx.conn(), &incident)?;
            insert_entry(tx, incident_id, &entry)?;
            Ok(())
        })
    }

    /// Deletes an incident with its timeline and links.
    pub fn delete_incident(&mut self, incident_id: Id) -> Result<()> {
        self.incident_exists(incident_id)?;
        self.write(|tx| {
            tx.execute("DELETE FROM incident_events WHERE incident_id = ?1", [incident_id])?;
            tx.execute("DELETE FROM incident_assets WHERE incident_id = ?1", [incident_id])?;
            tx.execute("DELETE FROM incident_risks WHERE incident_id = ?1", [incident_id])?;
            tx.execute("DELETE FROM incidents WHERE id = ?1", [incident_id])?;
            Ok(())
        })
    }

    pub(super) fn incident_exists(&self, incident_id: Id) -> Result<()> {
        let exists: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM incidents WHERE id = ?1)",
            [incident_id],
            |row| row.get(0),
        )?;
        if exists {
            Ok(())
        } else {
            Err(StoreError::Missing {
                entity: "incident",
                id: incident_id.to_string(),
            })
        }
    }
}
