//! Writing the report to files, signed or not: the one path used by `hipaa-ra report` and
//! by the Report screen. Files are written whole or not at all (a temporary file renamed
//! into place), so an interrupted run never leaves half a report behind.

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, SecondsFormat, Utc};
use color_eyre::eyre::{Result, WrapErr, bail};

use crate::catalog::Catalog;
use crate::domain::Workspace;
use crate::report::{self, LogSummary, Paper, ReportModel, Signer};
use crate::signing::{self, SigningKey};
use crate::store::{ChainStatus, Store};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Pdf,
    Json,
    Csv,
}

/// Where the signing key comes from, and its password if it has one.
#[derive(Debug, Clone)]
pub struct KeySource {
    pub path: PathBuf,
    /// None: ask on the terminal (command line only) unless HIPAA_RA_KEY_PASSWORD is set.
    pub password: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Request {
    pub format: Format,
    pub paper: Paper,
    pub date: NaiveDate,
    /// The file (PDF, JSON) or name prefix (CSV); None: next to nothing, in the current
    /// directory, named after the workspace.
    pub output: Option<PathBuf>,
    pub sign: Option<KeySource>,
    /// The assessment to report on; None: the open one.
    pub assessment: Option<crate::domain::Id>,
}

/// What was written.
#[derive(Debug, Clone)]
pub struct Published {
    pub files: Vec<PathBuf>,
    pub key_id: Option<String>,
    pub draft: bool,
    /// The assessment reported on and the SHA-256 of the signed file, for recording a
    /// final signed report on its assessment (which makes it read-only).
    pub assessment_id: crate::domain::Id,
    pub signed_sha256: Option<String>,
}

impl Published {
    /// One line for a status bar or a terminal.
    pub fn summary(&self) -> String {
        let files: Vec<String> = self.files.iter().map(|file| file.display().to_string()).collect();
        let mut line = format!("Wrote {}", files.join(" and "));
        if let Some(key_id) = &self.key_id {
            line.push_str(&format!(" (signed, key {key_id})"));
        }
        if self.draft {
            line.push_str(" (DRAFT: the assessment is not complete)");
        }
        line
    }
}

/// The report model of the store's current assessment, refusing a broken change log and
/// data that does not match it.
pub fn model(store: &Store, date: NaiveDate, signer: Option<Signer>) -> Result<(ReportModel, Workspace)> {
    model_for(store, date, signer, None)
}

/// `model` for a chosen assessment (None: the open one), as `report --assessment` asks.
pub fn model_for(
    store: &Store,
    date: NaiveDate,
    signer: Option<Signer>,
    assessment: Option<crate::domain::Id>,
) -> Result<(ReportModel, Workspace)> {
    // One snapshot, so the log head the report records is the one its data came from.
    store.reading(|store| model_of(store, date, signer, assessment))
}

fn model_of(
    store: &Store,
    date: NaiveDate,
    signer: Option<Signer>,
    assessment: Option<crate::domain::Id>,
) -> Result<(ReportModel, Workspace)> {
    let log = match store.verify_change_log()? {
        ChainStatus::Intact { entries, last_hash } => LogSummary { entries, last_hash },
        ChainStatus::Broken { row, reason } => bail!(
            "{}: the change log is broken at row {row} ({reason}); a report would not be trustworthy",
            store.path().display()
        ),
    };
    if let Some(problem) = store.check_data()?.problem() {
        bail!(
            "{}: the workspace does not match its change log: {problem}; a report would not be trustworthy",
            store.path().display()
        );
    }
    let workspace = match assessment {
        Some(id) => store.snapshot_of(id)?,
        None => store.snapshot()?,
    };
    let mut model = report::build(&workspace, Catalog::embedded(), &log, date, signer);
    // Changes since the assessment this one was carried forward from (next year's report).
    if let Some(previous) = workspace.assessment().and_then(|assessment| assessment.carried_from) {
        let previous = store.snapshot_of(previous)?;
        model.changes = Some(crate::domain::changes::changes(&previous, &workspace));
    }
    Ok((model, workspace))
}

pub fn publish(store: &Store, request: &Request) -> Result<Published> {
    let key = match &request.sign {
        Some(_) if request.format == Format::Csv => {
            bail!("signing works with PDF or JSON; CSV files are for spreadsheets")
        }
        Some(source) => Some(signing::load(&source.path, source.password.clone())?),
        None => None,
    };
    // Only a signed report needs the snapshot here; it is dropped before the model is built.
    let signer = match &key {
        Some(key) => Some(signer(&store.snapshot()?, key)),
        None => None,
    };
    let (model, workspace) = model_for(store, request.date, signer, request.assessment)?;
    let mut signed_sha256 = None;
    let stem = default_stem(store.path());
    let files = match request.format {
        Format::Pdf | Format::Json => {
            let (bytes, extension) = match request.format {
                Format::Pdf => (report::render_pdf(&model, request.paper), "pdf"),
                _ => (report::render_json(&model).into_bytes(), "json"),
            };
            let output = request
                .output
                .clone()
                .unwrap_or_else(|| PathBuf::from(format!("{stem}.{extension}")));
            write_whole(&output, &bytes)?;
            let mut files = vec![output.clone()];
            if let Some(key) = &key {
                let signature = signing::sign(key, &bytes, &trusted_comment(&model))?;
                signed_sha256 = Some(sha256_hex(&bytes));
                let signature_path = signing::signature_path(&output);
                write_whole(&signature_path, signature.as_bytes())?;
                files.push(signature_path);
            }
            files
        }
        Format::Csv => {
            let base = request.output.clone().unwrap_or_else(|| PathBuf::from(&stem));
            let base = base.to_string_lossy().trim_end_matches(".csv").to_string();
            let register = PathBuf::from(format!("{base}-register.csv"));
            let plan = PathBuf::from(format!("{base}-plan.csv"));
            let mut bytes = Vec::new();
            report::write_register_csv(&mut bytes, &model)?;
            write_whole(&register, &bytes)?;
            bytes.clear();
            report::write_plan_csv(&mut bytes, &model)?;
            write_whole(&plan, &bytes)?;
            vec![register, plan]
        }
    };
    Ok(Published {
        files,
        key_id: key.as_ref().map(|key| signing::key_id(&key.public)),
        draft: model.draft,
        assessment_id: workspace.assessment_id,
        signed_sha256,
    })
}

/// `clinic.hra` gives `clinic-report` in the current directory.
pub fn default_stem(workspace: &Path) -> String {
    let stem = workspace
        .file_stem()
        .map_or_else(|| "workspace".into(), |stem| stem.to_string_lossy().into_owned());
    format!("{stem}-report")
}

fn signer(workspace: &Workspace, key: &SigningKey) -> Signer {
    Signer {
        name: workspace
            .assessment()
            .map_or_else(String::new, |assessment| assessment.assessor.clone()),
        role: signer_role(workspace),
        public_key: key.public.to_base64(),
        fingerprint: signing::key_id(&key.public),
    }
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
        "hipaa-ra report; practice: {}; assessment: {}; signer: {signer}; signed: {}; {LOG_HEAD}{} {}",
        model.cover.practice,
        model.cover.assessment,
        Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true),
        model.change_log.entries,
        model.change_log.last_hash
    )
}

/// How the trusted comment names the change-log head the report was made at: `log: ID HASH`.
const LOG_HEAD: &str = "log: ";

/// The change-log head (row id and hash) a signed report's trusted comment records. The
/// last such part counts: the practice's name, earlier in the comment, is the user's text.
pub fn log_head(trusted_comment: &str) -> Option<(i64, String)> {
    let part = trusted_comment
        .rsplit("; ")
        .find_map(|part| part.strip_prefix(LOG_HEAD))?;
    let (id, hash) = part.trim().split_once(' ')?;
    let hash = hash.trim();
    let is_hash = hash.len() == 64 && hash.bytes().all(|byte| byte.is_ascii_hexdigit());
    Some((id.parse().ok()?, hash.to_string())).filter(|_| is_hash)
}

/// Writes `bytes` to `path` through a temporary file in the same directory.
pub fn write_whole(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".partial");
    let temporary = PathBuf::from(temporary);
    std::fs::write(&temporary, bytes).wrap_err_with(|| format!("{}: cannot write", path.display()))?;
    std::fs::rename(&temporary, path).wrap_err_with(|| format!("{}: cannot write", path.display()))
}

/// The SHA-256 of a file's bytes as lowercase hex.
fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}
