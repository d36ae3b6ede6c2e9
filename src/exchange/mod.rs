//! Import and export formats: the spreadsheet-friendly CSV and JSON that users move in and
//! out of a workspace. Pure functions between text and domain records; the store applies
//! imports in one transaction.

pub mod assets;

pub use assets::{
    COLUMNS as ASSET_COLUMNS, ImportError, ImportedAsset, assets_json, parse_assets_csv, write_assets_csv,
};
