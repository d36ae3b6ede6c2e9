//! The evidence record form, with the path of a file to store inside the workspace, and
//! the form that saves a stored file back out.

use std::path::PathBuf;

use crate::domain::{Evidence, EvidenceKind, Person};
use crate::tui::editors::{
    FieldProblem, date_text, labels, owner_at, owner_choices, owner_position, parse_count, parse_date, pick, position,
    required_text,
};
use crate::tui::form::{Field, Form};

/// What the evidence form gives back: the record, and a file to attach when a path was typed.
pub struct EvidenceEdit {
    pub evidence: Evidence,
    pub attach: Option<PathBuf>,
}

pub fn evidence_form(title: &str, evidence: &Evidence, people: &[Person]) -> Form {
    let current_file = evidence.file.as_ref().map_or("no file stored yet".to_string(), |file| {
        format!(
            "Stored now: {} ({} bytes, SHA-256 {}…)",
            file.file_name,
            file.size,
            &file.sha256[..12.min(file.sha256.len())]
        )
    });
    let fields = vec![
        Field::text("title", "Title", &evidence.title),
        Field::choice("kind", "Kind", labels::<EvidenceKind>(), position(evidence.kind)),
        Field::text("dated", "Dated", &date_text(evidence.dated))
            .with_help("The date on the document, like 2026-03-15 or 3/15/2026.")
            .date(),
        Field::choice(
            "owner",
            "Owner",
            owner_choices(people),
            owner_position(people, evidence.owner_id),
        ),
        Field::text(
            "cycle",
            "Review every",
            &evidence
                .review_cycle_months
                .map_or(String::new(), |months| months.to_string()),
        )
        .with_help("How often it must be looked at again, in months (12 is usual); empty for never."),
        Field::text("location", "Where it is kept", &evidence.location)
            .with_help("Where the original is: a binder, a shared folder, a vendor portal."),
        Field::text("attach", "File to attach", "").with_help(format!(
            "Type or paste the path of a file to store inside the workspace; empty keeps what is there. {current_file}."
        )),
    ];
    Form::new(title, fields)
}

pub fn evidence_from_form(form: &Form, base: &Evidence, people: &[Person]) -> Result<EvidenceEdit, FieldProblem> {
    let title = required_text(form, "title", "Title")?;
    let cycle = parse_count(form, "cycle", "Review every")?
        .map(|months| u32::try_from(months).map_err(|_| ("cycle", "Review every: too many months".to_string())))
        .transpose()?;
    let attach = form.text("attach");
    let evidence = Evidence {
        title,
        kind: pick(form.choice("kind")),
        dated: parse_date(form, "dated", "Dated")?,
        owner_id: owner_at(people, form.choice("owner")),
        review_cycle_months: cycle.filter(|months| *months > 0),
        location: form.text("location"),
        ..base.clone()
    };
    Ok(EvidenceEdit {
        evidence,
        attach: (!attach.is_empty()).then(|| PathBuf::from(unquote(&attach))),
    })
}

/// A pasted path often arrives in quotes (from a file manager); they are not part of it.
fn unquote(path: &str) -> &str {
    let trimmed = path.trim();
    ['"', '\'']
        .iter()
        .find_map(|quote| trimmed.strip_prefix(*quote)?.strip_suffix(*quote))
        .unwrap_or(trimmed)
}

/// Where to save a stored file back out.
pub fn save_file_form(evidence: &Evidence, default_path: &str) -> Form {
    let name = evidence.file.as_ref().map_or("", |file| file.file_name.as_str());
    Form::new(
        format!("Save out: {name}"),
        vec![
            Field::text("path", "Save to", default_path)
                .with_help("The bytes are written exactly as stored; an existing file is not overwritten."),
        ],
    )
}

pub fn save_path(form: &Form) -> Result<PathBuf, FieldProblem> {
    let text = form.text("path");
    if text.is_empty() {
        return Err(("path", "Save to: give a path".to_string()));
    }
    Ok(PathBuf::from(unquote(&text)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_around_a_pasted_path_are_dropped() {
        assert_eq!(unquote("'/tmp/a b.pdf'"), "/tmp/a b.pdf");
        assert_eq!(unquote("\"/tmp/x\""), "/tmp/x");
        assert_eq!(unquote(" /tmp/plain "), "/tmp/plain");
        assert_eq!(unquote("'"), "'");
    }
}
