//! The asset form, and the form that names a file of assets to import.

use crate::domain::*;
use crate::tui::editors::*;
use crate::tui::form::{Field, Form};
use crate::tui::record_form::{record_form, record_from_form};

/// The asset form: every field of `AssetField`, in its order (the inventory CSV's).
pub fn asset_form(title: &str, asset: &Asset, people: &[Person]) -> Form {
    record_form(title, asset, AssetField::LIST, people)
}

/// The asset of a saved form, or the field with the problem. A vendor is one before its
/// agreement is recorded: its agreement status then reads "none", so it is asked about.
pub fn asset_from_form(form: &Form, base: &Asset, people: &[Person]) -> Result<Asset, FieldProblem> {
    let mut asset = record_from_form(form, base, AssetField::LIST, people)?;
    if asset.kind == AssetKind::Vendor && asset.baa_status.is_none() {
        asset.baa_status = Some(BaaStatus::None);
    }
    Ok(asset)
}

pub fn import_form() -> Form {
    Form::new("Import assets from CSV", vec![Field::text("path", "CSV file", "")])
}
