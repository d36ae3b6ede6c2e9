//! The forms of the risk register: a scenario, its score (with the scale's descriptions
//! shown while choosing), and its treatment: the decision chosen from a list, then a
//! form of only what that decision needs (an acceptance, a reason, an action). The
//! action form is the remediation plan's.

use chrono::NaiveDate;

use crate::catalog::Catalog;
use crate::domain::{
    Acceptance, Action, ActionStatus, Asset, Effort, Id, Labeled, Level, Person, Risk, RiskMatrix, Scale, ThreatSource,
    Treatment,
};
use crate::tui::editors;
use crate::tui::editors::{
    FieldProblem, date_text, labels, owner_at, owner_choices, owner_position, parse_date, pick, position,
    required_date, required_text,
};
use crate::tui::form::{Field, Form};
use crate::tui::keys::{Action as KeyAction, Scope, keys_for};
use crate::tui::picker::{PickRow, Picker};

const NOT_SCORED: &str = "(not scored)";

/// The label and help of a vulnerability field holding the library's suggestion.
const SUGGESTED_LABEL: &str = "Vuln. (suggested)";
const SUGGESTED_HELP: &str = "Suggested by the threat library, not yet confirmed: is it true here? Edit it, or \
                              keep it; saving confirms it.";

/// The scenario form. `suggestion`: the library's vulnerability, shown in the field (and
/// labelled a suggestion) while the scenario has none of its own.
pub fn scenario_form(title: &str, risk: &Risk, assets: &[Asset], people: &[Person], suggestion: Option<&str>) -> Form {
    let asset_names: Vec<&str> = risk
        .asset_ids
        .iter()
        .filter_map(|id| assets.iter().find(|asset| asset.id == *id))
        .map(|asset| asset.name.as_str())
        .collect();
    Form::new(
        title,
        vec![
            Field::text("threat", "Threat", &risk.threat).with_help("What could happen, in a few words."),
            Field::choice("source", "Source", labels::<ThreatSource>(), position(risk.source)),
            vulnerability_field(risk, suggestion),
            Field::text("assets", "Assets", &asset_names.join("; "))
                .with_help(format!(
                    "{} ticks them in the inventory; or type names separated by ; (empty: the whole practice).",
                    keys_for(Scope::Form, KeyAction::PickFromList)
                ))
                .pickable(),
            Field::text("controls", "Existing controls", &risk.existing_controls)
                .with_help("What already reduces the likelihood or the impact."),
            Field::text("citations", "Citations", &risk.citations.join(", "))
                .with_help(format!(
                    "{} ticks them in the catalog; or type Security Rule citations, for example 164.312(a)(1).",
                    keys_for(Scope::Form, KeyAction::PickFromList)
                ))
                .pickable(),
            Field::choice(
                "owner",
                "Owner",
                owner_choices(people),
                owner_position(people, risk.owner_id),
            ),
            Field::text("notes", "Notes", &risk.notes),
        ],
    )
}

pub fn scenario_from_form(
    form: &Form,
    base: &Risk,
    assets: &[Asset],
    people: &[Person],
    catalog: &Catalog,
) -> Result<Risk, FieldProblem> {
    let threat = required_text(form, "threat", "Threat")?;
    let mut asset_ids = Vec::new();
    for name in split_list(&form.text("assets"), ';') {
        let asset = assets
            .iter()
            .find(|asset| asset.name.eq_ignore_ascii_case(name))
            .ok_or(("assets", format!("Assets: no asset named \"{name}\" in the inventory")))?;
        if !asset_ids.contains(&asset.id) {
            asset_ids.push(asset.id);
        }
    }
    let mut citations = Vec::new();
    for citation in split_list(&form.text("citations"), ',').flat_map(|part| split_list(part, ';')) {
        let citation = citation.trim_start_matches('§').trim();
        if catalog.item(citation).is_none() {
            return Err((
                "citations",
                format!("Citations: {citation} is not a Security Rule standard or specification"),
            ));
        }
        citations.push(citation.to_string());
    }
    Ok(Risk {
        threat,
        source: pick(form.choice("source")),
        vulnerability: form.text("vulnerability"),
        asset_ids,
        existing_controls: form.text("controls"),
        citations,
        owner_id: owner_at(people, form.choice("owner")),
        notes: form.text("notes"),
        ..base.clone()
    })
}

fn vulnerability_field(risk: &Risk, suggestion: Option<&str>) -> Field {
    match suggestion.filter(|_| risk.vulnerability_unconfirmed()) {
        Some(suggested) => Field::text("vulnerability", SUGGESTED_LABEL, suggested).with_help(SUGGESTED_HELP),
        None => Field::text("vulnerability", "Vulnerability", &risk.vulnerability)
            .with_help("The weakness that lets it happen here."),
    }
}

fn split_list(text: &str, separator: char) -> impl Iterator<Item = &str> {
    text.split(separator).map(str::trim).filter(|part| !part.is_empty())
}

/// A choice among a scale's levels, with "(not scored)" first and each level's guide
/// shown while it is chosen.
fn scale_choice(
    key: &'static str,
    label: &'static str,
    scale: &Scale,
    value: Option<usize>,
    guide: fn(&Level) -> Option<&String>,
) -> Field {
    let options = std::iter::once(NOT_SCORED.to_string())
        .chain(scale.levels.iter().map(|level| level.label.clone()))
        .collect();
    let help = std::iter::once(format!(
        "Not scored yet: choose a level with {}/{}.",
        keys_for(Scope::Form, KeyAction::ChoicePrevious),
        keys_for(Scope::Form, KeyAction::ChoiceNext)
    ))
    .chain(scale.levels.iter().map(|level| {
        let mut text = format!("{}: {}", level.label, guide(level).map_or("", String::as_str));
        if let (Some(range), Some(score)) = (&level.range, level.score) {
            text.push_str(&format!(" (NIST range {range}, score {score})"));
        }
        text
    }))
    .collect();
    Field::choice(key, label, options, value.map_or(0, |index| index + 1)).with_option_help(help)
}

fn likelihood(level: &Level) -> Option<&String> {
    level.likelihood_guide.as_ref()
}

fn impact(level: &Level) -> Option<&String> {
    level.impact_guide.as_ref()
}

/// The score form, with the resulting level live in its border. A library scenario whose
/// vulnerability is not confirmed gets the suggestion as its last field: saving the score
/// confirms it (or what the user made of it).
pub fn score_form(risk: &Risk, matrix: &RiskMatrix, suggestion: Option<&str>) -> Form {
    let mut fields = vec![
        scale_choice("likelihood", "Likelihood", &matrix.rows, risk.likelihood, likelihood),
        Field::text("likelihood_rationale", "Why likelihood", &risk.likelihood_rationale)
            .with_help("The rationale: history, exposure, the existing controls. A score without one is a finding."),
        scale_choice("impact", "Impact", &matrix.columns, risk.impact, impact),
        Field::text("impact_rationale", "Why impact", &risk.impact_rationale)
            .with_help("The rationale: records involved, downtime, harm to patients."),
        scale_choice(
            "residual_likelihood",
            "Target likelihood",
            &matrix.rows,
            risk.residual_likelihood,
            likelihood,
        ),
        scale_choice(
            "residual_impact",
            "Target impact",
            &matrix.columns,
            risk.residual_impact,
            impact,
        ),
    ];
    if suggestion.is_some() && risk.vulnerability_unconfirmed() {
        fields.push(vulnerability_field(risk, suggestion));
    }
    let matrix = matrix.clone();
    Form::new(format!("Score: {}", risk.threat), fields).with_live(Box::new(move |form| live_level(form, &matrix)))
}

/// "Level: High", or what is still missing, from the form's likelihood and impact.
fn live_level(form: &Form, matrix: &RiskMatrix) -> String {
    let index = |key: &str| form.choice(key).checked_sub(1);
    match (index("likelihood"), index("impact")) {
        (Some(likelihood), Some(impact)) => match matrix.lookup_label(likelihood, impact) {
            Some(level) => format!("Level: {level}"),
            None => "Level: not on the matrix".to_string(),
        },
        (None, None) => "Level: choose likelihood and impact".to_string(),
        (None, _) => "Level: choose the likelihood".to_string(),
        (_, None) => "Level: choose the impact".to_string(),
    }
}

/// The scored risk, or the field to fix: a rationale is refused when longer than a page,
/// or when written for a score that is not chosen (it would explain nothing).
pub fn score_from_form(form: &Form, base: &Risk) -> Result<Risk, FieldProblem> {
    let index = |key: &str| form.choice(key).checked_sub(1);
    let likelihood_rationale = editors::limited_text(form, "likelihood_rationale", "Why likelihood")?;
    let impact_rationale = editors::limited_text(form, "impact_rationale", "Why impact")?;
    if index("likelihood").is_none() && !likelihood_rationale.is_empty() {
        return Err((
            "likelihood",
            "Choose the likelihood this rationale explains".to_string(),
        ));
    }
    if index("impact").is_none() && !impact_rationale.is_empty() {
        return Err(("impact", "Choose the impact this rationale explains".to_string()));
    }
    // The library's suggestion, confirmed as shown or as edited; never cleared to nothing.
    let vulnerability = if form.fields.iter().any(|field| field.key == "vulnerability") {
        let text = editors::limited_text(form, "vulnerability", "Vulnerability")?;
        if text.is_empty() {
            return Err((
                "vulnerability",
                "Vulnerability: say what weakness lets this happen here (or keep the suggestion)".to_string(),
            ));
        }
        text
    } else {
        base.vulnerability.clone()
    };
    Ok(Risk {
        vulnerability,
        likelihood: index("likelihood"),
        impact: index("impact"),
        residual_likelihood: index("residual_likelihood"),
        residual_impact: index("residual_impact"),
        likelihood_rationale,
        impact_rationale,
        ..base.clone()
    })
}

/// The decisions the treat list offers, in its order. Undecided is not one: a decision
/// is chosen explicitly, never reached by stepping past another.
pub const DECISIONS: [Treatment; 4] = [
    Treatment::Mitigate,
    Treatment::Accept,
    Treatment::Transfer,
    Treatment::Avoid,
];

/// What each decision means, as the treat list says it (short: the list's second column
/// is 24 columns at 80x24).
fn decision_help(treatment: Treatment) -> &'static str {
    match treatment {
        Treatment::Undecided => "Not decided yet",
        Treatment::Mitigate => "Reduce it with actions",
        Treatment::Accept => "Live with it: who, why",
        Treatment::Transfer => "Pass it on: to whom",
        Treatment::Avoid => "Stop what creates it",
    }
}

/// The first step of treating a risk: the decision, chosen from a list with Enter (the
/// risk's current one marked). The second step is the form of what that decision needs.
pub fn treatment_picker(risk: &Risk) -> Picker {
    let rows = DECISIONS
        .iter()
        .map(|treatment| {
            let now = if *treatment == risk.treatment { " (now)" } else { "" };
            PickRow::new(
                treatment.key(),
                format!("{}{now}", treatment.label()),
                decision_help(*treatment),
            )
        })
        .collect();
    Picker::new(
        format!("Treat: {}", risk.threat),
        "Choose the decision; Enter opens what it needs.",
        rows,
        false,
    )
}

/// The decision a row of the treat list stands for.
pub fn chosen_treatment(chosen: &[String]) -> Option<Treatment> {
    let key = chosen.first()?;
    DECISIONS.iter().copied().find(|treatment| treatment.key() == key)
}

/// The second step: the fields `treatment` needs, and only those. Accept: who accepts it,
/// when and why; Avoid: why; Transfer: to whom and how, and an action; Mitigate: an
/// action (the first, needed, or another, optional).
pub fn treatment_form(
    risk: &Risk,
    treatment: Treatment,
    people: &[Person],
    has_actions: bool,
    today: NaiveDate,
) -> Form {
    let acceptance = risk.acceptance.as_ref();
    let reason = if risk.treatment == treatment {
        risk.treatment_reason.as_str()
    } else {
        ""
    };
    let mut fields = match treatment {
        Treatment::Accept => vec![
            Field::choice(
                "accepted_by",
                "Accepted by",
                owner_choices(people),
                owner_position(people, acceptance.map(|acceptance| acceptance.person_id)),
            )
            .with_help("The person who accepts the risk. High and above: the security official only."),
            Field::text(
                "accepted_on",
                "Accepted on",
                &date_text(Some(acceptance.map_or(today, |acceptance| acceptance.accepted_on))),
            )
            .with_help(editors::DATE_HELP),
            Field::text(
                "acceptance_reason",
                "Why accept",
                acceptance.map_or("", |acceptance| acceptance.reason.as_str()),
            )
            .with_help("Why the remaining risk is tolerable, in words an auditor will read."),
        ],
        Treatment::Avoid => vec![
            Field::text("treatment_reason", "Why avoid", reason)
                .with_help("What the practice stops doing, and why that is better than reducing the risk."),
        ],
        Treatment::Transfer => vec![
            Field::text("treatment_reason", "To whom, how", reason)
                .with_help("Who takes the risk on and how: cyber insurance, a vendor's contract (a BAA)."),
        ],
        Treatment::Mitigate | Treatment::Undecided => Vec::new(),
    };
    if treatment.needs_action() {
        let (label, help) = if has_actions {
            (
                "Another action",
                "Optional: the risk has actions already; a title here plans one more.",
            )
        } else {
            ("First action", "What will be done (one action at least).")
        };
        fields.extend([
            Field::text("action_title", label, "").with_help(help),
            Field::choice("action_owner", "Action owner", owner_choices(people), 0),
            Field::text("action_due", "Action due", "").with_help(editors::DATE_HELP),
        ]);
    }
    Form::new(format!("{}: {}", treatment.label(), risk.threat), fields)
}

/// The treated risk and the action planned with it, from the form of `treatment`. The
/// acceptance is kept only when accepting, the reason only for Avoid and Transfer.
pub fn treatment_from_form(
    form: &Form,
    treatment: Treatment,
    base: &Risk,
    people: &[Person],
) -> Result<(Risk, Option<Action>), FieldProblem> {
    let acceptance = if treatment == Treatment::Accept {
        let person_id = owner_at(people, form.choice("accepted_by")).ok_or((
            "accepted_by",
            "Accepted by: choose the person who accepts the risk".to_string(),
        ))?;
        Some(Acceptance {
            person_id,
            accepted_on: required_date(form, "accepted_on", "Accepted on")?,
            reason: form.text("acceptance_reason"),
        })
    } else {
        None
    };
    let treatment_reason = match treatment {
        Treatment::Avoid => required_text(form, "treatment_reason", "Why avoid")?,
        Treatment::Transfer => required_text(form, "treatment_reason", "To whom, how")?,
        _ => String::new(),
    };
    // An owner or due date without a title is a half-filled action: named, not dropped.
    let title = form.text("action_title");
    let action = if !title.is_empty() {
        Some(Action {
            id: 0,
            risk_id: Some(base.id),
            title,
            owner_id: owner_at(people, form.choice("action_owner")),
            due_on: parse_date(form, "action_due", "Action due")?,
            status: ActionStatus::Planned,
            effort: Effort::Unknown,
            cost_estimate: None,
            notes: String::new(),
            ..Action::default()
        })
    } else if form.choice("action_owner") > 0 || !form.text("action_due").is_empty() {
        return Err((
            "action_title",
            "Action: give it a title, or clear its owner and due date".to_string(),
        ));
    } else {
        None
    };
    let risk = Risk {
        treatment,
        acceptance,
        treatment_reason,
        ..base.clone()
    };
    Ok((risk, action))
}

/// A new, unscored scenario the user writes, practice-wide until assets are named.
pub fn blank_scenario(assessment_id: Id) -> Risk {
    Risk::unscored(assessment_id, "", ThreatSource::Adversarial)
}
