//! The incident and breach rules (`domain::breach` holds the arithmetic): an undetermined
//! breach assessment, a breach whose notices are overdue and a conclusion nothing supports
//! block; an incident left open past 30 days is advisory. Incidents are program records,
//! shared by every year, so every incident is read, not only this year's.

use super::*;
use crate::domain::breach;
use crate::domain::incident::{Conclusion, Incident};

fn incident_ref(incident: &Incident) -> RecordRef {
    RecordRef::Incident {
        id: incident.id,
        title: incident.title.clone(),
    }
}

fn by_id<'a>(cx: &Context<'a>) -> Vec<&'a Incident> {
    let mut incidents: Vec<&Incident> = cx.workspace.incidents.iter().collect();
    incidents.sort_by_key(|incident| incident.id);
    incidents
}

fn finding(rule: Rule, incident: &Incident, message: String, resolution: &'static str) -> Finding {
    Finding::new(
        rule,
        format!("incident:{}", incident.id),
        vec![incident_ref(incident)],
        message,
        resolution,
    )
}

pub(super) fn breach_undetermined(cx: &Context<'_>) -> Vec<Finding> {
    by_id(cx)
        .into_iter()
        .filter(|incident| incident.conclusion == Some(Conclusion::Undetermined))
        .map(|incident| {
            finding(
                Rule::BreachUndetermined,
                incident,
                format!(
                    "{}: the breach assessment is undetermined, and a breach is presumed until the four factors show \
                     a low probability of compromise (§164.402)",
                    capitalised(&incident_ref(incident).display())
                ),
                "finish the four-factor assessment and conclude breach or not a breach",
            )
        })
        .collect()
}

pub(super) fn breach_notice_overdue(cx: &Context<'_>) -> Vec<Finding> {
    by_id(cx)
        .into_iter()
        .filter_map(|incident| {
            let (deadline, missing) = breach::notification_overdue(incident, cx.today)?;
            Some(finding(
                Rule::BreachNoticeOverdue,
                incident,
                format!(
                    "{} is a breach discovered {}: notice to {} was due by {deadline} (§164.404(b))",
                    capitalised(&incident_ref(incident).display()),
                    incident.discovered_on.map_or_else(String::new, |on| on.to_string()),
                    missing.join(", "),
                ),
                "send the notices and record the dates they were sent",
            ))
        })
        .collect()
}

pub(super) fn breach_conclusion_unsupported(cx: &Context<'_>) -> Vec<Finding> {
    by_id(cx)
        .into_iter()
        .filter_map(|incident| {
            let problem = breach::conclusion_problem(incident)?;
            Some(finding(
                Rule::BreachConclusionUnsupported,
                incident,
                format!("{}: {problem}", capitalised(&incident_ref(incident).display())),
                "write the four factors of the breach assessment",
            ))
        })
        .collect()
}

pub(super) fn incident_open_long(cx: &Context<'_>) -> Vec<Finding> {
    by_id(cx)
        .into_iter()
        .filter_map(|incident| {
            let days = breach::open_too_long(incident, cx.today)?;
            Some(finding(
                Rule::IncidentOpenLong,
                incident,
                format!(
                    "{} has been {} for {days} days: incidents are responded to and documented in a timely way \
                     (§164.308(a)(6)(ii))",
                    capitalised(&incident_ref(incident).display()),
                    incident.status.label().to_lowercase(),
                ),
                "record its response in the timeline and close it with its outcome",
            ))
        })
        .collect()
}

/// A scenario an incident materialized, marked to score again in the analysis the
/// incident started, whose carried-forward mark is not yet cleared (its rationale
/// rewritten, or confirmed on the Risks screen: see `carried`).
pub(super) fn scenario_to_rescore(cx: &Context<'_>) -> Vec<Finding> {
    let mut marks: Vec<_> = cx.workspace.rescores.iter().collect();
    marks.sort_by_key(|mark| (mark.risk_id, mark.incident_id));
    marks
        .into_iter()
        .filter_map(|mark| {
            let index = cx.risks.binary_search_by_key(&mark.risk_id, |risk| risk.id).ok()?;
            let risk = cx.risks[index];
            if cx.risk_marks.get(&risk.id).is_none_or(|carried| carried.confirmed) {
                return None;
            }
            let incident = cx
                .workspace
                .incidents
                .iter()
                .find(|incident| incident.id == mark.incident_id)?;
            let scenario = scenario_ref(risk);
            Some(Finding::new(
                Rule::ScenarioToRescore,
                format!("scenario:{}:incident:{}", risk.id, incident.id),
                vec![scenario.clone(), incident_ref(incident)],
                format!(
                    "{} happened ({}), which started this analysis: score it again with what the incident showed \
                     ({RISK_ANALYSIS})",
                    capitalised(&scenario.display()),
                    incident_ref(incident).display(),
                ),
                "re-score it with its rationale rewritten (s on the Risks screen)",
            ))
        })
        .collect()
}
