//! The form of any record described by its fields (`domain::record`): one form field per
//! record field, of the input its kind of value needs, and the record read back with a
//! problem named by field. A new field of a record appears in its form with no change
//! here; the screens pick which fields their form shows.

use super::editors::{DATE_HELP, FieldProblem, owner_at, owner_choices, owner_position};
use super::form::{Field as FormField, Form};
use crate::domain::record::{Field, FieldError, Record, Value, ValueKind};
use crate::domain::{EphiActions, Person};
use crate::exchange::cells::parse_cell;

const EPHI_BOXES: [&str; 4] = ["Create", "Receive", "Maintain", "Transmit"];
/// What a blank optional choice reads as.
const NOT_SET: &str = "(not recorded)";

/// The form for `record`, one form field for each of `fields` in their order. `people` are
/// the choices of a person field.
pub fn record_form<R: Record>(title: &str, record: &R, fields: &[R::Field], people: &[Person]) -> Form {
    let form_fields = fields
        .iter()
        .map(|field| {
            form_field(
                field.spec().key,
                field.spec().label,
                field.kind(),
                field.get(record),
                people,
            )
        })
        .collect();
    Form::new(title, form_fields)
}

/// The form field of one record field, showing `value`.
pub fn form_field(
    key: &'static str,
    label: &'static str,
    kind: ValueKind,
    value: Value,
    people: &[Person],
) -> FormField {
    match (kind, value) {
        (ValueKind::Choice { choices, optional }, Value::Choice(chosen)) => {
            let blank = optional.then(|| NOT_SET.to_string());
            let options: Vec<String> = blank
                .into_iter()
                .chain(choices.iter().map(|(_, label)| label.to_string()))
                .collect();
            let index = chosen
                .and_then(|key| choices.iter().position(|(choice, _)| *choice == key))
                .map_or(0, |index| index + usize::from(optional));
            FormField::choice(key, label, options, index)
        }
        (ValueKind::Person, Value::Person(id)) => {
            FormField::choice(key, label, owner_choices(people), owner_position(people, id))
        }
        (ValueKind::Ephi, Value::Ephi(ephi)) => FormField::flags(
            key,
            label,
            EPHI_BOXES.iter().map(|label| label.to_string()).collect(),
            vec![ephi.create, ephi.receive, ephi.maintain, ephi.transmit],
        ),
        (ValueKind::Date, value) => {
            FormField::text(key, label, &value.canonical(&|_| String::new())).with_help(DATE_HELP)
        }
        (_, value) => FormField::text(key, label, &value.canonical(&|_| String::new())),
    }
}

/// `base` with the values of the form's `fields`, or the first field whose text does not
/// read (a bad date, a blank name), named for the form to focus.
pub fn record_from_form<R: Record>(
    form: &Form,
    base: &R,
    fields: &[R::Field],
    people: &[Person],
) -> Result<R, FieldProblem> {
    let mut record = base.clone();
    for field in fields {
        let spec = field.spec();
        let value = form_value(form, spec.key, spec.kind, people).map_err(|message| (spec.key, message))?;
        field.set(&mut record, value).map_err(|error| {
            let message = match error {
                FieldError::Blank => format!("{} is needed", spec.label),
                other => other.to_string(),
            };
            (spec.key, message)
        })?;
    }
    Ok(record)
}

/// The value of one form field, read as its record field's kind.
pub fn form_value(form: &Form, key: &'static str, kind: ValueKind, people: &[Person]) -> Result<Value, String> {
    Ok(match kind {
        ValueKind::Choice { choices, optional } => {
            let index = form.choice(key);
            let index = if optional { index.checked_sub(1) } else { Some(index) };
            Value::Choice(index.and_then(|index| choices.get(index)).map(|(key, _)| *key))
        }
        ValueKind::Person => Value::Person(owner_at(people, form.choice(key))),
        ValueKind::Ephi => {
            let on = form.flags(key);
            let flag = |index: usize| on.get(index).copied().unwrap_or(false);
            Value::Ephi(EphiActions {
                create: flag(0),
                receive: flag(1),
                maintain: flag(2),
                transmit: flag(3),
            })
        }
        ValueKind::Text { required, .. } => {
            let text = form.text(key);
            if required && text.trim().is_empty() {
                return Err(format!("{} cannot be empty", label_of(form, key)));
            }
            Value::Text(text)
        }
        // The domain's reading of a typed date, as every form reads dates.
        ValueKind::Date => {
            let text = form.text(key);
            if text.is_empty() {
                Value::Date(None)
            } else {
                let date = crate::domain::parse::parse_date(&text)
                    .map_err(|message| format!("{}: {message}", label_of(form, key)))?;
                Value::Date(Some(date))
            }
        }
        kind => {
            let spec = crate::domain::record::FieldSpec {
                key,
                label: label_of(form, key),
                kind,
                columns: &[],
            };
            let message = |message: String| format!("{}: {message}", spec.label);
            parse_cell("record", &spec, form.text(key).trim()).map_err(message)?
        }
    })
}

fn label_of(form: &Form, key: &str) -> &'static str {
    form.label(key).unwrap_or("This field")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Asset, AssetField, AssetKind, BaaStatus, Criticality};

    fn person(id: crate::domain::Id, name: &str) -> Person {
        Person {
            id,
            name: name.into(),
            ..Person::default()
        }
    }

    #[test]
    fn every_asset_field_round_trips_through_its_form() {
        let people = [person(4, "Ann"), person(9, "Zoë")];
        let asset = Asset {
            id: 3,
            assessment_id: 1,
            name: "Front desk PC".into(),
            kind: AssetKind::Workstation,
            owner_id: Some(9),
            ephi: EphiActions {
                receive: true,
                transmit: true,
                ..EphiActions::default()
            },
            record_count: Some(1200),
            criticality: Criticality::High,
            last_reviewed: chrono::NaiveDate::from_ymd_opt(2026, 3, 9),
            baa_status: Some(BaaStatus::Pending),
            ..Asset::default()
        };
        let form = record_form("Edit", &asset, AssetField::LIST, &people);
        assert_eq!(form.fields.len(), AssetField::LIST.len());
        let back = record_from_form(&form, &Asset::default(), AssetField::LIST, &people).unwrap();
        assert_eq!(
            Asset {
                id: 3,
                assessment_id: 1,
                ..back
            },
            asset
        );
    }

    #[test]
    fn a_bad_value_names_its_field() {
        let mut form = record_form("Add", &Asset::default(), AssetField::LIST, &[]);
        form.set_text("name", "Fax");
        form.set_text("last_reviewed", "31/31/2026");
        let problem = record_from_form(&form, &Asset::default(), AssetField::LIST, &[]).unwrap_err();
        assert_eq!(problem.0, "last_reviewed");
        assert!(
            problem.1.starts_with("Last reviewed: `31/31/2026` is not a date"),
            "{}",
            problem.1
        );
        form.set_text("last_reviewed", "");
        form.set_text("name", " ");
        let problem = record_from_form(&form, &Asset::default(), AssetField::LIST, &[]).unwrap_err();
        assert_eq!(problem, ("name", "Name cannot be empty".to_string()));
    }
}
