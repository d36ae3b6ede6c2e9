//! The rules of breach notification over incidents: the 60-day clock from discovery
//! (§164.404(b)), who must be told (individuals; HHS at once for 500 or more, §164.408(b);
//! the media for more than 500 residents of a state, §164.406), the yearly log of
//! breaches of fewer than 500 individuals reported to HHS within 60 days after the end of
//! the calendar year (§164.408(c)), and what a conclusion needs to stand.

use chrono::{Datelike, Days, NaiveDate};

use super::incident::{Conclusion, Incident, IncidentStatus, SafeHarbor};

/// Days from discovery to the last day individuals may be notified (§164.404(b)).
pub const NOTIFICATION_DAYS: u64 = 60;
/// An incident still open this many days after it was discovered is an advisory finding.
pub const OPEN_TOO_LONG_DAYS: u64 = 30;
/// Breaches of this many individuals or more are reported to HHS at once, not in the log.
pub const HHS_IMMEDIATE_AT: u64 = 500;
/// Media notice is due for more than this many residents of one state.
pub const MEDIA_OVER: u64 = 500;

/// The last day to notify individuals of a breach: 60 days after its discovery. None for
/// an incident that is not a breach or has no discovery date.
pub fn notification_deadline(incident: &Incident) -> Option<NaiveDate> {
    if !incident.is_breach() {
        return None;
    }
    incident
        .discovered_on
        .and_then(|on| on.checked_add_days(Days::new(NOTIFICATION_DAYS)))
}

/// The notices a breach calls for that are not recorded as sent, in words.
pub fn notices_missing(incident: &Incident) -> Vec<&'static str> {
    if !incident.is_breach() {
        return Vec::new();
    }
    let mut missing = Vec::new();
    if incident.individuals_notified_on.is_none() {
        missing.push("individuals");
    }
    if incident
        .individuals_affected
        .is_some_and(|count| count >= HHS_IMMEDIATE_AT)
        && incident.hhs_notified_on.is_none()
    {
        missing.push("HHS");
    }
    if incident.most_in_one_state.is_some_and(|count| count > MEDIA_OVER) && incident.media_notified_on.is_none() {
        missing.push("the media");
    }
    missing
}

/// A breach whose deadline has passed with a notice still missing: the deadline and what
/// is missing.
pub fn notification_overdue(incident: &Incident, today: NaiveDate) -> Option<(NaiveDate, Vec<&'static str>)> {
    let deadline = notification_deadline(incident)?;
    let missing = notices_missing(incident);
    (today > deadline && !missing.is_empty()).then_some((deadline, missing))
}

/// Whether the conclusion rests on something written. "Not a breach" needs the safe
/// harbor, one of the three exceptions, or all four factors (a breach is presumed
/// otherwise, §164.402(2)); "breach" and "undetermined" need at least one factor.
pub fn conclusion_problem(incident: &Incident) -> Option<String> {
    let filled = incident.factors_filled();
    match incident.conclusion? {
        Conclusion::NotBreach => {
            let excused = incident.safe_harbor == Some(SafeHarbor::Yes) || incident.exception.is_some();
            (!excused && filled < 4).then(|| {
                format!(
                    "\"Not a breach\" needs all four factors written ({filled} of 4), the safe harbor or an \
                     exception: a breach is presumed otherwise (§164.402(2))"
                )
            })
        }
        Conclusion::Breach | Conclusion::Undetermined => (filled == 0)
            .then(|| "A conclusion needs the four factors assessed: none is written (§164.402(2))".to_string()),
    }
}

/// An incident not closed more than `OPEN_TOO_LONG_DAYS` after its discovery (or its
/// occurrence when no discovery date is recorded): the days it has been open.
pub fn open_too_long(incident: &Incident, today: NaiveDate) -> Option<i64> {
    if incident.status == IncidentStatus::Closed {
        return None;
    }
    let since = incident.discovered_on.or(incident.occurred_on)?;
    let days = (today - since).num_days();
    (days > OPEN_TOO_LONG_DAYS as i64).then_some(days)
}

/// The breaches of fewer than 500 individuals discovered in `year`, by discovery date:
/// the log reported to HHS after the year ends (§164.408(c)). A breach whose count is not
/// recorded is listed too, so none is left out unseen.
pub fn small_breach_log(incidents: &[Incident], year: i32) -> Vec<&Incident> {
    let mut log: Vec<&Incident> = incidents
        .iter()
        .filter(|incident| incident.is_breach())
        .filter(|incident| incident.discovered_on.is_some_and(|on| on.year() == year))
        .filter(|incident| {
            incident
                .individuals_affected
                .is_none_or(|count| count < HHS_IMMEDIATE_AT)
        })
        .collect();
    log.sort_by_key(|incident| (incident.discovered_on, incident.id));
    log
}

/// The last day to report a year's log to HHS: 60 days after the end of the year
/// (1 March of the next year, 29 February in a leap year).
pub fn log_deadline(year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, 12, 31)?.checked_add_days(Days::new(NOTIFICATION_DAYS))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::incident::BreachException;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn breach(discovered: &str, affected: u64) -> Incident {
        Incident {
            title: "Misdirected fax".into(),
            discovered_on: Some(day(discovered)),
            conclusion: Some(Conclusion::Breach),
            phi_nature: "names and dates of service".into(),
            individuals_affected: Some(affected),
            ..Incident::default()
        }
    }

    #[test]
    fn the_deadline_is_sixty_days_after_discovery_and_only_for_a_breach() {
        let incident = breach("2026-03-10", 3);
        assert_eq!(notification_deadline(&incident), Some(day("2026-05-09")));
        let not_breach = Incident {
            conclusion: Some(Conclusion::NotBreach),
            ..incident.clone()
        };
        assert_eq!(notification_deadline(&not_breach), None);
        let undiscovered = Incident {
            discovered_on: None,
            ..incident
        };
        assert_eq!(notification_deadline(&undiscovered), None);
    }

    #[test]
    fn a_notice_missing_after_the_deadline_is_overdue_and_not_before() {
        let incident = breach("2026-03-10", 3);
        assert_eq!(notification_overdue(&incident, day("2026-05-09")), None);
        assert_eq!(
            notification_overdue(&incident, day("2026-05-10")),
            Some((day("2026-05-09"), vec!["individuals"]))
        );
        let notified = Incident {
            individuals_notified_on: Some(day("2026-04-01")),
            ..incident
        };
        assert_eq!(notification_overdue(&notified, day("2026-12-01")), None);
    }

    #[test]
    fn hhs_at_once_from_500_and_the_media_over_500_in_one_state() {
        let mut incident = breach("2026-03-10", 499);
        incident.individuals_notified_on = Some(day("2026-04-01"));
        incident.most_in_one_state = Some(499);
        assert!(notices_missing(&incident).is_empty());
        incident.individuals_affected = Some(600);
        incident.most_in_one_state = Some(501);
        assert_eq!(notices_missing(&incident), vec!["HHS", "the media"]);
        incident.most_in_one_state = Some(500);
        assert_eq!(notices_missing(&incident), vec!["HHS"]);
    }

    #[test]
    fn not_a_breach_needs_four_factors_the_safe_harbor_or_an_exception() {
        let mut incident = Incident {
            conclusion: Some(Conclusion::NotBreach),
            phi_nature: "appointment list".into(),
            ..Incident::default()
        };
        assert!(conclusion_problem(&incident).unwrap().contains("1 of 4"));
        incident.safe_harbor = Some(SafeHarbor::Yes);
        assert_eq!(conclusion_problem(&incident), None);
        incident.safe_harbor = Some(SafeHarbor::No);
        incident.exception = Some(BreachException::UnableToRetain);
        assert_eq!(conclusion_problem(&incident), None);
        incident.exception = None;
        incident.recipient = "a dental office".into();
        incident.acquired_or_viewed = "returned unopened".into();
        incident.mitigation = "written assurance of destruction".into();
        assert_eq!(conclusion_problem(&incident), None);
    }

    #[test]
    fn a_breach_with_no_factor_written_is_refused() {
        let mut incident = Incident {
            conclusion: Some(Conclusion::Breach),
            ..Incident::default()
        };
        assert!(conclusion_problem(&incident).is_some());
        incident.conclusion = Some(Conclusion::Undetermined);
        assert!(conclusion_problem(&incident).is_some());
        incident.mitigation = "recalled".into();
        assert_eq!(conclusion_problem(&incident), None);
        incident.conclusion = None;
        incident.mitigation.clear();
        assert_eq!(conclusion_problem(&incident), None, "no conclusion yet is not refused");
    }

    #[test]
    fn an_incident_open_past_thirty_days_is_counted_until_closed() {
        let mut incident = Incident {
            discovered_on: Some(day("2026-01-01")),
            ..Incident::default()
        };
        assert_eq!(open_too_long(&incident, day("2026-01-31")), None);
        assert_eq!(open_too_long(&incident, day("2026-02-01")), Some(31));
        incident.status = IncidentStatus::Contained;
        assert_eq!(open_too_long(&incident, day("2026-02-01")), Some(31));
        incident.status = IncidentStatus::Closed;
        assert_eq!(open_too_long(&incident, day("2026-02-01")), None);
    }

    #[test]
    fn the_log_lists_the_year_s_breaches_under_500_by_discovery() {
        let mut unknown = breach("2026-11-02", 0);
        unknown.individuals_affected = None;
        let incidents = vec![
            breach("2026-06-01", 3),
            breach("2026-02-01", 12),
            breach("2026-03-01", 500),
            breach("2025-12-31", 2),
            Incident {
                conclusion: Some(Conclusion::NotBreach),
                ..breach("2026-04-01", 1)
            },
            unknown,
        ];
        let log: Vec<Option<u64>> = small_breach_log(&incidents, 2026)
            .iter()
            .map(|incident| incident.individuals_affected)
            .collect();
        assert_eq!(log, vec![Some(12), Some(3), None]);
    }

    #[test]
    fn the_log_is_due_sixty_days_after_the_year_ends() {
        assert_eq!(log_deadline(2026), Some(day("2027-03-01")));
        assert_eq!(log_deadline(2027), Some(day("2028-02-29")));
    }
}
