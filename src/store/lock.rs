//! The advisory lock that keeps two hipaa-ra processes from editing one workspace.
//!
//! A process that opens a workspace for editing holds `flock(LOCK_EX)` on the workspace
//! file itself (through `std::fs::File::try_lock`) until it closes the workspace. The
//! kernel drops the lock when the process ends, however it ends, so a killed editor never
//! leaves a stale lock behind and there is no lock file to clean up. On Linux `flock`
//! locks are independent of the POSIX byte-range locks SQLite takes on the same file.
//!
//! One rule comes with holding our own descriptor on a file SQLite also has open: closing
//! any descriptor of a file drops every POSIX lock the process holds on it, SQLite's
//! included. The descriptor is therefore closed only after the SQLite connection (see the
//! field order of `Store`).
//!
//! Commands that only read (reports, exports, log checks) never wait for an editor: SQLite's
//! WAL mode gives them a consistent snapshot while an editor keeps working. On an idle
//! workspace a reader holds a shared lock while it reads the file as immutable (no `-wal`
//! or `-shm` left beside it); an editor opened meanwhile waits for it (`READER_GRACE`).

use std::fs::{File, TryLockError};
use std::path::Path;

use super::{Result, StoreError};

/// How long an editor waits for readers to finish: a reader of an idle workspace holds a
/// shared lock while it reads (see `open_unshared` in the store), for a second or two at
/// the large sizes; an editor is refused at once.
const READER_GRACE: std::time::Duration = std::time::Duration::from_secs(5);

/// Takes the exclusive edit lock on `file` (the workspace at `path`): at once, or after
/// the readers holding it have finished (at most `READER_GRACE`); refused while another
/// editor holds it.
pub(super) fn lock(file: &File, path: &Path) -> Result<()> {
    let started = std::time::Instant::now();
    loop {
        match file.try_lock() {
            Err(TryLockError::WouldBlock) if started.elapsed() < READER_GRACE && no_editor_holds(file) => {
                std::thread::sleep(std::time::Duration::from_millis(25));
            }
            other => return taken(other, file, path),
        }
    }
}

fn taken(outcome: std::result::Result<(), TryLockError>, file: &File, path: &Path) -> Result<()> {
    match outcome {
        Ok(()) => Ok(()),
        Err(TryLockError::WouldBlock) => Err(StoreError::InUse {
            path: path.to_path_buf(),
            pid: holder(file),
        }),
        Err(TryLockError::Error(source)) => Err(StoreError::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// Whether no exclusive (editor's) `flock` is held on `file`, from the kernel's table of
/// locks: only readers hold it, or the holder let go since the attempt (then the next
/// attempt takes it). False when the table cannot be read.
fn no_editor_holds(file: &File) -> bool {
    use std::os::unix::fs::MetadataExt;
    let (Ok(metadata), Ok(table)) = (file.metadata(), std::fs::read_to_string("/proc/locks")) else {
        return false;
    };
    let ino = metadata.ino().to_string();
    let held: Vec<&str> = table
        .lines()
        .filter_map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let on_file = fields
                .get(5)
                .is_some_and(|id| id.rsplit(':').next() == Some(ino.as_str()));
            (fields.get(1) == Some(&"FLOCK") && on_file).then(|| fields.get(3).copied().unwrap_or(""))
        })
        .collect();
    held.iter().all(|kind| *kind == "READ")
}

/// The process holding a `flock` on `file`, from the kernel's table of locks
/// (`/proc/locks`, Linux only). None when the table cannot be read or does not say.
fn holder(file: &File) -> Option<u32> {
    use std::os::unix::fs::MetadataExt;
    let metadata = file.metadata().ok()?;
    let table = std::fs::read_to_string("/proc/locks").ok()?;
    holder_in(&table, metadata.dev(), metadata.ino())
}

/// Finds the flock holder of inode `ino` on device `dev` (as `stat` reports them) in the
/// text of `/proc/locks`: lines like `1: FLOCK  ADVISORY  WRITE 1234 fe:00:5464317 0 EOF`.
/// Some file systems (overlays) report a different device there than `stat` does, so an
/// inode that only one lock names is accepted whatever its device.
fn holder_in(table: &str, dev: u64, ino: u64) -> Option<u32> {
    let major = ((dev >> 8) & 0xfff) | ((dev >> 32) & !0xfff);
    let minor = (dev & 0xff) | ((dev >> 12) & !0xff);
    let mut exact = None;
    let mut by_inode = Vec::new();
    for line in table.lines() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        // Waiting requests are shown as "N: -> FLOCK ..."; only held locks count.
        if fields.get(1) != Some(&"FLOCK") {
            continue;
        }
        let (Some(pid), Some(id)) = (fields.get(4), fields.get(5)) else {
            continue;
        };
        let Ok(pid) = pid.parse::<u32>() else { continue };
        let mut parts = id.split(':');
        let (Some(lock_major), Some(lock_minor), Some(lock_ino)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        if lock_ino.parse::<u64>().ok() != Some(ino) {
            continue;
        }
        let same_device = u64::from_str_radix(lock_major, 16).ok() == Some(major)
            && u64::from_str_radix(lock_minor, 16).ok() == Some(minor);
        if same_device {
            exact = Some(pid);
        }
        by_inode.push(pid);
    }
    exact.or(match by_inode.as_slice() {
        [only] => Some(*only),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::holder_in;

    const TABLE: &str = "1: FLOCK  ADVISORY  WRITE 13534 fe:00:5464317 0 EOF\n\
                         1: -> FLOCK  ADVISORY  WRITE 999 fe:00:5464317 0 EOF\n\
                         2: POSIX  ADVISORY  READ 77 fe:00:42 1073741826 1073742335\n\
                         3: FLOCK  ADVISORY  WRITE 12913 08:01:42 0 EOF\n\
                         4: FLOCK  ADVISORY  WRITE 555 00:2f:42 0 EOF\n";

    #[test]
    fn the_holder_is_found_by_device_and_inode() {
        // st_dev 0xfe00 is major 0xfe, minor 0.
        assert_eq!(holder_in(TABLE, 0xfe00, 5_464_317), Some(13534));
        assert_eq!(holder_in(TABLE, 0x0801, 42), Some(12913));
        assert_eq!(holder_in(TABLE, 0x002f, 42), Some(555));
    }

    #[test]
    fn an_inode_named_once_is_accepted_on_any_device_and_a_missing_one_is_none() {
        assert_eq!(holder_in(TABLE, 0x1234, 5_464_317), Some(13534));
        assert_eq!(holder_in(TABLE, 0x1234, 42), None, "ambiguous");
        assert_eq!(holder_in(TABLE, 0xfe00, 7), None);
        assert_eq!(holder_in("", 0xfe00, 7), None);
    }
}
