//! The findings as the PDF prints them: by rule, how many are open and how many
//! acknowledged, and the first open ones with what they share. At 40,000 assets there are
//! over 100,000 findings, nearly all advisory findings about one asset each, which the
//! PDF counts and the JSON and `hipaa-ra check` list one by one; a model made for a PDF
//! alone keeps only this (`ReportModel::keep_for_pdf`) instead of every finding's
//! sentence and records.

use crate::domain::{Finding, RecordRef, Rule};

/// Past this many open findings of one rule the section prints the first ones and the
/// count of the rest, so a large inventory's coverage findings do not fill hundreds of
/// pages; the JSON and `hipaa-ra check` list every one.
pub const FINDINGS_LISTED: usize = 40;

/// One rule's findings as the PDF prints them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleFindings {
    pub rule: Rule,
    /// Whether the rule's findings block (the findings' own flag, the same for all).
    pub blocking: bool,
    /// Open findings (not acknowledged).
    pub open: usize,
    pub acknowledged: usize,
    /// Some open finding names a scenario: a grouped report counts these instead of
    /// listing them, since it prints each scenario number once.
    pub about_scenarios: bool,
    /// Every open finding is resolved the way the first one is.
    pub shared_resolution: bool,
    /// The first `FINDINGS_LISTED` open findings, in the findings' order.
    pub listed: Vec<Finding>,
}

/// The findings by rule and weight, in the order their first finding comes (the
/// findings' own order is by rule, `Rule::ALL`).
pub fn by_rule(findings: &[Finding]) -> Vec<RuleFindings> {
    let mut rules: Vec<RuleFindings> = Vec::new();
    for finding in findings {
        let index = match rules
            .iter()
            .position(|rule| rule.rule == finding.rule && rule.blocking == finding.blocking)
        {
            Some(index) => index,
            None => {
                rules.push(RuleFindings {
                    rule: finding.rule,
                    blocking: finding.blocking,
                    open: 0,
                    acknowledged: 0,
                    about_scenarios: false,
                    shared_resolution: true,
                    listed: Vec::new(),
                });
                rules.len() - 1
            }
        };
        let rule = &mut rules[index];
        if !finding.is_open() {
            rule.acknowledged += 1;
            continue;
        }
        rule.open += 1;
        rule.about_scenarios |= finding
            .records
            .iter()
            .any(|record| matches!(record, RecordRef::Scenario { .. }));
        if let Some(first) = rule.listed.first() {
            rule.shared_resolution &= finding.resolution == first.resolution;
        }
        if rule.listed.len() < FINDINGS_LISTED {
            rule.listed.push(finding.clone());
        }
    }
    rules
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use chrono::NaiveDate;

    use super::*;
    use crate::domain::{Acknowledgment, Labeled};

    fn finding(rule: Rule, id: i64, resolution: &'static str, records: Vec<RecordRef>) -> Finding {
        Finding {
            key: format!("{}:asset:{id}", rule.key()),
            rule,
            blocking: rule.is_blocking(),
            records,
            message: format!("finding {id}"),
            resolution: Cow::Borrowed(resolution),
            acknowledgment: None,
        }
    }

    fn asset(id: i64) -> Vec<RecordRef> {
        vec![RecordRef::Asset {
            id,
            name: format!("asset {id}"),
        }]
    }

    #[test]
    fn counts_every_finding_and_keeps_the_first_open_ones() {
        let mut findings: Vec<Finding> = (1..=100)
            .map(|id| finding(Rule::AssetNotReviewed, id, "review it", asset(id)))
            .collect();
        findings[0].acknowledgment = Some(Acknowledgment {
            id: 1,
            assessment_id: 1,
            finding: findings[0].key.clone(),
            person_id: 1,
            acknowledged_on: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            reason: "sold".into(),
        });
        findings.push(finding(
            Rule::ScenarioNotScored,
            7,
            "score it",
            vec![RecordRef::Scenario {
                id: 7,
                threat: "Theft".into(),
            }],
        ));
        findings.push(finding(
            Rule::ScenarioNotScored,
            8,
            "confirm, then score it",
            Vec::new(),
        ));
        let rules = by_rule(&findings);
        assert_eq!(rules.len(), 2);
        let reviewed = &rules[0];
        assert_eq!((reviewed.rule, reviewed.blocking), (Rule::AssetNotReviewed, false));
        assert_eq!((reviewed.open, reviewed.acknowledged), (99, 1));
        assert_eq!(reviewed.listed.len(), FINDINGS_LISTED);
        // The acknowledged first finding is counted, not listed.
        assert_eq!(reviewed.listed[0].message, "finding 2");
        assert!(reviewed.shared_resolution && !reviewed.about_scenarios);
        let scored = &rules[1];
        assert_eq!((scored.open, scored.acknowledged), (2, 0));
        assert!(scored.about_scenarios && !scored.shared_resolution);
        assert_eq!(scored.listed.len(), 2);
    }

    #[test]
    fn no_findings_no_rules() {
        assert!(by_rule(&[]).is_empty());
    }
}
