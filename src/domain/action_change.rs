//! What an action changes on an asset, and the history of its due date. An action may
//! name an asset, one of the asset's fields (an `AssetField` key) and the value it sets
//! ("Encrypt the front-desk laptop": "Front desk laptop", `encrypted`, `yes`), so a done
//! action can be checked against the inventory (`findings`' `actions` rule). Moving a due
//! date needs a reason, and each move is kept (`DueMove`), so the plan shows the date
//! first promised and every move. Pure: no SQL, no files.

use super::model::{Action, ActionStatus, Asset, AssetField, DueMove, Id};
use super::parse::parse_date;
use super::record::{Field, Value, ValueKind};

/// The asset field named by `text`: its key (`encrypted`), its column (`encrypted_at_rest`)
/// or its label (`Encrypted at rest`), ignoring case, `_`, `-` and spaces.
pub fn asset_field(text: &str) -> Option<AssetField> {
    let wanted = squeeze(text);
    if wanted.is_empty() {
        return None;
    }
    AssetField::ALL.iter().copied().find(|field| {
        let spec = field.spec();
        squeeze(spec.key) == wanted
            || squeeze(spec.label) == wanted
            || spec.columns.iter().any(|column| squeeze(column) == wanted)
    })
}

/// The value `text` means for `field`, or why it means none. People and ePHI actions
/// are not values an action sets (a person leaves and hands over; ePHI is scope).
pub fn parse_target(field: AssetField, text: &str) -> Result<Value, String> {
    let text = text.trim();
    let spec = field.spec();
    if text.is_empty() {
        return Err(format!("say what the action sets {} to", spec.noun()));
    }
    match spec.kind {
        ValueKind::Text { .. } => Ok(Value::Text(text.to_string())),
        ValueKind::Count => {
            let digits: String = text.chars().filter(|c| *c != ',' && *c != '_').collect();
            digits
                .parse::<u64>()
                .map(|count| Value::Count(Some(count)))
                .map_err(|_| format!("`{text}` is not a whole number for {}", spec.noun()))
        }
        ValueKind::Date => parse_date(text).map(|date| Value::Date(Some(date))),
        ValueKind::Choice { choices, .. } => {
            let wanted = squeeze(text);
            let alias = match wanted.as_str() {
                "y" | "true" => "yes",
                "n" | "false" => "no",
                other => other,
            };
            choices
                .iter()
                .find(|(key, label)| squeeze(key) == alias || squeeze(label) == wanted)
                .map(|(key, _)| Value::Choice(Some(*key)))
                .ok_or_else(|| {
                    let keys: Vec<&str> = choices.iter().map(|(key, _)| *key).collect();
                    format!(
                        "`{text}` is not a value of {} (one of: {})",
                        spec.noun(),
                        keys.join(", ")
                    )
                })
        }
        ValueKind::Person | ValueKind::Ephi => Err(format!(
            "{} is not something an action sets; name another field",
            spec.label
        )),
    }
}

/// What the action changes, when it names an asset, a field and a value that parses.
pub fn target(action: &Action) -> Option<(Id, AssetField, Value)> {
    let asset_id = action.asset_id?;
    let field = asset_field(&action.asset_field)?;
    let value = parse_target(field, &action.asset_value).ok()?;
    Some((asset_id, field, value))
}

/// Why the action's asset change cannot be saved, as (form field, message): a field or a
/// value without an asset, an asset without a field or value, an unknown field, a value
/// that does not parse for the field, or an asset not in `assets`. None when the action
/// names no change, or a good one.
pub fn change_problem(action: &Action, assets: &[Asset]) -> Option<(&'static str, String)> {
    let title = action.title.trim();
    let field_text = action.asset_field.trim();
    let value_text = action.asset_value.trim();
    let Some(asset_id) = action.asset_id else {
        if field_text.is_empty() && value_text.is_empty() {
            return None;
        }
        return Some((
            "changes_asset",
            format!("action \"{title}\": name the asset whose field it changes, or clear the field and value"),
        ));
    };
    if !assets.iter().any(|asset| asset.id == asset_id) {
        return Some((
            "changes_asset",
            format!("action \"{title}\": asset {asset_id} is not in this assessment's inventory"),
        ));
    }
    let Some(field) = asset_field(field_text) else {
        let keys: Vec<&str> = AssetField::ALL
            .iter()
            .filter(|field| !matches!(field.kind(), ValueKind::Person | ValueKind::Ephi))
            .map(|field| field.key())
            .collect();
        let said = if field_text.is_empty() {
            "name the asset field it changes".to_string()
        } else {
            format!("`{field_text}` is not an asset field")
        };
        return Some((
            "changes_field",
            format!("action \"{title}\": {said} (one of: {})", keys.join(", ")),
        ));
    };
    parse_target(field, value_text)
        .err()
        .map(|why| ("changes_to", format!("action \"{title}\": {why}")))
}

/// The action with its change written the canonical way (the field's key, the value as a
/// cell writes it), so files and comparisons agree whatever was typed. Unchanged when the
/// change does not parse (`change_problem` says why).
pub fn canonical(action: &Action) -> Action {
    let mut action = action.clone();
    if let Some(field) = asset_field(&action.asset_field)
        && let Ok(value) = parse_target(field, &action.asset_value)
    {
        action.asset_field = field.key().to_string();
        action.asset_value = value.canonical(&|_| String::new());
    }
    action
}

/// Whether the action claims its work is finished.
pub fn is_done(action: &Action) -> bool {
    matches!(action.status, ActionStatus::Done | ActionStatus::Verified)
}

/// Whether the asset shows the value the action was to set (text ignoring case and
/// surrounding spaces).
pub fn asset_shows(asset: &Asset, field: AssetField, value: &Value) -> bool {
    match (field.get(asset), value) {
        (Value::Text(shown), Value::Text(wanted)) => shown.trim().eq_ignore_ascii_case(wanted.trim()),
        (shown, wanted) => shown == *wanted,
    }
}

/// A value as the inventory shows it: the label of a choice, `(blank)` for nothing.
pub fn shown(field: AssetField, value: &Value) -> String {
    let text = value.shown(field.kind(), &|_| String::new());
    if text.is_empty() { "(blank)".to_string() } else { text }
}

/// Why moving the due date from `before` to `after` cannot be saved without more: a date
/// that was set and changes (or is cleared) needs a reason. As (form field, message).
pub fn due_move_problem(before: &Action, after: &Action, reason: &str) -> Option<(&'static str, String)> {
    if !is_due_move(before, after) || !reason.trim().is_empty() {
        return None;
    }
    let from = before.due_on.map_or_else(String::new, |date| date.to_string());
    let to = after
        .due_on
        .map_or_else(|| "no date".to_string(), |date| date.to_string());
    Some((
        "due_reason",
        format!(
            "action \"{}\": the due date moves from {from} to {to}; give the reason for the move (due-date reason)",
            after.title.trim()
        ),
    ))
}

/// A due date that was set and is now another (or none): a move, kept with its reason.
/// Setting a first date is planning, not a move; setting a date again after it was
/// cleared is a move (the history has the clearing, and must end at the date in force).
pub fn is_due_move(before: &Action, after: &Action) -> bool {
    before.due_on != after.due_on && (before.due_on.is_some() || !before.due_moves.is_empty())
}

/// The due date with its history, as the plan prints it: `2026-06-30` when never moved,
/// `due 2025-06-30, moved to 2026-06-30: vendor delay` (every move, in order) otherwise.
pub fn due_history(due_on: Option<chrono::NaiveDate>, moves: &[DueMove]) -> String {
    let date = |date: Option<chrono::NaiveDate>| date.map_or_else(|| "no date".to_string(), |date| date.to_string());
    let Some(first) = moves.first() else {
        return due_on.map_or_else(String::new, |date| date.to_string());
    };
    let mut text = format!("due {}", date(first.from_on));
    for due_move in moves {
        text.push_str(&format!(
            ", moved to {}: {}",
            date(due_move.to_on),
            due_move.reason.trim()
        ));
    }
    // The date in force, should the history not end at it (a file written by hand).
    if moves.last().is_some_and(|last| last.to_on != due_on) {
        text.push_str(&format!(", now {}", date(due_on)));
    }
    text
}

/// `key` without case, `_`, `-` or spaces.
fn squeeze(key: &str) -> String {
    key.chars()
        .filter(|c| !matches!(c, '_' | '-' | ' '))
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::domain::model::Encryption;

    fn on(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).unwrap()
    }

    fn laptop() -> Asset {
        Asset {
            id: 4,
            name: "Front desk laptop".into(),
            encrypted_at_rest: Encryption::No,
            ..Asset::default()
        }
    }

    fn encrypt(field: &str, value: &str) -> Action {
        Action {
            id: 1,
            title: "Encrypt the laptop".into(),
            asset_id: Some(4),
            asset_field: field.into(),
            asset_value: value.into(),
            ..Action::default()
        }
    }

    #[test]
    fn a_field_is_named_by_key_column_or_label() {
        for name in [
            "encrypted",
            "encrypted_at_rest",
            "Encrypted at rest",
            "ENCRYPTED-AT-REST",
        ] {
            assert_eq!(asset_field(name), Some(AssetField::Encrypted), "{name}");
        }
        assert_eq!(asset_field("colour"), None);
        assert_eq!(asset_field(""), None);
    }

    #[test]
    fn values_parse_for_their_field_and_others_are_refused() {
        assert_eq!(
            parse_target(AssetField::Encrypted, "Yes"),
            Ok(Value::Choice(Some("yes")))
        );
        assert_eq!(parse_target(AssetField::Encrypted, "y"), Ok(Value::Choice(Some("yes"))));
        assert!(
            parse_target(AssetField::Encrypted, "maybe")
                .unwrap_err()
                .contains("unknown, yes, no")
        );
        assert_eq!(
            parse_target(AssetField::LastReviewed, "3/15/2026"),
            Ok(Value::Date(Some(on(2026, 3, 15))))
        );
        assert!(parse_target(AssetField::Records, "lots").is_err());
        assert!(parse_target(AssetField::Owner, "Dana").is_err());
        assert!(parse_target(AssetField::Encrypted, " ").is_err());
    }

    #[test]
    fn a_change_needs_an_asset_a_known_field_and_a_value_that_parses() {
        let assets = [laptop()];
        assert_eq!(change_problem(&encrypt("encrypted", "yes"), &assets), None);
        assert_eq!(change_problem(&Action::default(), &assets), None);
        let problem = |action: Action| change_problem(&action, &assets).map(|(field, _)| field);
        assert_eq!(problem(encrypt("colour", "yes")), Some("changes_field"));
        assert_eq!(problem(encrypt("encrypted", "maybe")), Some("changes_to"));
        assert_eq!(
            problem(Action {
                asset_id: None,
                ..encrypt("encrypted", "yes")
            }),
            Some("changes_asset")
        );
        assert_eq!(
            problem(Action {
                asset_id: Some(99),
                ..encrypt("encrypted", "yes")
            }),
            Some("changes_asset")
        );
        let written = canonical(&encrypt("Encrypted at rest", "Y"));
        assert_eq!(
            (written.asset_field.as_str(), written.asset_value.as_str()),
            ("encrypted", "yes")
        );
    }

    #[test]
    fn the_asset_shows_the_target_or_not() {
        let action = encrypt("encrypted", "yes");
        let (_, field, value) = target(&action).unwrap();
        assert!(!asset_shows(&laptop(), field, &value));
        let encrypted = Asset {
            encrypted_at_rest: Encryption::Yes,
            ..laptop()
        };
        assert!(asset_shows(&encrypted, field, &value));
        assert_eq!(shown(field, &value), "Yes");
    }

    #[test]
    fn moving_a_set_due_date_needs_a_reason() {
        let before = Action {
            title: "Turn on MFA".into(),
            due_on: Some(on(2025, 6, 30)),
            ..Action::default()
        };
        let moved = Action {
            due_on: Some(on(2026, 6, 30)),
            ..before.clone()
        };
        let (field, message) = due_move_problem(&before, &moved, " ").unwrap();
        assert_eq!(field, "due_reason");
        assert!(message.contains("from 2025-06-30 to 2026-06-30"), "{message}");
        assert_eq!(due_move_problem(&before, &moved, "vendor delay"), None);
        assert_eq!(due_move_problem(&before, &before, ""), None);
        // Clearing a date is a move; a first date is not.
        assert!(
            due_move_problem(
                &before,
                &Action {
                    due_on: None,
                    ..before.clone()
                },
                ""
            )
            .is_some()
        );
        assert_eq!(due_move_problem(&Action::default(), &moved, ""), None);
        // A date set again after it was cleared is a move too: the history has the
        // clearing, so the new date must join it with its reason.
        let cleared = Action {
            due_on: None,
            due_moves: vec![DueMove {
                from_on: Some(on(2025, 6, 30)),
                to_on: None,
                reason: "waiting for a quote".into(),
                ..DueMove::default()
            }],
            ..before.clone()
        };
        let dated_again = Action {
            due_on: Some(on(2027, 6, 30)),
            ..cleared.clone()
        };
        assert!(is_due_move(&cleared, &dated_again));
        assert!(due_move_problem(&cleared, &dated_again, "").is_some());
    }

    #[test]
    fn the_history_reads_from_the_first_date_through_every_move() {
        assert_eq!(due_history(Some(on(2026, 6, 30)), &[]), "2026-06-30");
        assert_eq!(due_history(None, &[]), "");
        let moves = [
            DueMove {
                from_on: Some(on(2025, 6, 30)),
                to_on: Some(on(2026, 6, 30)),
                reason: "vendor delay".into(),
                ..DueMove::default()
            },
            DueMove {
                from_on: Some(on(2026, 6, 30)),
                to_on: Some(on(2026, 9, 30)),
                reason: "budget".into(),
                ..DueMove::default()
            },
        ];
        assert_eq!(
            due_history(Some(on(2026, 9, 30)), &moves),
            "due 2025-06-30, moved to 2026-06-30: vendor delay, moved to 2026-09-30: budget"
        );
        // A history that does not end at the date in force says the date in force.
        assert_eq!(
            due_history(Some(on(2027, 1, 15)), &moves),
            "due 2025-06-30, moved to 2026-06-30: vendor delay, moved to 2026-09-30: budget, now 2027-01-15"
        );
    }
}
