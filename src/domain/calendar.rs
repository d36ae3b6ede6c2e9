//! One calendar of the program's recurring obligations: training due, access reviews,
//! policy reviews, business associates' agreements and assurances, contingency tests,
//! evidence reviews and the next analysis, as dated occurrences.
//!
//! The rule for every recurring obligation: the next one is due one cycle after the last
//! completion (not after the last scheduled date), so a late completion moves the next
//! due date later and an early one moves it earlier. Never done: due from the record's
//! start (a hire date, a policy's first version, a system's first use, ...).
//!
//! Each area gives its occurrences from its own records (a function next to its rules);
//! `calendar` joins them, one line per area.

use chrono::NaiveDate;
use serde::Serialize;

use super::Workspace;
use super::findings::RecordRef;
use super::model::{Asset, Evidence, Id};

/// What kind of recurring obligation an occurrence is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ObligationKind {
    Training,
    AccessReview,
    PolicyReview,
    AgreementRenewal,
    Assurance,
    ContingencyTest,
    EvidenceReview,
    Analysis,
}

impl ObligationKind {
    /// The kind in one short word, for a narrow column (80x24): the line's detail below
    /// the list gives the full label.
    pub fn short_label(self) -> &'static str {
        match self {
            ObligationKind::Training => "Training",
            ObligationKind::AccessReview => "Access",
            ObligationKind::PolicyReview => "Policy",
            ObligationKind::AgreementRenewal => "Agreement",
            ObligationKind::Assurance => "Assurance",
            ObligationKind::ContingencyTest => "Test",
            ObligationKind::EvidenceReview => "Evidence",
            ObligationKind::Analysis => "Analysis",
        }
    }

    /// The kind in words, as the calendar, the report and `due` print it.
    pub fn label(self) -> &'static str {
        match self {
            ObligationKind::Training => "Training",
            ObligationKind::AccessReview => "Access review",
            ObligationKind::PolicyReview => "Policy review",
            ObligationKind::AgreementRenewal => "Agreement renewal",
            ObligationKind::Assurance => "Business associate assurance",
            ObligationKind::ContingencyTest => "Contingency test",
            ObligationKind::EvidenceReview => "Evidence review",
            ObligationKind::Analysis => "Risk analysis",
        }
    }
}

/// One dated obligation: what is due, by when, counted from which completion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Occurrence {
    pub kind: ObligationKind,
    /// What is due, in words a practice manager reads: "HIPAA basics: Aisha Mohammed",
    /// "EHR access review", "Restore test: Practice server".
    pub what: String,
    /// Who should do it, when the record names someone.
    pub owner: Option<String>,
    pub due: NaiveDate,
    /// The completion the due date counts from; None when it was never done.
    pub last_done: Option<NaiveDate>,
    /// The record the obligation comes from (for `check`, the report and jumping to it).
    pub source: RecordRef,
    /// What tells this obligation apart from others of the same kind and record (the
    /// course, for a person's training); empty when the record alone does. Ids, never
    /// display text: a renamed course or a renewed agreement keeps its calendar UID.
    #[serde(skip)]
    pub key: String,
}

/// Where an occurrence stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    Overdue,
    DueWithin,
    Later,
}

impl Occurrence {
    /// Overdue when its day has passed; due within `days` when it falls in the window
    /// starting today (today included).
    pub fn standing(&self, today: NaiveDate, days: u32) -> Standing {
        if self.due < today {
            Standing::Overdue
        } else if today
            .checked_add_days(chrono::Days::new(u64::from(days)))
            .is_none_or(|end| self.due <= end)
        {
            Standing::DueWithin
        } else {
            Standing::Later
        }
    }
}

/// The next due date of a recurring obligation: one cycle after the last completion, or
/// `first_due` when it was never done. None when the date is out of the calendar's range.
pub fn next_due(last_completed: Option<NaiveDate>, cycle_months: u32, first_due: NaiveDate) -> Option<NaiveDate> {
    match last_completed {
        Some(done) => done.checked_add_months(chrono::Months::new(cycle_months)),
        None => Some(first_due),
    }
}

/// Sorts occurrences the way every view lists them: by due date, then kind, then words.
pub fn sort(occurrences: &mut [Occurrence]) {
    occurrences.sort_by(|a, b| (a.due, a.kind, a.what.as_str()).cmp(&(b.due, b.kind, b.what.as_str())));
}

/// Every recurring obligation of the practice on `today`, one line per area, sorted.
/// Retired assets and superseded evidence owe nothing.
pub fn calendar(workspace: &Workspace, today: NaiveDate) -> Vec<Occurrence> {
    let people = &workspace.people;
    let name_of = |id: Option<Id>| owner_name(workspace, id);
    let mut all = Vec::new();
    all.extend(super::training::occurrences(&workspace.training, people, today));
    all.extend(super::access::occurrences(
        &workspace.access,
        today,
        name_of,
        |system| system_ref(workspace, system),
    ));
    all.extend(super::policy::occurrences(&workspace.policies, name_of));
    for asset in workspace.active_assets() {
        all.extend(super::vendor::occurrences(asset, name_of(asset.owner_id), today));
    }
    let assets: Vec<&Asset> = workspace.active_assets().collect();
    all.extend(super::contingency::occurrences(
        &assets,
        &workspace.contingency_tests,
        today,
    ));
    all.extend(
        workspace
            .evidence
            .iter()
            .filter_map(|record| evidence_occurrence(record, workspace)),
    );
    all.extend(next_analysis(workspace));
    sort(&mut all);
    all
}

/// The occurrences overdue on `today` or due within `days` of it, in calendar order: what
/// `due`, the Program screen and the report list.
pub fn due_within(workspace: &Workspace, today: NaiveDate, days: u32) -> Vec<Occurrence> {
    calendar(workspace, today)
        .into_iter()
        .filter(|occurrence| occurrence.standing(today, days) != Standing::Later)
        .collect()
}

/// "12 days overdue", "due today", "due in 3 days": how far an occurrence is from `today`.
pub fn distance_in_words(due: NaiveDate, today: NaiveDate) -> String {
    let days = (due - today).num_days();
    let unit = |count: i64| if count == 1 { "day" } else { "days" };
    match days {
        0 => "due today".to_string(),
        days if days < 0 => format!("{} {} overdue", -days, unit(-days)),
        days => format!("due in {days} {}", unit(days)),
    }
}

/// The person's name as an occurrence's owner; None for no one.
fn owner_name(workspace: &Workspace, id: Option<Id>) -> Option<String> {
    Some(workspace.person_name(id))
        .filter(|name| !name.is_empty())
        .map(str::to_string)
}

/// The asset a system's access review belongs to (by name), else the safeguard.
fn system_ref(workspace: &Workspace, system: &str) -> RecordRef {
    workspace
        .active_assets()
        .find(|asset| asset.name == system)
        .map_or_else(
            || RecordRef::Citation {
                citation: "164.308(a)(4)(ii)(C)".to_string(),
                name: "Access establishment and modification".to_string(),
            },
            |asset| RecordRef::Asset {
                id: asset.id,
                name: asset.name.clone(),
            },
        )
}

/// An evidence record's next review (`Evidence::review_due`); none once a newer record
/// supersedes it.
fn evidence_occurrence(record: &Evidence, workspace: &Workspace) -> Option<Occurrence> {
    // The cheap test first: only a record with a review cycle is looked up among the rest.
    let due = record.review_due()?;
    if record.superseded_by(&workspace.evidence).is_some() {
        return None;
    }
    Some(Occurrence {
        kind: ObligationKind::EvidenceReview,
        what: record.title.clone(),
        owner: owner_name(workspace, record.owner_id),
        due,
        last_done: record.dated,
        source: RecordRef::Evidence {
            id: record.id,
            title: record.title.clone(),
        },
        key: String::new(),
    })
}

/// The next risk analysis: the open assessment's next review date (the date the dashboard
/// signals), counted from the day it was started.
fn next_analysis(workspace: &Workspace) -> Option<Occurrence> {
    let assessment = workspace.assessment()?;
    Some(Occurrence {
        kind: ObligationKind::Analysis,
        what: format!("Next risk analysis (after {})", assessment.title),
        owner: Some(assessment.assessor.clone()).filter(|name| !name.trim().is_empty()),
        due: assessment.next_review?,
        last_done: assessment.started_on.or(Some(assessment.period_start)),
        source: RecordRef::Citation {
            citation: "164.308(a)(1)(ii)(A)".to_string(),
            name: "Risk analysis".to_string(),
        },
        key: String::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Person;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn the_next_one_counts_from_the_last_completion_not_the_schedule() {
        // Due 2026-01-15, done late on 2026-03-01: the next is a cycle after March.
        assert_eq!(
            next_due(Some(day("2026-03-01")), 3, day("2026-01-15")),
            Some(day("2026-06-01"))
        );
        assert_eq!(next_due(None, 3, day("2026-01-15")), Some(day("2026-01-15")));
    }

    #[test]
    fn standing_splits_overdue_due_soon_and_later() {
        let occurrence = |due: &str| Occurrence {
            kind: ObligationKind::PolicyReview,
            what: "Access control policy".into(),
            owner: None,
            due: day(due),
            last_done: None,
            source: RecordRef::Policy {
                id: 1,
                title: "Access control policy".into(),
            },
            key: String::new(),
        };
        let today = day("2026-11-23");
        assert_eq!(occurrence("2026-11-22").standing(today, 30), Standing::Overdue);
        assert_eq!(occurrence("2026-11-23").standing(today, 30), Standing::DueWithin);
        assert_eq!(occurrence("2026-12-23").standing(today, 30), Standing::DueWithin);
        assert_eq!(occurrence("2026-12-24").standing(today, 30), Standing::Later);
    }

    fn evidence(id: Id, title: &str, dated: &str, citation: &str) -> Evidence {
        Evidence {
            id,
            title: title.into(),
            kind: crate::domain::EvidenceKind::AccessReview,
            dated: Some(day(dated)),
            review_cycle_months: Some(3),
            links: vec![crate::domain::EvidenceLink {
                target: crate::domain::LinkTarget::Safeguard,
                target_ref: citation.into(),
            }],
            ..Evidence::default()
        }
    }

    /// A practice with one of each area's obligations, dated so the join's order shows.
    fn practice() -> Workspace {
        use crate::domain::policy::{Policy, PolicyVersion};
        let matrix = crate::catalog::Catalog::embedded()
            .matrix(crate::domain::Labeled::key(crate::domain::MatrixChoice::Nist))
            .cloned()
            .expect("the embedded catalog has the NIST matrix");
        let mut assessment = crate::domain::Assessment::for_year_of(day("2026-01-10"), "Dana", matrix);
        assessment.id = 1;
        let mut workspace = Workspace {
            assessment_id: 1,
            assessments: vec![assessment],
            people: vec![Person {
                id: 5,
                name: "Maria Lopez".into(),
                ..Person::default()
            }],
            evidence: vec![evidence(1, "EHR access log Q2", "2026-05-01", "164.308(a)(1)(ii)(D)")],
            ..Workspace::default()
        };
        workspace.policies.policies.push(Policy {
            id: 3,
            title: "Sanctions policy".into(),
            owner_id: Some(5),
            ..Policy::default()
        });
        workspace.policies.versions.push(PolicyVersion {
            id: 1,
            policy_id: 3,
            number: "1".into(),
            effective: Some(day("2025-12-01")),
            ..PolicyVersion::default()
        });
        workspace.assets.push(crate::domain::Asset {
            id: 9,
            name: "Billing service".into(),
            kind: crate::domain::AssetKind::Vendor,
            ephi: crate::domain::EphiActions {
                maintain: true,
                ..crate::domain::EphiActions::default()
            },
            baa_status: Some(crate::domain::BaaStatus::Signed),
            baa_expiry: Some(day("2026-12-01")),
            assurance_received: Some(day("2026-02-01")),
            ..crate::domain::Asset::default()
        });
        workspace
    }

    #[test]
    fn the_calendar_joins_every_area_in_date_order() {
        let found = calendar(&practice(), day("2026-11-20"));
        let summary: Vec<(ObligationKind, NaiveDate, Option<&str>)> = found
            .iter()
            .map(|occurrence| (occurrence.kind, occurrence.due, occurrence.owner.as_deref()))
            .collect();
        assert_eq!(
            summary,
            vec![
                (ObligationKind::EvidenceReview, day("2026-08-01"), None),
                (ObligationKind::PolicyReview, day("2026-12-01"), Some("Maria Lopez")),
                (ObligationKind::AgreementRenewal, day("2026-12-01"), None),
                (ObligationKind::Analysis, day("2027-01-10"), Some("Dana")),
                (ObligationKind::Assurance, day("2027-02-01"), None),
            ]
        );
        // A vendor that handles no ePHI is out of scope and owes nothing.
        let mut out_of_scope = practice();
        out_of_scope.assets[0].ephi = crate::domain::EphiActions::default();
        assert!(
            calendar(&out_of_scope, day("2026-11-20"))
                .iter()
                .all(|item| item.kind != ObligationKind::AgreementRenewal && item.kind != ObligationKind::Assurance)
        );
        let soon = due_within(&practice(), day("2026-11-20"), 30);
        assert_eq!(
            soon.len(),
            3,
            "overdue evidence, the policy and the agreement: {soon:?}"
        );
        assert_eq!(
            distance_in_words(day("2026-08-01"), day("2026-11-20")),
            "111 days overdue"
        );
        assert_eq!(distance_in_words(day("2026-11-21"), day("2026-11-20")), "due in 1 day");
    }

    #[test]
    fn a_newer_record_of_the_same_kind_and_links_supersedes_the_overdue_one() {
        let today = day("2026-11-20");
        let mut workspace = practice();
        let older = workspace.evidence[0].clone();
        assert!(older.is_review_overdue_among(&workspace.evidence, today));
        // Another safeguard's log does not supersede it, nor does an older one.
        workspace
            .evidence
            .push(evidence(2, "Server log Q3", "2026-10-01", "164.312(b)"));
        workspace
            .evidence
            .push(evidence(3, "EHR access log Q1", "2026-02-01", "164.308(a)(1)(ii)(D)"));
        assert!(older.is_review_overdue_among(&workspace.evidence, today));
        assert!(
            calendar(&workspace, today)
                .iter()
                .any(|item| item.what == "EHR access log Q2")
        );
        // This quarter's log of the same safeguard does.
        workspace
            .evidence
            .push(evidence(4, "EHR access log Q4", "2026-10-15", "164.308(a)(1)(ii)(D)"));
        assert_eq!(older.superseded_by(&workspace.evidence).map(|newer| newer.id), Some(4));
        assert!(!older.is_review_overdue_among(&workspace.evidence, today));
        let whats: Vec<String> = calendar(&workspace, today).into_iter().map(|item| item.what).collect();
        assert!(!whats.contains(&"EHR access log Q2".to_string()), "{whats:?}");
        assert!(!whats.contains(&"EHR access log Q1".to_string()), "{whats:?}");
        assert!(whats.contains(&"EHR access log Q4".to_string()), "{whats:?}");
        // A record with no links supersedes nothing and is superseded by nothing.
        let mut unlinked = older.clone();
        unlinked.links.clear();
        assert!(unlinked.superseded_by(&workspace.evidence).is_none());
    }

    #[test]
    fn a_newer_record_without_a_review_cycle_does_not_end_the_obligation() {
        let today = day("2026-11-20");
        let mut workspace = practice();
        let older = workspace.evidence[0].clone();
        let mut newer = evidence(4, "EHR access log Q4", "2026-10-15", "164.308(a)(1)(ii)(D)");
        newer.review_cycle_months = None;
        workspace.evidence.push(newer);
        assert!(older.superseded_by(&workspace.evidence).is_none());
        assert!(older.is_review_overdue_among(&workspace.evidence, today));
    }
}
