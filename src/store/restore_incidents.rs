//! Restoring the program records of an export (`ProgramExport`), one function per kind,
//! with their ids as exported so the rows match the change log the export carries.

use super::records;
use super::{Result, Writer};
use crate::domain::Labeled;
use crate::domain::incident::{Incident, RescoreMark};

/// Every incident with its timeline (entries keep their ids) and its links.
pub(super) fn insert_incidents(tx: &Writer<'_>, incidents: &[Incident]) -> Result<()> {
    for incident in incidents {
        records::insert_stored(tx.conn(), incident)?;
        for entry in &incident.timeline {
            tx.execute(
                "INSERT INTO incident_events (id, incident_id, on_date, kind, note) VALUES (?1, ?2, ?3, ?4, ?5)",
                rusqlite::params![
                    (entry.id != 0).then_some(entry.id),
                    incident.id,
                    entry.on.to_string(),
                    entry.kind.key(),
                    entry.note
                ],
            )?;
        }
        for asset_id in &incident.asset_ids {
            tx.execute(
                "INSERT INTO incident_assets (incident_id, asset_id) VALUES (?1, ?2)",
                [incident.id, *asset_id],
            )?;
        }
        for risk_id in &incident.risk_ids {
            tx.execute(
                "INSERT INTO incident_risks (incident_id, scenario_id) VALUES (?1, ?2)",
                [incident.id, *risk_id],
            )?;
        }
    }
    Ok(())
}

/// The scenarios marked to score again after an incident, by assessment.
pub(super) fn insert_rescores(tx: &Writer<'_>, marks: &[RescoreMark]) -> Result<()> {
    for mark in marks {
        tx.execute(
            "INSERT INTO incident_rescores (assessment_id, risk_id, incident_id) VALUES (?1, ?2, ?3)",
            [mark.assessment_id, mark.risk_id, mark.incident_id],
        )?;
    }
    Ok(())
}
