//! The Incidents screen's forms: the incident, its breach assessment, a timeline entry
//! and the closing, each built from the record's fields where it has them, and read back
//! with a problem named by field.

use chrono::NaiveDate;

use crate::domain::breach::conclusion_problem;
use crate::domain::incident::{Incident, IncidentField, TimelineEntry, TimelineKind};
use crate::domain::record::Field;
use crate::domain::{Labeled, Person};
use crate::tui::editors::{DATE_HELP, FieldProblem, parse_date};
use crate::tui::form::{Field as FormField, Form};
use crate::tui::record_form::{form_field, record_from_form};

/// What the incident form says about patient identifiers, on its description.
pub const NO_IDENTIFIERS: &str =
    "Counts and categories only: no patient names, dates of birth, record or account numbers.";

/// The help of each breach-assessment field: the four factors of §164.402(2).
fn breach_help(field: IncidentField) -> &'static str {
    match field {
        IncidentField::PhiNature => {
            "Factor 1: the kinds of identifiers and how likely re-identification is (counts and categories only)."
        }
        IncidentField::Recipient => "Factor 2: the unauthorized person who used the PHI or received it.",
        IncidentField::AcquiredOrViewed => "Factor 3: whether the PHI was actually acquired or viewed.",
        IncidentField::Mitigation => "Factor 4: the extent to which the risk to the PHI was mitigated.",
        IncidentField::SafeHarbor => "Yes: encrypted as HHS's guidance specifies, so no unsecured PHI.",
        IncidentField::Conclusion => "A breach is presumed unless the factors show a low probability of compromise.",
        IncidentField::MostInOneState => "Media notice is due for more than 500 residents of one state.",
        IncidentField::IndividualsNotified | IncidentField::HhsNotified | IncidentField::MediaNotified => DATE_HELP,
        _ => "",
    }
}

fn fields_form(title: &str, incident: &Incident, fields: &[IncidentField], people: &[Person]) -> Form {
    let form_fields = fields
        .iter()
        .map(|field| {
            let spec = field.spec();
            let form_field = form_field(spec.key, spec.label, spec.kind, field.get(incident), people);
            match field {
                IncidentField::Description => form_field.with_help(NO_IDENTIFIERS),
                field if !breach_help(*field).is_empty() => form_field.with_help(breach_help(*field)),
                _ => form_field,
            }
        })
        .collect();
    Form::new(title, form_fields)
}

/// The incident's own fields (title, dates, severity, status, what happened, outcome).
pub fn incident_form(incident: &Incident) -> Form {
    let title = if incident.id == 0 {
        "Add an incident"
    } else {
        "Edit incident"
    };
    fields_form(title, incident, IncidentField::INCIDENT, &[])
}

/// The breach assessment of an incident: the four factors, safe harbor, exception,
/// conclusion, counts and the notices sent.
pub fn breach_form(incident: &Incident) -> Form {
    fields_form(
        &format!("Breach assessment: {}", incident.title),
        incident,
        IncidentField::BREACH,
        &[],
    )
}

/// `base` with the form's values of `fields`, refused when a discovery comes before the
/// occurrence or a conclusion rests on nothing.
pub fn incident_from_form(form: &Form, base: &Incident, fields: &[IncidentField]) -> Result<Incident, FieldProblem> {
    let incident = record_from_form(form, base, fields, &[])?;
    if let (Some(occurred), Some(discovered)) = (incident.occurred_on, incident.discovered_on)
        && discovered < occurred
    {
        return Err((
            "discovered",
            format!("Discovered {discovered} is before it occurred ({occurred})"),
        ));
    }
    if let Some(problem) = conclusion_problem(&incident) {
        let field = if fields.contains(&IncidentField::Conclusion) {
            "conclusion"
        } else {
            "status"
        };
        return Err((field, problem));
    }
    Ok(incident)
}

/// A dated entry for the timeline, dated today unless changed.
pub fn timeline_form(incident: &Incident, today: NaiveDate) -> Form {
    let kinds: Vec<String> = TimelineKind::ALL.iter().map(|kind| kind.label().to_string()).collect();
    let observation = TimelineKind::ALL
        .iter()
        .position(|kind| *kind == TimelineKind::Observation)
        .unwrap_or(0);
    Form::new(
        format!("Timeline entry: {}", incident.title),
        vec![
            FormField::text("on", "Date", &today.to_string()).with_help(DATE_HELP),
            FormField::choice("kind", "Kind", kinds, observation),
            FormField::text("note", "What happened", "").with_help(NO_IDENTIFIERS),
        ],
    )
}

pub fn entry_from_form(form: &Form) -> Result<TimelineEntry, FieldProblem> {
    let on = parse_date(form, "on", "Date")?.ok_or(("on", "Date is needed".to_string()))?;
    let kind = TimelineKind::ALL.get(form.choice("kind")).copied().unwrap_or_default();
    let note = form.text("note").trim().to_string();
    if note.is_empty() {
        return Err(("note", "Say what happened".to_string()));
    }
    Ok(TimelineEntry { id: 0, on, kind, note })
}

/// Closing: the date and the outcome (§164.308(a)(6)(ii): incidents and their outcomes).
pub fn close_form(incident: &Incident, today: NaiveDate) -> Form {
    Form::new(
        format!("Close: {}", incident.title),
        vec![
            FormField::text("on", "Closed on", &today.to_string()).with_help(DATE_HELP),
            FormField::text("outcome", "Outcome", &incident.outcome)
                .with_help("What was done and how it ended. Required to close."),
        ],
    )
}

pub fn close_from_form(form: &Form) -> Result<(NaiveDate, String), FieldProblem> {
    let on = parse_date(form, "on", "Closed on")?.ok_or(("on", "Closed on is needed".to_string()))?;
    let outcome = form.text("outcome").trim().to_string();
    if outcome.is_empty() {
        return Err(("outcome", "Write the outcome to close the incident".to_string()));
    }
    Ok((on, outcome))
}
