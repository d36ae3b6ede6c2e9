//! The contradictions between the review and the rest of the workspace (an implemented
//! item an open scenario cites is in `consistency`), and an ePHI
//! vendor without a signed business-associate agreement: the findings an acknowledgment
//! may resolve when the data has a good reason the rule cannot see.

use super::*;

pub(super) fn ba_items_implemented(cx: &Context<'_>) -> Vec<Finding> {
    let vendors: Vec<&Asset> = cx.in_scope().filter(|asset| lacks_agreement(asset)).collect();
    if vendors.is_empty() {
        return Vec::new();
    }
    let vendor_refs: Vec<RecordRef> = vendors.iter().map(|asset| asset_ref(asset)).collect();
    let vendor_ids = ids(vendors.iter().map(|asset| asset.id));
    BA_CITATIONS
        .iter()
        .filter(|citation| {
            cx.reviews
                .get(**citation)
                .is_some_and(|r| r.status == ReviewStatus::Implemented)
        })
        .map(|citation| {
            let record = cx.citation(citation);
            let mut records = vec![record.clone()];
            records.extend(vendor_refs.iter().cloned());
            Finding::new(
                Rule::BaItemsImplemented,
                format!("safeguard:{citation}:vendors:{vendor_ids}"),
                records,
                format!(
                    "{} is marked implemented, but {} {} ePHI without a signed business-associate agreement",
                    record.display(),
                    names(&vendor_refs),
                    if vendor_refs.len() == 1 { "handles" } else { "handle" }
                ),
                "mark the item partial until every agreement is signed, or record the signed agreements",
            )
        })
        .collect()
}

pub(super) fn encryption_as_specified(cx: &Context<'_>) -> Vec<Finding> {
    let decided = cx
        .reviews
        .get(ENCRYPTION)
        .is_some_and(|review| review.decision == Some(AddressableDecision::AsSpecified));
    if !decided {
        return Vec::new();
    }
    let devices: Vec<&Asset> = cx
        .in_scope()
        .filter(|asset| ENDPOINT_KINDS.contains(&asset.kind) && asset.ephi.maintain)
        .filter(|asset| asset.encrypted_at_rest != Encryption::Yes)
        .collect();
    if devices.is_empty() {
        return Vec::new();
    }
    let device_refs: Vec<RecordRef> = devices.iter().map(|asset| asset_ref(asset)).collect();
    let record = cx.citation(ENCRYPTION);
    let mut records = vec![record.clone()];
    records.extend(device_refs.iter().cloned());
    vec![Finding::new(
        Rule::EncryptionAsSpecified,
        format!(
            "safeguard:{ENCRYPTION}:assets:{}",
            ids(devices.iter().map(|asset| asset.id))
        ),
        records,
        format!(
            "{} is decided \"implemented as specified\", but {} {} ePHI and {} not known to be encrypted",
            record.display(),
            names(&device_refs),
            if devices.len() == 1 { "maintains" } else { "maintain" },
            if devices.len() == 1 { "is" } else { "are" }
        ),
        "record the devices' encryption, or change the decision (partial, or an equivalent alternative)",
    )]
}

pub(super) fn vendor_without_agreement(cx: &Context<'_>) -> Vec<Finding> {
    cx.in_scope()
        .filter(|asset| lacks_agreement(asset))
        .map(|asset| {
            let status = asset
                .vendor()
                .map_or("not recorded", |vendor| vendor.baa_status.label());
            let record = asset_ref(asset);
            Finding::new(
                Rule::VendorWithoutAgreement,
                format!("asset:{}", asset.id),
                vec![record.clone()],
                format!(
                    "{} handles ePHI without a signed business-associate agreement (agreement: {}) \
                     (§164.308(b)(1), §164.314(a))",
                    capitalised(&record.display()),
                    status.to_lowercase()
                ),
                "get the agreement signed and record its date, or acknowledge why none is needed yet",
            )
        })
        .collect()
}
