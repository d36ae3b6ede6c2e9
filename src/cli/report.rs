//! The report commands: `report` (PDF, JSON or CSV, optionally signed, through the same
//! `publish` path as the Report screen), `key generate` and `verify`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use color_eyre::eyre::{Result, bail};

use super::{Paper, ReportFormat, escaped};
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
    /// None: the paper remembered in the workspace, else US Letter.
    pub paper: Option<Paper>,
    pub date: NaiveDate,
    /// The assessment to report on (`--assessment ID`); None: the open one.
    pub assessment: Option<crate::domain::Id>,
}

pub fn report(request: ReportRequest) -> Result<ExitCode> {
    // Signing a final report records the sign-off in the workspace, so it takes the edit
    // lock (an open editor must be closed first); anything else only reads.
    let mut writable = None;
    let mut reader = None;
    // A reader's damage check runs on while the report is read and built; nothing is
    // written before its verdict (`Store::open_to_print`).
    let mut damage = None;
    let store: &Store = match request.sign.then(|| Store::open(&request.path)) {
        Some(Ok(store)) => &*writable.insert(store),
        // Beside an open editor a draft can still be signed, and a signed year handed
        // back; a new final signature is refused below, before anything is written.
        Some(Err(crate::store::StoreError::InUse { .. })) | None => {
            let (opened, check) = Store::open_to_print(&request.path)?;
            damage = Some(check);
            reader.insert(opened)
        }
        Some(Err(error)) => return Err(error.into()),
    };
    let mut verdict = move || damage.take().map_or(Ok(()), crate::store::DamageCheck::verdict);
    let remembered = match publish::remembered_paper(store) {
        Ok(paper) => paper,
        Err(error) => {
            verdict()?;
            return Err(error);
        }
    };
    let chosen = request.paper.map(|paper| match paper {
        Paper::A4 => report::Paper::A4,
        Paper::Letter => report::Paper::Letter,
    });
    // US Letter unless chosen: the paper of the US rule's readers.
    let paper = chosen.unwrap_or(remembered);
    let format = match request.format {
        ReportFormat::Pdf => Format::Pdf,
        ReportFormat::Json => Format::Json,
        ReportFormat::Csv => Format::Csv,
        ReportFormat::Oscal | ReportFormat::Xlsx => {
            verdict()?;
            return super::formats::write(store, &request);
        }
    };
    // JSON without -o and unsigned goes to standard output, for pipes.
    if format == Format::Json && request.output.is_none() && !request.sign {
        let json = publish::json_for(store, request.date, request.assessment);
        verdict()?;
        let (json, status) = json?;
        use std::io::Write;
        std::io::stdout().write_all(&json)?;
        super::status::warn_if_draft(status, "the report written to standard output");
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
    let mut bar = crate::progress::Bar::for_stderr();
    // The model is built while the damage check runs on; it is rendered and written after
    // the verdict (a failure building it is explained by a damaged file first).
    let prepared = publish::prepare(
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
    );
    verdict()?;
    let published = prepared?.write_with_progress(&mut |progress| bar.update(progress.fraction(), progress.label()))?;
    bar.finish();
    let mut published = published;
    let mut finalized = None;
    if published.pending.is_some() {
        let Some(store) = writable.as_mut() else {
            bail!(
                "{}: is open in another hipaa-ra; close it first to record a final sign-off (nothing was written)",
                request.path.display()
            );
        };
        // The sign-off and the kept report in one transaction, then the files into place.
        if let Some(record) = published.finish(store)? {
            finalized = Some(record.assessment_id);
        }
    }
    // Closed before the paper is remembered, which opens the workspace again (a reader
    // may hold the file's shared lock, see `Store::open_for_reading`).
    drop(writable);
    drop(reader);
    println!("{}", published.summary());
    super::status::warn_if_draft(
        crate::domain::Status::from_draft(published.draft),
        &super::status::files(&published.files),
    );
    if let Some(assessment_id) = finalized {
        println!(
            "Assessment {assessment_id} is now final and read-only, and its signed report is kept in the \
             workspace (`hipaa-ra report PATH --assessment {assessment_id}` hands it back); start the next one \
             with `hipaa-ra assessment next`"
        );
    }
    // Only a change is written: choosing the paper already in use leaves the file alone.
    if let Some(paper) = chosen
        && paper != remembered
    {
        remember_paper(&request.path, paper);
    }
    Ok(ExitCode::SUCCESS)
}

/// Saves the paper chosen with `--paper` for the next report. The report is written
/// already, so a workspace that cannot take the setting (open in the editor, read-only)
/// only gets a note.
fn remember_paper(path: &Path, paper: report::Paper) {
    let saved = Store::open(path)
        .map_err(color_eyre::eyre::Report::from)
        .and_then(|mut store| publish::remember_paper(&mut store, paper));
    if let Err(error) = saved {
        eprintln!(
            "note: the paper ({}) is not remembered for the next report: {error}",
            paper.key()
        );
    }
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
    // With --workspace and no --pubkey, a report the workspace kept as signed is checked
    // with the public key kept beside it.
    let kept_key = match (&pubkey, workspace) {
        (None, Some(workspace)) => kept_public_key(file, workspace)?,
        _ => None,
    };
    let given = match (pubkey, kept_key) {
        (Some(given), _) | (None, Some(given)) => given,
        (None, None) => {
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
                "valid: {} is {status}, signed by key {key_id} ({})",
                shown(file),
                escaped(&trusted_comment)
            );
            match workspace {
                Some(workspace) => verify_history(workspace, &trusted_comment),
                None => Ok(ExitCode::SUCCESS),
            }
        }
        Verdict::Invalid(reason) => {
            println!("invalid: {}: {}", shown(file), escaped(&reason));
            Ok(ExitCode::FAILURE)
        }
    }
}

/// The public key kept with the workspace's signed report whose PDF or JSON is `file`,
/// byte for byte; None when the workspace kept no such report.
fn kept_public_key(file: &Path, workspace: &Path) -> Result<Option<String>> {
    // A report larger than any kept one cannot be one of them.
    const LIMIT: u64 = 1 << 30;
    let bytes = crate::input::read_regular_file(file, LIMIT, "").map_err(color_eyre::eyre::Report::msg)?;
    let store = Store::open_for_reading(workspace)?;
    Ok(store
        .signed_reports()?
        .into_iter()
        .find(|kept| kept.pdf == bytes || kept.json == bytes)
        .map(|kept| kept.public_key))
}

/// `verify REPORT --workspace FILE`: whether the workspace's history still passes through
/// the change-log head the signed report recorded, its data still matches its log, and
/// every signed year is as it was signed.
fn verify_history(workspace: &Path, trusted_comment: &str) -> Result<ExitCode> {
    let Some((id, hash)) = publish::log_head(trusted_comment) else {
        println!(
            "{}: cannot be checked: the report's signed comment records no change-log head",
            shown(workspace)
        );
        return Ok(ExitCode::FAILURE);
    };
    let store = Store::open_for_reading(workspace)?;
    match store.passes_through(id, &hash)? {
        HeadStatus::Departs(reason) => {
            println!(
                "{}: its history does not pass through the report's change-log row {id}: {}",
                shown(workspace),
                escaped(&reason)
            );
            Ok(ExitCode::FAILURE)
        }
        HeadStatus::Passes { entries } => match store.check_data()?.problem() {
            Some(problem) => {
                println!(
                    "{}: its history passes through the report's change-log row {id}, but the data does not \
                     match the log: {}",
                    shown(workspace),
                    escaped(&problem)
                );
                Ok(ExitCode::FAILURE)
            }
            None => {
                // The whole log walked: check_data only compares the head with the data.
                if let Some(problem) = store.check_signed_years()?.and_then(|status| status.problem()) {
                    println!(
                        "{}: its history passes through the report's change-log row {id}, but a signed year \
                         was changed after its signature: {problem}",
                        crate::terminal::escaped(&workspace.display().to_string())
                    );
                    return Ok(ExitCode::FAILURE);
                }
                let later = entries.saturating_sub(u64::try_from(id).unwrap_or(0));
                println!(
                    "{}: its history passes through the report's change-log row {id} ({later} changes since)",
                    shown(workspace)
                );
                Ok(ExitCode::SUCCESS)
            }
        },
    }
}

/// A path as a terminal may print it (see `crate::terminal`).
fn shown(path: &Path) -> String {
    escaped(&path.display().to_string()).into_owned()
}
