//! F2's lists: a form's field whose value can be chosen from a list (`Field::pickable`)
//! opens the list for its key here, with what the field already names ticked; the chosen
//! rows go back into the field as text. A scenario's assets (the Risks screen's list), a
//! scenario's citations (the catalog's items, by citation and name), and the scenarios a
//! coverage note names (by number, with their threat and assets).

use crate::catalog::{Catalog, ItemKind};
use crate::domain::{Id, Workspace};
use crate::tui::keys::{Action, Scope, keys_for};
use crate::tui::picker::{PickRow, Picker};

/// The list for a form field, or None when the field has none.
pub fn field_picker(field: &'static str, current: &str, workspace: &Workspace, catalog: &Catalog) -> Option<Picker> {
    match field {
        "assets" => super::risks::field_picker(field, current, workspace),
        "citations" => Some(citation_picker(field, current, catalog)),
        "scenarios" => Some(scenario_picker(field, current, workspace)),
        _ => None,
    }
}

/// The parts of a field's text: split at commas, semicolons and spaces.
fn parts(text: &str) -> impl Iterator<Item = &str> {
    text.split([',', ';']).map(str::trim).filter(|part| !part.is_empty())
}

/// The catalog's standards and specifications, those the field names ticked; the
/// citations go back, separated by commas.
fn citation_picker(field: &'static str, current: &str, catalog: &Catalog) -> Picker {
    let named: Vec<String> = parts(current)
        .map(|part| part.trim_start_matches('§').trim().to_lowercase())
        .collect();
    let rows = catalog
        .items
        .iter()
        .map(|item| {
            let kind = match item.kind {
                ItemKind::Standard => "standard",
                ItemKind::Required => "required",
                ItemKind::Addressable => "addressable",
            };
            PickRow::new(&item.citation, format!("{} {}", item.citation, item.name), kind)
                .checked(named.contains(&item.citation.to_lowercase()))
        })
        .collect();
    let tick = keys_for(Scope::Picker, Action::Toggle);
    Picker::new(
        "The scenario's citations",
        format!("Tick each safeguard the scenario concerns ({tick}); type a citation or a name to find it."),
        rows,
        true,
    )
    .or_current()
    .for_field_keys(field, ", ")
}

/// The assessment's scenarios by number, those the field names ticked; the numbers go
/// back, separated by commas.
fn scenario_picker(field: &'static str, current: &str, workspace: &Workspace) -> Picker {
    let named: Vec<Id> = parts(current)
        .flat_map(|part| part.split(' '))
        .filter_map(|part| part.trim().trim_start_matches('#').parse().ok())
        .collect();
    let rows = workspace
        .risks
        .iter()
        .map(|risk| {
            let assets = match risk.asset_ids.as_slice() {
                [] => "practice-wide".to_string(),
                ids => ids
                    .iter()
                    .filter_map(|id| workspace.asset(*id))
                    .map(|asset| asset.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            };
            PickRow::new(risk.id.to_string(), format!("#{} {}", risk.id, risk.threat), assets)
                .checked(named.contains(&risk.id))
        })
        .collect();
    let tick = keys_for(Scope::Picker, Action::Toggle);
    Picker::new(
        "The scenarios that cover it",
        format!("Tick each scenario that covers the asset ({tick}); type a number, threat or asset to find one."),
        rows,
        true,
    )
    .or_current()
    .for_field_keys(field, ", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_citations_list_ticks_what_the_field_names_and_gives_back_citations() {
        let catalog = Catalog::embedded();
        let picker = citation_picker("citations", "164.308(a)(1)(ii)(A); §164.312(b)", catalog);
        let ticked: Vec<&str> = picker
            .rows
            .iter()
            .filter(|row| row.checked)
            .map(|row| row.key.as_str())
            .collect();
        assert_eq!(ticked, vec!["164.308(a)(1)(ii)(A)", "164.312(b)"]);
        assert_eq!(picker.field_text(), "164.308(a)(1)(ii)(A), 164.312(b)");
        assert!(
            picker
                .rows
                .iter()
                .any(|row| row.label == "164.308(a)(1)(ii)(A) Risk analysis")
        );
    }
}
