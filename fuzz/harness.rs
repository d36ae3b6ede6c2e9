//! The bodies of the fuzz targets, shared with `tests/hostile_input.rs` so that an ordinary
//! `cargo test` runs them over the seeds and a few thousand mutations without cargo-fuzz.
//!
//! Each takes arbitrary bytes and checks what must hold for any input: no panic; an error
//! is one line; what is accepted survives a write and a re-read unchanged.

use chrono::NaiveDate;
use hipaa_ra::domain::Asset;
use hipaa_ra::exchange::{parse_assets_csv, workspace, write_assets_csv};
use hipaa_ra::store::Store;

/// Errors are shown on one line of a terminal or a status bar.
pub fn assert_one_line(message: &str) {
    assert!(!message.trim().is_empty(), "an empty error message");
    assert!(
        !message.contains(['\n', '\r']),
        "an error message of more than one line: {message:?}"
    );
}

/// CSV asset import: refused in one line, or accepted and the same after writing the
/// accepted rows back out as CSV and importing them again.
pub fn assets_csv(data: &[u8]) {
    let rows = match parse_assets_csv(data) {
        Ok(rows) => rows,
        Err(error) => return assert_one_line(&error.to_string()),
    };
    // Owners travel by name: give each row's owner a stand-in id to write it back.
    let assets: Vec<Asset> = rows
        .iter()
        .enumerate()
        .map(|(index, (asset, owner))| Asset {
            owner_id: owner.as_ref().map(|_| index as i64),
            ..asset.clone()
        })
        .collect();
    let owner_name = |id: Option<i64>| id.and_then(|id| rows[id as usize].1.clone()).unwrap_or_default();
    let mut written = Vec::new();
    write_assets_csv(&mut written, &assets, owner_name, hipaa_ra::domain::Status::Draft)
        .expect("writing to memory cannot fail");
    let again = parse_assets_csv(&written).unwrap_or_else(|error| {
        panic!(
            "what was written does not parse: {error}\n{}",
            String::from_utf8_lossy(&written)
        )
    });
    assert_eq!(again, rows, "accepted rows changed on the way out and back in");
}

/// JSON workspace import and its restore into a store: refused in one line, or restored
/// and exported again as the same workspace plus one change-log row for the import.
pub fn workspace_json(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        // The command reads the file as UTF-8 text first and refuses anything else.
        return;
    };
    let export = match workspace::from_json(text) {
        Ok(export) => export,
        Err(message) => return assert_one_line(&message),
    };
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).expect("a valid date");
    let store = match Store::in_memory_from_export(&export, today) {
        Ok(store) => store,
        Err(error) => return assert_one_line(&error.to_string()),
    };
    let mut again = hipaa_ra::store::export_workspace(&store).expect("a restored workspace exports");
    let import_row = again.change_log.pop().expect("the restore logs the import");
    assert_eq!(import_row.entity, "workspace");
    let mut export = export;
    // An older format version reads, and the workspace writes the current one from then on.
    export.version = workspace::VERSION;
    if export.settings.current_assessment.is_none() {
        // No current assessment means the newest, and the workspace names it from then on.
        export.settings.current_assessment = again.settings.current_assessment;
    }
    // Records come back in the store's order, which an edited file need not follow.
    let (restored, original) = (canonical(&again), canonical(&export));
    if restored != original {
        panic!(
            "the restored workspace differs from the export it came from:\n{}",
            first_difference(&original, &restored)
        );
    }
}

/// The export as pretty JSON with every list of records sorted by id.
fn canonical(export: &workspace::WorkspaceExport) -> String {
    fn sort(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Array(items) => {
                items.iter_mut().for_each(sort);
                if items
                    .iter()
                    .all(|item| item.get("id").is_some_and(serde_json::Value::is_i64))
                {
                    items.sort_by_key(|item| item.get("id").and_then(serde_json::Value::as_i64));
                }
            }
            serde_json::Value::Object(map) => map.values_mut().for_each(sort),
            _ => {}
        }
    }
    let mut value: serde_json::Value = serde_json::from_str(&workspace::to_json(export)).expect("an export is JSON");
    sort(&mut value);
    serde_json::to_string_pretty(&value).expect("a JSON value serialises")
}

/// The first line where two texts differ, with a little context, for a short report.
fn first_difference(expected: &str, found: &str) -> String {
    let (expected, found): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), found.lines().collect());
    let at = expected
        .iter()
        .zip(&found)
        .position(|(a, b)| a != b)
        .unwrap_or(expected.len().min(found.len()));
    let context = at.saturating_sub(4)..at + 1;
    let lines = |text: &[&str]| {
        text.get(context.clone())
            .map(|lines| lines.join("\n"))
            .unwrap_or_default()
    };
    format!(
        "line {}:\n--- expected\n{}\n--- found\n{}",
        at + 1,
        lines(&expected),
        lines(&found)
    )
}
