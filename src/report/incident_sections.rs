//! The report's "Incidents and their outcomes" (§164.308(a)(6)(ii)) and "Breach log"
//! (§164.408(c)) sections: the model's part, built from the incidents dated in the
//! report's period, and their PDF pages.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::helpers::{cells, date, or_none};
use super::layout::{BODY, Layout, col};
use super::model::ReportModel;
use crate::domain::breach::{log_deadline, notices_missing, notification_deadline, small_breach_log};
use crate::domain::incident::{Conclusion, Incident, SafeHarbor};
use crate::domain::{Labeled, Workspace};

/// One incident as the report prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncidentRow {
    pub id: i64,
    pub title: String,
    pub occurred: Option<NaiveDate>,
    pub discovered: Option<NaiveDate>,
    pub severity: String,
    pub status: String,
    pub closed: Option<NaiveDate>,
    pub outcome: String,
    /// The breach assessment's conclusion in words, with why ("safe harbor").
    pub breach: String,
    /// The timeline, one "date kind: note" line per entry.
    pub timeline: Vec<String>,
}

/// One breach of the log of breaches under 500.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BreachRow {
    pub title: String,
    pub discovered: Option<NaiveDate>,
    pub individuals: Option<u64>,
    pub factors: Vec<String>,
    pub deadline: Option<NaiveDate>,
    pub individuals_notified: Option<NaiveDate>,
    pub missing: Vec<String>,
}

/// The breach logs of the years the report's period touches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BreachLog {
    pub year: i32,
    /// The last day to report the year's log to HHS.
    pub due: Option<NaiveDate>,
    pub breaches: Vec<BreachRow>,
}

/// The period a report covers for the program's records: from the assessment it was
/// carried from (its end), or a year before the report's date, to the report's date.
pub fn period(workspace: &Workspace, on: NaiveDate) -> (NaiveDate, NaiveDate) {
    let previous = workspace
        .assessment()
        .and_then(|assessment| assessment.carried_from)
        .and_then(|id| workspace.assessments.iter().find(|assessment| assessment.id == id))
        .map(|assessment| assessment.period_end);
    let start = previous.unwrap_or_else(|| on.checked_sub_months(Months::new(12)).unwrap_or(on));
    (start, on)
}

fn in_period(incident: &Incident, (start, end): (NaiveDate, NaiveDate)) -> bool {
    incident
        .discovered_on
        .or(incident.occurred_on)
        .is_some_and(|on| on > start && on <= end)
}

fn breach_words(incident: &Incident) -> String {
    match incident.conclusion {
        None => "Not assessed".to_string(),
        Some(Conclusion::NotBreach) if incident.safe_harbor == Some(SafeHarbor::Yes) => {
            "Not a breach (encrypted: safe harbor)".to_string()
        }
        Some(Conclusion::NotBreach) => match incident.exception {
            Some(exception) => format!("Not a breach ({})", exception.label().to_lowercase()),
            None => "Not a breach (low probability of compromise)".to_string(),
        },
        Some(conclusion) => match incident.individuals_affected {
            Some(count) => format!("{}, {count} individuals", conclusion.label()),
            None => conclusion.label().to_string(),
        },
    }
}

/// Fills the model's incidents and breach logs from the incidents in the period.
pub fn build(model: &mut ReportModel, workspace: &Workspace, on: NaiveDate) {
    let period = period(workspace, on);
    let incidents: Vec<&Incident> = workspace
        .incidents
        .iter()
        .filter(|incident| in_period(incident, period))
        .collect();
    model.incidents = incidents
        .iter()
        .map(|incident| IncidentRow {
            id: incident.id,
            title: incident.title.clone(),
            occurred: incident.occurred_on,
            discovered: incident.discovered_on,
            severity: incident.severity.label().to_string(),
            status: incident.status.label().to_string(),
            closed: incident.closed_on,
            outcome: incident.outcome.clone(),
            breach: breach_words(incident),
            timeline: incident
                .timeline
                .iter()
                .map(|entry| format!("{} {}: {}", entry.on, entry.kind.label(), entry.note))
                .collect(),
        })
        .collect();
    let in_period: Vec<Incident> = incidents.into_iter().cloned().collect();
    model.breach_logs = (period.0.year()..=period.1.year())
        .map(|year| BreachLog {
            year,
            due: log_deadline(year),
            breaches: small_breach_log(&in_period, year)
                .into_iter()
                .map(|incident| BreachRow {
                    title: incident.title.clone(),
                    discovered: incident.discovered_on,
                    individuals: incident.individuals_affected,
                    factors: incident
                        .factors()
                        .iter()
                        .map(|(label, text)| format!("{label}: {}", or_none(text)))
                        .collect(),
                    deadline: notification_deadline(incident),
                    individuals_notified: incident.individuals_notified_on,
                    missing: notices_missing(incident).into_iter().map(str::to_string).collect(),
                })
                .collect(),
        })
        .filter(|log| !log.breaches.is_empty())
        .collect();
}

/// "Incidents and their outcomes".
pub fn incidents(layout: &mut Layout, model: &ReportModel) {
    if model.incidents.is_empty() {
        layout.paragraph("No security incident recorded in the period.", BODY, false);
        return;
    }
    layout.paragraph(
        "Every security incident identified in the period, how it was responded to and how it ended \
         (§164.308(a)(6)(ii)). Counts and categories only: no patient identifiers.",
        BODY,
        false,
    );
    let rows: Vec<_> = model
        .incidents
        .iter()
        .map(|row| {
            cells(vec![
                format!("{}\n{} severity", row.title, row.severity),
                format!("Occurred {}\nDiscovered {}", date(row.occurred), date(row.discovered)),
                match row.closed {
                    Some(on) => format!("{} {on}", row.status),
                    None => row.status.clone(),
                },
                row.breach.clone(),
                or_none(&row.outcome),
            ])
        })
        .collect();
    layout.table(
        &[
            col("Incident", 0.22),
            col("Dates", 0.18),
            col("Status", 0.12),
            col("Breach assessment", 0.2),
            col("Outcome", 0.28),
        ],
        &rows,
    );
    for row in &model.incidents {
        if row.timeline.is_empty() {
            continue;
        }
        layout.subheading(&format!("Timeline: {}", row.title));
        for entry in &row.timeline {
            layout.bullet(entry);
        }
    }
}

/// "Breach log": the breaches of fewer than 500 individuals, by year, with the day the
/// year's log is due at HHS.
pub fn breach_log(layout: &mut Layout, model: &ReportModel) {
    if model.breach_logs.is_empty() {
        layout.paragraph(
            "No breach of fewer than 500 individuals was discovered in the period.",
            BODY,
            false,
        );
        return;
    }
    for log in &model.breach_logs {
        layout.subheading(&format!("Breaches discovered in {}", log.year));
        layout.paragraph(
            &format!(
                "Breaches of fewer than 500 individuals are logged and reported to HHS within 60 days after the \
                 end of the year (§164.408(c)): by {}.",
                date(log.due)
            ),
            BODY,
            false,
        );
        let rows: Vec<_> = log
            .breaches
            .iter()
            .map(|row| {
                let notified = match (row.individuals_notified, row.missing.is_empty()) {
                    (Some(on), true) => format!("Notified {on}"),
                    (Some(on), false) => format!("Notified {on}; missing: {}", row.missing.join(", ")),
                    (None, _) => format!("Missing: {}", row.missing.join(", ")),
                };
                cells(vec![
                    format!("{}\nDiscovered {}", row.title, date(row.discovered)),
                    row.individuals
                        .map_or_else(|| "Not recorded".to_string(), |count| count.to_string()),
                    row.factors.join("\n"),
                    format!("Due {}\n{notified}", date(row.deadline)),
                ])
            })
            .collect();
        layout.table(
            &[
                col("Breach", 0.22),
                col("Individuals", 0.1),
                col("Four factors", 0.46),
                col("Notice", 0.22),
            ],
            &rows,
        );
    }
}
