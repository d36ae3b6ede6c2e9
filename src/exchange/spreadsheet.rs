//! What a spreadsheet someone already keeps calls things: the usual column headings of an
//! asset list (`Asset Name`, `Type`, `Last Review Date`) read as our columns, and for a
//! value we do not know (a kind typed `Laptp` or `server`), the closest values we do, so
//! the one-line error says what to write instead.

#[cfg(test)]
use crate::domain::Labeled;

/// Usual spreadsheet headings (normalized: lower case, words joined by `_`) and the
/// column each one means. Only unambiguous names: "Date" or "Status" alone are not here.
#[rustfmt::skip]
const HEADINGS: [(&str, &str); 46] = [
    ("asset_name", "name"), ("asset", "name"), ("item", "name"), ("system_name", "name"),
    ("type", "kind"), ("asset_type", "kind"), ("category", "kind"), ("asset_kind", "kind"),
    ("owner_name", "owner"), ("asset_owner", "owner"), ("responsible", "owner"), ("custodian", "owner"),
    ("site", "location"), ("office", "location"),
    ("ephi_actions", "ephi"), ("phi", "ephi"), ("contains_ephi", "ephi"), ("has_ephi", "ephi"), ("ephi_present", "ephi"),
    ("record_count", "records"), ("number_of_records", "records"), ("patient_records", "records"),
    ("encryption", "encrypted"), ("encrypted_at_rest", "encrypted"),
    ("last_review", "last_reviewed"), ("last_review_date", "last_reviewed"),
    ("review_date", "last_reviewed"), ("date_reviewed", "last_reviewed"), ("reviewed", "last_reviewed"),
    ("comments", "notes"), ("comment", "notes"),
    ("services", "vendor_services"),
    ("baa", "baa_status"), ("baa_signed", "baa_date"), ("baa_signed_date", "baa_date"), ("baa_signed_on", "baa_date"),
    // The contingency plan's targets, by their usual names (hours).
    ("rto", "target_recovery_hours"), ("rto_hours", "target_recovery_hours"),
    ("recovery_time_objective", "target_recovery_hours"), ("target_recovery_time", "target_recovery_hours"),
    ("recovery_time", "target_recovery_hours"),
    ("rpo", "acceptable_data_loss_hours"), ("rpo_hours", "acceptable_data_loss_hours"),
    ("recovery_point_objective", "acceptable_data_loss_hours"), ("acceptable_data_loss", "acceptable_data_loss_hours"),
    ("max_data_loss", "acceptable_data_loss_hours"),
];

/// Lower case, with runs of spaces, `-` and `_` turned into one `_`: "Last Reviewed",
/// "last-reviewed" and "LAST_REVIEWED" all read `last_reviewed`. Headings and values are
/// compared in this form, by the import and by the closest-name suggestions alike.
pub fn normalize(text: &str) -> String {
    text.to_lowercase()
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("_")
}

/// The column a normalized heading names, when it is one of the usual spreadsheet names.
pub fn column_for_heading(normalized: &str) -> Option<&'static str> {
    HEADINGS
        .iter()
        .find(|(heading, _)| *heading == normalized)
        .map(|(_, column)| *column)
}

/// The column a normalized heading names among the usual headings of one kind of record
/// (the people of a payroll export), by the record's table.
pub fn column_for_record_heading(table: &str, normalized: &str) -> Option<&'static str> {
    match table {
        "people" => super::people::column_for_heading(normalized),
        _ => None,
    }
}

/// Words people use for a kind that are neither its key nor its label. Suggested, never
/// taken silently: "server" could be a system or a network device, the user decides.
const KIND_WORDS: [(&str, &str); 16] = [
    ("server", "system"),
    ("computer", "workstation"),
    ("desktop", "workstation"),
    ("pc", "workstation"),
    ("phone", "mobile_device"),
    ("tablet", "mobile_device"),
    ("usb", "removable_media"),
    ("router", "network_device"),
    ("firewall", "network_device"),
    ("saas", "cloud_service"),
    ("email", "communication_channel"),
    ("fax", "paper_workflow"),
    ("vpn", "remote_access"),
    ("office", "facility"),
    ("software", "application"),
    ("process", "workflow"),
];

/// Up to three keys of `T` closest to `text`: a word people use for one, a key or label
/// containing the text (or contained in it), or one a few typos away. Empty when nothing is
/// close (a toaster is no kind at all).
#[cfg(test)]
pub fn closest_keys<T: Labeled>(text: &str) -> Vec<&'static str> {
    let choices: Vec<(&'static str, &'static str)> = T::ALL.iter().map(|value| (value.key(), value.label())).collect();
    closest_choices(&choices, text)
}

/// `closest_keys` over a field's (key, label) choices.
pub fn closest_choices(choices: &[(&'static str, &'static str)], text: &str) -> Vec<&'static str> {
    let wanted = normalize(text);
    if wanted.is_empty() {
        return Vec::new();
    }
    let mut scored: Vec<(usize, &'static str)> = Vec::new();
    for &(key, label) in choices {
        let names = [normalize(key), normalize(label)];
        let by_word = wanted.split('_').any(|word| {
            KIND_WORDS
                .iter()
                .any(|(synonym, kind)| *synonym == word && *kind == key)
        });
        let by_part = names.iter().any(|name| {
            (wanted.len() >= 3 && name.contains(&wanted))
                || name.split('_').any(|part| part.len() >= 4 && wanted.contains(part))
        });
        let distance = names
            .iter()
            .map(|name| edit_distance(&wanted, name))
            .min()
            .unwrap_or(usize::MAX);
        let score = if by_word || by_part {
            0
        } else if distance <= (wanted.chars().count() / 3).max(1) {
            distance
        } else {
            continue;
        };
        scored.push((score, key));
    }
    scored.sort_by_key(|(score, _)| *score);
    scored.into_iter().take(3).map(|(_, key)| key).collect()
}

/// Levenshtein distance in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous[j] + usize::from(ca != *cb);
            current.push(substitute.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::AssetKind;

    #[test]
    fn a_near_miss_names_the_closest_kinds() {
        for (typed, expected) in [
            ("Laptp", vec!["laptop"]),
            ("server", vec!["system"]),
            ("Desktop PC", vec!["workstation"]),
            ("mobile", vec!["mobile_device"]),
            ("cloud", vec!["cloud_service"]),
            ("workflw", vec!["workflow"]),
            ("paper", vec!["paper_workflow"]),
            ("toaster", vec![]),
            ("", vec![]),
        ] {
            assert_eq!(closest_keys::<AssetKind>(typed), expected, "{typed:?}");
        }
        // Several close ones: at most three, the best first.
        let device = closest_keys::<AssetKind>("device");
        assert_eq!(device, vec!["mobile_device", "medical_device", "network_device"]);
    }

    #[test]
    fn usual_headings_map_to_columns_and_unclear_ones_do_not() {
        assert_eq!(column_for_heading("asset_name"), Some("name"));
        assert_eq!(column_for_heading("type"), Some("kind"));
        assert_eq!(column_for_heading("last_review_date"), Some("last_reviewed"));
        assert_eq!(column_for_heading("date"), None);
        assert_eq!(column_for_heading("status"), None);
        // Every target is a real column.
        for (_, column) in HEADINGS {
            assert!(
                super::super::assets::columns::<crate::domain::Asset>().contains(&column),
                "{column}"
            );
        }
    }
}
