//! What the forms that edit records share: reading a field as a date, an amount, an owner
//! or a bounded text, with a problem named by field when it does not make one. The forms
//! themselves are their screens' (`screens::<name>::form`).

use chrono::NaiveDate;

use super::form::Form;
use crate::domain::*;

/// A problem with one field: its key (to focus it) and the message to show.
pub type FieldProblem = (&'static str, String);

pub fn labels<T: Labeled>() -> Vec<String> {
    T::ALL.iter().map(|value| value.label().to_string()).collect()
}

pub fn position<T: Labeled + PartialEq>(value: T) -> usize {
    T::ALL.iter().position(|candidate| *candidate == value).unwrap_or(0)
}

pub fn pick<T: Labeled>(index: usize) -> T {
    T::ALL[index.min(T::ALL.len() - 1)]
}

/// The help of a date field: both forms it reads.
pub const DATE_HELP: &str = "A date like 2026-03-15 or 3/15/2026.";

pub fn date_text(date: Option<NaiveDate>) -> String {
    date.map_or(String::new(), |date| date.to_string())
}

/// An optional date typed as YYYY-MM-DD or M/D/YYYY (the domain reads both; the form shows
/// it back as ISO once saved).
pub fn parse_date(form: &Form, key: &'static str, label: &str) -> Result<Option<NaiveDate>, FieldProblem> {
    let text = form.text(key);
    if text.is_empty() {
        return Ok(None);
    }
    crate::domain::parse::parse_date(&text)
        .map(Some)
        .map_err(|message| (key, format!("{label}: {message}")))
}

/// An optional sum in whole dollars, typed as `1250` or `$1,250`.
pub fn parse_money(form: &Form, key: &'static str, label: &str) -> Result<Option<u64>, FieldProblem> {
    let text = form.text(key);
    if text.is_empty() {
        return Ok(None);
    }
    crate::domain::parse::parse_money(&text)
        .map(Some)
        .map_err(|message| (key, format!("{label}: {message}")))
}

pub fn required_date(form: &Form, key: &'static str, label: &str) -> Result<NaiveDate, FieldProblem> {
    parse_date(form, key, label)?.ok_or((key, format!("{label} is needed")))
}

/// An optional whole number; thousands separators are allowed.
pub fn parse_count(form: &Form, key: &'static str, label: &str) -> Result<Option<u64>, FieldProblem> {
    let text: String = form
        .text(key)
        .chars()
        .filter(|c| !matches!(c, ',' | '_' | ' '))
        .collect();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse()
        .map(Some)
        .map_err(|_| (key, format!("{label}: `{}` is not a whole number", form.text(key))))
}

pub fn required_text(form: &Form, key: &'static str, label: &str) -> Result<String, FieldProblem> {
    let text = form.text(key);
    if text.is_empty() {
        Err((key, format!("{label} cannot be empty")))
    } else {
        Ok(text)
    }
}

/// People as choices, with "nobody" first.
pub fn owner_choices(people: &[Person]) -> Vec<String> {
    std::iter::once("(nobody)".to_string())
        .chain(people.iter().map(|person| person.name.clone()))
        .collect()
}

pub fn owner_position(people: &[Person], owner: Option<Id>) -> usize {
    owner
        .and_then(|id| people.iter().position(|person| person.id == id))
        .map_or(0, |index| index + 1)
}

pub fn owner_at(people: &[Person], index: usize) -> Option<Id> {
    index
        .checked_sub(1)
        .and_then(|index| people.get(index))
        .map(|person| person.id)
}

/// The most a free-text explanation may hold: a page, not a book.
pub const LONG_TEXT_LIMIT: usize = 4000;

/// A trimmed free-text field, refused (naming the field) when longer than a page.
pub fn limited_text(form: &Form, key: &'static str, label: &str) -> Result<String, FieldProblem> {
    let text = form.text(key).trim().to_string();
    if text.chars().count() > LONG_TEXT_LIMIT {
        return Err((
            key,
            format!(
                "{label} is too long ({} characters; at most {LONG_TEXT_LIMIT})",
                text.chars().count()
            ),
        ));
    }
    Ok(text)
}
