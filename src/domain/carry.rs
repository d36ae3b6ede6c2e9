//! Next year: what `assessment next` carried forward from last year and whether it has
//! been confirmed, and the signature that makes an assessment final and read-only. Plain
//! records and the rules over them; the copying itself is the store's (store/carry.rs).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::model::{Assessment, Id};
use super::workspace::Workspace;
use crate::labeled_enum;

labeled_enum! {
    /// The kinds of record that are carried forward and marked until confirmed.
    pub enum CarriedEntity {
        Asset => ("asset", "Asset"),
        Review => ("review", "Safeguard review"),
        Risk => ("risk", "Risk scenario"),
        Action => ("action", "Action"),
        Acknowledgment => ("acknowledgment", "Acknowledgment"),
        CoverageNote => ("coverage_note", "Coverage note"),
    }
}

/// An asset of a carried-forward inventory that the user retired this year (the updated
/// spreadsheet no longer listed it). It stays, with last year's record behind it, but is
/// out of this year's scope: it raises no findings and counts in no signal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetiredAsset {
    pub asset_id: Id,
    pub retired_on: NaiveDate,
}

/// A record copied from the previous assessment: the new record, last year's, and whether
/// someone has confirmed it this year. A carried risk keeps last year's scores beside the
/// new ones until it is re-scored. A coverage note is named by its asset's id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CarriedItem {
    pub entity: CarriedEntity,
    pub record_id: Id,
    pub previous_id: Id,
    pub previous_likelihood: Option<usize>,
    pub previous_impact: Option<usize>,
    pub confirmed: bool,
}

/// The signed final report of an assessment: from then on its records are read-only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssessmentSignature {
    pub assessment_id: Id,
    pub signed_on: NaiveDate,
    pub key_id: String,
    pub report_sha256: String,
}

/// What an assessment-next copy produced, for the command's one-line summary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CarrySummary {
    pub assessment_id: Id,
    pub assets: usize,
    pub reviews: usize,
    pub risks: usize,
    pub actions: usize,
    pub evidence_links: usize,
    pub acknowledgments: usize,
    pub coverage_notes: usize,
}

impl CarrySummary {
    pub fn line(&self) -> String {
        format!(
            "started assessment {}: carried forward {} assets, {} safeguard reviews, {} risk scenarios, \
             {} open actions, {} evidence links, {} acknowledgments and {} coverage notes, each marked until \
             confirmed",
            self.assessment_id,
            self.assets,
            self.reviews,
            self.risks,
            self.actions,
            self.evidence_links,
            self.acknowledgments,
            self.coverage_notes
        )
    }
}

impl Workspace {
    /// The carry-forward mark of a record of the open assessment, if it was carried.
    pub fn carried(&self, entity: CarriedEntity, record_id: Id) -> Option<&CarriedItem> {
        self.carried
            .iter()
            .find(|item| item.entity == entity && item.record_id == record_id)
    }

    /// Carried forward and not yet confirmed: shown as "carried forward, confirm".
    pub fn needs_confirmation(&self, entity: CarriedEntity, record_id: Id) -> bool {
        self.carried(entity, record_id).is_some_and(|item| !item.confirmed)
    }

    /// Whether a safeguard item counts as reviewed this year: it has a status, and if it
    /// was carried forward, someone confirmed it (a carried review is last year's answer).
    pub fn is_reviewed(&self, citation: &str) -> bool {
        self.review(citation).is_some_and(|review| {
            review.status != super::ReviewStatus::NotReviewed
                && !self.needs_confirmation(CarriedEntity::Review, review.id)
        })
    }

    /// The carried records still waiting for confirmation, by kind (asset, review, risk,
    /// action). Each is an open item: the assessment cannot go final by inheritance.
    pub fn unconfirmed(&self) -> Vec<&CarriedItem> {
        self.carried.iter().filter(|item| !item.confirmed).collect()
    }

    /// Whether an asset of the open assessment was retired this year.
    pub fn is_retired(&self, asset_id: Id) -> bool {
        self.retired.iter().any(|retired| retired.asset_id == asset_id)
    }

    /// The assets of this year's scope: every asset but the retired ones.
    pub fn active_assets(&self) -> impl Iterator<Item = &super::Asset> {
        self.assets.iter().filter(|asset| !self.is_retired(asset.id))
    }

    /// Last year's likelihood and impact of a carried scenario not yet re-scored this
    /// year, for showing beside the new ones.
    pub fn previous_scores(&self, risk_id: Id) -> Option<(Option<usize>, Option<usize>)> {
        self.carried(CarriedEntity::Risk, risk_id)
            .map(|item| (item.previous_likelihood, item.previous_impact))
    }

    /// The signature of an assessment, if its final report was signed.
    pub fn signature(&self, assessment_id: Id) -> Option<&AssessmentSignature> {
        self.signatures
            .iter()
            .find(|signature| signature.assessment_id == assessment_id)
    }

    /// The assessment the open one was carried forward from.
    pub fn previous_assessment(&self) -> Option<&Assessment> {
        let from = self.assessment()?.carried_from?;
        self.assessments.iter().find(|assessment| assessment.id == from)
    }
}

/// A finding key of last year (`rule:subject`, see `domain::findings`) with the ids of the
/// records it names replaced by this year's copies: assets (`asset:`, `assets:`,
/// `vendors:`), scenarios (`scenario:`) and actions (`action:`); citations and evidence
/// (the practice's, not copied) stay. None when a record it names was not carried (a
/// finished action, say): the acknowledgment then has nothing to resolve this year.
pub fn carry_finding_key(
    key: &str,
    assets: &std::collections::HashMap<Id, Id>,
    risks: &std::collections::HashMap<Id, Id>,
    actions: &std::collections::HashMap<Id, Id>,
) -> Option<String> {
    let parts: Vec<&str> = key.split(':').collect();
    let mut carried = Vec::with_capacity(parts.len());
    let mut map: Option<&std::collections::HashMap<Id, Id>> = None;
    for part in parts {
        match map.take() {
            Some(ids) => {
                let mut new = part
                    .split(',')
                    .map(|old| old.parse::<Id>().ok().and_then(|old| ids.get(&old).copied()))
                    .collect::<Option<Vec<Id>>>()?;
                // The rules list several records by id, ascending.
                new.sort_unstable();
                carried.push(new.iter().map(Id::to_string).collect::<Vec<_>>().join(","));
            }
            None => {
                map = match part {
                    "asset" | "assets" | "vendors" => Some(assets),
                    "scenario" => Some(risks),
                    "action" => Some(actions),
                    _ => None,
                };
                carried.push(part.to_string());
            }
        }
    }
    Some(carried.join(":"))
}

/// The periodic-review signal: green until a month before the next review date, amber
/// from then, red once it has passed; amber when no date is planned.
pub fn review_signal(next_review: Option<NaiveDate>, today: NaiveDate) -> super::readiness::SignalLevel {
    use super::readiness::SignalLevel;
    match next_review {
        None => SignalLevel::Amber,
        Some(due) if today > due => SignalLevel::Red,
        Some(due)
            if due
                .checked_sub_months(chrono::Months::new(1))
                .is_none_or(|warn| today >= warn) =>
        {
            SignalLevel::Amber
        }
        Some(_) => SignalLevel::Green,
    }
}

/// The next assessment's details from the latest one: the same length of period starting
/// the day after it ended, unless the user gave dates; reviewed again a year after it
/// starts.
pub fn next_assessment(
    latest: &Assessment,
    assessor: &str,
    today: NaiveDate,
    title: Option<&str>,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    reason: super::StartReason,
) -> Result<Assessment, String> {
    let start = start.unwrap_or_else(|| latest.period_end.succ_opt().unwrap_or(latest.period_end));
    let length = latest.period_end - latest.period_start;
    if start < latest.period_start {
        return Err(format!(
            "the next period cannot start ({start}) before the open one starts ({}); give a later --start",
            latest.period_start
        ));
    }
    super::parse::in_range(start).map_err(|problem| format!("the next period's start {start} {problem}"))?;
    let end = end.unwrap_or_else(|| start.checked_add_signed(length).unwrap_or(start));
    super::parse::in_range(end).map_err(|problem| format!("the next period's end {end} {problem}"))?;
    if end < start {
        return Err(format!("the period ends ({end}) before it starts ({start})"));
    }
    Ok(Assessment {
        id: 0,
        title: match title {
            Some(title) if !title.trim().is_empty() => title.trim().to_string(),
            Some(_) => return Err("the title is empty".to_string()),
            None => format!("{} risk analysis", chrono::Datelike::year(&start)),
        },
        period_start: start,
        period_end: end,
        assessor: assessor.to_string(),
        matrix: latest.matrix.clone(),
        carried_from: Some(latest.id),
        next_review: start.checked_add_months(chrono::Months::new(12)),
        notes: String::new(),
        reason,
        started_on: Some(today),
        methodology: latest.methodology.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{MatrixChoice, StartReason};

    fn latest() -> Assessment {
        let matrix = crate::catalog::Catalog::embedded()
            .matrix(crate::domain::Labeled::key(MatrixChoice::Nist))
            .cloned()
            .expect("the embedded catalog has the NIST matrix");
        let day = |m, d| NaiveDate::from_ymd_opt(2025, m, d).expect("valid date");
        let mut assessment = Assessment::for_year_of(day(3, 1), "Ann", matrix);
        assessment.id = 7;
        assessment.period_start = day(1, 1);
        assessment.period_end = day(12, 31);
        assessment
    }

    #[test]
    fn the_next_period_follows_the_last_one() {
        let today = NaiveDate::from_ymd_opt(2026, 1, 5).expect("valid date");
        let next = next_assessment(&latest(), "Bo", today, None, None, None, StartReason::Annual).expect("valid");
        assert_eq!(next.period_start.to_string(), "2026-01-01");
        assert_eq!(next.period_end.to_string(), "2026-12-31");
        assert_eq!(next.title, "2026 risk analysis");
        assert_eq!(next.carried_from, Some(7));
        assert_eq!(next.next_review.map(|d| d.to_string()).as_deref(), Some("2027-01-01"));
        assert_eq!(next.started_on, Some(today));
        assert_eq!(next.assessor, "Bo");
    }

    #[test]
    fn the_review_signal_turns_amber_a_month_before_and_red_after_the_date() {
        use crate::domain::readiness::SignalLevel;
        let due = NaiveDate::from_ymd_opt(2027, 3, 15);
        let on = |m, d| NaiveDate::from_ymd_opt(2027, m, d).expect("valid date");
        assert_eq!(review_signal(due, on(2, 14)), SignalLevel::Green);
        assert_eq!(review_signal(due, on(2, 15)), SignalLevel::Amber);
        assert_eq!(review_signal(due, on(3, 15)), SignalLevel::Amber);
        assert_eq!(review_signal(due, on(3, 16)), SignalLevel::Red);
        assert_eq!(review_signal(None, on(1, 1)), SignalLevel::Amber);
    }

    #[test]
    fn a_finding_key_names_this_years_copies() {
        use std::collections::HashMap;
        let assets = HashMap::from([(3, 30), (5, 25)]);
        let risks = HashMap::from([(7, 70)]);
        let actions = HashMap::from([(9, 90)]);
        let carry = |key| carry_finding_key(key, &assets, &risks, &actions);
        assert_eq!(
            carry("asset.no_owner:asset:3").as_deref(),
            Some("asset.no_owner:asset:30")
        );
        assert_eq!(
            carry("ba.implemented:safeguard:164.308(b)(1):vendors:3,5").as_deref(),
            Some("ba.implemented:safeguard:164.308(b)(1):vendors:25,30")
        );
        assert_eq!(
            carry("cited.missing:safeguard:164.312(a)(1):scenario:7").as_deref(),
            Some("cited.missing:safeguard:164.312(a)(1):scenario:70")
        );
        assert_eq!(
            carry("evidence.overdue:evidence:4").as_deref(),
            Some("evidence.overdue:evidence:4")
        );
        assert_eq!(
            carry("action.overdue:action:9").as_deref(),
            Some("action.overdue:action:90")
        );
        // A finished action stayed in last year's record: nothing to carry.
        assert_eq!(carry("action.overdue:action:8"), None);
    }

    #[test]
    fn a_start_before_the_open_year_or_past_2200_is_refused() {
        let today = NaiveDate::from_ymd_opt(2026, 1, 5).expect("valid date");
        let next = |start| next_assessment(&latest(), "Bo", today, None, start, None, StartReason::Annual);
        let error = next(NaiveDate::from_ymd_opt(2024, 12, 31)).unwrap_err();
        assert!(
            error.contains("cannot start (2024-12-31) before the open one starts (2025-01-01)"),
            "{error}"
        );
        let error = next(NaiveDate::from_ymd_opt(9999, 1, 1)).unwrap_err();
        assert!(error.contains("outside the years 1900 to 2200"), "{error}");
        assert!(next(NaiveDate::from_ymd_opt(2025, 7, 1)).is_ok());
    }

    #[test]
    fn a_period_that_ends_before_it_starts_is_refused() {
        let today = NaiveDate::from_ymd_opt(2026, 1, 5).expect("valid date");
        let start = NaiveDate::from_ymd_opt(2026, 6, 1);
        let end = NaiveDate::from_ymd_opt(2026, 5, 1);
        let refused = next_assessment(
            &latest(),
            "Bo",
            today,
            Some("Off-cycle"),
            start,
            end,
            StartReason::Breach,
        );
        assert!(refused.unwrap_err().contains("before it starts"));
        let empty = next_assessment(&latest(), "Bo", today, Some("  "), None, None, StartReason::Annual);
        assert_eq!(empty.unwrap_err(), "the title is empty");
    }
}
