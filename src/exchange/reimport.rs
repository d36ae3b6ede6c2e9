//! Re-importing an updated spreadsheet: a row whose name matches an asset already in the
//! assessment (ignoring case) updates that asset instead of adding a second one, and only
//! in the columns the spreadsheet has, so a file of names and locations never blanks the
//! owners and notes recorded since. The store applies the result in one transaction.

use std::collections::HashMap;

use crate::domain::record::{self, Field, Record, Value, ValueKind};
use crate::domain::{Asset, Id};

/// What an import did, for the command line and the TUI alike.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportCounts {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Next year's inventory refresh: the assets carried forward from last year that the
    /// file did not list (id, name), which the user may retire. Empty for an assessment
    /// that was not carried forward.
    pub not_seen: Vec<(Id, String)>,
}

impl ImportCounts {
    /// The line naming last year's assets the file did not list, if any.
    pub fn not_seen_line(&self) -> Option<String> {
        if self.not_seen.is_empty() {
            return None;
        }
        let names: Vec<String> = self.not_seen.iter().map(|(id, name)| format!("#{id} {name}")).collect();
        Some(format!(
            "{} of last year's assets {} not in the file: {}",
            self.not_seen.len(),
            if self.not_seen.len() == 1 { "was" } else { "were" },
            names.join(", ")
        ))
    }
}

impl std::fmt::Display for ImportCounts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "added {}, updated {}, unchanged {}",
            self.added, self.updated, self.unchanged
        )
    }
}

/// `existing` with the values of `imported` in `columns` (field keys); `owner` is the
/// imported owner's id when the file has an owner column. Ids and the assessment stay the
/// existing asset's.
pub fn merge_asset(existing: &Asset, imported: &Asset, owner: Option<Option<Id>>, columns: &[&str]) -> Asset {
    merge_record(existing, imported, owner, columns)
}

/// `merge_asset` for any record: the fields in `columns` from `imported`, the person field
/// from `person` when the file names people.
pub fn merge_record<R: Record>(existing: &R, imported: &R, person: Option<Option<Id>>, columns: &[&str]) -> R {
    let fields: Vec<R::Field> = <R::Field as Field>::ALL
        .iter()
        .copied()
        .filter(|field| columns.contains(&field.key()) && field.kind() != ValueKind::Person)
        .collect();
    let mut merged = record::merge(existing, imported, &fields);
    if let Some(person) = person {
        for field in <R::Field as Field>::ALL
            .iter()
            .filter(|field| field.kind() == ValueKind::Person)
        {
            // A person value into a person field: cannot fail.
            let _ = field.set(&mut merged, Value::Person(person));
        }
    }
    merged
}

/// Which existing asset each imported row updates (an index into `existing`), or None to
/// add it. Names match ignoring case, each asset at most once. A row that would leave an
/// asset of its name unchanged takes that one first, so re-importing an export matches
/// every row to itself whatever the order of rows sharing a name; the other rows of a
/// name then take that name's remaining assets oldest first (lowest id). `owners` holds
/// each row's resolved owner id (`Some` only when the file has an owner column).
pub fn match_rows(existing: &[Asset], rows: &[(&Asset, Option<Option<Id>>)], columns: &[&str]) -> Vec<Option<usize>> {
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    let mut order: Vec<usize> = (0..existing.len()).collect();
    order.sort_by_key(|index| existing[*index].id);
    for index in order {
        by_name
            .entry(existing[index].name.to_lowercase())
            .or_default()
            .push(index);
    }
    let mut taken = vec![false; existing.len()];
    let mut matched = vec![None; rows.len()];
    // First the rows that leave an asset as it is, then the rest in id order.
    for exact in [true, false] {
        for (row, (asset, owner)) in rows.iter().enumerate() {
            if matched[row].is_some() {
                continue;
            }
            let Some(candidates) = by_name.get(&asset.name.to_lowercase()) else {
                continue;
            };
            let found = candidates.iter().copied().find(|index| {
                !taken[*index] && (!exact || merge_asset(&existing[*index], asset, *owner, columns) == existing[*index])
            });
            if let Some(index) = found {
                taken[index] = true;
                matched[row] = Some(index);
            }
        }
    }
    matched
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::BaaStatus;
    use crate::exchange::{columns, parse_asset_table};

    #[test]
    fn only_the_columns_the_file_has_change() {
        let table = parse_asset_table(b"name,kind,notes,baa_status\nold,laptop,first,signed\n").unwrap();
        let existing = Asset {
            id: 7,
            assessment_id: 3,
            owner_id: Some(2),
            location: "Room 4".into(),
            ..table.rows[0].0.clone()
        };
        let update = parse_asset_table(b"NAME,kind,location\nOLD,laptop,Room 9\n").unwrap();
        let merged = merge_asset(&existing, &update.rows[0].0, None, &update.columns);
        assert_eq!((merged.id, merged.assessment_id, merged.owner_id), (7, 3, Some(2)));
        assert_eq!((merged.name.as_str(), merged.location.as_str()), ("OLD", "Room 9"));
        assert_eq!(
            (merged.notes.as_str(), merged.vendor().map(|v| v.baa_status)),
            ("first", Some(BaaStatus::Signed))
        );
        // Every column present, the same values: nothing changes.
        let same = merge_asset(&existing, &existing, Some(Some(2)), &columns::<Asset>());
        assert_eq!(same, existing);
        // A blank vendor column clears the vendor details.
        let cleared = parse_asset_table(b"name,kind,vendor_services,baa_status,baa_date\nold,laptop,,,\n").unwrap();
        let merged = merge_asset(&existing, &cleared.rows[0].0, None, &cleared.columns);
        assert_eq!(merged.vendor(), None);
        assert_eq!(
            ImportCounts {
                added: 1,
                updated: 2,
                unchanged: 3,
                not_seen: Vec::new()
            }
            .to_string(),
            "added 1, updated 2, unchanged 3"
        );
    }

    #[test]
    fn rows_sharing_a_name_match_themselves_first_then_the_oldest() {
        let table = parse_asset_table(b"name,kind,notes\nFax,system,a\nfax,system,b\nFAX,system,c\n").unwrap();
        let existing: Vec<Asset> = table
            .rows
            .iter()
            .enumerate()
            .map(|(i, (asset, _))| Asset {
                id: 10 - i as Id,
                ..asset.clone()
            })
            .collect();
        // The same rows in another order: each finds itself.
        let rows: Vec<(&Asset, Option<Option<Id>>)> = table.rows.iter().rev().map(|(asset, _)| (asset, None)).collect();
        assert_eq!(
            match_rows(&existing, &rows, &table.columns),
            vec![Some(2), Some(1), Some(0)]
        );
        // New notes for two of them and a fourth row: the oldest free ones (ids 8, 9), then added.
        let changed =
            parse_asset_table(b"name,kind,notes\nfax,system,x\nFax,system,a\nfax,system,y\nfax,system,z\n").unwrap();
        let rows: Vec<(&Asset, Option<Option<Id>>)> = changed.rows.iter().map(|(asset, _)| (asset, None)).collect();
        assert_eq!(
            match_rows(&existing, &rows, &changed.columns),
            vec![Some(2), Some(0), Some(1), None]
        );
    }
}
