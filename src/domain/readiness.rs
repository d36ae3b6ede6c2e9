//! The dashboard's judgements, computed from the records alone: the five readiness
//! signals (green, amber or red, each with the reason it is not green) and progress
//! through the nine elements OCR expects of a risk analysis, whose states come from the
//! findings (`findings`).

use chrono::NaiveDate;
use serde::Serialize;

use super::findings::{Element, Finding, Rule};
use super::model::*;
use super::{Labeled, Severity, Workspace};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum SignalLevel {
    Green,
    Amber,
    Red,
}

impl SignalLevel {
    pub fn label(self) -> &'static str {
        match self {
            SignalLevel::Green => "Green",
            SignalLevel::Amber => "Amber",
            SignalLevel::Red => "Red",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Signal {
    pub name: &'static str,
    pub level: SignalLevel,
    /// Why the signal is not green, or what makes it green.
    pub reason: String,
}

/// The safeguards behind "documented controls": workstations, mobile devices,
/// authentication, encryption, backups and audit logging.
pub const CONTROL_CITATIONS: [(&str, &str); 8] = [
    ("164.310(b)", "workstation use"),
    ("164.310(c)", "workstation security"),
    ("164.310(d)(1)", "device and media controls"),
    ("164.312(d)", "authentication"),
    ("164.312(a)(2)(iv)", "encryption at rest"),
    ("164.312(e)(2)(ii)", "encryption in transit"),
    ("164.308(a)(7)(ii)(A)", "data backup"),
    ("164.312(b)", "audit controls"),
];

/// Evidence kinds an auditor asks for first.
const KEY_EVIDENCE: [EvidenceKind; 4] = [
    EvidenceKind::TrainingLog,
    EvidenceKind::Policy,
    EvidenceKind::AccessReview,
    EvidenceKind::IncidentRecord,
];

pub fn readiness(workspace: &Workspace, today: NaiveDate) -> [Signal; 5] {
    [
        inventory_signal(workspace, today),
        ownership_signal(workspace),
        controls_signal(workspace),
        risk_signal(workspace),
        evidence_signal(workspace, today),
    ]
}

fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

fn inventory_signal(workspace: &Workspace, today: NaiveDate) -> Signal {
    let name = "Inventory current";
    let in_scope: Vec<&Asset> = workspace.active_assets().filter(|asset| asset.in_scope()).collect();
    if in_scope.is_empty() {
        return Signal {
            name,
            level: SignalLevel::Red,
            reason: "no ePHI assets recorded yet".to_string(),
        };
    }
    let year_ago = today.checked_sub_months(chrono::Months::new(12)).unwrap_or(today);
    let stale = in_scope
        .iter()
        .filter(|asset| asset.last_reviewed.is_none_or(|reviewed| reviewed < year_ago))
        .count();
    if stale == 0 {
        Signal {
            name,
            level: SignalLevel::Green,
            reason: format!(
                "{} reviewed in the last 12 months",
                plural(in_scope.len(), "ePHI asset", "ePHI assets")
            ),
        }
    } else {
        Signal {
            name,
            level: SignalLevel::Amber,
            reason: format!(
                "{stale} of {} ePHI assets not reviewed in the last 12 months",
                in_scope.len()
            ),
        }
    }
}

fn ownership_signal(workspace: &Workspace) -> Signal {
    let name = "Named ownership";
    let missing: Vec<&str> = Role::REQUIRED
        .iter()
        .filter(|role| workspace.holders(**role).next().is_none())
        .map(|role| crate::domain::Labeled::label(*role))
        .collect();
    match missing.len() {
        0 => Signal {
            name,
            level: SignalLevel::Green,
            reason: "all four owners named".to_string(),
        },
        4 => Signal {
            name,
            level: SignalLevel::Red,
            reason: "no security owners named".to_string(),
        },
        _ => Signal {
            name,
            level: SignalLevel::Amber,
            reason: format!("no {}", missing.join(", no ").to_lowercase()),
        },
    }
}

fn controls_signal(workspace: &Workspace) -> Signal {
    let name = "Documented controls";
    let mut unreviewed = Vec::new();
    let mut gaps = Vec::new();
    for (citation, topic) in CONTROL_CITATIONS {
        // A carried-forward review is last year's answer until confirmed.
        if !workspace.is_reviewed(citation) {
            unreviewed.push(topic);
            continue;
        }
        match workspace.review_status(citation) {
            ReviewStatus::NotReviewed => unreviewed.push(topic),
            ReviewStatus::Partial | ReviewStatus::NotImplemented => gaps.push(topic),
            ReviewStatus::Implemented | ReviewStatus::NotApplicable => {}
        }
    }
    if unreviewed.is_empty() && gaps.is_empty() {
        return Signal {
            name,
            level: SignalLevel::Green,
            reason: "all key controls reviewed and in place".to_string(),
        };
    }
    let level = if unreviewed.len() * 2 > CONTROL_CITATIONS.len() {
        SignalLevel::Red
    } else {
        SignalLevel::Amber
    };
    let mut reasons = Vec::new();
    if !gaps.is_empty() {
        reasons.push(format!("gaps in {}", gaps.join(", ")));
    }
    if !unreviewed.is_empty() {
        reasons.push(format!("not reviewed: {}", unreviewed.join(", ")));
    }
    Signal {
        name,
        level,
        reason: reasons.join("; "),
    }
}

fn risk_signal(workspace: &Workspace) -> Signal {
    let name = "Risk analysis and remediation";
    if workspace.risks.is_empty() {
        return Signal {
            name,
            level: SignalLevel::Red,
            reason: "no risk scenarios recorded".to_string(),
        };
    }
    let unscored = workspace.risks.iter().filter(|risk| !risk.is_scored()).count();
    let untreated_high = match workspace.matrix() {
        Some(matrix) => workspace
            .risks
            .iter()
            .filter(|risk| {
                risk.level(matrix)
                    .is_some_and(|level| matrix.severity(level) >= Severity::High)
            })
            .filter(|risk| risk.treatment == Treatment::Undecided)
            .count(),
        None => 0,
    };
    let unowned = workspace
        .actions
        .iter()
        .filter(|action| action.status.is_open() && (action.owner_id.is_none() || action.due_on.is_none()))
        .count();
    let mut reasons = Vec::new();
    if unscored > 0 {
        reasons.push(format!("{} not scored", plural(unscored, "scenario", "scenarios")));
    }
    if untreated_high > 0 {
        reasons.push(format!(
            "{} without a treatment",
            plural(untreated_high, "high risk", "high risks")
        ));
    }
    if unowned > 0 {
        reasons.push(format!(
            "{} without owner or due date",
            plural(unowned, "action", "actions")
        ));
    }
    if reasons.is_empty() {
        Signal {
            name,
            level: SignalLevel::Green,
            reason: "risks scored, high risks treated, actions owned".to_string(),
        }
    } else {
        Signal {
            name,
            level: SignalLevel::Amber,
            reason: reasons.join("; "),
        }
    }
}

fn evidence_signal(workspace: &Workspace, today: NaiveDate) -> Signal {
    let name = "Retrievable evidence";
    if workspace.evidence.is_empty() {
        return Signal {
            name,
            level: SignalLevel::Red,
            reason: "no evidence recorded".to_string(),
        };
    }
    let overdue = workspace
        .evidence
        .iter()
        .filter(|record| record.is_review_overdue(today))
        .count();
    let missing: Vec<&str> = KEY_EVIDENCE
        .iter()
        .filter(|kind| !workspace.evidence.iter().any(|record| record.kind == **kind))
        .map(|kind| crate::domain::Labeled::label(*kind))
        .collect();
    let mut reasons = Vec::new();
    if overdue > 0 {
        reasons.push(format!("{} overdue for review", plural(overdue, "record", "records")));
    }
    if !missing.is_empty() {
        reasons.push(format!("none of: {}", missing.join(", ").to_lowercase()));
    }
    if reasons.is_empty() {
        Signal {
            name,
            level: SignalLevel::Green,
            reason: "key records present and within review cycle".to_string(),
        }
    } else {
        Signal {
            name,
            level: SignalLevel::Amber,
            reason: reasons.join("; "),
        }
    }
}

/// Progress through one of the nine OCR risk-analysis elements. Its state comes from the
/// findings: an element is complete only when its count is full and none of its rules
/// (`Element::rules`) has an open blocking finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ElementProgress {
    pub element: Element,
    pub name: &'static str,
    pub done: usize,
    pub total: usize,
    /// Where in the product the element is covered.
    pub covered_in: &'static str,
    /// Keys of the open blocking findings that hold the element back.
    pub blocking: Vec<String>,
    /// Keys of its open advisory findings (shown, never holding it back).
    pub advisory: Vec<String>,
}

impl ElementProgress {
    pub fn is_complete(&self) -> bool {
        self.total > 0 && self.done >= self.total && self.blocking.is_empty()
    }
}

impl Element {
    /// What "complete" means for the element, as the report's methodology states it.
    pub fn meaning(self) -> &'static str {
        match self {
            Element::Scope => "complete when the inventory names at least one asset that handles ePHI",
            Element::DataCollection => {
                "complete when every ePHI asset has an owner and a location (an asset without an owner is \
                 an advisory finding)"
            }
            Element::Threats => {
                "complete when every in-scope ePHI asset is named by a scenario or has a coverage note \
                 saying which scenarios cover it and why"
            }
            Element::SecurityMeasures => {
                "complete when every item of the rule is reviewed (and confirmed, if carried forward), \
                 every implemented item has a measure or evidence, every decision fits its status, and no \
                 contradiction or missing business-associate agreement is open"
            }
            Element::Likelihood => "complete when every scenario has a likelihood with a written rationale",
            Element::Impact => "complete when every scenario has an impact with a written rationale",
            Element::Level => "complete when every scenario has a level and a treatment decision",
            Element::Finalize => {
                "complete when no blocking finding is open and the final report is signed, with no change \
                 to the workspace since"
            }
            Element::PeriodicReview => {
                "complete when the next review is planned; overdue reviews, actions and old acceptances are \
                 advisory findings"
            }
        }
    }

    /// Where in the product the element is worked on.
    pub fn covered_in(self) -> &'static str {
        match self {
            Element::Scope | Element::DataCollection => "Inventory",
            Element::Threats | Element::Likelihood | Element::Impact | Element::Level => "Risks",
            Element::SecurityMeasures => "Safeguards",
            Element::Finalize => "Report",
            Element::PeriodicReview => "Practice",
        }
    }
}

/// The nine elements, each as done-of-total with the findings that hold it back.
/// `catalog_items` is the number of standards and specifications to review; `findings`
/// are the workspace's findings (`findings::findings`).
pub fn ocr_elements(
    workspace: &Workspace,
    findings: &[Finding],
    catalog_items: usize,
    today: NaiveDate,
) -> Vec<ElementProgress> {
    let in_scope: Vec<&Asset> = workspace.active_assets().filter(|asset| asset.in_scope()).collect();
    let described = in_scope
        .iter()
        .filter(|asset| asset.owner_id.is_some() && !asset.location.trim().is_empty())
        .count();
    let uncovered = findings
        .iter()
        .filter(|finding| finding.rule == Rule::AssetWithoutScenario)
        .count();
    let risks = workspace.risks.len();
    let reviewed = workspace
        .reviews
        .iter()
        .filter(|review| workspace.is_reviewed(&review.citation))
        .count();
    let count = |test: &dyn Fn(&Risk) -> bool| workspace.risks.iter().filter(|risk| test(risk)).count();
    let blocking = findings.iter().any(Finding::blocks);
    let signed = workspace.sign_off.as_ref().is_some_and(|sign_off| sign_off.current);
    let review_planned = workspace
        .assessment()
        .and_then(|assessment| assessment.next_review)
        .is_some_and(|next| next >= today);
    let progress = |element: Element, done: usize, total: usize| {
        let rules = element.rules();
        let keys = |blocking: bool| {
            findings
                .iter()
                .filter(|finding| finding.is_open() && finding.blocking == blocking && rules.contains(&finding.rule))
                .map(|finding| finding.key.clone())
                .collect()
        };
        ElementProgress {
            element,
            name: element.label(),
            done,
            total,
            covered_in: element.covered_in(),
            blocking: keys(true),
            advisory: keys(false),
        }
    };
    vec![
        progress(Element::Scope, usize::from(!in_scope.is_empty()), 1),
        progress(Element::DataCollection, described, in_scope.len()),
        progress(
            Element::Threats,
            in_scope.len().saturating_sub(uncovered),
            in_scope.len(),
        ),
        progress(Element::SecurityMeasures, reviewed, catalog_items),
        progress(
            Element::Likelihood,
            count(&|risk| risk.likelihood.is_some() && !risk.likelihood_rationale.trim().is_empty()),
            risks,
        ),
        progress(
            Element::Impact,
            count(&|risk| risk.impact.is_some() && !risk.impact_rationale.trim().is_empty()),
            risks,
        ),
        progress(
            Element::Level,
            count(&|risk| risk.is_scored() && risk.treatment != Treatment::Undecided),
            risks,
        ),
        progress(Element::Finalize, usize::from(!blocking && signed), 1),
        progress(Element::PeriodicReview, usize::from(review_planned), 1),
    ]
}
