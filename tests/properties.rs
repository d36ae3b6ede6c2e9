//! Properties checked on generated inputs (proptest, modest case counts so they run in
//! seconds): risk scoring on every matrix of the catalog, and the round trips of the asset
//! CSV and the whole-workspace JSON with arbitrary Unicode text.

use chrono::NaiveDate;
use hipaa_ra::catalog::Catalog;
use hipaa_ra::domain::record::{Field, Record, Value, ValueKind};
use hipaa_ra::domain::*;
use hipaa_ra::exchange::workspace::{from_json, to_json};
use hipaa_ra::exchange::{parse_assets_csv, write_assets_csv};
use hipaa_ra::store::{Store, export_workspace};
use proptest::prelude::*;
use proptest::test_runner::Config;

fn config(cases: u32) -> Config {
    Config {
        cases,
        // Failures print their minimal input; no regression files in the tree.
        failure_persistence: None,
        ..Config::default()
    }
}

#[path = "support/clock.rs"]
mod clock;
use clock::today;

fn matrices() -> &'static [RiskMatrix] {
    &Catalog::embedded().matrices
}

#[test]
fn every_matrix_is_monotone_in_likelihood_and_impact() {
    // Exhaustive: the tables are small. A higher likelihood or impact never lowers the risk.
    for matrix in matrices() {
        for (row, cells) in matrix.cells.iter().enumerate() {
            for (column, &cell) in cells.iter().enumerate() {
                if let Some(&right) = cells.get(column + 1) {
                    assert!(cell <= right, "{}: row {row} falls at column {column}", matrix.key);
                }
                if let Some(above) = matrix.cells.get(row + 1) {
                    assert!(
                        cell <= above[column],
                        "{}: column {column} falls at row {row}",
                        matrix.key
                    );
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn lookup_is_total_inside_the_scales_and_none_outside(
        which in 0..8usize, row in 0..12usize, column in 0..12usize,
    ) {
        let matrix = &matrices()[which % matrices().len()];
        let inside = row < matrix.rows.levels.len() && column < matrix.columns.levels.len();
        match matrix.lookup(row, column) {
            Some(result) => {
                prop_assert!(inside);
                prop_assert!(result < matrix.results.levels.len());
                prop_assert!(matrix.lookup_label(row, column).is_some());
            }
            None => prop_assert!(!inside),
        }
        let risk = Risk { likelihood: Some(row), impact: Some(column), ..blank_risk() };
        prop_assert_eq!(risk.level(matrix), matrix.lookup(row, column));
    }

    #[test]
    fn severity_bands_are_ordered_and_span_lowest_to_highest(
        len in 1..16usize, a in 0..20usize, b in 0..20usize,
    ) {
        let (low, high) = (a.min(b), a.max(b));
        prop_assert!(severity_of(low, len) <= severity_of(high, len));
        // Past the top of the scale is the top band.
        prop_assert_eq!(severity_of(high.max(len - 1), len), severity_of(len - 1, len));
        if len >= 2 {
            prop_assert_eq!(severity_of(0, len), Severity::Lowest);
            prop_assert_eq!(severity_of(len - 1, len), Severity::Highest);
        }
    }

    #[test]
    fn a_higher_cell_never_gets_a_lower_band(which in 0..8usize, a in 0..5usize, b in 0..5usize, c in 0..5usize, d in 0..5usize) {
        let matrix = &matrices()[which % matrices().len()];
        if let (Some(first), Some(second)) = (matrix.lookup(a, b), matrix.lookup(c, d))
            && first <= second
        {
            prop_assert!(matrix.severity(first) <= matrix.severity(second));
        }
    }
}

/// The band of result `index` on a result scale of `len` levels, through a catalog matrix
/// given that many levels.
fn severity_of(index: usize, len: usize) -> Severity {
    let mut matrix = matrices()[0].clone();
    let level = matrix.results.levels[0].clone();
    matrix.results.levels = vec![level; len];
    matrix.severity(index)
}

fn blank_risk() -> Risk {
    Risk::unscored(0, "", ThreatSource::Adversarial)
}

/// Arbitrary Unicode (controls, NUL, any plane) as a field holds it after import: trimmed.
fn text() -> impl Strategy<Value = String> {
    any::<String>().prop_map(|text| text.trim().to_string())
}

/// Like `text`, never blank (names).
fn name() -> impl Strategy<Value = String> {
    text().prop_map(|text| if text.is_empty() { "x".to_string() } else { text })
}

/// Any date a workspace accepts: the years 1900 to 2200 (`domain::parse::in_range`).
fn date() -> impl Strategy<Value = NaiveDate> {
    (1900..=2200i32, 1..=12u32, 1..=28u32)
        .prop_map(|(year, month, day)| NaiveDate::from_ymd_opt(year, month, day).unwrap())
}

/// Any value a field of this kind takes; a person none (the CSV names people, the store
/// keeps ids: both are tested elsewhere).
fn value(kind: ValueKind) -> BoxedStrategy<Value> {
    match kind {
        ValueKind::Text { required: true, .. } => name().prop_map(Value::Text).boxed(),
        ValueKind::Text { .. } => text().prop_map(Value::Text).boxed(),
        ValueKind::Count => proptest::option::of(any::<u64>()).prop_map(Value::Count).boxed(),
        ValueKind::Date => proptest::option::of(date()).prop_map(Value::Date).boxed(),
        ValueKind::Choice { choices, optional } => (0..choices.len() + usize::from(optional))
            .prop_map(move |index| {
                let index = if optional { index.checked_sub(1) } else { Some(index) };
                Value::Choice(index.map(|index| choices[index].0))
            })
            .boxed(),
        ValueKind::Person => Just(Value::Person(None)).boxed(),
        ValueKind::Ephi => any::<[bool; 4]>()
            .prop_map(|on| {
                Value::Ephi(EphiActions {
                    create: on[0],
                    receive: on[1],
                    maintain: on[2],
                    transmit: on[3],
                })
            })
            .boxed(),
    }
}

/// Any record of kind `R`: every field (`R::Field::ALL`) given a value of its kind, so a
/// new field is covered with no change here.
fn record<R: Record + std::fmt::Debug>() -> impl Strategy<Value = R> {
    let values: Vec<BoxedStrategy<Value>> = <R::Field as Field>::ALL
        .iter()
        .map(|field| value(field.kind()))
        .collect();
    values.prop_map(|values| {
        let mut record = R::default();
        for (field, value) in <R::Field as Field>::ALL.iter().zip(values) {
            field.set(&mut record, value).unwrap();
        }
        record
    })
}

/// Any asset, its vendor details as the asset reads them (a vendor with services but no
/// agreement status has the status "none").
fn asset() -> impl Strategy<Value = Asset> {
    record::<Asset>().prop_map(|mut asset| {
        asset.baa_status = asset.vendor().map(|vendor| vendor.baa_status);
        asset
    })
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn assets_written_as_csv_parse_back_the_same(
        rows in proptest::collection::vec((asset(), proptest::option::of(name())), 0..6),
    ) {
        let assets: Vec<Asset> = rows
            .iter()
            .enumerate()
            .map(|(index, (asset, owner))| Asset { owner_id: owner.as_ref().map(|_| index as i64), ..asset.clone() })
            .collect();
        let mut csv = Vec::new();
        let owner = |id: Option<i64>| id.and_then(|id| rows[id as usize].1.clone()).unwrap_or_default();
        write_assets_csv(&mut csv, &assets, owner, hipaa_ra::domain::Status::Draft).unwrap();
        let parsed = parse_assets_csv(&csv).map_err(|error| TestCaseError::fail(error.to_string()))?;
        prop_assert_eq!(parsed, rows);
    }
}

proptest! {
    #![proptest_config(config(24))]

    #[test]
    fn a_workspace_exported_imported_and_exported_again_is_the_same(
        practice in name(),
        people in proptest::collection::vec((name(), text(), text()), 0..4),
        assets in proptest::collection::vec(asset(), 0..4),
    ) {
        let mut store = Store::in_memory(&practice, "Tester", today()).unwrap();
        let assessment_id = store.current_assessment_id().unwrap();
        let mut ids = Vec::new();
        for (name, title, contact) in people {
            ids.push(store.add_person(&Person { name, title, contact, ..Default::default() }).unwrap());
        }
        for (index, asset) in assets.into_iter().enumerate() {
            let owner_id = (!ids.is_empty()).then(|| ids[index % ids.len()]);
            // The store holds counts up to i64::MAX (and refuses more, in one line).
            let record_count = asset.record_count.map(|count| count % i64::MAX as u64);
            let assurance_cycle_months = asset.assurance_cycle_months.map(|count| count % i64::MAX as u64);
            let target_recovery_hours = asset.target_recovery_hours.map(|count| count % i64::MAX as u64);
            let acceptable_data_loss_hours = asset.acceptable_data_loss_hours.map(|count| count % i64::MAX as u64);
            store
                .add_asset(&Asset {
                    assessment_id,
                    owner_id,
                    record_count,
                    assurance_cycle_months,
                    target_recovery_hours,
                    acceptable_data_loss_hours,
                    ..asset
                })
                .unwrap();
        }
        let first = to_json(&export_workspace(&store).unwrap());
        let restored = Store::in_memory_from_export(&from_json(&first).unwrap(), today()).unwrap();
        let mut again = export_workspace(&restored).unwrap();
        let import = again.change_log.pop().unwrap();
        prop_assert_eq!(import.entity.as_str(), "workspace");
        prop_assert_eq!(to_json(&again), first);
    }
}
