//! Why the next assessment is started, asked by `n`: the scheduled annual review, an
//! incident chosen from the list (an off-cycle analysis: the scenarios it materialized
//! are marked to score again), or another reason written in words.

use crate::domain::incident::Conclusion;
use crate::domain::{Id, StartReason, Workspace};
use crate::store::NextOptions;
use crate::tui::editors::FieldProblem;
use crate::tui::form::{Field, Form};

/// The choice of the annual review (the first, so `y` alone starts the yearly one).
const ANNUAL: Id = 0;
/// The choice of a reason written in words, asked next.
pub const OTHER: Id = -1;

/// The reasons to choose from: the annual review, every incident (latest first), other.
pub fn choices(workspace: &Workspace) -> Vec<(Id, String)> {
    let mut choices = vec![(ANNUAL, "Scheduled annual review".to_string())];
    let mut incidents: Vec<_> = workspace.incidents.iter().collect();
    incidents.reverse();
    choices.extend(incidents.into_iter().map(|incident| {
        let on = incident.discovered_on.map_or_else(String::new, |on| format!(" ({on})"));
        (incident.id, format!("Incident: {}{on}", incident.title))
    }));
    choices.push((OTHER, "Other: say why next".to_string()));
    choices
}

/// The options of a chosen reason (the annual review or an incident).
pub fn options(workspace: &Workspace, choice: Option<Id>) -> NextOptions {
    let incident = choice.and_then(|id| workspace.incidents.iter().find(|incident| incident.id == id));
    match incident {
        Some(incident) => NextOptions {
            reason: if incident.conclusion == Some(Conclusion::Breach) {
                StartReason::Breach
            } else {
                StartReason::SecurityIncident
            },
            incident: Some(incident.id),
            ..NextOptions::default()
        },
        None => NextOptions::default(),
    }
}

/// The form asking for the reason in words.
pub fn why_form() -> Form {
    Form::new(
        "Why is this analysis started?",
        vec![
            Field::text("why", "Reason", "")
                .with_help("A change of system, of the practice or of the rule: it is printed in the report."),
        ],
    )
}

pub fn from_why_form(form: &Form) -> Result<NextOptions, FieldProblem> {
    let why = form.text("why").trim().to_string();
    if why.is_empty() {
        return Err(("why", "Say why the analysis is started".to_string()));
    }
    Ok(NextOptions {
        reason: StartReason::Change,
        note: why,
        ..NextOptions::default()
    })
}
