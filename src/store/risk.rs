//! Risk scenarios, the assets they concern, and remediation actions.

use std::collections::HashMap;

use rusqlite::Row;

use super::people::require_text;
use super::sql::{date, date_text, index_value, key, optional_date, optional_index};
use super::{Operation, Result, Store, StoreError};
use crate::domain::{Acceptance, Action, Id, Labeled, Risk};

const RISK_COLUMNS: &str = "id, assessment_id, threat_key, threat, source, vulnerability, existing_controls,
    citations, likelihood, impact, treatment, residual_likelihood, residual_impact, owner_id, accepted_by,
    accepted_on, acceptance_reason, notes";

fn risk_from_row(row: &Row<'_>) -> rusqlite::Result<Risk> {
    let citations: String = row.get(7)?;
    let accepted_by: Option<Id> = row.get(14)?;
    let acceptance = match accepted_by {
        Some(person_id) => Some(Acceptance {
            person_id,
            accepted_on: date(row, 15)?,
            reason: row.get::<_, Option<String>>(16)?.unwrap_or_default(),
        }),
        None => None,
    };
    Ok(Risk {
        id: row.get(0)?,
        assessment_id: row.get(1)?,
        threat_key: row.get(2)?,
        threat: row.get(3)?,
        source: key(row, 4)?,
        vulnerability: row.get(5)?,
        existing_controls: row.get(6)?,
        citations: serde_json::from_str(&citations).map_err(|error| {
            rusqlite::Error::FromSqlConversionFailure(7, rusqlite::types::Type::Text, Box::new(error))
        })?,
        asset_ids: Vec::new(),
        likelihood: optional_index(row, 8)?,
        impact: optional_index(row, 9)?,
        treatment: key(row, 10)?,
        residual_likelihood: optional_index(row, 11)?,
        residual_impact: optional_index(row, 12)?,
        owner_id: row.get(13)?,
        acceptance,
        notes: row.get(17)?,
    })
}

impl Store {
    /// The risk scenarios of an assessment, with the assets each concerns.
    pub fn risks(&self, assessment_id: Id) -> Result<Vec<Risk>> {
        let mut assets: HashMap<Id, Vec<Id>> = HashMap::new();
        let mut statement = self.conn.prepare(
            "SELECT ra.risk_id, ra.asset_id FROM risk_assets ra JOIN risks r ON r.id = ra.risk_id
             WHERE r.assessment_id = ?1 ORDER BY ra.risk_id, ra.asset_id",
        )?;
        for pair in statement.query_map([assessment_id], |row| Ok((row.get::<_, Id>(0)?, row.get::<_, Id>(1)?)))? {
            let (risk_id, asset_id) = pair?;
            assets.entry(risk_id).or_default().push(asset_id);
        }
        let sql = format!("SELECT {RISK_COLUMNS} FROM risks WHERE assessment_id = ?1 ORDER BY id");
        let mut statement = self.conn.prepare(&sql)?;
        let mut risks = statement
            .query_map([assessment_id], risk_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for risk in &mut risks {
            risk.asset_ids = assets.remove(&risk.id).unwrap_or_default();
        }
        Ok(risks)
    }

    pub fn risk(&self, id: Id) -> Result<Risk> {
        let assessment_id: Id = self
            .conn
            .query_row("SELECT assessment_id FROM risks WHERE id = ?1", [id], |row| row.get(0))
            .map_err(|_| StoreError::Missing {
                entity: "risk",
                id: id.to_string(),
            })?;
        self.risks(assessment_id)?
            .into_iter()
            .find(|risk| risk.id == id)
            .ok_or_else(|| StoreError::Missing {
                entity: "risk",
                id: id.to_string(),
            })
    }

    /// Adds several scenarios in one transaction; returns their ids.
    pub fn add_risks(&mut self, risks: &[Risk]) -> Result<Vec<Id>> {
        for risk in risks {
            require_text("threat", &risk.threat)?;
        }
        self.write(|tx| {
            let mut ids = Vec::with_capacity(risks.len());
            for risk in risks {
                // Adding always makes a new record: an id the caller left in is not reused.
                let id = insert_risk(tx.conn(), &Risk { id: 0, ..risk.clone() })?;
                tx.log(
                    "risk",
                    id,
                    Operation::Create,
                    None::<&Risk>,
                    Some(&Risk { id, ..risk.clone() }),
                )?;
                ids.push(id);
            }
            Ok(ids)
        })
    }

    pub fn update_risk(&mut self, risk: &Risk) -> Result<()> {
        require_text("threat", &risk.threat)?;
        let before = self.risk(risk.id)?;
        self.write(|tx| {
            update_risk_row(tx.conn(), risk)?;
            tx.execute("DELETE FROM risk_assets WHERE risk_id = ?1", [risk.id])?;
            write_risk_assets(tx.conn(), risk.id, &risk.asset_ids)?;
            tx.log("risk", risk.id, Operation::Update, Some(&before), Some(risk))
        })
    }

    /// The remediation actions of an assessment's risks, by due date (undated last).
    pub fn actions(&self, assessment_id: Id) -> Result<Vec<Action>> {
        let mut statement = self.conn.prepare(
            "SELECT a.id, a.risk_id, a.title, a.owner_id, a.due_on, a.status, a.effort, a.cost_estimate, a.notes
             FROM actions a JOIN risks r ON r.id = a.risk_id
             WHERE r.assessment_id = ?1 ORDER BY a.due_on IS NULL, a.due_on, a.id",
        )?;
        let rows = statement.query_map([assessment_id], |row| {
            let cost: Option<i64> = row.get(7)?;
            Ok(Action {
                id: row.get(0)?,
                risk_id: row.get(1)?,
                title: row.get(2)?,
                owner_id: row.get(3)?,
                due_on: optional_date(row, 4)?,
                status: key(row, 5)?,
                effort: key(row, 6)?,
                cost_estimate: cost.and_then(|cost| u64::try_from(cost).ok()),
                notes: row.get(8)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn add_action(&mut self, action: &Action) -> Result<Id> {
        require_text("action title", &action.title)?;
        self.write(|tx| {
            tx.execute(
                "INSERT INTO actions (risk_id, title, owner_id, due_on, status, effort, cost_estimate, notes)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                rusqlite::params![
                    action.risk_id,
                    action.title,
                    action.owner_id,
                    date_text(action.due_on),
                    action.status.key(),
                    action.effort.key(),
                    action.cost_estimate.and_then(|cost| i64::try_from(cost).ok()),
                    action.notes,
                ],
            )?;
            let id = tx.last_insert_rowid();
            tx.log(
                "action",
                id,
                Operation::Create,
                None::<&Action>,
                Some(&Action { id, ..action.clone() }),
            )?;
            Ok(id)
        })
    }
}

/// Inserts a risk row and its asset links, keeping the risk's id unless it is 0 (then
/// SQLite assigns one); returns the id. Used by every write that adds risks, the restore
/// of an export included.
pub(super) fn insert_risk(conn: &rusqlite::Connection, risk: &Risk) -> Result<Id> {
    execute_risk(
        conn,
        "INSERT INTO risks (id, assessment_id, threat_key, threat, source, vulnerability, existing_controls,
             citations, likelihood, impact, treatment, residual_likelihood, residual_impact, owner_id,
             accepted_by, accepted_on, acceptance_reason, notes)
         VALUES (NULLIF(?1, 0), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
        risk,
    )?;
    let id = conn.last_insert_rowid();
    write_risk_assets(conn, id, &risk.asset_ids)?;
    Ok(id)
}

fn update_risk_row(conn: &rusqlite::Connection, risk: &Risk) -> Result<()> {
    execute_risk(
        conn,
        "UPDATE risks SET assessment_id = ?2, threat_key = ?3, threat = ?4, source = ?5, vulnerability = ?6,
             existing_controls = ?7, citations = ?8, likelihood = ?9, impact = ?10, treatment = ?11,
             residual_likelihood = ?12, residual_impact = ?13, owner_id = ?14, accepted_by = ?15,
             accepted_on = ?16, acceptance_reason = ?17, notes = ?18
         WHERE id = ?1",
        risk,
    )
}

/// Runs `sql` with the risk's values: ?1 is the id, then the columns in table order.
fn execute_risk(conn: &rusqlite::Connection, sql: &str, risk: &Risk) -> Result<()> {
    let citations =
        serde_json::to_string(&risk.citations).map_err(|error| StoreError::Invalid(format!("citations: {error}")))?;
    let acceptance = risk.acceptance.as_ref();
    conn.execute(
        sql,
        rusqlite::params![
            risk.id,
            risk.assessment_id,
            risk.threat_key,
            risk.threat,
            risk.source.key(),
            risk.vulnerability,
            risk.existing_controls,
            citations,
            index_value(risk.likelihood),
            index_value(risk.impact),
            risk.treatment.key(),
            index_value(risk.residual_likelihood),
            index_value(risk.residual_impact),
            risk.owner_id,
            acceptance.map(|acceptance| acceptance.person_id),
            date_text(acceptance.map(|acceptance| acceptance.accepted_on)),
            acceptance.map(|acceptance| acceptance.reason.as_str()),
            risk.notes,
        ],
    )?;
    Ok(())
}

fn write_risk_assets(conn: &rusqlite::Connection, risk_id: Id, asset_ids: &[Id]) -> Result<()> {
    for asset_id in asset_ids {
        conn.execute(
            "INSERT OR IGNORE INTO risk_assets (risk_id, asset_id) VALUES (?1, ?2)",
            (risk_id, asset_id),
        )?;
    }
    Ok(())
}
