//! `hipaa-ra verify BINDER.zip`: the bag read back from its zip and checked as RFC 8493
//! asks (the declaration, every checksum of both manifests, the Payload-Oxum, no file
//! missing or extra), then the tag manifest's signature when there is one. Every problem
//! names the file.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use color_eyre::eyre::{Result, eyre};
use minisign::{PublicKey, SignatureBox};
use sha2::{Digest, Sha256};

use super::bag::{BAG_INFO_TXT, BAGIT_TXT, MANIFEST, SIGNATURE, TAG_MANIFEST, decoded_manifest_path};

/// A tag file larger than this is not one of ours (the manifests of a large binder are
/// well under it).
const TAG_FILE_LIMIT: u64 = 64 << 20;

/// Whether `path` is a zip file (by its first bytes, whatever its name). Only a regular
/// file is opened: a pipe or a device would wait here, and `verify` refuses them itself.
pub fn is_zip(path: &Path) -> bool {
    if !std::fs::metadata(path).is_ok_and(|metadata| metadata.is_file()) {
        return false;
    }
    let mut magic = [0u8; 4];
    std::fs::File::open(path)
        .and_then(|mut file| file.read_exact(&mut magic))
        .is_ok()
        && magic == *b"PK\x03\x04"
}

/// What a checked bag holds.
#[derive(Debug)]
pub struct BagCheck {
    /// The bag's folder in the zip.
    pub folder: String,
    pub practice: String,
    pub year: String,
    pub status: String,
    pub files: usize,
    pub octets: u64,
    /// Ok(key id) when the tag manifest's signature was checked with the key given; None
    /// when the bag is not signed; Err when it is signed but no key was given.
    pub signature: Option<std::result::Result<String, String>>,
    /// The first problem found, naming the file; None: the bag is valid.
    pub problem: Option<String>,
}

/// One file of the zip: its digest and size, and its bytes when it is a tag file.
struct Member {
    sha256: String,
    size: u64,
    bytes: Option<Vec<u8>>,
}

/// Reads the zip at `path` and checks the bag in it. `key`: the public key the tag
/// manifest must be signed with (an unsigned bag then fails).
pub fn check_zip(path: &Path, key: Option<&PublicKey>) -> Result<BagCheck> {
    let file = std::fs::File::open(path).map_err(|error| eyre!("{}: cannot open: {error}", path.display()))?;
    let mut archive =
        zip::ZipArchive::new(file).map_err(|error| eyre!("{}: not a readable zip: {error}", path.display()))?;
    let mut folder: Option<String> = None;
    let mut members: BTreeMap<String, Member> = BTreeMap::new();
    for index in 0..archive.len() {
        let mut entry = archive
            .by_index(index)
            .map_err(|error| eyre!("{}: entry {index}: {error}", path.display()))?;
        let name = match entry.name() {
            Ok(name) => name.to_string(),
            Err(error) => return Ok(failed(format!("{}: entry {index}: its name: {error}", path.display()))),
        };
        if entry.is_dir() {
            continue;
        }
        let Some((top, rest)) = name.split_once('/') else {
            return Ok(failed(format!("{name}: a file outside the bag's folder")));
        };
        if rest.is_empty()
            || rest
                .split('/')
                .any(|part| part.is_empty() || part == "." || part == "..")
        {
            return Ok(failed(format!("{name}: not a plain path inside the bag")));
        }
        match &folder {
            None => folder = Some(top.to_string()),
            Some(folder) if folder != top => {
                return Ok(failed(format!(
                    "{name}: a second top-level folder (the bag is {folder}/)"
                )));
            }
            Some(_) => {}
        }
        let is_tag = !rest.starts_with("data/");
        let mut hasher = Sha256::new();
        let mut kept = Vec::new();
        let mut size: u64 = 0;
        let mut buffer = vec![0u8; 1 << 16];
        loop {
            let read = match entry.read(&mut buffer) {
                Ok(read) => read,
                Err(error) => return Ok(failed(format!("{name}: cannot be read from the zip: {error}"))),
            };
            if read == 0 {
                break;
            }
            hasher.update(&buffer[..read]);
            size += read as u64;
            if is_tag {
                if size > TAG_FILE_LIMIT {
                    return Ok(failed(format!("{name}: larger than any tag file of a binder")));
                }
                kept.extend_from_slice(&buffer[..read]);
            }
        }
        let member = Member {
            sha256: hex(&hasher.finalize()),
            size,
            bytes: is_tag.then_some(kept),
        };
        if members.insert(rest.to_string(), member).is_some() {
            return Ok(failed(format!("{name}: twice in the zip")));
        }
    }
    let Some(folder) = folder else {
        return Ok(failed(format!("{}: an empty zip, not a bag", path.display())));
    };
    Ok(check_bag(folder, &members, key))
}

fn failed(problem: String) -> BagCheck {
    BagCheck {
        folder: String::new(),
        practice: String::new(),
        year: String::new(),
        status: String::new(),
        files: 0,
        octets: 0,
        signature: None,
        problem: Some(problem),
    }
}

fn check_bag(folder: String, members: &BTreeMap<String, Member>, key: Option<&PublicKey>) -> BagCheck {
    let mut check = failed(String::new());
    check.folder = folder.clone();
    check.problem = None;
    let named = |name: &str| format!("{folder}/{name}");
    let text = |name: &str| -> std::result::Result<String, String> {
        let member = members.get(name).ok_or_else(|| format!("{}: missing", named(name)))?;
        String::from_utf8(member.bytes.clone().unwrap_or_default())
            .map_err(|_| format!("{}: not UTF-8 text", named(name)))
    };
    let outcome = (|| -> std::result::Result<(), String> {
        let declaration = text(BAGIT_TXT)?;
        if !declaration.lines().any(|line| line.trim() == "BagIt-Version: 1.0")
            || !declaration
                .lines()
                .any(|line| line.trim() == "Tag-File-Character-Encoding: UTF-8")
        {
            return Err(format!("{}: not a BagIt 1.0 declaration in UTF-8", named(BAGIT_TXT)));
        }
        let info = parse_info(&text(BAG_INFO_TXT)?);
        check.practice = info.get("Source-Organization").cloned().unwrap_or_default();
        check.year = info.get("Assessment-Year").cloned().unwrap_or_default();
        check.status = info.get("Assessment-Status").cloned().unwrap_or_default();
        // The payload manifest: every file under data/ listed once, and matching.
        let manifest = parse_manifest(&text(MANIFEST)?).map_err(|line| format!("{}: {line}", named(MANIFEST)))?;
        for (listed, digest) in &manifest {
            if !listed.starts_with("data/") {
                return Err(format!("{}: lists {listed}, outside data/", named(MANIFEST)));
            }
            match members.get(listed) {
                None => return Err(format!("{}: missing (listed in {MANIFEST})", named(listed))),
                Some(member) if &member.sha256 != digest => {
                    return Err(format!("{}: its SHA-256 does not match {MANIFEST}", named(listed)));
                }
                Some(_) => {}
            }
        }
        let payload: Vec<(&String, &Member)> = members.iter().filter(|(name, _)| name.starts_with("data/")).collect();
        if let Some((extra, _)) = payload.iter().find(|(name, _)| !manifest.contains_key(*name)) {
            return Err(format!("{}: not listed in {MANIFEST} (an extra file)", named(extra)));
        }
        check.files = payload.len();
        check.octets = payload.iter().map(|(_, member)| member.size).sum();
        let oxum = format!("{}.{}", check.octets, check.files);
        match info.get("Payload-Oxum") {
            Some(stated) if *stated == oxum => {}
            Some(stated) => {
                return Err(format!(
                    "{}: Payload-Oxum {stated} does not match the payload ({oxum})",
                    named(BAG_INFO_TXT)
                ));
            }
            None => return Err(format!("{}: no Payload-Oxum", named(BAG_INFO_TXT))),
        }
        // The tag manifest: every tag file but itself and its signature listed, matching.
        let tag_manifest_text = text(TAG_MANIFEST)?;
        let tag_manifest =
            parse_manifest(&tag_manifest_text).map_err(|line| format!("{}: {line}", named(TAG_MANIFEST)))?;
        for (listed, digest) in &tag_manifest {
            match members.get(listed) {
                None => return Err(format!("{}: missing (listed in {TAG_MANIFEST})", named(listed))),
                Some(member) if &member.sha256 != digest => {
                    return Err(format!("{}: its SHA-256 does not match {TAG_MANIFEST}", named(listed)));
                }
                Some(_) => {}
            }
        }
        let unlisted = members.keys().find(|name| {
            !name.starts_with("data/")
                && name.as_str() != TAG_MANIFEST
                && name.as_str() != SIGNATURE
                && !tag_manifest.contains_key(*name)
        });
        if let Some(extra) = unlisted {
            return Err(format!(
                "{}: not listed in {TAG_MANIFEST} (an extra file)",
                named(extra)
            ));
        }
        for required in [BAGIT_TXT, BAG_INFO_TXT, MANIFEST] {
            if !tag_manifest.contains_key(required) {
                return Err(format!("{}: does not list {required}", named(TAG_MANIFEST)));
            }
        }
        check.signature = signature(&named(SIGNATURE), members.get(SIGNATURE), &tag_manifest_text, key)?;
        Ok(())
    })();
    if let Err(problem) = outcome {
        check.problem = Some(problem);
    }
    check
}

/// The tag manifest's signature: None when the bag is not signed (refused when a key is
/// given), Ok(key id) when it verifies with `key`, Err(why) when no key was given.
fn signature(
    shown: &str,
    member: Option<&Member>,
    signed: &str,
    key: Option<&PublicKey>,
) -> std::result::Result<Option<std::result::Result<String, String>>, String> {
    let (member, key) = match (member, key) {
        (None, None) => return Ok(None),
        (None, Some(_)) => {
            return Err(format!(
                "{shown}: missing: the bag is not signed, but a public key was given to check its signature"
            ));
        }
        (Some(_), None) => {
            return Ok(Some(Err(
                "signed, signature not checked: pass --pubkey with the signer's key".to_string(),
            )));
        }
        (Some(member), Some(key)) => (member, key),
    };
    let text = String::from_utf8(member.bytes.clone().unwrap_or_default())
        .map_err(|_| format!("{shown}: not a signature (not text)"))?;
    let signature = SignatureBox::from_string(&text).map_err(|error| format!("{shown}: not a signature: {error}"))?;
    minisign::verify(
        key,
        &signature,
        std::io::Cursor::new(signed.as_bytes()),
        true,
        false,
        false,
    )
    .map_err(|error| format!("{shown}: {error}"))?;
    Ok(Some(Ok(crate::signing::key_id(key))))
}

/// bag-info.txt's elements (a continuation line, indented, joins the one before).
fn parse_info(text: &str) -> BTreeMap<String, String> {
    let mut elements: BTreeMap<String, String> = BTreeMap::new();
    let mut last: Option<String> = None;
    for line in text.lines() {
        if line.starts_with([' ', '\t']) {
            if let Some(label) = &last
                && let Some(value) = elements.get_mut(label)
            {
                value.push(' ');
                value.push_str(line.trim());
            }
            continue;
        }
        if let Some((label, value)) = line.split_once(':') {
            elements.insert(label.trim().to_string(), value.trim().to_string());
            last = Some(label.trim().to_string());
        }
    }
    elements
}

/// A manifest's lines, `checksum  path`, by path; Err names the first bad line.
fn parse_manifest(text: &str) -> std::result::Result<BTreeMap<String, String>, String> {
    let mut listed = BTreeMap::new();
    for (number, line) in text.lines().enumerate() {
        if line.is_empty() {
            continue;
        }
        let Some((digest, path)) = line.split_once(char::is_whitespace) else {
            return Err(format!("line {}: not `checksum  path`", number + 1));
        };
        let path = decoded_manifest_path(path.trim_start());
        if digest.len() != 64 || !digest.bytes().all(|byte| byte.is_ascii_hexdigit()) {
            return Err(format!("line {}: not a SHA-256 checksum", number + 1));
        }
        if listed.insert(path.clone(), digest.to_ascii_lowercase()).is_some() {
            return Err(format!("line {}: lists {path} twice", number + 1));
        }
    }
    Ok(listed)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}
