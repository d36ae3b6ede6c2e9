//! The asset form, and the form that names a file of assets to import.

use crate::domain::*;
use crate::tui::editors::*;
use crate::tui::form::{Field, Form};

const EPHI_BOXES: [&str; 4] = ["Create", "Receive", "Maintain", "Transmit"];

pub fn asset_form(title: &str, asset: &Asset, people: &[Person]) -> Form {
    let vendor = asset.vendor.as_ref();
    let ephi = asset.ephi;
    Form::new(
        title,
        vec![
            Field::text("name", "Name", &asset.name),
            Field::choice("kind", "Kind", labels::<AssetKind>(), position(asset.kind)),
            Field::flags(
                "ephi",
                "ePHI actions",
                EPHI_BOXES.iter().map(|label| label.to_string()).collect(),
                vec![ephi.create, ephi.receive, ephi.maintain, ephi.transmit],
            ),
            Field::text("description", "Description", &asset.description),
            Field::text("location", "Location", &asset.location),
            Field::choice(
                "owner",
                "Owner",
                owner_choices(people),
                owner_position(people, asset.owner_id),
            ),
            Field::text(
                "records",
                "Patient records",
                &asset.record_count.map_or(String::new(), |n| n.to_string()),
            ),
            Field::choice(
                "criticality",
                "Criticality",
                labels::<Criticality>(),
                position(asset.criticality),
            ),
            Field::choice(
                "encrypted",
                "Encrypted at rest",
                labels::<Encryption>(),
                position(asset.encrypted_at_rest),
            ),
            Field::text("reviewed", "Last reviewed", &date_text(asset.last_reviewed)).with_help(DATE_HELP),
            Field::text("notes", "Notes", &asset.notes),
            Field::text(
                "services",
                "Vendor services",
                vendor.map_or("", |vendor| vendor.services.as_str()),
            ),
            Field::choice(
                "baa",
                "BAA status",
                std::iter::once("(not a vendor)".to_string())
                    .chain(labels::<BaaStatus>())
                    .collect(),
                vendor.map_or(0, |vendor| position(vendor.baa_status) + 1),
            ),
            Field::text(
                "baa_date",
                "BAA date",
                &date_text(vendor.and_then(|vendor| vendor.baa_date)),
            )
            .with_help(DATE_HELP),
        ],
    )
}

pub fn asset_from_form(form: &Form, base: &Asset, people: &[Person]) -> Result<Asset, FieldProblem> {
    let on = form.flags("ephi");
    let flag = |index: usize| on.get(index).copied().unwrap_or(false);
    let kind: AssetKind = pick(form.choice("kind"));
    let services = form.text("services");
    let baa_choice = form.choice("baa");
    let baa_date = parse_date(form, "baa_date", "BAA date")?;
    // Vendor details are kept when any is given, or always for a vendor.
    let vendor = if kind == AssetKind::Vendor || baa_choice > 0 || !services.is_empty() || baa_date.is_some() {
        let baa_status = if baa_choice == 0 {
            BaaStatus::None
        } else {
            pick(baa_choice - 1)
        };
        Some(VendorInfo {
            services,
            baa_status,
            baa_date,
        })
    } else {
        None
    };
    Ok(Asset {
        name: required_text(form, "name", "Name")?,
        kind,
        description: form.text("description"),
        location: form.text("location"),
        owner_id: owner_at(people, form.choice("owner")),
        ephi: EphiActions {
            create: flag(0),
            receive: flag(1),
            maintain: flag(2),
            transmit: flag(3),
        },
        record_count: parse_count(form, "records", "Patient records")?,
        criticality: pick(form.choice("criticality")),
        encrypted_at_rest: pick(form.choice("encrypted")),
        last_reviewed: parse_date(form, "reviewed", "Last reviewed")?,
        notes: form.text("notes"),
        vendor,
        ..base.clone()
    })
}

/// A path typed for importing a CSV file.
pub fn import_form() -> Form {
    Form::new("Import assets from CSV", vec![Field::text("path", "CSV file", "")])
}
