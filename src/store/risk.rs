//! Risk scenarios, the assets they concern, and remediation actions. Every save of a
//! risk runs `domain::treatment_problem` inside its transaction, with the action count
//! and the security officials read from that same transaction, so a refused save writes
//! nothing and leaves no change-log row.

use std::collections::HashMap;

use rusqlite::types::Value as Sql;
use rusqlite::{Connection, OptionalExtension, Row};

use super::people::require_text;

use super::due_moves;
use super::records;
use super::sql::date_text;
use super::{Result, Store, StoreError, Writer};
use crate::domain::action_change::{self, change_problem, due_move_problem, is_due_move};
use crate::domain::{Acceptance, Action, DueMove, Id, Labeled, Risk, RiskMatrix, Role, treatment_problem};

/// The columns of a risk outside its fields: the citations (a JSON list), and the
/// acceptance, whose three columns are set together.
const RISK_FRAME: &[&str] = &[
    "assessment_id",
    "citations",
    "accepted_by",
    "accepted_on",
    "acceptance_reason",
];

pub(super) fn select_risks() -> String {
    records::select::<Risk>(RISK_FRAME)
}

/// A risk read from a row of `select_risks`, by column name (its assets are read apart).
pub(super) fn risk_from_row(row: &Row<'_>) -> rusqlite::Result<Risk> {
    let mut risk: Risk = records::read(row)?;
    risk.assessment_id = row.get("assessment_id")?;
    let citations: String = row.get("citations")?;
    risk.citations = serde_json::from_str(&citations)
        .map_err(|error| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(error)))?;
    let accepted_by: Option<Id> = row.get("accepted_by")?;
    risk.acceptance = match accepted_by {
        Some(person_id) => {
            let accepted_on: String = row.get("accepted_on")?;
            Some(Acceptance {
                person_id,
                accepted_on: chrono::NaiveDate::parse_from_str(&accepted_on, "%Y-%m-%d").map_err(|error| {
                    rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(error))
                })?,
                reason: row.get::<_, Option<String>>("acceptance_reason")?.unwrap_or_default(),
            })
        }
        None => None,
    };
    Ok(risk)
}

/// The values of a risk's frame columns (`RISK_FRAME`), in order.
fn risk_frame(risk: &Risk) -> Result<Vec<(&'static str, Sql)>> {
    let citations =
        serde_json::to_string(&risk.citations).map_err(|error| StoreError::Invalid(format!("citations: {error}")))?;
    let acceptance = risk.acceptance.as_ref();
    let values = [
        Sql::Integer(risk.assessment_id),
        Sql::Text(citations),
        acceptance.map_or(Sql::Null, |acceptance| Sql::Integer(acceptance.person_id)),
        date_text(acceptance.map(|acceptance| acceptance.accepted_on)).map_or(Sql::Null, Sql::Text),
        acceptance.map_or(Sql::Null, |acceptance| Sql::Text(acceptance.reason.clone())),
    ];
    Ok(RISK_FRAME.iter().copied().zip(values).collect())
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
        let sql = format!("{} WHERE assessment_id = ?1 ORDER BY id", select_risks());
        let mut statement = self.conn.prepare(&sql)?;
        let mut risks = statement
            .query_map([assessment_id], risk_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for risk in &mut risks {
            risk.asset_ids = assets.remove(&risk.id).unwrap_or_default();
        }
        Ok(risks)
    }

    /// One scenario with its assets. Reads only that row, so saving one risk among
    /// 20,000 stays quick.
    pub fn risk(&self, id: Id) -> Result<Risk> {
        read_risk(&self.conn, id)
    }

    /// Adds several scenarios in one transaction; returns their ids. The treatment rules
    /// apply as to any save: a new risk has no actions yet, so one to mitigate or transfer
    /// is added undecided and then treated with `set_treatment` and its first action.
    pub fn add_risks(&mut self, risks: &[Risk]) -> Result<Vec<Id>> {
        for risk in risks {
            require_text("threat", &risk.threat)?;
        }
        self.write(|tx| {
            let mut rules = Rules::read(tx.conn())?;
            let mut ids = Vec::with_capacity(risks.len());
            for risk in risks {
                rules.check(tx.conn(), risk, 0)?;
                // Adding always makes a new record: an id the caller left in is not reused.
                let id = insert_risk(tx.conn(), &Risk { id: 0, ..risk.clone() })?;
                ids.push(id);
            }
            Ok(ids)
        })
    }

    /// Saves every field of an existing risk. Refused, writing nothing, when the
    /// treatment rules say no: a score change can make an accepted risk High, which then
    /// needs the security official's acceptance.
    pub fn update_risk(&mut self, risk: &Risk) -> Result<()> {
        self.set_treatment(risk, None).map(|_| ())
    }

    /// Saves an existing risk (any field: treatment, acceptance, residual score...) and,
    /// when given, its first action, in one transaction; returns the new action's id. The
    /// action is attached to `risk` whatever its `risk_id` says. Refused with
    /// `StoreError::Refused` (naming the field to fix) when the treatment rules say no,
    /// counting the new action; then nothing is written and no change-log row is added.
    pub fn set_treatment(&mut self, risk: &Risk, first_action: Option<&Action>) -> Result<Option<Id>> {
        require_text("threat", &risk.threat)?;
        if first_action.is_some_and(|action| action.title.trim().is_empty()) {
            return Err(StoreError::Refused {
                field: "action_title",
                message: format!("\"{}\": give the action a title", risk.threat.trim()),
            });
        }
        // Refuses a risk that is not there (the update would change nothing).
        self.risk(risk.id)?;
        self.write(|tx| {
            let existing = action_count(tx.conn(), risk.id)?;
            let mut rules = Rules::read(tx.conn())?;
            rules.check(tx.conn(), risk, existing + usize::from(first_action.is_some()))?;
            update_risk_row(tx.conn(), risk)?;
            tx.execute("DELETE FROM risk_assets WHERE risk_id = ?1", [risk.id])?;
            write_risk_assets(tx.conn(), risk.id, &risk.asset_ids)?;
            first_action
                .map(|action| {
                    add_action_row(
                        tx,
                        &Action {
                            risk_id: Some(risk.id),
                            assessment_id: risk.assessment_id,
                            ..action.clone()
                        },
                    )
                })
                .transpose()
        })
    }

    /// Deletes a risk with everything that hangs off it: its actions, its asset links,
    /// and evidence links pointing at the risk or its actions (the evidence itself stays).
    /// Each removed row gets its own change-log row.
    pub fn delete_risk(&mut self, id: Id) -> Result<()> {
        let before = self.risk(id)?;
        let actions = self.risk_actions(id)?;
        // Coverage notes naming the risk stop naming it; a note left with no scenario is
        // removed, and its asset's coverage finding opens again.
        let notes: Vec<crate::domain::CoverageNote> = self
            .coverage_notes(before.assessment_id)?
            .into_iter()
            .filter(|note| note.risk_ids.contains(&id))
            .collect();
        self.write(|tx| {
            for note in &notes {
                let after = crate::domain::CoverageNote {
                    risk_ids: note.risk_ids.iter().copied().filter(|risk_id| *risk_id != id).collect(),
                    ..note.clone()
                };
                if after.risk_ids.is_empty() {
                    tx.execute("DELETE FROM coverage_notes WHERE asset_id = ?1", [note.asset_id])?;
                } else {
                    super::findings::write_coverage_note(tx.conn(), &after)?;
                }
            }
            let mut targets = vec![("risk", id.to_string())];
            targets.extend(actions.iter().map(|action| ("action", action.id.to_string())));
            for (target, target_ref) in &targets {
                remove_evidence_links(tx, target, target_ref)?;
            }
            for action in &actions {
                due_moves::delete_for(tx.conn(), "action_id = ?1", action.id)?;
                tx.execute("DELETE FROM actions WHERE id = ?1", [action.id])?;
            }
            tx.execute("DELETE FROM risk_assets WHERE risk_id = ?1", [id])?;
            tx.execute("DELETE FROM risks WHERE id = ?1", [id])?;
            Ok(())
        })
    }

    /// The remediation actions of an assessment (its risks' and its standalone ones), by
    /// due date (undated last).
    pub fn actions(&self, assessment_id: Id) -> Result<Vec<Action>> {
        let sql = format!(
            "{} WHERE assessment_id = ?1 ORDER BY due_on IS NULL, due_on, id",
            select_actions()
        );
        let mut statement = self.conn.prepare(&sql)?;
        let rows = statement.query_map([assessment_id], action_from_row)?;
        let mut actions: Vec<Action> = rows.collect::<rusqlite::Result<_>>()?;
        due_moves::attach(&self.conn, &mut actions)?;
        Ok(actions)
    }

    /// The actions of one risk, by id.
    pub fn risk_actions(&self, risk_id: Id) -> Result<Vec<Action>> {
        let sql = format!("{} WHERE risk_id = ?1 ORDER BY id", select_actions());
        let mut statement = self.conn.prepare(&sql)?;
        let rows = statement.query_map([risk_id], action_from_row)?;
        let mut actions: Vec<Action> = rows.collect::<rusqlite::Result<_>>()?;
        due_moves::attach(&self.conn, &mut actions)?;
        Ok(actions)
    }

    pub fn action(&self, id: Id) -> Result<Action> {
        let sql = format!("{} WHERE id = ?1", select_actions());
        let action = self
            .conn
            .query_row(&sql, [id], action_from_row)
            .optional()?
            .ok_or_else(|| missing("action", id))?;
        let mut actions = [action];
        due_moves::attach(&self.conn, &mut actions)?;
        let [action] = actions;
        Ok(action)
    }

    /// Adds an action (its due date as first planned; moves come later, with reasons).
    /// Refused, naming the field, when the asset change it names does not hold together
    /// (`action_change::change_problem`).
    ///
    /// A risk action's assessment is its risk's, whatever the caller left in; a standalone
    /// action (no risk) names its assessment, which must exist.
    pub fn add_action(&mut self, action: &Action) -> Result<Id> {
        require_text("action title", &action.title)?;
        let action = self.checked_change(action)?;
        self.write(|tx| {
            let action = with_plan_assessment(tx.conn(), &action)?;
            add_action_row(tx, &action)
        })
    }

    /// Saves an action whose due date does not move (or gets its first date). A move of a
    /// set date is refused: it needs a reason (`update_action_moving_due`).
    pub fn update_action(&mut self, action: &Action) -> Result<()> {
        self.update_action_moving_due(action, "")
    }

    /// Saves an action. Moving it to another risk counts as taking it from the first, so
    /// the last action of a risk being mitigated or transferred cannot move away. A due
    /// date that was set and changes is a move: refused without `reason` (field
    /// `due_reason`), otherwise kept in `action_due_moves` with its from, to, reason, time
    /// and the assessor, in the same transaction as the action.
    pub fn update_action_moving_due(&mut self, action: &Action, reason: &str) -> Result<()> {
        require_text("action title", &action.title)?;
        let before = self.action(action.id)?;
        if let Some((field, message)) = due_move_problem(&before, action, reason) {
            return Err(StoreError::Refused { field, message });
        }
        let action = self.checked_change(action)?;
        self.write(|tx| {
            let action = with_plan_assessment(tx.conn(), &action)?;
            if action.assessment_id != before.assessment_id {
                return Err(StoreError::Refused {
                    field: "risk",
                    message: format!(
                        "\"{}\": an action stays in its own year's plan; pick a risk of that year",
                        action.title.trim()
                    ),
                });
            }
            if before.risk_id != action.risk_id
                && let Some(risk_id) = before.risk_id
            {
                refuse_taking_last_action(tx.conn(), risk_id)?;
            }
            records::update(tx.conn(), &action, &action_frame(&action))?;
            if is_due_move(&before, &action) {
                let due_move = DueMove {
                    id: 0,
                    from_on: before.due_on,
                    to_on: action.due_on,
                    reason: reason.trim().to_string(),
                    moved_at: tx.at.clone(),
                    moved_by: tx.actor.clone(),
                };
                due_moves::insert(tx.conn(), action.id, &[due_move], false)?;
            }
            Ok(())
        })
    }

    /// The action with its asset change written the canonical way, or the refusal naming
    /// the field when the change does not hold together against the assessment's assets.
    fn checked_change(&self, action: &Action) -> Result<Action> {
        if action.asset_id.is_none() && action.asset_field.trim().is_empty() && action.asset_value.trim().is_empty() {
            return Ok(action.clone());
        }
        let assessment_id = match action.risk_id {
            Some(risk_id) => read_risk(&self.conn, risk_id)?.assessment_id,
            None => action.assessment_id,
        };
        let assets = self.assets(assessment_id)?;
        if let Some((field, message)) = change_problem(action, &assets) {
            return Err(StoreError::Refused { field, message });
        }
        Ok(action_change::canonical(action))
    }

    /// Deletes an action and the evidence links pointing at it. The last action of a risk
    /// being mitigated or transferred is refused: change the treatment first.
    pub fn delete_action(&mut self, id: Id) -> Result<()> {
        let before = self.action(id)?;
        self.write(|tx| {
            if let Some(risk_id) = before.risk_id {
                refuse_taking_last_action(tx.conn(), risk_id)?;
            }
            remove_evidence_links(tx, "action", &id.to_string())?;
            due_moves::delete_for(tx.conn(), "action_id = ?1", id)?;
            tx.execute("DELETE FROM actions WHERE id = ?1", [id])?;
            Ok(())
        })
    }
}

pub(super) fn select_actions() -> String {
    records::select::<Action>(&["risk_id", "asset_id", "assessment_id"])
}

pub(super) fn action_from_row(row: &Row<'_>) -> rusqlite::Result<Action> {
    let mut action: Action = records::read(row)?;
    action.risk_id = row.get("risk_id")?;
    action.asset_id = row.get("asset_id")?;
    action.assessment_id = row.get("assessment_id")?;
    Ok(action)
}

fn action_frame(action: &Action) -> [(&'static str, Sql); 3] {
    [
        ("risk_id", action.risk_id.map_or(Sql::Null, Sql::Integer)),
        ("asset_id", action.asset_id.map_or(Sql::Null, Sql::Integer)),
        ("assessment_id", Sql::Integer(action.assessment_id)),
    ]
}

/// The action with the assessment of the plan it goes in: its risk's for a risk action
/// (the risk must exist), its own for a standalone one (which must exist).
pub(super) fn with_plan_assessment(conn: &Connection, action: &Action) -> Result<Action> {
    let assessment_id = match action.risk_id {
        Some(risk_id) => read_risk(conn, risk_id)?.assessment_id,
        None => {
            let known: bool = conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM assessments WHERE id = ?1)",
                [action.assessment_id],
                |row| row.get(0),
            )?;
            if !known {
                return Err(missing("assessment", action.assessment_id));
            }
            action.assessment_id
        }
    };
    Ok(Action {
        assessment_id,
        ..action.clone()
    })
}

/// Inserts an action row, keeping its id unless it is 0 (then SQLite assigns one);
/// returns the id. Used by every write that adds actions, the restore of an export
/// included.
pub(super) fn insert_action(conn: &Connection, action: &Action) -> Result<Id> {
    records::insert(conn, action, &action_frame(action))
}

/// `insert_action` through the writer's bulk path (see `insert_risk_logged`).
pub(super) fn insert_action_logged(tx: &Writer<'_>, action: &Action) -> Result<Id> {
    tx.insert_logged("actions", super::bulk::record_values(action, action_frame(action))?)
}

/// Adds a new action (a fresh id whatever the caller left in).
fn add_action_row(tx: &Writer<'_>, action: &Action) -> Result<Id> {
    insert_action(
        tx.conn(),
        &Action {
            id: 0,
            ..action.clone()
        },
    )
}

fn action_count(conn: &Connection, risk_id: Id) -> Result<usize> {
    let count: i64 = conn.query_row("SELECT count(*) FROM actions WHERE risk_id = ?1", [risk_id], |row| {
        row.get(0)
    })?;
    Ok(usize::try_from(count).unwrap_or(0))
}

/// Refuses to take the last action away from a risk whose treatment needs one.
fn refuse_taking_last_action(conn: &Connection, risk_id: Id) -> Result<()> {
    let risk = read_risk(conn, risk_id)?;
    if risk.treatment.needs_action() && action_count(conn, risk_id)? <= 1 {
        return Err(StoreError::Refused {
            field: "treatment",
            message: format!(
                "\"{}\": this is the only action of a risk to {}; change the treatment first",
                risk.threat.trim(),
                risk.treatment.label().to_lowercase()
            ),
        });
    }
    Ok(())
}

/// Removes the evidence links pointing at a risk or an action.
fn remove_evidence_links(tx: &Writer<'_>, target: &str, target_ref: &str) -> Result<()> {
    tx.execute(
        "DELETE FROM evidence_links WHERE target = ?1 AND target_ref = ?2",
        (target, target_ref),
    )?;
    Ok(())
}

/// What the treatment rules need from the database, read once per transaction: the
/// security officials, and each assessment's matrix as it is first needed.
struct Rules {
    officials: Vec<Id>,
    matrices: HashMap<Id, RiskMatrix>,
}

impl Rules {
    fn read(conn: &Connection) -> Result<Rules> {
        let mut statement =
            conn.prepare("SELECT DISTINCT person_id FROM role_assignments WHERE role = ?1 ORDER BY person_id")?;
        let officials = statement
            .query_map([Role::SecurityOfficial.key()], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Rules {
            officials,
            matrices: HashMap::new(),
        })
    }

    /// Refuses the risk when `treatment_problem` finds one, with its field and message.
    fn check(&mut self, conn: &Connection, risk: &Risk, action_count: usize) -> Result<()> {
        let matrix = match self.matrices.entry(risk.assessment_id) {
            std::collections::hash_map::Entry::Occupied(entry) => entry.into_mut(),
            std::collections::hash_map::Entry::Vacant(entry) => entry.insert(read_matrix(conn, risk.assessment_id)?),
        };
        match treatment_problem(risk, matrix, action_count, &self.officials) {
            Some((field, message)) => Err(StoreError::Refused { field, message }),
            None => Ok(()),
        }
    }
}

fn read_matrix(conn: &Connection, assessment_id: Id) -> Result<RiskMatrix> {
    let text: String = conn
        .query_row("SELECT matrix FROM assessments WHERE id = ?1", [assessment_id], |row| {
            row.get(0)
        })
        .optional()?
        .ok_or_else(|| missing("assessment", assessment_id))?;
    serde_json::from_str(&text)
        .map_err(|error| StoreError::Invalid(format!("assessment {assessment_id}: matrix: {error}")))
}

fn read_risk(conn: &Connection, id: Id) -> Result<Risk> {
    let sql = format!("{} WHERE id = ?1", select_risks());
    let mut risk = conn
        .query_row(&sql, [id], risk_from_row)
        .optional()?
        .ok_or_else(|| missing("risk", id))?;
    let mut statement = conn.prepare("SELECT asset_id FROM risk_assets WHERE risk_id = ?1 ORDER BY asset_id")?;
    risk.asset_ids = statement
        .query_map([id], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(risk)
}

fn missing(entity: &'static str, id: Id) -> StoreError {
    StoreError::Missing {
        entity,
        id: id.to_string(),
    }
}

/// Inserts a risk row and its asset links, keeping the risk's id unless it is 0 (then
/// SQLite assigns one); returns the id. Used by every write that adds risks, the restore
/// of an export included.
pub(super) fn insert_risk(conn: &Connection, risk: &Risk) -> Result<Id> {
    let id = records::insert(conn, risk, &risk_frame(risk)?)?;
    write_risk_assets(conn, id, &risk.asset_ids)?;
    Ok(id)
}

/// `insert_risk` through the writer's bulk path (`Writer::insert_logged`): the change-log
/// rows made from the values bound, not by the capture triggers. The links are the same
/// rows `INSERT OR IGNORE` would leave (each asset once, in order: the risk is new).
pub(super) fn insert_risk_logged(tx: &Writer<'_>, risk: &Risk) -> Result<Id> {
    let id = tx.insert_logged("risks", super::bulk::record_values(risk, risk_frame(risk)?)?)?;
    let mut linked = std::collections::HashSet::with_capacity(risk.asset_ids.len());
    for asset_id in risk.asset_ids.iter().filter(|asset_id| linked.insert(**asset_id)) {
        tx.insert_logged(
            "risk_assets",
            vec![("risk_id", Sql::Integer(id)), ("asset_id", Sql::Integer(*asset_id))],
        )?;
    }
    Ok(id)
}

fn update_risk_row(conn: &Connection, risk: &Risk) -> Result<()> {
    records::update(conn, risk, &risk_frame(risk)?)
}

fn write_risk_assets(conn: &Connection, risk_id: Id, asset_ids: &[Id]) -> Result<()> {
    // Prepared once per connection: `assessment next` writes one row per scenario asset.
    let mut insert = conn.prepare_cached("INSERT OR IGNORE INTO risk_assets (risk_id, asset_id) VALUES (?1, ?2)")?;
    for asset_id in asset_ids {
        insert.execute((risk_id, asset_id))?;
    }
    Ok(())
}
