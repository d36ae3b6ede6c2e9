//! The Evidence screen's writes: records with their stored files, their links, a
//! deletion, and saving a stored file back out (a read of the store and a new file on
//! disk, applied here so a refusal lands on the form like a store's).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::domain::{Evidence, EvidenceLink, Id};
use crate::store::{Result, Store, StoreError};
use crate::tui::protocol::{StoreWrite, Written};

pub enum EvidenceWrite {
    /// A new record (id 0) or an edit, with a file to store: its name and bytes.
    Save {
        evidence: Evidence,
        file: Option<(String, Vec<u8>)>,
    },
    /// The safeguard items, risks and actions the record supports, replacing the old.
    Links {
        id: Id,
        links: Vec<EvidenceLink>,
    },
    Delete(Id),
    /// The record's stored file written, unchanged, to a new file at `path`.
    SaveFileOut {
        id: Id,
        path: PathBuf,
    },
}

impl EvidenceWrite {
    pub fn apply(self, store: &mut Store, _today: NaiveDate) -> Result<Written> {
        match self {
            EvidenceWrite::Save { evidence, file } => {
                let file_ref = file.as_ref().map(|(name, bytes)| (name.as_str(), bytes.as_slice()));
                let id = if evidence.id == 0 {
                    store.add_evidence(&evidence, file_ref)?
                } else {
                    store.update_evidence(&evidence, file_ref)?;
                    evidence.id
                };
                let title = &evidence.title;
                Ok(Written::saved(
                    id,
                    match file {
                        Some((name, bytes)) => format!("Saved {title} with {name} ({} bytes) stored", bytes.len()),
                        None => format!("Saved {title}"),
                    },
                ))
            }
            EvidenceWrite::Links { id, links } => {
                store.set_evidence_links(id, &links)?;
                let count = links.len();
                let records = if count == 1 { "record" } else { "records" };
                Ok(Written::saved(id, format!("Linked to {count} {records}")))
            }
            EvidenceWrite::Delete(id) => {
                store.delete_evidence(id)?;
                Ok(Written::message("Evidence record deleted"))
            }
            EvidenceWrite::SaveFileOut { id, path } => {
                let bytes = store.evidence_file(id)?;
                write_new_file(&path, &bytes).map_err(|message| StoreError::Refused { field: "path", message })?;
                Ok(Written::saved(
                    id,
                    format!("Saved {} ({} bytes) unchanged", path.display(), bytes.len()),
                ))
            }
        }
    }
}

/// Writes a new file, never replacing one that is there, through the same writer as
/// every other output.
fn write_new_file(path: &Path, bytes: &[u8]) -> Result<(), String> {
    crate::output::write(path, bytes, crate::output::Rules::new_only()).map_err(|error| error.to_string())
}

impl StoreWrite for EvidenceWrite {
    fn apply(self: Box<Self>, store: &mut Store, today: NaiveDate) -> Result<Written> {
        EvidenceWrite::apply(*self, store, today)
    }
}
