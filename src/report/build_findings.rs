//! The findings' resolutions as report rows: each acknowledgment with the name of who made
//! it (and whether it still matches a finding), each coverage note with its asset and
//! scenarios by name. The findings themselves come from `domain::findings` unchanged.

use std::collections::HashMap;

use super::model::{AcknowledgmentRow, CoverageRow};
use crate::domain::{Finding, Id, Labeled, Rule, Workspace};

pub(super) fn acknowledgment_rows(workspace: &Workspace, findings: &[Finding]) -> Vec<AcknowledgmentRow> {
    let by_key: HashMap<&str, &Finding> = findings.iter().map(|finding| (finding.key.as_str(), finding)).collect();
    workspace
        .acknowledgments
        .iter()
        .filter(|acknowledgment| acknowledgment.assessment_id == workspace.assessment_id)
        .map(|acknowledgment| {
            // A finding resolved by this acknowledgment; otherwise it is stale.
            let finding = by_key.get(acknowledgment.finding.as_str()).filter(|finding| {
                finding
                    .acknowledgment
                    .as_ref()
                    .is_some_and(|used| used.id == acknowledgment.id)
            });
            let rule = acknowledgment.finding.split(':').next().and_then(Rule::from_key);
            AcknowledgmentRow {
                finding: acknowledgment.finding.clone(),
                rule: rule.map_or_else(String::new, |rule| rule.label().to_string()),
                blocking: rule.is_some_and(Rule::is_blocking),
                message: finding.map_or_else(
                    || {
                        format!(
                            "No current finding matches `{}`; it resolves nothing.",
                            acknowledgment.finding
                        )
                    },
                    |finding| finding.message.clone(),
                ),
                by: workspace.person_name(Some(acknowledgment.person_id)).to_string(),
                on: acknowledgment.acknowledged_on,
                reason: acknowledgment.reason.clone(),
                stale: finding.is_none(),
            }
        })
        .collect()
}

pub(super) fn coverage_rows(workspace: &Workspace) -> Vec<CoverageRow> {
    let threats: HashMap<Id, &str> = workspace
        .risks
        .iter()
        .map(|risk| (risk.id, risk.threat.as_str()))
        .collect();
    workspace
        .coverage_notes
        .iter()
        .filter_map(|note| {
            let asset = workspace.asset(note.asset_id)?;
            Some(CoverageRow {
                asset_id: asset.id,
                asset: asset.name.clone(),
                scenarios: note
                    .risk_ids
                    .iter()
                    .map(|id| match threats.get(id) {
                        Some(threat) => format!("#{id} {threat}"),
                        None => format!("#{id} (no longer in the register)"),
                    })
                    .collect(),
                reason: note.reason.clone(),
            })
        })
        .collect()
}
