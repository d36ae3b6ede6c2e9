//! Reading a file whose path the user named: typed or pasted into a form (an evidence
//! file to store, a CSV inventory to import) or given on the command line (a CSV, a
//! workspace export). Only a regular file is read: a pipe (FIFO) opened
//! for reading waits for a writer that may never come, and a device like /dev/zero never
//! ends, so either would freeze the TUI. The kind is checked before opening, the open
//! never waits (O_NONBLOCK), and the kind is checked again on what was opened, in case
//! the name was swapped in between. Writing files is not done here.

use std::fs::{File, Metadata, OpenOptions};
use std::io::Read;
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::Path;

/// Reads a regular file of at most `limit` bytes, or says in one line why not: the path
/// first, then the problem, with `too_large_hint` after a size refusal.
pub fn read_regular_file(path: &Path, limit: u64, too_large_hint: &str) -> Result<Vec<u8>, String> {
    let shown = path.display();
    let refuse = |problem: String| format!("{shown} {problem}");
    let metadata = std::fs::metadata(path).map_err(|error| format!("{shown}: {error}"))?;
    regular(&metadata).map_err(refuse)?;
    within(metadata.len(), limit, too_large_hint).map_err(refuse)?;
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .map_err(|error| format!("{shown}: {error}"))?;
    let opened = file.metadata().map_err(|error| format!("{shown}: {error}"))?;
    regular(&opened).map_err(refuse)?;
    read_at_most(file, limit)
        .map_err(|error| format!("{shown}: {error}"))?
        .ok_or_else(|| refuse(format!("grew past {} while being read{too_large_hint}", size(limit))))
}

/// Refuses anything but a regular file, naming what it is.
fn regular(metadata: &Metadata) -> Result<(), String> {
    let kind = metadata.file_type();
    let what = if kind.is_file() {
        return Ok(());
    } else if kind.is_dir() {
        "is a folder"
    } else if kind.is_fifo() {
        "is a pipe (FIFO)"
    } else if kind.is_char_device() || kind.is_block_device() {
        "is a device"
    } else if kind.is_socket() {
        "is a socket"
    } else {
        "is not a regular file"
    };
    Err(format!("{what}, not a regular file; give the path of a file"))
}

fn within(length: u64, limit: u64, too_large_hint: &str) -> Result<(), String> {
    if length > limit {
        return Err(format!(
            "is {}, more than the limit of {}{too_large_hint}",
            size(length),
            size(limit)
        ));
    }
    Ok(())
}

/// The bytes, or None when there are more than `limit` (the file grew after the check).
fn read_at_most(file: File, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    let mut bytes = Vec::new();
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= limit).then_some(bytes))
}

/// A size in the unit a person reads: bytes below a megabyte, megabytes above.
fn size(bytes: u64) -> String {
    const MB: u64 = 1024 * 1024;
    if bytes < MB {
        format!("{bytes} bytes")
    } else {
        format!("{:.1} MB", bytes as f64 / MB as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_regular_file_is_read_and_other_kinds_are_refused_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("policy.txt");
        std::fs::write(&file, b"sanctions").unwrap();
        assert_eq!(read_regular_file(&file, 100, "").unwrap(), b"sanctions");
        let folder = read_regular_file(dir.path(), 100, "").unwrap_err();
        assert!(
            folder.ends_with("is a folder, not a regular file; give the path of a file"),
            "{folder}"
        );
        let device = read_regular_file(Path::new("/dev/zero"), 100, "").unwrap_err();
        assert_eq!(
            device,
            "/dev/zero is a device, not a regular file; give the path of a file"
        );
        let missing = read_regular_file(&dir.path().join("nope"), 100, "").unwrap_err();
        assert!(missing.contains("nope: No such file"), "{missing}");
    }

    #[test]
    fn a_file_over_the_limit_is_refused_with_its_size() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("big.bin");
        std::fs::write(&file, vec![0u8; 3000]).unwrap();
        let problem = read_regular_file(&file, 2048, "; note where it is kept instead").unwrap_err();
        assert!(
            problem
                .ends_with("big.bin is 3000 bytes, more than the limit of 2048 bytes; note where it is kept instead"),
            "{problem}"
        );
        assert_eq!(read_regular_file(&file, 3000, "").unwrap().len(), 3000);
    }
}
