//! One cell of a spreadsheet, for any field of any record (`domain::record`): how a cell's
//! text reads as a field's value (forgiving: labels as well as keys, US dates, `1,200`)
//! and how a value is written (canonical: keys, ISO dates, `CRMT` letters).

use serde_json::Value as Json;

use super::spreadsheet::{closest_choices, normalize};
use crate::domain::record::{FieldSpec, Value, ValueKind};
use crate::domain::{EphiActions, Id};

/// The value of a cell in the field's column, or the message saying what was expected. A
/// person's cell is read by the caller (names are resolved in the store), so here it is
/// blank. A blank cell is the field's blank value; a required field refuses it.
pub fn parse_cell(record_noun: &str, spec: &FieldSpec, text: &str) -> Result<Value, String> {
    let blank = text.is_empty();
    match spec.kind {
        ValueKind::Text { required, .. } => {
            if required && blank {
                return Err(format!("blank (every {record_noun} needs a {})", spec.noun()));
            }
            Ok(Value::Text(text.to_string()))
        }
        kind if blank => Ok(kind.blank()),
        ValueKind::Count => parse_count(text)
            .map(|count| Value::Count(Some(count)))
            .ok_or_else(|| format!("bad number `{}` (expected a whole number, like 1200)", shown(text))),
        ValueKind::Date => crate::domain::parse::parse_date(text)
            .map(|date| Value::Date(Some(date)))
            .map_err(|_| format!("bad date `{}` (expected YYYY-MM-DD or M/D/YYYY)", shown(text))),
        ValueKind::Choice { choices, .. } => {
            choice(choices, text)
                .map(|key| Value::Choice(Some(key)))
                .ok_or_else(|| {
                    let closest = closest_choices(choices, text);
                    if closest.is_empty() {
                        format!(
                            "unknown {} `{}` (expected one of: {})",
                            spec.noun(),
                            shown(text),
                            keys(choices)
                        )
                    } else {
                        format!(
                            "unknown {} `{}` (closest: {}; expected one of: {})",
                            spec.noun(),
                            shown(text),
                            closest.join(", "),
                            keys(choices)
                        )
                    }
                })
        }
        ValueKind::Person => Ok(Value::Person(None)),
        ValueKind::Ephi => parse_ephi(text).map(Value::Ephi).ok_or_else(|| {
            format!(
                "unknown {} `{}` (expected letters from CRMT (like `CRMT` or `RM`), words (like \
                 `create;transmit`), `none`, or yes/no)",
                spec.noun(),
                shown(text)
            )
        }),
    }
}

/// The cell text of a value: keys, ISO dates, ePHI letters (empty for none), the person's
/// name.
pub fn cell_text(value: &Value, person_name: &dyn Fn(Option<Id>) -> String) -> String {
    match value {
        Value::Ephi(ephi) => ephi.letters().replace('-', ""),
        other => other.canonical(person_name),
    }
}

/// The JSON of a value: numbers for counts, null for a blank count, date, choice, person or
/// vendor detail, strings otherwise.
pub fn json_value(spec: &FieldSpec, value: &Value, person_name: &dyn Fn(Option<Id>) -> String) -> Json {
    match value {
        Value::Count(count) => (*count).into(),
        Value::Date(None) | Value::Choice(None) | Value::Person(None) => Json::Null,
        Value::Text(text)
            if text.is_empty()
                && matches!(
                    spec.kind,
                    ValueKind::Text {
                        null_when_empty: true,
                        ..
                    }
                ) =>
        {
            Json::Null
        }
        Value::Person(Some(_)) => {
            let name = cell_text(value, person_name);
            if name.is_empty() { Json::Null } else { name.into() }
        }
        other => cell_text(other, person_name).into(),
    }
}

/// The choice whose key or label `text` names, ignoring case and `_`/`-`/space; `y`,
/// `true`, `n` and `false` for a yes/no choice.
fn choice(choices: &[(&'static str, &'static str)], text: &str) -> Option<&'static str> {
    let wanted = normalize(text);
    let alias = match wanted.as_str() {
        "y" | "true" => Some("yes"),
        "n" | "false" => Some("no"),
        _ => None,
    };
    choices
        .iter()
        .find(|(key, label)| normalize(key) == wanted || normalize(label) == wanted || alias == Some(*key))
        .map(|(key, _)| *key)
}

pub fn keys(choices: &[(&'static str, &'static str)]) -> String {
    choices.iter().map(|(key, _)| *key).collect::<Vec<_>>().join(", ")
}

/// `CRMT`-style letters (any order and case, `-` and spaces ignored), `;`-separated words,
/// or `none`/blank for none. A spreadsheet's yes/no column (`Yes`, `Y`, `True`; `No`, `N`,
/// `False`, any case) says only whether the asset holds ePHI: yes reads as all four
/// (creates, receives, maintains, transmits), the safe assumption until someone narrows
/// it; no reads as none.
pub fn parse_ephi(text: &str) -> Option<EphiActions> {
    let text = text.trim().to_lowercase();
    let mut ephi = EphiActions::default();
    match text.as_str() {
        "none" | "no" | "n" | "false" => return Some(ephi),
        "yes" | "y" | "true" => return Some(EphiActions::ALL),
        _ => {}
    }
    if text.chars().all(|c| "crmt-".contains(c) || c.is_whitespace()) {
        for letter in text.chars() {
            set_action(&mut ephi, letter);
        }
        return Some(ephi);
    }
    for word in text.split(';').map(str::trim).filter(|word| !word.is_empty()) {
        match word {
            "create" | "receive" | "maintain" | "transmit" => set_action(&mut ephi, word.chars().next()?),
            _ => return None,
        }
    }
    Some(ephi)
}

fn set_action(ephi: &mut EphiActions, letter: char) {
    match letter {
        'c' => ephi.create = true,
        'r' => ephi.receive = true,
        'm' => ephi.maintain = true,
        't' => ephi.transmit = true,
        _ => {}
    }
}

/// A whole number, allowing `,` and `_` as thousands separators.
fn parse_count(text: &str) -> Option<u64> {
    let digits: String = text.chars().filter(|c| *c != ',' && *c != '_').collect();
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// A field's text as an error message quotes it: on one line (line breaks and other
/// control characters escaped, `\n`) and cut short after 60 characters.
pub fn shown(text: &str) -> String {
    const LIMIT: usize = 60;
    let mut out: String = text
        .chars()
        .take(LIMIT)
        .flat_map(|c| {
            let escaped: Vec<char> = if c.is_control() {
                c.escape_default().collect()
            } else {
                vec![c]
            };
            escaped
        })
        .collect();
    if text.chars().count() > LIMIT {
        out.push('…');
    }
    out
}
