//! The dashboard's judgements, all computed from the findings (`findings`), so the
//! dashboard, `check` and the report never disagree: the five readiness signals (green,
//! amber or red, each with its reason), what to do next, and progress through the nine
//! elements OCR expects of a risk analysis.

use chrono::NaiveDate;
use serde::Serialize;

use super::findings::{Area, Element, Finding, Rule, in_analysis_order};
use super::model::*;
use super::{Labeled, Workspace};

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
    /// The area's label (`Area::label`), such as "Documented controls".
    pub name: &'static str,
    pub area: Area,
    pub level: SignalLevel,
    /// Why the signal is not green (how many findings, and the first of them), or that
    /// nothing of its area is open.
    pub reason: String,
}

/// The five signals, one per `Area`, from the findings of their rules (`Rule::area`):
/// red while a blocking finding of the area is open, amber while only advisory ones are,
/// green otherwise (acknowledged findings are resolved, so they count for neither).
pub fn readiness(findings: &[Finding]) -> [Signal; 5] {
    let ordered = in_analysis_order(findings);
    [
        Area::Inventory,
        Area::Ownership,
        Area::Controls,
        Area::Risk,
        Area::Evidence,
    ]
    .map(|area| signal(area, &ordered))
}

/// One area's signal; `ordered` are the open findings in the analysis order, so the
/// first named is the one to start with.
fn signal(area: Area, ordered: &[&Finding]) -> Signal {
    let open: Vec<&Finding> = ordered
        .iter()
        .copied()
        .filter(|finding| finding.rule.area() == area)
        .collect();
    let blocking = open.iter().filter(|finding| finding.blocking).count();
    let advisory = open.len() - blocking;
    let (level, reason) = match open.first() {
        None => (SignalLevel::Green, "no open finding".to_string()),
        Some(first) => {
            // Short, so the first finding shows on one line at 80 columns.
            let counts = match (blocking, advisory) {
                (0, advisory) => format!("{advisory} advisory"),
                (blocking, 0) => format!("{blocking} blocking"),
                (blocking, advisory) => format!("{blocking} blocking, {advisory} advisory"),
            };
            let level = if blocking > 0 {
                SignalLevel::Red
            } else {
                SignalLevel::Amber
            };
            (level, format!("{counts}; first: {}", short(first)))
        }
    };
    Signal {
        name: area.label(),
        area,
        level,
        reason,
    }
}

/// A finding in a few words: its rule and its first record, such as `Safeguard item not
/// reviewed: §164.312(b) Audit controls`, or what is missing (`No one is named security
/// official`).
pub fn short(finding: &Finding) -> String {
    match finding.records.first() {
        Some(record) => format!("{}: {}", finding.rule.label(), record.display()),
        // A finding about no record says what is missing before its colon.
        None => finding.message.split(": ").next().unwrap_or_default().to_string(),
    }
}

/// What to do next: the first open blocking finding in the analysis order
/// (`findings::ANALYSIS_ORDER`), else the first open advisory one; None when nothing is
/// open, and what is left is to finalize (produce and sign the report).
pub fn next_finding(findings: &[Finding]) -> Option<&Finding> {
    in_analysis_order(findings).first().copied()
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
