//! The two forms that resolve a finding without changing the data it is about: an
//! acknowledgment (who, and why the finding stands; dated today) and a coverage note on an
//! asset (which scenarios cover it, and why). What they resolve is the domain's decision
//! (`domain::findings`); the store refuses what its rules forbid.

use chrono::NaiveDate;

use crate::domain::{Acknowledgment, CoverageNote, Finding, Id, Person, Risk};
use crate::tui::editors::{FieldProblem, owner_at, owner_choices, owner_position, required_text};
use crate::tui::form::{Field, Form};
use crate::tui::keys::{Action, Scope, keys_for};

/// The security official answers for the program, so they are offered first.
pub fn acknowledge_form(finding: &Finding, people: &[Person], official: Option<Id>) -> Form {
    Form::new(
        "Acknowledge a finding",
        vec![
            Field::choice(
                "by",
                "Acknowledged by",
                owner_choices(people),
                owner_position(people, official),
            )
            .with_help(format!("The finding: {}", finding.message)),
            Field::text("reason", "Why it stands", "").with_help(
                "Printed in the report beside the finding: why it is acceptable as it is, \
                 or what is being done that the data cannot show.",
            ),
        ],
    )
}

pub fn acknowledgment_from_form(
    form: &Form,
    finding: &Finding,
    people: &[Person],
    assessment_id: Id,
    today: NaiveDate,
) -> Result<Acknowledgment, FieldProblem> {
    let person_id =
        owner_at(people, form.choice("by")).ok_or(("by", "Say who acknowledges the finding".to_string()))?;
    let reason = required_text(form, "reason", "The reason")?;
    Ok(Acknowledgment {
        id: 0,
        assessment_id,
        finding: finding.key.clone(),
        person_id,
        acknowledged_on: today,
        reason,
    })
}

/// `risks` are the assessment's scenarios, offered by number in the help.
pub fn coverage_form(asset: &str, note: Option<&CoverageNote>, risks: &[Risk]) -> Form {
    let numbers = note.map_or(String::new(), |note| {
        note.risk_ids
            .iter()
            .map(|id| id.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    });
    let practice_wide: Vec<String> = risks
        .iter()
        .filter(|risk| risk.asset_ids.is_empty())
        .take(6)
        .map(|risk| format!("#{} {}", risk.id, risk.threat))
        .collect();
    let hint = if practice_wide.is_empty() {
        String::new()
    } else {
        format!(" Practice-wide scenarios: {}.", practice_wide.join("; "))
    };
    Form::new(
        format!("Coverage note: {asset}"),
        vec![
            Field::text("scenarios", "Scenarios covering", &numbers)
                .with_help(format!(
                    "{} ticks them in a list of the scenarios; or type their numbers (the Risks screen's #), \
                     separated by commas (for example 3, 12).{hint}",
                    keys_for(Scope::Form, Action::PickFromList)
                ))
                .pickable(),
            Field::text(
                "reason",
                "Why they cover it",
                note.map_or("", |note| note.reason.as_str()),
            )
            .with_help("For example: a spare workstation, the same as the ones the workstation scenarios name."),
        ],
    )
}

pub fn coverage_from_form(form: &Form, asset_id: Id, risks: &[Risk]) -> Result<CoverageNote, FieldProblem> {
    let mut risk_ids = Vec::new();
    for part in form
        .text("scenarios")
        .split([',', ';', ' '])
        .filter(|part| !part.is_empty())
    {
        let number = part.trim_start_matches('#');
        let id: Id = number
            .parse()
            .map_err(|_| ("scenarios", format!("`{part}` is not a scenario number")))?;
        if !risks.iter().any(|risk| risk.id == id) {
            return Err(("scenarios", format!("There is no scenario #{id} in this assessment")));
        }
        if !risk_ids.contains(&id) {
            risk_ids.push(id);
        }
    }
    if risk_ids.is_empty() {
        return Err(("scenarios", "Name at least one scenario by its number".to_string()));
    }
    let reason = required_text(form, "reason", "The reason")?;
    Ok(CoverageNote {
        asset_id,
        risk_ids,
        reason,
    })
}
