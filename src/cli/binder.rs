//! `hipaa-ra binder PATH -o FILE.zip`: the audit binder (see `crate::binder`), and the
//! zip branch of `verify`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use color_eyre::eyre::Result;

use super::escaped;
use crate::binder;
use crate::signing;
use crate::store::Store;

pub struct BinderRequest {
    pub path: PathBuf,
    pub output: PathBuf,
    pub assessment: Option<crate::domain::Id>,
    pub sign: bool,
    pub key: Option<PathBuf>,
    pub date: NaiveDate,
}

pub fn binder(request: BinderRequest) -> Result<ExitCode> {
    // Only reads the workspace: works beside an open editor.
    let store = Store::open_to_print_checked(&request.path)?;
    // A name the safe writer would refuse is refused before anything slow.
    binder::check_output(&store, &request.output)?;
    let key = if request.sign {
        let path = match request.key {
            Some(path) => path,
            None => crate::paths::config_dir()?.join(signing::SECRET_KEY_FILE),
        };
        Some(signing::load(&path, None)?)
    } else {
        None
    };
    let mut bar = crate::progress::Bar::for_stderr();
    let written = binder::write(
        &store,
        &binder::Request {
            output: request.output,
            assessment: request.assessment,
            date: request.date,
            key,
        },
        &mut |progress| bar.update(progress.fraction, &progress.label),
    );
    bar.finish();
    let written = written?;
    println!("{}", written.summary());
    if !written.is_final {
        eprintln!(
            "note: the year is not signed, so the binder carries a DRAFT report; sign the report (`hipaa-ra report \
             PATH --sign`) for a final binder"
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `verify FILE.zip [--pubkey KEY]`: checks the bag in the zip; one line says what it
/// holds, or names the file that fails (exit 1).
pub fn verify_zip(file: &Path, pubkey: Option<String>) -> Result<ExitCode> {
    let key = match &pubkey {
        Some(given) => Some(signing::read_public_key(given)?),
        None => None,
    };
    let check = binder::check_zip(file, key.as_ref())?;
    let shown = escaped(&file.display().to_string()).into_owned();
    if let Some(problem) = &check.problem {
        println!("invalid: {shown}: {}", escaped(problem));
        return Ok(ExitCode::FAILURE);
    }
    let signature = match &check.signature {
        None => "not signed".to_string(),
        Some(Ok(key_id)) => format!("tag manifest signed by key {key_id}"),
        Some(Err(why)) => why.clone(),
    };
    println!(
        "valid: {shown} is the audit binder of {}, {}, {}: {} files ({} bytes), every checksum matches; {signature}",
        escaped(&check.practice),
        escaped(&check.year),
        escaped(&check.status),
        check.files,
        check.octets
    );
    Ok(ExitCode::SUCCESS)
}
