//! The business-associate list as CSV, in the column order of OCR's 2016 audit request
//! (its Business Associate Listing Template: 27 columns, the associate's name and type of
//! services, two points of contact each with title, first and last name, address (two
//! lines), city, state, zip, phone, extension, fax and email, then the website). The
//! workspace keeps no vendor contacts, so those columns are left blank for the practice
//! to fill in; our agreement and assurance dates follow the 27 columns, so a reader going
//! by OCR's positions still finds them where OCR put them. Every cell is spreadsheet-safe.

use std::io::Write;

use chrono::NaiveDate;

use super::limits::spreadsheet_safe;
use crate::domain::Asset;
use crate::domain::Labeled;
use crate::domain::vendor::{AgreementState, agreement_state, is_business_associate, next_assurance_due};

/// One point of contact's twelve columns, after its prefix ("First" or "Second").
const CONTACT_COLUMNS: [&str; 12] = [
    "Title",
    "First Name",
    "Last Name",
    "Address",
    "Address Continued",
    "City",
    "State",
    "Zip",
    "Phone",
    "Phone Extension",
    "Fax",
    "Email",
];

/// Our columns after OCR's 27.
const AGREEMENT_COLUMNS: [&str; 7] = [
    "Agreement Status",
    "Agreement Signed",
    "Agreement Expiry",
    "Agreement Renewal",
    "Agreement State",
    "Last Written Assurance",
    "Next Assurance Due",
];

/// OCR's 27 column headings, in its order.
pub fn ocr_columns() -> Vec<String> {
    let mut columns = vec![
        "Business Associate Name".to_string(),
        "Type of Service(s) Provided".to_string(),
    ];
    for prefix in ["First", "Second"] {
        columns.extend(
            CONTACT_COLUMNS
                .iter()
                .map(|column| format!("{prefix} Point of Contact {column}")),
        );
    }
    columns.push("Business Associate Website".to_string());
    columns
}

fn date(date: Option<NaiveDate>) -> String {
    date.map(|date| date.to_string()).unwrap_or_default()
}

/// The business associates among `assets`, by name.
pub fn business_associates(assets: &[Asset]) -> Vec<&Asset> {
    let mut vendors: Vec<&Asset> = assets.iter().filter(|asset| is_business_associate(asset)).collect();
    crate::domain::order::sort_by_name(&mut vendors, |asset: &&Asset| &asset.name);
    vendors
}

/// Writes the list: the heading row, then one row per business associate.
pub fn write_business_associates(out: impl Write, assets: &[Asset], today: NaiveDate) -> csv::Result<usize> {
    let mut writer = csv::Writer::from_writer(out);
    let mut heading = ocr_columns();
    heading.extend(AGREEMENT_COLUMNS.iter().map(|column| column.to_string()));
    writer.write_record(&heading)?;
    let vendors = business_associates(assets);
    for asset in &vendors {
        let mut row = vec![asset.name.clone(), asset.vendor_services.clone()];
        row.extend(std::iter::repeat_n(String::new(), 2 * CONTACT_COLUMNS.len() + 1));
        let state = match agreement_state(asset, today) {
            AgreementState::Current => "current",
            AgreementState::Expiring(_) => "expiring within 30 days",
            AgreementState::Expired(_) => "expired",
        };
        row.extend([
            asset
                .vendor()
                .map(|vendor| vendor.baa_status.label().to_string())
                .unwrap_or_default(),
            date(asset.baa_date),
            date(asset.baa_expiry),
            date(asset.baa_renewal),
            state.to_string(),
            date(asset.assurance_received),
            date(next_assurance_due(asset)),
        ]);
        writer.write_record(row.iter().map(|cell| spreadsheet_safe(cell).into_owned()))?;
    }
    writer.flush()?;
    Ok(vendors.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{AssetKind, BaaStatus};

    #[test]
    fn the_list_has_ocrs_27_columns_in_order_then_the_agreement_dates() {
        let columns = ocr_columns();
        assert_eq!(columns.len(), 27);
        assert_eq!(columns[0], "Business Associate Name");
        assert_eq!(columns[1], "Type of Service(s) Provided");
        assert_eq!(columns[2], "First Point of Contact Title");
        assert_eq!(columns[13], "First Point of Contact Email");
        assert_eq!(columns[14], "Second Point of Contact Title");
        assert_eq!(columns[25], "Second Point of Contact Email");
        assert_eq!(columns[26], "Business Associate Website");
    }

    #[test]
    fn each_vendor_is_one_row_with_its_dates_and_a_formula_disarmed() {
        let day = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap();
        let assets = vec![
            Asset {
                name: "=Billing".into(),
                kind: AssetKind::Vendor,
                vendor_services: "Claims".into(),
                baa_status: Some(BaaStatus::Signed),
                baa_date: Some(day("2024-01-01")),
                baa_expiry: Some(day("2026-03-20")),
                assurance_received: Some(day("2025-06-01")),
                ..Asset::default()
            },
            Asset {
                name: "Front desk PC".into(),
                kind: AssetKind::Workstation,
                ..Asset::default()
            },
        ];
        let mut out = Vec::new();
        let count = write_business_associates(&mut out, &assets, day("2026-03-01")).unwrap();
        assert_eq!(count, 1);
        let text = String::from_utf8(out).unwrap();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        assert_eq!(reader.headers().unwrap().len(), 34);
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 1);
        assert_eq!(&rows[0][0], "'=Billing");
        assert_eq!(&rows[0][1], "Claims");
        assert_eq!(&rows[0][27], "Signed");
        assert_eq!(&rows[0][29], "2026-03-20");
        assert_eq!(&rows[0][31], "expiring within 30 days");
        assert_eq!(&rows[0][33], "2026-06-01");
    }
}
