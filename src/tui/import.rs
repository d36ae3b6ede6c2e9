//! Importing a CSV inventory from the TUI: the same parser and store call as
//! `hipaa-ra assets import`, with the problem returned as one line for the form.

use std::path::Path;

use crate::domain::Id;
use crate::store::Store;

/// Imports the file into the assessment; all rows or none. Returns how many were added.
pub fn import_csv(store: &mut Store, assessment_id: Id, path: &Path) -> Result<usize, String> {
    if path.as_os_str().is_empty() {
        return Err("type the path of a CSV file".to_string());
    }
    let bytes = std::fs::read(path).map_err(|error| format!("{}: {error}", path.display()))?;
    let rows = crate::exchange::parse_assets_csv(&bytes).map_err(|error| format!("{}: {error}", path.display()))?;
    store
        .import_assets(assessment_id, &rows)
        .map(|ids| ids.len())
        .map_err(|error| error.to_string())
}
