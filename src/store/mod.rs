//! The workspace store: one SQLite file per practice. This is the only code that speaks
//! SQL. It hands out domain types, runs every write in one transaction, and appends a
//! row to the tamper-evident change log for every row that transaction changed (`writer`),
//! so the log replays to the data (`replay`).
//!
//! Opening is careful: a file that is not a workspace, one written by a newer version, or
//! a damaged one is refused before anything is written to it, so it stays byte for byte
//! as it was. Opening for editing also takes the workspace's edit lock (`lock`), so a
//! second hipaa-ra is refused instead of losing the first one's updates.
//!
//! A reader (`open_for_reading`) runs SQLite's full damage check (`PRAGMA
//! integrity_check`) on a second connection beside the data check (`check_data`, the log
//! head against the tables), so it waits for the longer of the two, not their sum, and
//! the check it ran is remembered for the commands that ask again. Every reader checks
//! the whole file, the change log's tree included, even one that reads only the log's
//! head: measured with SQLite at the large size, the data tables and their indexes are
//! about 70% of the check's work (the log's rows are few and large, its tree cheap to
//! walk), so checking them alone would save about a third of a check that already runs
//! beside the data check, and the log's tree would then need a check of its own before
//! `log verify`, `log show` or a workspace export read it.

mod access;
mod assessment;
mod bulk;
mod carry;
mod changelog;
mod contingency;
mod deferred;
mod due_moves;
mod evidence;
mod export;
mod export_rows;
mod findings;
mod first_look;
mod images;
mod incidents;
mod inventory;
mod lock;
mod overlay;
mod people;
mod policies;
pub mod records;
mod replay;
mod restore;
mod restore_contingency;
mod restore_incidents;
mod restore_policies;
mod restore_training;
mod risk;
mod safeguard;
mod schema;
mod scopes;
mod signed;
mod signed_history;
mod sql;
#[cfg(test)]
mod standalone_tests;
pub mod training;
mod undo;
mod writer;

use std::fs::{File, OpenOptions};
use std::io::Read;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use rusqlite_migration::{M, Migrations};

use crate::domain::{Labeled, Workspace};

pub use carry::{FINAL_MESSAGE, NextOptions};
pub use changelog::{ChainStatus, LogEntry, Operation};
pub use deferred::{CheckFailure, CheckVerdict, DataCheck, FailureKind, HeldCheck};
pub use export::export_workspace;
pub use export_rows::{ActionRow, AssetRow, RegisterRows, RiskRow};
pub use replay::{DataStatus, HeadStatus};
pub use undo::Undone;

/// `PRAGMA application_id` of every workspace, kept in the ground module `app_id` so the
/// output writer can recognise a workspace without reaching up into the store.
pub use crate::app_id::APPLICATION_ID;

const MIGRATION_STEPS: &[M<'static>] = &[
    M::up(include_str!("migrations/001_initial.sql")),
    M::up(include_str!("migrations/002_findings.sql")),
    M::up(include_str!("migrations/003_change_log_state.sql")),
    M::up(include_str!("migrations/004_next_year.sql")),
    M::up(include_str!("migrations/005_retired_and_one_signature.sql")),
    M::up(include_str!("migrations/006_signed_year_kept.sql")),
    M::up(include_str!("migrations/007_workforce.sql")),
    M::up(include_str!("migrations/008_asset_serial_number.sql")),
    M::up(include_str!("migrations/009_action_asset_change_and_due_moves.sql")),
    M::up(include_str!("migrations/010_state_by_assessment.sql")),
    M::up(include_str!("migrations/011_prompt_asset_and_treatment_reason.sql")),
    // Rebuilds `actions` (see the file): every foreign key checked before it commits.
    M::up(include_str!("migrations/012_standalone_actions.sql")).foreign_key_check(),
    M::up(include_str!("migrations/013_training.sql")),
    M::up(include_str!("migrations/014_access_reviews.sql")),
    M::up(include_str!("migrations/015_incidents.sql")),
    M::up(include_str!("migrations/016_policies_and_business_associates.sql")),
    M::up(include_str!("migrations/017_contingency_tests.sql")),
    M::up(include_str!("migrations/018_course_policy.sql")),
];
const MIGRATIONS: Migrations<'static> = Migrations::from_slice(MIGRATION_STEPS);

/// The schema version this build writes: the number of migrations.
pub const SCHEMA_VERSION: i64 = MIGRATION_STEPS.len() as i64;

/// The last schema version whose migration changed a table's shape: a file upgraded from
/// it or later needs no checkpoint (replay goes on from its last starting point).
const LAST_SHAPE_CHANGE: i64 = 18;

/// For the tests of upgrades: a new file holding the schema an older build wrote, made by
/// running migrations 1 to `version` only (the workspace's application id, no rows).
/// Returns the connection, so the test can add the rows that build would have written.
pub fn create_at_version(path: &Path, version: usize) -> Result<Connection> {
    assert!(
        (1..=MIGRATION_STEPS.len()).contains(&version),
        "no schema {version}: the migrations are 1 to {}",
        MIGRATION_STEPS.len()
    );
    let mut conn = Connection::open(path)?;
    conn.pragma_update(None, "application_id", APPLICATION_ID)?;
    MIGRATIONS.to_version(&mut conn, version)?;
    Ok(conn)
}

/// Brings the schema up to date with foreign keys off, then turns them on. A step that
/// rebuilds a table (012) drops the old one, which with foreign keys on would delete the
/// rows pointing at it; and `PRAGMA foreign_keys` cannot change inside the migrations'
/// transaction, so it changes around it. Such a step checks every key before it commits
/// (`M::foreign_key_check`).
fn migrate_to_latest(conn: &mut Connection) -> Result<()> {
    conn.pragma_update(None, "foreign_keys", false)?;
    let migrated = MIGRATIONS.to_latest(conn);
    conn.pragma_update(None, "foreign_keys", true)?;
    Ok(migrated?)
}

/// Why the store refused or failed. Every message is one line and names the file.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0}: no such file")]
    NotFound(PathBuf),
    #[error("{0}: is a directory, not a workspace file")]
    IsDirectory(PathBuf),
    #[error("{0}: already exists; choose another name or remove it first")]
    AlreadyExists(PathBuf),
    #[error("{path}: not a hipaa-ra workspace ({reason}); the file was left unchanged")]
    NotAWorkspace { path: PathBuf, reason: String },
    #[error(
        "{path}: written by a newer version of hipaa-ra (schema {found}, this version reads up to {supported}); \
         the file was left unchanged, upgrade hipaa-ra to open it"
    )]
    TooNew { path: PathBuf, found: i64, supported: i64 },
    #[error(
        "{path}: written by an older version of hipaa-ra (schema {found}); open it in hipaa-ra to upgrade \
         (this command only reads, and left the file unchanged)"
    )]
    NeedsUpgrade { path: PathBuf, found: i64 },
    /// The file's tables, indexes, triggers or views are not the ones this version makes
    /// at its schema version (see `schema`); `what` names the first that differs.
    #[error("{path}: not a workspace this version made: {what}; the file was left unchanged")]
    NotOurSchema { path: PathBuf, what: String },
    #[error("{path}: the workspace is damaged ({reason}); the file was left unchanged")]
    Damaged { path: PathBuf, reason: String },
    #[error("{0}: the file is read-only; check its permissions")]
    ReadOnly(PathBuf),
    #[error("{0}: the disk is full; nothing was saved (free some space and try again)")]
    DiskFull(PathBuf),
    #[error("{path}: nothing was saved: {source}")]
    NotSaved { path: PathBuf, source: rusqlite::Error },
    #[error("{path} is open in another hipaa-ra{}; close it first", holder_note(.pid))]
    InUse { path: PathBuf, pid: Option<u32> },
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{0}")]
    Invalid(String),
    /// The data is not what the change log records: edited behind the store's back, or the
    /// log cut short. `detail` names the record and how it differs.
    #[error("{path}: the workspace does not match its change log: {detail}; it was not opened")]
    Tampered { path: PathBuf, detail: String },
    /// A write to a workspace whose data check (see `Store::open_deferred`) is still running.
    #[error("{0}: the workspace is still being checked; try again in a moment")]
    Checking(PathBuf),
    /// A write to a workspace whose data check failed; the failure, naming the file.
    #[error("{0}; the workspace is read-only")]
    CheckFailed(String),
    /// A save the domain's rules refuse; `field` is the form field to fix (for example
    /// "accepted_by"), so a form can put the cursor there. Displays as the message alone.
    #[error("{message}")]
    Refused { field: &'static str, message: String },
    #[error("no {entity} with id {id}")]
    Missing { entity: &'static str, id: String },
    #[error("workspace database error: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("workspace schema error: {}", migration_reason(.0))]
    Migration(#[from] rusqlite_migration::Error),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Where the store gets the time for the change log. Tests fix it.
#[derive(Debug, Clone, Copy)]
pub enum Clock {
    System,
    Fixed(DateTime<Utc>),
}

impl Clock {
    pub fn now(self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Fixed(at) => at,
        }
    }
}

/// An open workspace.
pub struct Store {
    // Fields drop in this order: the connection must close before `file` (see `lock`).
    conn: Connection,
    path: PathBuf,
    clock: Clock,
    /// Whether this connection's change capture (see `writer`) is installed; it is on the
    /// first write, so a store that only reads never creates it.
    capturing: bool,
    /// The bytes of stored files deleted or replaced through this store, for undo in the
    /// same session (the change log holds only their hashes); see `undo`.
    kept: undo::KeptFiles,
    /// The data check that passed on this connection, so a command that checks several
    /// times reads the data once (see `replay::CheckMemo`).
    check_memo: replay::CheckMemo,
    /// The verdict of the data check this store was opened with (`open_deferred`): every
    /// write is refused until it has passed. None: opened another way, never refused.
    data_check: Option<deferred::Verdict>,
    /// The workspace file, held open for the life of the store; it carries the edit lock
    /// when the store was opened for editing. None for an in-memory store.
    _file: Option<File>,
}

/// A workspace opened for reading only, without the edit lock: it derefs to `Store` for
/// every read, and since every write takes `&mut Store`, it cannot write.
pub struct Reader(Store);

/// Opens a second connection to the workspace as the first was opened (shared or
/// immutable), for the damage check's thread.
type Opener = Arc<dyn Fn() -> Result<Connection> + Send + Sync>;

/// The damage check of a workspace opened to print (`Store::open_to_print`), running on
/// its own thread while the command reads and builds what it prints. A printing command
/// writes nothing before `verdict` has passed, and when its own work failed it asks the
/// verdict first: a damaged file explains the rest.
#[must_use = "a printing command waits for the damage check's verdict before it writes anything"]
pub struct DamageCheck(Option<std::thread::JoinHandle<Result<()>>>);

impl DamageCheck {
    /// Waits for the check; a damaged file is refused (`StoreError::Damaged`).
    pub fn verdict(self) -> Result<()> {
        match self.0 {
            None => Ok(()),
            Some(check) => check.join().unwrap_or_else(|_| {
                Err(StoreError::Invalid(
                    "a check of the file stopped unexpectedly".to_string(),
                ))
            }),
        }
    }
}

impl std::fmt::Debug for DamageCheck {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("DamageCheck").field(&self.0.is_some()).finish()
    }
}

impl std::ops::Deref for Reader {
    type Target = Store;

    fn deref(&self) -> &Store {
        &self.0
    }
}

impl std::fmt::Debug for Reader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Reader").field(&self.0.path).finish()
    }
}

/// Why a workspace is being opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    /// The TUI and every command that writes: takes the edit lock.
    Edit,
    /// Reports, exports and log checks: no lock, so they run beside an open editor.
    Read,
}

/// What a reader checks as it opens (`finish_reader`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ReaderChecks {
    /// The whole file and every row of data: `open_for_reading`.
    Everything,
    /// The data tables and the rows of the current assessment: `open_to_print`.
    Printed,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

/// Setting keys.
const ASSESSOR: &str = "assessor";
pub(super) const CURRENT_ASSESSMENT: &str = "current_assessment";
/// The report's paper, `a4` or `letter` (`report --paper`); none: US Letter.
const REPORT_PAPER: &str = "report_paper";

impl Store {
    /// A store around an open connection, with nothing remembered and no check pending:
    /// every way of opening one starts here.
    fn around(conn: Connection, path: &Path, file: Option<File>) -> Store {
        Store {
            conn,
            path: path.to_path_buf(),
            clock: Clock::System,
            capturing: false,
            kept: undo::KeptFiles::default(),
            check_memo: replay::CheckMemo::default(),
            data_check: None,
            _file: file,
        }
    }

    /// Opens an existing workspace for editing, refusing anything that is not one of ours
    /// and a workspace another process has open for editing.
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_with(path, Access::Edit)
    }

    /// Opens an existing workspace to read it, without the edit lock, so it works while
    /// another hipaa-ra has the workspace open; SQLite gives it a consistent snapshot. The
    /// connection is read-only: nothing is ever written, so a read-only (0444) file works,
    /// and a workspace whose schema needs upgrading is refused with one line instead of
    /// being migrated by a command that was only asked to read.
    pub fn open_for_reading(path: &Path) -> Result<Reader> {
        let file = check_header(path)?;
        let (store, damage) = Store::open_reader(path, file, ReaderChecks::Everything)?;
        damage.verdict()?;
        Ok(Reader(store))
    }

    /// `open_for_reading` for a command that prints one assessment (an export, the
    /// report): its checks cost what the printed rows cost, not the history. The data check
    /// covers the shared rows and the current assessment's (`Store::check_data_of`, run
    /// again by the command for another assessment it prints) and is done when this
    /// returns. The damage check of the data tables and their indexes (`PRAGMA
    /// integrity_check(table)`, not the change log's pages: it reads the log's head alone)
    /// goes on beside the command's own reading (`DamageCheck`): its cost grows with every
    /// year's rows, and only a read of every row finds what it finds, so it runs while the
    /// command reads and builds, and the command waits for its verdict before it writes
    /// anything. An edit of another year's row is left to `check`, the TUI's open and `log
    /// verify`.
    pub fn open_to_print(path: &Path) -> Result<(Reader, DamageCheck)> {
        let file = check_header(path)?;
        Store::open_reader(path, file, ReaderChecks::Printed).map(|(store, damage)| (Reader(store), damage))
    }

    /// `open_to_print` with the damage check's verdict awaited: for a command whose own
    /// reading is small (a list of people, vendors, breaches), so nothing is gained by
    /// reading beside the check.
    pub fn open_to_print_checked(path: &Path) -> Result<Reader> {
        let (store, damage) = Store::open_to_print(path)?;
        damage.verdict()?;
        Ok(store)
    }

    /// Opens a workspace for editing and loads its snapshot, waiting for the data check
    /// (`open_deferred`, then its verdict): a damaged file, or one whose data does not
    /// match its change log, is refused with the same errors as `open`, and nothing is
    /// written before the check has passed.
    pub fn open_and_load(path: &Path) -> Result<(Store, Workspace)> {
        let (store, workspace, check) = Store::open_deferred(path)?;
        deferred::refuse_failed(check.wait())?;
        Ok((store, workspace))
    }

    /// Whether the change log covers the data, as `report` requires before it trusts it:
    /// the log's head row, its starting points and the head's state digest against the
    /// tables (`check_data`), which costs one read of the data however long the history.
    /// A row before the head edited in place is not looked at here: `hipaa-ra log verify`
    /// walks the whole chain. A command that shows or exports the data, or changes a
    /// setting, runs this first (`refuse_uncovered`); a passed check is remembered until
    /// the file changes, so running it again in one command costs nothing.
    pub fn log_covers_data(&self) -> Result<DataStatus> {
        self.check_data()
    }

    /// Refuses, naming the row or record, a workspace whose change log does not cover its
    /// data (see `log_covers_data`).
    pub fn refuse_uncovered(&self) -> Result<()> {
        self.refuse_differences(&self.log_covers_data()?)
    }

    /// Refuses data that does not match the change log, for a command that prints one
    /// assessment: its rows and the shared rows (`check_data_of`).
    pub fn refuse_uncovered_of(&self, assessment: crate::domain::Id) -> Result<()> {
        self.refuse_differences(&self.check_data_of(assessment)?)
    }

    /// The TUI's open refuses a workspace whose data does not match its log.
    fn refuse_differences(&self, status: &DataStatus) -> Result<()> {
        match status.problem() {
            None => Ok(()),
            Some(detail) => Err(StoreError::Tampered {
                path: self.path.clone(),
                detail,
            }),
        }
    }

    /// The read-write connection every open uses, once the file is known to be sound
    /// enough to read: refused when the file cannot be written or is another program's.
    fn connect(path: &Path) -> Result<Connection> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|error| damaged(path, &error))?;
        if conn.is_readonly(rusqlite::MAIN_DB)? {
            return Err(StoreError::ReadOnly(path.to_path_buf()));
        }
        check_ours(&conn, path)?;
        Ok(conn)
    }

    /// The read-only connection of `open_for_reading`: no lock, no pragma that writes, no
    /// migration.
    fn open_reader(path: &Path, file: File, checks: ReaderChecks) -> Result<(Store, DamageCheck)> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let owned = path.to_path_buf();
        let immutable: Opener = Arc::new(move || {
            let uri = format!("file:{}?immutable=1", uri_path(&owned));
            Connection::open_with_flags(uri, flags | OpenFlags::SQLITE_OPEN_URI)
                .map_err(|error| damaged(&owned, &error))
        });
        let owned = path.to_path_buf();
        let shared: Opener =
            Arc::new(move || Connection::open_with_flags(&owned, flags).map_err(|error| damaged(&owned, &error)));
        if let Some(conn) = open_unshared(path, &file)? {
            return Store::finish_reader(conn, path, file, immutable, checks);
        }
        let conn = shared()?;
        let readable = conn.query_row("SELECT count(*) FROM sqlite_master", [], |row| row.get::<_, i64>(0));
        match readable.map_err(|error| damaged(path, &error)) {
            Ok(_) => Store::finish_reader(conn, path, file, shared, checks),
            // In a folder nobody may write (an archive, read-only media) SQLite cannot make
            // the shared-memory file a WAL reader needs. With no journal file there, no
            // editor can be writing either, so the file is read as immutable.
            Err(StoreError::Damaged { .. }) if !sidecar(path, "-wal").exists() && folder_is_read_only(path) => {
                drop(conn);
                Store::finish_reader(immutable()?, path, file, immutable, checks)
            }
            Err(error) => Err(error),
        }
    }

    /// The checks every reader's connection passes before it is used: the schema, then
    /// the damage check (`PRAGMA integrity_check`, on a second connection opened as the
    /// first was, by `open_again`) beside the data check (`check_data`, on the reader's
    /// own connection, which remembers a pass): a reader waits for the longer of the two,
    /// not their sum. A damaged file is refused; a data check that did not pass refuses
    /// nothing here (`log verify` reads such a file to say what is wrong): the reader's
    /// `refuse_uncovered` runs it again and names the record. A reader that prints
    /// (`ReaderChecks::Printed`) whose data check passed does not wait for the damage
    /// check: it is handed back still running (`DamageCheck`).
    fn finish_reader(
        conn: Connection,
        path: &Path,
        file: File,
        open_again: Opener,
        checks: ReaderChecks,
    ) -> Result<(Store, DamageCheck)> {
        check_ours(&conn, path)?;
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .map_err(|error| damaged(path, &error))?;
        refuse_unversioned(path, version)?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                path: path.to_path_buf(),
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        // An older file is compared with its own version's schema: one that is not ours
        // is named as such rather than sent to be upgraded.
        schema::check(&conn, path, version)?;
        if version < SCHEMA_VERSION {
            return Err(StoreError::NeedsUpgrade {
                path: path.to_path_buf(),
                found: version,
            });
        }
        conn.busy_timeout(Duration::from_secs(5))?;
        // The damage check's thread holds the file (and the shared lock an unshared reader
        // took on it, see `open_unshared`) until it is done, even past the store.
        let held = file.try_clone().map_err(|source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let store = Store::around(conn, path, Some(file));
        let checked_path = path.to_path_buf();
        let damage = DamageCheck(Some(std::thread::spawn(move || {
            let _held = held;
            match checks {
                ReaderChecks::Everything => integrity_check(&open_again()?, &checked_path),
                ReaderChecks::Printed => data_integrity_check(&open_again()?, &checked_path),
            }
        })));
        let data = match checks {
            ReaderChecks::Everything => store.head_checked(),
            ReaderChecks::Printed => store
                .current_assessment_id()
                .and_then(|assessment| store.head_checked_of(assessment)),
        };
        if checks == ReaderChecks::Printed && matches!(data, Ok(Some(DataStatus::Consistent { .. }))) {
            return Ok((store, damage));
        }
        // Its verdict waits for the damage check's: a damaged file explains the rest.
        damage.verdict()?;
        // An error reading a sound file is an error; a status is the caller's to judge.
        data?;
        Ok((store, DamageCheck(None)))
    }

    fn open_with(path: &Path, access: Access) -> Result<Store> {
        let file = check_header(path)?;
        if access == Access::Read {
            let (store, damage) = Store::open_reader(path, file, ReaderChecks::Everything)?;
            damage.verdict()?;
            return Ok(store);
        }
        lock::lock(&file, path)?;
        let conn = Store::connect(path)?;
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .map_err(|error| damaged(path, &error))?;
        refuse_unversioned(path, version)?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                path: path.to_path_buf(),
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        // Before the upgrade, if any: a file not made by these migrations is not upgraded.
        schema::check(&conn, path, version)?;
        integrity_check(&conn, path)?;
        Store::configure(conn, path, Some(file))
    }

    /// Creates a new workspace file (mode 0600) for a practice; refuses an existing path.
    pub fn create(path: &Path, practice_name: &str, assessor: &str, today: NaiveDate) -> Result<Store> {
        refuse_journal_name(path)?;
        // create_new makes the check and the creation one step, so a file that appears
        // in between is never overwritten.
        let file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path)
            .map_err(|source| match source.kind() {
                std::io::ErrorKind::AlreadyExists => StoreError::AlreadyExists(path.to_path_buf()),
                _ => StoreError::Io {
                    path: path.to_path_buf(),
                    source,
                },
            })?;
        // Locked from the start, so nobody edits the new file while it is being set up
        // (or while the wizard that follows runs).
        let created = lock::lock(&file, path)
            .and_then(|()| Connection::open(path).map_err(StoreError::from))
            .and_then(|conn| {
                conn.pragma_update(None, "application_id", APPLICATION_ID)?;
                Store::configure(conn, path, Some(file))
            })
            .and_then(|mut store| {
                store.initialise(practice_name, assessor, today)?;
                Ok(store)
            });
        if created.is_err() {
            // Only our own empty or half-made file is removed; nothing else existed there.
            let _ = std::fs::remove_file(path);
            let _ = std::fs::remove_file(sidecar(path, "-wal"));
            let _ = std::fs::remove_file(sidecar(path, "-shm"));
        }
        created
    }

    /// Removes a workspace file and its SQLite sidecar files, if present, refusing one that
    /// another process has open for editing (the lock is held while the files go).
    pub fn remove_unopened(path: &Path) -> Result<()> {
        let io_error = |source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        };
        let file = match File::open(path) {
            Ok(file) => Some(file),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
            Err(error) => return Err(io_error(error)),
        };
        if let Some(file) = &file {
            lock::lock(file, path)?;
        }
        for name in [path.to_path_buf(), sidecar(path, "-wal"), sidecar(path, "-shm")] {
            match std::fs::remove_file(name) {
                Err(error) if error.kind() != std::io::ErrorKind::NotFound => return Err(io_error(error)),
                _ => {}
            }
        }
        Ok(())
    }

    /// An in-memory workspace, for tests and benches.
    pub fn in_memory(practice_name: &str, assessor: &str, today: NaiveDate) -> Result<Store> {
        let mut conn = Connection::open_in_memory()?;
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
        migrate_to_latest(&mut conn)?;
        let mut store = Store::around(conn, Path::new(":memory:"), None);
        store.initialise(practice_name, assessor, today)?;
        Ok(store)
    }

    /// Pragmas on every connection, then the schema brought up to date.
    fn configure(conn: Connection, path: &Path, file: Option<File>) -> Result<Store> {
        // The store first: on any error below, it closes the connection before the file.
        let mut store = Store::around(conn, path, file);
        let conn = &mut store.conn;
        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            tracing::warn!(?path, mode, "WAL journal mode not available");
        }
        // FULL: a write reported as saved survives a power cut, not only a crash.
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", true)?;
        conn.busy_timeout(Duration::from_secs(5))?;
        let found: i64 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
        if found > 0 && found < SCHEMA_VERSION {
            // The checkpoint below becomes the new starting point, so a log that already
            // covers the data must replay to it first: an upgrade never hides an edit.
            if let Some(detail) = replay::before_upgrade(conn)?.problem() {
                return Err(StoreError::Tampered {
                    path: path.to_path_buf(),
                    detail,
                });
            }
        }
        migrate_to_latest(conn)?;
        if (LAST_SHAPE_CHANGE..SCHEMA_VERSION).contains(&found) {
            // The tables kept their shape: replay goes on from the last starting point, and
            // a note records the upgrade (its row carries each assessment's part of the
            // state, see `scopes`).
            let upgrade = serde_json::json!({ "from_schema": found, "to_schema": SCHEMA_VERSION });
            store.write(|tx| tx.note("upgrade", &upgrade))?;
        } else if found > 0 && found < SCHEMA_VERSION {
            // The upgrade may have changed the tables' shape, so replay starts again from
            // here: a checkpoint with every row's image. (A new file, at 0, gets its genesis
            // row from `initialise`.)
            store.write(|tx| tx.checkpoint())?;
        }
        Ok(store)
    }

    /// Settings, the practice and a first assessment for a new workspace.
    fn initialise(&mut self, practice_name: &str, assessor: &str, today: NaiveDate) -> Result<()> {
        self.write_as(assessor.to_string(), |tx| {
            // The genesis row first, while the tables are empty: replay starts from it.
            tx.checkpoint()?;
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)",
                (ASSESSOR, assessor),
            )
        })?;
        self.save_practice(&crate::domain::Practice::named(practice_name))?;
        let matrix = crate::catalog::Catalog::embedded()
            .matrix(crate::domain::MatrixChoice::Nist.key())
            .cloned()
            .ok_or_else(|| StoreError::Invalid("the catalog has no NIST matrix".to_string()))?;
        let assessment = crate::domain::Assessment::for_year_of(today, assessor, matrix);
        let id = self.add_assessment(&assessment)?;
        self.set_current_assessment(id)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Uses a fixed clock for change-log times (tests and reproducible demos).
    pub fn set_clock(&mut self, clock: Clock) {
        self.clock = clock;
    }

    /// The assessor name recorded as "who" in the change log.
    pub fn assessor(&self) -> Result<String> {
        Ok(self.setting(ASSESSOR)?.unwrap_or_default())
    }

    pub fn set_assessor(&mut self, name: &str) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2",
                (ASSESSOR, name),
            )?;
            Ok(())
        })
    }

    fn setting(&self, key: &str) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |row| row.get(0))
            .optional()?)
    }

    /// The assessment screens and commands work on: the one chosen last, or the newest.
    pub fn current_assessment_id(&self) -> Result<crate::domain::Id> {
        if let Some(id) = self.setting(CURRENT_ASSESSMENT)?.and_then(|value| value.parse().ok()) {
            return Ok(id);
        }
        let newest: Option<i64> = self
            .conn
            .query_row("SELECT max(id) FROM assessments", [], |row| row.get(0))?;
        newest.ok_or_else(|| StoreError::Invalid("the workspace has no assessment".to_string()))
    }

    pub fn set_current_assessment(&mut self, id: crate::domain::Id) -> Result<()> {
        let value = id.to_string();
        self.write(|tx| {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2",
                (CURRENT_ASSESSMENT, &value),
            )?;
            Ok(())
        })
    }

    /// The paper the report was last made on (`a4` or `letter`), if one was chosen.
    pub fn report_paper(&self) -> Result<Option<String>> {
        self.setting(REPORT_PAPER)
    }

    /// Remembers the paper chosen for the report, for the next one.
    pub fn set_report_paper(&mut self, key: &str) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2",
                (REPORT_PAPER, key),
            )?;
            Ok(())
        })
    }

    /// Everything the screens and the report read, for the current assessment.
    pub fn snapshot(&self) -> Result<Workspace> {
        self.snapshot_of(self.current_assessment_id()?)
    }

    /// Everything the screens and the report read, for one assessment (a report of last
    /// year's, for example).
    pub fn snapshot_of(&self, assessment_id: crate::domain::Id) -> Result<Workspace> {
        self.assessment(assessment_id)?;
        let mut workspace = Workspace {
            practice: self.practice()?,
            people: self.people()?,
            roles: self.role_assignments()?,
            assessments: self.assessments()?,
            assessment_id,
            assets: self.assets(assessment_id)?,
            reviews: self.safeguard_reviews(assessment_id)?,
            risks: self.risks(assessment_id)?,
            actions: self.actions(assessment_id)?,
            evidence: self.evidence()?,
            prompts: self.prompt_answers(assessment_id)?,
            carried: self.carried_items(assessment_id)?,
            signatures: self.signatures()?,
            retired: self.retired_assets(assessment_id)?,
            acknowledgments: self.acknowledgments(assessment_id)?,
            coverage_notes: self.coverage_notes(assessment_id)?,
            sign_off: self.latest_sign_off(assessment_id)?,
            access: self.access_records()?,
            policies: self.policy_register()?,
            incidents: self.incidents()?,
            rescores: self.rescores(assessment_id)?,
            training: self.training()?,
            contingency_tests: self.contingency_tests()?,
        };
        people::leave_out_removed(&mut workspace);
        Ok(workspace)
    }

    /// What a report's "Changes since" compares of the year its assessment was carried
    /// from (`domain::changes`): that year's assets, safeguard reviews and scenarios, with
    /// the assessments and people that name them. Its actions, evidence, carried items,
    /// answers and sign-off are not read: the report prints none of them.
    pub fn snapshot_for_changes(&self, assessment_id: crate::domain::Id) -> Result<Workspace> {
        self.assessment(assessment_id)?;
        let mut workspace = Workspace {
            practice: self.practice()?,
            people: self.people()?,
            assessments: self.assessments()?,
            assessment_id,
            assets: self.assets(assessment_id)?,
            reviews: self.safeguard_reviews(assessment_id)?,
            risks: self.risks(assessment_id)?,
            ..Workspace::default()
        };
        people::leave_out_removed(&mut workspace);
        Ok(workspace)
    }

    /// Runs `work` in one immediate transaction, so its writes and their change-log rows
    /// (one per row it changed, see `writer`) are saved together or not at all.
    ///
    /// A database error (a full disk, a failing device) comes back naming the file.
    pub(crate) fn write<T>(&mut self, work: impl FnOnce(&Writer<'_>) -> Result<T>) -> Result<T> {
        let actor = self.assessor()?;
        self.write_as(actor, work)
    }

    /// `write`, recording `actor` as who made the change.
    fn write_as<T>(&mut self, actor: String, work: impl FnOnce(&Writer<'_>) -> Result<T>) -> Result<T> {
        // Nothing is written to data a deferred check has not passed (`open_deferred`).
        self.refuse_unchecked()?;
        let at = self.clock.now().to_rfc3339_opts(SecondsFormat::Millis, true);
        let attempt = (|| {
            if !self.capturing {
                writer::install_capture(&self.conn)?;
                carry::install_guards(&self.conn)?;
                signed::install_guards(&self.conn)?;
                undo::install_keeper(&self.conn, &self.kept)?;
                self.capturing = true;
            }
            let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            // Changes made on this connection outside a write are not the store's.
            writer::discard_captured(&tx)?;
            let head_before = scopes::head_before(&tx)?;
            let writer = Writer {
                tx,
                actor,
                at,
                head_before,
                bulk: bulk::BulkLog::default(),
            };
            let value = work(&writer)?;
            writer.flush()?;
            writer.tx.commit()?;
            Ok(value)
        })();
        attempt.map_err(|error| match error {
            StoreError::Sql(source) if carry::is_final_refusal(&source) => StoreError::Refused {
                field: "assessment",
                message: FINAL_MESSAGE.to_string(),
            },
            StoreError::Sql(source) if source.sqlite_error_code() == Some(rusqlite::ErrorCode::DiskFull) => {
                StoreError::DiskFull(self.path.clone())
            }
            StoreError::Sql(source) => StoreError::NotSaved {
                path: self.path.clone(),
                source,
            },
            other => other,
        })
    }
}

/// An open write transaction that knows who is writing and when.
pub(crate) struct Writer<'conn> {
    tx: rusqlite::Transaction<'conn>,
    actor: String,
    at: String,
    /// The log's head when the write began: `flush` continues each assessment's part of
    /// the state from it (`scopes::seal`).
    head_before: scopes::HeadBefore,
    /// The rows inserted by `insert_logged`, logged by `flush` (see `bulk`).
    bulk: bulk::BulkLog,
}

impl Writer<'_> {
    pub(crate) fn execute(&self, sql: &str, params: impl rusqlite::Params) -> Result<usize> {
        Ok(self.tx.execute(sql, params)?)
    }

    pub(crate) fn last_insert_rowid(&self) -> i64 {
        self.tx.last_insert_rowid()
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.tx
    }
}

/// The first bytes of every SQLite database file.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Refuses a path that is missing, a directory, empty or not a SQLite file, before
/// SQLite sees it (SQLite would happily turn an empty file into a database). Hands back
/// the open file, which the store keeps (see `lock` for why it is never closed early).
fn check_header(path: &Path) -> Result<File> {
    let metadata = std::fs::metadata(path).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => StoreError::NotFound(path.to_path_buf()),
        _ => StoreError::Io {
            path: path.to_path_buf(),
            source,
        },
    })?;
    if metadata.is_dir() {
        return Err(StoreError::IsDirectory(path.to_path_buf()));
    }
    let not_ours = |reason: &str| StoreError::NotAWorkspace {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    };
    if metadata.len() == 0 {
        return Err(not_ours("the file is empty"));
    }
    let mut header = [0u8; 16];
    let mut file = File::open(path).map_err(|source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    match file.read_exact(&mut header) {
        Ok(()) if &header == SQLITE_HEADER => Ok(file),
        Ok(()) => Err(not_ours("it is not a SQLite database")),
        Err(_) => Err(not_ours("the file is too short to be a database")),
    }
}

/// A reader's connection that leaves no file beside the workspace, when that is safe: no
/// editor has the file open (the shared edit lock is granted) and no journal holds
/// changes not yet in it (no `-wal`, or an empty one). The file is then read as
/// `immutable`, so SQLite creates no `-wal` or `-shm` (a read-only WAL connection would
/// leave both behind, and in a folder the owner archived read-only they lock the owner
/// out). The shared lock is held until the reader closes (it lives on `file`), so no
/// editor can change the file under the reader meanwhile: an editor opened then is
/// refused as "open in another hipaa-ra" until the read ends. When an editor is open, or
/// a journal holds changes, None: the reader goes through the journal as before, and
/// sees a consistent snapshot beside the editor.
fn open_unshared(path: &Path, file: &File) -> Result<Option<Connection>> {
    if std::fs::metadata(sidecar(path, "-wal")).is_ok_and(|wal| wal.len() > 0) {
        return Ok(None);
    }
    match file.try_lock_shared() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => return Ok(None),
        Err(std::fs::TryLockError::Error(source)) => {
            return Err(StoreError::Io {
                path: path.to_path_buf(),
                source,
            });
        }
    }
    // Checked again under the lock: an editor may have closed just before, leaving its
    // journal to a reader that follows it.
    if std::fs::metadata(sidecar(path, "-wal")).is_ok_and(|wal| wal.len() > 0) {
        let _ = file.unlock();
        return Ok(None);
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
    let uri = format!("file:{}?immutable=1", uri_path(path));
    Connection::open_with_flags(uri, flags)
        .map(Some)
        .map_err(|error| damaged(path, &error))
}

/// Refuses an existing file with our application id but no schema version: half made
/// (a creation killed before its first transaction) or another program's file carrying
/// our id. Creating the schema in it would write into a file that is not ours, and fail
/// on its tables anyway.
fn refuse_unversioned(path: &Path, version: i64) -> Result<()> {
    if version == 0 {
        return Err(StoreError::NotAWorkspace {
            path: path.to_path_buf(),
            reason: "a SQLite database with no hipaa-ra schema in it".to_string(),
        });
    }
    Ok(())
}

/// A schema step's failure in words: SQLite's reason, never the migration's SQL (a whole
/// schema, hundreds of lines).
fn migration_reason(error: &rusqlite_migration::Error) -> String {
    match error {
        rusqlite_migration::Error::RusqliteError { err, .. } => err.to_string(),
        other => other.to_string().lines().next().unwrap_or_default().to_string(),
    }
}

/// Refuses a new workspace named like SQLite's journal of another (`x.hra-wal`, `-shm`,
/// `-journal`): SQLite would take it for `x.hra`'s journal and delete or replay it the
/// next time `x.hra` is opened.
pub fn refuse_journal_name(path: &Path) -> Result<()> {
    let name = path.file_name().map(|name| name.to_string_lossy()).unwrap_or_default();
    match ["-wal", "-shm", "-journal"]
        .iter()
        .find(|suffix| name.ends_with(**suffix))
    {
        Some(suffix) => Err(StoreError::Invalid(format!(
            "{}: a workspace cannot be named like a SQLite journal (ending in {suffix}); choose another name",
            path.display()
        ))),
        None => Ok(()),
    }
}

/// The folder holding `path` cannot be written by this process (so nobody running as
/// this user can start editing the file there).
fn folder_is_read_only(path: &Path) -> bool {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let probe = folder.join(format!(".hipaa-ra-probe-{}", std::process::id()));
    match OpenOptions::new().write(true).create_new(true).open(&probe) {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            false
        }
        Err(_) => true,
    }
}

/// A path as the path part of a SQLite `file:` URI: `%`, `?` and `#` percent-encoded.
fn uri_path(path: &Path) -> String {
    let text = path.to_string_lossy();
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '?' => out.push_str("%3f"),
            '#' => out.push_str("%23"),
            _ => out.push(c),
        }
    }
    out
}

/// Refuses a SQLite database that is not a workspace (another program's application id).
fn check_ours(conn: &Connection, path: &Path) -> Result<()> {
    let application_id: i32 = conn
        .query_row("PRAGMA application_id", [], |row| row.get(0))
        .map_err(|error| damaged(path, &error))?;
    if application_id != APPLICATION_ID {
        return Err(StoreError::NotAWorkspace {
            path: path.to_path_buf(),
            reason: "a SQLite database of another program".to_string(),
        });
    }
    Ok(())
}

/// " (pid N)" when the process holding a workspace is known.
fn holder_note(pid: &Option<u32>) -> String {
    pid.map(|pid| format!(" (pid {pid})")).unwrap_or_default()
}

fn damaged(path: &Path, error: &rusqlite::Error) -> StoreError {
    StoreError::Damaged {
        path: path.to_path_buf(),
        reason: error.to_string(),
    }
}

fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// `PRAGMA integrity_check`: the file's structure is sound and every index holds exactly
/// its table's rows, or the workspace is refused. (`quick_check` does not compare indexes
/// with their tables: a flipped byte in an index entry passes it, and queries through that
/// index then return wrong rows.) Problems SQLite reports by page ("Tree 20 page 20 ...")
/// are named by the table or index whose tree that is.
fn integrity_check(conn: &Connection, path: &Path) -> Result<()> {
    // At most a few problems: the message is one line, and a badly damaged file can have
    // thousands.
    integrity_check_by(conn, path, "PRAGMA integrity_check(3)")
}

/// `integrity_check` of every data table and its indexes, one at a time, leaving out the
/// change log's pages (most of an old workspace's file): what `open_to_print` reads. A
/// table's damage is found as the whole check finds it; pages that belong to no table
/// (SQLite's "never used") are left to the whole check.
fn data_integrity_check(conn: &Connection, path: &Path) -> Result<()> {
    let tables = images::tables(conn).map_err(|error| match error {
        StoreError::Sql(error) => damaged(path, &error),
        other => other,
    })?;
    for table in tables {
        integrity_check_by(
            conn,
            path,
            &format!("PRAGMA integrity_check({})", images::literal(&table.name)),
        )?;
    }
    Ok(())
}

/// Runs one integrity pragma and names the first few problems it reports.
fn integrity_check_by(conn: &Connection, path: &Path, pragma: &str) -> Result<()> {
    let problems: Vec<String> = (|| {
        let mut statement = conn.prepare(pragma)?;
        let rows = statement.query_map([], |row| row.get::<_, String>(0))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
    })()
    .map_err(|error| damaged(path, &error))?;
    if problems.len() == 1 && problems[0] == "ok" {
        return Ok(());
    }
    // SQLite puts a "*** in database main ***" heading before the first problem.
    let problems: Vec<String> = problems
        .iter()
        .flat_map(|problem| problem.lines())
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with("***"))
        .take(3)
        .map(|line| match tree_owner(conn, line) {
            Some(owner) => format!("{owner}: {line}"),
            None => line.to_string(),
        })
        .collect();
    Err(StoreError::Damaged {
        path: path.to_path_buf(),
        reason: problems.join("; "),
    })
}

/// "the index `risks_by_assessment` on `risks`" for a problem SQLite reports as "Tree N
/// ...", N being the root page of that index's (or table's) tree.
fn tree_owner(conn: &Connection, problem: &str) -> Option<String> {
    let root: i64 = problem
        .strip_prefix("Tree ")?
        .split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()?;
    let (kind, name, table): (String, String, String) = conn
        .query_row(
            "SELECT type, name, tbl_name FROM main.sqlite_master WHERE rootpage = ?1",
            [root],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .ok()?;
    Some(match kind == "index" {
        true => format!("the index `{name}` on `{table}`"),
        false => format!("the {kind} `{name}`"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        MIGRATIONS.validate().expect("migrations validate");
    }

    #[test]
    fn schema_version_matches_the_migrations() {
        let store = Store::in_memory("Test", "Tester", NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()).unwrap();
        let version: i64 = store
            .conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .unwrap();
        assert_eq!(version, SCHEMA_VERSION);
    }
}
