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

/// What removing a draft year did, for the command's one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemovedYear {
    pub assessment_id: Id,
    pub title: String,
    /// The rows deleted, each recorded in the change log.
    pub rows: usize,
    /// The assessment open afterwards: the one that was, or the latest remaining when the
    /// removed one was open.
    pub open_id: Id,
    pub open_title: String,
}

impl RemovedYear {
    pub fn line(&self) -> String {
        format!(
            "removed assessment {} (\"{}\"): {} rows deleted, each recorded in the change log; open: assessment {} (\"{}\")",
            self.assessment_id, self.title, self.rows, self.open_id, self.open_title
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

    /// The assets of this year's scope: every asset but the retired ones. The one
    /// definition of the scope (see `scope.rs`); every count and output reads it.
    pub fn active_assets(&self) -> impl Iterator<Item = &super::Asset> {
        let retired = self.retired_ids();
        self.assets.iter().filter(move |asset| !retired.contains(&asset.id))
    }

    /// The ids of the assets retired this year, as a set: what a pass over every asset
    /// asks instead of `is_retired` per asset (a refresh may retire many of 30,000).
    pub fn retired_ids(&self) -> std::collections::HashSet<Id> {
        self.retired.iter().map(|retired| retired.asset_id).collect()
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

/// How long an assessment's period is: a whole number of calendar months (a calendar or
/// fiscal year, a quarter), or else a number of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodLength {
    Months(u32),
    Days(i64),
}

impl PeriodLength {
    /// The length of the period from `start` to `end`, both days included: whole months
    /// when the day after `end` is `start` plus some number of months (chrono's
    /// `checked_add_months`, which keeps the day of the month or takes the month's last
    /// day when it has fewer: 2024-01-31 plus one month is 2024-02-29).
    pub fn of(start: NaiveDate, end: NaiveDate) -> PeriodLength {
        use chrono::Datelike;
        let days = (end - start).num_days();
        let after = end.succ_opt();
        let spanned = (end.year() - start.year()) * 12 + end.month() as i32 - start.month() as i32;
        // The day after the end is in the month `spanned` or `spanned + 1` months on.
        for months in [spanned, spanned + 1] {
            let Ok(months) = u32::try_from(months) else { continue };
            if months > 0 && after.is_some() && start.checked_add_months(chrono::Months::new(months)) == after {
                return PeriodLength::Months(months);
            }
        }
        PeriodLength::Days(days)
    }

    /// The last day of a period of this length starting on `start`: the day before
    /// `start` plus the months (so a year starting 2028-01-01 ends 2028-12-31, leap day
    /// and all), or `start` plus the days.
    pub fn end_from(self, start: NaiveDate) -> NaiveDate {
        let end = match self {
            PeriodLength::Months(months) => start
                .checked_add_months(chrono::Months::new(months))
                .and_then(|after| after.pred_opt()),
            PeriodLength::Days(days) => start.checked_add_signed(chrono::TimeDelta::days(days)),
        };
        end.unwrap_or(start)
    }
}

/// The period after one: from the day after it ends, for the same number of calendar
/// months (2025-01-01 to 2025-12-31 is followed by 2026-01-01 to 2026-12-31, 2027's by the
/// leap year 2028-01-01 to 2028-12-31, a July-to-June fiscal year by the next July to June,
/// a quarter by the next quarter). A period that is not a whole number of months (2025-01-01
/// to 2025-06-15) is followed by one of the same number of days, as there is no calendar
/// length to keep.
pub fn next_period(start: NaiveDate, end: NaiveDate) -> (NaiveDate, NaiveDate) {
    let next_start = end.succ_opt().unwrap_or(end);
    (next_start, PeriodLength::of(start, end).end_from(next_start))
}

/// The assessment that follows `from` in time (the next by start date, then by id), if
/// there is one: the next one must be started from there, not from `from`.
pub fn following(assessments: &[Assessment], from: &Assessment) -> Option<Assessment> {
    assessments
        .iter()
        .filter(|other| (other.period_start, other.id) > (from.period_start, from.id))
        .min_by_key(|other| (other.period_start, other.id))
        .cloned()
}

/// The one line refusing to start another assessment from one that already has a later
/// one ("2026 already follows 2025").
pub fn already_followed(from: &Assessment, later: &Assessment) -> String {
    format!(
        "\"{}\" already follows \"{}\"; open it and start the next one from there",
        later.title, from.title
    )
}

/// The latest assessment: the one starting last (then the newest).
pub fn latest(assessments: &[Assessment]) -> Option<&Assessment> {
    assessments
        .iter()
        .max_by_key(|assessment| (assessment.period_start, assessment.id))
}

/// The next assessment's details from the one it is started from: the next period (see
/// `next_period`), unless the user gave dates (a start alone gets the same length as the
/// last period from there); reviewed again a year after it starts.
pub fn next_assessment(
    latest: &Assessment,
    assessor: &str,
    today: NaiveDate,
    title: Option<&str>,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    reason: super::StartReason,
) -> Result<Assessment, String> {
    let start = start.unwrap_or_else(|| next_period(latest.period_start, latest.period_end).0);
    if start < latest.period_start {
        return Err(format!(
            "the next period cannot start ({start}) before the open one starts ({}); give a later --start",
            latest.period_start
        ));
    }
    super::parse::in_range(start).map_err(|problem| format!("the next period's start {start} {problem}"))?;
    let end = end.unwrap_or_else(|| PeriodLength::of(latest.period_start, latest.period_end).end_from(start));
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
        reason_incident_id: None,
        reason_note: String::new(),
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

    fn date(text: &str) -> NaiveDate {
        text.parse().expect("valid date")
    }

    /// The period after `start` to `end`, as text.
    fn after(start: &str, end: &str) -> String {
        let (start, end) = next_period(date(start), date(end));
        format!("{start} to {end}")
    }

    #[test]
    fn a_calendar_year_is_followed_by_the_next_calendar_year() {
        assert_eq!(after("2025-01-01", "2025-12-31"), "2026-01-01 to 2026-12-31");
        // The leap year is a whole year too (adding 365 days made it 2028-12-30), and so is
        // the year after it (adding 366 days made it end 2030-01-01).
        assert_eq!(after("2027-01-01", "2027-12-31"), "2028-01-01 to 2028-12-31");
        assert_eq!(after("2028-01-01", "2028-12-31"), "2029-01-01 to 2029-12-31");
        assert_eq!(
            PeriodLength::of(date("2028-01-01"), date("2028-12-31")),
            PeriodLength::Months(12)
        );
    }

    #[test]
    fn a_fiscal_year_a_quarter_and_a_mid_month_year_keep_their_months() {
        assert_eq!(after("2025-07-01", "2026-06-30"), "2026-07-01 to 2027-06-30");
        assert_eq!(after("2025-01-01", "2025-03-31"), "2025-04-01 to 2025-06-30");
        assert_eq!(after("2025-04-01", "2025-06-30"), "2025-07-01 to 2025-09-30");
        assert_eq!(after("2025-10-01", "2025-12-31"), "2026-01-01 to 2026-03-31");
        assert_eq!(after("2025-07-15", "2026-07-14"), "2026-07-15 to 2027-07-14");
        // Two years at once stay two years.
        assert_eq!(after("2024-01-01", "2025-12-31"), "2026-01-01 to 2027-12-31");
    }

    #[test]
    fn a_year_ending_in_february_ends_on_its_last_day_leap_or_not() {
        // March to February: the year that takes in a leap day ends on it, and the next
        // one on the 28th (chrono's `checked_add_months` takes the month's last day).
        assert_eq!(after("2023-03-01", "2024-02-29"), "2024-03-01 to 2025-02-28");
        assert_eq!(after("2026-03-01", "2027-02-28"), "2027-03-01 to 2028-02-29");
        assert_eq!(after("2024-02-01", "2024-02-29"), "2024-03-01 to 2024-03-31");
        // Starting on the 31st: one month on from 2024-01-31 is 2024-02-29, the last day.
        assert_eq!(
            PeriodLength::of(date("2024-01-31"), date("2024-02-28")),
            PeriodLength::Months(1)
        );
    }

    #[test]
    fn a_period_of_part_months_is_followed_by_as_many_days() {
        // 2025-01-01 to 2025-06-15 is 166 days, both ends included; so is the next one.
        assert_eq!(
            PeriodLength::of(date("2025-01-01"), date("2025-06-15")),
            PeriodLength::Days(165)
        );
        assert_eq!(after("2025-01-01", "2025-06-15"), "2025-06-16 to 2025-11-28");
        assert_eq!(after("2025-03-03", "2025-03-03"), "2025-03-04 to 2025-03-04");
    }

    #[test]
    fn a_start_the_user_gave_gets_the_last_periods_length_in_months() {
        let today = date("2026-01-05");
        let next = next_assessment(
            &latest(),
            "Bo",
            today,
            None,
            Some(date("2026-04-01")),
            None,
            StartReason::Change,
        )
        .expect("valid");
        assert_eq!(next.period_start.to_string(), "2026-04-01");
        assert_eq!(next.period_end.to_string(), "2027-03-31");
    }

    #[test]
    fn the_assessment_following_one_is_the_next_by_start() {
        let first = latest();
        let second = Assessment {
            id: 9,
            title: "2026 risk analysis".to_string(),
            period_start: date("2026-01-01"),
            period_end: date("2026-12-31"),
            ..latest()
        };
        let third = Assessment {
            id: 8,
            title: "2027 risk analysis".to_string(),
            period_start: date("2027-01-01"),
            period_end: date("2027-12-31"),
            ..latest()
        };
        let all = [first.clone(), second.clone(), third.clone()];
        assert_eq!(following(&all, &first).map(|a| a.id), Some(9));
        assert_eq!(following(&all, &second).map(|a| a.id), Some(8));
        assert_eq!(following(&all, &third), None);
        assert_eq!(super::latest(&all).map(|a| a.id), Some(8));
        assert_eq!(
            already_followed(&first, &second),
            "\"2026 risk analysis\" already follows \"2025 risk analysis\"; open it and start the next one from there"
        );
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
