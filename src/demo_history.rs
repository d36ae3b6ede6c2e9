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
    crate::demo_training::move_forward(&mut store, last_year, today)?;
    work_on_this_year(&mut store)?;
    crate::demo_access::add(&mut store, today)?;
    // The program's records are dated, not per year: this year's, as of today.
    crate::demo_policies::populate(&mut store, today)?;
    crate::demo_contingency::populate(&mut store, today)?;
    // This year's incidents, dated from today, linked to this year's assets and scenarios.
    let this_year = store.current_assessment_id()?;
    crate::demo_incidents::add(&mut store, this_year, today)?;
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
/// left unreviewed reviewed, the assets no scenario names covered by a note or given a
/// scenario, and the gaps planned. Rule by rule, until none is left; nothing is
/// acknowledged, so a final year whose records contradict each other fails here.
fn finish_last_year(store: &mut Store, date: NaiveDate) -> Result<()> {
    use crate::domain::{
        AddressableDecision, BaaStatus, CoverageNote, Labeled, ReviewStatus, Rule, Treatment, findings,
    };
    let catalog = crate::catalog::Catalog::embedded();
    // Each pass resolves what it finds; a fix may reveal another (a score, then a
    // treatment, or a new scenario's contradictions), so a few passes, and an error if
    // anything is left.
    for _ in 0..6 {
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
        plan_last_years_gaps(store, &workspace, &open, official, date)?;
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
                // One finding per vendor, naming the business-associate items it
                // contradicts: signing the vendor's agreement resolves them all.
                Rule::VendorWithoutAgreement => {
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
                    let Some(asset) = asset.and_then(|id| workspace.asset(id)) else {
                        continue;
                    };
                    // A note names a scenario whose threat fits this kind of asset, with
                    // the asset's own reason; with none that fits, the asset gets the
                    // library's scenario for its kind (scored and decided next pass).
                    let fitting = workspace
                        .risks
                        .iter()
                        .filter(|risk| risk.is_scored())
                        .filter(|risk| {
                            risk.threat_key
                                .as_deref()
                                .and_then(|key| catalog.threat(key))
                                .is_some_and(|threat| threat.asset_kinds.contains(&asset.kind))
                        })
                        .max_by_key(|risk| (risk.level(&matrix), std::cmp::Reverse(risk.id)));
                    match (fitting, catalog.threats_for_kind(asset.kind).next()) {
                        (Some(risk), _) => store.save_coverage_note(&CoverageNote {
                            asset_id: asset.id,
                            risk_ids: vec![risk.id],
                            reason: format!(
                                "Walked through with the IT contractor: \"{}\" ({}) meets \"{}\" the same way \
                                 as the assets the scenario names, so its likelihood, impact and actions apply.",
                                asset.name,
                                asset.kind.label().to_lowercase(),
                                risk.threat
                            ),
                        })?,
                        (None, Some(threat)) => {
                            // It cites only the library's items the review found no measure
                            // in place for (see `Threat::scenario`).
                            let mut risk = threat.scenario(&workspace, vec![asset.id]);
                            risk.vulnerability = threat.suggested_vulnerability().to_string();
                            store.add_risks(&[risk])?;
                        }
                        (None, None) => store.save_coverage_note(&CoverageNote {
                            asset_id: asset.id,
                            risk_ids: vec![cover.id],
                            reason: format!(
                                "Walked through with the IT contractor: \"{}\" shares the office's accounts, \
                                 network and backups, so \"{}\" covers it.",
                                asset.name, cover.threat
                            ),
                        })?,
                    }
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
                Rule::GapWithoutOwner => {
                    let Some(review) = citation.and_then(|citation| workspace.review(&citation).cloned()) else {
                        continue;
                    };
                    store.save_review(&crate::domain::SafeguardReview {
                        owner_id: Some(official),
                        ..review
                    })?;
                }
                Rule::MethodologyIncomplete => {
                    let Some(assessment) = workspace.assessment() else {
                        continue;
                    };
                    let mut assessment = assessment.clone();
                    assessment.methodology = crate::domain::Methodology {
                        information_sources: "Interviews with the owner of each system; the EHR's user and access \
                                              reports; vendor contracts and agreements; last year's checklist."
                            .to_string(),
                        participants: "Dana Whitfield (practice manager, security official); Dr. María Álvarez \
                                       (owner, privacy official); Kevin Osei (office and IT coordinator); Bytewise \
                                       IT (contractor)."
                            .to_string(),
                        data_collection: "A walk-through of every room and system with the IT contractor; a \
                                          questionnaire per safeguard item; the inventory checked against the \
                                          vendor list and the EHR's device list."
                            .to_string(),
                        ..assessment.methodology.clone()
                    };
                    store.save_profile(&workspace.practice, &assessment)?;
                }
                // Nothing is acknowledged to finish the year: the demo's reviews and scenarios
                // agree (each scenario cites only the items it records a gap in), so a
                // contradiction left here is a fault in the demo's data and fails below.
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

/// The review's gaps with no plan, planned the way the practice did: one scenario citing
/// them, scored with its reasons, to mitigate with an action to close them. A gap the
/// analysis found and decided nothing about would make the final report contradict itself.
fn plan_last_years_gaps(
    store: &mut Store,
    workspace: &crate::domain::Workspace,
    open: &[crate::domain::Finding],
    official: crate::domain::Id,
    date: NaiveDate,
) -> Result<()> {
    use crate::domain::{Action, RecordRef, Rule, ThreatSource, Treatment};
    // A gap an undecided scenario cites is planned by that scenario's decision, made in
    // the same pass (`ScenarioWithoutTreatment`), so it needs no scenario of its own.
    let decided_this_pass = |citation: &String| {
        workspace
            .risks
            .iter()
            .any(|risk| risk.treatment == Treatment::Undecided && risk.citations.contains(citation))
    };
    let gaps: Vec<String> = open
        .iter()
        .filter(|finding| finding.rule == Rule::GapWithoutPlan)
        .filter_map(|finding| {
            finding.records.iter().find_map(|record| match record {
                RecordRef::Citation { citation, .. } => Some(citation.clone()),
                _ => None,
            })
        })
        .filter(|citation| !decided_this_pass(citation))
        .collect();
    if gaps.is_empty() {
        return Ok(());
    }
    let matrix = workspace.matrix().ok_or_else(|| eyre!("the demo has no matrix"))?;
    let middle = matrix.rows.levels.len() / 2;
    let listed: Vec<String> = gaps.iter().map(|citation| format!("§{citation}")).collect();
    let risk = Risk {
        citations: gaps.clone(),
        vulnerability: format!(
            "Procedures partly in place and not yet written down: {}.",
            listed.join(", ")
        ),
        existing_controls: "The office manager's habits and the staff meeting checklist.".to_string(),
        likelihood: Some(middle.saturating_sub(1)),
        impact: Some(middle),
        likelihood_rationale: "The gaps were found in this year's walk-through; nothing has gone wrong through \
                               them so far."
            .to_string(),
        impact_rationale: "Unwritten procedures are skipped when the person who knows them is away: a missed \
                           step exposes a few records, not the practice."
            .to_string(),
        owner_id: Some(official),
        ..Risk::unscored(
            workspace.assessment_id,
            "Safeguards partly in place fail when needed",
            ThreatSource::Structural,
        )
    };
    let ids = store.add_risks(std::slice::from_ref(&risk))?;
    let Some(id) = ids.first().copied() else {
        return Ok(());
    };
    store.set_treatment(
        &Risk {
            id,
            treatment: Treatment::Mitigate,
            residual_likelihood: Some(0),
            residual_impact: Some(middle),
            ..risk
        },
        Some(&Action {
            title: "Write the missing procedures and review the items again".to_string(),
            owner_id: Some(official),
            due_on: date.checked_add_days(chrono::Days::new(120)),
            status: ActionStatus::Planned,
            ..Action::default()
        }),
    )?;
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
/// reason, by `show_actions`), the inventory walked through, a new system and its vendor
/// (whose agreement is still pending) in the inventory; two scenarios confirmed
/// (`show_carried`); the rest still to confirm.
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
    show_scope(store)?;
    show_carried(store)?;
    show_rules(store)?;
    show_actions(store)?;
    Ok(())
}

/// One scope: last year's "Old workstations awaiting disposal (2)" were wiped and taken
/// away this spring, so this year's inventory refresh retired them. They keep last year's
/// record but leave this year's scope: the report lists them under "Retired assets" and
/// counts them in no table, export or finding.
fn show_scope(store: &mut Store) -> Result<()> {
    let workspace = store.snapshot()?;
    let Some(old) = workspace
        .assets
        .iter()
        .find(|asset| asset.name == "Old workstations awaiting disposal (2)")
    else {
        return Ok(());
    };
    let assessment = workspace
        .assessment()
        .ok_or_else(|| eyre!("the demo has no open assessment"))?;
    let on = assessment.started_on.unwrap_or(assessment.period_start);
    store.retire_assets(&[old.id], on)?;
    Ok(())
}

/// Carried-forward scenarios: two of last year's confirmed this year (one as still right,
/// one with its likelihood rationale rewritten), the rest left waiting, so the register
/// shows both and `check` names the waiting ones. The scenario re-scored above keeps last
/// year's rationale, so its finding says the rationale was not re-read, and the changes
/// list its rating change beside the old and new rationale.
fn show_carried(store: &mut Store) -> Result<()> {
    let workspace = store.snapshot()?;
    let mut waiting = workspace.risks.iter().filter(|risk| {
        workspace.needs_confirmation(CarriedEntity::Risk, risk.id)
            && workspace
                .previous_scores(risk.id)
                .is_some_and(|previous| previous == (risk.likelihood, risk.impact))
    });
    if let Some(still_right) = waiting.next() {
        store.confirm_carried(CarriedEntity::Risk, still_right.id)?;
    }
    if let Some(reread) = waiting.next() {
        store.update_risk(&Risk {
            likelihood_rationale: format!(
                "Re-read this year: {} The same staff, systems and controls as last year, so the same likelihood.",
                reread.likelihood_rationale.trim()
            ),
            ..reread.clone()
        })?;
    }
    Ok(())
}

/// This year's records disagreeing with each other, as an investigator found them: each
/// of the cross-record rules has a finding to show. Carried forward on its own, the staff
/// snooping scenario is to mitigate with no action (its done action stayed with last
/// year) while audit controls are marked implemented; here a newly found gap with no plan
/// and no owner, the methodology's participants not yet listed, and
/// one sentence pasted as the coverage note of a vendor and the staff's phones.
fn show_rules(store: &mut Store) -> Result<()> {
    use crate::domain::{CoverageNote, ReviewStatus, SafeguardReview};
    let workspace = store.snapshot()?;
    let assessment = workspace
        .assessment()
        .ok_or_else(|| eyre!("the demo has no current assessment"))?
        .clone();
    // The day this year's assessment was started: the demo's "today".
    let today = assessment.started_on.unwrap_or(assessment.period_start);
    // A gap found this year in an item no scenario cites, not yet given to anyone.
    let citation = "164.308(a)(3)(i)";
    let review = workspace
        .review(citation)
        .cloned()
        .unwrap_or_else(|| SafeguardReview::not_reviewed(workspace.assessment_id, citation));
    store.save_review(&SafeguardReview {
        status: ReviewStatus::Partial,
        owner_id: None,
        decision: None,
        decision_text: String::new(),
        measure: String::new(),
        answers: Vec::new(),
        reviewed_on: Some(today),
        notes: "The tele-visit nurses work from home this year; nobody supervises their access yet.".to_string(),
        ..review
    })?;
    // This year's methodology begun: its sources and methods written, the participants
    // left to list once this year's interviews are held.
    let mut begun = assessment;
    begun.methodology.information_sources =
        "Interviews with each system's owner; the EHR's access reports; the tele-visit vendor's security sheet."
            .to_string();
    begun.methodology.data_collection =
        "A walk-through with the IT contractor and the safeguard questionnaire, item by item.".to_string();
    begun.methodology.participants.clear();
    store.save_profile(&workspace.practice, &begun)?;
    let ransomware = workspace
        .risks
        .iter()
        .find(|risk| risk.threat_key.as_deref() == Some("ransomware"))
        .ok_or_else(|| eyre!("the demo has no ransomware scenario"))?;
    // Two assets a scenario already names, so each note is new this year.
    for name in ["Staff personal phones", "SafeVault cloud backup"] {
        let asset = workspace
            .assets
            .iter()
            .find(|asset| asset.name == name)
            .ok_or_else(|| eyre!("the demo has no \"{name}\""))?;
        store.save_coverage_note(&CoverageNote {
            asset_id: asset.id,
            risk_ids: vec![ransomware.id],
            reason: "Same accounts, network and backups as the rest of the office, so the ransomware scenario \
                     covers it."
                .to_string(),
        })?;
    }
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
