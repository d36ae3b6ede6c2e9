//! The report export form: where, in which format, on which paper, signed or not.

use chrono::NaiveDate;

use crate::tui::editors::*;
use crate::tui::form::{Field, Form};

pub const EXPORT_FORMATS: [&str; 3] = ["PDF", "JSON", "CSV (register and plan)"];

/// The paper choices, US Letter first: the default of a US rule's report (the CLI's too).
const EXPORT_PAPERS: [crate::report::Paper; 2] = [crate::report::Paper::Letter, crate::report::Paper::A4];

/// `paper` is the one the workspace remembers (or US Letter), so the TUI and the command
/// line start from the same choice.
pub fn export_form(output: &str, key_path: &str, paper: crate::report::Paper) -> Form {
    Form::new(
        "Export the report",
        vec![
            Field::choice(
                "format",
                "Format",
                EXPORT_FORMATS.iter().map(|f| f.to_string()).collect(),
                0,
            ),
            Field::choice(
                "paper",
                "Paper",
                vec!["US Letter".to_string(), "A4".to_string()],
                EXPORT_PAPERS.iter().position(|choice| *choice == paper).unwrap_or(0),
            ),
            Field::text("output", "Save as", output),
            Field::choice(
                "sign",
                "Sign",
                vec![
                    "No".to_string(),
                    "Yes, final (refused while blocking findings remain)".to_string(),
                    "Yes, as a DRAFT for review (not approved)".to_string(),
                ],
                0,
            ),
            Field::text("key", "Key file", key_path),
            Field::secret("password", "Key password"),
        ],
    )
}

/// The export request from the form: the output's extension follows the format chosen.
pub fn export_from_form(form: &Form, date: NaiveDate) -> Result<crate::publish::Request, FieldProblem> {
    use crate::publish::{Format, KeySource, Request};
    let format = [Format::Pdf, Format::Json, Format::Csv][form.choice("format").min(2)];
    let paper = EXPORT_PAPERS[form.choice("paper").min(EXPORT_PAPERS.len() - 1)];
    let output = required_text(form, "output", "Save as")?;
    let stem = [".pdf", ".json", ".csv"]
        .iter()
        .fold(output.as_str(), |name, extension| name.trim_end_matches(extension));
    let output = match format {
        Format::Pdf => format!("{stem}.pdf"),
        Format::Json => format!("{stem}.json"),
        Format::Csv => stem.to_string(),
    };
    let sign = (form.choice("sign") >= 1).then(|| KeySource {
        path: std::path::PathBuf::from(form.text("key")),
        // Never None here: minisign must not prompt on a terminal the TUI owns.
        password: Some(form.text("password")),
    });
    Ok(Request {
        format,
        paper,
        date,
        output: Some(std::path::PathBuf::from(output)),
        sign,
        assessment: None,
        sign_draft: form.choice("sign") == 2,
    })
}

/// The audit binder's form: where to save the zip, signed or not.
pub fn binder_form(output: &str, key_path: &str) -> Form {
    Form::new(
        "Write the audit binder",
        vec![
            Field::text("output", "Save as", output),
            Field::choice(
                "sign",
                "Sign",
                vec!["No".to_string(), "Yes, the bag's tag manifest".to_string()],
                0,
            ),
            Field::text("key", "Key file", key_path),
            Field::secret("password", "Key password"),
        ],
    )
}

/// What the binder form asks for: the zip's path (`.zip` added when missing) and the key,
/// with its password, when signed.
pub struct BinderChoice {
    pub output: std::path::PathBuf,
    pub sign: Option<crate::publish::KeySource>,
}

pub fn binder_from_form(form: &Form) -> Result<BinderChoice, FieldProblem> {
    let output = required_text(form, "output", "Save as")?;
    let output = if output.to_ascii_lowercase().ends_with(".zip") {
        output
    } else {
        format!("{output}.zip")
    };
    let sign = (form.choice("sign") == 1).then(|| crate::publish::KeySource {
        path: std::path::PathBuf::from(form.text("key")),
        // Never None here: minisign must not prompt on a terminal the TUI owns.
        password: Some(form.text("password")),
    });
    Ok(BinderChoice {
        output: std::path::PathBuf::from(output),
        sign,
    })
}
