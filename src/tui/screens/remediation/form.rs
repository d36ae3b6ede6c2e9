//! The remediation plan's form: an action, with its owner, due date, status, effort and
//! cost; the asset field it changes and the value it sets (so "done" can be checked
//! against the inventory); and, when the due date moves, the reason (kept with the
//! plan's history of the date).

use crate::domain::action_change::{self, asset_field, due_move_problem};
use crate::domain::{Action, ActionStatus, Asset, AssetField, Effort, Field as RecordField, Person, ValueKind};
use crate::tui::editors::{
    self, FieldProblem, date_text, labels, owner_at, owner_choices, owner_position, parse_date, parse_money, pick,
    position, required_text,
};
use crate::tui::form::{Field, Form};

#[cfg(test)]
mod tests;

/// The form without the asset change's choices (the Risks screen's quick plan of a new
/// action, whose date has nothing to move from).
pub fn action_form(title: &str, action: &Action, people: &[Person]) -> Form {
    Form::new(title, action_form_fields(action, people))
}

/// The asset fields an action can set: not a person (a leaver hands over) nor the ePHI
/// actions (scope).
fn settable_fields() -> Vec<AssetField> {
    AssetField::ALL
        .iter()
        .copied()
        .filter(|field| !matches!(field.kind(), ValueKind::Person | ValueKind::Ephi))
        .collect()
}

/// The form, offering `assets` (the year's, not retired) for the change the action makes.
pub fn action_form_with(title: &str, action: &Action, people: &[Person], assets: &[Asset]) -> Form {
    let mut asset_names = vec!["(none)".to_string()];
    asset_names.extend(assets.iter().map(|asset| asset.name.clone()));
    let asset_at = action
        .asset_id
        .and_then(|id| assets.iter().position(|asset| asset.id == id))
        .map_or(0, |index| index + 1);
    let fields = settable_fields();
    let mut field_names = vec!["(none)".to_string()];
    field_names.extend(fields.iter().map(|field| field.label().to_string()));
    let field_at = asset_field(&action.asset_field)
        .and_then(|chosen| fields.iter().position(|field| *field == chosen))
        .map_or(0, |index| index + 1);
    let mut fields = action_form_fields(action, people);
    fields.extend([
        Field::choice("changes_asset", "Changes asset", asset_names, asset_at)
            .with_help("The asset this action changes, so \"done\" can be checked against the inventory."),
        Field::choice("changes_field", "Asset field", field_names, field_at),
        Field::text("changes_to", "Sets it to", &action.asset_value)
            .with_help("The value the action gives that field, like Yes for Encrypted at rest."),
    ]);
    // A saved action's date may move: the reason is asked for beside it.
    if action.id != 0 {
        fields.push(
            Field::text("due_reason", "Due-date reason", "")
                .with_help("Why the due date moves, when it does: the plan keeps the first date and every move."),
        );
    }
    Form::new(title, fields)
}

/// The form of a standalone action (program work with no risk, like "run the Q1 access
/// review"): title, owner, due date, status and notes; a saved one's date may move, with
/// a reason.
pub fn standalone_form(title: &str, action: &Action, people: &[Person]) -> Form {
    let mut fields: Vec<Field> = action_form_fields(action, people)
        .into_iter()
        .filter(|field| STANDALONE_FIELDS.contains(&field.key))
        .collect();
    if action.id != 0 {
        fields.push(
            Field::text("due_reason", "Due-date reason", "")
                .with_help("Why the due date moves, when it does: the plan keeps the first date and every move."),
        );
    }
    Form::new(title, fields)
}

/// What a standalone action's form asks.
const STANDALONE_FIELDS: [&str; 5] = ["title", "owner", "due", "status", "notes"];

/// The standalone action the form describes and the reason its due date moves; effort,
/// cost and any asset change are kept from `base`.
pub fn standalone_from_form(form: &Form, base: &Action, people: &[Person]) -> Result<(Action, String), FieldProblem> {
    let action = Action {
        title: required_text(form, "title", "Action")?,
        owner_id: owner_at(people, form.choice("owner")),
        due_on: parse_date(form, "due", "Due")?,
        status: pick(form.choice("status")),
        notes: form.text("notes"),
        ..base.clone()
    };
    let reason = form.text("due_reason").trim().to_string();
    if let Some(problem) = due_move_problem(base, &action, &reason) {
        return Err(problem);
    }
    Ok((action, reason))
}

fn action_form_fields(action: &Action, people: &[Person]) -> Vec<Field> {
    vec![
        Field::text("title", "Action", &action.title).with_help("What will be done, specifically."),
        Field::choice(
            "owner",
            "Owner",
            owner_choices(people),
            owner_position(people, action.owner_id),
        ),
        Field::text("due", "Due", &date_text(action.due_on)).with_help(editors::DATE_HELP),
        Field::choice("status", "Status", labels::<ActionStatus>(), position(action.status)),
        Field::choice("effort", "Effort", labels::<Effort>(), position(action.effort)),
        Field::text(
            "cost",
            "Cost estimate",
            &action
                .cost_estimate
                .map_or(String::new(), |cost| format!("${}", thousands(cost))),
        )
        .with_help("Whole dollars, like $1,250; empty when unknown."),
        Field::text("notes", "Notes", &action.notes),
    ]
}

/// The action the form describes (the Risks screen's quick plan: no asset change).
pub fn action_from_form(form: &Form, base: &Action, people: &[Person]) -> Result<Action, FieldProblem> {
    action_fields(form, base, people)
}

/// The action the form describes and the reason its due date moves (empty when it does
/// not). Refused, naming the field, when the asset change does not hold together or a set
/// due date changes without a reason.
pub fn action_from_form_with(
    form: &Form,
    base: &Action,
    people: &[Person],
    assets: &[Asset],
) -> Result<(Action, String), FieldProblem> {
    let mut action = action_fields(form, base, people)?;
    let fields = settable_fields();
    action.asset_id = form
        .choice("changes_asset")
        .checked_sub(1)
        .and_then(|index| assets.get(index))
        .map(|asset| asset.id);
    action.asset_field = form
        .choice("changes_field")
        .checked_sub(1)
        .and_then(|index| fields.get(index))
        .map_or_else(String::new, |field| field.key().to_string());
    action.asset_value = form.text("changes_to").trim().to_string();
    if let Some(problem) = action_change::change_problem(&action, assets) {
        return Err(problem);
    }
    let reason = form.text("due_reason").trim().to_string();
    if let Some(problem) = due_move_problem(base, &action, &reason) {
        return Err(problem);
    }
    Ok((action_change::canonical(&action), reason))
}

fn action_fields(form: &Form, base: &Action, people: &[Person]) -> Result<Action, FieldProblem> {
    Ok(Action {
        title: required_text(form, "title", "Action")?,
        owner_id: owner_at(people, form.choice("owner")),
        due_on: parse_date(form, "due", "Due")?,
        status: pick(form.choice("status")),
        effort: pick(form.choice("effort")),
        cost_estimate: parse_money(form, "cost", "Cost estimate")?,
        notes: form.text("notes"),
        ..base.clone()
    })
}

/// `1250` as `1,250`: money shown back the way it is typed.
pub fn thousands(amount: u64) -> String {
    let digits = amount.to_string();
    let mut out = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}
