//! The report as one Excel workbook (`report --format xlsx`), for practice managers who
//! live in spreadsheets: sheets for the risk register, the remediation plan, the
//! inventory, the safeguard review, the findings and the evidence index.
//!
//! The first row of each sheet states the analysis's status (DRAFT or FINAL, the report
//! date, red for a draft), so a sheet copied out of the workbook still says it; the
//! header row is the second. Each sheet has both rows frozen, a filter on every column and widths set to the
//! content; result levels are filled in the report's band colours with the word kept (a
//! colour alone says nothing to a colour-blind reader or a grey printer); dates are real
//! dates and counts real numbers. The register and plan sheets are the CSV exports' rows
//! (`csv.rs`), cell for cell, so the two never disagree. Like every format it is
//! rendered from the report model, and the same model gives the same bytes: the
//! document's creation time is the report date.

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{Color, DocProperties, ExcelDateTime, Format, FormatBorder, Workbook, XlsxError};

use super::model::{Band, ReportModel};
use crate::domain::AssetField;
use crate::domain::Labeled;
use crate::domain::record::{Field, ValueKind};
use crate::exchange::limits::spreadsheet_safe;

/// One cell, typed so the workbook stores numbers as numbers and dates as dates.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(i64),
    Date(NaiveDate),
    /// A result level: the word, filled in its band's colour.
    Level(String, Band),
}

impl Cell {
    /// The cell as the CSV writes it: what a reader of the workbook must get back.
    pub fn text(&self) -> String {
        match self {
            Cell::Text(text) | Cell::Level(text, _) => text.clone(),
            Cell::Number(number) => number.to_string(),
            Cell::Date(date) => date.to_string(),
        }
    }
}

/// One sheet: its name, its header and its rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub name: &'static str,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// The fill colours of the five bands, the same as the PDF's (`helpers::band_color`).
fn band_fill(band: Band) -> Color {
    Color::RGB(match band {
        Band::Lowest => 0xB8DEB8,
        Band::Low => 0xD9EB9E,
        Band::Middle => 0xFFE68C,
        Band::High => 0xFAB373,
        Band::Highest => 0xED7A73,
    })
}

fn text(value: &str) -> Cell {
    Cell::Text(spreadsheet_safe(value).into_owned())
}

fn number(value: impl TryInto<i64>) -> Cell {
    value
        .try_into()
        .map_or_else(|_| Cell::Text(String::new()), Cell::Number)
}

fn optional<T>(value: Option<T>, cell: impl Fn(T) -> Cell) -> Cell {
    value.map_or_else(|| Cell::Text(String::new()), cell)
}

/// A CSV export as typed rows: `numbers` and `dates` are column names; `levels` gives a
/// column's band for each row, in the CSV's row order. Named, not numbered, so a column
/// added to the CSV (its status first) never shifts the types onto the wrong cells.
fn from_csv(
    name: &'static str,
    bytes: &[u8],
    numbers: &[&str],
    dates: &[&str],
    levels: &[(&str, Vec<Option<Band>>)],
) -> Result<Sheet, csv::Error> {
    let mut reader = csv::Reader::from_reader(bytes);
    let headers: Vec<String> = reader.headers()?.iter().map(str::to_string).collect();
    let at = |names: &[&str]| -> Vec<usize> {
        names
            .iter()
            .filter_map(|name| headers.iter().position(|header| header == name))
            .collect()
    };
    let (numbers, dates) = (at(numbers), at(dates));
    let levels: Vec<(usize, &Vec<Option<Band>>)> = levels
        .iter()
        .filter_map(|(name, bands)| Some((at(&[name]).first().copied()?, bands)))
        .collect();
    let mut rows = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let record = record?;
        let row = record
            .iter()
            .enumerate()
            .map(|(column, value)| {
                let band = levels
                    .iter()
                    .find(|(level_column, _)| *level_column == column)
                    .and_then(|(_, bands)| bands.get(index).copied().flatten());
                match band {
                    Some(band) if !value.is_empty() => return Cell::Level(value.to_string(), band),
                    _ => {}
                }
                if numbers.contains(&column)
                    && let Ok(number) = value.parse::<i64>()
                {
                    return Cell::Number(number);
                }
                if dates.contains(&column)
                    && let Ok(date) = value.parse::<NaiveDate>()
                {
                    return Cell::Date(date);
                }
                Cell::Text(value.to_string())
            })
            .collect();
        rows.push(row);
    }
    Ok(Sheet { name, headers, rows })
}

fn headers(names: &[&str]) -> Vec<String> {
    names.iter().map(|name| name.to_string()).collect()
}

/// Every sheet of the workbook, in order.
pub fn sheets(model: &ReportModel) -> Result<Vec<Sheet>, csv::Error> {
    let mut register = Vec::new();
    super::write_register_csv(&mut register, model)?;
    let mut plan = Vec::new();
    super::write_plan_csv(&mut plan, model)?;
    let register_levels = vec![
        (
            "level",
            model
                .register
                .iter()
                .map(|row| row.score.as_ref().map(|s| s.band))
                .collect(),
        ),
        (
            "residual_level",
            model
                .register
                .iter()
                .map(|row| row.residual.as_ref().map(|s| s.band))
                .collect(),
        ),
    ];
    Ok(vec![
        from_csv(
            "Register",
            &register,
            &["rank", "risk_id", "records_affected", "open_actions"],
            &[],
            &register_levels,
        )?,
        from_csv(
            "Plan",
            &plan,
            &["action_id", "risk_id", "cost_estimate"],
            &["due_on"],
            &[],
        )?,
        inventory(model),
        retired(model),
        safeguards(model),
        findings(model),
        evidence(model),
    ])
}

/// The assets retired this year, which the inventory sheet (this year's scope) leaves out.
fn retired(model: &ReportModel) -> Sheet {
    Sheet {
        name: "Retired assets",
        headers: headers(&["asset_id", "name", "kind", "retired_on"]),
        rows: model
            .retired_assets
            .iter()
            .map(|row| {
                vec![
                    number(row.id),
                    text(&row.name),
                    text(&row.kind),
                    Cell::Date(row.retired_on),
                ]
            })
            .collect(),
    }
}

fn inventory(model: &ReportModel) -> Sheet {
    Sheet {
        name: "Inventory",
        // Every field of an asset (`AssetField`), as its form and CSV have them.
        headers: std::iter::once("asset_id")
            .chain(AssetField::ALL.iter().map(|field| field.key()))
            .chain(["in_scope"])
            .map(str::to_string)
            .collect(),
        rows: model
            .assets
            .iter()
            .map(|asset| {
                let mut row = vec![number(asset.id)];
                row.extend(AssetField::ALL.iter().map(|field| {
                    let value = asset.field(field.key());
                    match field.kind() {
                        ValueKind::Count => value.parse::<u64>().map_or_else(|_| text(value), number),
                        ValueKind::Date => chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d")
                            .map_or_else(|_| text(value), Cell::Date),
                        _ => text(value),
                    }
                }));
                row.push(text(&asset.in_scope.to_string()));
                row
            })
            .collect(),
    }
}

fn safeguards(model: &ReportModel) -> Sheet {
    Sheet {
        name: "Safeguard review",
        headers: headers(&[
            "citation",
            "name",
            "section",
            "kind",
            "status",
            "owner",
            "reviewed_on",
            "measure",
            "decision",
            "decision_text",
            "na_reason",
            "notes",
        ]),
        rows: model
            .safeguards
            .iter()
            .map(|row| {
                vec![
                    text(&row.citation),
                    text(&row.name),
                    text(&row.section),
                    text(&row.kind),
                    text(&row.status),
                    text(&row.owner),
                    optional(row.reviewed_on, Cell::Date),
                    text(&row.measure),
                    text(row.decision.as_deref().unwrap_or_default()),
                    text(&row.decision_text),
                    text(&row.na_reason),
                    text(&row.notes),
                ]
            })
            .collect(),
    }
}

fn findings(model: &ReportModel) -> Sheet {
    Sheet {
        name: "Findings",
        headers: headers(&[
            "finding",
            "rule",
            "blocking",
            "state",
            "message",
            "resolution",
            "acknowledged_on",
            "acknowledgment_reason",
        ]),
        rows: model
            .findings
            .iter()
            .map(|finding| {
                let acknowledgment = finding.acknowledgment.as_ref();
                vec![
                    text(&finding.key),
                    text(finding.rule.key()),
                    text(&finding.blocking.to_string()),
                    text(if acknowledgment.is_some() {
                        "acknowledged"
                    } else {
                        "open"
                    }),
                    text(&finding.message),
                    text(&finding.resolution),
                    optional(acknowledgment.map(|a| a.acknowledged_on), Cell::Date),
                    text(acknowledgment.map_or("", |a| a.reason.as_str())),
                ]
            })
            .collect(),
    }
}

fn evidence(model: &ReportModel) -> Sheet {
    Sheet {
        name: "Evidence index",
        headers: headers(&[
            "evidence_id",
            "title",
            "kind",
            "dated",
            "owner",
            "location",
            "file_name",
            "size",
            "sha256",
            "review_due",
            "overdue",
            "links",
        ]),
        rows: model
            .evidence
            .iter()
            .map(|row| {
                vec![
                    number(row.id),
                    text(&row.title),
                    text(&row.kind),
                    optional(row.dated, Cell::Date),
                    text(&row.owner),
                    text(&row.location),
                    text(row.file_name.as_deref().unwrap_or_default()),
                    optional(row.size, number),
                    text(row.sha256.as_deref().unwrap_or_default()),
                    optional(row.review_due, Cell::Date),
                    text(&row.overdue.to_string()),
                    text(&row.links.join("; ")),
                ]
            })
            .collect(),
    }
}

/// The most characters Excel holds in one cell.
const CELL_LIMIT: usize = 32_767;

/// Text as a cell can hold it: a longer text (a note may be 100,000 characters) is cut
/// and says so, rather than the whole workbook being refused.
fn cell_text(text: &str) -> std::borrow::Cow<'_, str> {
    const MARK: &str = " [cut: the full text is in the JSON report]";
    if text.chars().count() <= CELL_LIMIT {
        return text.into();
    }
    let kept: String = text.chars().take(CELL_LIMIT - MARK.chars().count()).collect();
    format!("{kept}{MARK}").into()
}

fn excel_date(date: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    // Years outside u16 cannot be stored in a workbook; the store keeps four-digit years.
    let year = u16::try_from(date.year()).map_err(|_| XlsxError::ParameterError(format!("year of {date}")))?;
    ExcelDateTime::from_ymd(year, date.month() as u8, date.day() as u8)
}

/// Column width in characters: the longest cell, within limits that keep a sheet usable.
fn width(sheet: &Sheet, column: usize) -> f64 {
    let longest = sheet
        .rows
        .iter()
        .filter_map(|row| row.get(column))
        .map(|cell| match cell {
            Cell::Date(_) => 10,
            cell => cell.text().chars().count(),
        })
        .chain(std::iter::once(sheet.headers[column].chars().count()))
        .max()
        .unwrap_or(8);
    (longest.clamp(6, 60) + 2) as f64
}

/// The row of each sheet that states the status, and the header row below it.
pub const STATUS_ROW: u32 = 0;
pub const HEADER_ROW: u32 = 1;

/// The first row of each sheet: "DRAFT for review, not approved: blocking findings remain.
/// Report date 2026-11-23; the Findings sheet lists them." or "FINAL: ...".
pub fn status_line(model: &ReportModel) -> String {
    let signed = model
        .as_signed_on
        .map_or_else(String::new, |date| format!(", as signed on {date}"));
    let findings = if model.status.is_draft() {
        "; the Findings sheet lists them"
    } else {
        ""
    };
    format!("{}. Report date {}{signed}{findings}.", model.status.line(), model.date)
}

/// The workbook's bytes.
pub fn render_xlsx(model: &ReportModel) -> Result<Vec<u8>, XlsxError> {
    let sheets = sheets(model).map_err(|error| XlsxError::ParameterError(error.to_string()))?;
    let mut workbook = Workbook::new();
    // Fixed document metadata: the same model gives the same bytes.
    let properties = DocProperties::new()
        .set_title("HIPAA Security Rule risk analysis")
        .set_company(&model.practice.name)
        .set_creation_datetime(&excel_date(model.date)?);
    workbook.set_properties(&properties);
    let header = Format::new().set_bold().set_border_bottom(FormatBorder::Thin);
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let status = Format::new().set_bold().set_font_color(if model.status.is_draft() {
        Color::RGB(0xBF1A1A)
    } else {
        Color::Black
    });
    for sheet in &sheets {
        let worksheet = workbook.add_worksheet();
        worksheet.set_name(sheet.name)?;
        worksheet.write_string_with_format(STATUS_ROW, 0, status_line(model), &status)?;
        for (column, title) in sheet.headers.iter().enumerate() {
            let column = column as u16;
            worksheet.write_string_with_format(HEADER_ROW, column, title, &header)?;
        }
        for (index, row) in sheet.rows.iter().enumerate() {
            let row_number = index as u32 + HEADER_ROW + 1;
            for (column, cell) in row.iter().enumerate() {
                let column = column as u16;
                match cell {
                    Cell::Text(value) if value.is_empty() => {}
                    Cell::Text(value) => {
                        worksheet.write_string(row_number, column, cell_text(value))?;
                    }
                    Cell::Number(value) => {
                        worksheet.write_number(row_number, column, *value as f64)?;
                    }
                    Cell::Date(value) => {
                        worksheet.write_datetime_with_format(row_number, column, excel_date(*value)?, &date)?;
                    }
                    Cell::Level(value, band) => {
                        let fill = Format::new().set_background_color(band_fill(*band));
                        worksheet.write_string_with_format(row_number, column, cell_text(value), &fill)?;
                    }
                }
            }
        }
        let last_column = sheet.headers.len().saturating_sub(1) as u16;
        worksheet.set_freeze_panes(HEADER_ROW + 1, 0)?;
        worksheet.autofilter(HEADER_ROW, 0, sheet.rows.len() as u32 + HEADER_ROW, last_column)?;
        for column in 0..sheet.headers.len() {
            worksheet.set_column_width(column as u16, width(sheet, column))?;
        }
    }
    workbook.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_longer_than_a_cell_is_cut_and_says_so() {
        assert_eq!(cell_text("short"), "short");
        let exact = "é".repeat(CELL_LIMIT);
        assert_eq!(cell_text(&exact), exact.as_str());
        let long = "é".repeat(CELL_LIMIT + 1);
        let cut = cell_text(&long);
        assert_eq!(cut.chars().count(), CELL_LIMIT);
        assert!(cut.ends_with("[cut: the full text is in the JSON report]"));
        // And a workbook with such a cell is written (rust_xlsxwriter refuses longer ones).
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.write_string(0, 0, cut).expect("fits");
        assert!(sheet.write_string(1, 0, long.as_str()).is_err());
    }
}
