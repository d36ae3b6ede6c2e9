//! The audit binder (issue 29): everything an OCR investigator asks for, in one BagIt bag
//! (RFC 8493) zipped deterministically, with an index that maps the files to the audit
//! protocol's inquiries.
//!
//! Each kind of record contributes its files through one function in `CONTRIBUTORS`
//! (`entries.rs`): it returns `BinderEntry`s, each a path under `data/`, its bytes (or the
//! stored evidence file to read when the zip is written), and the inquiries it answers. A
//! new kind of record (training, access reviews, incidents, policies, business associates,
//! contingency tests) is added to the binder with one line there; the index then names its
//! files under their inquiries, and the inquiry stops saying "nothing recorded yet".
//!
//! - `inquiry.rs`: the audit protocol's inquiries, with their citations.
//! - `entries.rs`: the contributors of what exists today.
//! - `index.rs`: `data/index.html` and `data/index.pdf`.
//! - `bag.rs`: the bag's tag files and manifests, and the deterministic zip.
//! - `check.rs`: `verify FILE.zip`: the bag read back and checked.

mod bag;
mod check;
mod entries;
mod index;
mod inquiry;
mod program;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use color_eyre::eyre::{Result, bail};

use crate::domain::{Assessment, Id, SignedReport};
use crate::output;
use crate::publish;
use crate::report::{Paper, ReportModel};
use crate::signing::SigningKey;
use crate::store::Store;

pub use check::{BagCheck, check_zip, is_zip};
pub use entries::CONTRIBUTORS;
pub use inquiry::Inquiry;

/// What a binder entry's bytes are.
pub enum Content {
    Bytes(Vec<u8>),
    /// A stored evidence file, read from the workspace when it is hashed and again when it
    /// is zipped, so a binder of large files never holds them all at once.
    Evidence {
        id: Id,
        size: u64,
    },
}

/// One file of the binder: where it goes under `data/`, its bytes, and the audit
/// protocol's inquiries it answers (none for the index itself).
pub struct BinderEntry {
    /// A relative path with `/` separators, under `data/` (without the `data/`).
    pub path: String,
    pub content: Content,
    pub answers: Vec<Inquiry>,
}

impl BinderEntry {
    pub fn bytes(path: impl Into<String>, bytes: Vec<u8>, answers: &[Inquiry]) -> BinderEntry {
        BinderEntry {
            path: path.into(),
            content: Content::Bytes(bytes),
            answers: answers.to_vec(),
        }
    }

    /// The size in bytes, without reading a stored file.
    pub fn size(&self) -> u64 {
        match &self.content {
            Content::Bytes(bytes) => bytes.len() as u64,
            Content::Evidence { size, .. } => *size,
        }
    }
}

/// What the contributors read: the store, the assessment packed, its report model (a signed
/// year's kept model) and its kept signed report, the bagging date and the paper.
pub struct Sources<'a> {
    pub store: &'a Store,
    pub assessment: Assessment,
    pub model: ReportModel,
    /// The signed year's kept report and the day it was signed; None: a draft or an
    /// unsigned year, whose report is rendered fresh.
    pub kept: Option<(SignedReport, NaiveDate)>,
    pub date: NaiveDate,
    pub paper: Paper,
    /// The workspace's identity (its first change-log row's hash).
    pub identity: String,
}

impl Sources<'_> {
    /// Final and signed: the kept report is what the bag carries.
    pub fn is_final(&self) -> bool {
        self.kept.is_some()
    }

    /// The year the assessment covers (its period's end).
    pub fn year(&self) -> i32 {
        use chrono::Datelike;
        self.assessment.period_end.year()
    }
}

/// What `binder` is asked for.
pub struct Request {
    pub output: PathBuf,
    pub assessment: Option<Id>,
    pub date: NaiveDate,
    /// Signs the tag manifest with this key.
    pub key: Option<SigningKey>,
}

/// What was written.
#[derive(Debug)]
pub struct Written {
    pub path: PathBuf,
    pub files: usize,
    pub bytes: u64,
    pub is_final: bool,
    pub signed: bool,
    /// The inquiries with nothing in the bag.
    pub unanswered: Vec<Inquiry>,
}

impl Written {
    /// One line for a terminal or a status bar.
    pub fn summary(&self) -> String {
        format!(
            "Wrote {} binder {} ({} files, {} bytes{}); {} of {} audit-protocol inquiries have nothing recorded yet",
            if self.is_final { "FINAL" } else { "DRAFT" },
            self.path.display(),
            self.files,
            self.bytes,
            if self.signed { ", tag manifest signed" } else { "" },
            self.unanswered.len(),
            Inquiry::ALL.len()
        )
    }
}

/// Where building a binder has got to: `fraction` of the whole and what is being done.
#[derive(Debug, Clone)]
pub struct Progress {
    pub fraction: f64,
    pub label: String,
}

/// Gathers the binder's files, writes the bag as a zip through the safe writer (never over
/// the workspace) and says what it wrote. `progress` is called on the calling thread.
pub fn write(store: &Store, request: &Request, progress: &mut dyn FnMut(Progress)) -> Result<Written> {
    progress(Progress {
        fraction: 0.0,
        label: "gathering".to_string(),
    });
    let sources = sources(store, request.assessment, request.date)?;
    let mut entries = Vec::new();
    let total = CONTRIBUTORS.len() as f64;
    for (done, contributor) in CONTRIBUTORS.iter().enumerate() {
        progress(Progress {
            fraction: 0.3 * done as f64 / total,
            label: "gathering".to_string(),
        });
        entries.extend(contributor(&sources)?);
    }
    entries::settle_names(&mut entries);
    progress(Progress {
        fraction: 0.3,
        label: "indexing".to_string(),
    });
    let unanswered: Vec<Inquiry> = Inquiry::ALL
        .iter()
        .copied()
        .filter(|inquiry| !entries.iter().any(|entry| entry.answers.contains(inquiry)))
        .collect();
    entries.extend(index::entries(&sources, &entries));
    let signed = request.key.is_some();
    let outcome = bag::write_zip(
        &sources,
        entries,
        request.key.as_ref(),
        &request.output,
        &mut |fraction| {
            progress(Progress {
                fraction: 0.35 + 0.65 * fraction,
                label: "writing".to_string(),
            })
        },
    )?;
    Ok(Written {
        path: request.output.clone(),
        files: outcome.files,
        bytes: outcome.bytes,
        is_final: sources.is_final(),
        signed,
        unanswered,
    })
}

/// Everything the contributors read, gathered once.
fn sources(store: &Store, assessment: Option<Id>, date: NaiveDate) -> Result<Sources<'_>> {
    let target = match assessment {
        Some(id) => id,
        None => store.current_assessment_id()?,
    };
    let assessment = store.assessment(target)?;
    let kept = publish::checked_kept_report(store, target)?;
    // A signed year's model is its kept one (what was signed), never today's data.
    let model = publish::model_for(store, date, None, Some(target))?;
    let paper = match &kept {
        Some((report, _)) => Paper::from_key(&report.paper).unwrap_or(Paper::Letter),
        None => publish::remembered_paper(store)?,
    };
    let identity = match store.change_log()?.first() {
        Some(entry) => entry.hash.clone(),
        None => bail!(
            "{}: the workspace has no change log, so no identity",
            store.path().display()
        ),
    };
    Ok(Sources {
        store,
        assessment,
        model,
        kept,
        date,
        paper,
        identity,
    })
}

/// The top-level folder of the bag inside the zip: from the year, never from the zip's
/// name, so two binders of the same workspace and date are the same bytes wherever they
/// are written.
pub fn bag_folder_name(year: i32) -> String {
    format!("audit-binder-{year}")
}

/// Refuses an output the safe writer would refuse, before the slow work.
pub fn check_output(store: &Store, output_path: &Path) -> Result<()> {
    output::check_all(&[output_path], output::Rules::replacing(Some(store.path())))?;
    Ok(())
}
