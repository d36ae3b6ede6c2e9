//! The bag (RFC 8493) and its zip. The bag is one folder, `audit-binder-YEAR/`, holding
//! `bagit.txt`, `bag-info.txt`, `manifest-sha256.txt` (every payload file under `data/`),
//! `tagmanifest-sha256.txt` (the three tag files before it) and, when signed,
//! `tagmanifest-sha256.txt.minisig`. The zip is deterministic: entries sorted by name, the
//! bagging date as every entry's time, mode 0644, deflate at the default level, no extra
//! fields; the same workspace and date give the same bytes. It is written through the
//! safe writer as it is made (each payload file read once to hash it and once to zip it),
//! so a binder of large evidence files is never held whole in memory.

use std::io::Write;
use std::path::Path;

use color_eyre::eyre::{Result, eyre};
use sha2::{Digest, Sha256};
use zip::write::SimpleFileOptions;

use super::{BinderEntry, Content, Sources, bag_folder_name};
use crate::output;
use crate::signing::{self, SigningKey};

pub const BAGIT_TXT: &str = "bagit.txt";
pub const BAG_INFO_TXT: &str = "bag-info.txt";
pub const MANIFEST: &str = "manifest-sha256.txt";
pub const TAG_MANIFEST: &str = "tagmanifest-sha256.txt";
pub const SIGNATURE: &str = "tagmanifest-sha256.txt.minisig";

/// The declaration every bag of version 1.0 carries.
pub const BAGIT_DECLARATION: &str = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n";

/// What was written: payload files and their bytes.
pub struct Outcome {
    pub files: usize,
    pub bytes: u64,
}

/// A payload file once hashed: its place under `data/`, digest and size.
struct Hashed {
    path: String,
    sha256: String,
    size: u64,
}

/// Writes the bag of `entries` as a zip at `target`; `progress` gets the share done.
pub fn write_zip(
    sources: &Sources,
    mut entries: Vec<BinderEntry>,
    key: Option<&SigningKey>,
    target: &Path,
    progress: &mut dyn FnMut(f64),
) -> Result<Outcome> {
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    let total: u64 = entries.iter().map(BinderEntry::size).sum::<u64>().max(1);
    // Twice over the bytes: once to hash, once to zip.
    let mut done: u64 = 0;
    let mut hashed = Vec::with_capacity(entries.len());
    for entry in &entries {
        let bytes = content_bytes(sources, entry)?;
        hashed.push(Hashed {
            path: entry.path.clone(),
            sha256: sha256_hex(&bytes),
            size: bytes.len() as u64,
        });
        done += entry.size();
        progress(0.5 * done as f64 / total as f64);
    }
    let tags = tag_files(sources, &hashed, key)?;
    let folder = bag_folder_name(sources.year());
    // Every entry of the zip by its full name, sorted: the tag files and the payload.
    let mut names: Vec<(String, Option<usize>)> = tags
        .iter()
        .enumerate()
        .map(|(index, (name, _))| (format!("{folder}/{name}"), Some(index)))
        .collect();
    names.extend(hashed.iter().map(|file| (format!("{folder}/data/{}", file.path), None)));
    names.sort();
    let options = entry_options(sources.date);
    let mut payload = entries.iter();
    let mut zip_error = None;
    output::write_streamed(target, output::Rules::replacing(Some(sources.store.path())), |out| {
        let mut zip = zip::ZipWriter::new_stream(out);
        let mut written: u64 = 0;
        for (name, tag) in &names {
            let bytes = match tag {
                Some(index) => std::borrow::Cow::Borrowed(&tags[*index].1),
                None => {
                    // Payload names sort as the entries do (one common prefix).
                    let Some(entry) = payload.next() else {
                        return Err(std::io::Error::other("internal: payload out of step"));
                    };
                    let bytes = content_bytes(sources, entry).map_err(|error| {
                        let message = error.to_string();
                        zip_error = Some(error);
                        std::io::Error::other(message)
                    })?;
                    written += entry.size();
                    std::borrow::Cow::Owned(bytes)
                }
            };
            let large = bytes.len() as u64 >= u64::from(u32::MAX);
            zip.start_file(name.as_str(), options.large_file(large))
                .map_err(std::io::Error::other)?;
            zip.write_all(&bytes)?;
            progress(0.5 + 0.5 * written as f64 / total as f64);
        }
        zip.finish().map_err(std::io::Error::other)?;
        Ok(())
    })
    .map_err(|error| zip_error.take().unwrap_or_else(|| error.into()))?;
    progress(1.0);
    Ok(Outcome {
        files: hashed.len(),
        bytes: hashed.iter().map(|file| file.size).sum(),
    })
}

/// The same options for every entry: deflate, the bagging date at midnight, 0644.
fn entry_options(date: chrono::NaiveDate) -> SimpleFileOptions {
    use chrono::Datelike;
    let time = u16::try_from(date.year())
        .ok()
        .and_then(|year| zip::DateTime::from_date_and_time(year, date.month() as u8, date.day() as u8, 0, 0, 0).ok())
        .unwrap_or_default();
    SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(time)
        .unix_permissions(0o644)
}

/// The bytes of an entry: held, or the stored evidence file read from the workspace.
fn content_bytes(sources: &Sources, entry: &BinderEntry) -> Result<Vec<u8>> {
    match &entry.content {
        Content::Bytes(bytes) => Ok(bytes.clone()),
        Content::Evidence { id, .. } => sources
            .store
            .evidence_file(*id)
            .map_err(|error| eyre!("evidence record {id} (data/{}): {error}", entry.path)),
    }
}

/// The tag files, in the order they are made: bagit.txt, bag-info.txt, the payload
/// manifest, the tag manifest over those three, and its signature when a key is given.
fn tag_files(sources: &Sources, hashed: &[Hashed], key: Option<&SigningKey>) -> Result<Vec<(String, Vec<u8>)>> {
    let mut manifest = String::new();
    for file in hashed {
        manifest.push_str(&format!("{}  data/{}\n", file.sha256, manifest_path(&file.path)));
    }
    let octets: u64 = hashed.iter().map(|file| file.size).sum();
    let info = bag_info(sources, octets, hashed.len());
    let mut tags: Vec<(String, Vec<u8>)> = vec![
        (BAGIT_TXT.to_string(), BAGIT_DECLARATION.as_bytes().to_vec()),
        (BAG_INFO_TXT.to_string(), info.into_bytes()),
        (MANIFEST.to_string(), manifest.into_bytes()),
    ];
    let mut tag_manifest = String::new();
    let mut listed: Vec<&(String, Vec<u8>)> = tags.iter().collect();
    listed.sort();
    for (name, bytes) in listed {
        tag_manifest.push_str(&format!("{}  {name}\n", sha256_hex(bytes)));
    }
    let signature = match key {
        Some(key) => Some(signing::sign(key, tag_manifest.as_bytes(), &trusted_comment(sources))?),
        None => None,
    };
    tags.push((TAG_MANIFEST.to_string(), tag_manifest.into_bytes()));
    if let Some(signature) = signature {
        tags.push((SIGNATURE.to_string(), signature.into_bytes()));
    }
    Ok(tags)
}

/// The signature's trusted comment: what the binder is, never a time. (minisign's
/// signatures take fresh randomness, so a signed binder's `.minisig` differs from one
/// signing to the next; every other byte of the zip is the same.)
fn trusted_comment(sources: &Sources) -> String {
    format!(
        "hipaa-ra audit binder; practice: {}; assessment: {}; year: {}; status: {}; bagging date: {}",
        sources.model.practice.name,
        sources.assessment.title,
        sources.year(),
        status_word(sources),
        sources.date
    )
}

fn status_word(sources: &Sources) -> &'static str {
    if sources.is_final() { "FINAL" } else { "DRAFT" }
}

/// bag-info.txt: the reserved elements RFC 8493 names, then the assessment's.
fn bag_info(sources: &Sources, octets: u64, count: usize) -> String {
    let assessment = &sources.assessment;
    let status = match &sources.kept {
        Some((_, signed_on)) => format!("FINAL (signed {signed_on})"),
        None => "DRAFT (risk analysis not signed)".to_string(),
    };
    let elements: Vec<(&str, String)> = vec![
        ("Source-Organization", sources.model.practice.name.clone()),
        ("Bagging-Date", sources.date.to_string()),
        ("Payload-Oxum", format!("{octets}.{count}")),
        (
            "External-Identifier",
            format!("hipaa-ra:{}:assessment-{}", short(&sources.identity), assessment.id),
        ),
        (
            "External-Description",
            format!(
                "HIPAA Security Rule audit binder: the risk analysis of {} and the records that answer the OCR \
                 audit protocol's inquiries (data/index.html, data/index.pdf)",
                sources.year()
            ),
        ),
        ("Bag-Software-Agent", format!("hipaa-ra {}", env!("CARGO_PKG_VERSION"))),
        ("Assessment-Title", assessment.title.clone()),
        ("Assessment-Status", status),
        (
            "Assessment-Period",
            format!("{} to {}", assessment.period_start, assessment.period_end),
        ),
        ("Assessment-Year", sources.year().to_string()),
    ];
    let mut out = String::new();
    for (label, value) in elements {
        out.push_str(&format!("{label}: {}\n", one_line(&value)));
    }
    out
}

/// A value on one line: line breaks and other control characters become spaces.
fn one_line(value: &str) -> String {
    value
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_string()
}

fn short(identity: &str) -> &str {
    identity.get(..16).unwrap_or(identity)
}

/// A path as a manifest line carries it: `%`, CR and LF percent-encoded (RFC 8493 2.1.3).
pub fn manifest_path(path: &str) -> String {
    path.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// The inverse of `manifest_path`.
pub fn decoded_manifest_path(path: &str) -> String {
    path.replace("%0D", "\r")
        .replace("%0d", "\r")
        .replace("%0A", "\n")
        .replace("%0a", "\n")
        .replace("%25", "%")
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|byte| format!("{byte:02x}")).collect()
}
