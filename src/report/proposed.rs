//! The "Proposed rule readiness" appendix: what the January 2025 proposal (90 FR 898,
//! `catalog/proposed.toml`) would ask of the practice, computed from the workspace where
//! the data allows and asked where it does not.
//!
//! The proposal is NOT in force. The appendix is labelled PROPOSED on every heading and
//! line, is computed from the workspace alone (it never reads or changes the findings,
//! the readiness elements or the draft status), and a workspace hides it with one setting
//! (`hipaa-ra setting FILE proposed-rule hide`). `publish` fills `ReportModel::proposed`
//! only when the setting shows it.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::layout::{Cell, Layout, col};
use super::thresholds::NAMES_IN_A_LINE;
use crate::catalog::proposed::{Check, PROPOSED, ProposedRule};
use crate::domain::{Asset, Encryption, EvidenceKind, Workspace};

/// The appendix as data: every item with what the data says and what must be asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposedReadiness {
    /// "PROPOSED": the appendix and each of its items say so.
    pub status: String,
    pub title: String,
    pub source: String,
    pub rule_status: String,
    pub items: Vec<ProposedItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposedItem {
    pub status: String,
    pub citation: String,
    /// "proposed" or "proposed, citation approximate".
    pub confidence: String,
    pub requirement: String,
    /// What the workspace's data shows; empty when it holds nothing to judge by.
    pub from_data: Vec<String>,
    /// What the practice must answer itself.
    pub ask: Option<String>,
}

pub const APPENDIX_TITLE: &str = "Appendix (PROPOSED, not in force): Proposed rule readiness";

fn months_before(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_sub_months(Months::new(months)).unwrap_or(NaiveDate::MIN)
}

/// The assets by name, at most `NAMES_IN_A_LINE` of them, then how many more: at ten
/// thousand assets a line naming them all filled two hundred pages.
fn names(assets: &[&Asset]) -> String {
    let shown = assets.len().min(NAMES_IN_A_LINE);
    let mut text = assets[..shown]
        .iter()
        .map(|asset| asset.name.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    if assets.len() > shown {
        text.push_str(&format!(
            " and {} more (all in the inventory annex)",
            assets.len() - shown
        ));
    }
    text
}

/// The latest date of an evidence record whose title contains one of `words`
/// (case-insensitive), or of `kind`.
fn latest_evidence(workspace: &Workspace, kind: Option<EvidenceKind>, words: &[&str]) -> Option<NaiveDate> {
    workspace
        .evidence
        .iter()
        .filter(|evidence| {
            let title = evidence.title.to_lowercase();
            Some(evidence.kind) == kind || words.iter().any(|word| title.contains(word))
        })
        .filter_map(|evidence| evidence.dated)
        .max()
}

fn dated(what: &str, date: Option<NaiveDate>, within_months: u32, today: NaiveDate) -> String {
    match date {
        Some(date) if date >= months_before(today, within_months) => {
            format!("{what}: last on {date}, within {within_months} months")
        }
        Some(date) => format!("{what}: last on {date}, more than {within_months} months ago"),
        None => format!("{what}: no dated evidence record"),
    }
}

/// The appendix for `workspace` on `today`.
pub fn readiness(workspace: &Workspace, today: NaiveDate) -> ProposedReadiness {
    let rule = ProposedRule::embedded();
    // This year's scope only: a retired asset is not this year's ePHI.
    let ephi: Vec<&Asset> = workspace.active_assets().filter(|asset| asset.in_scope()).collect();
    let items = rule
        .requirements
        .iter()
        .map(|requirement| {
            let (from_data, ask) = check(requirement.check, workspace, &ephi, today);
            ProposedItem {
                status: PROPOSED.to_string(),
                citation: requirement.citation.clone(),
                confidence: requirement.confidence.label().to_string(),
                requirement: requirement.requirement.clone(),
                from_data,
                ask,
            }
        })
        .collect();
    ProposedReadiness {
        status: PROPOSED.to_string(),
        title: rule.source.title.clone(),
        source: rule.source.citation.clone(),
        rule_status: rule.source.status.clone(),
        items,
    }
}

fn check(check: Check, workspace: &Workspace, ephi: &[&Asset], today: NaiveDate) -> (Vec<String>, Option<String>) {
    let year_ago = months_before(today, 12);
    match check {
        Check::Ask => (
            Vec::new(),
            Some("Not recorded in the workbench: is this in place?".to_string()),
        ),
        Check::InventoryReviewed => {
            let stale: Vec<&Asset> = ephi
                .iter()
                .copied()
                .filter(|asset| asset.last_reviewed.is_none_or(|day| day < year_ago))
                .collect();
            let mut lines = vec![format!(
                "{} of {} ePHI assets reviewed within 12 months",
                ephi.len() - stale.len(),
                ephi.len()
            )];
            if !stale.is_empty() {
                lines.push(format!("Not reviewed within 12 months: {}", names(&stale)));
            }
            (lines, Some("Is there a network map of how ePHI moves?".to_string()))
        }
        Check::Mfa => (
            Vec::new(),
            Some(format!(
                "The workbench records no MFA status: for each of the {} ePHI assets ({}), is multi-factor \
                 authentication on for every login?",
                ephi.len(),
                names(ephi)
            )),
        ),
        Check::Encryption => {
            let by = |state: Encryption| -> Vec<&Asset> {
                ephi.iter()
                    .copied()
                    .filter(|asset| asset.encrypted_at_rest == state)
                    .collect()
            };
            let (yes, no, unknown) = (by(Encryption::Yes), by(Encryption::No), by(Encryption::Unknown));
            let mut lines = vec![format!(
                "Encrypted at rest: {} of {} ePHI assets",
                yes.len(),
                ephi.len()
            )];
            if !no.is_empty() {
                lines.push(format!("Not encrypted at rest: {}", names(&no)));
            }
            if !unknown.is_empty() {
                lines.push(format!("Encryption at rest unknown: {}", names(&unknown)));
            }
            (lines, Some("Is ePHI encrypted in transit on every asset?".to_string()))
        }
        Check::ScanAndPentest => {
            let scan = latest_evidence(workspace, None, &["vulnerability scan"]);
            let pentest = latest_evidence(workspace, None, &["penetration test", "pen test", "pentest"]);
            let lines = vec![
                dated("Vulnerability scan (evidence titled so)", scan, 6, today),
                dated("Penetration test (evidence titled so)", pentest, 12, today),
            ];
            let ask = (scan.is_none() || pentest.is_none())
                .then(|| "Record the last scan and penetration test as evidence, with their dates.".to_string());
            (lines, ask)
        }
        Check::RestoreTest => {
            let restore = latest_evidence(workspace, Some(EvidenceKind::BackupTest), &["restore test"]);
            (
                vec![dated("Restore test (backup-test evidence)", restore, 12, today)],
                Some("Could critical systems be restored within 72 hours?".to_string()),
            )
        }
        Check::BaVerification => {
            let vendors: Vec<&Asset> = ephi.iter().copied().filter(|asset| asset.vendor().is_some()).collect();
            let lines = vendors
                .iter()
                .map(|vendor| {
                    let name = vendor.name.to_lowercase();
                    let verified = workspace
                        .evidence
                        .iter()
                        .filter(|evidence| {
                            let title = evidence.title.to_lowercase();
                            title.contains(&name) && title.contains("verif")
                        })
                        .filter_map(|evidence| evidence.dated)
                        .max();
                    (vendor, verified)
                })
                .collect::<Vec<_>>();
            // The ones without a recent verification first, then at most
            // `NAMES_IN_A_LINE` lines and a count of the rest.
            let mut lines: Vec<(bool, String)> = lines
                .into_iter()
                .map(|(vendor, verified)| {
                    let current = verified.is_some_and(|day| day >= year_ago);
                    (
                        current,
                        dated(&format!("{}: written verification", vendor.name), verified, 12, today),
                    )
                })
                .collect();
            lines.sort_by_key(|(current, _)| *current);
            let missing = lines.iter().filter(|(current, _)| !current).count();
            let total = lines.len();
            let mut lines: Vec<String> = lines.into_iter().map(|(_, line)| line).take(NAMES_IN_A_LINE).collect();
            if total > NAMES_IN_A_LINE {
                lines.push(format!(
                    "… and {} more business associates; {missing} of all {total} without a written verification in 12 months",
                    total - NAMES_IN_A_LINE
                ));
            }
            (
                lines,
                Some("Record each business associate's written verification as evidence naming it.".to_string()),
            )
        }
    }
}

/// Draws the appendix at the end of the PDF, after the sign-off, on its own pages.
pub fn appendix(layout: &mut Layout, readiness: &ProposedReadiness) {
    layout.new_page();
    layout.heading(APPENDIX_TITLE);
    layout.paragraph(
        &format!(
            "PROPOSED, NOT IN FORCE. {} ({}). {} Nothing here counts toward the current analysis: \
             not its status, its findings or its readiness.",
            readiness.title, readiness.source, readiness.rule_status
        ),
        super::layout::BODY,
        true,
    );
    let rows: Vec<Vec<Cell>> = readiness
        .items
        .iter()
        .map(|item| {
            let mut notes = item.from_data.clone();
            if let Some(ask) = &item.ask {
                notes.push(format!("Ask: {ask}"));
            }
            vec![
                Cell::from(format!("{} {}", item.status, item.citation)),
                Cell::from(format!("{} ({})", item.requirement, item.confidence)),
                Cell::from(notes.join("\n")),
            ]
        })
        .collect();
    layout.table(
        &[
            col("Status and citation", 0.2),
            col("Proposed requirement", 0.4),
            col("What the data shows", 0.4),
        ],
        &rows,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_names_at_most_the_threshold_and_counts_the_rest() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
        let mut store = crate::store::Store::in_memory("Riverside", "Dana", today).expect("store");
        crate::demo::populate(&mut store, today).expect("demo");
        let assets = store.snapshot().expect("snapshot").assets;
        let many: Vec<&Asset> = assets.iter().cycle().take(NAMES_IN_A_LINE + 8).collect();
        let line = names(&many);
        let first: Vec<&str> = many[..NAMES_IN_A_LINE]
            .iter()
            .map(|asset| asset.name.as_str())
            .collect();
        assert_eq!(
            line,
            format!("{} and 8 more (all in the inventory annex)", first.join(", "))
        );
        let few = &many[..3];
        assert!(!names(few).contains("more"), "three are all named");
    }

    #[test]
    fn every_item_is_labelled_proposed_and_computed_items_say_something() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
        let mut store = crate::store::Store::in_memory("Riverside", "Dana", today).expect("store");
        crate::demo::populate(&mut store, today).expect("demo");
        let workspace = store.snapshot().expect("snapshot");
        let readiness = readiness(&workspace, today);
        assert_eq!(readiness.items.len(), ProposedRule::embedded().requirements.len());
        assert!(readiness.items.iter().all(|item| item.status == PROPOSED));
        let inventory = readiness
            .items
            .iter()
            .find(|item| item.requirement.starts_with("Written technology asset inventory"))
            .expect("inventory item");
        assert!(
            inventory.from_data[0].contains("ePHI assets reviewed within 12 months"),
            "{inventory:?}"
        );
        let mfa = readiness
            .items
            .iter()
            .find(|item| item.citation.starts_with("§164.312(f)"))
            .expect("mfa");
        assert!(mfa.from_data.is_empty() && mfa.ask.as_deref().is_some_and(|ask| ask.contains("MFA")));
    }
}
