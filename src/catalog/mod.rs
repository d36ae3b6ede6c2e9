//! The embedded catalog: the Security Rule's standards and implementation specifications
//! with our guidance, the threat library, and the scales and matrices. The data lives in
//! `catalog/*.toml` at the top of the repository and is compiled into the binary, so an
//! air-gapped clinic needs nothing else. `validate` is run by the tests.

pub mod proposed;
mod raw;
mod threats;

pub use threats::suggested_threats;

use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

use crate::domain::Labeled;

// The catalog's shape (its sections, items, threats and lookups) is defined in the domain,
// which the findings read it through; here are the embedded data and its checks.
pub use crate::domain::catalog::{Catalog, Item, ItemKind, Section, SectionKey, Threat};

/// The TOML files, in the rule's order.
const RULE_FILES: [(&str, &str); 5] = [
    (
        "catalog/rule/administrative.toml",
        include_str!("../../catalog/rule/administrative.toml"),
    ),
    (
        "catalog/rule/physical.toml",
        include_str!("../../catalog/rule/physical.toml"),
    ),
    (
        "catalog/rule/technical.toml",
        include_str!("../../catalog/rule/technical.toml"),
    ),
    (
        "catalog/rule/organizational.toml",
        include_str!("../../catalog/rule/organizational.toml"),
    ),
    (
        "catalog/rule/documentation.toml",
        include_str!("../../catalog/rule/documentation.toml"),
    ),
];
const THREATS_FILE: (&str, &str) = ("catalog/threats.toml", include_str!("../../catalog/threats.toml"));
const SCALES_FILE: (&str, &str) = ("catalog/scales.toml", include_str!("../../catalog/scales.toml"));

impl Catalog {
    /// The catalog compiled into this binary.
    pub fn embedded() -> &'static Catalog {
        static CATALOG: OnceLock<Catalog> = OnceLock::new();
        CATALOG.get_or_init(|| {
            // The embedded files cannot change after the build, and the test suite parses
            // and validates exactly these bytes, so a failure here is a build defect.
            Catalog::parse().expect("the embedded catalog is validated by the test suite")
        })
    }

    /// Parses the embedded files; an error names the file and the problem.
    pub fn parse() -> Result<Catalog, String> {
        let mut sections = Vec::new();
        let mut items = Vec::new();
        for (file, text) in RULE_FILES {
            let (section, section_items) = raw::parse_rule_file(file, text)?;
            sections.push(section);
            items.extend(section_items);
        }
        let threats = raw::parse_threats(THREATS_FILE.0, THREATS_FILE.1)?;
        let (scales, matrices) = raw::parse_scales(SCALES_FILE.0, SCALES_FILE.1)?;
        Ok(Catalog {
            sections,
            items,
            threats,
            scales,
            matrices,
        })
    }

    /// The threat library's text as embedded, for a fingerprint the report prints: two
    /// reports drawn from the same library show the same one.
    pub fn threat_library_source() -> &'static str {
        THREATS_FILE.1
    }

    /// Every problem found, empty when the catalog is sound. Checks what the type system
    /// cannot: unique keys, specifications pointing at real standards, guidance of the
    /// promised size, threat citations that exist, and matrix shapes.
    pub fn validate(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let mut kinds: HashMap<&str, ItemKind> = HashMap::new();
        for item in &self.items {
            if kinds.insert(&item.citation, item.kind).is_some() {
                problems.push(format!("{}: listed twice", item.citation));
            }
        }
        for item in &self.items {
            let citation = &item.citation;
            match (&item.standard, item.kind) {
                (Some(_), ItemKind::Standard) => problems.push(format!("{citation}: a standard names a standard")),
                (None, ItemKind::Required | ItemKind::Addressable) => {
                    problems.push(format!("{citation}: a specification must name its standard"))
                }
                (Some(standard), _) if kinds.get(standard.as_str()) != Some(&ItemKind::Standard) => {
                    problems.push(format!("{citation}: `{standard}` is not a standard in the catalog"))
                }
                _ => {}
            }
            if item.summary.trim().is_empty() {
                problems.push(format!("{citation}: empty summary"));
            }
            if !(2..=5).contains(&item.questions.len()) {
                problems.push(format!(
                    "{citation}: {} questions, expected 2 to 5",
                    item.questions.len()
                ));
            }
            if let Some(question) = item.questions.iter().find(|q| !q.trim_end().ends_with('?')) {
                problems.push(format!("{citation}: question is not a question: {question}"));
            }
            if item.evidence.is_empty() {
                problems.push(format!("{citation}: no evidence examples"));
            }
        }
        let mut threat_keys = BTreeSet::new();
        for threat in &self.threats {
            if !threat_keys.insert(threat.key.as_str()) {
                problems.push(format!("threat `{}`: listed twice", threat.key));
            }
            if threat.vulnerabilities.is_empty() {
                problems.push(format!("threat `{}`: no vulnerabilities", threat.key));
            }
            if threat.citations.is_empty() {
                problems.push(format!("threat `{}`: no citations", threat.key));
            }
            for citation in &threat.citations {
                if !kinds.contains_key(citation.as_str()) {
                    problems.push(format!("threat `{}`: unknown citation {citation}", threat.key));
                }
            }
        }
        for matrix in &self.matrices {
            if let Err(problem) = matrix.validate() {
                problems.push(problem);
            }
        }
        if self.matrix(crate::domain::MatrixChoice::Nist.key()).is_none() {
            problems.push("no NIST SP 800-30 matrix".to_string());
        }
        if self.matrix(crate::domain::MatrixChoice::HhsSra.key()).is_none() {
            problems.push("no HHS SRA matrix".to_string());
        }
        problems
    }
}
