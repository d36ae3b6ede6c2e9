//! Business associates (§164.308(b), §164.314(a)): the vendor assets of the inventory,
//! with their agreement's dates and the written assurances of their safeguards. The rules
//! here: an agreement expiring within 30 days, or expired; the next assurance is due one
//! assurance cycle (12 months unless written) after the last one received. Pure rules.

use chrono::{Days, Months, NaiveDate};

use super::model::{Asset, AssetKind};

/// An agreement expiring within this many days is flagged.
pub const EXPIRY_WARNING_DAYS: u64 = 30;
/// Months between written assurances when none is written (the 2025 proposed rule's
/// yearly verification).
pub const DEFAULT_ASSURANCE_CYCLE_MONTHS: u32 = 12;

/// A business associate: a vendor asset (its kind, or vendor details recorded).
pub fn is_business_associate(asset: &Asset) -> bool {
    asset.kind == AssetKind::Vendor || asset.vendor().is_some()
}

/// Where a vendor's agreement stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgreementState {
    /// No expiry recorded, or more than 30 days away.
    Current,
    /// Expires within 30 days (on the date).
    Expiring(NaiveDate),
    /// Expired (on the date, before today).
    Expired(NaiveDate),
}

pub fn agreement_state(asset: &Asset, today: NaiveDate) -> AgreementState {
    match asset.baa_expiry {
        Some(expiry) if expiry < today => AgreementState::Expired(expiry),
        Some(expiry) if expiry <= today.checked_add_days(Days::new(EXPIRY_WARNING_DAYS)).unwrap_or(today) => {
            AgreementState::Expiring(expiry)
        }
        _ => AgreementState::Current,
    }
}

/// The assurance cycle in months: the written one, or yearly.
pub fn assurance_cycle(asset: &Asset) -> u32 {
    asset
        .assurance_cycle_months
        .and_then(|months| u32::try_from(months).ok())
        .filter(|months| *months > 0)
        .unwrap_or(DEFAULT_ASSURANCE_CYCLE_MONTHS)
}

/// When the next written assurance is due: one cycle after the last received; None when
/// none was ever received.
pub fn next_assurance_due(asset: &Asset) -> Option<NaiveDate> {
    asset
        .assurance_received
        .and_then(|received| received.checked_add_months(Months::new(assurance_cycle(asset))))
}

/// Where a vendor's written assurance stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssuranceState {
    Current(NaiveDate),
    /// None ever received.
    Missing,
    /// Due on the date, which has passed.
    Overdue(NaiveDate),
}

pub fn assurance_state(asset: &Asset, today: NaiveDate) -> AssuranceState {
    match next_assurance_due(asset) {
        None => AssuranceState::Missing,
        Some(due) if due < today => AssuranceState::Overdue(due),
        Some(due) => AssuranceState::Current(due),
    }
}

/// The calendar's business-associate occurrences of one asset: the agreement's renewal
/// (its renewal date, or its expiry when no renewal date is written, whichever comes
/// first) and, once the agreement is signed, the next written assurance
/// (`next_assurance_due`; never received: due from the agreement's date, else today, as
/// the "missing" finding says it is). An asset out of scope owes nothing.
pub fn occurrences(asset: &Asset, owner: Option<String>, today: NaiveDate) -> Vec<super::calendar::Occurrence> {
    use super::calendar::{ObligationKind, Occurrence};
    use super::findings::RecordRef;
    if !is_business_associate(asset) || !asset.in_scope() {
        return Vec::new();
    }
    let source = RecordRef::Vendor {
        id: asset.id,
        name: asset.name.clone(),
    };
    let mut found = Vec::new();
    let renewal = [asset.baa_renewal, asset.baa_expiry].into_iter().flatten().min();
    if let Some(due) = renewal {
        let what = match asset.baa_expiry {
            Some(expiry) => format!("{} agreement (expires {expiry})", asset.name),
            None => format!("{} agreement", asset.name),
        };
        found.push(Occurrence {
            kind: ObligationKind::AgreementRenewal,
            what,
            owner: owner.clone(),
            due,
            last_done: asset.baa_date,
            source: source.clone(),
            key: String::new(),
        });
    }
    // The assurance follows the agreement, as the finding's rule has it.
    if asset.baa_status != Some(super::model::BaaStatus::Signed) {
        return found;
    }
    let assurance_due = next_assurance_due(asset).unwrap_or_else(|| asset.baa_date.unwrap_or(today));
    found.push(Occurrence {
        kind: ObligationKind::Assurance,
        what: format!("{} written assurance", asset.name),
        owner,
        due: assurance_due,
        last_done: asset.assurance_received,
        source,
        key: String::new(),
    });
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn vendor(expiry: Option<&str>, assurance: Option<&str>, cycle: Option<u64>) -> Asset {
        Asset {
            name: "Billing service".into(),
            kind: AssetKind::Vendor,
            baa_expiry: expiry.map(day),
            assurance_received: assurance.map(day),
            assurance_cycle_months: cycle,
            ..Asset::default()
        }
    }

    #[test]
    fn an_agreement_is_expiring_within_thirty_days_and_expired_after_its_date() {
        let today = day("2026-03-01");
        assert_eq!(
            agreement_state(&vendor(None, None, None), today),
            AgreementState::Current
        );
        assert_eq!(
            agreement_state(&vendor(Some("2026-04-01"), None, None), today),
            AgreementState::Current
        );
        assert_eq!(
            agreement_state(&vendor(Some("2026-03-31"), None, None), today),
            AgreementState::Expiring(day("2026-03-31"))
        );
        // The expiry day itself is still within the agreement.
        assert_eq!(
            agreement_state(&vendor(Some("2026-03-01"), None, None), today),
            AgreementState::Expiring(day("2026-03-01"))
        );
        assert_eq!(
            agreement_state(&vendor(Some("2026-02-28"), None, None), today),
            AgreementState::Expired(day("2026-02-28"))
        );
    }

    #[test]
    fn the_next_assurance_is_one_cycle_after_the_last_received() {
        assert_eq!(next_assurance_due(&vendor(None, None, None)), None);
        assert_eq!(
            next_assurance_due(&vendor(None, Some("2025-05-31"), None)),
            Some(day("2026-05-31"))
        );
        assert_eq!(
            next_assurance_due(&vendor(None, Some("2025-05-31"), Some(6))),
            Some(day("2025-11-30"))
        );
        // A cycle of 0 months would make every assurance overdue at once: read as yearly.
        assert_eq!(
            next_assurance_due(&vendor(None, Some("2025-01-10"), Some(0))),
            Some(day("2026-01-10"))
        );
        let today = day("2026-03-01");
        assert_eq!(
            assurance_state(&vendor(None, None, None), today),
            AssuranceState::Missing
        );
        assert_eq!(
            assurance_state(&vendor(None, Some("2025-02-28"), None), today),
            AssuranceState::Overdue(day("2026-02-28"))
        );
        assert_eq!(
            assurance_state(&vendor(None, Some("2025-03-01"), None), today),
            AssuranceState::Current(day("2026-03-01"))
        );
    }

    #[test]
    fn a_vendor_kind_or_vendor_details_make_a_business_associate() {
        assert!(is_business_associate(&vendor(None, None, None)));
        let mut server = Asset {
            kind: AssetKind::System,
            ..Asset::default()
        };
        assert!(!is_business_associate(&server));
        server.vendor_services = "Hosting".into();
        assert!(is_business_associate(&server));
    }
}
