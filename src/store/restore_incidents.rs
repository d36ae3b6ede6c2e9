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

/// Every incident's id once, its timeline entries' ids once (0: given at restore), its
/// assets and scenarios in the file; each re-score mark's assessment, scenario and
/// incident in the file, the scenario one of that assessment's.
pub(super) fn validate_incidents(
    check: &mut super::restore::Checker,
    program: &crate::exchange::program::ProgramExport,
    assessments: &[crate::exchange::workspace::AssessmentExport],
) -> std::result::Result<(), crate::exchange::workspace::ExportProblem> {
    use crate::exchange::workspace::problem;
    for (i, incident) in program.incidents.iter().enumerate() {
        let path = format!("program.incidents[{i}]");
        check.define(&path, "incident", incident.id)?;
        let record = format!("incident {} {:?}", incident.id, incident.title);
        for (k, entry) in incident.timeline.iter().enumerate() {
            if entry.id != 0 {
                check.define(&format!("{path}.timeline[{k}]"), "timeline entry", entry.id)?;
            }
        }
        for (k, asset) in incident.asset_ids.iter().enumerate() {
            check.refer(format!("{path}.asset_ids[{k}]"), "asset", Some(*asset), &record);
        }
        for (k, risk) in incident.risk_ids.iter().enumerate() {
            check.refer(format!("{path}.risk_ids[{k}]"), "risk", Some(*risk), &record);
        }
    }
    for (i, mark) in program.rescores.iter().enumerate() {
        let path = format!("program.rescores[{i}]");
        let record = format!("re-score mark of scenario {}", mark.risk_id);
        check.refer(
            format!("{path}.assessment_id"),
            "assessment",
            Some(mark.assessment_id),
            &record,
        );
        check.refer(
            format!("{path}.incident_id"),
            "incident",
            Some(mark.incident_id),
            &record,
        );
        let owner = assessments
            .iter()
            .find(|entry| entry.risks.iter().any(|risk| risk.id == mark.risk_id))
            .map(|entry| entry.assessment.id);
        if owner != Some(mark.assessment_id) {
            return Err(problem(
                format!("{path}.risk_id"),
                format!(
                    "scenario {} is not one of assessment {}'s ({record})",
                    mark.risk_id, mark.assessment_id
                ),
            ));
        }
    }
    Ok(())
}
