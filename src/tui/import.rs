//! Importing a CSV inventory from the TUI: the same parser and store call as
//! `hipaa-ra assets import`, with the problem returned as one line for the form.

use std::path::Path;

use crate::domain::Id;
use crate::exchange::ImportCounts;
use crate::exchange::limits;
use crate::store::Store;

/// Imports the file into the assessment; all rows or none. Returns what was added,
/// updated and left unchanged (a re-import updates assets of the same name).
pub fn import_csv(store: &mut Store, assessment_id: Id, path: &Path) -> Result<ImportCounts, String> {
    if path.as_os_str().is_empty() {
        return Err("type the path of a CSV file".to_string());
    }
    let bytes = limits::read_limited(path, limits::MAX_CSV_BYTES, "a CSV import")?;
    let table = crate::exchange::parse_asset_table(&bytes).map_err(|error| format!("{}: {error}", path.display()))?;
    store
        .import_asset_table(assessment_id, &table)
        .map_err(|error| error.to_string())
}
