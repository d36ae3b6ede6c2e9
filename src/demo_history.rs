//! The demo with a history, which `hipaa-ra demo` writes: last year's analysis, finished
//! (every blocking finding resolved, so it is final) and its report signed with a key
//! made for the demo, and this year's, started from it with `assessment next` and partly
//! worked through, so a newcomer sees the carried-forward marks and a filled-in "Changes
//! since the last assessment". The practice itself is `demo.rs`'s.

use std::path::Path;

use chrono::{Months, NaiveDate};
use color_eyre::eyre::{Result, eyre};

use crate::domain::{ActionStatus, Asset, CarriedEntity, Risk};
use crate::store::{NextOptions, Store};

/// Writes the two-year demo practice to `path`.
pub fn create(path: &Path, today: NaiveDate) -> Result<Store> {
    let last_year = today.checked_sub_months(Months::new(12)).unwrap_or(today);
    let mut store = crate::demo::create(path, last_year)?;
    finish_last_year(&mut store, last_year)?;
    sign_last_year(&mut store, last_year)?;
    store.next_assessment(&NextOptions::default(), today)?;
    work_on_this_year(&mut store)?;
    Ok(store)
}

/// The demo practice's first year, finished (final) but not yet signed: what a practice
/// has just before its sign-off. For the tests of signing a final report.
pub fn final_unsigned(path: &Path, date: NaiveDate) -> Result<Store> {
    let mut store = crate::demo::create(path, date)?;
    finish_last_year(&mut store, date)?;
    Ok(store)
}

/// Resolves every blocking finding of last year's demo the way the practice did before
/// signing: vendors' agreements signed, scenarios scored, explained and decided, the items
/// left unreviewed reviewed, the assets no scenario names covered by a note, and the
/// contradictions the scenarios record acknowledged. Rule by rule, until none is left.
fn finish_last_year(store: &mut Store, date: NaiveDate) -> Result<()> {
    use crate::domain::{
        Acknowledgment, AddressableDecision, BaaStatus, CoverageNote, ReviewStatus, Rule, Treatment, findings,
    };
    let catalog = crate::catalog::Catalog::embedded();
    // Each pass resolves what it finds; a fix may reveal another (a score, then a
    // treatment), so a few passes, and an error if anything is left.
    for _ in 0..4 {
        let workspace = store.snapshot()?;
        let open: Vec<_> = findings(&workspace, catalog, date)
            .into_iter()
            .filter(|finding| finding.blocks())
            .collect();
        if open.is_empty() {
            return Ok(());
        }
        let official = workspace
            .security_official_ids()
            .first()
            .copied()
            .ok_or_else(|| eyre!("the demo has no security official"))?;
        let matrix = workspace
            .matrix()
            .ok_or_else(|| eyre!("the demo has no matrix"))?
            .clone();
        // The highest risk (the demo's ransomware) is the one that reaches every system.
        let cover = workspace
            .risks
            .iter()
            .filter(|risk| risk.is_scored())
            .max_by_key(|risk| (risk.level(&matrix), std::cmp::Reverse(risk.id)))
            .ok_or_else(|| eyre!("the demo has no scored scenario"))?
            .clone();
        for finding in &open {
            let asset = finding.records.iter().find_map(|record| match record {
                crate::domain::RecordRef::Asset { id, .. } | crate::domain::RecordRef::Vendor { id, .. } => Some(*id),
                _ => None,
            });
            let scenario = finding.records.iter().find_map(|record| match record {
                crate::domain::RecordRef::Scenario { id, .. } => workspace.risk(*id).cloned(),
                _ => None,
            });
            let citation = finding.records.iter().find_map(|record| match record {
                crate::domain::RecordRef::Citation { citation, .. } => Some(citation.clone()),
                _ => None,
            });
            match finding.rule {
                Rule::VendorWithoutAgreement | Rule::BaItemsImplemented => {
                    for record in &finding.records {
                        if let crate::domain::RecordRef::Vendor { id, .. } | crate::domain::RecordRef::Asset { id, .. } =
                            record
                            && let Some(vendor) = workspace.asset(*id)
                        {
                            let mut details = vendor.vendor().unwrap_or(crate::domain::VendorInfo {
                                services: String::new(),
                                baa_status: BaaStatus::None,
                                baa_date: None,
                            });
                            if details.baa_status == BaaStatus::Signed {
                                continue;
                            }
                            details.baa_status = BaaStatus::Signed;
                            details.baa_date = date.checked_sub_days(chrono::Days::new(40));
                            let mut signed = vendor.clone();
                            signed.set_vendor(Some(details));
                            store.update_asset(&signed)?;
                        }
                    }
                }
                Rule::AssetWithoutScenario => {
                    let Some(asset) = asset else { continue };
                    store.save_coverage_note(&CoverageNote {
                        asset_id: asset,
                        risk_ids: vec![cover.id],
                        reason: format!(
                            "Walked through with the IT contractor: the same accounts, network and backups \
                             as the rest of the office, so \"{}\" covers it.",
                            cover.threat
                        ),
                    })?;
                }
                Rule::ScenarioNotScored | Rule::ScenarioWithoutRationale | Rule::ScenarioWithoutTreatment => {
                    let Some(mut risk) = scenario else { continue };
                    if risk.likelihood.is_none() || risk.impact.is_none() {
                        let middle = matrix.rows.levels.len() / 2;
                        risk.likelihood = Some(risk.likelihood.unwrap_or(middle));
                        risk.impact = Some(risk.impact.unwrap_or(middle));
                    }
                    if risk.likelihood_rationale.trim().is_empty() {
                        risk.likelihood_rationale =
                            "Seen at peer practices of our size in the last two years; our controls make it \
                             less frequent, not rare."
                                .to_string();
                    }
                    if risk.impact_rationale.trim().is_empty() {
                        risk.impact_rationale =
                            "Would stop scheduling or charting for a day or more and could expose a \
                             few hundred records."
                                .to_string();
                    }
                    if risk.treatment == Treatment::Undecided {
                        risk.treatment = Treatment::Accept;
                        risk.acceptance = Some(crate::domain::Acceptance {
                            person_id: official,
                            accepted_on: date,
                            reason: "Accepted for this year by the security official: the cost of more \
                                     controls outweighs the remaining risk; reviewed again next year."
                                .to_string(),
                        });
                    }
                    store.update_risk(&risk)?;
                }
                Rule::SafeguardNotReviewed | Rule::ImplementedUnsupported | Rule::DecisionMismatch => {
                    let Some(citation) = citation else { continue };
                    let Some(item) = catalog.item(&citation) else { continue };
                    let mut review = workspace.review(&citation).cloned().unwrap_or_else(|| {
                        crate::domain::SafeguardReview::not_reviewed(workspace.assessment_id, &citation)
                    });
                    if review.status == ReviewStatus::NotReviewed {
                        review.status = ReviewStatus::Partial;
                        if item.kind == crate::catalog::ItemKind::Addressable {
                            review.decision = Some(AddressableDecision::Alternative);
                            review.decision_text =
                                "A written procedure the office manager follows, checked at each staff meeting."
                                    .to_string();
                        }
                    }
                    review.reviewed_on = Some(date);
                    if review.measure.trim().is_empty() {
                        review.measure = "Written procedure in the office manual, followed by the front desk \
                                          and checked by the office manager."
                            .to_string();
                    }
                    store.save_review(&review)?;
                }
                rule if rule.acknowledgeable() => {
                    // A fix earlier in this pass may have resolved it already.
                    let acknowledged = store.acknowledge(&Acknowledgment {
                        id: 0,
                        assessment_id: workspace.assessment_id,
                        finding: finding.key.clone(),
                        person_id: official,
                        acknowledged_on: date,
                        reason: "The item is in place for the practice as a whole; the scenario records the \
                                 part that is not, with its action in the plan."
                            .to_string(),
                    });
                    match acknowledged {
                        Err(crate::store::StoreError::Refused { field: "finding", .. }) | Ok(_) => {}
                        Err(error) => return Err(error.into()),
                    }
                }
                _ => {}
            }
        }
    }
    let workspace = store.snapshot()?;
    let left = crate::domain::FindingCounts::of(&findings(&workspace, catalog, date)).blocking;
    if left > 0 {
        return Err(eyre!("the demo's last year still has {left} blocking findings"));
    }
    Ok(())
}

/// Signs last year's final report with a key made for the demo and keeps it in the
/// workspace (the PDF and JSON as signed, their signatures and the public key), which
/// makes last year's assessment final and read-only. The secret key is thrown away: the
/// demo's signature shows the workflow and verifies end to end with the kept public key
/// (`hipaa-ra report demo.hra --assessment 1`, then `minisign -Vm`); it vouches for nothing.
fn sign_last_year(store: &mut Store, date: NaiveDate) -> Result<()> {
    let pair = minisign::KeyPair::generate_unencrypted_keypair().map_err(|error| eyre!("demo key: {error}"))?;
    let key = crate::signing::SigningKey {
        secret: pair.sk,
        public: pair.pk,
    };
    let signed_at = date
        .and_hms_opt(9, 0, 0)
        .map_or_else(chrono::Utc::now, |time| time.and_utc());
    crate::publish::sign_and_keep(store, &key, date, crate::report::Paper::Letter, signed_at)?;
    Ok(())
}

/// A few months into this year: three reviews confirmed, a scenario re-scored higher, an
/// action finished and the rest of the plan confirmed as dated (one date moved, with a
/// reason, by `show_actions`), the inventory walked through, a new
/// system and its vendor (whose agreement is still pending) in the inventory; the rest
/// still to confirm.
fn work_on_this_year(store: &mut Store) -> Result<()> {
    let workspace = store.snapshot()?;
    let carried_reviews = workspace
        .reviews
        .iter()
        .filter(|review| review.status != crate::domain::ReviewStatus::NotReviewed)
        .take(3);
    for review in carried_reviews {
        store.confirm_carried(CarriedEntity::Review, review.id)?;
    }
    let matrix = workspace.matrix().ok_or_else(|| eyre!("the demo has no matrix"))?;
    let top = matrix.rows.levels.len().saturating_sub(1);
    if let Some(risk) = workspace
        .risks
        .iter()
        .find(|risk| risk.likelihood.is_some_and(|likelihood| likelihood < top) && risk.impact.is_some())
    {
        store.update_risk(&Risk {
            // To the top of the scale, so its level moves and the changes show it.
            likelihood: Some(top),
            ..risk.clone()
        })?;
    }
    for (index, action) in workspace.actions.iter().enumerate() {
        let action = if index == 0 {
            crate::domain::Action {
                status: ActionStatus::Done,
                ..action.clone()
            }
        } else {
            // Last year's plan, confirmed as it stands: a carried action keeps its due
            // date (so a late one shows overdue); `show_actions` moves one, with a reason.
            action.clone()
        };
        store.update_action(&action)?;
    }
    // The inventory walked through again this year: each asset's last review a year on,
    // so those never reviewed, or overdue already last year, still stand out.
    for asset in &workspace.assets {
        if let Some(reviewed) = asset.last_reviewed {
            store.update_asset(&Asset {
                last_reviewed: reviewed.checked_add_months(Months::new(12)),
                ..asset.clone()
            })?;
        }
    }
    if let Some(model) = workspace.assets.first() {
        let service = store.add_asset(&Asset {
            id: 0,
            name: "Tele-visit service".to_string(),
            kind: crate::domain::AssetKind::Application,
            description: "Video visits for follow-ups, launched this year.".to_string(),
            notes: String::new(),
            vendor_services: String::new(),
            baa_status: None,
            baa_date: None,
            ..model.clone()
        })?;
        store.add_asset(&Asset {
            id: 0,
            name: "TeleVisit Health LLC".to_string(),
            kind: crate::domain::AssetKind::Vendor,
            description: "Hosts the tele-visit service and its recordings.".to_string(),
            notes: String::new(),
            vendor_services: "Video visits".to_string(),
            baa_status: Some(crate::domain::BaaStatus::Pending),
            baa_date: None,
            ..model.clone()
        })?;
        // The new system's scenario, written but not yet scored or decided.
        store.add_risks(&[Risk {
            asset_ids: vec![service],
            vulnerability: "Recordings kept by the vendor by default; no retention setting chosen yet.".to_string(),
            ..Risk::unscored(
                workspace.assessment_id,
                "Tele-visit recordings exposed at the vendor",
                crate::domain::ThreatSource::Adversarial,
            )
        }])?;
    }
    show_actions(store)?;
    Ok(())
}

/// The plan backed by the data: the finished laptop-encryption action names what it
/// changes (the laptop's encryption at rest, to yes) while the inventory still says no,
/// so `check` shows the contradiction; and one carried action's due date moved with a
/// reason, so the plan prints its history.
fn show_actions(store: &mut Store) -> Result<()> {
    let workspace = store.snapshot()?;
    let laptop = workspace.active_assets().find(|asset| {
        asset.kind == crate::domain::AssetKind::Laptop && asset.encrypted_at_rest == crate::domain::Encryption::No
    });
    let encrypt = workspace
        .actions
        .iter()
        .find(|action| action.status == ActionStatus::Done && action.title.to_lowercase().contains("encrypt"));
    if let (Some(laptop), Some(encrypt)) = (laptop, encrypt) {
        store.update_action(&crate::domain::Action {
            asset_id: Some(laptop.id),
            asset_field: "encrypted".to_string(),
            asset_value: "yes".to_string(),
            ..encrypt.clone()
        })?;
    }
    if let Some(downtime) = workspace
        .actions
        .iter()
        .filter(|action| action.status.is_open())
        .find(|action| action.title.contains("downtime"))
    {
        store.update_action_moving_due(
            &crate::domain::Action {
                // Past due now; moved to a few days from today, with the reason.
                due_on: downtime.due_on.and_then(|due| due.checked_add_months(Months::new(10))),
                ..downtime.clone()
            },
            "vendor delay: the EHR's downtime-mode guide comes with its spring release",
        )?;
    }
    Ok(())
}
