//! A policy version's document stored inside the workspace: the path field of the
//! review's completion (a new version with its file), the form attaching a file to a
//! version recorded without one, and the form saving a stored file back out.
//!
//! The file is read on the UI thread, as the evidence form reads a small one: a policy
//! is a few pages, so the limit is far below the evidence's (whose large files go to
//! the worker); a larger document is refused, its place written under "Document".

use std::path::{Path, PathBuf};

use crate::domain::policy::{Policy, PolicyVersion};
use crate::domain::{Id, Workspace};
use crate::tui::editors::FieldProblem;
use crate::tui::form::{Field, Form};

/// The largest policy document stored: read at once, so small enough not to stall keys.
pub const LARGEST_POLICY_FILE: u64 = 20 * 1024 * 1024;

/// The path field: in the completion form (for the new version) and the attach form.
pub fn attach_field(help_tail: &str) -> Field {
    Field::text("attach", "File to attach", "").with_help(format!(
        "Type or paste the path of the version's document to store it inside the workspace (up to 20 MB); \
         empty stores none.{help_tail}"
    ))
}

/// The typed path, without the quotes a file manager's paste puts around it; None if
/// empty.
pub fn attach_path(form: &Form, key: &str) -> Option<PathBuf> {
    let text = form.text(key);
    let trimmed = text.trim();
    let unquoted = ['"', '\'']
        .iter()
        .find_map(|quote| trimmed.strip_prefix(*quote)?.strip_suffix(*quote))
        .unwrap_or(trimmed);
    (!unquoted.is_empty()).then(|| PathBuf::from(unquoted))
}

/// Reads a document to store: its name (without folders) and bytes, or the problem on
/// the form's attach field. Only a regular file: a pipe or a device would hang the TUI.
pub fn read_document(path: &Path) -> Result<(String, Vec<u8>), FieldProblem> {
    let bytes = crate::input::read_regular_file(path, LARGEST_POLICY_FILE, "; write where it is kept under Document")
        .map_err(|problem| ("attach", problem))?;
    let name = path
        .file_name()
        .map_or_else(|| "policy".to_string(), |name| name.to_string_lossy().into_owned());
    Ok((name, bytes))
}

/// The policy's versions newest first, with or without a stored file.
pub fn versions_with_file(workspace: &Workspace, policy: &Policy, stored: bool) -> Vec<PolicyVersion> {
    let mut versions: Vec<PolicyVersion> = workspace
        .policies
        .versions_of(policy.id)
        .into_iter()
        .filter(|version| version.file_name.is_some() == stored)
        .collect();
    versions.sort_by_key(|version| std::cmp::Reverse((version.effective, version.id)));
    versions
}

fn version_choice(version: &PolicyVersion) -> String {
    let effective = version
        .effective
        .map_or_else(String::new, |date| format!(" from {date}"));
    format!("v{}{effective}", version.number)
}

/// The file's name and size as the detail shows them: "policy-v3.pdf (41.2 KB)".
pub fn file_words(version: &PolicyVersion) -> Option<String> {
    let name = version.file_name.as_ref()?;
    Some(match version.file_size {
        Some(size) => format!("{name} ({})", size_words(size)),
        None => name.clone(),
    })
}

fn size_words(bytes: u64) -> String {
    const KB: f64 = 1024.0;
    let size = bytes as f64;
    if size < KB {
        format!("{bytes} bytes")
    } else if size < KB * KB {
        format!("{:.1} KB", size / KB)
    } else {
        format!("{:.1} MB", size / (KB * KB))
    }
}

/// Attach a file to one of `versions` (those without one), the newest chosen first.
pub fn attach_form(policy: &Policy, versions: &[PolicyVersion]) -> Form {
    Form::new(
        format!("Attach a file: {}", policy.title),
        vec![
            Field::choice("version", "Version", versions.iter().map(version_choice).collect(), 0),
            attach_field(" A version's stored file is kept as it is: it cannot be replaced."),
        ],
    )
}

/// Save one of `versions` (those with a file) out, to `folder` under its stored name.
pub fn save_out_form(policy: &Policy, versions: &[PolicyVersion], folder: &Path) -> Form {
    let name = versions
        .first()
        .and_then(|version| version.file_name.as_deref())
        .and_then(|name| Path::new(name).file_name())
        .map_or_else(|| "policy".into(), |name| name.to_string_lossy().into_owned());
    let choices = versions
        .iter()
        .map(|version| {
            let file = file_words(version).unwrap_or_default();
            format!("{}: {file}", version_choice(version))
        })
        .collect();
    Form::new(
        format!("Save out: {}", policy.title),
        vec![
            Field::choice("version", "Version", choices, 0),
            Field::text("path", "Save to", &folder.join(name).display().to_string())
                .with_help("The bytes are written exactly as stored; an existing file is not overwritten."),
        ],
    )
}

/// The version the form's choice names among `versions`.
pub fn chosen_version(form: &Form, versions: &[PolicyVersion]) -> Result<Id, FieldProblem> {
    versions
        .get(form.choice("version"))
        .map(|version| version.id)
        .ok_or(("version", "That version is gone".to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_in_words_and_a_pasted_path_loses_its_quotes() {
        assert_eq!(size_words(900), "900 bytes");
        assert_eq!(size_words(42_190), "41.2 KB");
        assert_eq!(size_words(3 * 1024 * 1024), "3.0 MB");
        let mut form = attach_form(&Policy::default(), &[PolicyVersion::default()]);
        form.set_text("attach", " '/tmp/a b.pdf' ");
        assert_eq!(attach_path(&form, "attach"), Some(PathBuf::from("/tmp/a b.pdf")));
        form.set_text("attach", "  ");
        assert_eq!(attach_path(&form, "attach"), None);
    }

    #[test]
    fn a_folder_or_a_missing_file_is_refused_on_the_attach_field() {
        let dir = tempfile::tempdir().unwrap();
        let (field, problem) = read_document(dir.path()).unwrap_err();
        assert_eq!(field, "attach");
        assert!(problem.contains("is a folder"), "{problem}");
        let (_, problem) = read_document(&dir.path().join("missing.pdf")).unwrap_err();
        assert!(problem.contains("missing.pdf"), "{problem}");
        let file = dir.path().join("Access policy v2.pdf");
        std::fs::write(&file, b"%PDF-1.4 policy").unwrap();
        assert_eq!(
            read_document(&file).unwrap(),
            ("Access policy v2.pdf".to_string(), b"%PDF-1.4 policy".to_vec())
        );
    }
}
