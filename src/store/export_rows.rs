//! What `risks export`, `actions export` and `assets export` print, each read with one
//! query for the current assessment: the records with what the printed row names beside
//! them (asset names, the owner's name, the records a scenario puts at risk, its open
//! actions, an action's due-date moves), so an export needs no snapshot of the workspace.
//! The rows are plain records; turning them into printed rows is the report's
//! (`report::register_rows`, `report::plan_rows`), shared with the report so both print
//! the same bytes.
//!
//! The exports also compute the analysis status beside the query, on a connection of its
//! own (`sibling`); `log_head` says which moment each one read.

use std::fs::File;
use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::inventory::{asset_from_row, select_assets};
use super::risk::{action_from_row, risk_from_row, select_actions, select_risks};
use super::{Reader, Result, Store, StoreError, changelog, damaged, open_unshared};
use crate::domain::{Action, ActionStatus, Asset, DueMove, Id, Labeled, Risk, RiskMatrix, asset_label_of};

/// A scenario of the register with what its row names.
#[derive(Debug, Clone, PartialEq)]
pub struct RiskRow {
    /// The scenario, its asset ids included.
    pub risk: Risk,
    /// The scenario's assets of this assessment as lists name them, by id
    /// (`Workspace::asset_labels`: retired ones marked).
    pub assets: Vec<String>,
    /// `domain::records_affected` of the scenario.
    pub records_affected: Option<u64>,
    /// The owner's name; empty when none.
    pub owner: String,
    /// Its actions still open (planned or in progress).
    pub open_actions: usize,
}

/// The register's rows of an assessment, in id order, and the matrix that scores them.
#[derive(Debug, Clone, PartialEq)]
pub struct RegisterRows {
    pub matrix: RiskMatrix,
    pub rows: Vec<RiskRow>,
}

/// An action of the plan with what its row names.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionRow {
    /// The action, its due-date moves included.
    pub action: Action,
    /// Its scenario's threat.
    pub risk: String,
    /// The owner's name; empty when none.
    pub owner: String,
    /// The asset it changes as lists name it, when that asset is of this assessment.
    pub asset: Option<String>,
}

/// An asset of this year's scope (not retired) with its owner's name.
#[derive(Debug, Clone, PartialEq)]
pub struct AssetRow {
    pub asset: Asset,
    pub owner: String,
}

/// A JSON column of a query read into `T`.
fn json<T: serde::de::DeserializeOwned>(row: &rusqlite::Row<'_>, name: &str) -> rusqlite::Result<T> {
    let text: String = row.get(name)?;
    serde_json::from_str(&text)
        .map_err(|error| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(error)))
}

/// A name and whether the asset was retired this year, as the queries give them.
fn label((name, retired): (String, i64)) -> String {
    asset_label_of(&name, retired != 0)
}

/// Whether an asset `a` was retired (a retirement names an asset of its own assessment).
const RETIRED: &str = "EXISTS (SELECT 1 FROM retired_assets WHERE asset_id = a.id)";

/// The register's one query (see `Store::register_rows`): ?1 the assessment, ?2 the open
/// action statuses as a JSON array.
fn register_sql() -> String {
    // Records affected (`domain::records_affected`): the largest count among the
    // scenario's assets of this year's scope; a scenario naming none, the largest of
    // the scope.
    format!(
        "WITH r AS ({risks} WHERE assessment_id = ?1),
         -- The scope's largest count, worked out once rather than once per scenario
         -- naming no asset.
         scope_largest AS MATERIALIZED (
             SELECT max(a.record_count) AS records FROM assets a
              WHERE a.assessment_id = ?1 AND NOT {RETIRED})
         -- CROSS JOIN keeps the scenario's links as the outer loop: with a plain JOIN the
         -- planner walked the year's assets by `assets_by_assessment` for every
         -- scenario (20,000 x 10,000 steps, 45 s at the large size).
         SELECT r.*,
             (SELECT json_group_array(ra.asset_id ORDER BY ra.asset_id)
                FROM risk_assets ra WHERE ra.risk_id = r.id) AS export_asset_ids,
             (SELECT json_group_array(json_array(a.name, {RETIRED}) ORDER BY a.id)
                FROM risk_assets ra CROSS JOIN assets a ON a.id = ra.asset_id AND a.assessment_id = ?1
               WHERE ra.risk_id = r.id) AS export_assets,
             CASE WHEN EXISTS (SELECT 1 FROM risk_assets ra WHERE ra.risk_id = r.id)
                  THEN (SELECT max(a.record_count)
                          FROM risk_assets ra CROSS JOIN assets a ON a.id = ra.asset_id AND a.assessment_id = ?1
                         WHERE ra.risk_id = r.id AND NOT {RETIRED})
                  ELSE (SELECT records FROM scope_largest)
             END AS export_records,
             coalesce((SELECT name FROM people WHERE id = r.owner_id), '') AS export_owner,
             (SELECT count(*) FROM actions x
               WHERE x.risk_id = r.id AND x.status IN (SELECT value FROM json_each(?2))) AS export_open_actions
         FROM r ORDER BY r.id",
        risks = select_risks()
    )
}

impl Store {
    /// The register's rows of `assessment_id` (one query), by id.
    pub fn register_rows(&self, assessment_id: Id) -> Result<RegisterRows> {
        let matrix = self.assessment(assessment_id)?.matrix;
        // Which statuses are open is the domain's rule, passed in rather than written here.
        let open: Vec<&str> = ActionStatus::ALL
            .iter()
            .filter(|status| status.is_open())
            .map(|status| status.key())
            .collect();
        let open = serde_json::to_string(&open).map_err(|error| StoreError::Invalid(error.to_string()))?;
        let sql = register_sql();
        let mut statement = self.conn.prepare(&sql)?;
        let rows = statement.query_map(rusqlite::params![assessment_id, open], |row| {
            let mut risk = risk_from_row(row)?;
            risk.asset_ids = json(row, "export_asset_ids")?;
            let assets: Vec<(String, i64)> = json(row, "export_assets")?;
            let records: Option<i64> = row.get("export_records")?;
            let open_actions: i64 = row.get("export_open_actions")?;
            Ok(RiskRow {
                risk,
                assets: assets.into_iter().map(label).collect(),
                records_affected: records.and_then(|count| u64::try_from(count).ok()),
                owner: row.get("export_owner")?,
                open_actions: usize::try_from(open_actions).unwrap_or(0),
            })
        })?;
        Ok(RegisterRows {
            matrix,
            rows: rows.collect::<rusqlite::Result<_>>()?,
        })
    }

    /// The plan's rows of `assessment_id` (one query), by due date (undated last), then id.
    pub fn plan_rows(&self, assessment_id: Id) -> Result<Vec<ActionRow>> {
        let sql = format!(
            "WITH x AS ({actions} WHERE assessment_id = ?1)
             SELECT x.*,
                 coalesce((SELECT threat FROM risks WHERE id = x.risk_id), '') AS export_risk,
                 coalesce((SELECT name FROM people WHERE id = x.owner_id), '') AS export_owner,
                 (SELECT json_array(a.name, {RETIRED}) FROM assets a
                   WHERE a.id = x.asset_id AND a.assessment_id = ?1) AS export_asset,
                 (SELECT json_group_array(json_object('id', m.id, 'from_on', m.from_on, 'to_on', m.to_on,
                         'reason', m.reason, 'moved_at', m.moved_at, 'moved_by', m.moved_by) ORDER BY m.id)
                    FROM action_due_moves m WHERE m.action_id = x.id) AS export_moves
             FROM x ORDER BY x.due_on IS NULL, x.due_on, x.id",
            actions = select_actions()
        );
        let mut statement = self.conn.prepare(&sql)?;
        let rows = statement.query_map([assessment_id], |row| {
            let mut action = action_from_row(row)?;
            action.due_moves = json::<Vec<DueMove>>(row, "export_moves")?;
            let asset: Option<String> = row.get("export_asset")?;
            let asset = match asset {
                Some(text) => Some(label(serde_json::from_str(&text).map_err(|error| {
                    rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(error))
                })?)),
                None => None,
            };
            Ok(ActionRow {
                action,
                risk: row.get("export_risk")?,
                owner: row.get("export_owner")?,
                asset,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// This year's scope of `assessment_id` (its assets not retired) with their owners'
    /// names (one query), by name (ignoring case) then id, as `Store::assets` and the inventory list it.
    pub fn scope_rows(&self, assessment_id: Id) -> Result<Vec<AssetRow>> {
        let sql = format!(
            "WITH a AS ({assets} WHERE assessment_id = ?1)
             SELECT a.*, coalesce((SELECT name FROM people WHERE id = a.owner_id), '') AS export_owner
             FROM a WHERE NOT {RETIRED} ORDER BY a.name, a.id",
            assets = select_assets()
        );
        let mut statement = self.conn.prepare(&sql)?;
        let rows = statement.query_map([assessment_id], |row| {
            Ok(AssetRow {
                asset: asset_from_row(row)?,
                owner: row.get("export_owner")?,
            })
        })?;
        let mut rows: Vec<AssetRow> = rows.collect::<rusqlite::Result<_>>()?;
        crate::domain::order::sort_by_name(&mut rows, |row| &row.asset.name);
        Ok(rows)
    }

    /// The change log's last row, (id, hash), or None for an empty log: which moment of the
    /// file a read saw, to tell whether two connections read the same data.
    pub fn log_head(&self) -> Result<Option<(i64, String)>> {
        Ok(changelog::head(&self.conn)?.map(|(id, hash, _)| (id, hash)))
    }
}

impl Reader {
    /// Another read-only connection to this reader's file, for work beside this one's (an
    /// export's status while it reads its rows). The file passed its damage
    /// check when this reader opened, so it is not run again; what the two read is tied
    /// by `log_head`. Like the first, it reads an unshared file as immutable under a shared
    /// lock of its own, and otherwise through SQLite's journal, so an editor's save cannot
    /// change what it reads mid-way.
    pub fn sibling(&self) -> Result<Reader> {
        let path: &Path = &self.0.path;
        let file = File::open(path).map_err(|source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let conn = match open_unshared(path, &file)? {
            Some(conn) => conn,
            None => {
                Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
                    .map_err(|error| damaged(path, &error))?
            }
        };
        conn.busy_timeout(Duration::from_secs(5))?;
        // Opening is lazy: a file this connection cannot read (a folder where SQLite may not
        // make its shared-memory file) fails here, so the caller can do without it.
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |row| row.get::<_, i64>(0))
            .map_err(|error| damaged(path, &error))?;
        let mut store = Store::around(conn, path, Some(file));
        store.clock = self.0.clock;
        Ok(Reader(store))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plan SQLite picks for the register: each scenario's links first, then their
    /// assets by id, never the year's assets walked for every scenario (which took 45 s
    /// at 10,000 assets and 20,000 scenarios).
    #[test]
    fn the_register_query_reads_a_scenarios_links_before_their_assets() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let mut store = Store::in_memory("Clinic", "Ana", today).unwrap();
        let size = crate::sample::SampleSize {
            assets: 300,
            risks: 300,
            actions: 20,
            evidence: 2,
        };
        crate::sample::populate(&mut store, &size, today).unwrap();
        let mut statement = store
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {}", register_sql()))
            .unwrap();
        let plan: Vec<String> = statement
            .query_map(rusqlite::params![1, "[]"], |row| row.get::<_, String>(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let count = |text: &str| plan.iter().filter(|step| step.contains(text)).count();
        // The year's assets are searched by assessment once, for the scope's largest count.
        assert_eq!(count("assets_by_assessment"), 1, "{plan:#?}");
        // Both subqueries naming a scenario's assets find them by id from its links.
        assert_eq!(count("SEARCH a USING INTEGER PRIMARY KEY"), 2, "{plan:#?}");
    }
}
