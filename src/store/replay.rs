//! Checking that the change log and the data agree, at two costs.
//!
//! `check_data` is what a user waits for (the open, every export, the report, `check`,
//! the portfolio): it costs one read of the data, whatever the length of the history. The
//! log's head row against its own hash, its starting points (genesis and checkpoints, by
//! their index) against the file's schema, and the head's state digest (the multiset
//! digest of every row image, see `changelog`) against a digest of the tables
//! (`images::data_digest`). Only when the digests differ does it replay the log, to name
//! the record that differs. A store remembers a check that passed (`CheckMemo`) until
//! its connection sees the file change, so a command pays for it once.
//!
//! `verify_history` (`hipaa-ra log verify`, and a report before it is signed) checks
//! everything in one pass over the log, a row at a time: the chain of every row, the
//! replay from the last starting point into every table's row images with each row's
//! state digest, and the walk of signed years (`signed_history`); then the replayed images
//! against every table and every stored evidence file against its record, naming the
//! first record that differs and the field.
//!
//! What the cheap check leaves to `log verify`: a row before the head edited, removed or
//! inserted (the chain), and a signed year changed through correctly chained rows. What
//! neither can detect: the hashes are not keyed, so someone holding the file can rewrite
//! the data and the whole log consistently. Only a signed report, which records the log
//! head (see `passes_through`), pins the history down.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, BTreeSet};

use rusqlite::{Connection, OptionalExtension};

use super::changelog::{
    self, CHECKPOINT, ChainCheck, ChainStatus, GENESIS, LOG_COLUMNS, LogEntry, NOTE, StateDigest, row_hash_matches,
};
use super::scopes::{self, Parts, Tracker};
use super::{Result, Store, StoreError};
use super::{images, signed_history};

/// Whether the data is what the change log says it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataStatus {
    /// The log chains and accounts for every row; its length and last hash.
    Consistent { entries: u64, last_hash: String },
    /// The log's chain is broken at this row.
    Broken { row: i64, reason: String },
    /// A record (for example "risks 12", "change log") differs from what the log records.
    Differs { record: String, reason: String },
    /// A signed year was changed after its signature ("change log row 812"), or a stored
    /// signed report no longer matches its signature (see `signed_history`).
    AfterSigning { record: String, reason: String },
}

impl DataStatus {
    /// One line saying what is wrong, or None when all is well.
    pub fn problem(&self) -> Option<String> {
        match self {
            DataStatus::Consistent { .. } => None,
            DataStatus::Broken { row, reason } => Some(format!("the change log is broken at row {row}: {reason}")),
            DataStatus::Differs { record, reason } | DataStatus::AfterSigning { record, reason } => {
                Some(format!("{record}: {reason}"))
            }
        }
    }
}

/// Whether a workspace's history still passes through a given log row (a signed report's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeadStatus {
    /// The row is there with that hash and the chain is intact to the end (`entries` rows).
    Passes { entries: u64 },
    /// It does not; why.
    Departs(String),
}

fn differs(record: impl Into<String>, reason: impl Into<String>) -> DataStatus {
    DataStatus::Differs {
        record: record.into(),
        reason: reason.into(),
    }
}

/// table -> key -> image text
type Images = BTreeMap<String, BTreeMap<String, String>>;

/// A data check that passed on a store's connection, and when: what the connection saw
/// (`PRAGMA data_version`, which moves when another connection commits, and the log's
/// head, which moves when this one writes through the store). Several commands check
/// more than once (an export and its model, a report and its signature, the portfolio's
/// per-file calls); the work is done once, and again only after the file changed.
#[derive(Debug, Default)]
pub(super) struct CheckMemo {
    passed: RefCell<Option<Passed>>,
    /// How many data checks actually ran (read the tables); for the tests of the memo.
    runs: Cell<u64>,
}

/// A check that passed: when, its verdict, and what it covered (None: every row; else the
/// shared rows and these assessments' rows, see `Store::check_data_of`).
#[derive(Debug)]
struct Passed {
    seen: Seen,
    status: DataStatus,
    years: Option<BTreeSet<i64>>,
}

/// What a connection saw of the file: its data version and the log head (id, hash).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Seen {
    data_version: i64,
    head: Option<(i64, String)>,
}

impl Seen {
    /// Read inside the snapshot the check runs in: the head first, so the read
    /// transaction has begun and `data_version` is this snapshot's.
    fn of(conn: &Connection) -> Result<Seen> {
        let head = conn
            .query_row("SELECT id, hash FROM change_log ORDER BY id DESC LIMIT 1", [], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })
            .optional()?;
        let data_version = conn.query_row("PRAGMA data_version", [], |row| row.get(0))?;
        Ok(Seen { data_version, head })
    }
}

impl CheckMemo {
    /// The passed check at `seen` that covers `years` (None: every row), if one is kept.
    fn get(&self, seen: &Seen, years: Option<&BTreeSet<i64>>) -> Option<DataStatus> {
        match &*self.passed.borrow() {
            Some(passed) if passed.seen == *seen => {
                let covers = match (&passed.years, years) {
                    (None, _) => true,
                    (Some(checked), Some(wanted)) => wanted.is_subset(checked),
                    (Some(_), None) => false,
                };
                covers.then(|| passed.status.clone())
            }
            _ => None,
        }
    }

    /// Keeps a passed check; a failed one is not kept (it ends the command, and its
    /// replay names the record each time).
    fn keep(&self, seen: Seen, status: &DataStatus, years: Option<BTreeSet<i64>>) {
        if matches!(status, DataStatus::Consistent { .. }) {
            *self.passed.borrow_mut() = Some(Passed {
                seen,
                status: status.clone(),
                years,
            });
        }
    }

    /// Forgets the passed check (the connection changed the file behind the store).
    pub fn forget(&self) {
        *self.passed.borrow_mut() = None;
    }
}

/// What the one pass over the log does besides the chain (see `replay`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Pass {
    /// The replay against the tables and the stored files (`check_data`'s naming of a
    /// difference, the check before an upgrade).
    Replay,
    /// The replay and the walk of signed years (`log verify`).
    ReplayAndSignedYears,
}

impl Store {
    /// The full check (`log verify`): in one pass over the log, read a row at a time, the
    /// chain of every row, the replay from the last starting point and the walk of signed
    /// years; then the replayed images against every table, stored files re-hashed and
    /// every stored signed report against its signatures (`signed_history`).
    pub fn verify_history(&self) -> Result<DataStatus> {
        self.reading(|store| {
            let seen = Seen::of(&store.conn)?;
            let status = replay(&store.conn, Pass::ReplayAndSignedYears)?;
            store.check_memo.keep(seen, &status, None);
            Ok(status)
        })
    }

    /// The check a user waits for, which costs one read of the data whatever the length
    /// of the history: the log's head row against its own hash, its starting points, and
    /// the head's state digest against a digest of the tables (`head_check`). Only when
    /// they differ does it replay, to name the record. A passed check is remembered for
    /// this connection until the file changes (`CheckMemo`). Detects the same edits as
    /// `verify_history` except a change to a log row before the last (the chain) and a
    /// signed year changed through a correctly chained log, which `log verify` finds.
    pub fn check_data(&self) -> Result<DataStatus> {
        self.reading(|store| match store.head_checked()? {
            Some(status) => Ok(status),
            None => replay(&store.conn, Pass::Replay),
        })
    }

    /// `head_check` on this store's connection, remembered when it passes: a reader's open
    /// runs it beside the damage check, so the reader's `refuse_uncovered` costs nothing.
    pub(super) fn head_checked(&self) -> Result<Option<DataStatus>> {
        self.reading(|store| {
            let seen = Seen::of(&store.conn)?;
            if let Some(status) = store.check_memo.get(&seen, None) {
                return Ok(Some(status));
            }
            store.check_memo.runs.set(store.check_memo.runs.get() + 1);
            let status = head_check(&store.conn)?;
            if let Some(status) = &status {
                store.check_memo.keep(seen, status, None);
            }
            Ok(status)
        })
    }

    /// The check of a command that prints one assessment (an export, the report): like
    /// `check_data`, but of the rows every year shares and of the rows of `assessment`
    /// (a report that prints the changes since the year it was carried from checks that
    /// year too), which costs what those rows cost, not every year's (`head_check_of`). An edit of another
    /// year's row is not looked at here: `check`, the TUI's open and `log verify` check
    /// every row. Remembered like `check_data`'s.
    pub fn check_data_of(&self, assessment: crate::domain::Id) -> Result<DataStatus> {
        self.reading(|store| match store.head_checked_of(assessment)? {
            Some(status) => Ok(status),
            None => replay(&store.conn, Pass::Replay),
        })
    }

    /// `head_check_of` on this store's connection, remembered when it passes.
    pub(super) fn head_checked_of(&self, assessment: crate::domain::Id) -> Result<Option<DataStatus>> {
        self.reading(|store| {
            let seen = Seen::of(&store.conn)?;
            let years: BTreeSet<i64> = BTreeSet::from([assessment]);
            if let Some(status) = store.check_memo.get(&seen, Some(&years)) {
                return Ok(Some(status));
            }
            store.check_memo.runs.set(store.check_memo.runs.get() + 1);
            let status = head_check_of(&store.conn, &years)?;
            if let Some(status) = &status {
                store.check_memo.keep(seen, status, Some(years));
            }
            Ok(status)
        })
    }

    /// For tests of tamper detection only: the head's state and hash as someone who edited
    /// `assessment`'s rows would rewrite them, its part set to the digest of those rows as
    /// they are now, and the difference taken from `compensate`'s part when given (so the
    /// parts still add up to the total), the hash recomputed as the format says.
    #[doc(hidden)]
    pub fn forge_head_part_for_tests(&self, assessment: i64, compensate: Option<i64>) -> Result<(String, String)> {
        let mut head = self.conn.query_row(
            &format!("SELECT {LOG_COLUMNS} FROM change_log ORDER BY id DESC LIMIT 1"),
            [],
            changelog::log_entry,
        )?;
        let state = head.state.clone().unwrap_or_default();
        let mut parts = scopes::parts_of(&state).ok_or_else(|| StoreError::Invalid("no parts".to_string()))?;
        images::register_functions(&self.conn)?;
        let now = scopes::part_from_data(&self.conn, &images::tables(&self.conn)?, Some(assessment))?;
        let was = parts.insert(assessment.to_string(), now).unwrap_or_default();
        if let Some(other) = compensate {
            let mut moved = parts.get(&other.to_string()).copied().unwrap_or_default();
            // other + was - now: the sum is unchanged.
            moved = scopes::sum(&Parts::from([("a".to_string(), moved), ("b".to_string(), was)]));
            let mut negated = StateDigest::default();
            negated.subtract(&scopes::digest_bytes(&now));
            moved = scopes::sum(&Parts::from([("a".to_string(), moved), ("b".to_string(), negated)]));
            parts.insert(other.to_string(), moved);
        }
        let total = StateDigest::from_hex(scopes::total_of(&state)).unwrap_or_default();
        head.state = Some(scopes::state_with_parts(&total, &parts));
        let hash = changelog::row_hash(&head);
        Ok((head.state.unwrap_or_default(), hash))
    }

    /// How many data checks this store ran rather than remembered (tests of the memo).
    #[doc(hidden)]
    pub fn data_checks_run(&self) -> u64 {
        self.check_memo.runs.get()
    }

    /// Runs `work` on one snapshot of the file (a read transaction), so that the log and
    /// the tables it reads, or a report's data and its log head, are from the same moment
    /// even while an editor saves. Inside a transaction already, it just runs `work`.
    pub fn reading<T, E: From<StoreError>>(
        &self,
        work: impl FnOnce(&Store) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        if !self.conn.is_autocommit() {
            return work(self);
        }
        let snapshot = self.conn.unchecked_transaction().map_err(StoreError::from)?;
        let value = work(self)?;
        // Nothing was written: ending the read transaction either way is the same.
        snapshot.rollback().map_err(StoreError::from)?;
        Ok(value)
    }

    /// Whether the log still has row `id` with `hash`, with the chain intact to its end.
    /// Walks the whole chain (a row at a time): a signed report vouches for its history.
    pub fn passes_through(&self, id: i64, hash: &str) -> Result<HeadStatus> {
        self.reading(|store| {
            let entries = match changelog::verify_chain_of(&store.conn)? {
                ChainStatus::Broken { row, reason } => {
                    return Ok(HeadStatus::Departs(format!(
                        "the change log is broken at row {row}: {reason}"
                    )));
                }
                ChainStatus::Intact { entries, .. } => entries,
            };
            let found: Option<String> = store
                .conn
                .query_row("SELECT hash FROM change_log WHERE id = ?1", [id], |row| row.get(0))
                .optional()?;
            let Some(found) = found else {
                return Ok(HeadStatus::Departs(format!(
                    "the change log has {entries} rows and no row {id}: the history the report recorded was removed"
                )));
            };
            if found != hash {
                return Ok(HeadStatus::Departs(format!(
                    "change log row {id} now has hash {found}, the report recorded {hash}: the history was rewritten"
                )));
            }
            Ok(HeadStatus::Passes { entries })
        })
    }
}

/// The full check of a workspace about to be upgraded, when its log covers the data (it has
/// the `state` column, schema 2 on); a schema 1 log never did, and passes.
pub(super) fn before_upgrade(conn: &Connection) -> Result<DataStatus> {
    let covers_data: bool = conn.query_row(
        "SELECT count(*) > 0 FROM pragma_table_info('change_log') WHERE name = 'state'",
        [],
        |row| row.get(0),
    )?;
    if !covers_data {
        return Ok(DataStatus::Consistent {
            entries: 0,
            last_hash: String::new(),
        });
    }
    replay(conn, Pass::Replay)
}

/// The log's last row, if there is one.
fn head_row(conn: &Connection) -> Result<Option<changelog::LogEntry>> {
    Ok(conn
        .query_row(
            &format!("SELECT {LOG_COLUMNS} FROM change_log ORDER BY id DESC LIMIT 1"),
            [],
            changelog::log_entry,
        )
        .optional()?)
}

/// The head's state digest against a digest of the tables: Some(status) when that settles
/// it (the data matches, or there is no head to compare with), None when a replay must
/// name the difference. Runs on any connection to the file, so the TUI's open can run it
/// beside the load. Costs the head row, the starting points (by their index) and one read
/// of the data; `entries` is the head's id, which is the number of entries while the
/// chain is intact (`log verify` checks that).
pub(super) fn head_check(conn: &Connection) -> Result<Option<DataStatus>> {
    let head = head_row(conn)?;
    let Some(head) = head else {
        return Ok(Some(empty_log()));
    };
    if !row_hash_matches(&head) {
        return Ok(Some(DataStatus::Broken {
            row: head.id,
            reason: "its content does not match its hash: the row was altered".to_string(),
        }));
    }
    let Some(state) = &head.state else {
        return Ok(Some(no_start()));
    };
    if let Some(status) = check_starting_points(conn, &starting_points(conn)?)? {
        return Ok(Some(status));
    }
    if images::data_digest(conn)?.to_hex() == scopes::total_of(state) {
        return Ok(Some(DataStatus::Consistent {
            entries: u64::try_from(head.id).unwrap_or(0),
            last_hash: head.hash,
        }));
    }
    Ok(None)
}

/// `head_check` for a command that prints some years: when the head carries each
/// assessment's part of its state (`scopes`), the parts must add up to its total, and the
/// shared part and the parts of `years` must equal digests of those rows read from the
/// tables. Anything else (a head without parts, parts that differ) is settled by the
/// full `head_check`, so a difference is always named by the replay.
pub(super) fn head_check_of(conn: &Connection, years: &BTreeSet<i64>) -> Result<Option<DataStatus>> {
    let head = head_row(conn)?;
    let Some(head) = head else {
        return Ok(Some(empty_log()));
    };
    let Some(parts) = head.state.as_deref().and_then(scopes::parts_of) else {
        return head_check(conn);
    };
    if !row_hash_matches(&head) {
        return Ok(Some(DataStatus::Broken {
            row: head.id,
            reason: "its content does not match its hash: the row was altered".to_string(),
        }));
    }
    if let Some(status) = check_starting_points(conn, &starting_points(conn)?)? {
        return Ok(Some(status));
    }
    let total = head.state.as_deref().map(scopes::total_of).unwrap_or_default();
    if scopes::sum(&parts).to_hex() != total || !printed_parts_match(conn, &parts, years)? {
        return head_check(conn);
    }
    Ok(Some(DataStatus::Consistent {
        entries: u64::try_from(head.id).unwrap_or(0),
        last_hash: head.hash,
    }))
}

/// The shared part and the parts of `years` against their rows in the tables.
fn printed_parts_match(conn: &Connection, parts: &Parts, years: &BTreeSet<i64>) -> Result<bool> {
    images::register_functions(conn)?;
    let tables = images::tables(conn)?;
    let wanted = std::iter::once(None).chain(years.iter().copied().map(Some));
    for part in wanted {
        let name = part.map_or_else(|| scopes::SHARED.to_string(), |id| id.to_string());
        let logged = parts.get(&name).copied().unwrap_or_default();
        if scopes::part_from_data(conn, &tables, part)? != logged {
            return Ok(false);
        }
    }
    Ok(true)
}

/// The log's starting points (id, entity id), by the partial index on them.
pub(super) fn starting_points(conn: &Connection) -> Result<Vec<(i64, String)>> {
    let mut statement =
        conn.prepare("SELECT id, entity_id FROM change_log WHERE entity IN ('genesis', 'checkpoint') ORDER BY id")?;
    let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn empty_log() -> DataStatus {
    differs(
        "change log",
        "it is empty: its genesis row and every change after it were removed, so nothing in the \
         workspace can be traced",
    )
}

fn no_start() -> DataStatus {
    differs(
        "change log",
        "it has no genesis or checkpoint row, so it cannot be compared with the data (a workspace \
         from an older version: open it in hipaa-ra once to record one)",
    )
}

/// The replay from the last starting point, as it goes.
struct Replayed {
    logged: Images,
    digest: StateDigest,
    /// Each assessment's part of the digest (see `scopes`).
    parts: Tracker,
}

/// One pass over the log, oldest row first, read one row at a time (never the whole log
/// in memory): the chain of every row, and from the last starting point (found first by
/// its index) the replay of each row onto the images, each row's state digest checked,
/// and for `log verify` the walk of signed years (`signed_history::Walker`). Then the
/// replayed images against every table and the stored files against their records.
///
/// The verdicts come in the order the checks had when each read the whole log: a broken
/// chain (anywhere) first, then the starting points, the replay, the tables, the files,
/// the signed years. So the pass goes on with the chain after the replay has found a
/// problem, and reports the problem only if the chain holds.
pub(super) fn replay(conn: &Connection, pass: Pass) -> Result<DataStatus> {
    let starts = starting_points(conn)?;
    let start_problem = check_starting_points(conn, &starts)?;
    let last_start = starts.last().map(|(id, _)| *id);
    let mut chain = ChainCheck::default();
    let mut broken = None;
    let mut replayed: Option<Replayed> = None;
    let mut problem: Option<DataStatus> = None;
    let mut signed_years = match pass {
        Pass::ReplayAndSignedYears => Some(signed_history::Walker::new(last_start)),
        Pass::Replay => None,
    };
    // Without a usable start there is nothing to replay: the chain alone is walked.
    let replay_from = last_start.filter(|_| start_problem.is_none());
    images::register_functions(conn)?;
    let tables = images::tables(conn)?;
    changelog::each_row(conn, i64::MIN, |row| {
        broken = chain.next(&row);
        if broken.is_some() {
            return false;
        }
        if let Some(start) = replay_from
            && row.id >= start
            && problem.is_none()
        {
            problem = replay_row(&mut replayed, &tables, &row, row.id == start).err();
        }
        if let Some(walker) = &mut signed_years {
            walker.feed(&row);
        }
        true
    })?;
    if let Some((row, reason)) = broken {
        return Ok(DataStatus::Broken { row, reason });
    }
    let (entries, last_hash) = chain.intact();
    if entries == 0 {
        return Ok(empty_log());
    }
    if last_start.is_none() {
        return Ok(no_start());
    }
    if let Some(status) = start_problem.or(problem) {
        return Ok(status);
    }
    let Some(replayed) = replayed else {
        return Ok(no_start());
    };
    if let Some(status) = compare_tables(conn, replayed.logged)? {
        return Ok(status);
    }
    if let Some(status) = compare_files(conn)? {
        return Ok(status);
    }
    if let Some(walker) = signed_years
        && let Some(status) = walker.finish(conn)?
    {
        return Ok(status);
    }
    Ok(DataStatus::Consistent { entries, last_hash })
}

/// One row of the replay: the starting row's images, or the row applied to the images;
/// then its state digest against the replayed one.
fn replay_row(
    replayed: &mut Option<Replayed>,
    tables: &[images::TableShape],
    row: &LogEntry,
    is_start: bool,
) -> Result<(), DataStatus> {
    let record = || format!("change log row {}", row.id);
    if is_start {
        let mut parts = Tracker::new(tables);
        let (logged, digest) = starting_images(row, &mut parts).map_err(|reason| differs(record(), reason))?;
        *replayed = Some(Replayed { logged, digest, parts });
    }
    let Some(Replayed { logged, digest, parts }) = replayed else {
        return Err(no_start());
    };
    if !is_start {
        apply(logged, digest, parts, row).map_err(|reason| differs(record(), reason))?;
    }
    let state = row.state.as_deref().unwrap_or_default();
    if row.state.is_none() || scopes::total_of(state) != digest.to_hex() {
        return Err(differs(
            record(),
            "its state digest does not follow from the changes before it",
        ));
    }
    // A write's last row also carries each assessment's part: they must be the replay's.
    if state.contains(' ') && !scopes::parts_of(state).is_some_and(|logged| scopes::same_parts(&logged, &parts.parts)) {
        return Err(differs(
            record(),
            "its digests of each assessment's rows do not follow from the changes before it",
        ));
    }
    Ok(())
}

/// Replay starts again only at an upgrade: each genesis or checkpoint row names a newer
/// schema than the one before it, and none is newer than the file. So a checkpoint appended
/// to launder an edit is refused (the last one is already at the file's schema).
fn check_starting_points(conn: &Connection, starts: &[(i64, String)]) -> Result<Option<DataStatus>> {
    let file_version: i64 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    let mut previous = 0;
    for (id, entity_id) in starts {
        // Written as "schema N" (see `Writer::checkpoint`), and hashed with the row.
        let version = entity_id
            .strip_prefix("schema ")
            .and_then(|version| version.parse::<i64>().ok());
        let record = format!("change log row {id}");
        let problem = match version {
            None => Some("it starts the replay but names no schema version".to_string()),
            Some(version) if version <= previous => Some(format!(
                "it starts the replay again at schema {version}, which is not an upgrade: a checkpoint \
                 is only written when the schema is upgraded"
            )),
            Some(version) if version > file_version => Some(format!(
                "it names schema {version}, newer than the file's schema {file_version}"
            )),
            Some(version) => {
                previous = version;
                None
            }
        };
        if let Some(problem) = problem {
            return Ok(Some(differs(record, problem)));
        }
    }
    Ok(None)
}

/// The images a genesis or checkpoint row holds, and their digest.
fn starting_images(row: &LogEntry, parts: &mut Tracker) -> Result<(Images, StateDigest), String> {
    let after: serde_json::Value = row
        .after
        .as_deref()
        .and_then(|text| serde_json::from_str(text).ok())
        .ok_or("its content is not the JSON a genesis or checkpoint row holds")?;
    let mut logged = Images::new();
    let mut digest = StateDigest::default();
    let tables = after
        .get("rows")
        .and_then(serde_json::Value::as_object)
        .ok_or("it holds no row images")?;
    // Scenarios first, so their asset links find their assessment (see `scopes`).
    let mut ordered: Vec<_> = tables.iter().collect();
    ordered.sort_by_key(|(table, _)| table.as_str() != "risks");
    for (table, rows) in ordered {
        let rows = rows.as_object().ok_or("its row images are not a JSON object")?;
        let images = logged.entry(table.clone()).or_default();
        for (key, image) in rows {
            let image = image.as_str().ok_or("a row image is not text")?;
            let hash = StateDigest::row(table, key, image);
            digest.add(&hash);
            parts.apply(table, key, image, &hash, true);
            images.insert(key.clone(), image.to_string());
        }
    }
    Ok((logged, digest))
}

/// Applies one row of the log to the images, refusing a change that does not start from
/// what the log recorded before it.
fn apply(logged: &mut Images, digest: &mut StateDigest, parts: &mut Tracker, row: &LogEntry) -> Result<(), String> {
    if row.entity == NOTE {
        return match (&row.before, row.operation.as_str()) {
            (None, "create") => Ok(()),
            _ => Err("a note that changes data".to_string()),
        };
    }
    if row.entity == GENESIS || row.entity == CHECKPOINT {
        return Err("a second starting point after the last one".to_string());
    }
    let record = format!("{} {}", row.entity, row.entity_id);
    let expected = match row.operation.as_str() {
        "create" => row.before.is_none() && row.after.is_some(),
        "update" => row.before.is_some() && row.after.is_some(),
        "delete" => row.before.is_some() && row.after.is_none(),
        _ => false,
    };
    if !expected {
        return Err(format!("its {} of {record} has the wrong images for it", row.operation));
    }
    let images = logged.entry(row.entity.clone()).or_default();
    if images.get(&row.entity_id) != row.before.as_ref() {
        return Err(format!(
            "its {} of {record} does not start from what the log held for it",
            row.operation
        ));
    }
    match &row.after {
        Some(after) => images.insert(row.entity_id.clone(), after.clone()),
        None => images.remove(&row.entity_id),
    };
    // Each image hashed once, for the total and for its assessment's part.
    if let Some(before) = &row.before {
        let hash = StateDigest::row(&row.entity, &row.entity_id, before);
        digest.subtract(&hash);
        parts.apply(&row.entity, &row.entity_id, before, &hash, false);
    }
    if let Some(after) = &row.after {
        let hash = StateDigest::row(&row.entity, &row.entity_id, after);
        digest.add(&hash);
        parts.apply(&row.entity, &row.entity_id, after, &hash, true);
    }
    Ok(())
}

/// Every table's rows against the replayed images; the first record that differs.
fn compare_tables(conn: &Connection, mut logged: Images) -> Result<Option<DataStatus>> {
    images::register_functions(conn)?;
    for table in images::tables(conn)? {
        let mut expected = logged.remove(&table.name).unwrap_or_default();
        for (key, image) in table.read(conn)? {
            let record = format!("{} {key}", table.name);
            match expected.remove(&key) {
                None => {
                    return Ok(Some(differs(
                        record,
                        "is in the data but not in the change log (added behind the log's back)",
                    )));
                }
                Some(logged_image) if logged_image != image => {
                    if let Some(reason) = field_difference(&image, &logged_image) {
                        return Ok(Some(differs(record, reason)));
                    }
                }
                Some(_) => {}
            }
        }
        if let Some(key) = expected.into_keys().next() {
            return Ok(Some(differs(
                format!("{} {key}", table.name),
                "is in the change log but not in the data (removed behind the log's back)",
            )));
        }
    }
    if let Some((table, key)) = logged
        .into_iter()
        .find_map(|(table, rows)| rows.into_keys().next().map(|key| (table, key)))
    {
        return Ok(Some(differs(
            format!("{table} {key}"),
            "is in the change log but its table is not in the workspace",
        )));
    }
    Ok(None)
}

/// How two images of one row differ: the first field, with both values. None when they
/// hold the same values (texts that differ only in how SQLite wrote a number).
fn field_difference(data: &str, logged: &str) -> Option<String> {
    let parse = |text: &str| serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(text).ok();
    let (Some(data), Some(logged)) = (parse(data), parse(logged)) else {
        return Some("its row differs from the change log's image of it".to_string());
    };
    let null = serde_json::Value::Null;
    for (field, value) in &data {
        let was = logged.get(field).unwrap_or(&null);
        if value != was {
            return Some(format!(
                "{field} is {} in the data, {} in the log",
                shown(value),
                shown(was)
            ));
        }
    }
    logged
        .keys()
        .find(|field| !data.contains_key(*field))
        .map(|field| format!("{field} is in the log's image but not in the data"))
}

/// A value for a one-line message: JSON, cut short.
fn shown(value: &serde_json::Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(60) {
        Some((at, _)) => format!("{}...", &text[..at]),
        None => text,
    }
}

/// The tables of stored files: the record table, the files table, the files table's
/// column naming the record, and what a message calls the record.
const STORED_FILES: &[(&str, &str, &str, &str)] = &[
    ("evidence", "evidence_files", "evidence_id", "evidence"),
    (
        "policy_versions",
        "policy_version_files",
        "version_id",
        "policy version",
    ),
];

/// Every stored file (evidence, policy versions) re-hashed against its record's SHA-256
/// and size.
fn compare_files(conn: &Connection) -> Result<Option<DataStatus>> {
    for (records, files, key, label) in STORED_FILES {
        let has_files: bool = conn.query_row(
            "SELECT count(*) = 2 FROM sqlite_schema WHERE type = 'table' AND name IN (?1, ?2)",
            [records, files],
            |row| row.get(0),
        )?;
        if !has_files {
            continue;
        }
        let mut statement = conn.prepare(&format!(
            "SELECT e.id, e.file_sha256, e.file_size, hra_sha256(f.content), length(f.content)
             FROM {files} f JOIN {records} e ON e.id = f.{key} ORDER BY e.id"
        ))?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            let id: i64 = row.get(0)?;
            let (recorded, recorded_size): (Option<String>, Option<i64>) = (row.get(1)?, row.get(2)?);
            let (actual, size): (Option<String>, i64) = (row.get(3)?, row.get(4)?);
            if recorded != actual || recorded_size != Some(size) {
                return Ok(Some(differs(
                    format!("{label} {id}"),
                    format!(
                        "the stored file has SHA-256 {} ({size} bytes), the record says {} ({} bytes)",
                        actual.unwrap_or_default(),
                        recorded.unwrap_or_else(|| "none".to_string()),
                        recorded_size.map_or_else(|| "?".to_string(), |size| size.to_string())
                    ),
                )));
            }
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edit_is_found_before_an_upgrade_could_checkpoint_it() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let store = Store::in_memory("Clinic", "Ana", today).unwrap();
        assert!(matches!(
            before_upgrade(&store.conn).unwrap(),
            DataStatus::Consistent { .. }
        ));
        store.tamper_for_tests("UPDATE practice SET name = 'Forged'").unwrap();
        match before_upgrade(&store.conn).unwrap() {
            DataStatus::Differs { record, reason } => {
                assert_eq!(record, "practice 1");
                assert!(reason.starts_with("name is \"Forged\" in the data"), "{reason}");
            }
            other => panic!("expected the edit to be found, got {other:?}"),
        }
    }

    #[test]
    fn the_cheap_check_settles_an_untouched_workspace_without_replaying() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let mut store = Store::in_memory("Clinic", "Ana", today).unwrap();
        crate::sample::populate(&mut store, &crate::sample::SampleSize::SMALL, today).unwrap();
        // Some(..) is the head digest agreeing with the tables; None would mean a replay.
        assert!(matches!(
            head_check(&store.conn).unwrap(),
            Some(DataStatus::Consistent { .. })
        ));
        store.tamper_for_tests("UPDATE practice SET notes = 'x'").unwrap();
        assert_eq!(head_check(&store.conn).unwrap(), None);
    }

    #[test]
    fn a_checkpoint_appended_to_launder_an_edit_is_refused() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let mut store = Store::in_memory("Clinic", "Ana", today).unwrap();
        store.tamper_for_tests("UPDATE practice SET name = 'Forged'").unwrap();
        // What someone would append: a correctly chained checkpoint of the edited data.
        store.write(|tx| tx.checkpoint()).unwrap();
        let last = store.change_log().unwrap().pop().unwrap();
        assert_eq!(last.entity, CHECKPOINT);
        for status in [store.verify_history().unwrap(), store.check_data().unwrap()] {
            match status {
                DataStatus::Differs { record, reason } => {
                    assert_eq!(record, format!("change log row {}", last.id));
                    assert!(reason.contains("not an upgrade"), "{reason}");
                }
                other => panic!("expected the checkpoint to be refused, got {other:?}"),
            }
        }
    }
}
