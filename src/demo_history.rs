//! The demo with a history: last year's analysis (final, its report signed with a key made
//! for the demo) and this year's, started from it with `assessment next` and partly
//! worked through, so a newcomer sees the carried-forward marks and a filled-in "Changes
//! since the last assessment". The practice itself is `demo.rs`'s.
//!
//! Not yet what `hipaa-ra demo` writes: the CLI and pty tests still expect the one-year
//! demo, and switching them over is the next step.

use std::path::Path;

use chrono::{Months, NaiveDate};
use color_eyre::eyre::{Result, eyre};

use crate::domain::{ActionStatus, Asset, CarriedEntity, Risk, SignOffRecord};
use crate::store::{NextOptions, Store};

/// Writes the two-year demo practice to `path`.
pub fn create(path: &Path, today: NaiveDate) -> Result<Store> {
    let last_year = today.checked_sub_months(Months::new(12)).unwrap_or(today);
    let mut store = crate::demo::create(path, last_year)?;
    sign_last_year(&mut store, last_year)?;
    store.next_assessment(&NextOptions::default(), today)?;
    work_on_this_year(&mut store)?;
    Ok(store)
}

/// Signs last year's report (its JSON) with a key made for the demo and records the
/// signature, which makes last year's assessment final and read-only. The key is thrown
/// away: the demo's signature shows the workflow, it vouches for nothing.
fn sign_last_year(store: &mut Store, date: NaiveDate) -> Result<()> {
    let (model, workspace) = crate::publish::model(store, date, None)?;
    let bytes = crate::report::render_json(&model).into_bytes();
    let pair = minisign::KeyPair::generate_unencrypted_keypair().map_err(|error| eyre!("demo key: {error}"))?;
    let key = crate::signing::SigningKey {
        secret: pair.sk,
        public: pair.pk,
    };
    crate::signing::sign(&key, &bytes, "hipaa-ra demo: last year's report")?;
    use sha2::Digest;
    let sha256 = sha2::Sha256::digest(&bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect();
    store.record_sign_off(&SignOffRecord {
        id: 0,
        assessment_id: workspace.assessment_id,
        report_date: date,
        signed_at: format!("{date}T09:00:00Z"),
        signer: model.sign_off.signer.as_ref().map_or_else(
            || workspace.assessment().map_or_else(String::new, |a| a.assessor.clone()),
            |signer| signer.name.clone(),
        ),
        key_id: crate::signing::key_id(&key.public),
        report_sha256: sha256,
        log_head: 0,
        current: true,
    })?;
    Ok(())
}

/// A few months into this year: three reviews confirmed, a scenario re-scored higher, an
/// action finished and a new system in the inventory; the rest still to confirm.
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
    if let Some(action) = workspace.actions.first() {
        store.update_action(&crate::domain::Action {
            status: ActionStatus::Done,
            ..action.clone()
        })?;
    }
    if let Some(model) = workspace.assets.first() {
        store.add_asset(&Asset {
            id: 0,
            name: "Patient portal".to_string(),
            kind: crate::domain::AssetKind::Application,
            description: "Online appointment requests and lab results, launched this year.".to_string(),
            notes: String::new(),
            vendor: None,
            ..model.clone()
        })?;
    }
    Ok(())
}
