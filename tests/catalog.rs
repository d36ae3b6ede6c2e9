//! The catalog against the law: every citation, name and kind of the reference list, and
//! the NIST tables cell by cell against copies typed independently of `catalog/`.

use std::path::Path;

use hipaa_ra::catalog::{Catalog, ItemKind, SectionKey};
use hipaa_ra::domain::{Labeled, ThreatSource};

/// Rows of the reference's tables: (citation, name, kind, section).
fn reference_rows(text: &str) -> Vec<(String, String, ItemKind, SectionKey)> {
    let mut rows = Vec::new();
    let mut section = None;
    for line in text.lines() {
        if let Some(heading) = line.strip_prefix("## §") {
            section = match &heading[..7] {
                "164.308" => Some(SectionKey::Administrative),
                "164.310" => Some(SectionKey::Physical),
                "164.312" => Some(SectionKey::Technical),
                "164.314" => Some(SectionKey::Organizational),
                "164.316" => Some(SectionKey::Documentation),
                _ => None,
            };
            continue;
        }
        if line.starts_with("## ") {
            section = None;
        }
        let Some(section) = section else { continue };
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        if cells.len() != 3 || !cells[0].starts_with("164.") {
            continue;
        }
        let kind = match cells[2] {
            "standard" | "standard (R)" => ItemKind::Standard,
            "R" => ItemKind::Required,
            "A" => ItemKind::Addressable,
            other => panic!("unknown kind {other} in the reference"),
        };
        rows.push((cells[0].to_string(), cells[1].to_string(), kind, section));
    }
    rows
}

fn assert_catalog_matches(reference: &str, origin: &str) {
    let catalog = Catalog::embedded();
    let expected = reference_rows(reference);
    assert_eq!(expected.len(), 65, "{origin}: the reference should list 65 rows");
    let actual: Vec<_> = catalog
        .items
        .iter()
        .map(|item| (item.citation.clone(), item.name.clone(), item.kind, item.section))
        .collect();
    for (expected, actual) in expected.iter().zip(&actual) {
        assert_eq!(expected, actual, "{origin}: catalog differs from the reference");
    }
    assert_eq!(
        expected.len(),
        actual.len(),
        "{origin}: catalog has a different number of items"
    );
}

#[test]
fn catalog_matches_the_committed_reference_exactly() {
    let reference = include_str!("fixtures/security-rule-citations.md");
    assert_catalog_matches(reference, "tests/fixtures");
}

#[test]
fn catalog_matches_the_shared_reference_when_present() {
    // The shared reference beside the repository is the source of truth; the committed
    // copy lets a lone clone run the test. When both exist they must agree.
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/reference/security-rule-citations.md");
    match std::fs::read_to_string(&shared) {
        Ok(text) => assert_catalog_matches(&text, "shared/reference"),
        Err(_) => eprintln!("skipped: {} not present", shared.display()),
    }
}

#[test]
fn the_rule_counts_match_the_regulation() {
    let catalog = Catalog::embedded();
    let core = |kind| {
        catalog
            .items
            .iter()
            .filter(|item| item.kind == kind)
            .filter(|item| {
                matches!(
                    item.section,
                    SectionKey::Administrative | SectionKey::Physical | SectionKey::Technical
                )
            })
            .count()
    };
    // 45 CFR 164.308-312: 18 standards, 14 required and 22 addressable specifications.
    assert_eq!(core(ItemKind::Standard), 18);
    assert_eq!(core(ItemKind::Required), 14);
    assert_eq!(core(ItemKind::Addressable), 22);
}

#[test]
fn catalog_is_sound() {
    let catalog = Catalog::parse().expect("catalog parses");
    let problems = catalog.validate();
    assert!(problems.is_empty(), "catalog problems:\n{}", problems.join("\n"));
}

#[test]
fn every_item_has_our_guidance() {
    for item in &Catalog::embedded().items {
        assert!(item.summary.len() > 80, "{}: summary too short", item.citation);
        assert!((2..=5).contains(&item.questions.len()), "{}", item.citation);
        assert!(!item.evidence.is_empty(), "{}", item.citation);
        assert!(
            !item.summary.contains('\n'),
            "{}: summary should be one paragraph",
            item.citation
        );
    }
}

#[test]
fn threat_library_covers_every_source_and_the_named_threats() {
    let catalog = Catalog::embedded();
    assert!(catalog.threats.len() >= 30, "{} threats", catalog.threats.len());
    for source in ThreatSource::ALL {
        assert!(
            catalog.threats.iter().any(|threat| threat.source == *source),
            "no {source} threat"
        );
    }
    for key in [
        "ransomware",
        "phishing_credential_theft",
        "laptop_lost_or_stolen",
        "mobile_device_lost_or_stolen",
        "former_employee_access",
        "staff_snooping",
        "misdirected_fax",
        "vendor_breach",
        "ehr_cloud_outage",
        "power_loss",
        "flood_water_damage",
        "fire",
        "unpatched_system_exploited",
        "weak_or_shared_passwords",
        "improper_disposal",
    ] {
        assert!(catalog.threat(key).is_some(), "missing threat {key}");
    }
}

/// Table I-2 of NIST SP 800-30 Rev. 1, typed from the publication: rows are likelihood
/// from Very High down, columns impact from Very Low up.
const TABLE_I2: [[&str; 5]; 5] = [
    ["Very Low", "Low", "Moderate", "High", "Very High"],
    ["Very Low", "Low", "Moderate", "High", "Very High"],
    ["Very Low", "Low", "Moderate", "Moderate", "High"],
    ["Very Low", "Low", "Low", "Low", "Moderate"],
    ["Very Low", "Very Low", "Very Low", "Low", "Low"],
];

/// Table G-5, likewise.
const TABLE_G5: [[&str; 5]; 5] = [
    ["Low", "Moderate", "High", "Very High", "Very High"],
    ["Low", "Moderate", "Moderate", "High", "Very High"],
    ["Low", "Low", "Moderate", "Moderate", "High"],
    ["Very Low", "Low", "Low", "Moderate", "Moderate"],
    ["Very Low", "Very Low", "Low", "Low", "Low"],
];

const LEVELS_HIGH_FIRST: [&str; 5] = ["Very High", "High", "Moderate", "Low", "Very Low"];

fn assert_table(key: &str, table: &[[&str; 5]; 5]) {
    let matrix = Catalog::embedded().matrix(key).expect("matrix present");
    let mut checked = 0;
    for (row, likelihood) in LEVELS_HIGH_FIRST.iter().enumerate() {
        let row_index = matrix
            .rows
            .levels
            .iter()
            .position(|level| level.label == *likelihood)
            .expect("row level");
        for (column, expected) in table[row].iter().enumerate() {
            let actual = matrix.lookup_label(row_index, column).expect("cell");
            assert_eq!(
                actual, *expected,
                "{key}: likelihood {likelihood}, impact column {column}"
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 25);
}

#[test]
fn table_i2_every_cell() {
    assert_table("nist-800-30", &TABLE_I2);
}

#[test]
fn table_g5_every_cell() {
    assert_table("nist-800-30-g5", &TABLE_G5);
}

#[test]
fn i2_is_a_lookup_not_a_product() {
    let matrix = Catalog::embedded().matrix("nist-800-30").expect("matrix");
    assert_eq!(
        matrix.lookup_label(4, 0),
        Some("Very Low"),
        "Very High likelihood, Very Low impact"
    );
}

#[test]
fn nist_scale_has_the_published_ranges_and_scores() {
    let scale = &Catalog::embedded().matrix("nist-800-30").expect("matrix").rows;
    let facts: Vec<(&str, &str, u8)> = scale
        .levels
        .iter()
        .map(|level| {
            (
                level.label.as_str(),
                level.range.as_deref().unwrap_or(""),
                level.score.unwrap_or(255),
            )
        })
        .collect();
    assert_eq!(
        facts,
        [
            ("Very Low", "0-4", 0),
            ("Low", "5-20", 2),
            ("Moderate", "21-79", 5),
            ("High", "80-95", 8),
            ("Very High", "96-100", 10)
        ]
    );
    let guides: Vec<&str> = scale
        .levels
        .iter()
        .filter_map(|level| level.likelihood_guide.as_deref())
        .collect();
    assert_eq!(guides[4], "More than 100 times a year");
    assert_eq!(guides[0], "Less than once in 10 years");
}

#[test]
fn hhs_matrix_holds_the_published_cells() {
    let matrix = Catalog::embedded().matrix("hhs-sra").expect("matrix");
    assert!(matrix.editable);
    // Rows and columns: Low, Moderate, High.
    assert_eq!(matrix.lookup_label(0, 2), Some("High"), "Low likelihood, High impact");
    assert_eq!(
        matrix.lookup_label(2, 0),
        Some("Moderate"),
        "High likelihood, Low impact"
    );
    assert_eq!(
        matrix.lookup_label(1, 2),
        Some("Critical"),
        "Moderate likelihood, High impact"
    );
    assert_eq!(
        matrix.lookup_label(2, 2),
        Some("Critical"),
        "High likelihood, High impact"
    );
    assert_eq!(matrix.results.levels.len(), 4);
}

/// The HHS SRA style defaults, typed from `catalog/scales.toml`'s comment and the
/// published facts: rows are likelihood from High down, columns impact from Low up.
const HHS_DEFAULT: [[&str; 3]; 3] = [
    ["Moderate", "High", "Critical"],
    ["Low", "Moderate", "Critical"],
    ["Low", "Low", "High"],
];

#[test]
fn hhs_matrix_every_cell() {
    let matrix = Catalog::embedded().matrix("hhs-sra").expect("matrix");
    let rows: Vec<&str> = matrix.rows.levels.iter().map(|level| level.label.as_str()).collect();
    let columns: Vec<&str> = matrix.columns.levels.iter().map(|level| level.label.as_str()).collect();
    let results: Vec<&str> = matrix.results.levels.iter().map(|level| level.label.as_str()).collect();
    assert_eq!(rows, ["Low", "Moderate", "High"]);
    assert_eq!(columns, ["Low", "Moderate", "High"]);
    assert_eq!(results, ["Low", "Moderate", "High", "Critical"]);
    let mut checked = 0;
    for (printed_row, expected_row) in HHS_DEFAULT.iter().enumerate() {
        let row = 2 - printed_row;
        for (column, expected) in expected_row.iter().enumerate() {
            assert_eq!(
                matrix.lookup_label(row, column),
                Some(*expected),
                "likelihood {}, impact {}",
                rows[row],
                columns[column]
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 9);
    assert_eq!(matrix.lookup(3, 0), None, "outside the matrix: no level");
}
