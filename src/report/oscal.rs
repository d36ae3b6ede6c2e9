//! The remediation plan as an OSCAL 1.1.2 Plan of Action and Milestones (POA&M), the
//! NIST format any OSCAL tool and many GRC platforms read: `report --format oscal`.
//!
//! It is rendered from the same report model as every other format, so it never disagrees
//! with the PDF:
//! - metadata: title (starting with DRAFT or FINAL), last-modified (the report date),
//!   version, oscal-version, the practice as a party and the analysis's status as a
//!   property (`status`, DRAFT or FINAL, in our namespace), so no tool shows a draft's
//!   plan as final;
//! - `system-id`: the workspace's identity;
//! - local definitions: the in-scope (ePHI) assets as inventory items;
//! - one risk per scenario, with likelihood, impact and level as facets of an "initial"
//!   characterization and, when recorded, the residual as an "adjusted" one; its status
//!   from its treatment and its actions (the treatment word is kept as a property);
//! - one POA&M item per planned action, linked to its risk;
//! - one observation per open finding.
//!
//! Every uuid is a version-5 uuid of the workspace's identity and the record's id, so the
//! same record has the same uuid in every run, on every machine. The identity is the hash
//! of the workspace's first change-log row (written when the file was created), which
//! travels with the file and with its export, unlike its path.

use chrono::NaiveDate;
use serde_json::{Value, json};
use uuid::Uuid;

use super::model::{ReportModel, Score};

/// The OSCAL version the document follows.
pub const OSCAL_VERSION: &str = "1.1.2";

/// The namespace of this program's own property names and facet values. OSCAL wants a
/// URL; the project owns no domain, and `.invalid` is reserved (RFC 2606) for names that
/// must never resolve, so this one can never be mistaken for, or become, someone else's.
const NS: &str = "https://hipaa-ra.invalid/ns/oscal";

/// Derives every uuid of one workspace's documents.
struct Uuids {
    workspace: Uuid,
}

impl Uuids {
    fn new(identity: &str) -> Uuids {
        // A fixed namespace of our own, itself derived from a URL-like name, so every
        // uuid below depends only on the identity and the record.
        let program = Uuid::new_v5(&Uuid::NAMESPACE_URL, NS.as_bytes());
        Uuids {
            workspace: Uuid::new_v5(&program, identity.as_bytes()),
        }
    }

    fn of(&self, kind: &str, id: impl std::fmt::Display) -> String {
        Uuid::new_v5(&self.workspace, format!("{kind}/{id}").as_bytes()).to_string()
    }
}

/// ", as signed on DATE" for a signed year's kept model, else nothing.
fn as_signed(model: &ReportModel) -> String {
    model
        .as_signed_on
        .map_or_else(String::new, |date| format!(", as signed on {date}"))
}

/// One line of text for an OSCAL string or title: whitespace collapsed (no line breaks,
/// nothing leading or trailing, which the schema forbids), or `fallback` when empty.
fn line(text: &str, fallback: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() { fallback.to_string() } else { text }
}

fn date_time(date: NaiveDate) -> String {
    format!("{date}T00:00:00Z")
}

fn prop(name: &str, value: &str) -> Value {
    json!({ "name": name, "ns": NS, "value": line(value, "-") })
}

/// The status OSCAL gives a risk, from its treatment and its actions: undecided risks are
/// open; accepted ones are approved deviations; avoided ones are closed. A risk to
/// mitigate or transfer is being remediated while an action is open, closed only when it
/// has actions and every one is done, and open when it has none (the decision has nothing
/// behind it yet).
fn status(treatment: &str, actions: usize, open_actions: usize) -> &'static str {
    match treatment.to_lowercase().as_str() {
        "mitigate" | "transfer" if actions == 0 => "open",
        "mitigate" | "transfer" if open_actions > 0 => "remediating",
        "mitigate" | "transfer" | "avoid" => "closed",
        "accept" => "deviation-approved",
        _ => "open",
    }
}

fn characterization(state: &str, score: &Score, party: &str) -> Value {
    let facet = |name: &str, value: &str| json!({ "name": name, "system": NS, "value": line(value, "-") });
    json!({
        "props": [prop("state", state)],
        "origin": { "actors": [{ "type": "party", "actor-uuid": party }] },
        "facets": [
            facet("likelihood", &score.likelihood),
            facet("impact", &score.impact),
            facet("risk", &score.level),
        ],
    })
}

/// The POA&M as pretty-printed JSON ending with a newline. `identity` is the workspace's
/// identity (see the module documentation).
pub fn render_oscal(model: &ReportModel, identity: &str) -> String {
    let uuids = Uuids::new(identity);
    let party = uuids.of("party", "practice");
    let practice = line(&model.practice.name, "The practice");

    let inventory: Vec<Value> = model
        .assets
        .iter()
        .filter(|asset| asset.in_scope)
        .map(|asset| {
            let mut props = vec![
                prop("asset-name", &asset.name),
                prop("asset-kind", &asset.kind),
                prop("ephi-actions", &asset.ephi),
                prop("criticality", &asset.criticality),
                prop("encrypted-at-rest", &asset.encrypted_at_rest),
            ];
            if let Some(count) = asset.record_count {
                props.push(prop("record-count", &count.to_string()));
            }
            json!({
                "uuid": uuids.of("asset", asset.id),
                "description": line(&format!("{}. {}", asset.name, asset.description), &asset.name),
                "props": props,
            })
        })
        .collect();

    // Every action of each risk, done or not: a risk closes only on actions all done.
    let mut actions: std::collections::HashMap<crate::domain::Id, usize> = std::collections::HashMap::new();
    for action in &model.plan {
        if let Some(risk_id) = action.risk_id {
            *actions.entry(risk_id).or_default() += 1;
        }
    }
    let risks: Vec<Value> = model
        .register
        .iter()
        .map(|row| {
            let scenario = model.scenarios.iter().find(|scenario| scenario.risk_id == row.risk_id);
            let mut props = vec![prop("risk-id", &row.risk_id.to_string()), prop("treatment", &row.treatment)];
            if !row.owner.trim().is_empty() {
                props.push(prop("owner", &row.owner));
            }
            props.extend(row.assets.iter().map(|asset| prop("asset", asset)));
            props.extend(row.citations.iter().map(|citation| prop("citation", citation)));
            let mut characterizations = Vec::new();
            if let Some(score) = &row.score {
                characterizations.push(characterization("initial", score, &party));
            }
            if let Some(residual) = &row.residual {
                characterizations.push(characterization("adjusted", residual, &party));
            }
            let controls = scenario.map_or("", |scenario| scenario.existing_controls.as_str());
            let mut risk = json!({
                "uuid": uuids.of("risk", row.risk_id),
                "title": line(&format!("#{} {}", row.risk_id, row.threat), "Risk"),
                "description": line(&row.threat, "Threat not described"),
                "statement": line(
                    &format!("Vulnerability: {}. Existing controls: {}.", line(&row.vulnerability, "not described"), line(controls, "none recorded")),
                    "-",
                ),
                "props": props,
                "status": status(
                    &row.treatment,
                    actions.get(&row.risk_id).copied().unwrap_or(0),
                    row.open_actions,
                ),
            });
            if !characterizations.is_empty() {
                risk["characterizations"] = Value::Array(characterizations);
            }
            // The earliest due date of the risk's open actions is its deadline.
            let deadline = model
                .plan
                .iter()
                .filter(|action| action.risk_id == Some(row.risk_id) && action.open)
                .filter_map(|action| action.due_on)
                .min();
            if let Some(deadline) = deadline {
                risk["deadline"] = json!(date_time(deadline));
            }
            risk
        })
        .collect();

    let items: Vec<Value> = model
        .plan
        .iter()
        .map(|action| {
            let mut props = vec![
                prop("action-id", &action.action_id.to_string()),
                prop("status", &action.status),
            ];
            if !action.owner.trim().is_empty() {
                props.push(prop("owner", &action.owner));
            }
            if let Some(due) = action.due_on {
                props.push(prop("due-on", &due.to_string()));
            }
            if action.overdue {
                props.push(prop("overdue", "true"));
            }
            let mut item = json!({
                "uuid": uuids.of("action", action.action_id),
                "title": line(&action.title, "Action"),
                "description": line(&format!("{} (for {})", action.title, action.risk_label()), "Action"),
                "props": props,
            });
            // A standalone action (program work) relates to no risk: OSCAL's
            // related-risks is optional, and an empty array would not validate.
            match action.risk_id {
                Some(risk_id) => item["related-risks"] = json!([{ "risk-uuid": uuids.of("risk", risk_id) }]),
                None => {
                    if let Some(props) = item["props"].as_array_mut() {
                        props.push(prop("standalone", "true"));
                    }
                }
            }
            item
        })
        .collect();

    // OSCAL requires at least one POA&M item; a plan with no actions says so in one.
    let items = if items.is_empty() {
        vec![json!({
            "uuid": uuids.of("action", "none"),
            "title": "No remediation actions planned",
            "description": "The risk analysis records no remediation action for this assessment.",
        })]
    } else {
        items
    };

    let observations: Vec<Value> = model
        .findings
        .iter()
        .filter(|finding| finding.acknowledgment.is_none())
        .map(|finding| {
            json!({
                "uuid": uuids.of("finding", &finding.key),
                "title": line(&finding.key, "Finding"),
                "description": line(&finding.message, "Finding"),
                "props": [prop("blocking", if finding.blocking { "true" } else { "false" })],
                "methods": ["EXAMINE"],
                "types": ["finding"],
                "collected": date_time(model.date),
                "remarks": line(&finding.resolution, "-"),
            })
        })
        .collect();

    let mut poam = json!({
        // The document changes with its content: the report date and the log's head.
        "uuid": uuids.of("poam", format!("{}/{}", model.date, model.change_log.last_hash)),
        "metadata": {
            "title": line(&format!("{}: Plan of action and milestones: {practice}, {}{}", model.status, model.cover.assessment, as_signed(model)), "Plan of action and milestones"),
            "last-modified": date_time(model.date),
            "version": format!("{} change-log entry {}", if model.draft { "draft" } else { "final" }, model.change_log.entries),
            "oscal-version": OSCAL_VERSION,
            "props": [prop("status", model.status.word())],
            "parties": [{ "uuid": party, "type": "organization", "name": practice }],
        },
        "system-id": { "identifier-type": "http://ietf.org/rfc/rfc4122", "id": uuids.workspace.to_string() },
        "poam-items": items,
    });
    let document = &mut poam;
    if !inventory.is_empty() {
        document["local-definitions"] = json!({ "inventory-items": inventory });
    }
    if !observations.is_empty() {
        document["observations"] = Value::Array(observations);
    }
    if !risks.is_empty() {
        document["risks"] = Value::Array(risks);
    }
    let mut text = serde_json::to_string_pretty(&json!({ "plan-of-action-and-milestones": poam })).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_depend_only_on_the_identity_and_the_record() {
        let one = Uuids::new("abc");
        let again = Uuids::new("abc");
        let other = Uuids::new("abd");
        assert_eq!(one.of("risk", 7), again.of("risk", 7));
        assert_ne!(one.of("risk", 7), one.of("risk", 8));
        assert_ne!(one.of("risk", 7), one.of("action", 7));
        assert_ne!(one.of("risk", 7), other.of("risk", 7));
        // Version 5, RFC 4122 variant.
        let uuid = Uuid::parse_str(&one.of("risk", 7)).expect("a uuid");
        assert_eq!(uuid.get_version_num(), 5);
    }

    #[test]
    fn lines_have_no_breaks_or_outer_spaces_and_are_never_empty() {
        assert_eq!(line("  a\nb\t c ", "x"), "a b c");
        assert_eq!(line(" \n ", "x"), "x");
    }

    #[test]
    fn statuses_follow_the_treatment() {
        assert_eq!(status("Undecided", 0, 0), "open");
        assert_eq!(status("Mitigate", 3, 2), "remediating");
        assert_eq!(status("Mitigate", 2, 0), "closed");
        // No action at all: the decision has nothing behind it, so it is not closed.
        assert_eq!(status("Mitigate", 0, 0), "open");
        assert_eq!(status("Transfer", 0, 0), "open");
        assert_eq!(status("Transfer", 1, 1), "remediating");
        assert_eq!(status("Transfer", 1, 0), "closed");
        assert_eq!(status("Accept", 0, 0), "deviation-approved");
        assert_eq!(status("Avoid", 0, 0), "closed");
    }
}
