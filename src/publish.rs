//! Writing the report to files, signed or not: the one path used by `hipaa-ra report` and
//! by the Report screen. Files go through `output`, so they are written whole or not at
//! all, never over the workspace, and a signed report and its signature replace an older
//! pair together.

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, SecondsFormat, Utc};
use color_eyre::eyre::{Result, bail};

use crate::catalog::Catalog;
use crate::domain::{FindingCounts, SignOffRecord, Workspace};
use crate::output;
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
    /// Sign even while blocking findings keep the analysis a draft (`--draft`): the
    /// signature then attests only to a draft for review. Without it, signing a draft is
    /// refused and nothing is written.
    pub sign_draft: bool,
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
    /// A final report was signed: the caller records this in the workspace
    /// (`Store::record_sign_off`), which completes "Finalize documentation".
    pub sign_off: Option<SignOffRecord>,
}

impl Published {
    /// One line for a status bar or a terminal.
    pub fn summary(&self) -> String {
        let files: Vec<String> = self.files.iter().map(|file| file.display().to_string()).collect();
        let mut line = format!("Wrote {}", files.join(" and "));
        match (&self.key_id, self.draft) {
            (Some(key_id), true) => line.push_str(&format!(" (signed as a DRAFT for review, key {key_id})")),
            (Some(key_id), false) => line.push_str(&format!(" (signed final, key {key_id})")),
            (None, _) => {}
        }
        if self.draft {
            line.push_str(" (DRAFT: blocking findings remain; see `hipaa-ra check`)");
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
    // The proposed rule's appendix, unless the workspace hides it: added to the model
    // after everything else is judged, so it can never change status or findings.
    if store.proposed_rule_shown()? {
        model.proposed = Some(report::proposed::readiness(&workspace, date));
    }
    Ok((model, workspace))
}

/// The paper the workspace remembers for its report; US Letter when none was chosen (the
/// paper of a US rule's readers). The command line and the TUI start from it.
pub fn remembered_paper(store: &Store) -> Result<Paper> {
    Ok(store
        .report_paper()?
        .as_deref()
        .and_then(Paper::from_key)
        .unwrap_or(Paper::Letter))
}

/// Remembers `paper` for the next report. Only a change is written (and logged), so a
/// report on the usual paper leaves the workspace alone.
pub fn remember_paper(store: &mut Store, paper: Paper) -> Result<()> {
    if remembered_paper(store)? != paper {
        store.set_report_paper(paper.key())?;
    }
    Ok(())
}

pub fn publish(store: &Store, request: &Request) -> Result<Published> {
    publish_with_progress(store, request, &mut |_| {})
}

/// `publish`, calling `progress` while the PDF is written (the other formats take no
/// time worth showing), on the calling thread: the command line draws its bar from it.
pub fn publish_with_progress(
    store: &Store,
    request: &Request,
    progress: &mut dyn FnMut(report::Progress),
) -> Result<Published> {
    prepare(store, request)?.write_with_progress(progress)
}

/// A report ready to be rendered and written: everything read from the store (the
/// checks, the key, the model) is done, so what is left needs no store and can run on
/// another thread (the TUI's worker) while the user goes on working.
pub struct Prepared {
    request: Request,
    key: Option<SigningKey>,
    model: ReportModel,
    assessment_id: crate::domain::Id,
    stem: String,
    workspace_path: PathBuf,
}

/// The first half of `publish`: the draft refusal, the key (a wrong password fails here,
/// before anything slow), the model.
pub fn prepare(store: &Store, request: &Request) -> Result<Prepared> {
    // A draft is refused before the key is even opened: nothing is asked, nothing written.
    if request.sign.is_some() && !request.sign_draft {
        let workspace = store.snapshot()?;
        let findings = crate::domain::findings(&workspace, Catalog::embedded(), request.date);
        let blocking = FindingCounts::of(&findings).blocking;
        if blocking > 0 {
            bail!(
                "{}: not signed: the analysis is a DRAFT with {blocking} blocking {} (list them with \
                 `hipaa-ra check`); nothing was written. Resolve them, or sign it as a draft for review \
                 with --draft",
                store.path().display(),
                if blocking == 1 { "finding" } else { "findings" }
            );
        }
    }
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
    Ok(Prepared {
        request: request.clone(),
        key,
        model,
        assessment_id: workspace.assessment_id,
        stem: default_stem(store.path()),
        workspace_path: store.path().to_path_buf(),
    })
}

impl Prepared {
    /// The second half of `publish` for a status line: `stage` gets the PDF's stage and
    /// share done ("compressing 72%"), once per change of whole percent, so a worker's
    /// channel is not flooded with one message per compressed object.
    pub fn write(self, stage: &dyn Fn(&str)) -> Result<Published> {
        let mut last = None;
        self.write_with_progress(&mut |progress: report::Progress| {
            let percent = (progress.fraction() * 100.0) as u32;
            if last != Some(percent) {
                last = Some(percent);
                stage(&format!("{} {percent}%", progress.label()));
            }
        })
    }

    /// The second half of `publish`: renders (reporting the PDF's progress), signs and
    /// writes.
    pub fn write_with_progress(self, progress: &mut dyn FnMut(report::Progress)) -> Result<Published> {
        let Prepared {
            request,
            key,
            model,
            assessment_id,
            stem,
            workspace_path,
        } = self;
        let request = &request;
        let mut signed_digest = None;
        let files = match request.format {
            Format::Pdf | Format::Json => {
                let (bytes, extension) = match request.format {
                    Format::Pdf => (report::render_pdf_with_progress(&model, request.paper, progress), "pdf"),
                    _ => (report::render_json(&model).into_bytes(), "json"),
                };
                let target = request
                    .output
                    .clone()
                    .unwrap_or_else(|| PathBuf::from(format!("{stem}.{extension}")));
                let mut files = vec![target.clone()];
                match &key {
                    Some(key) => {
                        signed_digest = Some(sha256_hex(&bytes));
                        // The signature is made before anything is written, and the pair is
                        // written together: an old report never sits beside a new signature.
                        let signature = signing::sign(key, &bytes, &trusted_comment(&model))?;
                        let signature_path = signing::signature_path(&target);
                        output::write_all(
                            &[
                                (target.as_path(), bytes.as_slice()),
                                (signature_path.as_path(), signature.as_bytes()),
                            ],
                            output::Rules::replacing(Some(&workspace_path)),
                        )?;
                        files.push(signature_path);
                    }
                    None => {
                        output::write(&target, &bytes, output::Rules::replacing(Some(&workspace_path)))?;
                    }
                }
                files
            }
            Format::Csv => {
                let base = request.output.clone().unwrap_or_else(|| PathBuf::from(&stem));
                let base = base.to_string_lossy().trim_end_matches(".csv").to_string();
                let register = PathBuf::from(format!("{base}-register.csv"));
                let plan = PathBuf::from(format!("{base}-plan.csv"));
                let mut register_bytes = Vec::new();
                report::write_register_csv(&mut register_bytes, &model)?;
                let mut plan_bytes = Vec::new();
                report::write_plan_csv(&mut plan_bytes, &model)?;
                output::write_all(
                    &[
                        (register.as_path(), register_bytes.as_slice()),
                        (plan.as_path(), plan_bytes.as_slice()),
                    ],
                    output::Rules::replacing(Some(&workspace_path)),
                )?;
                vec![register, plan]
            }
        };
        let key_id = key.as_ref().map(|key| signing::key_id(&key.public));
        let sign_off = match (&key_id, signed_digest.clone()) {
            (Some(key_id), Some(report_sha256)) if !model.draft => Some(SignOffRecord {
                id: 0,
                assessment_id,
                report_date: model.date,
                signed_at: Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true),
                signer: model
                    .sign_off
                    .signer
                    .as_ref()
                    .map_or_else(String::new, |signer| signer.name.clone()),
                key_id: key_id.clone(),
                report_sha256,
                log_head: 0,
                current: true,
            }),
            _ => None,
        };
        Ok(Published {
            files,
            key_id,
            draft: model.draft,
            assessment_id,
            signed_sha256: signed_digest,
            sign_off,
        })
    }
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

/// The signed one-line summary: who signed what and when, whether the report is final or
/// a draft, and its date (`status: ...; report date: ...`, parts `verify` reads back).
fn trusted_comment(model: &ReportModel) -> String {
    let signer = model.sign_off.signer.as_ref().map_or("", |signer| signer.name.as_str());
    format!(
        "hipaa-ra report; practice: {}; assessment: {}; signer: {signer}; signed: {}; {}; {LOG_HEAD}{} {}",
        model.cover.practice,
        model.cover.assessment,
        Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true),
        status_part(model.draft, model.date),
        model.change_log.entries,
        model.change_log.last_hash
    )
}

/// `status: DRAFT (for review, not approved); report date: 2026-11-23` or
/// `status: FINAL; report date: ...`.
pub fn status_part(draft: bool, date: NaiveDate) -> String {
    let status = if draft { DRAFT_STATUS } else { FINAL_STATUS };
    format!("status: {status}; report date: {date}")
}

pub const DRAFT_STATUS: &str = "DRAFT (for review, not approved)";
pub const FINAL_STATUS: &str = "FINAL";

/// What a signature's trusted comment says about the report: (final, report date), or
/// None for a signature without these parts (made before drafts were marked).
pub fn signed_status(trusted_comment: &str) -> Option<(bool, String)> {
    let mut status = None;
    let mut date = None;
    for part in trusted_comment.split("; ") {
        if let Some(value) = part.strip_prefix("status: ") {
            status = Some(value == FINAL_STATUS);
        } else if let Some(value) = part.strip_prefix("report date: ") {
            date = Some(value.to_string());
        }
    }
    Some((status?, date?))
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes).iter().map(|byte| format!("{byte:02x}")).collect()
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
