//! The ePHI inventory as CSV (for spreadsheets) and JSON. Parsing is all-or-nothing: the
//! first bad row stops the import with its line and column, so nothing half-imports.
//!
//! Import is forgiving about how spreadsheets save files (a UTF-8 byte-order mark, Windows
//! line endings, headers in any order and case, labels as well as keys, US dates); export
//! writes the canonical form: keys, ISO dates and the columns in the fields' order, every
//! text cell spreadsheet-safe (`limits::spreadsheet_safe`; the importer undoes it).
//!
//! The export's first column is `analysis_status` (`domain::STATUS_COLUMN`), DRAFT or
//! FINAL on every row, as in every CSV hipaa-ra writes; the importer skips that column, so
//! an export re-imports as it is.

use serde_json::Value;

use super::limits::{MAX_CELL_CHARS, MAX_CSV_BYTES, MAX_CSV_ROWS, from_spreadsheet, megabytes, spreadsheet_safe};
use super::spreadsheet::normalize;

use super::cells::{json_value, keys, parse_cell, shown};
use crate::domain::record::{Field, FieldError, Record, ValueKind};
use crate::domain::{Asset, Id, STATUS_COLUMN, Status};

/// One imported row: the record (id 0, no parent, no person) and its person's name.
pub type ImportedRow<R> = (R, Option<String>);
/// One imported inventory row: the asset and its owner's name.
pub type ImportedAsset = ImportedRow<Asset>;

/// The columns of a record's CSV file and the keys of its JSON objects, in export order:
/// its fields' keys.
pub fn columns<R: Record>() -> Vec<&'static str> {
    <R::Field as Field>::ALL.iter().map(|field| field.key()).collect()
}

/// Why an import was refused: the line where the offending record starts, the column
/// (canonical name) when one field is at fault, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.describe())]
pub struct ImportError {
    pub line: u64,
    pub column: Option<String>,
    pub message: String,
}

impl ImportError {
    fn describe(&self) -> String {
        match &self.column {
            Some(column) => format!("line {}: {column}: {}", self.line, self.message),
            None => format!("line {}: {}", self.line, self.message),
        }
    }

    fn at(line: u64, message: impl Into<String>) -> ImportError {
        ImportError {
            line,
            column: None,
            message: message.into(),
        }
    }
}

/// A parsed CSV of records: its rows and the columns the file has (in field order), so a
/// re-import changes only what the spreadsheet holds; with them, the headings of the
/// columns it ignored (`Serial Number`, `Device`: real spreadsheets keep more than we do).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table<R> {
    pub rows: Vec<ImportedRow<R>>,
    /// The file line each row starts on (a row of `rows` at the same index), for the
    /// checks made after parsing to name it.
    pub lines: Vec<u64>,
    pub columns: Vec<&'static str>,
    /// Headings that name none of our columns, as the file spells them, in file order.
    pub ignored: Vec<String>,
}

impl<R> Table<R> {
    /// The one line naming the columns the import ignored, or None when it read them all:
    /// "ignored 2 columns hipaa-ra does not keep: `Serial Number`, `Device`".
    pub fn ignored_line(&self) -> Option<String> {
        let names: Vec<String> = self.ignored.iter().map(|title| format!("`{}`", shown(title))).collect();
        match names.len() {
            0 => None,
            1 => Some(format!("ignored 1 column hipaa-ra does not keep: {}", names[0])),
            n => Some(format!(
                "ignored {n} columns hipaa-ra does not keep: {}",
                names.join(", ")
            )),
        }
    }
}
/// A parsed inventory CSV.
pub type AssetTable = Table<Asset>;

/// Parses an inventory CSV into assets and their owners' names, refusing the whole file at
/// the first bad row.
pub fn parse_assets_csv(input: &[u8]) -> Result<Vec<ImportedAsset>, ImportError> {
    parse_asset_table(input).map(|table| table.rows)
}

/// `parse_assets_csv`, with the columns the file has. Refused as a whole: a file, row
/// count or cell over its limit (`limits`).
pub fn parse_asset_table(input: &[u8]) -> Result<AssetTable, ImportError> {
    parse_table::<Asset>(input)
}

/// The bytes of a CSV to import, without a byte-order mark; refused over the size limit
/// (every CSV import starts here: inventory, workforce, course matrix, user lists).
pub(super) fn csv_input(input: &[u8]) -> Result<&[u8], ImportError> {
    if input.len() as u64 > MAX_CSV_BYTES {
        let message = format!(
            "the file is larger than the limit of {} for a CSV import",
            megabytes(MAX_CSV_BYTES)
        );
        return Err(ImportError::at(1, message));
    }
    Ok(input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input))
}

/// A CSV of records of kind `R`, refused as a whole at the first bad row: a file, row count
/// or cell over its limit (`limits`), a repeated or missing required column, a bad value.
/// A column whose heading names none of ours is ignored and named in `Table::ignored`.
pub fn parse_table<R: Record>(input: &[u8]) -> Result<Table<R>, ImportError> {
    let all = columns::<R>();
    let input = csv_input(input)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(input);
    let mut lines = Lines {
        input,
        offset: 0,
        line: 1,
    };
    let mut records = reader.records();
    let Some(header) = records.next() else {
        return Err(ImportError::at(
            1,
            "the file is empty (expected a header row naming the columns)",
        ));
    };
    let header = header.map_err(|error| lines.csv_error(&error))?;
    let (columns, ignored) = header_columns::<R>(&header, lines.start_of(header.position()))?;
    let mut rows = Vec::new();
    let mut row_lines = Vec::new();
    for record in records {
        let record = record.map_err(|error| lines.csv_error(&error))?;
        let line = lines.start_of(record.position());
        if record.iter().all(|field| field.trim().is_empty()) {
            continue;
        }
        if rows.len() == MAX_CSV_ROWS {
            let message = format!("more than the limit of {MAX_CSV_ROWS} rows in one import; split the file");
            return Err(ImportError::at(line, message));
        }
        if record.len() != columns.len() {
            let message = format!("expected {} fields, found {}", columns.len(), record.len());
            return Err(ImportError::at(line, message));
        }
        let mut row = Row {
            line,
            fields: vec![""; all.len()],
            columns: &all,
        };
        for (position, (value, column)) in record.iter().zip(&columns).enumerate() {
            if value.chars().count() > MAX_CELL_CHARS && *column != Column::Ignored {
                let name = match column {
                    Column::Field(index) => all[*index].to_string(),
                    Column::Status => STATUS_COLUMN.to_string(),
                    Column::Blank | Column::Ignored => format!("column {}", position + 1),
                };
                return Err(ImportError {
                    line,
                    column: Some(name),
                    message: format!("longer than the limit of {MAX_CELL_CHARS} characters for a cell"),
                });
            }
            match column {
                Column::Field(index) => row.fields[*index] = cell(value),
                // The analysis's status, written by every export: not the record's; and the
                // columns we do not keep (named once, by `Table::ignored_line`).
                Column::Status | Column::Ignored => {}
                Column::Blank if !value.trim().is_empty() => {
                    let message = format!(
                        "value `{}` in column {}, which has no name",
                        shown(value.trim()),
                        position + 1
                    );
                    return Err(ImportError::at(line, message));
                }
                Column::Blank => {}
            }
        }
        rows.push(row.parse::<R>()?);
        row_lines.push(line);
    }
    let columns = all
        .iter()
        .enumerate()
        .filter(|(index, _)| columns.contains(&Column::Field(*index)))
        .map(|(_, name)| *name)
        .collect();
    Ok(Table {
        rows,
        lines: row_lines,
        columns,
        ignored,
    })
}

/// A cell as imported: spaces around it dropped (a leading tab is kept: it may be there to
/// disarm a formula), then the exporter's protective apostrophe removed.
fn cell(value: &str) -> &str {
    from_spreadsheet(value.trim_matches(' '))
}

/// What a column of a CSV file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    /// The field at this index of the record's fields.
    Field(usize),
    /// A blank header cell, whose values must then be blank (spreadsheets often save
    /// trailing empty columns).
    Blank,
    /// `analysis_status`, DRAFT or FINAL: the status of the analysis an export came from,
    /// skipped, so an export re-imports as it is.
    Status,
    /// A heading that names none of our columns (`Serial Number`): its values are skipped.
    Ignored,
}

/// Maps each column of the header to what it holds; with it, the headings ignored.
fn header_columns<R: Record>(header: &csv::StringRecord, line: u64) -> Result<(Vec<Column>, Vec<String>), ImportError> {
    let all = columns::<R>();
    let mut columns = Vec::with_capacity(header.len());
    let mut ignored = Vec::new();
    for title in header {
        let normalized = normalize(title);
        if normalized.is_empty() {
            columns.push(Column::Blank);
            continue;
        }
        if normalized == STATUS_COLUMN {
            columns.push(Column::Status);
            continue;
        }
        // The record's own usual headings first (a payroll file's "Type" is a workforce
        // type, not an asset kind), then the usual spreadsheet headings ("Asset Name").
        let canonical = super::spreadsheet::column_for_record_heading(R::TABLE, &normalized)
            .or_else(|| super::spreadsheet::column_for_heading(&normalized))
            .unwrap_or(&normalized);
        let Some(index) = all.iter().position(|column| *column == canonical) else {
            columns.push(Column::Ignored);
            ignored.push(title.trim().to_string());
            continue;
        };
        if columns.contains(&Column::Field(index)) {
            return Err(ImportError::at(
                line,
                format!("column `{}` appears twice", shown(title.trim())),
            ));
        }
        columns.push(Column::Field(index));
    }
    // A field that cannot be blank (a name, a kind) must have its column.
    let required = <R::Field as Field>::ALL.iter().filter(|field| {
        matches!(field.kind(), ValueKind::Text { required: true, .. })
            || field.set(&mut R::default(), field.kind().blank()) == Err(FieldError::Blank)
    });
    for required in required.map(|field| field.key()) {
        let present = columns
            .iter()
            .any(|column| matches!(column, Column::Field(index) if all[*index] == required));
        if !present {
            return Err(ImportError::at(line, format!("missing required column `{required}`")));
        }
    }
    Ok((columns, ignored))
}

/// Line numbers of records. The csv crate's position is where the reader stood before a
/// record, which is before any blank lines it skips; counting here gives the line on which
/// the record itself starts, with `\r\n`, `\n` or a lone `\r` ending a line.
struct Lines<'a> {
    input: &'a [u8],
    offset: usize,
    line: u64,
}

impl Lines<'_> {
    fn start_of(&mut self, position: Option<&csv::Position>) -> u64 {
        let byte = position.map_or(0, |position| usize::try_from(position.byte()).unwrap_or(usize::MAX));
        let mut start = byte.min(self.input.len());
        while matches!(self.input.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        while self.offset < start {
            let next = self.input.get(self.offset + 1);
            match self.input[self.offset] {
                b'\n' => self.line += 1,
                b'\r' if next != Some(&b'\n') => self.line += 1,
                _ => {}
            }
            self.offset += 1;
        }
        self.line
    }

    fn csv_error(&mut self, error: &csv::Error) -> ImportError {
        let line = self.start_of(error.position());
        match error.kind() {
            csv::ErrorKind::Utf8 { .. } => ImportError::at(line, "not valid UTF-8 text (save the file as CSV UTF-8)"),
            _ => ImportError::at(line, error.to_string()),
        }
    }
}

/// One data record, its fields trimmed and placed in field order (blank when absent).
struct Row<'a> {
    line: u64,
    fields: Vec<&'a str>,
    columns: &'a [&'static str],
}

impl<'a> Row<'a> {
    fn get(&self, column: &str) -> &'a str {
        self.columns
            .iter()
            .position(|name| *name == column)
            .map_or("", |index| self.fields[index])
    }

    fn fail(&self, column: &str, message: String) -> ImportError {
        ImportError {
            line: self.line,
            column: Some(column.to_string()),
            message,
        }
    }

    /// The record of this row, every field read from its column (blank when the file has
    /// none), and the name in its person column.
    fn parse<R: Record>(&self) -> Result<ImportedRow<R>, ImportError> {
        let mut record = R::default();
        let mut person = None;
        for field in <R::Field as Field>::ALL {
            let spec = field.spec();
            let text = self.get(spec.key);
            let value = parse_cell(R::NOUN, &spec, text).map_err(|message| self.fail(spec.key, message))?;
            if spec.kind == ValueKind::Person && !text.is_empty() {
                person = Some(text.to_string());
            }
            field.set(&mut record, value).map_err(|error| {
                let message = match (error, spec.kind) {
                    (FieldError::Blank, ValueKind::Choice { choices, .. }) => {
                        format!("blank (expected one of: {})", keys(choices))
                    }
                    (error, _) => error.to_string(),
                };
                self.fail(spec.key, message)
            })?;
        }
        // Each field once more as the record reads it back, so a row is the same record
        // after an export and a re-import: a vendor's BAA date in a file without a status
        // column (one ignored as unknown, say) reads status `none`, as the export writes it.
        for field in <R::Field as Field>::ALL {
            let value = field.get(&record);
            field
                .set(&mut record, value)
                .map_err(|error| self.fail(field.key(), error.to_string()))?;
        }
        Ok((record, person))
    }
}

/// One record's exported values in field order: CSV writes null as an empty field.
fn values<R: Record>(record: &R, person_name: &dyn Fn(Option<Id>) -> String) -> Vec<Value> {
    <R::Field as Field>::ALL
        .iter()
        .map(|field| json_value(&field.spec(), &field.get(record), person_name))
        .collect()
}

/// Writes the inventory as CSV: the columns header, then one row per asset in the given
/// order. `owner_name` turns an owner id into a name (empty for none); `status` is the
/// analysis's, in the first column.
pub fn write_assets_csv<'a>(
    out: impl std::io::Write,
    assets: impl IntoIterator<Item = &'a Asset>,
    owner_name: impl Fn(Option<Id>) -> String,
    status: Status,
) -> Result<(), csv::Error> {
    write_csv(out, assets, &owner_name, status)
}

/// Writes records as CSV: `analysis_status` and their fields' keys as the header, then one
/// row per record, `status` in its first cell.
pub fn write_csv<'a, R: Record + 'a>(
    out: impl std::io::Write,
    records: impl IntoIterator<Item = &'a R>,
    person_name: &dyn Fn(Option<Id>) -> String,
    status: Status,
) -> Result<(), csv::Error> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(std::iter::once(STATUS_COLUMN).chain(columns::<R>()))?;
    for record in records {
        let row = values(record, person_name).into_iter().map(|value| match value {
            Value::String(text) => spreadsheet_safe(&text).into_owned(),
            Value::Null => String::new(),
            other => other.to_string(),
        });
        writer.write_record(std::iter::once(status.word().to_string()).chain(row))?;
    }
    writer.flush()?;
    Ok(())
}

/// The inventory as a JSON array of flat objects keyed by the fields': record counts are
/// numbers; a missing owner, count, date or vendor detail is null.
pub fn assets_json(assets: &[Asset], owner_name: impl Fn(Option<Id>) -> String) -> Value {
    records_json(assets, &owner_name)
}

/// Records as a JSON array of flat objects keyed by their fields' keys.
pub fn records_json<R: Record>(records: &[R], person_name: &dyn Fn(Option<Id>) -> String) -> Value {
    let columns = columns::<R>();
    let objects = records.iter().map(|record| {
        let values = values(record, person_name);
        Value::Object(columns.iter().map(|column| column.to_string()).zip(values).collect())
    });
    Value::Array(objects.collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{AssetKind, BaaStatus, Encryption, EphiActions, VendorInfo};
    use chrono::NaiveDate;

    fn keys<T: crate::domain::Labeled>() -> String {
        T::ALL.iter().map(|value| value.key()).collect::<Vec<_>>().join(", ")
    }

    fn parse(text: &str) -> Result<Vec<ImportedAsset>, ImportError> {
        parse_assets_csv(text.as_bytes())
    }

    #[test]
    fn a_quoted_value_stays_on_one_line_and_is_cut_short() {
        let error = parse("name,kind\nFax,\"lap\ntop\"\n").unwrap_err().to_string();
        assert_eq!(error.split(" (").next(), Some("line 2: kind: unknown kind `lap\\ntop`"));
        let long = "x".repeat(500);
        let error = parse(&format!("name,kind\nFax,{long}\n")).unwrap_err().to_string();
        assert!(error.contains(&format!("`{}…`", "x".repeat(60))), "{error}");
    }

    /// Imports one row with `value` (CSV text) in `column` and exports it again: the value
    /// exported in column `out`, or the import error's text.
    fn through(column: &str, value: &str, out: &str) -> Result<String, String> {
        let text = match normalize(column).as_str() {
            "kind" => format!("name,{column}\nFax,{value}\n"),
            _ => format!("name,kind,{column}\nFax,system,{value}\n"),
        };
        let rows = parse(&text).map_err(|error| error.to_string())?;
        let assets: Vec<Asset> = rows.into_iter().map(|(asset, _)| asset).collect();
        let mut csv = Vec::new();
        write_assets_csv(&mut csv, &assets, |_| String::new(), Status::Final).unwrap();
        let record = csv::Reader::from_reader(csv.as_slice())
            .records()
            .next()
            .unwrap()
            .unwrap();
        let index = 1 + columns::<Asset>().iter().position(|name| *name == out).unwrap();
        // JSON carries the same value (a string, a number, or null for an empty field).
        let json = match assets_json(&assets, |_| String::new())[0][out].take() {
            Value::String(text) => text,
            Value::Null => String::new(),
            other => other.to_string(),
        };
        assert_eq!(json, record[index]);
        Ok(record[index].to_string())
    }

    #[test]
    fn each_column_accepts_its_spellings_and_exports_the_canonical_form() {
        #[rustfmt::skip]
        let cases = [
            ("kind", "mobile_device", "mobile_device"), ("Kind ", "Mobile device", "mobile_device"),
            ("KIND", "mobile-device", "mobile_device"), ("kind", " MOBILE  DEVICE ", "mobile_device"),
            ("kind", "Paper-to-electronic workflow", "paper_workflow"), ("kind", "Workflow", "workflow"),
            ("ePHI", "CRMT", "CRMT"), ("ephi", "rm", "RM"), ("ephi", "C-M-", "CM"), ("ephi", "t c", "CT"),
            ("ephi", "Create; transmit;", "CT"), ("ephi", "receive;MAINTAIN", "RM"), ("ephi", "None", ""),
            ("ephi", "", ""), ("ephi", "----", ""),
            // A yes/no column: all four flows or none.
            ("ephi", "Yes", "CRMT"), ("ephi", "YES", "CRMT"), ("ephi", "y", "CRMT"), ("ephi", "True", "CRMT"),
            ("ephi", "No", ""), ("ephi", "n", ""), ("ephi", "FALSE", ""), ("ephi", " no ", ""),
            ("records", "0", "0"), ("records", "\"1,200\"", "1200"), ("records", "1_000_000", "1000000"), ("records", "", ""),
            ("criticality", "", "unknown"), ("criticality", "HIGH", "high"), ("criticality", "Critical (minutes)", "critical"),
            ("encrypted", "", "unknown"), ("encrypted", "Y", "yes"), ("encrypted", "TRUE", "yes"), ("encrypted", "n", "no"),
            ("encrypted", "False", "no"), ("encrypted", "Unknown", "unknown"), ("encrypted", "NO", "no"),
            ("Last Reviewed", "2026-03-09", "2026-03-09"), ("last-reviewed", "3/9/2026", "2026-03-09"),
            ("last_reviewed", "12/31/2025", "2025-12-31"), ("last_reviewed", "2/29/2024", "2024-02-29"),
            ("BAA Status", "Signed", "signed"), ("baa_status", "not required", "not_required"),
            ("baa_status", "Not_Required", "not_required"), ("baa_date", "1/2/2025", "2025-01-02"),
            ("notes", "\" two,\nlines \"", "two,\nlines"), ("Location", " Room 1 ", "Room 1"),
        ];
        for (column, value, expected) in cases {
            let exported = through(column, value, &normalize(column));
            assert_eq!(exported.as_deref(), Ok(expected), "{column} = {value:?}");
        }
        // A spreadsheet's yes/no ePHI column, under its usual headings.
        for heading in ["Contains ePHI", "Has ePHI", "ePHI present", "PHI"] {
            let text = format!("name,kind,{heading}\nFax,system,Yes\nPaper,system,no\n");
            let rows = parse(&text).unwrap();
            assert_eq!(
                (rows[0].0.ephi.letters(), rows[1].0.ephi.letters()),
                ("CRMT".to_string(), "----".to_string()),
                "{heading}"
            );
        }
        // Any vendor column makes vendor info, whose blank status reads `none`.
        assert_eq!(
            through("vendor_services", "\"Claims, billing\"", "baa_status").as_deref(),
            Ok("none")
        );
        assert_eq!(through("baa_date", "2025-01-02", "baa_status").as_deref(), Ok("none"));
        assert_eq!(through("notes", "x", "baa_status").as_deref(), Ok(""));
        let rows = parse("name,kind,owner,description\n Fax , vendor , Zoë ,\n").unwrap();
        assert_eq!((rows[0].0.name.as_str(), rows[0].1.as_deref()), ("Fax", Some("Zoë")));
        assert_eq!((rows[0].0.description.as_str(), rows[0].0.vendor()), ("", None));
        assert_eq!(parse("name,kind,owner\nFax,vendor, \n").unwrap()[0].1, None);
    }

    #[test]
    fn each_bad_value_names_its_line_column_and_the_accepted_form() {
        let kinds = keys::<AssetKind>();
        assert!(kinds.starts_with("system, application, workstation, laptop, mobile_device,"));
        let ephi =
            "(expected letters from CRMT (like `CRMT` or `RM`), words (like `create;transmit`), `none`, or yes/no)";
        #[rustfmt::skip]
        let cases = [
            ("kind", "toaster", format!("kind: unknown kind `toaster` (expected one of: {kinds})")),
            ("kind", "Laptp", format!("kind: unknown kind `Laptp` (closest: laptop; expected one of: {kinds})")),
            ("kind", "server", format!("kind: unknown kind `server` (closest: system; expected one of: {kinds})")),
            ("kind", " ", format!("kind: blank (expected one of: {kinds})")),
            ("ephi", "CRX", format!("ephi: unknown ePHI actions `CRX` {ephi}")),
            ("ephi", "create;delete", format!("ephi: unknown ePHI actions `create;delete` {ephi}")),
            ("ephi", "yes please", format!("ephi: unknown ePHI actions `yes please` {ephi}")),
            ("ephi", "maybe", format!("ephi: unknown ePHI actions `maybe` {ephi}")),
            ("criticality", "severe", "criticality: unknown criticality `severe` (expected one of: unknown, low, medium, high, critical)".into()),
            ("encrypted", "maybe", "encrypted: unknown encrypted at rest `maybe` (expected one of: unknown, yes, no)".into()),
            ("baa_status", "lost", "baa_status: unknown BAA status `lost` (expected one of: signed, pending, none, not_required)".into()),
            ("baa_date", "soon", "baa_date: bad date `soon` (expected YYYY-MM-DD or M/D/YYYY)".into()),
        ];
        for (column, value, message) in cases {
            assert_eq!(through(column, value, column), Err(format!("line 2: {message}")));
        }
        for bad in ["-5", "1.5", "lots", ",", "1e3"] {
            let expected = format!("line 2: records: bad number `{bad}` (expected a whole number, like 1200)");
            assert_eq!(through("records", &format!("\"{bad}\""), "records"), Err(expected));
        }
        for bad in [
            "31/31/2026",
            "2026-02-30",
            "3/9/26",
            "9 March 2026",
            "2026-03-09T10:00",
            "2026/03/09",
            "03-09-2026",
        ] {
            let expected = format!("line 2: last_reviewed: bad date `{bad}` (expected YYYY-MM-DD or M/D/YYYY)");
            assert_eq!(through("last_reviewed", bad, "last_reviewed"), Err(expected));
        }
        let error = parse("name,kind\n,system\n").unwrap_err();
        assert_eq!((error.line, error.column.as_deref()), (2, Some("name")));
        assert_eq!(error.to_string(), "line 2: name: blank (every asset needs a name)");
    }

    #[test]
    fn headers_are_flexible_unknown_columns_ignored_and_repeated_or_missing_ones_refused() {
        let text =
            "\u{feff} NAME , Kind,Vendor-Services,last reviewed,OWNER\r\nEHR,cloud service,Hosting,2026-01-05,Ann\r\n";
        let (asset, owner) = parse(text).unwrap().remove(0);
        assert_eq!(
            (asset.name.as_str(), asset.kind, owner.as_deref()),
            ("EHR", AssetKind::CloudService, Some("Ann"))
        );
        // A spreadsheet's own columns are read past and named once, whatever they hold.
        let text = "Warranty,name,kind,Device,Warranty\n2027,Fax,system,=cmd(),\"x\ny\"\n";
        let table = parse_asset_table(text.as_bytes()).unwrap();
        assert_eq!((table.rows.len(), table.rows[0].0.name.as_str()), (1, "Fax"));
        assert_eq!(table.columns, ["name", "kind"]);
        assert_eq!(table.ignored, ["Warranty", "Device", "Warranty"]);
        assert_eq!(
            table.ignored_line().unwrap(),
            "ignored 3 columns hipaa-ra does not keep: `Warranty`, `Device`, `Warranty`"
        );
        // A misspelt `BAA Status` is ignored; the BAA date still makes vendor detail, whose
        // status reads `none` at once, so the row exports and re-imports as the same asset.
        let rows = parse("name,kind,JAA Status,BAA Date\nEHR,cloud service,Signed,1/10/2024\n").unwrap();
        assert_eq!(rows[0].0.baa_status, Some(BaaStatus::None));
        let mut out = Vec::new();
        let assets: Vec<Asset> = rows.iter().map(|(asset, _)| asset.clone()).collect();
        write_assets_csv(&mut out, &assets, |_| String::new(), Status::Draft).unwrap();
        assert_eq!(parse_assets_csv(&out).unwrap(), rows);
        // `Serial Number` is ours (`serial_number`), read, not ignored.
        let serial = parse_asset_table(b"Serial Number,name,kind\nSN-1,Fax,system\n").unwrap();
        assert_eq!(
            (serial.rows[0].0.serial_number.as_str(), serial.ignored.len()),
            ("SN-1", 0)
        );
        let one = parse_asset_table(b"name,kind, Colour \n").unwrap();
        assert_eq!(
            one.ignored_line().unwrap(),
            "ignored 1 column hipaa-ra does not keep: `Colour`"
        );
        assert_eq!(parse_asset_table(b"name,kind\n").unwrap().ignored_line(), None);
        // An ignored column still counts in the row's length, and a bad value elsewhere
        // still refuses the whole file.
        assert_eq!(
            parse("name,kind,Colour\nA,system\n").unwrap_err().to_string(),
            "line 2: expected 3 fields, found 2"
        );
        assert_eq!(
            parse("name,kind,Colour\nA,system,red\nB,toaster,blue\n")
                .unwrap_err()
                .to_string(),
            format!(
                "line 3: kind: unknown kind `toaster` (expected one of: {})",
                keys::<AssetKind>()
            )
        );
        assert_eq!(
            parse("name,kind,Notes,notes\n").unwrap_err().to_string(),
            "line 1: column `notes` appears twice"
        );
        assert_eq!(
            parse("\nname,notes\n").unwrap_err().to_string(),
            "line 2: missing required column `kind`"
        );
        assert!(
            parse("")
                .unwrap_err()
                .to_string()
                .starts_with("line 1: the file is empty")
        );
        assert_eq!(parse("name,kind\n").unwrap(), vec![]);
    }

    #[test]
    fn the_status_column_of_an_export_is_skipped_wherever_it_is() {
        let plain = parse("name,kind,notes\nFax,system,n\n").unwrap();
        for text in [
            "analysis_status,name,kind,notes\nDRAFT,Fax,system,n\n",
            "name,kind,Analysis Status,notes\nFax,system,FINAL,n\n",
            "analysis_status,name,kind,notes\n,Fax,system,n\n",
        ] {
            assert_eq!(parse(text).unwrap(), plain, "{text}");
        }
        let table = parse_asset_table(b"analysis_status,name,kind\nDRAFT,Fax,system\n").unwrap();
        assert_eq!(table.columns, ["name", "kind"], "not a column of the asset");
        // It is no field's name: a bare `status` is a column we do not keep.
        assert_eq!(parse_asset_table(b"status,name,kind\n").unwrap().ignored, ["status"]);
    }

    #[test]
    fn the_usual_spreadsheet_headings_are_read_as_our_columns() {
        let text = "Asset Name,Type,Owner Name,Site,ePHI Actions,Number of Records,Encryption,\
                    Last Review Date,Comments,BAA,BAA Signed\n\
                    Referral intake,Workflow,Ann,Front desk,RT,\"1,200\",No,3/15/2026,Faxed in,Signed,1/2/2025\n";
        let table = parse_asset_table(text.as_bytes()).unwrap();
        let (asset, owner) = &table.rows[0];
        assert_eq!(
            (
                asset.name.as_str(),
                asset.kind,
                owner.as_deref(),
                asset.location.as_str()
            ),
            ("Referral intake", AssetKind::Workflow, Some("Ann"), "Front desk")
        );
        assert_eq!(asset.ephi.letters(), "-R-T");
        assert_eq!(
            (asset.record_count, asset.encrypted_at_rest),
            (Some(1200), Encryption::No)
        );
        assert_eq!(asset.last_reviewed, NaiveDate::from_ymd_opt(2026, 3, 15));
        let vendor = asset.vendor().unwrap();
        assert_eq!(
            (vendor.baa_status, vendor.baa_date),
            (BaaStatus::Signed, NaiveDate::from_ymd_opt(2025, 1, 2))
        );
        assert_eq!(asset.notes, "Faxed in");
        assert_eq!(
            table.columns,
            vec![
                "name",
                "kind",
                "location",
                "owner",
                "ephi",
                "records",
                "encrypted",
                "last_reviewed",
                "notes",
                "baa_status",
                "baa_date"
            ]
        );
        // A heading and our own name for the same column: refused as a repeat.
        assert_eq!(
            parse("Name,Asset Name,kind\n").unwrap_err().to_string(),
            "line 1: column `Asset Name` appears twice"
        );
    }

    #[test]
    fn rows_report_the_line_they_start_on_and_are_checked_for_length_blanks_and_encoding() {
        let error = parse("name,kind\nA,system\n\n\"B\nb\",toaster\n").unwrap_err();
        assert_eq!((error.line, error.column.as_deref()), (4, Some("kind")));
        let text = "name,kind,notes\nA,system,\"two\nlines\"\n , ,\n,,\nB,system\n";
        assert_eq!(
            parse(text).unwrap_err().to_string(),
            "line 6: expected 3 fields, found 2"
        );
        assert_eq!(parse("name,kind\rA,system\rB,toaster\r").unwrap_err().line, 3);
        let rows = parse("name,kind,notes,\r\nA,laptop,\"one,\r\ntwo\",\r\n,,,\r\n").unwrap();
        assert_eq!((rows.len(), rows[0].0.notes.as_str()), (1, "one,\r\ntwo"));
        let stray = parse("name,kind,\nA,laptop,oops\n").unwrap_err().to_string();
        assert_eq!(stray, "line 2: value `oops` in column 3, which has no name");
        let latin1 = parse_assets_csv(b"name,kind\nA,laptop\nMar\xeda,laptop\n").unwrap_err();
        assert_eq!(
            latin1.to_string(),
            "line 3: not valid UTF-8 text (save the file as CSV UTF-8)"
        );
    }

    #[test]
    fn export_round_trips_unicode_and_json_uses_numbers_and_nulls() {
        let (mut asset, _) = parse("name,kind\nx,vendor\n").unwrap().remove(0);
        asset.name = "Ιατρείο «Κλινική», \"Клиника\" 🩺 עברית".into();
        asset.notes = "line one\nline two, with comma\r\nthree".into();
        asset.ephi = EphiActions {
            create: true,
            maintain: true,
            ..EphiActions::default()
        };
        (asset.record_count, asset.last_reviewed) = (Some(1200), NaiveDate::from_ymd_opt(2026, 2, 1));
        asset.set_vendor(Some(VendorInfo {
            services: "Billing".into(),
            baa_status: BaaStatus::Signed,
            baa_date: None,
        }));
        let mut plain = Asset {
            name: "Plain".into(),
            ephi: EphiActions::default(),
            record_count: None,
            ..asset.clone()
        };
        plain.set_vendor(None);
        let assets = [asset, plain];
        let owner = |id: Option<Id>| id.map_or(String::new(), |_| "Zoë".into());
        let mut out = Vec::new();
        write_assets_csv(&mut out, &assets, owner, Status::Draft).unwrap();
        let text = String::from_utf8(out.clone()).unwrap();
        assert!(
            text.starts_with(&format!("analysis_status,{}\n", columns::<Asset>().join(","))),
            "{text}"
        );
        // The canonical forms, read by column name: letters, a plain number, keys, ISO dates.
        let record = csv::Reader::from_reader(out.as_slice())
            .records()
            .next()
            .unwrap()
            .unwrap();
        assert_eq!(&record[0], "DRAFT");
        let cell = |column: &str| &record[1 + columns::<Asset>().iter().position(|name| *name == column).unwrap()];
        let cells = ["kind", "ephi", "records", "criticality", "last_reviewed", "baa_status"].map(cell);
        assert_eq!(
            cells,
            ["vendor", "CM", "1200", "unknown", "2026-02-01", "signed"],
            "{text}"
        );
        let back: Vec<Asset> = parse_assets_csv(&out)
            .unwrap()
            .into_iter()
            .map(|(asset, _)| asset)
            .collect();
        // The status column is skipped: the export reads back as it was.
        assert_eq!(back, assets);
        let json = assets_json(&assets, owner);
        assert_eq!(
            (&json[0]["records"], &json[0]["ephi"]),
            (&Value::from(1200), &Value::from("CM"))
        );
        assert!(json[0]["owner"].is_null() && json[0]["baa_date"].is_null() && json[0]["baa_status"] == "signed");
        assert!(json[1]["records"].is_null() && json[1]["vendor_services"].is_null() && json[1]["ephi"] == "");
        assert_eq!(json[1].as_object().unwrap().len(), columns::<Asset>().len());
    }
}
