//! Writing the report to files, signed or not: the one path used by `hipaa-ra report` and
//! by the Report screen. Files go through `output`, so they are written whole or not at
//! all, never over the workspace, and a signed report and its signature replace an older
//! pair together.

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use color_eyre::eyre::{Result, bail};

use crate::catalog::Catalog;
use crate::domain::{FindingCounts, SignOffRecord, SignedReport, Workspace};
use crate::output;
use crate::report::{self, LogSummary, Paper, ReportModel, Signer};
use crate::signing::{self, SigningKey};
use crate::store::{DataStatus, Store};

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
#[derive(Debug)]
pub struct Published {
    pub files: Vec<PathBuf>,
    pub key_id: Option<String>,
    pub draft: bool,
    /// The assessment reported on and the SHA-256 of the signed file, for recording a
    /// final signed report on its assessment (which makes it read-only).
    pub assessment_id: crate::domain::Id,
    pub signed_sha256: Option<String>,
    /// A final report was signed: the caller records it with `finish`, which keeps the
    /// signed bytes in the workspace and only then puts the files in place.
    pub pending: Option<PendingSignOff>,
    /// The report handed back is a signed year's kept report (or rendered from its kept
    /// model), signed on this date; the public key that verifies it.
    pub as_signed: Option<(NaiveDate, String)>,
}

/// A final signature made but not yet recorded: the sign-off, what it signed (the kept
/// report), and where the signed file and its signature go. `Published::finish` records
/// the sign-off and the kept report in one transaction and only then writes the files, so
/// no signed final report is ever on disk, not even as a temporary, before its sign-off is
/// recorded. A kill between the two leaves the record without the files, which
/// `report --assessment ID` hands back byte for byte.
pub struct PendingSignOff {
    pub record: SignOffRecord,
    pub report: SignedReport,
    /// The signed file (PDF or JSON, as asked) and its signature.
    pub target: PathBuf,
    pub signature_path: PathBuf,
    pub format: Format,
    workspace_path: PathBuf,
    /// The change-log head the report was made from: the sign-off is refused if the
    /// workspace changed since (the TUI renders on a worker while the user edits).
    pub made_at: String,
}

impl std::fmt::Debug for PendingSignOff {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("PendingSignOff")
            .field("record", &self.record)
            .field("target", &self.target)
            .finish()
    }
}

impl Published {
    /// Records a pending final sign-off (and keeps the signed report) in `store`, then
    /// writes the files. Nothing to do for any other report. When the record is refused
    /// nothing is written.
    pub fn finish(&mut self, store: &mut Store) -> Result<Option<SignOffRecord>> {
        let Some(pending) = self.pending.take() else {
            return Ok(None);
        };
        let id = store.record_signed_report(&pending.record, &pending.report, &pending.made_at)?;
        let (bytes, signature) = match pending.format {
            Format::Pdf => (&pending.report.pdf, &pending.report.pdf_signature),
            _ => (&pending.report.json, &pending.report.json_signature),
        };
        output::write_all(
            &signed_pair(&pending.target, &pending.signature_path, bytes, signature),
            output::Rules::replacing(Some(&pending.workspace_path)),
        )?;
        Ok(Some(SignOffRecord { id, ..pending.record }))
    }

    /// One line for a status bar or a terminal, the status (DRAFT or FINAL) second, where a
    /// narrow status bar never cuts it off.
    pub fn summary(&self) -> String {
        let files: Vec<String> = self.files.iter().map(|file| file.display().to_string()).collect();
        let status = crate::domain::Status::from_draft(self.draft);
        let mut line = format!("Wrote {status} {}", files.join(" and "));
        if let Some((signed_on, _)) = &self.as_signed
            && self.signed_sha256.is_none()
        {
            line.push_str(&format!(
                ", from the report as signed on {signed_on} (kept in the workspace), not from today's data"
            ));
            return line;
        }
        if let Some((signed_on, public_key)) = &self.as_signed {
            let key = self.key_id.as_deref().unwrap_or_default();
            line.push_str(&format!(
                ": the report as signed on {signed_on} (key {key}), kept in the workspace; check it with \
                 `minisign -Vm FILE -P {public_key}`"
            ));
            return line;
        }
        match (&self.key_id, self.draft) {
            (Some(key_id), true) => line.push_str(&format!(" (signed as a DRAFT for review, key {key_id})")),
            (Some(key_id), false) => line.push_str(&format!(" (signed final, key {key_id})")),
            (None, _) => {}
        }
        if self.draft {
            line.push_str(" (blocking findings remain; see `hipaa-ra check`)");
        }
        line
    }
}

/// The report model of the store's current assessment, refusing a broken change log and
/// data that does not match it.
pub fn model(store: &Store, date: NaiveDate, signer: Option<Signer>) -> Result<ReportModel> {
    model_for(store, date, signer, None)
}

/// `model` for a chosen assessment (None: the open one), as `report --assessment` asks.
pub fn model_for(
    store: &Store,
    date: NaiveDate,
    signer: Option<Signer>,
    assessment: Option<crate::domain::Id>,
) -> Result<ReportModel> {
    model_made_for(report::Purpose::All, store, date, signer, assessment)
}

/// `model_for`, for a report rendered only as `purpose` asks (JSON or CSV attach no file).
fn model_made_for(
    purpose: report::Purpose,
    store: &Store,
    date: NaiveDate,
    signer: Option<Signer>,
    assessment: Option<crate::domain::Id>,
) -> Result<ReportModel> {
    // One snapshot, so the log head the report records is the one its data came from.
    store.reading(|store| model_of(purpose, store, date, signer, assessment))
}

fn model_of(
    purpose: report::Purpose,
    store: &Store,
    date: NaiveDate,
    signer: Option<Signer>,
    assessment: Option<crate::domain::Id>,
) -> Result<ReportModel> {
    let target = match assessment {
        Some(id) => id,
        None => store.current_assessment_id()?,
    };
    let check = if signer.is_some() {
        LogCheck::Whole
    } else {
        LogCheck::Head(target)
    };
    let log = checked_log(store, check)?;
    // A signed year's report is what was signed: its kept model, never today's data.
    if let Some(kept) = store.signed_report(target)? {
        return kept_model(store, &kept);
    }
    let workspace = store.snapshot_of(target)?;
    // Changes since the assessment this one was carried forward from (next year's report),
    // first: the previous year's snapshot is dropped before the model is built, so the two
    // years and the model are never held at once.
    let changes = match workspace.assessment().and_then(|assessment| assessment.carried_from) {
        Some(previous) => {
            // That year's rows are printed too (the changes since): checked like this
            // year's. Only what the comparison reads of it, not its whole snapshot.
            if check != LogCheck::Whole {
                checked_log(store, LogCheck::Head(previous))?;
            }
            let previous = store.snapshot_for_changes(previous)?;
            Some(crate::domain::changes::changes(&previous, &workspace))
        }
        None => None,
    };
    let mut model = report::build_for(purpose, &workspace, Catalog::embedded(), &log, date, signer);
    model.changes = changes;
    // The proposed rule's appendix, unless the workspace hides it: added to the model
    // after everything else is judged, so it can never change status or findings.
    if store.proposed_rule_shown()? {
        model.proposed = Some(report::proposed::readiness(&workspace, date));
    }
    Ok(model)
}

/// The report as JSON for standard output, and its status: a signed year's kept bytes
/// (after the check of their signature; final), else the model rendered for `date`.
pub fn json_for(
    store: &Store,
    date: NaiveDate,
    assessment: Option<crate::domain::Id>,
) -> Result<(Vec<u8>, crate::domain::Status)> {
    let target = match assessment {
        Some(id) => id,
        None => store.current_assessment_id()?,
    };
    if let Some(kept) = store.signed_report(target)? {
        checked_log(store, LogCheck::Head(target))?;
        verify_kept(store, &kept)?;
        return Ok((kept.json, crate::domain::Status::Final));
    }
    let model = model_made_for(report::Purpose::Data, store, date, None, Some(target))?;
    Ok((report::render_json(&model).into_bytes(), model.status))
}

/// How much of the change log a report checks before it trusts the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LogCheck {
    /// What a user waits for, whatever the length of the history: the head row, the
    /// starting points and the rows the report prints (the assessment's, the year it was
    /// carried from and the shared ones) against the head's digests of them
    /// (`Store::check_data_of`).
    Head(crate::domain::Id),
    /// A new signature vouches for the history up to the head it records (`hipaa-ra
    /// verify --workspace` later asks whether a workspace still passes through it), so it
    /// checks all of it first: every row of the chain, the replay and the signed years
    /// (`Store::verify_history`, what `hipaa-ra log verify` runs). Signing is rare and
    /// already waits for a password and a PDF; a history broken before the head would
    /// otherwise be signed over, and every later check of the signature would fail.
    Whole,
}

/// The change log's summary, refusing a broken log and data that does not match it. The
/// summary is the head's: its id (the number of entries while the chain is intact, which
/// the whole check and `log verify` confirm) and its hash.
fn checked_log(store: &Store, check: LogCheck) -> Result<LogSummary> {
    let status = match check {
        LogCheck::Head(assessment) => store.check_data_of(assessment)?,
        LogCheck::Whole => store.verify_history()?,
    };
    match status {
        DataStatus::Consistent { entries, last_hash } => Ok(LogSummary { entries, last_hash }),
        DataStatus::Broken { row, reason } => bail!(
            "{}: the change log is broken at row {row} ({reason}); a report would not be trustworthy",
            store.path().display()
        ),
        DataStatus::AfterSigning { record, reason } => bail!(
            "{}: a signed year was changed after its signature: {record}: {reason}; a report would not be \
             trustworthy",
            store.path().display()
        ),
        status @ DataStatus::Differs { .. } => bail!(
            "{}: the workspace does not match its change log: {}; a report would not be trustworthy",
            store.path().display(),
            status.problem().unwrap_or_default()
        ),
    }
}

/// A signed year's kept report, after the checks `report --assessment ID` makes before
/// handing it back (the log up to the year's head, the kept bytes' signatures), and the
/// day it was signed; None for a year not signed. The audit binder packs these bytes.
pub fn checked_kept_report(store: &Store, target: crate::domain::Id) -> Result<Option<(SignedReport, NaiveDate)>> {
    let Some(kept) = store.signed_report(target)? else {
        return Ok(None);
    };
    checked_log(store, LogCheck::Head(target))?;
    let signed_on = verify_kept(store, &kept)?;
    Ok(Some((kept, signed_on)))
}

/// Checks that a signed year's kept bytes still carry their signatures (a report handed
/// back as signed must be the one that was signed); the day it was signed.
fn verify_kept(store: &Store, kept: &SignedReport) -> Result<NaiveDate> {
    // The same check as `log verify` makes of it (store/signed_history.rs).
    let problem = store.kept_report_problem(kept)?;
    // A kept report names its sign-off (a foreign key), which the store never removes.
    let signature = store.signature_of(kept.assessment_id)?;
    match (problem, signature) {
        (None, Some(signature)) => Ok(signature.signed_on),
        (problem, _) => bail!(
            "{}: the kept signed report of assessment {} is not what was signed ({}); run `hipaa-ra log verify` \
             and use your own copy of the signed file",
            store.path().display(),
            kept.assessment_id,
            problem.unwrap_or_else(|| "it has no sign-off".to_string())
        ),
    }
}

/// A signed year's kept model, for the formats rendered from it (CSV, the workbook,
/// OSCAL, the preview). The PDF and JSON themselves are handed back as bytes, so a model
/// a later version can no longer read never stops them.
fn kept_model(store: &Store, kept: &SignedReport) -> Result<ReportModel> {
    let signed_on = verify_kept(store, kept)?;
    let mut model: ReportModel = serde_json::from_slice(&kept.json).map_err(|error| {
        color_eyre::eyre::eyre!(
            "{}: the signed report of assessment {} was kept by another version of hipaa-ra and its model \
             cannot be read here ({error}); its PDF and JSON are handed back as signed with --format pdf or json",
            store.path().display(),
            kept.assessment_id
        )
    })?;
    model.as_signed_on = Some(signed_on);
    model.set_status();
    model.fill_asset_fields();
    Ok(model)
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
    /// None only for a signed year handed back as PDF or JSON bytes.
    model: Option<ReportModel>,
    assessment_id: crate::domain::Id,
    stem: String,
    workspace_path: PathBuf,
    /// A signed year's kept report and the day it was signed, handed back instead of
    /// rendering a new one.
    kept: Option<(SignedReport, NaiveDate)>,
}

/// The first half of `publish`: the draft refusal, the key (a wrong password fails here,
/// before anything slow), the model. Everything is judged on the assessment reported on
/// (`--assessment ID`, else the open one).
pub fn prepare(store: &Store, request: &Request) -> Result<Prepared> {
    let target = match request.assessment {
        Some(id) => id,
        None => store.current_assessment_id()?,
    };
    if request.sign.is_some() && request.format == Format::Csv {
        bail!("signing works with PDF or JSON; CSV files are for spreadsheets");
    }
    // A signed year hands back what was signed: no key is opened, nothing is signed again.
    if let Some(kept) = store.signed_report(target)? {
        checked_log(store, LogCheck::Head(target))?;
        let signed_on = verify_kept(store, &kept)?;
        let model = match request.format {
            Format::Csv => Some(kept_model(store, &kept)?),
            Format::Pdf | Format::Json => None,
        };
        return Ok(Prepared {
            request: request.clone(),
            key: None,
            model,
            assessment_id: target,
            stem: default_stem(store.path()),
            workspace_path: store.path().to_path_buf(),
            kept: Some((kept, signed_on)),
        });
    }
    // Only a signature needs the year's records here (its refusals, the signer's name
    // and role); a plain report reads them once, for its model.
    let (key, signer) = match &request.sign {
        Some(source) => {
            let (key, signer) = open_key(store, request, target, source)?;
            (Some(key), Some(signer))
        }
        None => (None, None),
    };
    // Each format builds what it reads (`report::Purpose`); a signature keeps the PDF and
    // the JSON whatever format was asked.
    let purpose = match (request.format, &request.sign) {
        (Format::Pdf, None) => report::Purpose::Pdf,
        (Format::Json | Format::Csv, None) => report::Purpose::Data,
        (_, Some(_)) => report::Purpose::All,
    };
    let model = model_made_for(purpose, store, request.date, signer, Some(target))?;
    Ok(Prepared {
        request: request.clone(),
        key,
        model: Some(model),
        assessment_id: target,
        stem: default_stem(store.path()),
        workspace_path: store.path().to_path_buf(),
        kept: None,
    })
}

/// Before a new signature of assessment `target`: refuses a year signed before reports
/// were kept, and a draft unless `--draft` (both before the key is even opened: nothing is
/// asked, nothing written); then opens the key (a wrong password fails here, before
/// anything slow) and names the signer.
fn open_key(
    store: &Store,
    request: &Request,
    target: crate::domain::Id,
    source: &KeySource,
) -> Result<(SigningKey, Signer)> {
    if let Some(signature) = store.signature_of(target)? {
        bail!(
            "{}: assessment {target} was signed final on {} by a version that did not keep the signed report \
             (its sign-off records SHA-256 {}); hand out the file signed then rather than a new signature",
            store.path().display(),
            signature.signed_on,
            signature.report_sha256
        );
    }
    let workspace = store.snapshot_of(target)?;
    if !request.sign_draft {
        let findings = crate::domain::findings(&workspace, Catalog::embedded(), request.date);
        let blocking = FindingCounts::of(&findings).blocking;
        if blocking > 0 {
            bail!(
                "{}: not signed: {} is a DRAFT with {blocking} blocking {} (list them with \
                 `hipaa-ra check`); nothing was written. Resolve them, or sign it as a draft for review \
                 with --draft",
                store.path().display(),
                workspace
                    .assessment()
                    .map_or_else(|| format!("assessment {target}"), |assessment| assessment.title.clone()),
                if blocking == 1 { "finding" } else { "findings" }
            );
        }
    }
    let key = signing::load(&source.path, source.password.clone())?;
    let signer = signer(&workspace, &key);
    Ok((key, signer))
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
    /// writes. A final signature is not written here: see `PendingSignOff`.
    pub fn write_with_progress(self, progress: &mut dyn FnMut(report::Progress)) -> Result<Published> {
        let Prepared {
            request,
            key,
            model,
            assessment_id,
            stem,
            workspace_path,
            kept,
        } = self;
        let request = &request;
        let rules = output::Rules::replacing(Some(&workspace_path));
        let extension = match request.format {
            Format::Pdf => "pdf",
            Format::Json => "json",
            Format::Csv => "csv",
        };
        let target = request
            .output
            .clone()
            .unwrap_or_else(|| PathBuf::from(format!("{stem}.{extension}")));
        let signature_path = signing::signature_path(&target);
        // A signed year: the kept bytes and their signature, byte for byte (the CSV from
        // the kept model).
        if let Some((kept, signed_on)) = &kept {
            let as_signed = Some((*signed_on, kept.public_key.clone()));
            if let (Format::Csv, Some(model)) = (request.format, &model) {
                return Ok(Published {
                    files: write_csv(model, &target, rules)?,
                    key_id: kept_key_id(kept),
                    draft: model.draft,
                    assessment_id,
                    signed_sha256: None,
                    pending: None,
                    as_signed,
                });
            }
            let (bytes, signature) = match request.format {
                Format::Pdf => (&kept.pdf, &kept.pdf_signature),
                _ => (&kept.json, &kept.json_signature),
            };
            output::write_all(&signed_pair(&target, &signature_path, bytes, signature), rules)?;
            return Ok(Published {
                files: vec![target, signature_path],
                key_id: kept_key_id(kept),
                draft: false,
                assessment_id,
                signed_sha256: Some(sha256_hex(bytes)),
                pending: None,
                as_signed,
            });
        }
        let Some(model) = model else {
            bail!("internal: no report model to render");
        };
        if request.format == Format::Csv {
            return Ok(Published {
                files: write_csv(&model, &target, rules)?,
                key_id: None,
                draft: model.draft,
                assessment_id,
                signed_sha256: None,
                pending: None,
                as_signed: None,
            });
        }
        let Some(key) = key else {
            match request.format {
                // Streamed into the file: the JSON of a large workspace is never held whole.
                Format::Json => output::write_streamed(&target, rules, |out| report::write_json(out, &model))?,
                _ => output::write(&target, &render(&model, request, progress), rules)?,
            }
            return Ok(Published {
                files: vec![target],
                key_id: None,
                draft: model.draft,
                assessment_id,
                signed_sha256: None,
                pending: None,
                as_signed: None,
            });
        };
        let key_id = signing::key_id(&key.public);
        if model.draft {
            // A draft signed for review: written as a pair, never recorded or kept.
            let bytes = render(&model, request, progress);
            let signature = signing::sign(&key, &bytes, &trusted_comment(&model))?;
            output::write_all(&signed_pair(&target, &signature_path, &bytes, &signature), rules)?;
            return Ok(Published {
                files: vec![target, signature_path],
                key_id: Some(key_id),
                draft: true,
                assessment_id,
                signed_sha256: Some(sha256_hex(&bytes)),
                pending: None,
                as_signed: None,
            });
        }
        // The targets are checked before the slow work, so a name that cannot be written
        // is refused before anything is recorded; the files are written once the sign-off
        // is (`finish`).
        output::check_all(&[target.as_path(), signature_path.as_path()], rules)?;
        // A final signature: the PDF and the JSON are both signed and kept, whichever
        // format was asked for, so the year can later be handed back in either.
        let pdf = report::render_pdf_with_progress(&model, request.paper, progress);
        let (record, report) = final_signature(
            &model,
            &key,
            assessment_id,
            request.paper,
            Utc::now(),
            pdf,
            request.format,
        )?;
        Ok(Published {
            files: vec![target.clone(), signature_path.clone()],
            key_id: Some(key_id),
            draft: false,
            assessment_id,
            signed_sha256: Some(record.report_sha256.clone()),
            pending: Some(PendingSignOff {
                record,
                report,
                target,
                signature_path,
                format: request.format,
                workspace_path,
                made_at: model.change_log.last_hash.clone(),
            }),
            as_signed: None,
        })
    }
}

/// The report in the format asked for, PDF or JSON (the PDF reporting its progress).
fn render(model: &ReportModel, request: &Request, progress: &mut dyn FnMut(report::Progress)) -> Vec<u8> {
    match request.format {
        Format::Pdf => report::render_pdf_with_progress(model, request.paper, progress),
        _ => report::render_json(model).into_bytes(),
    }
}

/// A report and its signature, written together (the report first).
fn signed_pair<'a>(
    target: &'a Path,
    signature_path: &'a Path,
    bytes: &'a [u8],
    signature: &'a str,
) -> [(&'a Path, &'a [u8]); 2] {
    [(target, bytes), (signature_path, signature.as_bytes())]
}

/// The register and plan tables, `NAME-register.csv` and `NAME-plan.csv`, written together.
fn write_csv(model: &ReportModel, target: &Path, rules: output::Rules<'_>) -> Result<Vec<PathBuf>> {
    let base = target.to_string_lossy().trim_end_matches(".csv").to_string();
    let register = PathBuf::from(format!("{base}-register.csv"));
    let plan = PathBuf::from(format!("{base}-plan.csv"));
    let mut register_bytes = Vec::new();
    report::write_register_csv(&mut register_bytes, model)?;
    let mut plan_bytes = Vec::new();
    report::write_plan_csv(&mut plan_bytes, model)?;
    output::write_all(
        &[
            (register.as_path(), register_bytes.as_slice()),
            (plan.as_path(), plan_bytes.as_slice()),
        ],
        rules,
    )?;
    Ok(vec![register, plan])
}

fn kept_key_id(kept: &SignedReport) -> Option<String> {
    signing::read_public_key(&kept.public_key)
        .ok()
        .map(|key| signing::key_id(&key))
}

/// Signs the open assessment's final report with `key` at `signed_at` and keeps it in the
/// workspace (sign-off, PDF, JSON, signatures, public key), writing no file: the demo's
/// signed year, which `report --assessment ID` then hands back like any other.
pub fn sign_and_keep(
    store: &mut Store,
    key: &SigningKey,
    date: NaiveDate,
    paper: Paper,
    signed_at: DateTime<Utc>,
) -> Result<SignOffRecord> {
    let assessment_id = store.current_assessment_id()?;
    let signer = signer(&store.snapshot_of(assessment_id)?, key);
    let model = model(store, date, Some(signer))?;
    if model.draft {
        bail!("{}: not signed: the analysis is a DRAFT", store.path().display());
    }
    let pdf = report::render_pdf(&model, paper);
    let (record, report) = final_signature(&model, key, assessment_id, paper, signed_at, pdf, Format::Pdf)?;
    let id = store.record_signed_report(&record, &report, &model.change_log.last_hash)?;
    Ok(SignOffRecord { id, ..record })
}

/// A final signature of `model`: its PDF (rendered already) and its JSON both signed with
/// `key` at `signed_at`, the sign-off that records it (the SHA-256 of the file handed out,
/// `format`) and the report kept with it. Used by every final sign-off, the demo's too.
fn final_signature(
    model: &ReportModel,
    key: &SigningKey,
    assessment_id: crate::domain::Id,
    paper: Paper,
    signed_at: DateTime<Utc>,
    pdf: Vec<u8>,
    format: Format,
) -> Result<(SignOffRecord, SignedReport)> {
    let comment = trusted_comment_at(model, signed_at);
    let json = report::render_json(model).into_bytes();
    let record = SignOffRecord {
        id: 0,
        assessment_id,
        report_date: model.date,
        signed_at: signed_at.to_rfc3339_opts(SecondsFormat::Secs, true),
        signer: model
            .sign_off
            .signer
            .as_ref()
            .map_or_else(String::new, |signer| signer.name.clone()),
        key_id: signing::key_id(&key.public),
        report_sha256: sha256_hex(if format == Format::Json { &json } else { &pdf }),
        log_head: 0,
        current: true,
    };
    let report = SignedReport {
        assessment_id,
        sign_off_id: 0,
        public_key: key.public.to_base64(),
        paper: paper.key().to_string(),
        pdf_signature: signing::sign(key, &pdf, &comment)?,
        json_signature: signing::sign(key, &json, &comment)?,
        pdf,
        json,
    };
    Ok((record, report))
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
    trusted_comment_at(model, Utc::now())
}

fn trusted_comment_at(model: &ReportModel, signed_at: DateTime<Utc>) -> String {
    let signer = model.sign_off.signer.as_ref().map_or("", |signer| signer.name.as_str());
    format!(
        "hipaa-ra report; practice: {}; assessment: {}; signer: {signer}; signed: {}; {}; {LOG_HEAD}{} {}",
        model.cover.practice,
        model.cover.assessment,
        signed_at.to_rfc3339_opts(SecondsFormat::Secs, true),
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
