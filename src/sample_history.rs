//! The sample practice with years of history, for benches and tests (`generate --years
//! N`): the first year is `sample::populate`'s practice; each later one is started from
//! the year before with `assessment next` (`Store::next_assessment`, the command's own
//! call) and then worked through as a practice does during a year, so the change log
//! grows the way real use grows it:
//!
//! - a third of the carried safeguard reviews confirmed as still right;
//! - 2% of the scored scenarios re-scored with a rewritten likelihood rationale, and 3%
//!   confirmed as still right;
//! - a quarter of the open actions finished;
//! - 2% of the assets reviewed again (their review date set to the year's day);
//! - 1% of the assets retired and 1% new ones added, half of these with a new scenario.
//!
//! Earlier years are left as drafts, neither finished nor signed: `assessment next` carries
//! a draft forward as it does a final year, and finishing 20,000 generated scenarios by
//! hand-written rules (as `demo_history` does for the demo's few) would cost more
//! generation time than the history it adds. The figures at five years therefore measure
//! the longer log and the five years of rows, not stored signed reports.
//!
//! Deterministic: the same size, years and date give the same records (each year's
//! generator is seeded from the size and the year). The log's times are the clock's.

use std::path::Path;

use chrono::{Months, NaiveDate};

use crate::domain::*;
use crate::sample::{self, ASSESSOR, PRACTICE_NAME, Rng, SampleSize};
use crate::store::{NextOptions, Result, Store, StoreError};

/// Creates a sample workspace at `path` (which must not exist) with `years` assessments
/// (at least one), the last of them started on `today`, each a year after the one before.
pub fn create(path: &Path, size: &SampleSize, years: usize, today: NaiveDate) -> Result<Store> {
    let mut store = Store::create(path, PRACTICE_NAME, ASSESSOR, year_day(today, years, 0))?;
    populate(&mut store, size, years, today)?;
    Ok(store)
}

/// Fills a fresh workspace, whose current assessment is the first year's (created on
/// `year_day(today, years, 0)`), with `years` years of the sample practice.
pub fn populate(store: &mut Store, size: &SampleSize, years: usize, today: NaiveDate) -> Result<()> {
    let years = years.max(1);
    sample::populate(store, size, year_day(today, years, 0))?;
    for year in 1..years {
        let day = year_day(today, years, year);
        store.next_assessment(&NextOptions::default(), day)?;
        work_through_year(store, size, year, day)?;
    }
    Ok(())
}

/// The day year `year` (0 the first) of `years` is started: `today` for the last one, a
/// year earlier for each before it.
pub fn year_day(today: NaiveDate, years: usize, year: usize) -> NaiveDate {
    let back = years.max(1).saturating_sub(1).saturating_sub(year);
    u32::try_from(back * 12)
        .ok()
        .and_then(|months| today.checked_sub_months(Months::new(months)))
        .unwrap_or(today)
}

/// A year's work on the open (just carried) assessment, dated `day`.
fn work_through_year(store: &mut Store, size: &SampleSize, year: usize, day: NaiveDate) -> Result<()> {
    let mut rng = Rng::new(0x5945_4152 ^ ((size.assets as u64) << 24) ^ ((size.risks as u64) << 4) ^ year as u64);
    let workspace = store.snapshot()?;
    let label = chrono::Datelike::year(&day);
    for review in &workspace.reviews {
        if workspace.needs_confirmation(CarriedEntity::Review, review.id) && rng.chance(33) {
            store.confirm_carried(CarriedEntity::Review, review.id)?;
        }
    }
    let rows = workspace.matrix().map_or(0, |matrix| matrix.rows.levels.len());
    for risk in &workspace.risks {
        let carried = workspace.needs_confirmation(CarriedEntity::Risk, risk.id);
        match (risk.likelihood, rng.below(100)) {
            // Re-scored: another likelihood, with its reason rewritten (which also
            // confirms the carried scenario). Accepted risks keep their score, so an
            // acceptance never has to be given again for a higher level.
            (Some(likelihood), 0..=1) if rows > 1 && risk.treatment != Treatment::Accept => {
                let rescored = Risk {
                    likelihood: Some((likelihood + 1 + rng.below(rows - 1)) % rows),
                    likelihood_rationale: format!(
                        "Re-scored in {label}: {}",
                        rng.sentence(&sample::NOTE_WORDS, 2, 160)
                    ),
                    ..risk.clone()
                };
                skip_refused(store.update_risk(&rescored))?;
            }
            (_, 2..=4) if carried => store.confirm_carried(CarriedEntity::Risk, risk.id)?,
            _ => {}
        }
    }
    for action in workspace.actions.iter().filter(|action| action.status.is_open()) {
        if rng.chance(25) {
            skip_refused(store.update_action(&Action {
                status: ActionStatus::Done,
                ..action.clone()
            }))?;
        }
    }
    let active: Vec<&Asset> = workspace.active_assets().collect();
    for asset in &active {
        if rng.chance(2) {
            store.update_asset(&Asset {
                last_reviewed: Some(day),
                ..(*asset).clone()
            })?;
        }
    }
    // Every asset of the year just carried was carried forward, so any may be retired
    // (a new one would be deleted instead).
    let retiring: Vec<Id> = active.iter().filter(|_| rng.chance(1)).map(|asset| asset.id).collect();
    if !retiring.is_empty() {
        store.retire_assets(&retiring, day)?;
    }
    add_new_assets(store, &mut rng, &workspace, size, year, day)
}

/// 1% new assets (numbered after the ones before), half of them named by a new scenario,
/// written but not yet scored or decided.
fn add_new_assets(
    store: &mut Store,
    rng: &mut Rng,
    workspace: &Workspace,
    size: &SampleSize,
    year: usize,
    day: NaiveDate,
) -> Result<()> {
    let count = size.assets.div_ceil(100);
    let first_number = size.assets + (year - 1) * count;
    let people: Vec<Id> = workspace.people.iter().map(|person| person.id).collect();
    let kinds = &AssetKind::ALL[..14];
    let assets: Vec<Asset> = (0..count)
        .map(|index| {
            let kind = *rng.pick(kinds);
            let mut asset = Asset {
                id: 0,
                assessment_id: workspace.assessment_id,
                name: format!(
                    "{} {} {:05}",
                    rng.pick(&sample::QUALIFIERS),
                    sample::kind_noun(kind),
                    first_number + index + 1
                ),
                kind,
                description: rng.sentence(&sample::DESCRIPTION_WORDS, 2, 120),
                location: rng.pick(&sample::PLACES).to_string(),
                owner_id: (!people.is_empty()).then(|| *rng.pick(&people)),
                ephi: EphiActions {
                    create: rng.chance(50),
                    receive: rng.chance(70),
                    maintain: rng.chance(60),
                    transmit: rng.chance(50),
                },
                criticality: *rng.pick(Criticality::ALL),
                encrypted_at_rest: *rng.pick(Encryption::ALL),
                last_reviewed: Some(day),
                ..Asset::default()
            };
            // A new vendor's agreement is asked for when it is added.
            let vendor = (kind == AssetKind::Vendor).then(|| VendorInfo {
                services: rng.sentence(&sample::DESCRIPTION_WORDS, 1, 80),
                baa_status: BaaStatus::Pending,
                baa_date: None,
            });
            asset.set_vendor(vendor);
            asset
        })
        .collect();
    let ids = store.add_assets(&assets)?;
    let catalog = crate::catalog::Catalog::embedded();
    let risks: Vec<Risk> = assets
        .iter()
        .zip(&ids)
        .filter(|_| rng.chance(50))
        .filter_map(|(asset, id)| {
            let threat = catalog.threats_for_kind(asset.kind).next()?;
            let mut risk = threat.scenario(workspace, vec![*id]);
            risk.vulnerability = threat.suggested_vulnerability().to_string();
            Some(risk)
        })
        .collect();
    if !risks.is_empty() {
        store.add_risks(&risks)?;
    }
    Ok(())
}

/// A change the store's rules refuse (a re-score that would need an acceptance given
/// again, a scenario to mitigate whose actions stayed with last year) is one a user
/// would not have made: it is left out, and any other error stops the generation.
fn skip_refused(result: Result<()>) -> Result<()> {
    match result {
        Err(StoreError::Refused { .. }) => Ok(()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::DataStatus;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).expect("a valid date")
    }

    const TINY: SampleSize = SampleSize {
        assets: 40,
        risks: 30,
        actions: 12,
        evidence: 3,
    };

    #[test]
    fn two_years_are_two_assessments_the_second_carried_from_the_first_and_the_log_replays() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let store = create(&dir.path().join("two.hra"), &TINY, 2, today()).expect("the sample");
        let assessments = store.assessments().expect("the assessments");
        assert_eq!(assessments.len(), 2);
        let (first, second) = (&assessments[0], &assessments[1]);
        assert_eq!(second.carried_from, Some(first.id));
        assert_eq!(first.period_start, NaiveDate::from_ymd_opt(2025, 1, 1).expect("a date"));
        assert_eq!(
            second.period_start,
            NaiveDate::from_ymd_opt(2026, 1, 1).expect("a date")
        );
        assert_eq!(store.current_assessment_id().expect("the open one"), second.id);
        // The second year holds the first's assets (but the retired) and the new ones.
        let this_year = store.snapshot().expect("a snapshot");
        let last_year = store.snapshot_of(first.id).expect("last year's snapshot");
        assert_eq!(last_year.assets.len(), TINY.assets);
        assert_eq!(this_year.assets.len(), TINY.assets + TINY.assets.div_ceil(100));
        assert!(this_year.risks.len() >= last_year.risks.len());
        // The year was worked through: something carried is confirmed or rewritten.
        assert!(
            store
                .carried_items(second.id)
                .expect("the marks")
                .iter()
                .any(|item| item.confirmed)
        );
        match store.verify_history().expect("the replay") {
            DataStatus::Consistent { entries, .. } => assert!(entries > 0),
            other => panic!("the log does not replay: {other:?}"),
        }
    }

    #[test]
    fn the_same_arguments_give_the_same_records() {
        let make = || {
            let dir = tempfile::tempdir().expect("a temporary directory");
            let store = create(&dir.path().join("same.hra"), &TINY, 2, today()).expect("the sample");
            store
                .assessments()
                .expect("the assessments")
                .iter()
                .map(|assessment| {
                    let workspace = store.snapshot_of(assessment.id).expect("a snapshot");
                    (
                        workspace.assets,
                        workspace.risks,
                        workspace.actions,
                        workspace.reviews,
                        workspace.retired,
                    )
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(make(), make());
    }

    #[test]
    fn one_year_is_the_plain_sample() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let history = create(&dir.path().join("one.hra"), &TINY, 1, today()).expect("the sample");
        let plain = sample::create(&dir.path().join("plain.hra"), &TINY, today()).expect("the sample");
        let records = |store: &Store| {
            let workspace = store.snapshot().expect("a snapshot");
            (workspace.assets, workspace.risks, workspace.actions)
        };
        assert_eq!(history.assessments().expect("assessments").len(), 1);
        assert_eq!(records(&history), records(&plain));
    }
}
