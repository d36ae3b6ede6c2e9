//! A signed year stays as it was signed: the check of the change log after a final
//! sign-off (for `hipaa-ra log verify` and `hipaa-ra verify REPORT --workspace`).
//!
//! The replay (`replay`) shows that the data is what the log says, but a log row appended
//! after a sign-off with SQL, chained and with the right state digest, replays like any
//! other. So the log is walked from where the replay starts (its last genesis or
//! checkpoint row), a row at a time (`Walker`, fed by `log verify`'s one pass over the
//! log), following which assessment each row belongs to, and the first row that changes a
//! signed assessment is named:
//!
//! - An assessment is signed at the log row that creates its first `sign_offs` row, or at
//!   the starting row when that already holds a sign-off of it.
//! - From then on a row may not update or delete that sign-off, nor create another one of
//!   the assessment; nor create, update or delete a row of the assessment's records: the
//!   tables `carry::GUARDED` guards (by `assessment_id`, or through the asset, risk or
//!   review the row belongs to; an update counts for both the assessment it leaves and the
//!   one it joins), and the evidence links to its risks and actions (the store refuses to
//!   delete an evidence record a signed year cites, so no legitimate write removes one).
//! - A `signed_reports` row is never updated or deleted. It is created once per
//!   assessment, in the transaction of the sign-off: after the signing row, with every row
//!   from the signing row to it having the signing row's time and actor (the writer gives
//!   each transaction's rows one time, to the millisecond), and naming that sign-off.
//!
//! Then each stored signed report is checked against itself: its PDF and JSON against
//! their minisign signatures with its public key, and one of them against the SHA-256 its
//! assessment's sign-off recorded.
//!
//! A row's parent (a risk for an action) is looked up in what the walk has seen up to that
//! row, and a deleted parent is remembered with its last assessment, so a cascade that
//! deletes a risk and then its actions still finds the actions' assessment.

use std::collections::{HashMap, HashSet};
use std::io::Cursor;

use rusqlite::Connection;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::changelog::{LogEntry, hex};
use super::replay::DataStatus;
use super::{Result, Store};
use crate::domain::SignedReport;

type Image = Map<String, Value>;

/// How a row of a guarded table finds its assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Owner {
    /// The column holding the assessment's id.
    Column(&'static str),
    /// Through `asset_id`, `risk_id` or `review_id`.
    Asset,
    Risk,
    Review,
    /// An evidence link to a risk or an action (`target`, `target_ref`).
    Link,
    /// An action: its own `assessment_id` (from schema 12), else its risk's (older rows).
    Action,
}

/// The records of an assessment that its signature fixes (as `carry::GUARDED`, plus links).
const GUARDED: &[(&str, Owner)] = &[
    ("assessments", Owner::Column("id")),
    ("assets", Owner::Column("assessment_id")),
    ("safeguard_reviews", Owner::Column("assessment_id")),
    ("risks", Owner::Column("assessment_id")),
    ("inventory_prompts", Owner::Column("assessment_id")),
    ("carried_items", Owner::Column("assessment_id")),
    ("acknowledgments", Owner::Column("assessment_id")),
    ("coverage_notes", Owner::Asset),
    ("retired_assets", Owner::Asset),
    ("risk_assets", Owner::Risk),
    ("actions", Owner::Action),
    ("action_due_moves", Owner::Column("assessment_id")),
    ("incident_rescores", Owner::Column("assessment_id")),
    ("question_answers", Owner::Review),
    ("evidence_links", Owner::Link),
];

/// Where an assessment was signed.
#[derive(Debug, Clone)]
struct Signing {
    row: i64,
    date: String,
    sign_off_id: Option<i64>,
}

impl Signing {
    fn said(&self, assessment: i64) -> String {
        format!(
            "assessment {assessment}, which was signed at row {} ({})",
            self.row, self.date
        )
    }
}

/// What the walk knows at a row: each parent's assessment (a deleted one's last), the
/// signed assessments and those whose signed report was stored.
#[derive(Debug, Default)]
struct Walk {
    assets: HashMap<i64, i64>,
    risks: HashMap<i64, i64>,
    reviews: HashMap<i64, i64>,
    /// action id -> assessment id
    actions: HashMap<i64, i64>,
    signed: HashMap<i64, Signing>,
    reported: HashSet<i64>,
}

fn number(image: &Image, field: &str) -> Option<i64> {
    let value = image.get(field)?;
    value
        .as_i64()
        .or_else(|| value.as_str().and_then(|text| text.trim().parse().ok()))
}

fn text<'a>(image: &'a Image, field: &str) -> Option<&'a str> {
    image.get(field).and_then(Value::as_str)
}

fn parse(image: Option<&str>) -> Option<Image> {
    serde_json::from_str(image?).ok()
}

fn verb(operation: &str) -> &'static str {
    match operation {
        "create" => "creates",
        "delete" => "deletes",
        _ => "changes",
    }
}

/// The log fed to the walk one row at a time, from anywhere at or before its last
/// starting point (the one pass of `log verify`, or `check_signed_years` from the start):
/// the walk begins at the starting row, and the first row after it that changes a signed
/// assessment is kept.
///
/// The writer gives every row of one transaction the same time (to the millisecond) and
/// actor, so a transaction is a run of rows that share them; the walker follows where the
/// current run began, which is all a stored signed report needs to know of its
/// transaction (its sign-off must be earlier in the same run).
#[derive(Debug)]
pub(super) struct Walker {
    walk: Walk,
    /// The log's last genesis or checkpoint row; None: no walk (the replay names that).
    start: Option<i64>,
    /// The current run of rows sharing a time and an actor: (time, actor, first row id).
    run: Option<(String, String, i64)>,
    found: Option<(i64, String)>,
}

impl Walker {
    pub fn new(start: Option<i64>) -> Walker {
        Walker {
            walk: Walk::default(),
            start,
            run: None,
            found: None,
        }
    }

    /// The next row of the log, in order.
    pub fn feed(&mut self, row: &LogEntry) {
        let run_start = match &self.run {
            Some((at, actor, first)) if *at == row.at && *actor == row.actor => *first,
            _ => {
                self.run = Some((row.at.clone(), row.actor.clone(), row.id));
                row.id
            }
        };
        let Some(start) = self.start else { return };
        if self.found.is_some() || row.id < start {
            return;
        }
        if row.id == start {
            self.walk.start(row);
        } else if let Err(reason) = self.walk.row(row, run_start) {
            self.found = Some((row.id, reason));
        }
    }

    /// The first row that changed a signed year, else the stored signed reports checked
    /// against their signatures: None when every signed year is as it was signed.
    pub fn finish(self, conn: &Connection) -> Result<Option<DataStatus>> {
        if let Some((row, reason)) = self.found {
            return Ok(Some(DataStatus::AfterSigning {
                record: format!("change log row {row}"),
                reason,
            }));
        }
        stored_reports_problem(conn)
    }
}

impl Walk {
    /// What a genesis or checkpoint row holds: parents, sign-offs, stored reports.
    fn start(&mut self, row: &LogEntry) {
        let Some(start) = parse(row.after.as_deref()) else {
            return;
        };
        let images = |table: &str| -> Vec<Image> {
            let mut images: Vec<Image> = start
                .get("rows")
                .and_then(|rows| rows.get(table))
                .and_then(Value::as_object)
                .map(|rows| rows.values().filter_map(|image| parse(image.as_str())).collect())
                .unwrap_or_default();
            images.sort_by_key(|image| number(image, "id"));
            images
        };
        for table in ["assets", "risks", "safeguard_reviews", "actions"] {
            for image in images(table) {
                self.remember(table, Some(&image));
            }
        }
        for sign_off in images("sign_offs") {
            if let Some(assessment) = number(&sign_off, "assessment_id") {
                self.signed.entry(assessment).or_insert_with(|| Signing {
                    row: row.id,
                    date: signed_date(&sign_off, row),
                    sign_off_id: number(&sign_off, "id"),
                });
            }
        }
        for report in images("signed_reports") {
            self.reported.extend(number(&report, "assessment_id"));
        }
    }

    /// A row after the start; `run_start` is the first row of its transaction's run.
    fn row(&mut self, row: &LogEntry, run_start: i64) -> Result<(), String> {
        let table = row.entity.as_str();
        let owner = GUARDED.iter().find(|(name, _)| *name == table).map(|(_, owner)| *owner);
        if owner.is_none() && table != "sign_offs" && table != "signed_reports" {
            return Ok(());
        }
        let (before, after) = (parse(row.before.as_deref()), parse(row.after.as_deref()));
        match (table, owner) {
            ("sign_offs", _) => self.sign_off(row, before.as_ref(), after.as_ref())?,
            ("signed_reports", _) => self.signed_report(row, run_start, after.as_ref())?,
            (_, Some(owner)) => self.guarded(row, owner, before.as_ref(), after.as_ref())?,
            _ => {}
        }
        self.remember(table, after.as_ref());
        Ok(())
    }

    fn sign_off(&mut self, row: &LogEntry, before: Option<&Image>, after: Option<&Image>) -> Result<(), String> {
        let doing = verb(&row.operation);
        if row.operation == "create" {
            let Some(after) = after else { return Ok(()) };
            let Some(assessment) = number(after, "assessment_id") else {
                return Ok(());
            };
            if let Some(signing) = self.signed.get(&assessment) {
                return Err(format!(
                    "it creates sign_offs {}, a second sign-off of {}: a signed year keeps its one signature",
                    row.entity_id,
                    signing.said(assessment)
                ));
            }
            self.signed.insert(
                assessment,
                Signing {
                    row: row.id,
                    date: signed_date(after, row),
                    sign_off_id: number(after, "id"),
                },
            );
            return Ok(());
        }
        for image in [before, after].into_iter().flatten() {
            if let Some(assessment) = number(image, "assessment_id")
                && let Some(signing) = self.signed.get(&assessment)
            {
                return Err(format!(
                    "it {doing} sign_offs {}, the signature of {}",
                    row.entity_id,
                    signing.said(assessment)
                ));
            }
        }
        Ok(())
    }

    fn signed_report(&mut self, row: &LogEntry, run_start: i64, after: Option<&Image>) -> Result<(), String> {
        let report = format!(
            "signed_reports {0} (the signed report of assessment {0})",
            row.entity_id
        );
        if row.operation != "create" {
            return Err(format!(
                "it {} {report}: a stored signed report is kept as it was signed",
                verb(&row.operation)
            ));
        }
        let Some(assessment) = after.and_then(|after| number(after, "assessment_id")) else {
            return Ok(());
        };
        if !self.reported.insert(assessment) {
            return Err(format!("it creates {report}, a second signed report of the assessment"));
        }
        let Some(signing) = self.signed.get(&assessment) else {
            return Err(format!(
                "it creates {report}, but the assessment has no sign-off: a signed report is stored with its sign-off"
            ));
        };
        // The sign-off's row is earlier in this row's run: the same transaction.
        let signed_here = (run_start..row.id).contains(&signing.row);
        if !signed_here {
            return Err(format!(
                "it creates {report} outside the transaction of the sign-off of {}: a signed report is \
                 stored with its sign-off",
                signing.said(assessment)
            ));
        }
        let names = after.and_then(|after| number(after, "sign_off_id"));
        if names != signing.sign_off_id {
            return Err(format!(
                "it creates {report} naming sign-off {}, but the assessment was signed by sign-off {}",
                names.map_or_else(|| "none".to_string(), |id| id.to_string()),
                signing
                    .sign_off_id
                    .map_or_else(|| "none".to_string(), |id| id.to_string())
            ));
        }
        Ok(())
    }

    fn guarded(
        &self,
        row: &LogEntry,
        owner: Owner,
        before: Option<&Image>,
        after: Option<&Image>,
    ) -> Result<(), String> {
        for image in [before, after].into_iter().flatten() {
            let Some(assessment) = self.assessment_of(owner, image) else {
                continue;
            };
            let Some(signing) = self.signed.get(&assessment) else {
                continue;
            };
            let doing = verb(&row.operation);
            return Err(if row.entity == "assessments" {
                format!("it {doing} {}", signing.said(assessment))
            } else {
                format!(
                    "it {doing} {} {} of {}",
                    row.entity,
                    row.entity_id,
                    signing.said(assessment)
                )
            });
        }
        Ok(())
    }

    fn assessment_of(&self, owner: Owner, image: &Image) -> Option<i64> {
        match owner {
            Owner::Column(column) => number(image, column),
            Owner::Asset => self.assets.get(&number(image, "asset_id")?).copied(),
            Owner::Risk => self.risks.get(&number(image, "risk_id")?).copied(),
            Owner::Review => self.reviews.get(&number(image, "review_id")?).copied(),
            Owner::Link => {
                let id = number(image, "target_ref")?;
                match text(image, "target")? {
                    "risk" => self.risks.get(&id).copied(),
                    "action" => self.actions.get(&id).copied(),
                    _ => None,
                }
            }
            Owner::Action => self.action_assessment(image),
        }
    }

    /// An action's assessment: its own column (schema 12 on), else its risk's.
    fn action_assessment(&self, image: &Image) -> Option<i64> {
        number(image, "assessment_id").or_else(|| self.risks.get(&number(image, "risk_id")?).copied())
    }

    /// Follows a parent's assessment. A deleted row is kept with its last value, for the
    /// rows a cascade deletes after it.
    fn remember(&mut self, table: &str, after: Option<&Image>) {
        if table == "actions" {
            if let Some(after) = after
                && let (Some(id), Some(assessment)) = (number(after, "id"), self.action_assessment(after))
            {
                self.actions.insert(id, assessment);
            }
            return;
        }
        let (map, column) = match table {
            "assets" => (&mut self.assets, "assessment_id"),
            "risks" => (&mut self.risks, "assessment_id"),
            "safeguard_reviews" => (&mut self.reviews, "assessment_id"),
            _ => return,
        };
        if let Some(after) = after
            && let (Some(id), Some(value)) = (number(after, "id"), number(after, column))
        {
            map.insert(id, value);
        }
    }
}

/// The date a sign-off was signed: its `signed_at`, else the log row's time.
fn signed_date(sign_off: &Image, row: &LogEntry) -> String {
    let at = text(sign_off, "signed_at").unwrap_or(&row.at);
    at.get(..10).unwrap_or(at).to_string()
}

/// Why a stored signed report is not what was signed, or None. `recorded` holds the
/// SHA-256 values the assessment's sign-offs recorded.
pub(super) fn signed_report_problem(report: &SignedReport, recorded: &[String]) -> Option<String> {
    let Ok(key) = minisign::PublicKey::from_base64(report.public_key.trim()) else {
        return Some("its public key is not a minisign public key".to_string());
    };
    for (name, bytes, signature) in [
        ("PDF", &report.pdf, &report.pdf_signature),
        ("JSON", &report.json, &report.json_signature),
    ] {
        let Ok(signature) = minisign::SignatureBox::from_string(signature) else {
            return Some(format!("its {name} signature is not a minisign signature"));
        };
        if let Err(error) = minisign::verify(&key, &signature, Cursor::new(bytes), true, false, false) {
            return Some(format!(
                "its stored {name} no longer matches its signature ({error}): the signed bytes were altered"
            ));
        }
    }
    let pdf = hex(&Sha256::digest(&report.pdf));
    let json = hex(&Sha256::digest(&report.json));
    if recorded.iter().any(|sha256| *sha256 == pdf || *sha256 == json) {
        return None;
    }
    Some(format!(
        "neither its PDF (SHA-256 {pdf}) nor its JSON (SHA-256 {json}) is the report the assessment's \
         sign-off recorded ({})",
        if recorded.is_empty() {
            "it has none".to_string()
        } else {
            recorded.join(", ")
        }
    ))
}

/// Every stored signed report checked against its signatures and its sign-off.
fn stored_reports_problem(conn: &Connection) -> Result<Option<DataStatus>> {
    let present: bool = conn.query_row(
        "SELECT count(*) = 2 FROM sqlite_schema WHERE type = 'table' AND name IN ('signed_reports', 'sign_offs')",
        [],
        |row| row.get(0),
    )?;
    if !present {
        return Ok(None);
    }
    let mut recorded = conn.prepare("SELECT report_sha256 FROM sign_offs WHERE assessment_id = ?1 ORDER BY id")?;
    for report in super::signed::read_all(conn)? {
        let hashes = recorded
            .query_map([report.assessment_id], |row| row.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        if let Some(reason) = signed_report_problem(&report, &hashes) {
            return Ok(Some(DataStatus::AfterSigning {
                record: format!(
                    "signed_reports {0} (the signed report of assessment {0})",
                    report.assessment_id
                ),
                reason,
            }));
        }
    }
    Ok(None)
}

impl Store {
    /// Whether every signed year is as it was signed: no change-log row after a sign-off
    /// changes the signed assessment's records, its sign-off or its stored signed report,
    /// and each stored signed report still matches its signatures. None when all is well.
    /// Reads the log from its last starting point, a row at a time (`check_data` does
    /// not read it: it is the cheap check; `verify_history` walks it in its one pass).
    pub fn check_signed_years(&self) -> Result<Option<DataStatus>> {
        self.reading(|store| {
            let start = super::replay::starting_points(&store.conn)?.last().map(|(id, _)| *id);
            let mut walker = Walker::new(start);
            if let Some(start) = start {
                super::changelog::each_row(&store.conn, start, |row| {
                    walker.feed(&row);
                    true
                })?;
            }
            walker.finish(&store.conn)
        })
    }
}

#[cfg(test)]
mod tests {
    /// Every table the signed-year triggers guard (`carry::GUARDED`) is walked here too,
    /// so a change-log row appended behind the store cannot change a signed year's rows of
    /// a table the walk forgot.
    #[test]
    fn the_walk_covers_every_table_the_triggers_guard() {
        for (table, _) in super::super::carry::GUARDED {
            assert!(
                super::GUARDED.iter().any(|(walked, _)| walked == table),
                "{table} is guarded by the triggers but not walked by log verify"
            );
        }
    }
}
