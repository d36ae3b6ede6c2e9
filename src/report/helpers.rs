//! What the PDF's sections share: the band colours, the text of an empty value or a date,
//! the cell of a level, and the asset, vendor and scenario tables (the inventory and the
//! threats sections print them, and so do the grouped sections of a large workspace).

use crate::domain::AssetField;
use crate::domain::record::Field;
use chrono::NaiveDate;

use super::layout::{BODY, Cell, Layout, Rgb, col};
use super::model::{AssetRow, Band, RetiredRow, ScenarioRow, Score, VendorRow};

/// Fill colours of the five bands, green to red, light enough for black text.
pub fn band_color(band: Band) -> Rgb {
    match band {
        Band::Lowest => Rgb(0.72, 0.87, 0.72),
        Band::Low => Rgb(0.85, 0.92, 0.62),
        Band::Middle => Rgb(1.0, 0.90, 0.55),
        Band::High => Rgb(0.98, 0.70, 0.45),
        Band::Highest => Rgb(0.93, 0.48, 0.45),
    }
}

pub(super) const AMBER: Rgb = Rgb(1.0, 0.88, 0.6);
pub(super) const GREEN: Rgb = Rgb(0.78, 0.9, 0.78);
pub(super) const RED: Rgb = Rgb(0.96, 0.7, 0.68);

pub(super) fn date(value: Option<NaiveDate>) -> String {
    value.map_or_else(String::new, |day| day.to_string())
}

pub(super) fn or_none(text: &str) -> String {
    if text.trim().is_empty() {
        "—".to_string()
    } else {
        text.to_string()
    }
}

pub(super) fn level_cell(score: Option<&Score>) -> Cell {
    match score {
        Some(score) => Cell {
            text: score.level.to_string(),
            bold: true,
            fill: Some(band_color(score.band)),
        },
        None => Cell::from("Not scored"),
    }
}

pub(super) fn cells(texts: Vec<String>) -> Vec<Cell> {
    texts.into_iter().map(Cell::from).collect()
}

/// The inventory table's columns: the fields of `AssetField` it shows, with headings and
/// widths (the workbook has every field).
pub(super) const INVENTORY_COLUMNS: [(AssetField, &str, f32); 9] = [
    (AssetField::Name, "Asset", 0.24),
    (AssetField::Kind, "Kind", 0.12),
    (AssetField::Ephi, "ePHI", 0.06),
    (AssetField::Location, "Location", 0.14),
    (AssetField::Owner, "Owner", 0.12),
    (AssetField::Records, "Records", 0.07),
    (AssetField::Criticality, "Criticality", 0.08),
    (AssetField::Encrypted, "Encrypted", 0.08),
    (AssetField::LastReviewed, "Reviewed", 0.09),
];

/// Inventory entries, one row each.
pub(super) fn asset_table(layout: &mut Layout, assets: &[&AssetRow]) {
    let rows: Vec<Vec<Cell>> = assets
        .iter()
        .map(|asset| {
            let texts = INVENTORY_COLUMNS.iter().map(|(field, ..)| {
                let text = asset.field(field.key());
                match field {
                    // The label without its explanation, which the paragraph above gives.
                    AssetField::Criticality => text.split(" (").next().unwrap_or_default().to_string(),
                    _ => text.to_string(),
                }
            });
            cells(texts.collect())
        })
        .collect();
    let columns: Vec<_> = INVENTORY_COLUMNS
        .iter()
        .map(|(_, heading, width)| col(*heading, *width))
        .collect();
    layout.table(&columns, &rows);
}

/// Vendors with their agreements, one row each.
pub(super) fn vendor_table(layout: &mut Layout, vendors: &[&VendorRow]) {
    let rows: Vec<Vec<Cell>> = vendors
        .iter()
        .map(|vendor| {
            vec![
                Cell::from(vendor.name.as_str()),
                Cell::from(vendor.services.as_str()),
                Cell {
                    text: vendor.agreement.clone(),
                    bold: vendor.lacks_agreement,
                    fill: vendor.lacks_agreement.then_some(AMBER),
                },
                Cell::from(date(vendor.agreement_date)),
                Cell::from(if vendor.handles_ephi { "Yes" } else { "No" }),
            ]
        })
        .collect();
    layout.table(
        &[
            col("Vendor", 0.25),
            col("Services", 0.35),
            col("Agreement", 0.14),
            col("Signed", 0.14),
            col("ePHI", 0.12),
        ],
        &rows,
    );
}

/// The assets retired this year, under the inventory (its tables and counts leave them
/// out); nothing when none was retired.
pub(super) fn retired_table(layout: &mut Layout, retired: &[RetiredRow]) {
    if retired.is_empty() {
        return;
    }
    layout.subheading("Retired assets");
    layout.paragraph(
        &format!(
            "{} of last year's inventory retired this year (no longer in use, or no longer listed \
             when the inventory was refreshed). {} last year's record but {} outside this year's \
             scope: in no table, count or export of this report.",
            if retired.len() == 1 {
                "One entry".to_string()
            } else {
                format!("{} entries", retired.len())
            },
            if retired.len() == 1 { "It keeps" } else { "They keep" },
            if retired.len() == 1 { "is" } else { "are" },
        ),
        BODY,
        false,
    );
    let rows: Vec<Vec<Cell>> = retired
        .iter()
        .map(|row| {
            vec![
                Cell::from(row.name.as_str()),
                Cell::from(row.kind.as_str()),
                Cell::from(row.retired_on.to_string()),
            ]
        })
        .collect();
    layout.table(&[col("Name", 0.5), col("Kind", 0.3), col("Retired on", 0.2)], &rows);
}

/// Scenarios in full, one row each (`scenario_row`).
pub(super) fn scenario_table(layout: &mut Layout, rows: &[Vec<Cell>]) {
    layout.table(
        &[
            col("#", 0.05),
            col("Scenario", 0.4),
            col("Assets", 0.15),
            col("Likelihood and impact", 0.3),
            col("Level", 0.1),
        ],
        rows,
    );
}

pub(super) fn scenario_row(row: &ScenarioRow) -> Vec<Cell> {
    let mut scenario = vec![
        format!("{} ({})", row.threat, row.source.to_lowercase()),
        format!("Vulnerability: {}", or_none(&row.vulnerability)),
    ];
    if !row.existing_controls.trim().is_empty() {
        scenario.push(format!("Existing controls: {}", row.existing_controls));
    }
    scenario.push(format!(
        "Citations: {}",
        if row.citations.is_empty() {
            "none recorded".to_string()
        } else {
            row.citations.join(", ")
        }
    ));
    if !row.notes.trim().is_empty() {
        scenario.push(format!("Notes: {}", row.notes));
    }
    let assets = if row.assets.is_empty() {
        "Practice-wide".to_string()
    } else {
        row.assets.join("; ")
    };
    let because = |rationale: &str| {
        if rationale.trim().is_empty() {
            " (no rationale recorded)".to_string()
        } else {
            format!(", because: {rationale}")
        }
    };
    let scores = match &row.score {
        Some(score) => format!(
            "Likelihood {}{}\nImpact {}{}",
            score.likelihood,
            because(&row.likelihood_rationale),
            score.impact,
            because(&row.impact_rationale)
        ),
        None => "Not scored".to_string(),
    };
    vec![
        Cell::from(row.risk_id.to_string()),
        Cell::from(scenario.join("\n")),
        Cell::from(assets),
        Cell::from(scores),
        level_cell(row.score.as_ref()),
    ]
}
