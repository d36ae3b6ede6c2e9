//! The report commands: `report` (PDF, JSON or CSV, optionally signed), `key generate`
//! and `verify`. Files are written whole or not at all (a temporary file renamed into
//! place), so an interrupted run never leaves half a report behind.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{NaiveDate, SecondsFormat, Utc};
use color_eyre::eyre::{Result, WrapErr, bail};

use super::{Paper, ReportFormat};
use crate::catalog::Catalog;
use crate::domain::Workspace;
use crate::report::{self, LogSummary, ReportModel, Signer};
use crate::signing::{self, Verdict};
use crate::store::{ChainStatus, Store};

pub struct ReportRequest {
    pub path: PathBuf,
    pub output: Option<PathBuf>,
    pub format: ReportFormat,
    pub sign: bool,
    pub key: Option<PathBuf>,
    pub paper: Paper,
    pub date: NaiveDate,
}

pub fn report(request: ReportRequest) -> Result<ExitCode> {
    let store = Store::open(&request.path)?;
    let log = match store.verify_change_log()? {
        ChainStatus::Intact { entries, last_hash } => LogSummary { entries, last_hash },
        ChainStatus::Broken { row, reason } => bail!(
            "{}: the change log is broken at row {row} ({reason}); a report would not be trustworthy",
            request.path.display()
        ),
    };
    let workspace = store.snapshot()?;
    let key = if request.sign {
        if matches!(request.format, ReportFormat::Csv) {
            bail!("--sign works with --format pdf or json; CSV files are for spreadsheets");
        }
        let key_path = match &request.key {
            Some(path) => path.clone(),
            None => crate::paths::config_dir()?.join(signing::SECRET_KEY_FILE),
        };
        Some(signing::load(&key_path)?)
    } else {
        None
    };
    let signer = key.as_ref().map(|key| Signer {
        name: workspace
            .assessment()
            .map_or_else(String::new, |assessment| assessment.assessor.clone()),
        role: signer_role(&workspace),
        public_key: key.public.to_base64(),
        fingerprint: signing::key_id(&key.public),
    });
    let model = report::build(&workspace, Catalog::embedded(), &log, request.date, signer);
    let stem = default_stem(&request.path);
    match request.format {
        ReportFormat::Pdf | ReportFormat::Json => {
            let (bytes, extension) = match request.format {
                ReportFormat::Pdf => (report::render_pdf(&model, paper(request.paper)), "pdf"),
                _ => (report::render_json(&model).into_bytes(), "json"),
            };
            let output = match (&request.output, request.format) {
                (Some(output), _) => output.clone(),
                // JSON without -o goes to standard output, for pipes.
                (None, ReportFormat::Json) if key.is_none() => {
                    use std::io::Write;
                    std::io::stdout().write_all(&bytes)?;
                    return Ok(ExitCode::SUCCESS);
                }
                (None, _) => PathBuf::from(format!("{stem}.{extension}")),
            };
            write_whole(&output, &bytes)?;
            if let Some(key) = &key {
                let comment = trusted_comment(&model);
                let signature = signing::sign(key, &bytes, &comment)?;
                write_whole(&signing::signature_path(&output), signature.as_bytes())?;
                println!(
                    "Wrote {} and {} (key {})",
                    output.display(),
                    signing::signature_path(&output).display(),
                    signing::key_id(&key.public)
                );
            } else {
                println!(
                    "Wrote {}{}",
                    output.display(),
                    if model.draft {
                        " (DRAFT: the assessment is not complete)"
                    } else {
                        ""
                    }
                );
            }
        }
        ReportFormat::Csv => {
            let base = request.output.clone().unwrap_or_else(|| PathBuf::from(stem));
            let base = base.to_string_lossy().trim_end_matches(".csv").to_string();
            let register = PathBuf::from(format!("{base}-register.csv"));
            let plan = PathBuf::from(format!("{base}-plan.csv"));
            let mut bytes = Vec::new();
            report::write_register_csv(&mut bytes, &model)?;
            write_whole(&register, &bytes)?;
            bytes.clear();
            report::write_plan_csv(&mut bytes, &model)?;
            write_whole(&plan, &bytes)?;
            println!("Wrote {} and {}", register.display(), plan.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn paper(paper: Paper) -> report::Paper {
    match paper {
        Paper::A4 => report::Paper::A4,
        Paper::Letter => report::Paper::Letter,
    }
}

/// `clinic.hra` gives `clinic-report` in the current directory.
fn default_stem(workspace: &Path) -> String {
    let stem = workspace
        .file_stem()
        .map_or_else(|| "workspace".into(), |stem| stem.to_string_lossy().into_owned());
    format!("{stem}-report")
}

/// The signer's roles if the assessor is one of the practice's people, else "Assessor".
fn signer_role(workspace: &Workspace) -> String {
    let assessor = workspace
        .assessment()
        .map(|assessment| assessment.assessor.as_str())
        .unwrap_or_default();
    workspace
        .people
        .iter()
        .find(|person| person.name == assessor)
        .map(|person| workspace.role_labels(person.id))
        .filter(|roles| !roles.is_empty())
        .map_or_else(|| "Assessor".to_string(), |roles| roles.join(", "))
}

fn trusted_comment(model: &ReportModel) -> String {
    let signer = model.sign_off.signer.as_ref().map_or("", |signer| signer.name.as_str());
    format!(
        "hipaa-ra report; practice: {}; assessment: {}; signer: {signer}; signed: {}",
        model.cover.practice,
        model.cover.assessment,
        Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true)
    )
}

/// Writes `bytes` to `path` through a temporary file in the same directory.
fn write_whole(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".partial");
    let temporary = PathBuf::from(temporary);
    std::fs::write(&temporary, bytes).wrap_err_with(|| format!("{}: cannot write", path.display()))?;
    std::fs::rename(&temporary, path).wrap_err_with(|| format!("{}: cannot write", path.display()))
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

pub fn verify(file: &Path, pubkey: Option<String>) -> Result<ExitCode> {
    let given = match pubkey {
        Some(given) => given,
        None => crate::paths::config_dir()?
            .join(signing::PUBLIC_KEY_FILE)
            .to_string_lossy()
            .into_owned(),
    };
    let key = signing::read_public_key(&given)?;
    match signing::verify(file, &key)? {
        Verdict::Valid {
            key_id,
            trusted_comment,
        } => {
            println!(
                "valid: {} is signed by key {key_id} ({trusted_comment})",
                file.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Verdict::Invalid(reason) => {
            println!("invalid: {}: {reason}", file.display());
            Ok(ExitCode::FAILURE)
        }
    }
}
