//! Finding the workspaces under a consultant's folder: one subfolder per client is the
//! usual layout, with the reports, CSV files, signatures and spreadsheets beside each
//! workspace. The walk goes `MAX_DEPTH` folders down, follows no symbolic link (a link to
//! a parent folder would loop, a link elsewhere lists what is not the consultant's), and
//! never stops on a folder it cannot read: that folder is named once, on standard error.
//!
//! A file is a workspace when its name ends in `.hra` (any case) or when it is an SQLite
//! database carrying hipaa-ra's application id (a workspace saved under another name).
//! A `.hra` file that is no database keeps its row, which says why: it looks like a
//! client's workspace and may be a damaged one. Every other file (CSV, PDF, `.minisig`,
//! xlsx) is only counted.

use std::fs::FileType;
use std::io::Read;
use std::path::{Path, PathBuf};

use color_eyre::eyre::{Result, WrapErr};

/// How many folders down the walk goes: `DIR/client/2026/clinic.hra` is found (two), and
/// one more level for a consultant who files clients by region.
pub const MAX_DEPTH: usize = 3;

/// An entry that is neither a file nor a folder read: its path under DIR and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub name: String,
    pub kind: &'static str,
}

/// What the walk found under DIR.
#[derive(Debug, Default)]
pub struct Found {
    /// Each workspace: its path and its path under DIR (`acme/clinic.hra`), which names
    /// the client; sorted by that name (`domain::order`).
    pub workspaces: Vec<(PathBuf, String)>,
    /// Regular files that are not workspaces (reports, spreadsheets, signatures).
    pub other_files: usize,
    /// Links, pipes, devices and sockets: not read (a pipe would block the command).
    pub skipped: Vec<Skipped>,
    /// Folders under DIR that could not be listed, by their path under DIR.
    pub unreadable: Vec<String>,
    /// Folders deeper than `MAX_DEPTH`, not entered, by their path under DIR.
    pub too_deep: Vec<String>,
}

/// Walks `dir`. Only `dir` itself not being listable is an error.
pub fn walk(dir: &Path) -> Result<Found> {
    let entries = std::fs::read_dir(dir).wrap_err_with(|| format!("{}: cannot list the folder", dir.display()))?;
    let mut found = Found::default();
    visit(dir, entries, "", 0, &mut found);
    found
        .workspaces
        .sort_by(|a, b| crate::domain::order::name_order(&a.1, &b.1));
    found
        .skipped
        .sort_by(|a, b| crate::domain::order::name_order(&a.name, &b.name));
    found.unreadable.sort_by(|a, b| crate::domain::order::name_order(a, b));
    found.too_deep.sort_by(|a, b| crate::domain::order::name_order(a, b));
    Ok(found)
}

fn visit(dir: &Path, entries: std::fs::ReadDir, prefix: &str, depth: usize, found: &mut Found) {
    for entry in entries {
        let Ok(entry) = entry else {
            found.unreadable.push(shown_folder(prefix));
            return;
        };
        let name = entry.file_name().to_string_lossy().into_owned();
        // Hidden files and folders (`.git`, a `.restored.hra.tmp`) and SQLite's sidecars
        // are no clients.
        let sidecar = ["-wal", "-shm", "-journal"].iter().any(|suffix| name.ends_with(suffix));
        if name.starts_with('.') || sidecar {
            continue;
        }
        let relative = format!("{prefix}{name}");
        let path = dir.join(entry.file_name());
        let Ok(file_type) = entry.file_type() else {
            found.skipped.push(Skipped {
                name: relative,
                kind: "unreadable",
            });
            continue;
        };
        if file_type.is_dir() {
            if depth >= MAX_DEPTH {
                found.too_deep.push(relative);
                continue;
            }
            match std::fs::read_dir(&path) {
                Ok(entries) => visit(&path, entries, &format!("{relative}/"), depth + 1, found),
                Err(_) => found.unreadable.push(relative),
            }
        } else if file_type.is_file() {
            if is_workspace(&path, &name) {
                found.workspaces.push((path, relative));
            } else {
                found.other_files += 1;
            }
        } else {
            found.skipped.push(Skipped {
                name: relative,
                kind: kind_of(&file_type),
            });
        }
    }
}

/// DIR itself, when it is the folder whose listing failed part-way.
fn shown_folder(prefix: &str) -> String {
    match prefix.strip_suffix('/') {
        Some(folder) => folder.to_string(),
        None => ".".to_string(),
    }
}

fn kind_of(file_type: &FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if file_type.is_symlink() {
        "link, not followed"
    } else if file_type.is_fifo() {
        "pipe"
    } else if file_type.is_char_device() || file_type.is_block_device() {
        "device"
    } else if file_type.is_socket() {
        "socket"
    } else {
        "not a regular file"
    }
}

/// A `.hra` file, or an SQLite database whose header carries our application id (bytes
/// 68..72, big-endian: `PRAGMA application_id`).
fn is_workspace(path: &Path, name: &str) -> bool {
    let named = Path::new(name)
        .extension()
        .is_some_and(|extension| extension.eq_ignore_ascii_case("hra"));
    if named {
        return true;
    }
    let mut header = [0u8; 72];
    let read = std::fs::File::open(path).and_then(|mut file| file.read_exact(&mut header));
    read.is_ok()
        && header.starts_with(b"SQLite format 3\0")
        && header[68..72] == crate::app_id::APPLICATION_ID.to_be_bytes()
}

/// The lines on standard error after the table, each one sentence: other files counted,
/// entries skipped, folders that could not be read, folders too deep. Empty when there is
/// nothing to say.
pub fn notes(found: &Found) -> Vec<String> {
    let mut lines = Vec::new();
    if found.other_files > 0 {
        let files = plural(found.other_files, "other file", "other files");
        lines.push(format!("{files} skipped (not workspaces)"));
    }
    if !found.skipped.is_empty() {
        let names: Vec<String> = found
            .skipped
            .iter()
            .map(|entry| format!("{} ({})", crate::terminal::escaped(&entry.name), entry.kind))
            .collect();
        let count = match found.skipped.len() {
            1 => "1 entry that is not a regular file".to_string(),
            n => format!("{n} entries that are not regular files"),
        };
        lines.push(format!("skipped {count}: {}", names.join(", ")));
    }
    if !found.unreadable.is_empty() {
        let folders = plural(found.unreadable.len(), "folder", "folders");
        lines.push(format!("could not read {folders}: {}", names(&found.unreadable)));
    }
    if !found.too_deep.is_empty() {
        let folders = plural(found.too_deep.len(), "folder", "folders");
        lines.push(format!(
            "did not look into {folders} more than {MAX_DEPTH} levels down: {}",
            names(&found.too_deep)
        ));
    }
    lines
}

fn names(paths: &[String]) -> String {
    paths
        .iter()
        .map(|name| crate::terminal::escaped(name).into_owned())
        .collect::<Vec<_>>()
        .join(", ")
}

fn plural(count: usize, one: &str, many: &str) -> String {
    if count == 1 {
        format!("1 {one}")
    } else {
        format!("{count} {many}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_notes_name_what_was_not_read_one_line_each() {
        let found = Found {
            other_files: 12,
            skipped: vec![Skipped {
                name: "acme/link".to_string(),
                kind: "link, not followed",
            }],
            unreadable: vec!["locked".to_string(), "old/\u{1b}[31mred".to_string()],
            too_deep: vec!["a/b/c/d".to_string()],
            ..Found::default()
        };
        assert_eq!(
            notes(&found),
            [
                "12 other files skipped (not workspaces)",
                "skipped 1 entry that is not a regular file: acme/link (link, not followed)",
                "could not read 2 folders: locked, old/\\u{1b}[31mred",
                "did not look into 1 folder more than 3 levels down: a/b/c/d",
            ]
        );
        assert!(notes(&Found::default()).is_empty());
    }

    #[test]
    fn a_workspace_is_a_hra_file_or_an_sqlite_file_with_our_application_id() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, bytes: &[u8]| {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).unwrap();
            path
        };
        let mut ours = b"SQLite format 3\0".to_vec();
        ours.resize(68, 0);
        ours.extend(crate::app_id::APPLICATION_ID.to_be_bytes());
        let mut theirs = ours.clone();
        theirs[68..72].copy_from_slice(&[0, 0, 0, 0]);
        assert!(is_workspace(&write("damaged.HRA", b"text"), "damaged.HRA"));
        assert!(is_workspace(&write("renamed.db", &ours), "renamed.db"));
        assert!(!is_workspace(&write("other.db", &theirs), "other.db"));
        assert!(!is_workspace(&write("report.pdf", b"%PDF"), "report.pdf"));
    }
}
