//! The history of actions' due dates (`action_due_moves`): each move's from, to, reason,
//! when and who, written by `Store::update_action_moving_due` in the transaction that moves
//! the date, so a date never moves without its row. Read back onto each action
//! (`Action::due_moves`, oldest first); copied with an action carried into the next year
//! and with a restored export. A move names its assessment, so a signed year's moves are
//! guarded like the year's actions.

use std::collections::HashMap;

use rusqlite::Connection;
use rusqlite::types::Value as Sql;

use super::Result;
use super::sql::{date_text, optional_date};
use crate::domain::{Action, DueMove, Id};

const SELECT: &str = "SELECT id, action_id, from_on, to_on, reason, moved_at, moved_by FROM action_due_moves";

fn read_move(row: &rusqlite::Row<'_>) -> rusqlite::Result<(Id, DueMove)> {
    Ok((
        row.get(1)?,
        DueMove {
            id: row.get(0)?,
            from_on: optional_date(row, 2)?,
            to_on: optional_date(row, 3)?,
            reason: row.get(4)?,
            moved_at: row.get(5)?,
            moved_by: row.get(6)?,
        },
    ))
}

/// Fills each action's `due_moves` from the table, oldest first (one query for them all).
pub(super) fn attach(conn: &Connection, actions: &mut [Action]) -> Result<()> {
    if actions.is_empty() {
        return Ok(());
    }
    let ids: Vec<Id> = actions.iter().map(|action| action.id).collect();
    let ids = serde_json::to_string(&ids).unwrap_or_else(|_| "[]".to_string());
    let sql = format!("{SELECT} WHERE action_id IN (SELECT value FROM json_each(?1)) ORDER BY id");
    let mut statement = conn.prepare(&sql)?;
    let mut by_action: HashMap<Id, Vec<DueMove>> = HashMap::new();
    for row in statement.query_map([ids], read_move)? {
        let (action_id, due_move) = row?;
        by_action.entry(action_id).or_default().push(due_move);
    }
    for action in actions.iter_mut() {
        action.due_moves = by_action.remove(&action.id).unwrap_or_default();
    }
    Ok(())
}

/// Writes `moves` as the moves of action `action_id` (whose risk gives the assessment).
/// `keep_ids` keeps each move's id (a restore); otherwise SQLite assigns them (a carry).
pub(super) fn insert(conn: &Connection, action_id: Id, moves: &[DueMove], keep_ids: bool) -> Result<()> {
    for due_move in moves {
        let id = if keep_ids && due_move.id > 0 {
            Sql::Integer(due_move.id)
        } else {
            Sql::Null
        };
        conn.execute(
            "INSERT INTO action_due_moves (id, action_id, assessment_id, from_on, to_on, reason, moved_at, moved_by)
             VALUES (?1, ?2,
                     (SELECT assessment_id FROM actions WHERE id = ?2),
                     ?3, ?4, ?5, ?6, ?7)",
            rusqlite::params![
                id,
                action_id,
                date_text(due_move.from_on),
                date_text(due_move.to_on),
                due_move.reason.trim(),
                due_move.moved_at,
                due_move.moved_by,
            ],
        )?;
    }
    Ok(())
}

/// Removes the moves of the actions `where_actions` selects (an SQL condition on
/// `action_id` with `?1`), before those actions are deleted.
pub(super) fn delete_for(conn: &Connection, where_actions: &str, param: Id) -> Result<usize> {
    Ok(conn.execute(&format!("DELETE FROM action_due_moves WHERE {where_actions}"), [param])?)
}
