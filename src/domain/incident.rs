//! Security incidents (§164.308(a)(6)(ii): identify, respond, mitigate and document
//! incidents and their outcomes) and the breach assessment of one (§164.402: a breach is
//! presumed unless a documented assessment of four factors shows a low probability of
//! compromise). A program record: dated, not per assessment. No patient identifiers are
//! kept, only counts and categories; the form says so.
//!
//! The rules over them (the notification deadline, the yearly log of small breaches, what
//! a conclusion needs) are in `breach`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Id;
use super::Labeled;
use super::record::{Field, FieldError, FieldSpec, Record, Value, ValueKind};
use crate::labeled_enum;

labeled_enum! {
    #[derive(Default)]
    pub enum IncidentSeverity {
        Low => ("low", "Low"),
        #[default]
        Moderate => ("moderate", "Moderate"),
        High => ("high", "High"),
    }
}

labeled_enum! {
    #[derive(Default)]
    pub enum IncidentStatus {
        #[default]
        Open => ("open", "Open"),
        Contained => ("contained", "Contained"),
        Closed => ("closed", "Closed"),
    }
}

labeled_enum! {
    /// What the breach assessment concluded (§164.402).
    pub enum Conclusion {
        NotBreach => ("not_breach", "Not a breach"),
        Breach => ("breach", "Breach"),
        Undetermined => ("undetermined", "Undetermined"),
    }
}

labeled_enum! {
    /// The three exceptions of the definition of a breach (§164.402(1)(i)-(iii)).
    pub enum BreachException {
        UnintentionalAccess => ("unintentional_access", "Good-faith access by workforce"),
        InadvertentDisclosure => ("inadvertent_disclosure", "Disclosure between authorized persons"),
        UnableToRetain => ("unable_to_retain", "Recipient could not retain it"),
    }
}

labeled_enum! {
    /// Whether the PHI was encrypted as HHS's guidance specifies: the safe harbor, so
    /// unsecured PHI was not involved and no notification is due.
    pub enum SafeHarbor {
        Yes => ("yes", "Yes"),
        No => ("no", "No"),
    }
}

labeled_enum! {
    /// A dated entry of an incident's timeline.
    #[derive(Default)]
    pub enum TimelineKind {
        Detection => ("detection", "Detection"),
        Containment => ("containment", "Containment"),
        Mitigation => ("mitigation", "Mitigation"),
        #[default]
        Observation => ("observation", "Observation"),
        StatusChange => ("status_change", "Status change"),
    }
}

/// One dated entry of an incident's timeline.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    #[serde(default)]
    pub id: Id,
    pub on: NaiveDate,
    pub kind: TimelineKind,
    pub note: String,
}

/// A scenario of an off-cycle analysis to score again because the incident that started
/// the analysis materialized it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RescoreMark {
    pub assessment_id: Id,
    pub risk_id: Id,
    pub incident_id: Id,
}

/// A security incident with its breach assessment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Incident {
    pub id: Id,
    pub title: String,
    pub occurred_on: Option<NaiveDate>,
    pub discovered_on: Option<NaiveDate>,
    pub reported_by: String,
    pub severity: IncidentSeverity,
    pub status: IncidentStatus,
    /// What happened, in counts and categories: never a patient's name or number.
    pub description: String,
    pub outcome: String,
    pub closed_on: Option<NaiveDate>,
    // The breach assessment: the four factors of §164.402(2).
    pub phi_nature: String,
    pub recipient: String,
    pub acquired_or_viewed: String,
    pub mitigation: String,
    pub safe_harbor: Option<SafeHarbor>,
    pub exception: Option<BreachException>,
    pub conclusion: Option<Conclusion>,
    pub individuals_affected: Option<u64>,
    /// The most individuals affected in one state: media notice is due at more than 500
    /// residents of a state (§164.406).
    pub most_in_one_state: Option<u64>,
    pub individuals_notified_on: Option<NaiveDate>,
    pub hhs_notified_on: Option<NaiveDate>,
    pub media_notified_on: Option<NaiveDate>,
    /// The inventory assets involved (this year's, when it was recorded).
    pub asset_ids: Vec<Id>,
    /// The risk scenarios the incident materialized.
    pub risk_ids: Vec<Id>,
    /// Dated entries, oldest first.
    pub timeline: Vec<TimelineEntry>,
}

impl Incident {
    /// The four factors as (label, text), in the rule's order.
    pub fn factors(&self) -> [(&'static str, &str); 4] {
        [
            ("Nature and extent of the PHI", self.phi_nature.as_str()),
            ("Who used or received it", self.recipient.as_str()),
            ("Actually acquired or viewed", self.acquired_or_viewed.as_str()),
            ("Extent mitigated", self.mitigation.as_str()),
        ]
    }

    /// How many of the four factors are written.
    pub fn factors_filled(&self) -> usize {
        self.factors()
            .iter()
            .filter(|(_, text)| !text.trim().is_empty())
            .count()
    }

    pub fn is_breach(&self) -> bool {
        self.conclusion == Some(Conclusion::Breach)
    }
}

/// The incident whose off-cycle analysis marked this scenario to score again, while the
/// scenario's carried-forward mark is not cleared (the `scenario.rescore_after_incident`
/// finding's condition, for the screens' mark).
pub fn rescore_incident(workspace: &super::Workspace, risk_id: Id) -> Option<&Incident> {
    if !workspace.needs_confirmation(super::CarriedEntity::Risk, risk_id) {
        return None;
    }
    let mark = workspace.rescores.iter().find(|mark| mark.risk_id == risk_id)?;
    workspace
        .incidents
        .iter()
        .find(|incident| incident.id == mark.incident_id)
}

/// Why an assessment was started, in words: its kind, the incident that started it (by
/// title) and the reason written with it.
pub fn start_reason_words(assessment: &super::Assessment, incidents: &[Incident]) -> String {
    let mut words = assessment.reason.label().to_string();
    if let Some(id) = assessment.reason_incident_id {
        match incidents.iter().find(|incident| incident.id == id) {
            Some(incident) => words.push_str(&format!(": incident \"{}\"", incident.title)),
            None => words.push_str(&format!(": incident #{id}")),
        }
    }
    if !assessment.reason_note.trim().is_empty() {
        words.push_str(&format!(" ({})", assessment.reason_note.trim()));
    }
    words
}

crate::record_fields! {
    /// The fields of an incident and its breach assessment.
    pub enum IncidentField for Incident {
        Title => ("title", "Title", ValueKind::REQUIRED_TEXT, ["title"]),
        Occurred => ("occurred", "Occurred", ValueKind::Date, ["occurred_on"]),
        Discovered => ("discovered", "Discovered", ValueKind::Date, ["discovered_on"]),
        ReportedBy => ("reported_by", "Reported by", ValueKind::TEXT, ["reported_by"]),
        Severity => ("severity", "Severity", ValueKind::choice_of(IncidentSeverity::CHOICES), ["severity"]),
        Status => ("status", "Status", ValueKind::choice_of(IncidentStatus::CHOICES), ["status"]),
        Description => ("description", "What happened", ValueKind::NOTES, ["description"]),
        Outcome => ("outcome", "Outcome", ValueKind::NOTES, ["outcome"]),
        ClosedOn => ("closed", "Closed", ValueKind::Date, ["closed_on"]),
        PhiNature => ("phi_nature", "Nature and extent of PHI", ValueKind::NOTES, ["phi_nature"]),
        Recipient => ("recipient", "Who received it", ValueKind::NOTES, ["recipient"]),
        AcquiredOrViewed => ("acquired_or_viewed", "Acquired or viewed", ValueKind::NOTES, ["acquired_or_viewed"]),
        Mitigation => ("mitigation", "Extent mitigated", ValueKind::NOTES, ["mitigation"]),
        SafeHarbor => ("safe_harbor", "Encrypted (safe harbor)", ValueKind::Choice { choices: SafeHarbor::CHOICES, optional: true }, ["safe_harbor"]),
        Exception => ("exception", "Exception", ValueKind::Choice { choices: BreachException::CHOICES, optional: true }, ["breach_exception"]),
        Conclusion => ("conclusion", "Conclusion", ValueKind::Choice { choices: Conclusion::CHOICES, optional: true }, ["conclusion"]),
        IndividualsAffected => ("individuals_affected", "Individuals affected", ValueKind::Count, ["individuals_affected"]),
        MostInOneState => ("most_in_one_state", "Most in one state", ValueKind::Count, ["most_in_one_state"]),
        IndividualsNotified => ("individuals_notified", "Individuals notified", ValueKind::Date, ["individuals_notified_on"]),
        HhsNotified => ("hhs_notified", "HHS notified", ValueKind::Date, ["hhs_notified_on"]),
        MediaNotified => ("media_notified", "Media notified", ValueKind::Date, ["media_notified_on"]),
    }
}

impl IncidentField {
    /// The incident's own fields: what the incident form edits.
    pub const INCIDENT: &'static [IncidentField] = &[
        IncidentField::Title,
        IncidentField::Occurred,
        IncidentField::Discovered,
        IncidentField::ReportedBy,
        IncidentField::Severity,
        IncidentField::Status,
        IncidentField::Description,
        IncidentField::Outcome,
    ];

    /// The breach assessment's fields: what its form edits.
    pub const BREACH: &'static [IncidentField] = &[
        IncidentField::PhiNature,
        IncidentField::Recipient,
        IncidentField::AcquiredOrViewed,
        IncidentField::Mitigation,
        IncidentField::SafeHarbor,
        IncidentField::Exception,
        IncidentField::Conclusion,
        IncidentField::IndividualsAffected,
        IncidentField::MostInOneState,
        IncidentField::IndividualsNotified,
        IncidentField::HhsNotified,
        IncidentField::MediaNotified,
    ];
}

impl Field for IncidentField {
    type Record = Incident;
    const ALL: &'static [IncidentField] = IncidentField::LIST;

    fn spec(self) -> FieldSpec {
        self.spec_of()
    }

    fn get(self, incident: &Incident) -> Value {
        match self {
            IncidentField::Title => Value::Text(incident.title.clone()),
            IncidentField::Occurred => Value::Date(incident.occurred_on),
            IncidentField::Discovered => Value::Date(incident.discovered_on),
            IncidentField::ReportedBy => Value::Text(incident.reported_by.clone()),
            IncidentField::Severity => Value::Choice(Some(incident.severity.key())),
            IncidentField::Status => Value::Choice(Some(incident.status.key())),
            IncidentField::Description => Value::Text(incident.description.clone()),
            IncidentField::Outcome => Value::Text(incident.outcome.clone()),
            IncidentField::ClosedOn => Value::Date(incident.closed_on),
            IncidentField::PhiNature => Value::Text(incident.phi_nature.clone()),
            IncidentField::Recipient => Value::Text(incident.recipient.clone()),
            IncidentField::AcquiredOrViewed => Value::Text(incident.acquired_or_viewed.clone()),
            IncidentField::Mitigation => Value::Text(incident.mitigation.clone()),
            IncidentField::SafeHarbor => Value::Choice(incident.safe_harbor.map(Labeled::key)),
            IncidentField::Exception => Value::Choice(incident.exception.map(Labeled::key)),
            IncidentField::Conclusion => Value::Choice(incident.conclusion.map(Labeled::key)),
            IncidentField::IndividualsAffected => Value::Count(incident.individuals_affected),
            IncidentField::MostInOneState => Value::Count(incident.most_in_one_state),
            IncidentField::IndividualsNotified => Value::Date(incident.individuals_notified_on),
            IncidentField::HhsNotified => Value::Date(incident.hhs_notified_on),
            IncidentField::MediaNotified => Value::Date(incident.media_notified_on),
        }
    }

    fn set(self, incident: &mut Incident, value: Value) -> Result<(), FieldError> {
        match self {
            IncidentField::Title => incident.title = value.into_text()?,
            IncidentField::Occurred => incident.occurred_on = value.into_date()?,
            IncidentField::Discovered => incident.discovered_on = value.into_date()?,
            IncidentField::ReportedBy => incident.reported_by = value.into_text()?,
            IncidentField::Severity => incident.severity = value.into_required()?,
            IncidentField::Status => incident.status = value.into_required()?,
            IncidentField::Description => incident.description = value.into_text()?,
            IncidentField::Outcome => incident.outcome = value.into_text()?,
            IncidentField::ClosedOn => incident.closed_on = value.into_date()?,
            IncidentField::PhiNature => incident.phi_nature = value.into_text()?,
            IncidentField::Recipient => incident.recipient = value.into_text()?,
            IncidentField::AcquiredOrViewed => incident.acquired_or_viewed = value.into_text()?,
            IncidentField::Mitigation => incident.mitigation = value.into_text()?,
            IncidentField::SafeHarbor => incident.safe_harbor = value.into_choice()?,
            IncidentField::Exception => incident.exception = value.into_choice()?,
            IncidentField::Conclusion => incident.conclusion = value.into_choice()?,
            IncidentField::IndividualsAffected => incident.individuals_affected = value.into_count()?,
            IncidentField::MostInOneState => incident.most_in_one_state = value.into_count()?,
            IncidentField::IndividualsNotified => incident.individuals_notified_on = value.into_date()?,
            IncidentField::HhsNotified => incident.hhs_notified_on = value.into_date()?,
            IncidentField::MediaNotified => incident.media_notified_on = value.into_date()?,
        }
        Ok(())
    }
}

impl Record for Incident {
    type Field = IncidentField;
    const NOUN: &'static str = "incident";
    const TABLE: &'static str = "incidents";

    fn id(&self) -> Id {
        self.id
    }

    fn set_id(&mut self, id: Id) {
        self.id = id;
    }
}
