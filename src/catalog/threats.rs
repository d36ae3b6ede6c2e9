//! The threat library put to work: the threats that fit an asset kind or a safeguard,
//! a scenario started from a threat, and the scenarios the safeguard review suggests.
//! Scoring and treatment rules are in `domain::risk_rules`, not here.

use std::collections::HashSet;

use super::{Catalog, Threat};
use crate::domain::{AssetKind, Id, ReviewStatus, Risk, Workspace};

impl Catalog {
    /// The library's threats to an asset of this kind, in library order: the list the
    /// quick add offers once an asset is picked.
    pub fn threats_for_kind(&self, kind: AssetKind) -> impl Iterator<Item = &Threat> {
        self.threats
            .iter()
            .filter(move |threat| threat.asset_kinds.contains(&kind))
    }

    /// The threats a safeguard addresses: those citing exactly this citation. A standard
    /// and its implementation specifications are reviewed separately, so each matches
    /// only the threats that name it.
    pub fn threats_for_citation<'a>(&'a self, citation: &'a str) -> impl Iterator<Item = &'a Threat> {
        self.threats
            .iter()
            .filter(move |threat| threat.citations.iter().any(|cited| cited == citation))
    }
}

impl Threat {
    /// A new scenario for this threat in the workspace's assessment: unscored and
    /// undecided, with the library's name and source. No assets means practice-wide. The
    /// vulnerability stays empty: the library's (`suggested_vulnerability`) may be false
    /// for these assets, so it is offered when scoring and stored only once the user
    /// confirms or edits it.
    ///
    /// Its citations are the library's, less the items this year's review says are in
    /// place (`SafeguardReview::in_place_claim`): a scenario cites its weaknesses, and an
    /// item in place cited by an open scenario is a contradiction the findings report.
    /// Items not yet reviewed stay cited: the review may find the gap. So does an item
    /// with a question answered "no", whatever its status (a gap, as the review's
    /// suggestions read it): the scenario then cites the contradiction it exposes, and
    /// the finding can be resolved by either record.
    pub fn scenario(&self, workspace: &Workspace, asset_ids: Vec<Id>) -> Risk {
        let citations = self
            .citations
            .iter()
            .filter(|citation| {
                workspace.review(citation).is_none_or(|review| {
                    review.in_place_claim().is_none()
                        || review
                            .answers
                            .iter()
                            .any(|answer| answer.answer == crate::domain::Answer::No)
                })
            })
            .cloned()
            .collect();
        Risk {
            threat_key: Some(self.key.clone()),
            citations,
            asset_ids,
            ..Risk::unscored(workspace.assessment_id, self.name.clone(), self.source)
        }
    }
}

impl Threat {
    /// The library's first (most common) vulnerability: a suggestion, never a fact.
    pub fn suggested_vulnerability(&self) -> &str {
        self.vulnerabilities.first().map_or("", String::as_str)
    }
}

/// Scenarios the safeguard review suggests: each threat addressed by a safeguard reviewed
/// as not implemented or partially implemented (or with a question answered "no"), with the citations of those gaps (in the
/// threat's order, most relevant first). Threats already used by a scenario of the
/// workspace's assessment are left out, so the list shrinks as suggestions are taken.
pub fn suggested_threats<'a>(workspace: &Workspace, catalog: &'a Catalog) -> Vec<(&'a Threat, Vec<String>)> {
    let gaps: HashSet<&str> = workspace
        .reviews
        .iter()
        .filter(|review| review.assessment_id == workspace.assessment_id)
        // A question answered "no" is a gap too, whatever the status says.
        .filter(|review| {
            matches!(review.status, ReviewStatus::NotImplemented | ReviewStatus::Partial)
                || review
                    .answers
                    .iter()
                    .any(|answer| answer.answer == crate::domain::Answer::No)
        })
        .map(|review| review.citation.as_str())
        .collect();
    let used: HashSet<&str> = workspace
        .risks
        .iter()
        .filter(|risk| risk.assessment_id == workspace.assessment_id)
        .filter_map(|risk| risk.threat_key.as_deref())
        .collect();
    catalog
        .threats
        .iter()
        .filter(|threat| !used.contains(threat.key.as_str()))
        .filter_map(|threat| {
            let cited: Vec<String> = threat
                .citations
                .iter()
                .filter(|citation| gaps.contains(citation.as_str()))
                .cloned()
                .collect();
            (!cited.is_empty()).then_some((threat, cited))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::domain::{Labeled, SafeguardReview, ThreatSource};
    use crate::store::Store;

    #[test]
    fn threats_for_a_kind_are_the_ones_listing_it() {
        let catalog = Catalog::embedded();
        for kind in AssetKind::ALL {
            let keys: Vec<&str> = catalog
                .threats_for_kind(*kind)
                .map(|threat| threat.key.as_str())
                .collect();
            let expected: Vec<&str> = catalog
                .threats
                .iter()
                .filter(|threat| threat.asset_kinds.contains(kind))
                .map(|threat| threat.key.as_str())
                .collect();
            assert_eq!(keys, expected, "{kind:?}");
        }
        let laptop: Vec<&str> = catalog
            .threats_for_kind(AssetKind::Laptop)
            .map(|threat| threat.key.as_str())
            .collect();
        assert!(laptop.contains(&"laptop_lost_or_stolen") && laptop.contains(&"ransomware"));
        assert!(!laptop.contains(&"business_email_compromise"));
    }

    #[test]
    fn threats_for_a_citation_cite_it_exactly() {
        let catalog = Catalog::embedded();
        let backup: Vec<&str> = catalog
            .threats_for_citation("164.308(a)(7)(ii)(A)")
            .map(|threat| threat.key.as_str())
            .collect();
        assert!(backup.contains(&"ransomware"), "{backup:?}");
        let expected = catalog
            .threats
            .iter()
            .filter(|threat| threat.citations.iter().any(|cited| cited == "164.308(a)(7)(ii)(A)"))
            .count();
        assert_eq!(backup.len(), expected);
        assert_eq!(catalog.threats_for_citation("999.1").count(), 0);
    }

    #[test]
    fn a_scenario_from_a_threat_is_unscored_and_undecided() {
        let threat = Catalog::embedded().threat("ransomware").unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let workspace = Store::in_memory("Test", "Tester", today).unwrap().snapshot().unwrap();
        let risk = threat.scenario(&workspace, vec![10, 11]);
        assert_eq!(risk.id, 0);
        assert_eq!(risk.assessment_id, workspace.assessment_id);
        assert_eq!(risk.threat_key.as_deref(), Some("ransomware"));
        assert_eq!(risk.threat, threat.name);
        assert_eq!(risk.source, ThreatSource::Adversarial);
        assert_eq!(risk.vulnerability, "", "library text is not stored as fact");
        assert!(risk.vulnerability_unconfirmed());
        assert_eq!(threat.suggested_vulnerability(), threat.vulnerabilities[0]);
        assert_eq!(risk.citations, threat.citations);
        assert_eq!(risk.asset_ids, [10, 11]);
        assert!(!risk.is_scored());
        assert_eq!(risk.treatment, crate::domain::Treatment::Undecided);
        assert!(risk.acceptance.is_none() && risk.residual_likelihood.is_none());
    }

    #[test]
    fn a_new_scenario_cites_only_the_items_not_in_place() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let mut workspace = Store::in_memory("Test", "Tester", today).unwrap().snapshot().unwrap();
        let threat = Catalog::embedded().threat("ransomware").unwrap();
        let [implemented, as_specified, partial, ..] = threat.citations.as_slice() else {
            panic!("ransomware cites at least three items");
        };
        // Reviews as the findings read them (the store's own checks are tested elsewhere).
        for (citation, status, decision) in [
            (implemented, ReviewStatus::Implemented, None),
            (
                as_specified,
                ReviewStatus::Partial,
                Some(crate::domain::AddressableDecision::AsSpecified),
            ),
            (partial, ReviewStatus::Partial, None),
        ] {
            workspace.reviews.push(SafeguardReview {
                status,
                decision,
                ..SafeguardReview::not_reviewed(workspace.assessment_id, citation)
            });
        }
        let risk = threat.scenario(&workspace, Vec::new());
        // The items in place are not its weakness; the gap and the items not yet reviewed are.
        let expected: Vec<String> = threat.citations[2..].to_vec();
        assert_eq!(risk.citations, expected);
        assert!(!risk.citations.contains(implemented) && !risk.citations.contains(as_specified));
        // Implemented with a question answered "no": still a gap the scenario cites.
        workspace.reviews[0].answers = vec![crate::domain::QuestionAnswer {
            question: 0,
            answer: crate::domain::Answer::No,
            note: String::new(),
        }];
        let risk = threat.scenario(&workspace, Vec::new());
        assert_eq!(risk.citations[0], *implemented);
    }

    #[test]
    fn gaps_in_the_review_suggest_unused_threats_with_their_citations() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let mut store = Store::in_memory("Test", "Tester", today).unwrap();
        let assessment_id = store.current_assessment_id().unwrap();
        let catalog = Catalog::embedded();
        for (citation, status) in [
            ("164.308(a)(7)(ii)(A)", ReviewStatus::NotImplemented),
            ("164.312(d)", ReviewStatus::Partial),
            ("164.308(a)(1)(ii)(A)", ReviewStatus::Implemented),
            ("164.308(a)(6)(ii)", ReviewStatus::NotReviewed),
        ] {
            let review = SafeguardReview {
                status,
                ..SafeguardReview::not_reviewed(assessment_id, citation)
            };
            store.save_review(&review).unwrap();
        }
        let workspace = store.snapshot().unwrap();
        let suggested = suggested_threats(&workspace, catalog);
        let find = |key: &str| {
            suggested
                .iter()
                .find(|(threat, _)| threat.key == key)
                .map(|(_, cited)| cited)
        };
        assert_eq!(find("ransomware").unwrap(), &["164.308(a)(7)(ii)(A)"]);
        assert_eq!(find("phishing_credential_theft").unwrap(), &["164.312(d)"]);
        for (threat, cited) in &suggested {
            assert!(!cited.is_empty());
            assert!(
                cited.iter().all(|c| c == "164.308(a)(7)(ii)(A)" || c == "164.312(d)"),
                "{}",
                threat.key
            );
        }
        // Library order, so the list is stable between looks.
        let positions: Vec<usize> = suggested
            .iter()
            .map(|(threat, _)| catalog.threats.iter().position(|t| t.key == threat.key).unwrap())
            .collect();
        assert!(positions.windows(2).all(|pair| pair[0] < pair[1]));

        // Taking a suggestion removes it.
        let scenario = catalog.threat("ransomware").unwrap().scenario(&workspace, Vec::new());
        store.add_risks(&[scenario]).unwrap();
        let workspace = store.snapshot().unwrap();
        let after = suggested_threats(&workspace, catalog);
        assert!(after.iter().all(|(threat, _)| threat.key != "ransomware"));
        assert_eq!(after.len(), suggested.len() - 1);
    }
}
