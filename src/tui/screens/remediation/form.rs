//! The remediation plan's form: an action, with its owner, due date, status, effort and
//! cost.

use crate::domain::{Action, ActionStatus, Effort, Person};
use crate::tui::editors::{
    self, FieldProblem, date_text, labels, owner_at, owner_choices, owner_position, parse_date, parse_money, pick,
    position, required_text,
};
use crate::tui::form::{Field, Form};

#[cfg(test)]
mod tests;

pub fn action_form(title: &str, action: &Action, people: &[Person]) -> Form {
    Form::new(
        title,
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
        ],
    )
}

pub fn action_from_form(form: &Form, base: &Action, people: &[Person]) -> Result<Action, FieldProblem> {
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
