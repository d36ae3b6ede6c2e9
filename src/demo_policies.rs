//! The demo's policy register and business-associate dates: four policies (one review
//! overdue, inside its 30 days' grace, so advisory) and the signed vendors' agreement and
//! assurance dates (ClearClaim's agreement expiring within 30 days). Added to the demo's
//! current year by `demo_history::create`, after last year is signed; the single-year
//! demo of `demo::create` has none, so its tests and snapshots keep their counts. Dates
//! are relative to "today", like the rest of the demo.

use chrono::{Days, NaiveDate};

use crate::domain::policy::{Policy, PolicyVersion, ReviewCompletion, ReviewOutcome};
use crate::domain::{Asset, Id};
use crate::store::{Result, Store};

/// Adds the policies and the vendors' agreement dates.
pub fn populate(store: &mut Store, today: NaiveDate) -> Result<()> {
    let ago = |days: u64| today.checked_sub_days(Days::new(days)).unwrap_or(today);
    let ahead = |days: u64| today.checked_add_days(Days::new(days)).unwrap_or(today);
    let people = store.people()?;
    let person = |name: &str| people.iter().find(|person| person.name == name).map(|person| person.id);

    // (title, owner, approver, safeguards, first version's number and days ago, reference)
    let seeds: [(&str, &str, &str, &str, &str, u64, &str); 4] = [
        (
            "Information security policy",
            "Dana Whitfield",
            "Dr. María Álvarez",
            "164.308(a)(1)(i), 164.308(a)(2), 164.316(a)",
            "1.0",
            1100,
            "Policies binder, section 1",
        ),
        (
            "Security awareness and training",
            "Priya Raman",
            "Dana Whitfield",
            "164.308(a)(5)(i)",
            "1.0",
            800,
            "Policies binder, section 4",
        ),
        (
            "Contingency plan and data backup",
            "Kevin Osei",
            "Dana Whitfield",
            "164.308(a)(7)(i), 164.308(a)(7)(ii)(A)",
            "2026.1",
            200,
            "Shared drive: Policies/Contingency plan.pdf",
        ),
        (
            "Device and media disposal",
            "Kevin Osei",
            "Dana Whitfield",
            "164.310(d)(1), 164.310(d)(2)(i)",
            "1.0",
            100,
            "Policies binder, section 7",
        ),
    ];
    let mut ids: Vec<Id> = Vec::new();
    for (title, owner, approver, safeguards, number, days_ago, reference) in seeds {
        let policy = Policy {
            title: title.to_string(),
            owner_id: person(owner),
            approver_id: person(approver),
            safeguards: safeguards.to_string(),
            ..Policy::default()
        };
        let first = PolicyVersion {
            number: number.to_string(),
            created: Some(ago(days_ago + 14)),
            effective: Some(ago(days_ago)),
            changes: "First written version".to_string(),
            reference: reference.to_string(),
            ..PolicyVersion::default()
        };
        // The first policy's document is stored in the workspace (with its SHA-256, like
        // an evidence file); the others are kept where the reference says.
        let document: Option<(&str, &[u8])> = ids.is_empty().then_some((
            "information-security-policy-1.0.txt",
            b"Riverside Family Medicine: information security policy, version 1.0\n".as_slice(),
        ));
        ids.push(store.add_policy(&policy, &first, document)?);
    }
    let dana = person("Dana Whitfield");
    // Information security: a new version two years ago, no change 300 days ago (next
    // review in about two months).
    store.complete_policy_review(
        ids[0],
        &ReviewCompletion {
            done: Some(ago(730)),
            reviewer_id: dana,
            outcome: Some(ReviewOutcome::NewVersion),
            number: "2.0".to_string(),
            effective: Some(ago(700)),
            changes: "Adds remote work and personal phones".to_string(),
            reference: "Policies binder, section 1".to_string(),
            ..ReviewCompletion::default()
        },
        None,
        today,
    )?;
    store.complete_policy_review(
        ids[0],
        &ReviewCompletion {
            done: Some(ago(300)),
            reviewer_id: dana,
            outcome: Some(ReviewOutcome::NoChange),
            ..ReviewCompletion::default()
        },
        None,
        today,
    )?;
    // Training: last reviewed 385 days ago, so its yearly review is about 20 days overdue.
    store.complete_policy_review(
        ids[1],
        &ReviewCompletion {
            done: Some(ago(385)),
            reviewer_id: person("Priya Raman"),
            outcome: Some(ReviewOutcome::NoChange),
            notes: "Still matches the onboarding checklist".to_string(),
            ..ReviewCompletion::default()
        },
        None,
        today,
    )?;
    // Disposal: a review planned ahead.
    store.plan_policy_review(ids[3], ahead(200))?;

    add_vendor_dates(store, &ago, &ahead)
}

/// The signed vendors' agreement expiry, renewal and last written assurance.
fn add_vendor_dates(store: &mut Store, ago: &dyn Fn(u64) -> NaiveDate, ahead: &dyn Fn(u64) -> NaiveDate) -> Result<()> {
    // (vendor, expiry in days, renewal in days, assurance days ago)
    let dates: [(&str, u64, Option<u64>, u64); 5] = [
        ("PracticeChart Inc.", 400, Some(340), 100),
        // Expiring within 30 days: the renewal is under way.
        ("ClearClaim Billing LLC", 20, Some(10), 200),
        ("ShredRight document destruction", 395, None, 300),
        ("RemindMe appointment texts", 280, None, 40),
        ("Bytewise IT support", 365, None, 20),
    ];
    let current = store.current_assessment_id()?;
    let assets = store.assets(current)?;
    for (name, expiry, renewal, assurance) in dates {
        let Some(asset) = assets.iter().find(|asset| asset.name == name) else {
            continue;
        };
        let dated = Asset {
            baa_expiry: Some(ahead(expiry)),
            baa_renewal: renewal.map(ahead),
            assurance_received: Some(ago(assurance)),
            ..asset.clone()
        };
        store.save_record(&dated)?;
    }
    Ok(())
}
