//! Importing a CSV inventory from the TUI: the same parser and store call as
//! `hipaa-ra assets import`, with the problem returned as one line for the form.

use std::path::Path;

use crate::domain::Id;
use crate::store::Store;

/// The largest CSV file read from the TUI; an inventory this big is far past any practice.
const LARGEST_CSV: u64 = 100 * 1024 * 1024;

/// Imports the file into the assessment; all rows or none. Returns how many were added.
pub fn import_csv(store: &mut Store, assessment_id: Id, path: &Path) -> Result<usize, String> {
    if path.as_os_str().is_empty() {
        return Err("type the path of a CSV file".to_string());
    }
    // A regular file only: a pipe typed here would freeze the TUI.
    let bytes = super::files::read_regular_file(path, LARGEST_CSV, "")?;
    let rows = crate::exchange::parse_assets_csv(&bytes).map_err(|error| format!("{}: {error}", path.display()))?;
    store
        .import_assets(assessment_id, &rows)
        .map(|ids| ids.len())
        .map_err(|error| error.to_string())
}
