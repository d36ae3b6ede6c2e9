//! Signing reports with minisign keys, so anyone can check with the independent
//! `minisign` tool (`minisign -Vm report.pdf -P <key>`) that a report was not altered.
//! Signatures are prehashed (the format minisign verifies by default); the trusted
//! comment names the practice, the assessment, the signer and the time.

use std::path::{Path, PathBuf};

use color_eyre::eyre::{Result, bail, eyre};
use minisign::{KeyPair, PublicKey, PublicKeyBox, SecretKey, SecretKeyBox, SignatureBox};

use crate::exchange::limits;

/// Set to the secret key's password to sign without a prompt (scripts, tests).
pub const PASSWORD_VARIABLE: &str = "HIPAA_RA_KEY_PASSWORD";
pub const SECRET_KEY_FILE: &str = "hipaa-ra.key";
pub const PUBLIC_KEY_FILE: &str = "hipaa-ra.pub";

/// The key id minisign prints: the key number as 16 upper-case hex digits.
pub fn key_id(public_key: &PublicKey) -> String {
    let mut number = [0u8; 8];
    number.copy_from_slice(&public_key.keynum()[..8]);
    format!("{:016X}", u64::from_le_bytes(number))
}

/// Creates a key pair in `dir`: both files mode 0600, never overwriting a key.
pub fn generate(dir: &Path, encrypted: bool) -> Result<(PathBuf, PathBuf, PublicKey)> {
    // None: minisign asks for the password twice on the terminal.
    let password = encrypted.then(|| std::env::var(PASSWORD_VARIABLE).ok());
    generate_pair(dir, password)
}

/// Creates a key pair in `dir` protected by `password` (the TUI asks for it in a form,
/// as minisign must not prompt on a terminal the TUI owns). Same files as `generate`.
pub fn generate_with_password(dir: &Path, password: String) -> Result<(PathBuf, PathBuf, PublicKey)> {
    generate_pair(dir, Some(Some(password)))
}

/// None: no password; Some(None): minisign asks; Some(Some(password)): that password.
fn generate_pair(dir: &Path, password: Option<Option<String>>) -> Result<(PathBuf, PathBuf, PublicKey)> {
    crate::paths::create_private_dir(dir)?;
    let secret_path = dir.join(SECRET_KEY_FILE);
    let public_path = dir.join(PUBLIC_KEY_FILE);
    for path in [&secret_path, &public_path] {
        if path.exists() {
            bail!(
                "{}: a key already exists; move it away first to make a new one",
                path.display()
            );
        }
    }
    let pair = match password {
        Some(password) => KeyPair::generate_encrypted_keypair(password),
        None => KeyPair::generate_unencrypted_keypair(),
    }
    .map_err(|error| eyre!("cannot make the key: {error}"))?;
    let secret = pair
        .sk
        .to_box(Some("hipaa-ra report signing key"))
        .map_err(|error| eyre!("cannot encode the secret key: {error}"))?;
    let public = pair
        .pk
        .to_box()
        .map_err(|error| eyre!("cannot encode the public key: {error}"))?;
    // Both written whole before either takes its name, readable by the owner only and
    // never over a file: a failure leaves no half of a pair.
    let (secret_text, public_text) = (secret.to_string(), public.to_string());
    crate::output::write_all(
        &[
            (secret_path.as_path(), secret_text.as_bytes()),
            (public_path.as_path(), public_text.as_bytes()),
        ],
        crate::output::Rules::new_only(),
    )?;
    Ok((secret_path, public_path, pair.pk))
}

/// A loaded signing key and its public half.
pub struct SigningKey {
    pub secret: SecretKey,
    pub public: PublicKey,
}

/// Loads the secret key at `path` and its public half. An encrypted key opens with
/// `password`, else `HIPAA_RA_KEY_PASSWORD`, else minisign asks on the terminal.
pub fn load(path: &Path, password: Option<String>) -> Result<SigningKey> {
    let text = read_text(path, " for a signing key (make one with `hipaa-ra key generate`)")?;
    let parse = || {
        SecretKeyBox::from_string(&text)
            .map_err(|error| eyre!("{}: not a minisign secret key: {error}", path.display()))
    };
    // An unencrypted key opens as it is; an encrypted one needs its password, which
    // minisign asks for on the terminal unless HIPAA_RA_KEY_PASSWORD gives it.
    let secret = match parse()?.into_unencrypted_secret_key() {
        Ok(secret) if !secret.is_encrypted() => secret,
        _ => parse()?
            .into_secret_key(password.or_else(|| std::env::var(PASSWORD_VARIABLE).ok()))
            .map_err(|error| eyre!("{}: cannot open the key: {error}", path.display()))?,
    };
    let public = PublicKey::from_secret_key(&secret).map_err(|error| eyre!("{}: {error}", path.display()))?;
    Ok(SigningKey { secret, public })
}

/// Signs `bytes`; the result is the text of a `.minisig` file.
pub fn sign(key: &SigningKey, bytes: &[u8], trusted_comment: &str) -> Result<String> {
    // A trusted comment is one line; anything else would break the signature file.
    let comment: String = trusted_comment
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let signature = minisign::sign(
        Some(&key.public),
        &key.secret,
        std::io::Cursor::new(bytes),
        Some(&comment),
        None,
    )
    .map_err(|error| eyre!("cannot sign: {error}"))?;
    Ok(signature.to_string())
}

/// Reads a public key given as a `.pub` file path or as the key itself (base64).
pub fn read_public_key(given: &str) -> Result<PublicKey> {
    let path = Path::new(given);
    // A name that exists is read as a key file; a pipe or device there is refused at
    // once (it would never end, or never start).
    if std::fs::symlink_metadata(path).is_ok() {
        let text = read_text(path, " for a public key")?;
        return PublicKeyBox::from_string(&text)
            .and_then(PublicKeyBox::into_public_key)
            .map_err(|error| eyre!("{}: not a minisign public key: {error}", path.display()));
    }
    PublicKey::from_base64(given.trim()).map_err(|_| eyre!("`{given}` is neither a public key file nor a public key"))
}

/// The outcome of checking a signature.
pub enum Verdict {
    Valid { key_id: String, trusted_comment: String },
    Invalid(String),
}

/// Checks `file` against `file.minisig` with the public key.
pub fn verify(file: &Path, public_key: &PublicKey) -> Result<Verdict> {
    let signature_path = signature_path(file);
    let data = crate::input::read_regular_file(file, limits::MAX_SIGNED_FILE_BYTES, " for a signed report")
        .map_err(|error| eyre!(error))?;
    let text = match read_text(&signature_path, " for a signature") {
        Ok(text) => text,
        Err(error) => return Ok(Verdict::Invalid(error.to_string())),
    };
    let signature = match SignatureBox::from_string(&text) {
        Ok(signature) => signature,
        Err(error) => {
            return Ok(Verdict::Invalid(format!(
                "{}: not a signature: {error}",
                signature_path.display()
            )));
        }
    };
    match minisign::verify(public_key, &signature, std::io::Cursor::new(data), true, false, false) {
        Ok(()) => Ok(Verdict::Valid {
            key_id: key_id(public_key),
            trusted_comment: signature.trusted_comment().unwrap_or_default(),
        }),
        Err(error) => Ok(Verdict::Invalid(error.to_string())),
    }
}

/// A key or signature file as text: a regular file of at most `MAX_KEY_BYTES` (a pipe or
/// a device is refused at once), in UTF-8.
fn read_text(path: &Path, what: &str) -> Result<String> {
    let bytes = crate::input::read_regular_file(path, limits::MAX_KEY_BYTES, what).map_err(|error| eyre!(error))?;
    String::from_utf8(bytes).map_err(|_| eyre!("{}: not text, so not a key or signature file", path.display()))
}

/// `report.pdf` is signed in `report.pdf.minisig`.
pub fn signature_path(file: &Path) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".minisig");
    PathBuf::from(name)
}
