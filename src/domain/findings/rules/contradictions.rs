//! The contradictions between the review and the devices (an implemented item an open
//! scenario cites is in `consistency`), and an ePHI vendor without a signed
//! business-associate agreement (one finding per vendor, naming the items it contradicts): the findings an acknowledgment
//! may resolve when the data has a good reason the rule cannot see.

use super::*;

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

/// One finding per vendor without a signed agreement: the vendor is the cause, and the
/// business-associate items marked implemented are what it contradicts, listed in the
/// same finding (records and message) so one fix or one acknowledgment of the vendor
/// resolves them all. The key names the vendor only (`vendor.no_baa:asset:<id>`): an
/// acknowledgment of the vendor keeps covering it when an item's status changes.
pub(super) fn vendor_without_agreement(cx: &Context<'_>) -> Vec<Finding> {
    // The items whose "implemented" every such vendor contradicts, in catalog order.
    let implemented: Vec<&str> = BA_CITATIONS
        .iter()
        .copied()
        .filter(|citation| {
            cx.reviews
                .get(citation)
                .is_some_and(|review| review.status == ReviewStatus::Implemented)
        })
        .collect();
    // Named by citation only in the message (up to six items); in full in the records.
    let cited: Vec<String> = implemented.iter().map(|citation| format!("§{citation}")).collect();
    let contradicts = match cited.split_last() {
        None => String::new(),
        Some((only, [])) => format!(", yet business-associate item {only} is marked implemented"),
        Some((last, rest)) => format!(
            ", yet business-associate items {} and {last} are marked implemented",
            rest.join(", ")
        ),
    };
    cx.in_scope()
        .filter(|asset| lacks_agreement(asset))
        .map(|asset| {
            let status = asset
                .vendor()
                .map_or("not recorded", |vendor| vendor.baa_status.label());
            let record = asset_ref(asset);
            let mut records = vec![record.clone()];
            records.extend(implemented.iter().map(|citation| cx.citation(citation)));
            Finding::new(
                Rule::VendorWithoutAgreement,
                format!("asset:{}", asset.id),
                records,
                format!(
                    "{} handles ePHI without a signed business-associate agreement (agreement: {}){contradicts} \
                     (§164.308(b)(1), §164.314(a))",
                    capitalised(&record.display()),
                    status.to_lowercase()
                ),
                if implemented.is_empty() {
                    "get the agreement signed and record its date, or acknowledge why none is needed yet"
                } else {
                    "get the agreement signed and record its date, or mark the business-associate items partial \
                     until it is, or acknowledge why none is needed yet"
                },
            )
        })
        .collect()
}
