//! Import and export formats: the spreadsheet-friendly CSV and JSON that users move in and
//! out of a workspace, and the whole workspace as one JSON file. Functions between text and
//! domain records; the store applies imports in one transaction.

pub mod access;
pub mod assets;
pub mod breaches;
pub mod calendar;
pub mod cells;
pub mod contingency;
pub mod limits;
pub mod people;
pub mod program;
mod ranges;
pub mod reimport;
mod spreadsheet;
pub mod training;
pub mod vendors;
pub mod workspace;

pub use assets::{
    AssetTable, ImportError, ImportedAsset, ImportedRow, Table, assets_json, columns, parse_asset_table,
    parse_assets_csv, parse_table, records_json, write_assets_csv, write_csv,
};
pub use reimport::{ImportCounts, match_rows, merge_asset};
pub use workspace::{ExportProblem, WorkspaceExport, from_json as workspace_from_json, to_json as workspace_to_json};
