//! Each assessment's share of the state digest, so a command that prints one year checks
//! the rows of that year (and the rows every year shares), not every year's.
//!
//! The state digest (see `changelog`) is a sum of row hashes, so it splits into a sum of
//! parts: one per assessment (the rows of a table with an `assessment_id` column, by that
//! column, and a scenario's asset links, `risk_assets`, by their scenario's assessment) and
//! one for the rows shared by all years (the practice, people, evidence, the assessments
//! themselves, actions' due-date moves, the program records, ...). Actions have their own
//! `assessment_id` from schema 12, so they are their year's. The last log row each write appends carries every part in its
//! `state`, after the total: `<total> shared=<hex> 1=<hex> 2=<hex>`. The state is hashed
//! with the row, so the parts are covered by the chain like the total; a part whose rows
//! are all gone (zero) is left out. Rows in the middle of a write keep the total alone.
//!
//! A reader that prints assessment 5 (`replay::head_check_of`) checks the head's hash, that
//! its parts add up to its total, and that the `shared` and `5` parts equal digests of
//! those rows read from the tables. An edit of another year's row is therefore not seen by
//! that reader: `check`, the TUI's open and `log verify` check every row, and `log verify`
//! also checks every row's parts against its replay.

use std::collections::{BTreeMap, HashMap, HashSet};

use rusqlite::{Connection, OptionalExtension};

use super::Result;
use super::changelog::{self, GENESIS, StateDigest};
use super::images::{self, TableShape, quoted};
use super::writer::NetChange;

/// The part of the rows every year shares.
pub(super) const SHARED: &str = "shared";

/// A scenario's asset links, which belong to their scenario's assessment.
const LINKS: &str = "risk_assets";

/// Each part's digest, by its name (`shared` or an assessment's id).
pub(super) type Parts = BTreeMap<String, StateDigest>;

/// The total of a stored state (its first word): the digest every check compares.
pub(super) fn total_of(state: &str) -> &str {
    state.split(' ').next().unwrap_or_default()
}

/// The parts a stored state carries, if it carries them (a write's last row, from schema
/// 10 on); None for a state that is the total alone or does not parse.
pub(super) fn parts_of(state: &str) -> Option<Parts> {
    let mut words = state.split(' ');
    words.next()?;
    let mut parts = Parts::new();
    let mut any = false;
    for word in words {
        let (name, digest) = word.split_once('=')?;
        parts.insert(name.to_string(), StateDigest::from_hex(digest)?);
        any = true;
    }
    any.then_some(parts)
}

/// The state text of a row that carries its parts.
pub(super) fn state_with_parts(total: &StateDigest, parts: &Parts) -> String {
    let mut text = total.to_hex();
    for (name, digest) in parts {
        if *digest != StateDigest::default() {
            text.push_str(&format!(" {name}={}", digest.to_hex()));
        }
    }
    text
}

/// The sum of the parts.
pub(super) fn sum(parts: &Parts) -> StateDigest {
    let mut total = StateDigest::default();
    for digest in parts.values() {
        total.add(&digest_bytes(digest));
    }
    total
}

pub(super) fn digest_bytes(digest: &StateDigest) -> [u8; 32] {
    let mut bytes = [0u8; 32];
    let hex = digest.to_hex();
    for (i, byte) in bytes.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&hex[i * 2..i * 2 + 2], 16).unwrap_or_default();
    }
    bytes
}

/// Two parts compared as the sum treats them: a missing part is zero.
pub(super) fn same_parts(a: &Parts, b: &Parts) -> bool {
    let zero = StateDigest::default();
    let nonzero = |parts: &Parts| -> Parts {
        parts
            .iter()
            .filter(|(_, digest)| **digest != zero)
            .map(|(name, digest)| (name.clone(), *digest))
            .collect()
    };
    nonzero(a) == nonzero(b)
}

/// The number after `"key":` in a row image (the images are flat JSON objects built by
/// SQLite, where a quote inside a text value is always escaped, so the pattern only
/// matches the column itself).
fn number_after(image: &str, key: &str) -> Option<i64> {
    // Read for every row of `log verify`'s replay: no allocation, only a search and a parse.
    let at = image.match_indices(key).find_map(|(at, _)| {
        let quoted = at > 0 && image[..at].ends_with('"');
        let rest = &image[at + key.len()..];
        (quoted && rest.starts_with("\":")).then_some(at + key.len() + 2)
    })?;
    let rest = &image[at..];
    let end = rest
        .char_indices()
        .find(|&(index, c)| !(c.is_ascii_digit() || (index == 0 && c == '-')))
        .map_or(rest.len(), |(index, _)| index);
    rest[..end].parse().ok()
}

/// Which part a row belongs to, as the writer and the replay decide it from the row's
/// image: the tables with an `assessment_id` column by that column; a scenario's asset
/// link by its scenario's assessment (`assessment_of_risk`); everything else is shared.
/// The table of action due-date moves (see `Sorter::new`).
const DUE_MOVES: &str = "action_due_moves";

pub(super) struct Sorter {
    by_assessment: HashSet<String>,
}

impl Sorter {
    pub(super) fn new(tables: &[TableShape]) -> Sorter {
        Sorter {
            by_assessment: tables
                .iter()
                .filter(|table| table.columns.iter().any(|(column, _)| column == "assessment_id"))
                // A due date's moves are read by their action, not by the assessment they
                // name, so a move naming another year would print unchecked: they are
                // checked with the shared rows on every print instead.
                .filter(|table| table.name != DUE_MOVES)
                .map(|table| table.name.clone())
                .collect(),
        }
    }

    pub(super) fn part_of(
        &self,
        table: &str,
        image: &str,
        assessment_of_risk: &mut dyn FnMut(i64) -> Option<i64>,
    ) -> String {
        let assessment = if self.by_assessment.contains(table) {
            number_after(image, "assessment_id")
        } else if table == LINKS {
            number_after(image, "risk_id").and_then(assessment_of_risk)
        } else {
            None
        };
        assessment.map_or_else(|| SHARED.to_string(), |id| id.to_string())
    }
}

/// The parts, kept up to date row by row (the replay of `log verify`): scenarios'
/// assessments are remembered as they are seen, and kept after a scenario is deleted, so
/// a link deleted with its scenario is still found in the scenario's year.
pub(super) struct Tracker {
    sorter: Sorter,
    pub parts: Parts,
    risk_assessment: HashMap<i64, i64>,
}

impl Tracker {
    pub(super) fn new(tables: &[TableShape]) -> Tracker {
        Tracker {
            sorter: Sorter::new(tables),
            parts: Parts::new(),
            risk_assessment: HashMap::new(),
        }
    }

    /// Adds (`sign` true) or removes one row image with its hash.
    pub(super) fn apply(&mut self, table: &str, key: &str, image: &str, hash: &[u8; 32], add: bool) {
        if table == "risks"
            && let (Ok(id), Some(assessment)) = (key.parse::<i64>(), number_after(image, "assessment_id"))
        {
            self.risk_assessment.insert(id, assessment);
        }
        let known = &self.risk_assessment;
        let part = self.sorter.part_of(table, image, &mut |risk| known.get(&risk).copied());
        let digest = self.parts.entry(part).or_default();
        if add {
            digest.add(hash);
        } else {
            digest.subtract(hash);
        }
    }
}

/// The SQL of a table's rows of one part: `(WHERE clause, parameter is the assessment)`.
fn rows_of(table: &TableShape, sorter: &Sorter, part: Option<i64>) -> Option<String> {
    let scoped = sorter.by_assessment.contains(&table.name);
    match (part, scoped, table.name == LINKS) {
        (Some(_), true, _) => Some("WHERE assessment_id = ?1".to_string()),
        (Some(_), false, true) => Some("WHERE risk_id IN (SELECT id FROM risks WHERE assessment_id = ?1)".to_string()),
        (Some(_), false, false) => None,
        (None, true, _) => Some("WHERE assessment_id IS NULL".to_string()),
        (None, false, true) => None,
        (None, false, false) => Some(String::new()),
    }
}

/// The digest of one part read from the tables: `None` the shared rows, `Some(id)` that
/// assessment's rows (through the indexes on `assessment_id` and the links' key).
pub(super) fn part_from_data(conn: &Connection, tables: &[TableShape], part: Option<i64>) -> Result<StateDigest> {
    let sorter = Sorter::new(tables);
    let mut digest = StateDigest::default();
    for table in tables {
        let Some(filter) = rows_of(table, &sorter, part) else {
            continue;
        };
        let mut statement = conn.prepare_cached(&format!(
            "SELECT {}, {} FROM {} {filter}",
            table.key_sql(""),
            table.image_sql(""),
            quoted(&table.name)
        ))?;
        let mut rows = match part {
            Some(id) => statement.query([id])?,
            None => statement.query([])?,
        };
        while let Some(row) = rows.next()? {
            let key = row.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
            let image = row.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?;
            digest.add(&StateDigest::row(&table.name, key, image));
        }
    }
    Ok(digest)
}

/// Every part read from the tables (after an upgrade or a checkpoint, when the write
/// before left none to continue from): one read of the data.
fn all_parts_from_data(conn: &Connection) -> Result<Parts> {
    images::register_functions(conn)?;
    let tables = images::tables(conn)?;
    let mut tracker = Tracker::new(&tables);
    // Scenarios first, so their links find their assessment.
    let mut ordered: Vec<&TableShape> = tables.iter().collect();
    ordered.sort_by_key(|table| table.name != "risks");
    for table in ordered {
        // Row by row, never a whole table in memory (the risks of five years are 100 MB).
        let mut statement = conn.prepare(&format!(
            "SELECT {}, {} FROM {}",
            table.key_sql(""),
            table.image_sql(""),
            quoted(&table.name)
        ))?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            let key = row.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
            let image = row.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?;
            let hash = StateDigest::row(&table.name, key, image);
            tracker.apply(&table.name, key, image, &hash, true);
        }
    }
    Ok(tracker.parts)
}

/// The log's head as a write found it: (id, state).
pub(super) type HeadBefore = Option<(i64, Option<String>)>;

/// The head before a write, for `seal`.
pub(super) fn head_before(conn: &Connection) -> Result<HeadBefore> {
    Ok(changelog::head(conn)?.map(|(id, _, state)| (id, state)))
}

/// Writes every part into the state of the last row a write appended (and its hash with
/// it; nothing chains on that row yet): the parts at the head before the write, with the
/// write's row changes applied, or read from the data when there are none to continue
/// from (the first write after an upgrade) or the write started the replay again (a
/// genesis or checkpoint). Parts that would not add up to the row's total are not
/// written (the data was not what the log said before this write): the row keeps its
/// total alone, and every reader then checks all the data, and names the difference.
pub(super) fn seal(conn: &Connection, before: &HeadBefore, changes: &[NetChange]) -> Result<()> {
    let Some(mut head) = conn
        .query_row(
            &format!(
                "SELECT {} FROM change_log ORDER BY id DESC LIMIT 1",
                changelog::LOG_COLUMNS
            ),
            [],
            changelog::log_entry,
        )
        .optional()?
    else {
        return Ok(());
    };
    let before_id = before.as_ref().map_or(0, |(id, _)| *id);
    if head.id <= before_id {
        return Ok(());
    }
    let Some(total) = head.state.as_deref().map(total_of).and_then(StateDigest::from_hex) else {
        return Ok(());
    };
    let restarted: bool = conn.query_row(
        "SELECT count(*) > 0 FROM change_log WHERE entity IN ('genesis', 'checkpoint') AND id > ?1",
        [before_id],
        |row| row.get(0),
    )?;
    let continued = match before {
        Some((_, Some(state))) if !restarted => parts_of(state),
        _ => None,
    };
    let parts = match continued {
        Some(parts) => with_changes(conn, parts, changes)?,
        None => all_parts_from_data(conn)?,
    };
    if sum(&parts) != total {
        tracing::warn!(
            row = head.id,
            "the parts of the state do not add up to it; not recorded"
        );
        return Ok(());
    }
    if head.entity == GENESIS && parts.is_empty() {
        return Ok(());
    }
    head.state = Some(state_with_parts(&total, &parts));
    let hash = changelog::row_hash(&head);
    conn.execute(
        "UPDATE change_log SET state = ?1, hash = ?2 WHERE id = ?3",
        rusqlite::params![head.state, hash, head.id],
    )?;
    Ok(())
}

/// The parts with one write's row changes applied. A scenario's assessment is looked up
/// in the data, or in the write's own changes for one it deleted.
fn with_changes(conn: &Connection, mut parts: Parts, changes: &[NetChange]) -> Result<Parts> {
    let tables = images::tables(conn)?;
    let sorter = Sorter::new(&tables);
    let mut changed_risks: HashMap<i64, i64> = HashMap::new();
    for change in changes.iter().filter(|change| change.table == "risks") {
        for image in [&change.before, &change.after].into_iter().flatten() {
            if let (Ok(id), Some(assessment)) = (change.key.parse(), number_after(image, "assessment_id")) {
                changed_risks.entry(id).or_insert(assessment);
            }
        }
    }
    let mut lookup = conn.prepare_cached("SELECT assessment_id FROM risks WHERE id = ?1")?;
    let mut assessment_of_risk = |risk: i64| -> Option<i64> {
        lookup
            .query_row([risk], |row| row.get(0))
            .optional()
            .ok()
            .flatten()
            .or_else(|| changed_risks.get(&risk).copied())
    };
    for change in changes.iter().filter(|change| change.before != change.after) {
        if let Some(before) = &change.before {
            let part = sorter.part_of(&change.table, before, &mut assessment_of_risk);
            parts
                .entry(part)
                .or_default()
                .subtract(&StateDigest::row(&change.table, &change.key, before));
        }
        if let Some(after) = &change.after {
            let part = sorter.part_of(&change.table, after, &mut assessment_of_risk);
            parts
                .entry(part)
                .or_default()
                .add(&StateDigest::row(&change.table, &change.key, after));
        }
    }
    Ok(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_state_with_parts_reads_back_and_its_total_is_the_first_word() {
        let mut parts = Parts::new();
        parts.insert(SHARED.to_string(), StateDigest::from_hex(&"0a".repeat(32)).unwrap());
        parts.insert("3".to_string(), StateDigest::from_hex(&"01".repeat(32)).unwrap());
        parts.insert("4".to_string(), StateDigest::default());
        let total = sum(&parts);
        let text = state_with_parts(&total, &parts);
        assert_eq!(total_of(&text), total.to_hex());
        let read = parts_of(&text).unwrap();
        assert!(same_parts(&read, &parts));
        assert!(!read.contains_key("4"), "a zero part is left out");
        assert_eq!(parts_of(&total.to_hex()), None, "the total alone has no parts");
        assert_eq!(parts_of(&format!("{} 3=zz", total.to_hex())), None);
    }

    #[test]
    fn a_number_is_read_only_from_its_own_column() {
        let image = r#"{"id":4,"notes":"\"assessment_id\":9","assessment_id":12}"#;
        assert_eq!(number_after(image, "assessment_id"), Some(12));
        assert_eq!(number_after(r#"{"risk_id":7,"asset_id":2}"#, "risk_id"), Some(7));
        assert_eq!(number_after(r#"{"prior_risk_id":7,"risk_id":-3}"#, "risk_id"), Some(-3));
        assert_eq!(number_after(r#"{"risk_id":null}"#, "risk_id"), None);
        assert_eq!(number_after(r#"{"id":1}"#, "risk_id"), None);
    }
}
