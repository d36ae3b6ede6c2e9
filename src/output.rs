//! The one way hipaa-ra writes a file: reports, signatures, CSV and JSON exports, saved-out
//! evidence and signing keys all come through `write` or `write_all`.
//!
//! Each file is written to a new temporary file beside its target (created exclusively,
//! mode 0600, never through a symbolic link), synced, then renamed over the target, and the
//! folder is synced, so a killed or failing run leaves the old file or the complete new
//! one, never a torn one. Several files written together (a report and its signature, the
//! two CSV tables) are all complete as temporaries before the first rename.
//!
//! A target is refused with one line, before anything is written, when it is a symbolic
//! link, a directory, anything but a regular file (a device such as /dev/null, a pipe, a
//! socket), a hipaa-ra workspace (any file with our SQLite application id, the one being
//! read above all, and its `-wal`/`-shm` files), or, for `Existing::Refuse`, any file at
//! all. Temporaries are removed on every failure. What lives here is files only: what to
//! write is the caller's business.

use std::ffi::OsString;
use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::app_id::APPLICATION_ID;

/// What to do when the target already exists (as a regular file that is not a workspace).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    /// Replace it whole (reports, exports).
    Replace,
    /// Refuse: saved-out evidence and new keys never replace a file.
    Refuse,
}

/// The rules one write follows.
#[derive(Debug, Clone, Copy)]
pub struct Rules<'a> {
    pub existing: Existing,
    /// The workspace being read, never to be written over whatever it is called.
    pub workspace: Option<&'a Path>,
}

impl<'a> Rules<'a> {
    /// Replace an existing output, never the workspace `workspace`.
    pub fn replacing(workspace: Option<&'a Path>) -> Rules<'a> {
        Rules {
            existing: Existing::Replace,
            workspace,
        }
    }

    /// Only a new file.
    pub fn new_only() -> Rules<'static> {
        Rules {
            existing: Existing::Refuse,
            workspace: None,
        }
    }
}

/// Why a file was not written: one line naming the file.
#[derive(Debug, thiserror::Error)]
#[error("{}: {reason}", path.display())]
pub struct OutputError {
    pub path: PathBuf,
    pub reason: String,
}

impl OutputError {
    fn new(path: &Path, reason: impl Into<String>) -> OutputError {
        OutputError {
            path: path.to_path_buf(),
            reason: reason.into(),
        }
    }

    fn io(path: &Path, what: &str, error: &std::io::Error) -> OutputError {
        OutputError::new(path, format!("cannot {what}: {error}"))
    }
}

pub type Result<T, E = OutputError> = std::result::Result<T, E>;

/// Writes one file (see the module doc).
pub fn write(path: &Path, bytes: &[u8], rules: Rules<'_>) -> Result<()> {
    write_all(&[(path, bytes)], rules)
}

/// Writes several files: every one is checked and written whole to its temporary first,
/// and only then are they renamed into place, in the order given. Two runs placing files
/// of the same names (a report and its signature) take turns on the folder's lock, so one
/// run's report never ends up beside another run's signature.
pub fn write_all(files: &[(&Path, &[u8])], rules: Rules<'_>) -> Result<()> {
    for (path, _) in files {
        check_target(path, rules)?;
    }
    let mut written: Vec<(PathBuf, &Path)> = Vec::with_capacity(files.len());
    let outcome = (|| {
        for (path, bytes) in files {
            let temporary = write_temporary(path, bytes)?;
            written.push((temporary, path));
        }
        let _turn = match files {
            [(first, _), _, ..] => Some(FolderTurn::take(first)?),
            _ => None,
        };
        for (temporary, path) in &written {
            // Checked again just before: the target may have changed while we wrote.
            check_target(path, rules)?;
            place(temporary, path, rules.existing)?;
        }
        Ok(())
    })();
    // After a successful rename the temporary name is gone; removing it is harmless.
    if outcome.is_err() {
        for (temporary, _) in &written {
            let _ = std::fs::remove_file(temporary);
        }
    }
    outcome
}

/// Checks targets as `write_all` would, writing nothing: the refusal comes before any
/// work whose result must not be lost (a sign-off recorded before its files are written).
pub fn check_all(paths: &[&Path], rules: Rules<'_>) -> Result<()> {
    for path in paths {
        check_target(path, rules)?;
    }
    Ok(())
}

/// An exclusive advisory lock on a target's folder, held while a set of files is renamed
/// into it (released when dropped, or by the OS when the process ends however it ends).
struct FolderTurn {
    _folder: File,
}

impl FolderTurn {
    fn take(target: &Path) -> Result<FolderTurn> {
        let folder =
            File::open(folder_of(target)).map_err(|error| OutputError::io(target, "open its folder", &error))?;
        // `flock` on the folder's descriptor (Linux allows it on a directory), waiting for
        // the other run's renames, which take microseconds.
        folder
            .lock()
            .map_err(|error| OutputError::io(target, "lock its folder", &error))?;
        Ok(FolderTurn { _folder: folder })
    }
}

/// Writes one file whose bytes `fill` produces as it goes, through a buffer straight into
/// the temporary, so a large export is never held whole in memory; otherwise as `write`.
/// When `fill` fails the old file stays and the temporary is removed.
pub fn write_streamed(
    path: &Path,
    rules: Rules<'_>,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    check_target(path, rules)?;
    let (temporary, file) = create_temporary(path)?;
    let mut buffered = std::io::BufWriter::new(file);
    let outcome = fill(&mut buffered)
        .and_then(|()| buffered.into_inner().map_err(|error| error.into_error()))
        .and_then(|file| file.sync_all())
        .map_err(|error| OutputError::io(path, "write", &error))
        .and_then(|()| {
            // Checked again just before: the target may have changed while we wrote.
            check_target(path, rules)?;
            place(&temporary, path, rules.existing)
        });
    if outcome.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    outcome
}

/// Moves a finished file (a workspace built under a temporary name) to `target`, which
/// must not exist, and syncs the folder. Used by `new --from`.
pub fn move_new(temporary: &Path, target: &Path) -> Result<()> {
    check_target(target, Rules::new_only())?;
    place(temporary, target, Existing::Refuse)
}

/// A name for a temporary file beside `target`, not yet created: hidden, carrying the
/// target's name, the process id and a counter, so two runs never share one.
pub fn temporary_path(target: &Path) -> Result<PathBuf> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let name = target
        .file_name()
        .ok_or_else(|| OutputError::new(target, "not a file name"))?;
    let mut temporary = OsString::from(".");
    temporary.push(name);
    temporary.push(format!(
        ".{}-{}.tmp",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    Ok(folder_of(target).join(temporary))
}

/// How old a leftover temporary must be before `remove_stale_temporaries` removes it:
/// one being written is touched all the time, and a folder shared over the network may
/// hold another machine's live run, whose process id means nothing here.
pub const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(10 * 60);

/// Removes the temporaries killed runs of hipaa-ra left in `target`'s folder (a killed
/// `new --from` leaves its whole half-built workspace, hundreds of megabytes): hidden files
/// named as `temporary_path` names them (`.NAME.PID-N.tmp`, with SQLite's `-wal`, `-shm`
/// or `-journal` after it), whose process is no longer running and which have not changed
/// for `STALE_AFTER`. Nothing else is touched; a file that cannot be removed is left. The
/// names removed are returned.
pub fn remove_stale_temporaries(target: &Path) -> Vec<PathBuf> {
    let folder = folder_of(target);
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(temporary_pid) else {
            continue;
        };
        if pid == std::process::id() || Path::new(&format!("/proc/{pid}")).exists() {
            continue;
        }
        let path = entry.path();
        let Ok(metadata) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        let old = metadata
            .modified()
            .ok()
            .and_then(|modified| modified.elapsed().ok())
            .is_some_and(|age| age >= STALE_AFTER);
        if metadata.is_file() && old && std::fs::remove_file(&path).is_ok() {
            removed.push(path);
        }
    }
    removed
}

/// The process id in a temporary's name (`.NAME.PID-N.tmp`, optionally followed by a
/// SQLite journal suffix), or None for any other name.
fn temporary_pid(name: &str) -> Option<u32> {
    let name = ["-wal", "-shm", "-journal"]
        .iter()
        .find_map(|suffix| name.strip_suffix(suffix))
        .unwrap_or(name);
    let rest = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (base, tail) = rest.rsplit_once('.')?;
    let (pid, counter) = tail.split_once('-')?;
    let digits = |text: &str| !text.is_empty() && text.chars().all(|c| c.is_ascii_digit());
    if base.is_empty() || !digits(pid) || !digits(counter) {
        return None;
    }
    pid.parse().ok()
}

/// The folder a path is in ("." for a bare name).
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// Refuses a target that must not be written (see the module doc).
fn check_target(path: &Path, rules: Rules<'_>) -> Result<()> {
    if path.file_name().is_none() {
        return Err(OutputError::new(
            path,
            "not a file name; give the name of the file to write",
        ));
    }
    if let Some(workspace) = sidecar_of(path) {
        // A journal's name is refused whether or not its workspace is there: SQLite takes
        // whatever file has that name as the journal of the workspace opened next to it.
        let reason = if is_workspace(&workspace) || rules.workspace.is_some_and(|ours| same_file(ours, &workspace)) {
            "belongs to a hipaa-ra workspace (its SQLite journal); choose another name"
        } else {
            "is named like a SQLite journal (-wal, -shm, -journal); choose another name"
        };
        return Err(OutputError::new(path, reason));
    }
    let metadata = match std::fs::symlink_metadata(path) {
        Ok(metadata) => metadata,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(error) => return Err(OutputError::io(path, "check the file", &error)),
    };
    let kind = metadata.file_type();
    if kind.is_symlink() {
        return Err(OutputError::new(
            path,
            "is a symbolic link; hipaa-ra never writes through one (give the real file's path)",
        ));
    }
    if kind.is_dir() {
        return Err(OutputError::new(path, "is a folder; give a file name inside it"));
    }
    if !kind.is_file() {
        return Err(OutputError::new(
            path,
            "is not a regular file (a device, pipe or socket); give the path of a file",
        ));
    }
    if rules.workspace.is_some_and(|ours| same_file(ours, path)) {
        return Err(OutputError::new(
            path,
            "is the workspace being read; choose another name for the output",
        ));
    }
    if is_workspace(path) {
        return Err(OutputError::new(
            path,
            "is a hipaa-ra workspace; choose another name for the output",
        ));
    }
    if path.extension().is_some_and(|extension| extension == "hra") {
        return Err(OutputError::new(
            path,
            "has a workspace's name (.hra) and is never replaced by an output; choose another name",
        ));
    }
    // What cannot be read cannot be shown not to be a workspace (a colleague's 0600 file
    // in a shared folder): it is left alone.
    if let Err(error) = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
    {
        return Err(OutputError::new(
            path,
            format!(
                "exists and cannot be read ({}), so it is not replaced; choose another name",
                plain_io_error(&error)
            ),
        ));
    }
    if rules.existing == Existing::Refuse {
        return Err(OutputError::new(path, "already exists; choose another name"));
    }
    Ok(())
}

/// An OS error in words, without its "(os error N)" (the words say the same).
pub fn plain_io_error(error: &std::io::Error) -> String {
    let text = error.to_string();
    match text.find(" (os error ") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

/// `clinic.hra` for `clinic.hra-wal`, `-shm` or `-journal`.
fn sidecar_of(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?.to_str()?;
    ["-wal", "-shm", "-journal"]
        .iter()
        .find_map(|suffix| name.strip_suffix(suffix))
        .filter(|base| !base.is_empty())
        .map(|base| path.with_file_name(base))
}

/// Both paths name the same file (device and inode), following links as opening would.
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// The file starts with SQLite's header and carries our application id (bytes 68 to 71,
/// big-endian). Opened without following a link and without blocking, so a pipe swapped
/// in after the check cannot hang the run.
pub fn is_workspace(path: &Path) -> bool {
    let Ok(mut file) = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
    else {
        return false;
    };
    if !file.metadata().is_ok_and(|metadata| metadata.is_file()) {
        return false;
    }
    let mut header = [0u8; 72];
    if file.read_exact(&mut header).is_err() {
        return false;
    }
    &header[..16] == b"SQLite format 3\0" && header[68..72] == APPLICATION_ID.to_be_bytes()
}

/// When set to a number of milliseconds, every file written through a temporary pauses
/// that long halfway through writing it. Only the kill tests set it, so their kills can
/// land while an output is being written; nobody sets it in normal use.
pub const WRITE_DELAY_TEST_VARIABLE: &str = "HIPAA_RA_TEST_WRITE_DELAY_MS";

fn write_delay_for_test() -> Option<std::time::Duration> {
    let millis: u64 = std::env::var(WRITE_DELAY_TEST_VARIABLE).ok()?.parse().ok()?;
    Some(std::time::Duration::from_millis(millis))
}

/// Creates the temporary beside `target` (exclusively, 0600, not through a link), writes
/// and syncs it; removes it again on failure.
fn write_temporary(target: &Path, bytes: &[u8]) -> Result<PathBuf> {
    let (temporary, mut file) = create_temporary(target)?;
    let written = match write_delay_for_test() {
        // Half the bytes, a pause, the rest: a kill test's window into a torn temporary.
        Some(delay) => {
            let (first, rest) = bytes.split_at(bytes.len() / 2);
            file.write_all(first).and_then(|()| file.flush()).and_then(|()| {
                std::thread::sleep(delay);
                file.write_all(rest)
            })
        }
        None => file.write_all(bytes),
    }
    .and_then(|()| file.sync_all());
    if let Err(error) = written {
        drop(file);
        let _ = std::fs::remove_file(&temporary);
        return Err(OutputError::io(target, "write", &error));
    }
    Ok(temporary)
}

fn create_temporary(target: &Path) -> Result<(PathBuf, File)> {
    // A name left by a killed run with the same pid is skipped, never reused.
    for _ in 0..100 {
        let temporary = temporary_path(target)?;
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .custom_flags(libc::O_NOFOLLOW)
            .open(&temporary)
        {
            Ok(file) => return Ok((temporary, file)),
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(error) => return Err(OutputError::io(target, "write", &error)),
        }
    }
    Err(OutputError::new(
        target,
        "cannot write: no free temporary name beside it",
    ))
}

/// Renames (or, for `Existing::Refuse`, links without replacing) the temporary to the
/// target, then syncs the folder so the new name survives a power cut.
fn place(temporary: &Path, target: &Path, existing: Existing) -> Result<()> {
    match existing {
        Existing::Replace => {
            std::fs::rename(temporary, target).map_err(|error| OutputError::io(target, "write", &error))?;
        }
        Existing::Refuse => {
            // A hard link fails if the target appeared meanwhile, where a rename would
            // replace it. Folders that cannot hold links (FAT drives) fall back to a
            // rename after one more check.
            match std::fs::hard_link(temporary, target) {
                Ok(()) => {
                    let _ = std::fs::remove_file(temporary);
                }
                Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
                    return Err(OutputError::new(target, "already exists; choose another name"));
                }
                Err(_) if std::fs::symlink_metadata(target).is_err() => {
                    std::fs::rename(temporary, target).map_err(|error| OutputError::io(target, "write", &error))?;
                }
                Err(error) => return Err(OutputError::io(target, "write", &error)),
            }
        }
    }
    sync_folder(target)
}

fn sync_folder(target: &Path) -> Result<()> {
    File::open(folder_of(target))
        .and_then(|folder| folder.sync_all())
        .map_err(|error| OutputError::io(target, "sync its folder", &error))
}

/// A stored evidence file's name as a plain file name (no folders, not `.` or `..`, no
/// control characters, at most 255 bytes), or why it is not one. Names come from imports,
/// and a name with folders in it would let "save it out" write outside the chosen folder.
pub fn plain_file_name(name: &str) -> Result<&str, String> {
    let problem = if name.is_empty() {
        "is empty"
    } else if name.contains('/') || name.contains('\\') {
        "contains a folder separator (expected a plain file name)"
    } else if name == "." || name == ".." {
        "is not a file name"
    } else if name.chars().any(char::is_control) {
        "contains control characters"
    } else if name.len() > 255 {
        "is longer than 255 bytes"
    } else {
        return Ok(name);
    };
    Err(format!("file name {:?} {problem}", shorten(name)))
}

fn shorten(text: &str) -> String {
    text.chars().take(60).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn leftovers(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".tmp"))
            .collect()
    }

    #[test]
    fn a_new_file_and_a_replaced_one_are_whole_and_private() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        write(&path, b"new", Rules::replacing(None)).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn links_folders_devices_pipes_and_workspaces_are_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim.txt");
        std::fs::write(&victim, "keep").unwrap();
        let link = dir.path().join("link.pdf");
        std::os::unix::fs::symlink(&victim, &link).unwrap();
        let error = write(&link, b"x", Rules::replacing(None)).unwrap_err().to_string();
        assert!(error.ends_with("is a symbolic link; hipaa-ra never writes through one (give the real file's path)"));
        assert_eq!(std::fs::read(&victim).unwrap(), b"keep");
        let error = write(dir.path(), b"x", Rules::replacing(None)).unwrap_err().to_string();
        assert!(error.contains("is a folder"), "{error}");
        let error = write(Path::new("/dev/null"), b"x", Rules::replacing(None))
            .unwrap_err()
            .to_string();
        assert_eq!(
            error,
            "/dev/null: is not a regular file (a device, pipe or socket); give the path of a file"
        );
        let workspace = dir.path().join("clinic.hra");
        let store = crate::store::Store::create(
            &workspace,
            "Clinic",
            "Sam",
            chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        )
        .unwrap();
        drop(store);
        let before = std::fs::read(&workspace).unwrap();
        let error = write(&workspace, b"x", Rules::replacing(None)).unwrap_err().to_string();
        assert!(error.ends_with("is a hipaa-ra workspace; choose another name for the output"));
        let error = write(&workspace, b"x", Rules::replacing(Some(&workspace)))
            .unwrap_err()
            .to_string();
        assert!(error.ends_with("is the workspace being read; choose another name for the output"));
        let wal = dir.path().join("clinic.hra-wal");
        let error = write(&wal, b"x", Rules::replacing(None)).unwrap_err().to_string();
        assert!(error.contains("belongs to a hipaa-ra workspace"), "{error}");
        assert!(!wal.exists());
        assert_eq!(std::fs::read(&workspace).unwrap(), before);
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn a_pair_is_written_whole_before_either_replaces_the_old_pair() {
        let dir = tempfile::tempdir().unwrap();
        let pdf = dir.path().join("r.pdf");
        let sig = dir.path().join("r.pdf.minisig");
        std::fs::write(&pdf, "old pdf").unwrap();
        std::fs::write(&sig, "old sig").unwrap();
        // The signature's folder does not exist, so its temporary cannot be made.
        let bad = dir.path().join("missing").join("r.pdf.minisig");
        let error = write_all(&[(&pdf, b"new pdf"), (&bad, b"new sig")], Rules::replacing(None));
        assert!(error.is_err());
        assert_eq!(std::fs::read(&pdf).unwrap(), b"old pdf");
        assert!(leftovers(dir.path()).is_empty());
        write_all(&[(&pdf, b"new pdf"), (&sig, b"new sig")], Rules::replacing(None)).unwrap();
        assert_eq!(std::fs::read(&sig).unwrap(), b"new sig");
    }

    #[test]
    fn a_streamed_file_replaces_the_old_one_only_when_complete() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("register.csv");
        std::fs::write(&path, "old").unwrap();
        let failed = write_streamed(&path, Rules::replacing(None), |out: &mut dyn Write| {
            out.write_all(b"half of it")?;
            Err(std::io::Error::other("the model ran out"))
        });
        let error = failed.unwrap_err().to_string();
        assert!(
            error.contains("register.csv: cannot write: the model ran out"),
            "{error}"
        );
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
        assert!(leftovers(dir.path()).is_empty());
        write_streamed(&path, Rules::replacing(None), |out: &mut dyn Write| {
            out.write_all(b"rank,")?;
            out.write_all(b"risk_id\n")
        })
        .unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"rank,risk_id\n");
        assert!(leftovers(dir.path()).is_empty());
        // The same refusals as `write`: never a folder.
        assert!(write_streamed(dir.path(), Rules::replacing(None), |_: &mut dyn Write| Ok(())).is_err());
    }

    #[test]
    fn new_only_never_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("saved.pdf");
        write(&path, b"first", Rules::new_only()).unwrap();
        let error = write(&path, b"second", Rules::new_only()).unwrap_err().to_string();
        assert!(error.ends_with("already exists; choose another name"));
        assert_eq!(std::fs::read(&path).unwrap(), b"first");
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn only_old_temporaries_of_ended_runs_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        // Process ids above the kernel's limit (4194304) are never running.
        let dead = 4_999_999;
        let names = [
            format!(".clinic.hra.{dead}-0.tmp"),
            format!(".clinic.hra.{dead}-0.tmp-wal"),
            format!(".clinic.hra.{dead}-0.tmp-shm"),
        ];
        let keep = [
            format!(".clinic.hra.{}-0.tmp", std::process::id()),
            "clinic.hra".to_string(),
            format!(".clinic.hra.{dead}.tmp"),
            format!("notes.{dead}-0.tmp"),
        ];
        let long_ago = std::time::SystemTime::now() - STALE_AFTER - std::time::Duration::from_secs(60);
        for name in names.iter().chain(&keep) {
            let file = File::create(dir.path().join(name)).unwrap();
            file.set_modified(long_ago).unwrap();
        }
        let recent = dir.path().join(format!(".report.pdf.{dead}-3.tmp"));
        File::create(&recent).unwrap();
        let removed = remove_stale_temporaries(&dir.path().join("clinic.hra"));
        assert_eq!(removed.len(), 3, "{removed:?}");
        for name in &names {
            assert!(!dir.path().join(name).exists(), "{name}");
        }
        for name in &keep {
            assert!(dir.path().join(name).exists(), "{name}");
        }
        assert!(recent.exists(), "a recent one may belong to a run elsewhere");
    }

    #[test]
    fn file_names_with_folders_are_not_plain() {
        assert_eq!(plain_file_name("scan 1.pdf"), Ok("scan 1.pdf"));
        for bad in ["../../x", "/etc/passwd", "a/b", "..", ".", "", "a\\b", "a\nb"] {
            assert!(plain_file_name(bad).is_err(), "{bad:?}");
        }
        assert!(plain_file_name(&"x".repeat(256)).is_err());
    }
}
