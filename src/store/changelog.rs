//! The tamper-evident change log. Each row records who, when, what and the values before
//! and after, and carries the SHA-256 of its own content chained with the previous row's
//! hash, so editing, inserting or removing a row in the middle breaks the chain at that
//! row. The hashed content is a JSON array of the fields: unambiguous whatever the text.
//!
//! The log also covers the data. Every row change is one log row (entity = table name,
//! entity id = the row's key, before and after = the row images; see `writer`), the first
//! row is a genesis (or, for a workspace upgraded from an older schema, a checkpoint holding
//! every row's image), and each row from there on carries `state`: a digest of all the
//! rows' images after its change, hashed with the row. The digest is a sum of the rows'
//! SHA-256 values modulo 2^256, so one change updates it in constant time (subtract the
//! before image, add the after image), and comparing the head's digest with one computed
//! from the tables is a cheap check that the data is what the log says (see `replay`).
//! Rows written by versions before the digest keep a NULL state and are chain-checked only.

use rusqlite::{Connection, OptionalExtension};

use sha2::{Digest, Sha256};

use super::{Result, Store, StoreError};

/// The previous hash of the first row.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

crate::labeled_enum! {
    pub enum Operation {
        Create => ("create", "Create"),
        Update => ("update", "Update"),
        Delete => ("delete", "Delete"),
    }
}

/// The entity of the first row of a new workspace's log.
pub const GENESIS: &str = "genesis";
/// The entity of a row holding every row's image (after a schema upgrade).
pub const CHECKPOINT: &str = "checkpoint";
/// The entity of a row that records an event without changing any row (an import).
pub const NOTE: &str = "workspace";

pub(super) struct NewEntry<'a> {
    pub at: &'a str,
    pub actor: &'a str,
    pub entity: &'a str,
    pub entity_id: &'a str,
    pub operation: Operation,
    pub before: Option<&'a str>,
    pub after: Option<&'a str>,
}

/// One row of the change log as stored: a plain record, kept in the domain so the
/// workspace export can carry it without reaching up into the store.
pub use crate::domain::change_log::LogEntry;

/// The result of checking the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainStatus {
    /// Every row matches; the count and the last hash (GENESIS_HASH when empty).
    Intact { entries: u64, last_hash: String },
    /// The first row that does not match, and why.
    Broken { row: i64, reason: String },
}

fn content_hash(id: i64, entry: &NewEntry<'_>, operation: &str, prev_hash: &str, state: Option<&str>) -> String {
    /// Feeds what serde_json writes straight into the hash: a row's images are not copied.
    struct Hashing(Sha256);
    impl std::io::Write for Hashing {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.update(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut hashing = Hashing(Sha256::new());
    let fields = (
        id,
        entry.at,
        entry.actor,
        entry.entity,
        entry.entity_id,
        operation,
        entry.before,
        entry.after,
        prev_hash,
    );
    // The compact JSON array of the fields (a tuple serializes as the same text as
    // `json!([...]).to_string()`). Rows written before the digest existed were hashed
    // without it; they stay verifiable. Writing strings and numbers into a writer that
    // cannot fail cannot fail either.
    let _ = match state {
        None => serde_json::to_writer(&mut hashing, &fields),
        Some(state) => {
            let (a, b, c, d, e, f, g, h, i) = fields;
            serde_json::to_writer(&mut hashing, &(a, b, c, d, e, f, g, h, i, state))
        }
    };
    hex(&hashing.0.finalize())
}

/// A multiset digest of row images: the sum of their hashes modulo 2^256, so the order the
/// rows are added in does not matter and removing a row is subtracting its hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StateDigest([u8; 32]);

impl StateDigest {
    /// The hash of one row image, with the table and key it belongs to (length-prefixed,
    /// so no two different triples give the same input).
    pub fn row(table: &str, key: &str, image: &str) -> [u8; 32] {
        let mut hasher = Sha256::new();
        for part in [table, key, image] {
            hasher.update((part.len() as u64).to_le_bytes());
            hasher.update(part.as_bytes());
        }
        hasher.finalize().into()
    }

    /// Adds a row's hash: big-endian 256-bit addition, the carry out of the top dropped
    /// (modulo 2^256), four 64-bit limbs at a time.
    pub fn add(&mut self, row: &[u8; 32]) {
        let mut carry = false;
        for i in (0..4).rev() {
            let (sum, over) = limb(&self.0, i).overflowing_add(limb(row, i));
            let (sum, over_again) = sum.overflowing_add(u64::from(carry));
            carry = over || over_again;
            self.0[i * 8..i * 8 + 8].copy_from_slice(&sum.to_be_bytes());
        }
    }

    /// Subtracts a row's hash, modulo 2^256 (the inverse of `add`).
    pub fn subtract(&mut self, row: &[u8; 32]) {
        let mut borrow = false;
        for i in (0..4).rev() {
            let (difference, under) = limb(&self.0, i).overflowing_sub(limb(row, i));
            let (difference, under_again) = difference.overflowing_sub(u64::from(borrow));
            borrow = under || under_again;
            self.0[i * 8..i * 8 + 8].copy_from_slice(&difference.to_be_bytes());
        }
    }

    /// Applies one row change: the before image leaves, the after image arrives.
    pub fn apply(&mut self, table: &str, key: &str, before: Option<&str>, after: Option<&str>) {
        if let Some(before) = before {
            self.subtract(&StateDigest::row(table, key, before));
        }
        if let Some(after) = after {
            self.add(&StateDigest::row(table, key, after));
        }
    }

    pub fn to_hex(self) -> String {
        hex(&self.0)
    }

    pub fn from_hex(text: &str) -> Option<StateDigest> {
        if text.len() != 64 || !text.is_ascii() {
            return None;
        }
        let mut bytes = [0u8; 32];
        for (i, byte) in bytes.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&text[i * 2..i * 2 + 2], 16).ok()?;
        }
        Some(StateDigest(bytes))
    }
}

/// How a new row's state digest follows from the previous row's.
pub(super) enum StateRule {
    /// A row change: the previous digest with the entry's before and after applied.
    Row,
    /// A note: the data did not change.
    Unchanged,
    /// A genesis or checkpoint: the digest of every row, computed by the caller.
    Reset(StateDigest),
}

/// Lowercase hex of `bytes` (every hash and digest the log stores is written so).
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    out
}

/// The `i`th 64-bit limb (big-endian, 0 the most significant) of a 256-bit value.
fn limb(bytes: &[u8; 32], i: usize) -> u64 {
    let mut limb = [0u8; 8];
    limb.copy_from_slice(&bytes[i * 8..i * 8 + 8]);
    u64::from_be_bytes(limb)
}

/// The last row's id, hash and state digest, if the log has rows.
pub(super) fn head(conn: &Connection) -> Result<Option<(i64, String, Option<String>)>> {
    Ok(conn
        .query_row(
            "SELECT id, hash, state FROM change_log ORDER BY id DESC LIMIT 1",
            [],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .optional()?)
}

/// Appends one row to the log (see `Appender`).
pub(super) fn append(conn: &Connection, entry: &NewEntry<'_>, rule: StateRule) -> Result<()> {
    Appender::start(conn)?.push(entry, rule)
}

/// Appends rows to the log in one pass: the head is read once, the state digest is kept
/// in memory from row to row and the INSERT is prepared once, so a write of N rows costs N
/// hashes and N inserts rather than N head reads, digest parses and statement parses. Each
/// row is exactly what appending it alone after the one before would give (same id, hash
/// chain and state digest).
pub(super) struct Appender<'conn> {
    insert: rusqlite::CachedStatement<'conn>,
    /// The id the next row gets.
    next_id: i64,
    /// The hash of the last row (GENESIS_HASH for an empty log).
    prev_hash: String,
    /// The last row's state digest; None when the log is empty or its head has none (or an
    /// unreadable one): then only a genesis or checkpoint can follow.
    state: Option<StateDigest>,
}

impl<'conn> Appender<'conn> {
    /// Reads the head of the log in `conn` once.
    pub(super) fn start(conn: &'conn Connection) -> Result<Appender<'conn>> {
        let last = head(conn)?;
        let (next_id, prev_hash, state) = match last {
            // The total is the state's first word (a write's last row also carries each
            // assessment's part, see `scopes`).
            Some((id, hash, state)) => (
                id + 1,
                hash,
                state
                    .as_deref()
                    .map(super::scopes::total_of)
                    .and_then(StateDigest::from_hex),
            ),
            None => (1, GENESIS_HASH.to_string(), None),
        };
        let insert = conn.prepare_cached(
            "INSERT INTO change_log (id, at, actor, entity, entity_id, operation, before, after, prev_hash, hash, state)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?;
        Ok(Appender {
            insert,
            next_id,
            prev_hash,
            state,
        })
    }

    /// Appends one row after the last one appended (or the head).
    pub(super) fn push(&mut self, entry: &NewEntry<'_>, rule: StateRule) -> Result<()> {
        use crate::domain::Labeled;
        let state = match rule {
            StateRule::Reset(digest) => digest,
            StateRule::Row | StateRule::Unchanged => {
                let mut digest = self.state.ok_or_else(|| {
                    StoreError::Invalid(
                        "the change log has no genesis or checkpoint row to continue from, so a change \
                         cannot be recorded"
                            .to_string(),
                    )
                })?;
                if matches!(rule, StateRule::Row) {
                    digest.apply(entry.entity, entry.entity_id, entry.before, entry.after);
                }
                digest
            }
        };
        let state_hex = state.to_hex();
        let id = self.next_id;
        let operation = entry.operation.key();
        let hash = content_hash(id, entry, operation, &self.prev_hash, Some(&state_hex));
        self.insert.execute(rusqlite::params![
            id,
            entry.at,
            entry.actor,
            entry.entity,
            entry.entity_id,
            operation,
            entry.before,
            entry.after,
            self.prev_hash,
            hash,
            state_hex
        ])?;
        self.next_id = id + 1;
        self.prev_hash = hash;
        self.state = Some(state);
        Ok(())
    }
}

/// Whether a stored row's hash matches its content.
pub(super) fn row_hash_matches(row: &LogEntry) -> bool {
    row_hash(row) == row.hash
}

/// The hash of a row's content as stored (its `hash` field aside).
pub(super) fn row_hash(row: &LogEntry) -> String {
    let entry = NewEntry {
        at: &row.at,
        actor: &row.actor,
        entity: &row.entity,
        entity_id: &row.entity_id,
        operation: Operation::Create, // unused: the stored text is hashed
        before: row.before.as_deref(),
        after: row.after.as_deref(),
    };
    content_hash(row.id, &entry, &row.operation, &row.prev_hash, row.state.as_deref())
}

pub(super) const LOG_COLUMNS: &str =
    "id, at, actor, entity, entity_id, operation, before, after, prev_hash, hash, state";

pub(super) fn log_entry(row: &rusqlite::Row<'_>) -> rusqlite::Result<LogEntry> {
    Ok(LogEntry {
        id: row.get(0)?,
        at: row.get(1)?,
        actor: row.get(2)?,
        entity: row.get(3)?,
        entity_id: row.get(4)?,
        operation: row.get(5)?,
        before: row.get(6)?,
        after: row.get(7)?,
        prev_hash: row.get(8)?,
        hash: row.get(9)?,
        state: row.get(10)?,
    })
}

/// Every change-log row, oldest first.
pub(super) fn read_all(conn: &Connection) -> Result<Vec<LogEntry>> {
    let mut statement = conn.prepare(&format!("SELECT {LOG_COLUMNS} FROM change_log ORDER BY id"))?;
    let rows = statement.query_map([], log_entry)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The chain checked one row at a time, oldest first: each row has the next id, names the
/// hash of the row before it, and matches its own hash. `verify_chain_of` and the one pass
/// of `log verify` (`replay`) feed it the rows as they are read.
#[derive(Debug)]
pub(super) struct ChainCheck {
    expected_id: i64,
    expected_prev: String,
}

impl Default for ChainCheck {
    fn default() -> ChainCheck {
        ChainCheck {
            expected_id: 1,
            expected_prev: GENESIS_HASH.to_string(),
        }
    }
}

impl ChainCheck {
    /// The next row: None when it chains, else the break (the first break is the answer):
    /// the row's id and why.
    pub fn next(&mut self, row: &LogEntry) -> Option<(i64, String)> {
        let broken = |reason: String| Some((row.id, reason));
        if row.id != self.expected_id {
            return broken(format!(
                "expected row {} here: rows were removed or renumbered",
                self.expected_id
            ));
        }
        if row.prev_hash != self.expected_prev {
            return broken("its previous-row hash does not match the row before it".to_string());
        }
        if !row_hash_matches(row) {
            return broken("its content does not match its hash: the row was altered".to_string());
        }
        self.expected_prev.clone_from(&row.hash);
        self.expected_id += 1;
        None
    }

    /// Once every row was fed without a break: how many rows, and the last one's hash
    /// (GENESIS_HASH when there were none).
    pub fn intact(self) -> (u64, String) {
        (u64::try_from(self.expected_id - 1).unwrap_or(0), self.expected_prev)
    }
}

/// Calls `visit` with every change-log row from id `from` on, oldest first, read one at a
/// time (the whole log of a large workspace, 400,000 rows each with its before and after
/// images, held at once took 74 MB); `visit` returns false to stop early.
pub(super) fn each_row(conn: &Connection, from: i64, mut visit: impl FnMut(LogEntry) -> bool) -> Result<()> {
    let mut statement = conn.prepare(&format!(
        "SELECT {LOG_COLUMNS} FROM change_log WHERE id >= ?1 ORDER BY id"
    ))?;
    let mut rows = statement.query([from])?;
    while let Some(row) = rows.next()? {
        if !visit(log_entry(row)?) {
            break;
        }
    }
    Ok(())
}

/// Recomputes the chain of the log in `conn`, read row by row, and names the first row
/// that does not match.
pub(super) fn verify_chain_of(conn: &Connection) -> Result<ChainStatus> {
    let mut chain = ChainCheck::default();
    let mut broken = None;
    each_row(conn, i64::MIN, |row| {
        broken = chain.next(&row);
        broken.is_none()
    })?;
    Ok(match broken {
        Some((row, reason)) => ChainStatus::Broken { row, reason },
        None => {
            let (entries, last_hash) = chain.intact();
            ChainStatus::Intact { entries, last_hash }
        }
    })
}

impl Store {
    /// Every change-log row, oldest first.
    pub fn change_log(&self) -> Result<Vec<LogEntry>> {
        read_all(&self.conn)
    }

    /// When the last change was recorded (the log head's time), if the log has rows: one
    /// row read, where `change_log()` would read the whole history.
    pub fn last_change_at(&self) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT at FROM change_log ORDER BY id DESC LIMIT 1", [], |row| {
                row.get(0)
            })
            .optional()?)
    }

    /// Recomputes the chain and names the first row that does not match. This checks the
    /// log alone; `verify_history` also replays it against the data.
    pub fn verify_change_log(&self) -> Result<ChainStatus> {
        verify_chain_of(&self.conn)
    }

    /// For tests of tamper detection only: runs raw SQL behind the store's back.
    #[doc(hidden)]
    pub fn tamper_for_tests(&self, sql: &str) -> Result<()> {
        self.conn.execute_batch(sql)?;
        // A change on this connection moves neither its data version nor the log head.
        self.check_memo.forget();
        // What the capture triggers saw of it is not a change made through the store.
        super::writer::discard_captured(&self.conn)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The digest's definition, a byte at a time: what every stored state was computed with.
    fn add_bytewise(sum: &mut [u8; 32], row: &[u8; 32]) {
        let mut carry = 0u16;
        for i in (0..32).rev() {
            let total = u16::from(sum[i]) + u16::from(row[i]) + carry;
            sum[i] = (total & 0xff) as u8;
            carry = total >> 8;
        }
    }

    #[test]
    fn the_digest_adds_and_subtracts_modulo_two_to_the_256_as_it_always_did() {
        let mut values: Vec<[u8; 32]> = vec![[0xff; 32], [0; 32], {
            let mut one = [0; 32];
            one[31] = 1;
            one
        }];
        // Carries across every limb boundary, and hashes as rows give them.
        for text in ["a", "b", "risks", "assets 12"] {
            values.push(StateDigest::row("t", text, "{}"));
        }
        for a in &values {
            for b in &values {
                let mut expected = *a;
                add_bytewise(&mut expected, b);
                let mut digest = StateDigest(*a);
                digest.add(b);
                assert_eq!(digest.0, expected, "{} + {}", hex(a), hex(b));
                digest.subtract(b);
                assert_eq!(digest.0, *a, "({} + {}) - {}", hex(a), hex(b), hex(b));
            }
        }
        let mut zero = StateDigest::default();
        zero.subtract(&values[2]);
        assert_eq!(zero.0, [0xff; 32], "0 - 1 wraps to 2^256 - 1");
    }

    #[test]
    fn hex_is_lowercase_two_digits_a_byte() {
        let bytes: Vec<u8> = (0..=255).collect();
        let expected: String = bytes.iter().map(|byte| format!("{byte:02x}")).collect();
        assert_eq!(hex(&bytes), expected);
        assert_eq!(StateDigest::from_hex(&hex(&[0xab; 32])), Some(StateDigest([0xab; 32])));
    }

    /// The hash as it was first defined: a `serde_json::Value` array, printed.
    fn content_hash_as_defined(
        id: i64,
        entry: &NewEntry<'_>,
        operation: &str,
        prev_hash: &str,
        state: Option<&str>,
    ) -> String {
        let mut content = serde_json::json!([
            id,
            entry.at,
            entry.actor,
            entry.entity,
            entry.entity_id,
            operation,
            entry.before,
            entry.after,
            prev_hash
        ]);
        if let (Some(state), Some(fields)) = (state, content.as_array_mut()) {
            fields.push(state.into());
        }
        hex(&Sha256::digest(content.to_string().as_bytes()))
    }

    #[test]
    fn the_streamed_content_hash_is_the_hash_of_the_json_array_as_defined() {
        let awkward =
            "quote \" backslash \\ tab \t newline \n nul \u{0} bell \u{7} del \u{7f} \u{e9}\u{1F600} \u{2028}";
        let image = serde_json::json!({"name": awkward, "n": 1.5, "none": null}).to_string();
        for (before, after) in [
            (None, Some(image.as_str())),
            (Some(image.as_str()), None),
            (Some(awkward), Some("")),
            (None, None),
        ] {
            let entry = NewEntry {
                at: "2026-11-24T09:00:00.000Z",
                actor: awkward,
                entity: "assets",
                entity_id: "[1,\"a\"]",
                operation: Operation::Update,
                before,
                after,
            };
            for state in [None, Some("00ff"), Some(awkward)] {
                for id in [1, -7, i64::MAX] {
                    assert_eq!(
                        content_hash(id, &entry, "update", GENESIS_HASH, state),
                        content_hash_as_defined(id, &entry, "update", GENESIS_HASH, state)
                    );
                }
            }
        }
    }
}
