//! Where files go: the demo workspace in the user's data directory, keys in the config
//! directory, the log in the state directory. ("Today", which tests can fix, is the
//! command line's: `cli::today`, since checking it needs the domain's range of years.)

use std::path::{Path, PathBuf};

use color_eyre::eyre::{Result, WrapErr, eyre};
use directories::ProjectDirs;

fn project_dirs() -> Result<ProjectDirs> {
    ProjectDirs::from("", "", crate::app_id::NAME)
        .ok_or_else(|| eyre!("cannot find your home directory (is HOME set?)"))
}

/// The data directory (workspaces the program creates for you, such as the demo).
pub fn data_dir() -> Result<PathBuf> {
    Ok(project_dirs()?.data_dir().to_path_buf())
}

/// The config directory (signing keys).
pub fn config_dir() -> Result<PathBuf> {
    Ok(project_dirs()?.config_dir().to_path_buf())
}

/// The state directory (the log file).
pub fn state_dir() -> Result<PathBuf> {
    let dirs = project_dirs()?;
    Ok(dirs.state_dir().unwrap_or_else(|| dirs.data_local_dir()).to_path_buf())
}

pub fn default_demo_path() -> Result<PathBuf> {
    let dir = data_dir()?;
    create_private_dir(&dir)?;
    Ok(dir.join("demo.hra"))
}

/// Creates a directory readable by the owner only (it will hold practice data or keys).
pub fn create_private_dir(dir: &Path) -> Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .wrap_err_with(|| format!("{}: cannot create directory", dir.display()))
}

/// The login name, the default assessor.
pub fn login_name() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .ok()
        .filter(|name| !name.trim().is_empty())
        .unwrap_or_else(|| "assessor".to_string())
}

/// Sends tracing output to a file in the state directory, never to the screen. Logging
/// is a help, not a need: if the file cannot be opened the program runs without it.
pub fn init_logging() {
    let Ok(dir) = state_dir() else { return };
    if create_private_dir(&dir).is_err() {
        return;
    }
    let Ok(file) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.join("hipaa-ra.log"))
    else {
        return;
    };
    let filter = std::env::var("HIPAA_RA_LOG").ok();
    let level = match filter.as_deref() {
        Some("debug") => tracing::Level::DEBUG,
        Some("trace") => tracing::Level::TRACE,
        _ => tracing::Level::INFO,
    };
    let _ = tracing_subscriber::fmt()
        .with_writer(std::sync::Mutex::new(file))
        .with_ansi(false)
        .with_max_level(level)
        .try_init();
}
