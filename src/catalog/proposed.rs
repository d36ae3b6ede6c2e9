//! The proposed Security Rule update of January 2025 (90 FR 898), as data from
//! `catalog/proposed.toml`, compiled in like the rest of the catalog. It is NOT in force:
//! everything drawn from it is labelled PROPOSED, is never counted in current status,
//! readiness or findings, and a workspace can hide it (see `report::proposed`).

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

const FILE: (&str, &str) = ("catalog/proposed.toml", include_str!("../../catalog/proposed.toml"));

/// How sure the citation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// The proposal's own citation.
    Proposed,
    /// From secondary sources: shown as "proposed, citation approximate".
    Approximate,
}

impl Confidence {
    pub fn label(self) -> &'static str {
        match self {
            Confidence::Proposed => "proposed",
            Confidence::Approximate => "proposed, citation approximate",
        }
    }
}

/// What the readiness appendix can compute for a requirement from the workspace's data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Check {
    /// Nothing in the data to judge it by: the appendix asks.
    Ask,
    InventoryReviewed,
    Mfa,
    Encryption,
    ScanAndPentest,
    RestoreTest,
    BaVerification,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    pub key: String,
    pub requirement: String,
    pub citation: String,
    pub confidence: Confidence,
    pub check: Check,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub title: String,
    pub citation: String,
    pub status: String,
}

/// The proposal: where it comes from and what it would require.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProposedRule {
    pub source: Source,
    #[serde(rename = "requirement")]
    pub requirements: Vec<Requirement>,
}

/// The word every line and heading drawn from the proposal carries.
pub const PROPOSED: &str = "PROPOSED";

impl ProposedRule {
    /// The proposal compiled into this binary.
    pub fn embedded() -> &'static ProposedRule {
        static RULE: OnceLock<ProposedRule> = OnceLock::new();
        RULE.get_or_init(|| {
            // The embedded file cannot change after the build, and the tests parse and
            // validate exactly these bytes, so a failure here is a build defect.
            ProposedRule::parse().expect("the embedded proposed rule is validated by the test suite")
        })
    }

    /// Parses the embedded file; an error names the file and the problem.
    pub fn parse() -> Result<ProposedRule, String> {
        toml::from_str(FILE.1).map_err(|error| format!("{}: {error}", FILE.0))
    }

    /// Every problem found, empty when the data is sound.
    pub fn validate(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let mut keys = std::collections::BTreeSet::new();
        for requirement in &self.requirements {
            if !keys.insert(requirement.key.as_str()) {
                problems.push(format!("{}: listed twice", requirement.key));
            }
            if requirement.requirement.trim().is_empty() || !requirement.citation.starts_with('§') {
                problems.push(format!("{}: needs a requirement and a § citation", requirement.key));
            }
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_proposal_parses_and_is_sound() {
        let rule = ProposedRule::parse().expect("parses");
        assert_eq!(rule.validate(), Vec::<String>::new());
        assert_eq!(rule.requirements.len(), 17);
        assert!(rule.source.citation.contains("90 FR 898"));
        // Secondary-source citations are marked approximate, as the reference says.
        let mfa = rule.requirements.iter().find(|r| r.key == "mfa").expect("mfa");
        assert_eq!(mfa.confidence, Confidence::Proposed);
        let encryption = rule
            .requirements
            .iter()
            .find(|r| r.key == "encryption")
            .expect("encryption");
        assert_eq!(encryption.confidence.label(), "proposed, citation approximate");
    }
}
