//! Evidence records, their links, and files stored inside the workspace.

use std::collections::HashMap;

use rusqlite::types::Value as Sql;
use rusqlite::{OptionalExtension, Row};
use sha2::{Digest, Sha256};

use super::carry::LINK_ASSESSMENT;
use super::changelog::hex;
use super::people::require_text;
use super::records;
use super::sql::{date, key, whole};
use super::{Result, Store, StoreError};
use crate::domain::{Assessment, Evidence, EvidenceLink, Id, Labeled, StoredFile};

impl Store {
    /// Every evidence record with its links; stored file bytes are not read.
    pub fn evidence(&self) -> Result<Vec<Evidence>> {
        let mut links: HashMap<Id, Vec<EvidenceLink>> = HashMap::new();
        let mut statement = self.conn.prepare(
            "SELECT evidence_id, target, target_ref FROM evidence_links ORDER BY evidence_id, target, target_ref",
        )?;
        for link in statement.query_map([], |row| {
            Ok((
                row.get::<_, Id>(0)?,
                EvidenceLink {
                    target: key(row, 1)?,
                    target_ref: row.get(2)?,
                },
            ))
        })? {
            let (evidence_id, link) = link?;
            links.entry(evidence_id).or_default().push(link);
        }
        let sql = format!("{} ORDER BY title, id", records::select::<Evidence>(&FILE_COLUMNS));
        let mut statement = self.conn.prepare(&sql)?;
        let rows = statement.query_map([], evidence_from_row)?;
        let mut records = rows.collect::<rusqlite::Result<Vec<_>>>()?;
        crate::domain::order::sort_by_name(&mut records, |record: &Evidence| &record.title);
        for record in &mut records {
            record.links = links.remove(&record.id).unwrap_or_default();
        }
        Ok(records)
    }

    /// Adds an evidence record, with the file's bytes when one is attached. The record's
    /// `file` description is computed here from the bytes, never trusted from the caller.
    pub fn add_evidence(&mut self, evidence: &Evidence, file: Option<(&str, &[u8])>) -> Result<Id> {
        require_text("evidence title", &evidence.title)?;
        let stored = file.map(|(file_name, bytes)| describe_file(file_name, bytes));
        self.write(|tx| {
            // Adding always makes a new record: an id the caller left in is not reused.
            let new = Evidence {
                id: 0,
                file: stored.clone(),
                ..evidence.clone()
            };
            insert_evidence(tx.conn(), &new, file.map(|(_, bytes)| bytes))
        })
    }

    /// Saves an edited record. With `file`, the stored file is replaced by these bytes;
    /// without, the stored file (if any) is kept as it is. Links are saved as given.
    pub fn update_evidence(&mut self, evidence: &Evidence, file: Option<(&str, &[u8])>) -> Result<()> {
        require_text("evidence title", &evidence.title)?;
        let before = self.evidence_record(evidence.id)?;
        let stored = match file {
            Some((file_name, bytes)) => Some(describe_file(file_name, bytes)),
            None => before.file.clone(),
        };
        let saved = Evidence {
            file: stored.clone(),
            ..evidence.clone()
        };
        self.write(|tx| {
            records::update(tx.conn(), &saved, &file_values(&saved)?)?;
            if let Some((_, bytes)) = file {
                tx.execute(
                    "INSERT OR REPLACE INTO evidence_files (evidence_id, content) VALUES (?1, ?2)",
                    (evidence.id, bytes),
                )?;
            }
            replace_links(tx.conn(), evidence.id, &evidence.links)
        })
    }

    /// Replaces the record's links (to safeguard items, risks and actions). The links to
    /// a signed year's scenarios and actions are that year's record: they stay whatever
    /// `links` says (a year's picker shows its own), and a new one is refused.
    pub fn set_evidence_links(&mut self, evidence_id: Id, links: &[EvidenceLink]) -> Result<()> {
        self.evidence_record(evidence_id)?;
        self.write(|tx| replace_links(tx.conn(), evidence_id, links))
    }

    /// Deletes a record with its links and stored file (the schema's cascade removes
    /// them; the writer logs each removed row). A record a signed year's scenario or
    /// action links to is part of that year's record, and is refused naming the year.
    pub fn delete_evidence(&mut self, evidence_id: Id) -> Result<()> {
        let record = self.evidence_record(evidence_id)?;
        if let Some((year, link)) = signed_links(&self.conn, evidence_id)?.into_iter().next() {
            return Err(StoreError::Refused {
                field: "evidence",
                message: format!(
                    "{} cannot be deleted: {year} is final and signed, and its {} {} cites it as evidence",
                    record.title,
                    link.target.key(),
                    link.target_ref
                ),
            });
        }
        self.write(|tx| {
            tx.execute("DELETE FROM evidence WHERE id = ?1", [evidence_id])?;
            Ok(())
        })
    }

    /// One record with its links.
    pub fn evidence_record(&self, evidence_id: Id) -> Result<Evidence> {
        self.evidence()?
            .into_iter()
            .find(|record| record.id == evidence_id)
            .ok_or_else(|| StoreError::Missing {
                entity: "evidence record",
                id: evidence_id.to_string(),
            })
    }

    /// The bytes of a stored evidence file, exactly as attached.
    pub fn evidence_file(&self, evidence_id: Id) -> Result<Vec<u8>> {
        self.conn
            .query_row(
                "SELECT content FROM evidence_files WHERE evidence_id = ?1",
                [evidence_id],
                |row| row.get(0),
            )
            .optional()?
            .ok_or_else(|| StoreError::Missing {
                entity: "stored evidence file",
                id: evidence_id.to_string(),
            })
    }
}

/// Inserts an evidence record with its links and, when given, its file's bytes; keeps the
/// record's id unless it is 0 (then SQLite assigns one). `evidence.file` must already
/// describe the bytes. Used by every write that adds evidence, the restore included.
pub(super) fn insert_evidence(conn: &rusqlite::Connection, evidence: &Evidence, bytes: Option<&[u8]>) -> Result<Id> {
    let id = records::insert(conn, evidence, &file_values(evidence)?)?;
    if let Some(bytes) = bytes {
        conn.execute(
            "INSERT INTO evidence_files (evidence_id, content) VALUES (?1, ?2)",
            (id, bytes),
        )?;
    }
    insert_links(conn, id, &evidence.links)?;
    Ok(id)
}

/// The columns describing the stored file: outside the record's fields (`EvidenceField`),
/// as the file is computed from its bytes, never edited.
const FILE_COLUMNS: [&str; 3] = ["file_name", "file_sha256", "file_size"];

/// A record read from a row of `records::select::<Evidence>(&FILE_COLUMNS)`, without its
/// links.
fn evidence_from_row(row: &Row<'_>) -> rusqlite::Result<Evidence> {
    let mut evidence: Evidence = records::read(row)?;
    let file_name: Option<String> = row.get("file_name")?;
    evidence.file = match file_name {
        Some(file_name) => Some(StoredFile {
            file_name,
            sha256: row.get("file_sha256")?,
            size: row.get::<_, i64>("file_size")?.try_into().unwrap_or(0),
        }),
        None => None,
    };
    Ok(evidence)
}

/// The values of `FILE_COLUMNS` for the record's stored file (all NULL without one).
fn file_values(evidence: &Evidence) -> Result<[(&'static str, Sql); 3]> {
    let file = evidence.file.as_ref();
    Ok([
        (FILE_COLUMNS[0], file.map(|file| file.file_name.clone()).into()),
        (FILE_COLUMNS[1], file.map(|file| file.sha256.clone()).into()),
        (FILE_COLUMNS[2], whole(file.map(|file| file.size), "file size")?.into()),
    ])
}

/// The description of a stored file, computed from its bytes (never trusted from a caller).
fn describe_file(file_name: &str, bytes: &[u8]) -> StoredFile {
    StoredFile {
        file_name: file_name.to_string(),
        sha256: hex(&Sha256::digest(bytes)),
        size: bytes.len() as u64,
    }
}

/// The record's links to a signed year's scenarios and actions, each with the year's
/// label (see `Assessment::year_label`).
fn signed_links(conn: &rusqlite::Connection, evidence_id: Id) -> Result<Vec<(String, EvidenceLink)>> {
    let mut statement = conn.prepare(&format!(
        "SELECT l.target, l.target_ref, a.title, a.period_start, a.period_end
         FROM main.evidence_links l JOIN main.assessments a ON a.id = {}
         WHERE l.evidence_id = ?1 AND a.id IN (SELECT assessment_id FROM main.sign_offs)
         ORDER BY a.period_start, l.target, l.target_ref",
        LINK_ASSESSMENT.replace("{row}", "l")
    ))?;
    let rows = statement.query_map([evidence_id], |row| {
        let title: String = row.get(2)?;
        Ok((
            Assessment::label_of(&title, date(row, 3)?, date(row, 4)?),
            EvidenceLink {
                target: key(row, 0)?,
                target_ref: row.get(1)?,
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Makes the record's links exactly `links`, but for those of a signed year, which stay:
/// only the links that change are written, so an edit of the record that leaves its links
/// alone writes none, and a link kept is never deleted and inserted again.
fn replace_links(conn: &rusqlite::Connection, evidence_id: Id, links: &[EvidenceLink]) -> Result<()> {
    let signed: Vec<EvidenceLink> = signed_links(conn, evidence_id)?
        .into_iter()
        .map(|(_, link)| link)
        .collect();
    let mut statement = conn
        .prepare("SELECT target, target_ref FROM evidence_links WHERE evidence_id = ?1 ORDER BY target, target_ref")?;
    let before = statement
        .query_map([evidence_id], |row| {
            Ok(EvidenceLink {
                target: key(row, 0)?,
                target_ref: row.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for link in &before {
        if !links.contains(link) && !signed.contains(link) {
            conn.execute(
                "DELETE FROM evidence_links WHERE evidence_id = ?1 AND target = ?2 AND target_ref = ?3",
                (evidence_id, link.target.key(), &link.target_ref),
            )?;
        }
    }
    let added: Vec<EvidenceLink> = links.iter().filter(|link| !before.contains(link)).cloned().collect();
    insert_links(conn, evidence_id, &added)
}

fn insert_links(conn: &rusqlite::Connection, evidence_id: Id, links: &[EvidenceLink]) -> Result<()> {
    for link in links {
        conn.execute(
            "INSERT OR IGNORE INTO evidence_links (evidence_id, target, target_ref) VALUES (?1, ?2, ?3)",
            (evidence_id, link.target.key(), &link.target_ref),
        )?;
    }
    Ok(())
}
