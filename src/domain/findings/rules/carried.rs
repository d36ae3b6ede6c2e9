//! Carried-forward scenarios: `assessment next` copies last year's scenarios with their
//! ratings and rationale, marked until someone confirms them this year (see
//! `domain::carry` and the marks of `store::carry`). A carried scenario is last year's
//! judgement: it counts for this period only once it is re-read.
//!
//! # What confirms a carried scenario
//! - **Its rationale rewritten**: a save that changes the likelihood or impact rationale
//!   (whatever it does to the rating) clears the mark: the rationale was re-read, and it
//!   explains the rating as saved. The store's trigger does this on every write path.
//! - **Confirmed as still right**: the confirm key on the Risks screen (`C`), which says
//!   the rating and the rationale as they stand were re-read and hold for this period,
//!   also after a re-score whose rationale still fits.
//!
//! Any other save does not confirm: a treatment, an owner, the assets, a threat edit, and a
//! re-score that leaves the rationale as last year's. The last is the case this rule names
//! most plainly ("rating changed from High to Very High but the rationale is last year's"):
//! a new rating explained by last year's words has not been re-read.

use super::{Context, RISK_ANALYSIS, capitalised, scenario_ref};
use crate::domain::findings::{Finding, Rule};
use crate::domain::{Risk, RiskMatrix};

/// Every carried scenario whose mark is not yet cleared, in scenario order.
pub(super) fn scenario_not_confirmed(cx: &Context<'_>) -> Vec<Finding> {
    let matrix = cx.workspace.matrix();
    cx.risks
        .iter()
        .copied()
        .filter_map(|risk| {
            let mark = cx.risk_marks.get(&risk.id).copied()?;
            if mark.confirmed {
                return None;
            }
            let record = scenario_ref(risk);
            let name = capitalised(&record.display());
            let rescored =
                matrix.and_then(|matrix| rating_change(matrix, risk, mark.previous_likelihood, mark.previous_impact));
            let (message, resolution) = match rescored {
                Some(change) => (
                    format!(
                        "{name}: rating changed from {change} but the rationale is last year's, not re-read: a new \
                         rating needs its reason ({RISK_ANALYSIS})"
                    ),
                    "rewrite the rationale for the new rating (s on the Risks screen), or confirm last year's \
                     rationale still explains it (C on the Risks screen)",
                ),
                None => (
                    format!(
                        "{name} was carried forward from last year{} and is not yet confirmed for this period: last \
                         year's rating and rationale are not this year's analysis ({RISK_ANALYSIS})",
                        matrix
                            .and_then(|matrix| rating(matrix, risk.likelihood, risk.impact))
                            .map_or_else(String::new, |rating| format!(" rated {rating}"))
                    ),
                    "re-read its rationale: re-score it with the rationale rewritten (s on the Risks screen), or \
                     confirm it still holds (C on the Risks screen)",
                ),
            };
            Some(Finding::new(
                Rule::ScenarioNotConfirmed,
                format!("scenario:{}", risk.id),
                vec![record],
                message,
                resolution,
            ))
        })
        .collect()
}

/// "High (likelihood High, impact Moderate)": the level and its two scores, as labelled
/// on the matrix; None unless both are scored.
fn rating(matrix: &RiskMatrix, likelihood: Option<usize>, impact: Option<usize>) -> Option<String> {
    let (likelihood, impact) = (likelihood?, impact?);
    Some(format!(
        "{} (likelihood {}, impact {})",
        matrix.lookup_label(likelihood, impact)?,
        matrix.rows.label(likelihood)?,
        matrix.columns.label(impact)?
    ))
}

/// How a scenario scored last year and this year differs: "High to Very High
/// (likelihood High to Very High)", or "likelihood Low to High, impact High to Low (level
/// Moderate both years)"; None when either year is not fully scored or nothing changed.
fn rating_change(
    matrix: &RiskMatrix,
    risk: &Risk,
    previous_likelihood: Option<usize>,
    previous_impact: Option<usize>,
) -> Option<String> {
    let (before_l, before_i) = (previous_likelihood?, previous_impact?);
    let (after_l, after_i) = (risk.likelihood?, risk.impact?);
    if (before_l, before_i) == (after_l, after_i) {
        return None;
    }
    let mut scores = Vec::new();
    if before_l != after_l {
        scores.push(format!(
            "likelihood {} to {}",
            matrix.rows.label(before_l)?,
            matrix.rows.label(after_l)?
        ));
    }
    if before_i != after_i {
        scores.push(format!(
            "impact {} to {}",
            matrix.columns.label(before_i)?,
            matrix.columns.label(after_i)?
        ));
    }
    let scores = scores.join(", ");
    let (before, after) = (
        matrix.lookup_label(before_l, before_i)?,
        matrix.lookup_label(after_l, after_i)?,
    );
    Some(if before == after {
        format!("{scores} (level {after} both years)")
    } else {
        format!("{before} to {after} ({scores})")
    })
}
