//! A read-only snapshot of one workspace at one assessment: what screens draw and the
//! report is built from. Lookups here are plain functions over the loaded records.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::RiskMatrix;
use super::model::*;
use super::resolution::{Acknowledgment, CoverageNote, SignOffRecord};

/// Default: no practice name, no records (the store's empty lists; tests and partial
/// snapshots fill only what they read).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Workspace {
    pub practice: Practice,
    pub people: Vec<Person>,
    pub roles: Vec<RoleAssignment>,
    pub assessments: Vec<Assessment>,
    /// The assessment the other lists belong to.
    pub assessment_id: Id,
    pub assets: Vec<Asset>,
    pub reviews: Vec<SafeguardReview>,
    pub risks: Vec<Risk>,
    pub actions: Vec<Action>,
    pub evidence: Vec<Evidence>,
    /// Answers to the checklist of commonly forgotten inventory items.
    pub prompts: Vec<PromptRecord>,
    /// What the open assessment carried forward from the last one, and what is confirmed.
    pub carried: Vec<super::CarriedItem>,
    /// The signed final reports, one per signed (read-only) assessment (from the sign-offs).
    pub signatures: Vec<super::AssessmentSignature>,
    /// The assets of the open assessment retired this year.
    pub retired: Vec<super::RetiredAsset>,
    /// Findings acknowledged with a written reason, in this assessment.
    pub acknowledgments: Vec<Acknowledgment>,
    /// Notes saying which scenarios cover an asset no scenario names, and why.
    pub coverage_notes: Vec<CoverageNote>,
    /// The latest final sign-off of this assessment, if the report was ever signed final.
    pub sign_off: Option<SignOffRecord>,
    /// Access reviews and events: program records, all of them (dated, not per year).
    pub access: super::access::AccessRecords,
    /// The policy register (a program record, dated, not per assessment).
    pub policies: super::policy::PolicyRegister,
    /// Security incidents and their breach assessments: program records, dated, shared by
    /// every year (a year's report reads those of its period).
    #[serde(default)]
    pub incidents: Vec<super::incident::Incident>,
    /// This assessment's scenarios to score again because the incident that started it
    /// materialized them.
    #[serde(default)]
    pub rescores: Vec<super::incident::RescoreMark>,
    /// The practice's training records, every date (the program's, not this year's).
    pub training: super::training::Training,
    /// Contingency plan tests: program records, dated, shared by every year.
    #[serde(default)]
    pub contingency_tests: Vec<super::contingency::ContingencyTest>,
}

impl Workspace {
    /// A checklist answer in words, naming the asset that answered "already recorded"
    /// (retired since or not: it answered the question this year).
    pub fn prompt_answer_text(&self, record: &super::PromptRecord) -> String {
        record.answer_text(&self.assets)
    }

    pub fn assessment(&self) -> Option<&Assessment> {
        self.assessments
            .iter()
            .find(|assessment| assessment.id == self.assessment_id)
    }

    pub fn person(&self, id: Id) -> Option<&Person> {
        self.people.iter().find(|person| person.id == id)
    }

    /// The person's name, or an empty string for no one.
    pub fn person_name(&self, id: Option<Id>) -> &str {
        id.and_then(|id| self.person(id))
            .map_or("", |person| person.name.as_str())
    }

    /// The people holding a role.
    pub fn holders(&self, role: Role) -> impl Iterator<Item = &Person> {
        self.roles
            .iter()
            .filter(move |assignment| assignment.role == role)
            .filter_map(|assignment| self.person(assignment.person_id))
    }

    /// The roles one person holds, as labels.
    pub fn role_labels(&self, person_id: Id) -> Vec<String> {
        self.roles
            .iter()
            .filter(|assignment| assignment.person_id == person_id)
            .map(|assignment| match assignment.role {
                Role::Custom => assignment.custom_label.clone(),
                role => role.to_string(),
            })
            .collect()
    }

    pub fn review(&self, citation: &str) -> Option<&SafeguardReview> {
        self.reviews.iter().find(|review| review.citation == citation)
    }

    pub fn review_status(&self, citation: &str) -> ReviewStatus {
        self.review(citation)
            .map_or(ReviewStatus::NotReviewed, |review| review.status)
    }

    pub fn matrix(&self) -> Option<&RiskMatrix> {
        self.assessment().map(|assessment| &assessment.matrix)
    }

    pub fn risk(&self, id: Id) -> Option<&Risk> {
        self.risks.iter().find(|risk| risk.id == id)
    }

    /// A linear search: fine for one look-up, but loops over many risks should build a
    /// map (see `risk_rules`).
    pub fn asset(&self, id: Id) -> Option<&Asset> {
        self.assets.iter().find(|asset| asset.id == id)
    }

    /// The remediation actions of one risk, in the loaded order (by due date).
    /// Titles of the evidence records linked to a safeguard citation, a risk or an action.
    pub fn evidence_titles(&self, target: LinkTarget, reference: &str) -> Vec<&str> {
        self.evidence
            .iter()
            .filter(|record| {
                record
                    .links
                    .iter()
                    .any(|link| link.target == target && link.target_ref == reference)
            })
            .map(|record| record.title.as_str())
            .collect()
    }

    pub fn actions_for(&self, risk_id: Id) -> impl Iterator<Item = &Action> {
        self.actions
            .iter()
            .filter(move |action| action.risk_id == Some(risk_id))
    }

    /// The people holding the security-official role, each once: the only ones who may
    /// accept a High risk.
    pub fn security_official_ids(&self) -> Vec<Id> {
        let mut ids: Vec<Id> = self
            .roles
            .iter()
            .filter(|assignment| assignment.role == Role::SecurityOfficial)
            .map(|assignment| assignment.person_id)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// Scenarios still missing a likelihood or an impact.
    pub fn unscored_count(&self) -> usize {
        self.risks.iter().filter(|risk| !risk.is_scored()).count()
    }
}

impl Assessment {
    /// How messages name the assessment: its year when the period is one calendar year
    /// ("2025"), otherwise its title.
    pub fn year_label(&self) -> String {
        Assessment::label_of(&self.title, self.period_start, self.period_end)
    }

    /// `year_label` from the assessment's title and period.
    pub fn label_of(title: &str, start: NaiveDate, end: NaiveDate) -> String {
        if start.year() == end.year() {
            start.year().to_string()
        } else {
            title.to_string()
        }
    }

    /// A calendar-year assessment for the year of `today`, reviewed again a year later.
    pub fn for_year_of(today: NaiveDate, assessor: &str, matrix: RiskMatrix) -> Assessment {
        let year = today.year();
        let start = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(today);
        let end = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(today);
        Assessment {
            id: 0,
            title: format!("{year} risk analysis"),
            period_start: start,
            period_end: end,
            assessor: assessor.to_string(),
            matrix,
            carried_from: None,
            next_review: today.checked_add_months(chrono::Months::new(12)),
            notes: String::new(),
            reason: StartReason::Annual,
            started_on: Some(today),
            reason_incident_id: None,
            reason_note: String::new(),
            methodology: Default::default(),
        }
    }
}
