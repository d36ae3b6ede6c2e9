//! The report commands: `report` (PDF, JSON or CSV, optionally signed, through the same
//! `publish` path as the Report screen), `key generate` and `verify`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use color_eyre::eyre::{Result, bail};

use super::{Paper, ReportFormat};
use crate::publish::{self, Format, KeySource, Request};
use crate::report;
use crate::signing::{self, Verdict};
use crate::store::{HeadStatus, Store};

pub struct ReportRequest {
    pub path: PathBuf,
    pub output: Option<PathBuf>,
    pub format: ReportFormat,
    pub sign: bool,
    /// `--draft`: sign even while the analysis is a draft.
    pub sign_draft: bool,
    pub key: Option<PathBuf>,
    pub paper: Paper,
    pub date: NaiveDate,
    /// The assessment to report on (`--assessment ID`); None: the open one.
    pub assessment: Option<crate::domain::Id>,
}

pub fn report(request: ReportRequest) -> Result<ExitCode> {
    // Signing a final report records the sign-off in the workspace, so it takes the edit
    // lock (an open editor must be closed first); anything else only reads.
    let mut writable = None;
    let reader;
    let store: &Store = if request.sign && !request.sign_draft {
        &*writable.insert(Store::open(&request.path)?)
    } else {
        reader = Store::open_for_reading(&request.path)?;
        &reader
    };
    let paper = match request.paper {
        Paper::A4 => report::Paper::A4,
        Paper::Letter => report::Paper::Letter,
    };
    let format = match request.format {
        ReportFormat::Pdf => Format::Pdf,
        ReportFormat::Json => Format::Json,
        ReportFormat::Csv => Format::Csv,
        ReportFormat::Oscal | ReportFormat::Xlsx => return super::formats::write(store, &request),
    };
    // JSON without -o and unsigned goes to standard output, for pipes.
    if format == Format::Json && request.output.is_none() && !request.sign {
        let (model, _) = publish::model_for(store, request.date, None, request.assessment)?;
        use std::io::Write;
        std::io::stdout().write_all(report::render_json(&model).as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    }
    let sign = if request.sign {
        let path = match request.key {
            Some(path) => path,
            None => crate::paths::config_dir()?.join(signing::SECRET_KEY_FILE),
        };
        Some(KeySource { path, password: None })
    } else {
        None
    };
    let published = publish::publish(
        store,
        &Request {
            format,
            paper,
            date: request.date,
            output: request.output,
            sign,
            assessment: request.assessment,
            sign_draft: request.sign_draft,
        },
    )?;
    if let (Some(record), Some(store)) = (&published.sign_off, writable.as_mut()) {
        store.record_sign_off(record)?;
    }
    println!("{}", published.summary());
    drop(writable);
    record_signature(&request.path, &published, request.date)?;
    Ok(ExitCode::SUCCESS)
}

/// A signed final report makes its assessment final: the signature is recorded on the
/// assessment, whose records the store then refuses to change. A draft is not final.
fn record_signature(path: &Path, published: &publish::Published, date: NaiveDate) -> Result<()> {
    let (Some(sha256), Some(key_id)) = (&published.signed_sha256, &published.key_id) else {
        return Ok(());
    };
    if published.draft {
        return Ok(());
    }
    let mut store = Store::open(path)?;
    if store
        .signatures()?
        .iter()
        .any(|signature| signature.assessment_id == published.assessment_id)
    {
        return Ok(());
    }
    store.record_signature(&crate::domain::AssessmentSignature {
        assessment_id: published.assessment_id,
        signed_on: date,
        key_id: key_id.clone(),
        report_sha256: sha256.clone(),
    })?;
    println!(
        "Assessment {} is now final and read-only; start the next one with `hipaa-ra assessment next`",
        published.assessment_id
    );
    Ok(())
}

pub fn generate_key(out: Option<PathBuf>, unencrypted: bool) -> Result<ExitCode> {
    let dir = match out {
        Some(dir) => dir,
        None => crate::paths::config_dir()?,
    };
    let (secret, public, key) = signing::generate(&dir, !unencrypted)?;
    println!(
        "Secret key: {} (keep it private{})",
        secret.display(),
        if unencrypted { "; not password-protected" } else { "" }
    );
    println!("Public key: {}", public.display());
    println!(
        "Key id {}; anyone can verify with: minisign -Vm report.pdf -P {}",
        signing::key_id(&key),
        key.to_base64()
    );
    Ok(ExitCode::SUCCESS)
}

pub fn verify(file: &Path, pubkey: Option<String>, workspace: Option<&Path>) -> Result<ExitCode> {
    let given = match pubkey {
        Some(given) => given,
        None => {
            let default = crate::paths::config_dir()?.join(signing::PUBLIC_KEY_FILE);
            if !default.is_file() {
                bail!(
                    "no public key at {}: pass --pubkey with the signer's key, as printed on the report's \
                     sign-off page (or the signer's .pub file)",
                    default.display()
                );
            }
            default.to_string_lossy().into_owned()
        }
    };
    let key = signing::read_public_key(&given)?;
    match signing::verify(file, &key)? {
        Verdict::Valid {
            key_id,
            trusted_comment,
        } => {
            let status = match publish::signed_status(&trusted_comment) {
                Some((true, date)) => format!("a FINAL report dated {date}"),
                Some((false, date)) => format!("a DRAFT for review, not approved, dated {date}"),
                None => "a report that does not say whether it is final or a draft".to_string(),
            };
            println!(
                "valid: {} is {status}, signed by key {key_id} ({trusted_comment})",
                file.display()
            );
            match workspace {
                Some(workspace) => verify_history(workspace, &trusted_comment),
                None => Ok(ExitCode::SUCCESS),
            }
        }
        Verdict::Invalid(reason) => {
            println!("invalid: {}: {reason}", file.display());
            Ok(ExitCode::FAILURE)
        }
    }
}

/// `verify REPORT --workspace FILE`: whether the workspace's history still passes through
/// the change-log head the signed report recorded, and its data still matches its log.
fn verify_history(workspace: &Path, trusted_comment: &str) -> Result<ExitCode> {
    let Some((id, hash)) = publish::log_head(trusted_comment) else {
        println!(
            "{}: cannot be checked: the report's signed comment records no change-log head",
            workspace.display()
        );
        return Ok(ExitCode::FAILURE);
    };
    let store = Store::open_for_reading(workspace)?;
    match store.passes_through(id, &hash)? {
        HeadStatus::Departs(reason) => {
            println!(
                "{}: its history does not pass through the report's change-log row {id}: {reason}",
                workspace.display()
            );
            Ok(ExitCode::FAILURE)
        }
        HeadStatus::Passes { entries } => match store.check_data()?.problem() {
            Some(problem) => {
                println!(
                    "{}: its history passes through the report's change-log row {id}, but the data does not \
                     match the log: {problem}",
                    workspace.display()
                );
                Ok(ExitCode::FAILURE)
            }
            None => {
                let later = entries.saturating_sub(u64::try_from(id).unwrap_or(0));
                println!(
                    "{}: its history passes through the report's change-log row {id} ({later} changes since)",
                    workspace.display()
                );
                Ok(ExitCode::SUCCESS)
            }
        },
    }
}
