//! Opening without waiting for the data check: `Store::open_deferred`.
//!
//! The TUI's first frame needs the snapshot, not the verdict of the checks that read the
//! whole file (`PRAGMA integrity_check`, and the data against the change log's head). So
//! the open does what is cheap and decides whether the file is a workspace at all (the
//! header, the edit lock, the schema version and shape) at once, loads the snapshot, and
//! runs those checks on a thread of their own, on a read-only connection, in one read
//! transaction. The caller gets a `DataCheck` to poll for the verdict.
//!
//! Until the verdict is in, and after a failed one, the store itself refuses every write
//! (`Store::write_as` asks `refuse_unchecked`): the verdict is shared between the store
//! and the `DataCheck`, so no path writes to data nobody has checked, whatever the caller
//! does with the `DataCheck`. A store opened any other way is not gated.
//!
//! The check is O(rows of data), not O(history): the walk of the whole chain stays in
//! `log verify` (see `replay`); a change to a log row before the head is found there.

use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, OnceLock};
use std::thread::JoinHandle;

use rusqlite::{Connection, InterruptHandle, OpenFlags};

use super::{Result, SCHEMA_VERSION, Store, StoreError, check_header, damaged, lock, replay, schema};
use crate::domain::Workspace;

/// What the deferred data check found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckVerdict {
    Passed,
    Failed(CheckFailure),
}

/// Why the data check failed: one line naming the file (`Display`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckFailure {
    pub path: PathBuf,
    pub kind: FailureKind,
    /// What differs or what is damaged, naming the record, table or index.
    pub detail: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    /// `PRAGMA integrity_check` found damage.
    Damaged,
    /// The data is not what the change log records.
    Tampered,
    /// The check itself could not finish (an error reading the file, or it was stopped).
    NotChecked,
}

impl CheckFailure {
    /// The problem without the file's name, for a screen that names the file elsewhere.
    pub fn problem(&self) -> String {
        match self.kind {
            FailureKind::Damaged => format!("the workspace is damaged ({})", self.detail),
            FailureKind::Tampered => format!("the workspace does not match its change log: {}", self.detail),
            FailureKind::NotChecked => format!("the workspace could not be checked: {}", self.detail),
        }
    }

    /// The error `open_and_load` has always returned for this failure.
    pub fn into_error(self) -> StoreError {
        match self.kind {
            FailureKind::Damaged => StoreError::Damaged {
                path: self.path,
                reason: self.detail,
            },
            FailureKind::Tampered => StoreError::Tampered {
                path: self.path,
                detail: self.detail,
            },
            FailureKind::NotChecked => StoreError::Invalid(self.to_string()),
        }
    }
}

impl std::fmt::Display for CheckFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.problem())
    }
}

/// The verdict, set once by the checking thread; shared by the `DataCheck` and the store.
pub(super) type Verdict = Arc<OnceLock<CheckVerdict>>;

/// The data check running beside an open workspace (see `Store::open_deferred`).
pub struct DataCheck {
    path: PathBuf,
    verdict: Verdict,
    thread: Option<JoinHandle<()>>,
    /// Set when the check is given up (the `DataCheck` dropped unfinished): the thread
    /// stops at its next step, and its running statement is interrupted.
    stop: Arc<AtomicBool>,
    interrupt: Option<InterruptHandle>,
}

impl std::fmt::Debug for DataCheck {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DataCheck")
            .field("verdict", &self.verdict.get())
            .finish()
    }
}

impl DataCheck {
    /// A check already passed: for a workspace checked before it was opened (an upgrade,
    /// which checks synchronously before it writes) or one just created.
    pub fn passed() -> DataCheck {
        let verdict = Verdict::default();
        let _ = verdict.set(CheckVerdict::Passed);
        DataCheck {
            path: PathBuf::new(),
            verdict,
            thread: None,
            stop: Arc::default(),
            interrupt: None,
        }
    }

    /// The verdict once it is in; never waits.
    pub fn poll(&mut self) -> Option<CheckVerdict> {
        self.verdict.get().cloned()
    }

    /// Waits for the verdict.
    pub fn wait(mut self) -> CheckVerdict {
        if let Some(thread) = self.thread.take() {
            // The thread sets the verdict even when the check panics (see `start`).
            let _ = thread.join();
        }
        self.verdict.get().cloned().unwrap_or_else(|| stopped(&self.path))
    }

    /// Starts the check of the file at `path` on a thread, on a read-only connection of its
    /// own (opened here, so a file SQLite cannot open is refused at once).
    fn start(path: &Path, hold: Option<Receiver<()>>) -> Result<DataCheck> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|error| damaged(path, &error))?;
        let verdict = Verdict::default();
        let stop = Arc::new(AtomicBool::new(false));
        let interrupt = Some(conn.get_interrupt_handle());
        let thread = {
            let (verdict, stop, checked) = (verdict.clone(), stop.clone(), path.to_path_buf());
            std::thread::Builder::new()
                .name("data check".to_string())
                .spawn(move || {
                    if let Some(hold) = hold {
                        // Released (or its sender dropped) by the test holding it.
                        let _ = hold.recv();
                    }
                    let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| check(conn, &checked, &stop)));
                    let _ = verdict.set(outcome.unwrap_or_else(|_| {
                        failed(&checked, FailureKind::NotChecked, "the check stopped unexpectedly")
                    }));
                })
                .map_err(|source| StoreError::Io {
                    path: path.to_path_buf(),
                    source,
                })?
        };
        Ok(DataCheck {
            path: path.to_path_buf(),
            verdict,
            thread: Some(thread),
            stop,
            interrupt,
        })
    }
}

impl Drop for DataCheck {
    /// Nobody will read the verdict: the check stops instead of reading the rest of the
    /// file (quitting, or a bench opening the workspace again and again). Its store, if
    /// still open, stays read-only: the verdict says the check was stopped.
    fn drop(&mut self) {
        if self.verdict.get().is_none() {
            self.stop.store(true, Ordering::Relaxed);
            if let Some(interrupt) = &self.interrupt {
                interrupt.interrupt();
            }
        }
    }
}

fn failed(path: &Path, kind: FailureKind, detail: impl Into<String>) -> CheckVerdict {
    CheckVerdict::Failed(CheckFailure {
        path: path.to_path_buf(),
        kind,
        detail: detail.into(),
    })
}

fn stopped(path: &Path) -> CheckVerdict {
    failed(
        path,
        FailureKind::NotChecked,
        "the check was stopped before it finished",
    )
}

/// The check itself, on one read transaction of `conn`: the damage check first (a damaged
/// file explains the rest), then the data against the log head, replaying only to name
/// the record when they differ.
fn check(conn: Connection, path: &Path, stop: &AtomicBool) -> CheckVerdict {
    // A store around the connection, for `verify_history`; it never writes (its
    // connection is read-only) and is not gated.
    let store = Store::around(conn, path, None);
    let outcome = (|| -> Result<CheckVerdict> {
        if stop.load(Ordering::Relaxed) {
            return Ok(stopped(path));
        }
        let snapshot = store.conn.unchecked_transaction()?;
        if let Err(error) = super::integrity_check(&store.conn, path) {
            return Ok(match error {
                StoreError::Damaged { reason, .. } => failed(path, FailureKind::Damaged, reason),
                other => failed(path, FailureKind::NotChecked, other.to_string()),
            });
        }
        if stop.load(Ordering::Relaxed) {
            return Ok(stopped(path));
        }
        let status = match replay::head_check(&store.conn)? {
            Some(status) => status,
            // The digests differ: the replay names the record.
            None if stop.load(Ordering::Relaxed) => return Ok(stopped(path)),
            None => store.verify_history()?,
        };
        snapshot.rollback()?;
        Ok(match status.problem() {
            None => CheckVerdict::Passed,
            Some(detail) => failed(path, FailureKind::Tampered, detail),
        })
    })();
    match outcome {
        Ok(verdict) => verdict,
        Err(_) if stop.load(Ordering::Relaxed) => stopped(path),
        Err(error) => failed(path, FailureKind::NotChecked, error.to_string()),
    }
}

impl Store {
    /// Opens a workspace for editing and loads its snapshot without waiting for the data
    /// check: the header, the edit lock, the schema version and the schema's shape are
    /// checked at once (a file that is not a workspace, too new, or not ours is refused
    /// here, as by `open`); `PRAGMA integrity_check` and the data against the change log
    /// run on a thread (see the module). The store refuses every write until the returned
    /// `DataCheck` has passed, and for good if it fails.
    ///
    /// A workspace that needs a schema upgrade is checked in full first, then upgraded, as
    /// `open` does (an upgrade writes), and comes with a check already passed.
    pub fn open_deferred(path: &Path) -> Result<(Store, Workspace, DataCheck)> {
        Store::open_deferred_with(path, None, Store::snapshot)
    }

    /// `open_deferred` for the TUI: with only the first look (`Store::first_look`, a
    /// handful of rows) instead of the snapshot, which the TUI loads after its first frame
    /// on a connection beside this one (`Store::reader_beside`).
    pub fn open_deferred_first_look(path: &Path) -> Result<(Store, Workspace, DataCheck)> {
        Store::open_deferred_with(path, None, Store::first_look)
    }

    /// For tests: `open_deferred` with the check held back until the `HeldCheck` is
    /// released (or dropped), so a test sees the store and the TUI while it is pending.
    #[doc(hidden)]
    pub fn open_deferred_held_for_tests(path: &Path) -> Result<(Store, Workspace, DataCheck, HeldCheck)> {
        let (sender, receiver) = channel();
        let (store, workspace, check) = Store::open_deferred_with(path, Some(receiver), Store::snapshot)?;
        Ok((store, workspace, check, HeldCheck(sender)))
    }

    /// The open, then `load` (the snapshot, or the first look) on the store.
    fn open_deferred_with(
        path: &Path,
        hold: Option<Receiver<()>>,
        load: fn(&Store) -> Result<Workspace>,
    ) -> Result<(Store, Workspace, DataCheck)> {
        let file = check_header(path)?;
        lock::lock(&file, path)?;
        let conn = Store::connect(path)?;
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .map_err(|error| damaged(path, &error))?;
        if version != SCHEMA_VERSION {
            // The ordinary path refuses what is unversioned or too new, and upgrades an
            // older file after its checks; it takes the lock again once this file (and so
            // its lock) is dropped.
            drop(conn);
            drop(file);
            let store = Store::open(path)?;
            store.refuse_uncovered()?;
            let workspace = load(&store)?;
            return Ok((store, workspace, DataCheck::passed()));
        }
        schema::check(&conn, path, version)?;
        let check = DataCheck::start(path, hold)?;
        let mut store = Store::configure(conn, path, Some(file))?;
        store.data_check = Some(check.verdict.clone());
        match load(&store) {
            Ok(workspace) => Ok((store, workspace, check)),
            // A damaged file may fail the load itself: the check's verdict explains why
            // better than the query that tripped on it.
            Err(error) => {
                refuse_failed(check.wait())?;
                Err(error)
            }
        }
    }

    /// Refuses a write while this store's deferred data check has not passed (see
    /// `open_deferred`); a store opened any other way always may write.
    pub(super) fn refuse_unchecked(&self) -> Result<()> {
        let Some(verdict) = &self.data_check else {
            return Ok(());
        };
        match verdict.get() {
            Some(CheckVerdict::Passed) => Ok(()),
            None => Err(StoreError::Checking(self.path.clone())),
            Some(CheckVerdict::Failed(failure)) => Err(StoreError::CheckFailed(failure.to_string())),
        }
    }
}

/// A deferred check held back by a test (`Store::open_deferred_held_for_tests`).
#[doc(hidden)]
pub struct HeldCheck(Sender<()>);

impl HeldCheck {
    /// Lets the check run.
    pub fn release(self) {
        let _ = self.0.send(());
    }
}

/// `open_and_load`'s verdict as its error.
pub(super) fn refuse_failed(verdict: CheckVerdict) -> Result<()> {
    match verdict {
        CheckVerdict::Passed => Ok(()),
        CheckVerdict::Failed(failure) => Err(failure.into_error()),
    }
}
