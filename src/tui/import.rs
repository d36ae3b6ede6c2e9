//! Importing a CSV inventory from the TUI: the same reading and parsing as `hipaa-ra
//! assets import`, with the problem returned as one line for the form. The store write
//! is the Inventory screen's (`InventoryWrite::Import`).

use std::path::Path;

use crate::exchange::AssetTable;
use crate::exchange::limits;

/// Reads and checks the file: every row or a problem naming the file.
pub fn read_csv(path: &Path) -> Result<AssetTable, String> {
    if path.as_os_str().is_empty() {
        return Err("type the path of a CSV file".to_string());
    }
    let bytes = limits::read_limited(path, limits::MAX_CSV_BYTES, "a CSV import")?;
    crate::exchange::parse_asset_table(&bytes).map_err(|error| format!("{}: {error}", path.display()))
}
