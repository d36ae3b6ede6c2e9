//! The whole workspace as one JSON file: `hipaa-ra export PATH -o FILE.json` writes it and
//! `hipaa-ra new PATH --from FILE.json` recreates the workspace from it.
//!
//! # Format (`"format": "hipaa-ra-workspace"`, `"version": 2`)
//!
//! One pretty-printed JSON object (two-space indent, trailing newline) with, in this order:
//! `format`, `version`, `practice`, `settings` (`assessor`, `current_assessment` as an
//! assessment id, and since version 3 `other`: every other setting by key, such as the
//! report's remembered paper and the proposed-rule appendix, left out when there is none),
//! `people`, `roles`, `assessments`, `evidence` and `change_log`. Each entry of
//! `assessments` holds the `assessment` record (its risk matrix included) and that
//! assessment's `assets`, `safeguard_reviews` (with their answers), `risks` (with their asset
//! ids), `actions`, `inventory_prompts`, `acknowledgments`, `coverage_notes` and `sign_offs`
//! (the last three since version 2), `carried_items`, `retired_assets` (since version
//! 3, left out when none) and `signed_report` (since version 4, left out when none: the
//! signed year's kept PDF and JSON as `pdf_base64` and `json_base64`, their signatures,
//! the public key and the paper). Each entry of `evidence` holds the `record` (with
//! its links) and `content_base64`: the stored file's bytes as standard base64 with padding,
//! or null when the record has no stored file. `change_log` holds the rows exactly as stored,
//! hashes included, so the history is carried over and still verifies.
//!
//! Records use the domain's field names and keys, keep their ids, and are ordered by id
//! (prompts by key), so the same workspace always gives the same bytes. Importing recreates
//! every row with its original id, so owner ids, asset ids, risk ids and evidence links stay
//! valid. A file of a newer format version is refused, never half read.
//!
//! # Round trip
//!
//! Importing appends one change-log row (entity `workspace`, id `import`) after the copied
//! history, so the import itself is on the record. Hence `export(new(X))` is `X` plus exactly
//! one trailing change-log row, and every other byte is the same: drop that last row and the
//! two files are byte-identical. This holds at every step (A, then B from A, then C from B).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::domain::carry::{AssessmentSignature, CarriedItem, RetiredAsset};
use crate::domain::change_log::LogEntry;
use crate::domain::{
    Acknowledgment, Action, Assessment, Asset, CoverageNote, Evidence, Id, Person, Practice, PromptRecord, Risk,
    RoleAssignment, SafeguardReview, SignOffRecord, SignedReport,
};

/// The value of `format`: what the file is.
pub const FORMAT: &str = "hipaa-ra-workspace";
/// The format version this build writes and the newest it reads.
/// Version 2 added the rationale, measure and methodology fields, acknowledgments,
/// coverage notes and sign-offs; a version 1 file reads with those empty. Version 3 added
/// `settings.other` and `retired_assets`; an older file reads with none. Version 4 added
/// `signed_report` (a signed year's kept report) and a person's `removed_on`. Version 5
/// writes an asset's vendor details flat, as the inventory CSV does (`vendor_services`,
/// `baa_status`, `baa_date`); an older file's `vendor` object reads into them. Version 6
/// added to each action the asset change it names (`asset_id`, `asset_field`,
/// `asset_value`) and its `due_moves` (every move of its due date, with the reason; left
/// out when none); an older file's actions read with none.
pub const VERSION: u32 = 6;

/// The assets of a file of any version: a `vendor` object (versions 1 to 4) becomes the
/// three flat vendor fields.
fn assets_of_any_version<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<Asset>, D::Error> {
    let values = Vec::<serde_json::Value>::deserialize(deserializer)?;
    let mut assets = Vec::with_capacity(values.len());
    for (index, mut value) in values.into_iter().enumerate() {
        if let Some(object) = value.as_object_mut()
            && let Some(vendor) = object.remove("vendor")
            && let Some(vendor) = vendor.as_object()
        {
            for (field, key) in [
                ("vendor_services", "services"),
                ("baa_status", "baa_status"),
                ("baa_date", "baa_date"),
            ] {
                object.insert(field.into(), vendor.get(key).cloned().unwrap_or_default());
            }
        }
        let asset = serde_json::from_value(value)
            .map_err(|error| serde::de::Error::custom(format!("assets[{index}]: {error}")))?;
        assets.push(asset);
    }
    Ok(assets)
}

/// A whole workspace, as written to and read from the JSON file. `validate` (defined in
/// `store::restore`, next to the writes it protects) checks ids and references.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkspaceExport {
    pub format: String,
    pub version: u32,
    pub practice: Practice,
    pub settings: ExportSettings,
    pub people: Vec<Person>,
    pub roles: Vec<RoleAssignment>,
    pub assessments: Vec<AssessmentExport>,
    pub evidence: Vec<EvidenceExport>,
    /// The change-log rows exactly as stored, hashes included.
    pub change_log: Vec<LogEntry>,
    /// The program records between analyses (dated, not per assessment): absent from older
    /// exports, and left out when there are none.
    #[serde(default, skip_serializing_if = "super::program::ProgramExport::is_empty")]
    pub program: super::program::ProgramExport,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportSettings {
    /// Who the change log records as making changes.
    pub assessor: String,
    /// The id of the assessment the screens open on.
    pub current_assessment: Option<Id>,
    /// Every other setting of the workspace, by key (the report's paper, the proposed-rule
    /// appendix, and any later one): the change log records their changes, so a copy
    /// without them would not replay to its data.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub other: BTreeMap<String, String>,
}

/// One assessment and everything recorded in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssessmentExport {
    pub assessment: Assessment,
    #[serde(deserialize_with = "assets_of_any_version")]
    pub assets: Vec<Asset>,
    pub safeguard_reviews: Vec<SafeguardReview>,
    pub risks: Vec<Risk>,
    pub actions: Vec<Action>,
    pub inventory_prompts: Vec<PromptRecord>,
    /// Findings acknowledged with a reason (version 2; absent from version 1 files).
    #[serde(default)]
    pub acknowledgments: Vec<Acknowledgment>,
    /// Coverage notes on assets, by asset id (version 2).
    #[serde(default)]
    pub coverage_notes: Vec<CoverageNote>,
    /// Final sign-offs, by id (version 2).
    #[serde(default)]
    pub sign_offs: Vec<SignOffRecord>,
    /// Records carried forward from the previous assessment and whether each is
    /// confirmed (absent from files written before `assessment next`).
    #[serde(default)]
    pub carried_items: Vec<CarriedItem>,
    /// Assets retired by this year's inventory refresh (version 3; left out when none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub retired_assets: Vec<RetiredAsset>,
    /// Read from exports written before the signature became the assessment's first
    /// final sign-off (schema 5): restored as a sign-off when it has none. No longer
    /// written.
    #[serde(default, skip_serializing)]
    pub signature: Option<AssessmentSignature>,
    /// The signed report kept at the final sign-off (version 4; left out when none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed_report: Option<SignedReportExport>,
}

/// A signed year's kept report: the bytes as standard base64 with padding, the rest as
/// stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignedReportExport {
    pub sign_off_id: Id,
    pub public_key: String,
    pub paper: String,
    pub pdf_base64: String,
    pub pdf_signature: String,
    pub json_base64: String,
    pub json_signature: String,
}

impl SignedReportExport {
    pub fn of(report: &SignedReport) -> SignedReportExport {
        SignedReportExport {
            sign_off_id: report.sign_off_id,
            public_key: report.public_key.clone(),
            paper: report.paper.clone(),
            pdf_base64: base64::encode(&report.pdf),
            pdf_signature: report.pdf_signature.clone(),
            json_base64: base64::encode(&report.json),
            json_signature: report.json_signature.clone(),
        }
    }

    /// The kept report of assessment `assessment_id`, its bytes decoded; Err names the field.
    pub fn decoded(&self, assessment_id: Id) -> Result<SignedReport, (&'static str, String)> {
        Ok(SignedReport {
            assessment_id,
            sign_off_id: self.sign_off_id,
            public_key: self.public_key.clone(),
            paper: self.paper.clone(),
            pdf: base64::decode(&self.pdf_base64).map_err(|message| ("pdf_base64", message))?,
            pdf_signature: self.pdf_signature.clone(),
            json: base64::decode(&self.json_base64).map_err(|message| ("json_base64", message))?,
            json_signature: self.json_signature.clone(),
        })
    }
}

/// An evidence record and the bytes of its stored file, if it has one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceExport {
    pub record: Evidence,
    /// Standard base64 with padding; null when the record has no stored file.
    pub content_base64: Option<String>,
}

/// Why an export was refused: where in the file (a JSON path such as
/// `assessments[0].risks[2].owner_id`) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportProblem {
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for ExportProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

pub(crate) fn problem(path: impl Into<String>, message: impl Into<String>) -> ExportProblem {
    ExportProblem {
        path: path.into(),
        message: message.into(),
    }
}

/// The export as pretty JSON with a trailing newline: the same export, the same bytes.
pub fn to_json(export: &WorkspaceExport) -> String {
    let mut text = serde_json::to_string_pretty(export)
        .expect("plain records (strings, numbers, arrays, structs) always serialise");
    text.push('\n');
    text
}

/// Reads and checks an export. The error is one line naming the line, the JSON path and
/// what is wrong; a file of another kind or a newer version is refused before the rest is
/// read.
pub fn from_json(text: &str) -> Result<WorkspaceExport, String> {
    #[derive(Deserialize)]
    struct Header {
        format: Option<serde_json::Value>,
        version: Option<serde_json::Value>,
    }
    if !text.trim_start().starts_with('{') {
        return Err("line 1: not a hipaa-ra workspace export (expected a JSON object)".to_string());
    }
    let header: Header = serde_json::from_str(text).map_err(|error| parse_error(text, &error))?;
    let format = header.format.as_ref().and_then(serde_json::Value::as_str);
    let version = header.version.as_ref().and_then(serde_json::Value::as_u64);
    match (format, version) {
        (Some(format), Some(version)) => check_format(format, version),
        (Some(format), None) => check_format(format, 0),
        (None, _) => Err(problem(
            "format",
            format!("missing: not a hipaa-ra workspace export (expected \"{FORMAT}\")"),
        )),
    }
    .map_err(|problem| locate(text, &problem))?;
    let export: WorkspaceExport = serde_json::from_str(text).map_err(|error| parse_error(text, &error))?;
    export.validate().map_err(|problem| locate(text, &problem))?;
    super::ranges::check(&export).map_err(|problem| locate(text, &problem))?;
    Ok(export)
}

pub(crate) fn check_format(format: &str, version: u64) -> Result<(), ExportProblem> {
    if format != FORMAT {
        return Err(problem(
            "format",
            // Debug quotes it with any line break escaped: the message stays on one line.
            format!("{format:?} is not a hipaa-ra workspace export (expected \"{FORMAT}\")"),
        ));
    }
    if version > u64::from(VERSION) {
        return Err(problem(
            "version",
            format!(
                "format version {version} was written by a newer hipaa-ra (this one reads up to {VERSION}); \
                 upgrade hipaa-ra to import it"
            ),
        ));
    }
    if version == 0 {
        return Err(problem(
            "version",
            format!("expected a format version number (this hipaa-ra reads 1 to {VERSION})"),
        ));
    }
    Ok(())
}

impl EvidenceExport {
    /// The stored file's bytes, decoded and checked against the record's size and SHA-256.
    pub fn content(&self) -> Result<Option<Vec<u8>>, String> {
        match (&self.record.file, &self.content_base64) {
            (None, None) => Ok(None),
            (None, Some(_)) => Err("the record has no stored file, so content_base64 must be null".to_string()),
            (Some(_), None) => Err("the record describes a stored file but content_base64 is null".to_string()),
            (Some(file), Some(text)) => {
                let bytes = base64::decode(text)?;
                if bytes.len() as u64 != file.size {
                    return Err(format!("{} bytes, but the record says {}", bytes.len(), file.size));
                }
                let digest = Sha256::digest(&bytes).iter().fold(String::new(), |mut out, byte| {
                    let _ = write!(out, "{byte:02x}");
                    out
                });
                if digest != file.sha256 {
                    return Err("the bytes do not match the record's SHA-256".to_string());
                }
                Ok(Some(bytes))
            }
        }
    }
}

/// One open container while walking JSON text: an object and the key being read, or an
/// array and the index of the element being read.
enum Frame {
    Object { key: Option<String>, wants_key: bool },
    Array { index: usize },
}

/// Walks JSON text up to byte `end`, calling `at_value` with the open containers at the
/// first byte of every value (stopping when it returns true); returns the containers open
/// at `end`. Tolerant of broken text: it only tracks brackets, strings, `:` and `,`.
fn walk(text: &str, end: usize, mut at_value: impl FnMut(&[Frame], usize) -> bool) -> Vec<Frame> {
    let bytes = text.as_bytes();
    let end = end.min(bytes.len());
    let mut frames = Vec::new();
    let mut value_next = true;
    let mut i = 0;
    while i < end {
        let byte = bytes[i];
        if byte.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if std::mem::take(&mut value_next) && byte != b']' && at_value(&frames, i) {
            break;
        }
        match byte {
            b'"' => {
                let start = i + 1;
                let mut close = start;
                while close < end && bytes[close] != b'"' {
                    close += if bytes[close] == b'\\' { 2 } else { 1 };
                }
                if let Some(Frame::Object {
                    key,
                    wants_key: wants_key @ true,
                }) = frames.last_mut()
                {
                    *key = Some(String::from_utf8_lossy(&bytes[start..close.min(end)]).into_owned());
                    *wants_key = false;
                }
                i = close;
            }
            b'{' => frames.push(Frame::Object {
                key: None,
                wants_key: true,
            }),
            b'[' => {
                frames.push(Frame::Array { index: 0 });
                value_next = true;
            }
            b'}' | b']' => {
                frames.pop();
            }
            b':' => value_next = true,
            b',' => match frames.last_mut() {
                Some(Frame::Array { index }) => {
                    *index += 1;
                    value_next = true;
                }
                Some(Frame::Object { key, wants_key }) => {
                    *key = None;
                    *wants_key = true;
                }
                None => {}
            },
            _ => {}
        }
        i += 1;
    }
    frames
}

/// The JSON path of the open containers, such as `assessments[0].risks[2].owner_id`.
fn render(frames: &[Frame]) -> String {
    let mut path = String::new();
    for frame in frames {
        match frame {
            Frame::Object { key: Some(key), .. } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Object { key: None, .. } => {}
            Frame::Array { index } => {
                let _ = write!(path, "[{index}]");
            }
        }
    }
    path
}

/// A serde_json error as one line: line, column, the JSON path there, and the reason.
fn parse_error(text: &str, error: &serde_json::Error) -> String {
    let (line, column) = (error.line(), error.column());
    let full = error.to_string();
    let reason = full
        .strip_suffix(&format!(" at line {line} column {column}"))
        .unwrap_or(&full);
    let reason = reason.replace('\n', " ");
    if line == 0 {
        return reason;
    }
    // serde_json counts columns in bytes: the error is at the last byte it consumed.
    let line_start: usize = text.split_inclusive('\n').take(line - 1).map(str::len).sum();
    let consumed = line_start + column;
    let mut frames = walk(text, consumed.saturating_sub(1), |_, _| false);
    if matches!(
        consumed.checked_sub(1).and_then(|last| text.as_bytes().get(last)),
        Some(b'}' | b']')
    ) {
        // The error is about the container being closed (a missing field), not its last entry.
        frames.pop();
    }
    match render(&frames) {
        path if path.is_empty() => format!("line {line}, column {column}: {reason}"),
        path => format!("line {line}, column {column}: {path}: {reason}"),
    }
}

/// A problem as one line, with the line of the file where its path (or the nearest
/// enclosing record) starts.
fn locate(text: &str, problem: &ExportProblem) -> String {
    let mut path = problem.path.as_str();
    loop {
        let mut found = None;
        walk(text, text.len(), |frames, offset| {
            let hit = render(frames) == path;
            if hit {
                found = Some(offset);
            }
            hit
        });
        if let Some(offset) = found {
            let line = 1 + text.as_bytes()[..offset].iter().filter(|byte| **byte == b'\n').count();
            return format!("line {line}: {problem}");
        }
        match path.rfind(['.', '[']) {
            Some(cut) => path = &path[..cut],
            None if !path.is_empty() => path = "",
            None => return problem.to_string(),
        }
    }
}

/// Standard base64 (RFC 4648, `+/` alphabet, `=` padding) for stored evidence files.
pub(crate) mod base64 {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    pub fn encode(bytes: &[u8]) -> String {
        let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
        for chunk in bytes.chunks(3) {
            let group = chunk
                .iter()
                .enumerate()
                .fold(0u32, |group, (i, byte)| group | u32::from(*byte) << (16 - 8 * i));
            for i in 0..4 {
                if i <= chunk.len() {
                    out.push(char::from(ALPHABET[(group >> (18 - 6 * i)) as usize & 63]));
                } else {
                    out.push('=');
                }
            }
        }
        out
    }

    /// Decodes canonical base64 only: a length that is a multiple of four, padding only at
    /// the end, and unused bits zero, so each byte string has exactly one text.
    pub fn decode(text: &str) -> Result<Vec<u8>, String> {
        let bytes = text.as_bytes();
        if !bytes.len().is_multiple_of(4) {
            return Err(format!("base64 length {} is not a multiple of 4", bytes.len()));
        }
        let groups = bytes.len() / 4;
        let mut out = Vec::with_capacity(groups * 3);
        for (index, chunk) in bytes.chunks(4).enumerate() {
            let padding = chunk.iter().rev().take_while(|byte| **byte == b'=').count();
            if padding > 2 || (padding > 0 && index + 1 != groups) {
                return Err(format!(
                    "base64 padding in the middle, at character {}",
                    index * 4 + 4 - padding
                ));
            }
            let mut group = 0u32;
            for (i, byte) in chunk[..4 - padding].iter().enumerate() {
                let value = sextet(*byte).ok_or_else(|| format!("not base64 at character {}", index * 4 + i))?;
                group |= u32::from(value) << (18 - 6 * i);
            }
            let decoded = group.to_be_bytes();
            let keep = 3 - padding;
            if decoded[1 + keep..].iter().any(|byte| *byte != 0) {
                return Err(format!(
                    "base64 with stray bits at character {}",
                    index * 4 + 3 - padding
                ));
            }
            out.extend_from_slice(&decoded[1..1 + keep]);
        }
        Ok(out)
    }

    fn sextet(byte: u8) -> Option<u8> {
        match byte {
            b'A'..=b'Z' => Some(byte - b'A'),
            b'a'..=b'z' => Some(byte - b'a' + 26),
            b'0'..=b'9' => Some(byte - b'0' + 52),
            b'+' => Some(62),
            b'/' => Some(63),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[rustfmt::skip]
    fn base64_matches_rfc_4648_and_refuses_text_that_is_not_canonical() {
        let vectors = [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy"), ("\u{3ff}", "z78=")];
        for (plain, encoded) in vectors {
            assert_eq!(base64::encode(plain.as_bytes()), encoded);
            assert_eq!(base64::decode(encoded).unwrap(), plain.as_bytes());
        }
        let all: Vec<u8> = (0..=255).chain((0..=255).rev()).collect();
        for len in [0, 1, 2, 3, 254, 255, 511, 512] {
            assert_eq!(base64::decode(&base64::encode(&all[..len])).unwrap(), &all[..len]);
        }
        for bad in ["Zg=", "Zg==Zg==", "Z===", "Zm9v YQ==", "Zh==", "Zm9=", "Zm9vY!==", "====", "Zm9v\n"] {
            assert!(base64::decode(bad).is_err(), "{bad} was accepted");
        }
    }

    #[test]
    fn walk_tracks_paths_through_nested_containers() {
        let text = r#"{"a": [1, {"b\"c": "x,]}", "d": [[], [7]]}], "e": {}}"#;
        let mut paths = Vec::new();
        walk(text, text.len(), |frames, _| {
            paths.push(render(frames));
            false
        });
        let expected = [
            "",
            "a",
            "a[0]",
            "a[1]",
            "a[1].b\\\"c",
            "a[1].d",
            "a[1].d[0]",
            "a[1].d[1]",
            "a[1].d[1][0]",
            "e",
        ];
        assert_eq!(paths, expected);
    }
}
