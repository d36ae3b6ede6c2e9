//! The records of a workspace: the practice, its people and their roles, assessments,
//! the ePHI inventory, safeguard reviews, risk scenarios, remediation actions and
//! evidence. Ids are assigned by the store; a record not yet saved has id 0.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Labeled;
use super::record::{Field, FieldError, FieldSpec, Record, Value, ValueKind};
use crate::labeled_enum;

pub type Id = i64;

labeled_enum! {
    /// What kind of organisation the practice is under HIPAA.
    #[derive(Default)]
    pub enum EntityType {
        #[default]
        Provider => ("provider", "Health-care provider"),
        HealthPlan => ("health_plan", "Health plan"),
        Clearinghouse => ("clearinghouse", "Health-care clearinghouse"),
        BusinessAssociate => ("business_associate", "Business associate"),
    }
}

/// The practice profile: one per workspace (the table's one row, id 1). Its fields are
/// described once in `PracticeField`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Practice {
    pub name: String,
    pub entity_type: EntityType,
    /// One location per line.
    pub locations: String,
    pub workforce_size: Option<u32>,
    pub notes: String,
}

impl Practice {
    pub fn named(name: &str) -> Self {
        Practice {
            name: name.to_string(),
            ..Practice::default()
        }
    }
}

crate::record_fields! {
    /// The fields of the practice profile, in the order of its form.
    pub enum PracticeField for Practice {
        Name => ("name", "Name", ValueKind::REQUIRED_TEXT, ["name"]),
        EntityType => ("entity_type", "Entity type", ValueKind::choice_of(EntityType::CHOICES), ["entity_type"]),
        Locations => ("locations", "Locations", ValueKind::NOTES, ["locations"]),
        WorkforceSize => ("workforce_size", "Workforce size", ValueKind::Count, ["workforce_size"]),
        Notes => ("notes", "Notes", ValueKind::NOTES, ["notes"]),
    }
}

impl Field for PracticeField {
    type Record = Practice;
    const ALL: &'static [Self] = Self::LIST;

    fn spec(self) -> FieldSpec {
        self.spec_of()
    }

    fn get(self, practice: &Practice) -> Value {
        match self {
            PracticeField::Name => Value::Text(practice.name.clone()),
            PracticeField::EntityType => Value::Choice(Some(practice.entity_type.key())),
            PracticeField::Locations => Value::Text(practice.locations.clone()),
            PracticeField::WorkforceSize => Value::Count(practice.workforce_size.map(u64::from)),
            PracticeField::Notes => Value::Text(practice.notes.clone()),
        }
    }

    fn set(self, practice: &mut Practice, value: Value) -> Result<(), FieldError> {
        match self {
            PracticeField::Name => practice.name = value.into_text()?,
            PracticeField::EntityType => practice.entity_type = value.into_required()?,
            PracticeField::Locations => practice.locations = value.into_text()?,
            PracticeField::WorkforceSize => practice.workforce_size = value.into_count_of()?,
            PracticeField::Notes => practice.notes = value.into_text()?,
        }
        Ok(())
    }
}

impl Record for Practice {
    type Field = PracticeField;
    const NOUN: &'static str = "practice";
    const TABLE: &'static str = "practice";
    /// The practice is the table's one row.
    fn id(&self) -> Id {
        Practice::ROW
    }
    fn set_id(&mut self, _id: Id) {}
}

impl Practice {
    /// The id of the practice's one row.
    pub const ROW: Id = 1;
}

/// A person of the practice. Their fields are described once in `PersonField`; the roles
/// they hold (`RoleAssignment`) and `removed_on` (set by the store when they leave) are
/// kept apart from the fields.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: Id,
    pub name: String,
    pub title: String,
    pub contact: String,
    /// The day the person was removed from the practice while a signed year still names
    /// them: they stay for that year's record, gone from the current lists and roles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub removed_on: Option<NaiveDate>,
    /// The workforce fields (the Workforce screen): what the person does, on what terms,
    /// from and until when, and who supervises them.
    #[serde(default)]
    pub job_role: String,
    #[serde(default)]
    pub workforce_type: Option<WorkforceType>,
    #[serde(default)]
    pub hire_date: Option<NaiveDate>,
    #[serde(default)]
    pub termination_date: Option<NaiveDate>,
    #[serde(default)]
    pub supervisor_id: Option<Id>,
}

labeled_enum! {
    /// On what terms someone is in the workforce (§160.103 counts them all).
    pub enum WorkforceType {
        Employee => ("employee", "Employee"),
        Contractor => ("contractor", "Contractor"),
        Volunteer => ("volunteer", "Volunteer"),
        Student => ("student", "Student or trainee"),
    }
}

crate::record_fields! {
    /// The fields of a person, in the order of the person form.
    pub enum PersonField for Person {
        Name => ("name", "Name", ValueKind::REQUIRED_TEXT, ["name"]),
        Title => ("title", "Title", ValueKind::TEXT, ["title"]),
        Contact => ("contact", "Contact", ValueKind::TEXT, ["contact"]),
        JobRole => ("job_role", "Job role", ValueKind::TEXT, ["job_role"]),
        WorkforceType => ("workforce_type", "Workforce type", ValueKind::Choice { choices: WorkforceType::CHOICES, optional: true }, ["workforce_type"]),
        HireDate => ("hire_date", "Hire date", ValueKind::Date, ["hire_date"]),
        TerminationDate => ("termination_date", "Termination date", ValueKind::Date, ["termination_date"]),
        Supervisor => ("supervisor", "Supervisor", ValueKind::Person, ["supervisor_id"]),
    }
}

impl Field for PersonField {
    type Record = Person;
    const ALL: &'static [Self] = Self::LIST;

    fn spec(self) -> FieldSpec {
        self.spec_of()
    }

    fn get(self, person: &Person) -> Value {
        match self {
            PersonField::Name => Value::Text(person.name.clone()),
            PersonField::Title => Value::Text(person.title.clone()),
            PersonField::Contact => Value::Text(person.contact.clone()),
            PersonField::JobRole => Value::Text(person.job_role.clone()),
            PersonField::WorkforceType => Value::Choice(person.workforce_type.map(Labeled::key)),
            PersonField::HireDate => Value::Date(person.hire_date),
            PersonField::TerminationDate => Value::Date(person.termination_date),
            PersonField::Supervisor => Value::Person(person.supervisor_id),
        }
    }

    fn set(self, person: &mut Person, value: Value) -> Result<(), FieldError> {
        match self {
            PersonField::Name => person.name = value.into_text()?,
            PersonField::Title => person.title = value.into_text()?,
            PersonField::Contact => person.contact = value.into_text()?,
            PersonField::JobRole => person.job_role = value.into_text()?,
            PersonField::WorkforceType => person.workforce_type = value.into_choice()?,
            PersonField::HireDate => person.hire_date = value.into_date()?,
            PersonField::TerminationDate => person.termination_date = value.into_date()?,
            PersonField::Supervisor => person.supervisor_id = value.into_person()?,
        }
        Ok(())
    }
}

impl Record for Person {
    type Field = PersonField;
    const NOUN: &'static str = "person";
    const TABLE: &'static str = "people";
    fn id(&self) -> Id {
        self.id
    }
    fn set_id(&mut self, id: Id) {
        self.id = id;
    }
}

labeled_enum! {
    /// The security roles a person can hold. `Custom` carries its own label.
    pub enum Role {
        SecurityOfficial => ("security_official", "Security official"),
        PrivacyOfficial => ("privacy_official", "Privacy official"),
        AccessApprover => ("access_approver", "Access approver"),
        TrainingOwner => ("training_owner", "Training owner"),
        IncidentContact => ("incident_contact", "Incident escalation contact"),
        Custom => ("custom", "Custom role"),
    }
}

impl Role {
    /// The roles every practice must fill: the "named ownership" readiness signal.
    pub const REQUIRED: [Role; 4] = [
        Role::SecurityOfficial,
        Role::AccessApprover,
        Role::TrainingOwner,
        Role::IncidentContact,
    ];

    /// Whether the rule allows only one holder: §164.308(a)(2) asks the practice to assign
    /// one security official.
    pub fn has_one_holder(self) -> bool {
        self == Role::SecurityOfficial
    }

    /// Why nobody else can take this role while `holder` holds it, in one line.
    pub fn second_holder_refused(self, holder: &str) -> String {
        format!(
            "{holder} is already the {}: §164.308(a)(2) Assigned security responsibility asks for one",
            self.label().to_lowercase()
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleAssignment {
    pub id: Id,
    pub person_id: Id,
    pub role: Role,
    /// The name of a custom role; empty for the named roles.
    pub custom_label: String,
}

labeled_enum! {
    /// Which risk matrix an assessment scores with.
    pub enum MatrixChoice {
        Nist => ("nist-800-30", "NIST SP 800-30 Table I-2"),
        HhsSra => ("hhs-sra", "HHS SRA Tool style"),
    }
}

/// One risk analysis period. A workspace holds one per year (or period).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    pub id: Id,
    pub title: String,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub assessor: String,
    /// The matrix chosen when the assessment was created, stored with its cells so an
    /// edited matrix (HHS style) stays with the assessment.
    pub matrix: crate::domain::RiskMatrix,
    /// The assessment this one was carried forward from, if any.
    pub carried_from: Option<Id>,
    pub next_review: Option<NaiveDate>,
    pub notes: String,
    /// Why the assessment was started: the yearly cycle or an off-cycle event.
    #[serde(default)]
    pub reason: StartReason,
    /// When it was started (None for assessments made before this was recorded).
    #[serde(default)]
    pub started_on: Option<NaiveDate>,
    /// The security incident that started this off-cycle analysis, if one did.
    #[serde(default)]
    pub reason_incident_id: Option<Id>,
    /// Why it was started, in words: an "other" reason, or more about the incident.
    #[serde(default)]
    pub reason_note: String,
    /// How the analysis was done: what the report's methodology section prints.
    /// Defaulted so exports written before these fields existed still read.
    #[serde(default)]
    pub methodology: crate::domain::Methodology,
}

labeled_enum! {
    /// Why an assessment was started: §164.308(a)(1) expects the analysis reviewed
    /// periodically and when the environment or operations change.
    #[derive(Default)]
    pub enum StartReason {
        #[default]
        Annual => ("annual", "Annual review"),
        NewSystem => ("new_system", "New system"),
        SecurityIncident => ("security_incident", "Security incident"),
        Breach => ("breach", "Breach"),
        Change => ("change", "Change of rule or of the practice"),
    }
}

labeled_enum! {
    #[derive(Default)]
    pub enum AssetKind {
        #[default]
        System => ("system", "System"),
        Application => ("application", "Application"),
        Workstation => ("workstation", "Workstation"),
        Laptop => ("laptop", "Laptop"),
        MobileDevice => ("mobile_device", "Mobile device"),
        MedicalDevice => ("medical_device", "Medical device"),
        RemovableMedia => ("removable_media", "Removable media"),
        NetworkDevice => ("network_device", "Network device"),
        CloudService => ("cloud_service", "Cloud service"),
        Vendor => ("vendor", "Vendor"),
        Facility => ("facility", "Facility"),
        PaperWorkflow => ("paper_workflow", "Paper-to-electronic workflow"),
        CommunicationChannel => ("communication_channel", "Communication channel"),
        RemoteAccess => ("remote_access", "Remote access"),
        // A workflow that is not paper, a channel or remote access: referral intake,
        // claims submission, patient check-in (the seeds name "systems, devices, vendors
        // and workflows").
        Workflow => ("workflow", "Workflow"),
    }
}

/// Which of the four ePHI actions an asset performs. None means out of scope.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EphiActions {
    pub create: bool,
    pub receive: bool,
    pub maintain: bool,
    pub transmit: bool,
}

impl EphiActions {
    pub const ALL: EphiActions = EphiActions {
        create: true,
        receive: true,
        maintain: true,
        transmit: true,
    };

    pub fn is_none(self) -> bool {
        !(self.create || self.receive || self.maintain || self.transmit)
    }

    /// The compact letters form, `CRMT` with `-` for absent actions; `out of scope`
    /// reads better for none and is what screens show.
    pub fn letters(self) -> String {
        [
            (self.create, 'C'),
            (self.receive, 'R'),
            (self.maintain, 'M'),
            (self.transmit, 'T'),
        ]
        .iter()
        .map(|&(on, letter)| if on { letter } else { '-' })
        .collect()
    }
}

labeled_enum! {
    /// How long the practice can work without the asset.
    #[derive(Default)]
    pub enum Criticality {
        #[default]
        Unknown => ("unknown", "Unknown"),
        Low => ("low", "Low (a week or more)"),
        Medium => ("medium", "Medium (a day or two)"),
        High => ("high", "High (a few hours)"),
        Critical => ("critical", "Critical (minutes)"),
    }
}

labeled_enum! {
    #[derive(Default)]
    pub enum Encryption {
        #[default]
        Unknown => ("unknown", "Unknown"),
        Yes => ("yes", "Yes"),
        No => ("no", "No"),
    }
}

labeled_enum! {
    /// Business-associate-agreement status of a vendor.
    pub enum BaaStatus {
        Signed => ("signed", "Signed"),
        Pending => ("pending", "Pending"),
        None => ("none", "None"),
        NotRequired => ("not_required", "Not required"),
    }
}

/// Vendor details, present when the asset is a vendor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VendorInfo {
    pub services: String,
    pub baa_status: BaaStatus,
    pub baa_date: Option<NaiveDate>,
}

/// A system, device, application, vendor or workflow in the ePHI inventory. Its fields
/// are described once in `AssetField` (below): the store, CSV, forms and report tables
/// are derived from that description.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Asset {
    pub id: Id,
    pub assessment_id: Id,
    pub name: String,
    pub kind: AssetKind,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub location: String,
    /// The maker's serial number or asset tag, which real inventories ask for (and an
    /// investigator matches against a device in hand).
    #[serde(default)]
    pub serial_number: String,
    #[serde(default)]
    pub owner_id: Option<Id>,
    #[serde(default)]
    pub ephi: EphiActions,
    #[serde(default)]
    pub record_count: Option<u64>,
    #[serde(default)]
    pub criticality: Criticality,
    #[serde(default)]
    pub encrypted_at_rest: Encryption,
    #[serde(default)]
    pub last_reviewed: Option<NaiveDate>,
    #[serde(default)]
    pub notes: String,
    /// The vendor details: any of the three makes the asset a vendor (see `vendor`), so a
    /// vendor whose agreement status is "none" stays one with no services written down.
    #[serde(default)]
    pub vendor_services: String,
    #[serde(default)]
    pub baa_status: Option<BaaStatus>,
    #[serde(default)]
    pub baa_date: Option<NaiveDate>,
    /// The business-associate agreement's dates (see `domain::vendor`): when it expires,
    /// when it is up for renewal, the last written assurance of the vendor's safeguards
    /// received, and how many months apart assurances are due (blank: 12).
    #[serde(default)]
    pub baa_expiry: Option<NaiveDate>,
    #[serde(default)]
    pub baa_renewal: Option<NaiveDate>,
    #[serde(default)]
    pub assurance_received: Option<NaiveDate>,
    #[serde(default)]
    pub assurance_cycle_months: Option<u64>,
    /// The contingency plan's targets (see `domain::contingency`): within how many hours
    /// the system must be working again after a disaster (the recovery time objective,
    /// RTO), and how many hours of data the practice can afford to lose (the recovery
    /// point objective, RPO). A restore test is compared with both.
    #[serde(default)]
    pub target_recovery_hours: Option<u64>,
    #[serde(default)]
    pub acceptable_data_loss_hours: Option<u64>,
}

impl Asset {
    pub fn in_scope(&self) -> bool {
        !self.ephi.is_none()
    }

    /// The vendor details, when the asset has any: a blank agreement status reads "none".
    pub fn vendor(&self) -> Option<VendorInfo> {
        let any = self.baa_status.is_some() || !self.vendor_services.is_empty() || self.baa_date.is_some();
        any.then(|| VendorInfo {
            services: self.vendor_services.clone(),
            baa_status: self.baa_status.unwrap_or(BaaStatus::None),
            baa_date: self.baa_date,
        })
    }

    /// Sets (or, with None, clears) the vendor details.
    pub fn set_vendor(&mut self, vendor: Option<VendorInfo>) {
        match vendor {
            Some(vendor) => {
                self.vendor_services = vendor.services;
                self.baa_status = Some(vendor.baa_status);
                self.baa_date = vendor.baa_date;
            }
            None => {
                self.vendor_services.clear();
                self.baa_status = None;
                self.baa_date = None;
            }
        }
    }

    /// A vendor handling ePHI without a signed agreement: the screen warns about these.
    pub fn lacks_baa(&self) -> bool {
        self.in_scope()
            && self
                .vendor()
                .is_some_and(|vendor| matches!(vendor.baa_status, BaaStatus::Pending | BaaStatus::None))
    }
}

crate::record_fields! {
    /// The fields of an asset, in the order of the inventory CSV and the asset form.
    pub enum AssetField for Asset {
        Name => ("name", "Name", ValueKind::REQUIRED_TEXT, ["name"]),
        Kind => ("kind", "Kind", ValueKind::choice_of(AssetKind::CHOICES), ["kind"]),
        Description => ("description", "Description", ValueKind::TEXT, ["description"]),
        Location => ("location", "Location", ValueKind::TEXT, ["location"]),
        SerialNumber => ("serial_number", "Serial number", ValueKind::TEXT, ["serial_number"]),
        Owner => ("owner", "Owner", ValueKind::Person, ["owner_id"]),
        Ephi => ("ephi", "ePHI actions", ValueKind::Ephi, ["ephi_create", "ephi_receive", "ephi_maintain", "ephi_transmit"]),
        Records => ("records", "Patient records", ValueKind::Count, ["record_count"]),
        Criticality => ("criticality", "Criticality", ValueKind::choice_of(Criticality::CHOICES), ["criticality"]),
        Encrypted => ("encrypted", "Encrypted at rest", ValueKind::choice_of(Encryption::CHOICES), ["encrypted_at_rest"]),
        LastReviewed => ("last_reviewed", "Last reviewed", ValueKind::Date, ["last_reviewed"]),
        Notes => ("notes", "Notes", ValueKind::NOTES, ["notes"]),
        VendorServices => ("vendor_services", "Vendor services", ValueKind::Text { required: false, multiline: false, null_when_empty: true }, ["vendor_services"]),
        BaaStatus => ("baa_status", "BAA status", ValueKind::Choice { choices: BaaStatus::CHOICES, optional: true }, ["baa_status"]),
        BaaDate => ("baa_date", "BAA date", ValueKind::Date, ["baa_date"]),
        BaaExpiry => ("baa_expiry", "BAA expiry", ValueKind::Date, ["baa_expiry"]),
        BaaRenewal => ("baa_renewal", "BAA renewal", ValueKind::Date, ["baa_renewal"]),
        AssuranceReceived => ("assurance_received", "Assurance received", ValueKind::Date, ["assurance_received"]),
        AssuranceCycle => ("assurance_cycle_months", "Assurance cycle (months)", ValueKind::Count, ["assurance_cycle_months"]),
        TargetRecovery => ("target_recovery_hours", "Target recovery time (hours)", ValueKind::Count, ["target_recovery_hours"]),
        AcceptableDataLoss => ("acceptable_data_loss_hours", "Acceptable data loss (hours)", ValueKind::Count, ["acceptable_data_loss_hours"]),
    }
}

impl Field for AssetField {
    type Record = Asset;
    const ALL: &'static [Self] = Self::LIST;

    fn spec(self) -> FieldSpec {
        self.spec_of()
    }

    fn get(self, asset: &Asset) -> Value {
        match self {
            AssetField::Name => Value::Text(asset.name.clone()),
            AssetField::Kind => Value::Choice(Some(asset.kind.key())),
            AssetField::Description => Value::Text(asset.description.clone()),
            AssetField::Location => Value::Text(asset.location.clone()),
            AssetField::SerialNumber => Value::Text(asset.serial_number.clone()),
            AssetField::Owner => Value::Person(asset.owner_id),
            AssetField::Ephi => Value::Ephi(asset.ephi),
            AssetField::Records => Value::Count(asset.record_count),
            AssetField::Criticality => Value::Choice(Some(asset.criticality.key())),
            AssetField::Encrypted => Value::Choice(Some(asset.encrypted_at_rest.key())),
            AssetField::LastReviewed => Value::Date(asset.last_reviewed),
            AssetField::Notes => Value::Text(asset.notes.clone()),
            AssetField::VendorServices => Value::Text(asset.vendor_services.clone()),
            // The effective status: a vendor with details but no status reads "none".
            AssetField::BaaStatus => Value::Choice(asset.vendor().map(|vendor| vendor.baa_status.key())),
            AssetField::BaaDate => Value::Date(asset.baa_date),
            AssetField::BaaExpiry => Value::Date(asset.baa_expiry),
            AssetField::BaaRenewal => Value::Date(asset.baa_renewal),
            AssetField::AssuranceReceived => Value::Date(asset.assurance_received),
            AssetField::AssuranceCycle => Value::Count(asset.assurance_cycle_months),
            AssetField::TargetRecovery => Value::Count(asset.target_recovery_hours),
            AssetField::AcceptableDataLoss => Value::Count(asset.acceptable_data_loss_hours),
        }
    }

    fn set(self, asset: &mut Asset, value: Value) -> Result<(), FieldError> {
        match self {
            AssetField::Name => asset.name = value.into_text()?,
            AssetField::Kind => asset.kind = value.into_required()?,
            AssetField::Description => asset.description = value.into_text()?,
            AssetField::Location => asset.location = value.into_text()?,
            AssetField::SerialNumber => asset.serial_number = value.into_text()?,
            AssetField::Owner => asset.owner_id = value.into_person()?,
            AssetField::Ephi => asset.ephi = value.into_ephi()?,
            AssetField::Records => asset.record_count = value.into_count()?,
            AssetField::Criticality => asset.criticality = value.into_choice()?.unwrap_or_default(),
            AssetField::Encrypted => asset.encrypted_at_rest = value.into_choice()?.unwrap_or_default(),
            AssetField::LastReviewed => asset.last_reviewed = value.into_date()?,
            AssetField::Notes => asset.notes = value.into_text()?,
            AssetField::VendorServices => asset.vendor_services = value.into_text()?,
            AssetField::BaaStatus => asset.baa_status = value.into_choice()?,
            AssetField::BaaDate => asset.baa_date = value.into_date()?,
            AssetField::BaaExpiry => asset.baa_expiry = value.into_date()?,
            AssetField::BaaRenewal => asset.baa_renewal = value.into_date()?,
            AssetField::AssuranceReceived => asset.assurance_received = value.into_date()?,
            AssetField::AssuranceCycle => asset.assurance_cycle_months = value.into_count()?,
            AssetField::TargetRecovery => asset.target_recovery_hours = value.into_count()?,
            AssetField::AcceptableDataLoss => asset.acceptable_data_loss_hours = value.into_count()?,
        }
        Ok(())
    }
}

impl Record for Asset {
    type Field = AssetField;
    const NOUN: &'static str = "asset";
    const TABLE: &'static str = "assets";
    fn id(&self) -> Id {
        self.id
    }
    fn set_id(&mut self, id: Id) {
        self.id = id;
    }
}

labeled_enum! {
    #[derive(Default)]
    pub enum ReviewStatus {
        #[default]
        NotReviewed => ("not_reviewed", "Not reviewed"),
        Implemented => ("implemented", "Implemented"),
        Partial => ("partial", "Partially implemented"),
        NotImplemented => ("not_implemented", "Not implemented"),
        NotApplicable => ("not_applicable", "Not applicable"),
    }
}

labeled_enum! {
    /// The documented decision an addressable specification needs.
    pub enum AddressableDecision {
        AsSpecified => ("as_specified", "Implemented as specified"),
        Alternative => ("alternative", "Equivalent alternative measure"),
        NotReasonable => ("not_reasonable", "Not reasonable and appropriate"),
    }
}

labeled_enum! {
    pub enum Answer {
        Yes => ("yes", "Yes"),
        No => ("no", "No"),
        Partly => ("partly", "Partly"),
        DontKnow => ("dont_know", "Don't know"),
        NotApplicable => ("not_applicable", "Not applicable"),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionAnswer {
    /// Index of the question in the catalog item.
    pub question: usize,
    pub answer: Answer,
    pub note: String,
}

/// The review of one standard or implementation specification in one assessment. Its
/// single-column fields are described in `ReviewField`; the answers (rows of their own)
/// are read and written by the store beside them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SafeguardReview {
    pub id: Id,
    pub assessment_id: Id,
    pub citation: String,
    pub status: ReviewStatus,
    pub owner_id: Option<Id>,
    pub reviewed_on: Option<NaiveDate>,
    pub notes: String,
    /// Why a specification does not apply (status `not_applicable`).
    pub na_reason: String,
    pub decision: Option<AddressableDecision>,
    /// The alternative measure, or the reason it is not reasonable and appropriate.
    pub decision_text: String,
    pub answers: Vec<QuestionAnswer>,
    /// The measure in place, in the practice's words: what makes "implemented" an
    /// assessment rather than an assertion.
    #[serde(default)]
    pub measure: String,
}

impl SafeguardReview {
    /// The review of an item nobody has looked at yet.
    pub fn not_reviewed(assessment_id: Id, citation: &str) -> SafeguardReview {
        SafeguardReview {
            assessment_id,
            citation: citation.to_string(),
            ..SafeguardReview::default()
        }
    }

    /// What the review asserts is in place, in a message's words, or None when it asserts
    /// nothing: marked implemented, decided "as specified", or every question answered
    /// "yes". An item in place is not a scenario's weakness: the contradiction rule
    /// (`contradiction.cited_as_missing`) and a new scenario's citations read this.
    pub fn in_place_claim(&self) -> Option<&'static str> {
        if self.status == ReviewStatus::Implemented {
            Some("marked implemented")
        } else if self.decision == Some(AddressableDecision::AsSpecified) {
            Some("decided \"implemented as specified\"")
        } else if !matches!(self.status, ReviewStatus::NotReviewed | ReviewStatus::NotApplicable)
            && !self.answers.is_empty()
            && self.answers.iter().all(|answer| answer.answer == Answer::Yes)
        {
            Some("answered \"yes\" to every question")
        } else {
            None
        }
    }
}

crate::record_fields! {
    /// The fields of a safeguard review held in its own columns (the answers are rows of
    /// `question_answers`, written beside them).
    pub enum ReviewField for SafeguardReview {
        Citation => ("citation", "Citation", ValueKind::REQUIRED_TEXT, ["citation"]),
        Status => ("status", "Status", ValueKind::choice_of(ReviewStatus::CHOICES), ["status"]),
        Owner => ("owner", "Owner", ValueKind::Person, ["owner_id"]),
        ReviewedOn => ("reviewed_on", "Reviewed on", ValueKind::Date, ["reviewed_on"]),
        Notes => ("notes", "Notes", ValueKind::NOTES, ["notes"]),
        NaReason => ("na_reason", "Not applicable because", ValueKind::NOTES, ["na_reason"]),
        Decision => ("decision", "Decision", ValueKind::Choice { choices: AddressableDecision::CHOICES, optional: true }, ["decision"]),
        DecisionText => ("decision_text", "Decision rationale", ValueKind::NOTES, ["decision_text"]),
        Measure => ("measure", "Measure in place", ValueKind::NOTES, ["measure"]),
    }
}

impl Field for ReviewField {
    type Record = SafeguardReview;
    const ALL: &'static [Self] = Self::LIST;

    fn spec(self) -> FieldSpec {
        self.spec_of()
    }

    fn get(self, review: &SafeguardReview) -> Value {
        match self {
            ReviewField::Citation => Value::Text(review.citation.clone()),
            ReviewField::Status => Value::Choice(Some(review.status.key())),
            ReviewField::Owner => Value::Person(review.owner_id),
            ReviewField::ReviewedOn => Value::Date(review.reviewed_on),
            ReviewField::Notes => Value::Text(review.notes.clone()),
            ReviewField::NaReason => Value::Text(review.na_reason.clone()),
            ReviewField::Decision => Value::Choice(review.decision.map(|decision| decision.key())),
            ReviewField::DecisionText => Value::Text(review.decision_text.clone()),
            ReviewField::Measure => Value::Text(review.measure.clone()),
        }
    }

    fn set(self, review: &mut SafeguardReview, value: Value) -> Result<(), FieldError> {
        match self {
            ReviewField::Citation => review.citation = value.into_text()?,
            ReviewField::Status => review.status = value.into_required()?,
            ReviewField::Owner => review.owner_id = value.into_person()?,
            ReviewField::ReviewedOn => review.reviewed_on = value.into_date()?,
            ReviewField::Notes => review.notes = value.into_text()?,
            ReviewField::NaReason => review.na_reason = value.into_text()?,
            ReviewField::Decision => review.decision = value.into_choice()?,
            ReviewField::DecisionText => review.decision_text = value.into_text()?,
            ReviewField::Measure => review.measure = value.into_text()?,
        }
        Ok(())
    }
}

impl Record for SafeguardReview {
    type Field = ReviewField;
    const NOUN: &'static str = "safeguard review";
    const TABLE: &'static str = "safeguard_reviews";
    fn id(&self) -> Id {
        self.id
    }
    fn set_id(&mut self, id: Id) {
        self.id = id;
    }
}

labeled_enum! {
    #[derive(Default)]
    pub enum ThreatSource {
        #[default]
        Adversarial => ("adversarial", "Adversarial"),
        Accidental => ("accidental", "Accidental"),
        Structural => ("structural", "Structural"),
        Environmental => ("environmental", "Environmental"),
    }
}

labeled_enum! {
    #[derive(Default)]
    pub enum Treatment {
        #[default]
        Undecided => ("undecided", "Undecided"),
        Mitigate => ("mitigate", "Mitigate"),
        Accept => ("accept", "Accept"),
        Transfer => ("transfer", "Transfer"),
        Avoid => ("avoid", "Avoid"),
    }
}

/// Who accepted a risk, when and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Acceptance {
    pub person_id: Id,
    pub accepted_on: NaiveDate,
    pub reason: String,
}

/// A threat and vulnerability scenario, scored on the assessment's matrix. Its
/// single-column fields are described in `RiskField`; the citations (a JSON list in one
/// column), the assets (rows of `risk_assets`) and the acceptance (three columns that are
/// set together) are read and written by the store beside them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Risk {
    pub id: Id,
    pub assessment_id: Id,
    /// The catalog threat this came from, or None for one the user wrote.
    pub threat_key: Option<String>,
    pub threat: String,
    pub source: ThreatSource,
    pub vulnerability: String,
    pub existing_controls: String,
    pub citations: Vec<String>,
    /// Assets the scenario concerns; empty means practice-wide.
    pub asset_ids: Vec<Id>,
    /// Likelihood and impact as indices on the matrix's scales; None until scored.
    pub likelihood: Option<usize>,
    pub impact: Option<usize>,
    pub treatment: Treatment,
    pub residual_likelihood: Option<usize>,
    pub residual_impact: Option<usize>,
    pub owner_id: Option<Id>,
    pub acceptance: Option<Acceptance>,
    pub notes: String,
    /// Why the likelihood is what it is (existing controls, history, exposure).
    #[serde(default)]
    pub likelihood_rationale: String,
    /// Why the impact is what it is (records, downtime, harm to patients).
    #[serde(default)]
    pub impact_rationale: String,
    /// What a treatment other than acceptance rests on: why the risk is avoided, or to
    /// whom and how it is transferred (an acceptance has its own reason).
    #[serde(default)]
    pub treatment_reason: String,
}

impl Risk {
    /// A new scenario: unscored, undecided, practice-wide, with nothing but its threat.
    pub fn unscored(assessment_id: Id, threat: impl Into<String>, source: ThreatSource) -> Risk {
        Risk {
            assessment_id,
            threat: threat.into(),
            source,
            treatment: Treatment::Undecided,
            ..Risk::default()
        }
    }

    /// Scored, with a written rationale for both the likelihood and the impact.
    pub fn has_rationale(&self) -> bool {
        !self.likelihood_rationale.trim().is_empty() && !self.impact_rationale.trim().is_empty()
    }

    /// From the threat library with no vulnerability of its own yet: the library's text is
    /// only a suggestion until the user confirms or edits it (it may be false for this
    /// asset), so nothing of it is stored, and scoring asks for it first.
    pub fn vulnerability_unconfirmed(&self) -> bool {
        self.threat_key.is_some() && self.vulnerability.trim().is_empty()
    }

    /// A scenario is scored once both likelihood and impact are set.
    pub fn is_scored(&self) -> bool {
        self.likelihood.is_some() && self.impact.is_some()
    }

    /// The current level index on the matrix, when scored.
    pub fn level(&self, matrix: &crate::domain::RiskMatrix) -> Option<usize> {
        matrix.lookup(self.likelihood?, self.impact?)
    }
}

/// A level index (likelihood, impact) as a count: the indices are small.
fn index_value(index: Option<usize>) -> Value {
    Value::Count(index.map(|index| index as u64))
}

/// A count read back as a level index; one too large for the platform is refused.
fn into_index(value: Value) -> Result<Option<usize>, FieldError> {
    match value {
        Value::Count(count) => count
            .map(|count| usize::try_from(count).map_err(|_| FieldError::WrongKind(Value::Count(Some(count)))))
            .transpose(),
        other => Err(FieldError::WrongKind(other)),
    }
}

crate::record_fields! {
    /// The fields of a risk scenario held in single columns, in table order.
    pub enum RiskField for Risk {
        ThreatKey => ("threat_key", "Threat library key", ValueKind::Text { required: false, multiline: false, null_when_empty: true }, ["threat_key"]),
        Threat => ("threat", "Threat", ValueKind::REQUIRED_TEXT, ["threat"]),
        Source => ("source", "Source", ValueKind::choice_of(ThreatSource::CHOICES), ["source"]),
        Vulnerability => ("vulnerability", "Vulnerability", ValueKind::NOTES, ["vulnerability"]),
        ExistingControls => ("existing_controls", "Existing controls", ValueKind::NOTES, ["existing_controls"]),
        Likelihood => ("likelihood", "Likelihood", ValueKind::Count, ["likelihood"]),
        Impact => ("impact", "Impact", ValueKind::Count, ["impact"]),
        Treatment => ("treatment", "Treatment", ValueKind::choice_of(Treatment::CHOICES), ["treatment"]),
        ResidualLikelihood => ("residual_likelihood", "Residual likelihood", ValueKind::Count, ["residual_likelihood"]),
        ResidualImpact => ("residual_impact", "Residual impact", ValueKind::Count, ["residual_impact"]),
        Owner => ("owner", "Owner", ValueKind::Person, ["owner_id"]),
        Notes => ("notes", "Notes", ValueKind::NOTES, ["notes"]),
        LikelihoodRationale => ("likelihood_rationale", "Likelihood rationale", ValueKind::NOTES, ["likelihood_rationale"]),
        ImpactRationale => ("impact_rationale", "Impact rationale", ValueKind::NOTES, ["impact_rationale"]),
        TreatmentReason => ("treatment_reason", "Treatment reason", ValueKind::NOTES, ["treatment_reason"]),
    }
}

impl Field for RiskField {
    type Record = Risk;
    const ALL: &'static [Self] = Self::LIST;

    fn spec(self) -> FieldSpec {
        self.spec_of()
    }

    fn get(self, risk: &Risk) -> Value {
        match self {
            RiskField::ThreatKey => Value::Text(risk.threat_key.clone().unwrap_or_default()),
            RiskField::Threat => Value::Text(risk.threat.clone()),
            RiskField::Source => Value::Choice(Some(risk.source.key())),
            RiskField::Vulnerability => Value::Text(risk.vulnerability.clone()),
            RiskField::ExistingControls => Value::Text(risk.existing_controls.clone()),
            RiskField::Likelihood => index_value(risk.likelihood),
            RiskField::Impact => index_value(risk.impact),
            RiskField::Treatment => Value::Choice(Some(risk.treatment.key())),
            RiskField::ResidualLikelihood => index_value(risk.residual_likelihood),
            RiskField::ResidualImpact => index_value(risk.residual_impact),
            RiskField::Owner => Value::Person(risk.owner_id),
            RiskField::Notes => Value::Text(risk.notes.clone()),
            RiskField::LikelihoodRationale => Value::Text(risk.likelihood_rationale.clone()),
            RiskField::ImpactRationale => Value::Text(risk.impact_rationale.clone()),
            RiskField::TreatmentReason => Value::Text(risk.treatment_reason.clone()),
        }
    }

    fn set(self, risk: &mut Risk, value: Value) -> Result<(), FieldError> {
        match self {
            // A blank key is a scenario the user wrote.
            RiskField::ThreatKey => risk.threat_key = Some(value.into_text()?).filter(|key| !key.is_empty()),
            RiskField::Threat => risk.threat = value.into_text()?,
            RiskField::Source => risk.source = value.into_required()?,
            RiskField::Vulnerability => risk.vulnerability = value.into_text()?,
            RiskField::ExistingControls => risk.existing_controls = value.into_text()?,
            RiskField::Likelihood => risk.likelihood = into_index(value)?,
            RiskField::Impact => risk.impact = into_index(value)?,
            RiskField::Treatment => risk.treatment = value.into_required()?,
            RiskField::ResidualLikelihood => risk.residual_likelihood = into_index(value)?,
            RiskField::ResidualImpact => risk.residual_impact = into_index(value)?,
            RiskField::Owner => risk.owner_id = value.into_person()?,
            RiskField::Notes => risk.notes = value.into_text()?,
            RiskField::LikelihoodRationale => risk.likelihood_rationale = value.into_text()?,
            RiskField::ImpactRationale => risk.impact_rationale = value.into_text()?,
            RiskField::TreatmentReason => risk.treatment_reason = value.into_text()?,
        }
        Ok(())
    }
}

impl Record for Risk {
    type Field = RiskField;
    const NOUN: &'static str = "risk";
    const TABLE: &'static str = "risks";
    fn id(&self) -> Id {
        self.id
    }
    fn set_id(&mut self, id: Id) {
        self.id = id;
    }
}

labeled_enum! {
    #[derive(Default)]
    pub enum ActionStatus {
        #[default]
        Planned => ("planned", "Planned"),
        InProgress => ("in_progress", "In progress"),
        Done => ("done", "Done"),
        Verified => ("verified", "Verified"),
    }
}

impl ActionStatus {
    pub fn is_open(self) -> bool {
        matches!(self, ActionStatus::Planned | ActionStatus::InProgress)
    }
}

labeled_enum! {
    #[derive(Default)]
    pub enum Effort {
        #[default]
        Unknown => ("unknown", "Unknown"),
        Small => ("small", "Small (hours)"),
        Medium => ("medium", "Medium (days)"),
        Large => ("large", "Large (weeks)"),
    }
}

/// A remediation action: for a risk, or standalone (program work not tied to a risk,
/// such as "run the Q1 access review"). Its fields are described in `ActionField`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Action {
    pub id: Id,
    /// The risk the action treats; `None` for a standalone action.
    pub risk_id: Option<Id>,
    /// The assessment whose plan holds the action (a risk action's is its risk's). An
    /// export written before standalone actions has none: 0, filled from the risk.
    #[serde(default)]
    pub assessment_id: Id,
    pub title: String,
    pub owner_id: Option<Id>,
    pub due_on: Option<NaiveDate>,
    pub status: ActionStatus,
    pub effort: Effort,
    /// Estimated cost in whole dollars.
    pub cost_estimate: Option<u64>,
    pub notes: String,
    /// The asset the action changes (with `asset_field` and `asset_value`), so a done
    /// action can be checked against the inventory (`domain::action_change`).
    #[serde(default)]
    pub asset_id: Option<Id>,
    /// The key of the `AssetField` the action changes, such as `encrypted`; empty for none.
    #[serde(default)]
    pub asset_field: String,
    /// The value the action sets that field to, as a cell would spell it (`yes`).
    #[serde(default)]
    pub asset_value: String,
    /// Every move of the due date, oldest first: the first one's `from_on` is the date
    /// first planned. Stored in a table of its own (`action_due_moves`), written only by
    /// the store's moves (`Store::update_action_moving_due`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub due_moves: Vec<DueMove>,
}

/// One move of an action's due date: from, to, why, when and by whom.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DueMove {
    pub id: Id,
    pub from_on: Option<NaiveDate>,
    pub to_on: Option<NaiveDate>,
    pub reason: String,
    /// When the move was saved (the change log's time).
    pub moved_at: String,
    /// The assessor recorded as making the change; empty when none was set.
    #[serde(default)]
    pub moved_by: String,
}

impl Action {
    /// Program work not tied to a risk.
    pub fn is_standalone(&self) -> bool {
        self.risk_id.is_none()
    }

    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.status.is_open() && self.due_on.is_some_and(|due| due < today)
    }
}

crate::record_fields! {
    /// The fields of a remediation action, in table order (the risk is its frame).
    pub enum ActionField for Action {
        Title => ("title", "Title", ValueKind::REQUIRED_TEXT, ["title"]),
        Owner => ("owner", "Owner", ValueKind::Person, ["owner_id"]),
        DueOn => ("due_on", "Due on", ValueKind::Date, ["due_on"]),
        Status => ("status", "Status", ValueKind::choice_of(ActionStatus::CHOICES), ["status"]),
        Effort => ("effort", "Effort", ValueKind::choice_of(Effort::CHOICES), ["effort"]),
        CostEstimate => ("cost_estimate", "Cost estimate", ValueKind::Count, ["cost_estimate"]),
        Notes => ("notes", "Notes", ValueKind::NOTES, ["notes"]),
        ChangesField => ("changes_field", "Changes asset field", ValueKind::TEXT, ["asset_field"]),
        ChangesTo => ("changes_to", "Changes it to", ValueKind::TEXT, ["asset_value"]),
    }
}

impl Field for ActionField {
    type Record = Action;
    const ALL: &'static [Self] = Self::LIST;

    fn spec(self) -> FieldSpec {
        self.spec_of()
    }

    fn get(self, action: &Action) -> Value {
        match self {
            ActionField::Title => Value::Text(action.title.clone()),
            ActionField::Owner => Value::Person(action.owner_id),
            ActionField::DueOn => Value::Date(action.due_on),
            ActionField::Status => Value::Choice(Some(action.status.key())),
            ActionField::Effort => Value::Choice(Some(action.effort.key())),
            ActionField::CostEstimate => Value::Count(action.cost_estimate),
            ActionField::Notes => Value::Text(action.notes.clone()),
            ActionField::ChangesField => Value::Text(action.asset_field.clone()),
            ActionField::ChangesTo => Value::Text(action.asset_value.clone()),
        }
    }

    fn set(self, action: &mut Action, value: Value) -> Result<(), FieldError> {
        match self {
            ActionField::Title => action.title = value.into_text()?,
            ActionField::Owner => action.owner_id = value.into_person()?,
            ActionField::DueOn => action.due_on = value.into_date()?,
            ActionField::Status => action.status = value.into_required()?,
            ActionField::Effort => action.effort = value.into_required()?,
            ActionField::CostEstimate => action.cost_estimate = value.into_count()?,
            ActionField::Notes => action.notes = value.into_text()?,
            ActionField::ChangesField => action.asset_field = value.into_text()?,
            ActionField::ChangesTo => action.asset_value = value.into_text()?,
        }
        Ok(())
    }
}

impl Record for Action {
    type Field = ActionField;
    const NOUN: &'static str = "action";
    const TABLE: &'static str = "actions";
    fn id(&self) -> Id {
        self.id
    }
    fn set_id(&mut self, id: Id) {
        self.id = id;
    }
}

labeled_enum! {
    #[derive(Default)]
    pub enum EvidenceKind {
        Policy => ("policy", "Policy"),
        Procedure => ("procedure", "Procedure"),
        TrainingLog => ("training_log", "Training log"),
        AccessReview => ("access_review", "Access review"),
        IncidentRecord => ("incident_record", "Incident record"),
        BaaDocument => ("baa", "Business-associate agreement"),
        BackupTest => ("backup_test", "Backup test"),
        RiskAnalysisRecord => ("risk_analysis_record", "Risk-analysis record"),
        #[default]
        Other => ("other", "Other"),
    }
}

/// A file stored inside the workspace, described without its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredFile {
    pub file_name: String,
    pub sha256: String,
    pub size: u64,
}

labeled_enum! {
    /// What an evidence record can be linked to.
    pub enum LinkTarget {
        Safeguard => ("safeguard", "Safeguard"),
        Risk => ("risk", "Risk"),
        Action => ("action", "Action"),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceLink {
    pub target: LinkTarget,
    /// The safeguard citation, or the risk or action id as text.
    pub target_ref: String,
}

/// A record that shows a safeguard is operating: a policy, a log, an agreement... Its
/// fields are described once in `EvidenceField`; the stored file (its bytes are in a table
/// of their own) and the links (a table of their own) are kept apart, by the store.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub id: Id,
    pub title: String,
    pub kind: EvidenceKind,
    pub dated: Option<NaiveDate>,
    pub owner_id: Option<Id>,
    /// Months between reviews; None means no review cycle.
    pub review_cycle_months: Option<u32>,
    pub location: String,
    pub file: Option<StoredFile>,
    pub links: Vec<EvidenceLink>,
}

impl Evidence {
    /// The date the next review falls due, if the record has a date and a cycle.
    pub fn review_due(&self) -> Option<NaiveDate> {
        let months = self.review_cycle_months?;
        self.dated?.checked_add_months(chrono::Months::new(months))
    }

    pub fn is_review_overdue(&self, today: NaiveDate) -> bool {
        self.review_due().is_some_and(|due| due < today)
    }

    /// The newer record that supersedes this one, if any: a record of the same kind,
    /// linked to exactly the same safeguards, scenarios and actions (at least one), and
    /// dated later (the latest such). This quarter's access review log supersedes last
    /// quarter's, so the older one no longer raises "overdue". Automatic rather than a
    /// stored link, so there is nothing to keep in step; an investigator re-checks it from
    /// what every record shows: its kind, its links and its date.
    pub fn superseded_by<'a>(&self, all: impl IntoIterator<Item = &'a Evidence>) -> Option<&'a Evidence> {
        let dated = self.dated?;
        let links = self.link_set();
        if links.is_empty() {
            return None;
        }
        all.into_iter()
            .filter(|other| other.id != self.id && other.kind == self.kind)
            .filter(|other| other.dated.is_some_and(|newer| newer > dated))
            .filter(|other| other.link_set() == links)
            // A newer record with no review cycle would end the obligation unseen: it
            // supersedes only a record that had none either.
            .filter(|other| self.review_cycle_months.is_none() || other.review_due().is_some())
            .max_by_key(|other| (other.dated, other.id))
    }

    /// Overdue for review on `today` and not superseded by a newer record of `all`: what
    /// the overdue finding, the evidence screen, the report and the calendar flag.
    pub fn is_review_overdue_among<'a>(&self, all: impl IntoIterator<Item = &'a Evidence>, today: NaiveDate) -> bool {
        self.is_review_overdue(today) && self.superseded_by(all).is_none()
    }

    fn link_set(&self) -> std::collections::BTreeSet<(&'static str, &str)> {
        self.links
            .iter()
            .map(|link| (link.target.key(), link.target_ref.as_str()))
            .collect()
    }
}

crate::record_fields! {
    /// The fields of an evidence record, in the order of the evidence form.
    pub enum EvidenceField for Evidence {
        Title => ("title", "Title", ValueKind::REQUIRED_TEXT, ["title"]),
        Kind => ("kind", "Kind", ValueKind::choice_of(EvidenceKind::CHOICES), ["kind"]),
        Dated => ("dated", "Dated", ValueKind::Date, ["dated"]),
        Owner => ("owner", "Owner", ValueKind::Person, ["owner_id"]),
        ReviewCycle => ("review_cycle_months", "Review every (months)", ValueKind::Count, ["review_cycle_months"]),
        Location => ("location", "Where it is kept", ValueKind::TEXT, ["location"]),
    }
}

impl Field for EvidenceField {
    type Record = Evidence;
    const ALL: &'static [Self] = Self::LIST;

    fn spec(self) -> FieldSpec {
        self.spec_of()
    }

    fn get(self, evidence: &Evidence) -> Value {
        match self {
            EvidenceField::Title => Value::Text(evidence.title.clone()),
            EvidenceField::Kind => Value::Choice(Some(evidence.kind.key())),
            EvidenceField::Dated => Value::Date(evidence.dated),
            EvidenceField::Owner => Value::Person(evidence.owner_id),
            EvidenceField::ReviewCycle => Value::Count(evidence.review_cycle_months.map(u64::from)),
            EvidenceField::Location => Value::Text(evidence.location.clone()),
        }
    }

    fn set(self, evidence: &mut Evidence, value: Value) -> Result<(), FieldError> {
        match self {
            EvidenceField::Title => evidence.title = value.into_text()?,
            EvidenceField::Kind => evidence.kind = value.into_required()?,
            EvidenceField::Dated => evidence.dated = value.into_date()?,
            EvidenceField::Owner => evidence.owner_id = value.into_person()?,
            EvidenceField::ReviewCycle => evidence.review_cycle_months = value.into_count_of()?,
            EvidenceField::Location => evidence.location = value.into_text()?,
        }
        Ok(())
    }
}

impl Record for Evidence {
    type Field = EvidenceField;
    const NOUN: &'static str = "evidence record";
    const TABLE: &'static str = "evidence";
    fn id(&self) -> Id {
        self.id
    }
    fn set_id(&mut self, id: Id) {
        self.id = id;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Labeled;

    #[test]
    fn keys_round_trip_and_unknown_keys_are_refused() {
        for kind in AssetKind::ALL {
            assert_eq!(AssetKind::from_key(kind.key()), Some(*kind));
        }
        let error = serde_json::from_str::<AssetKind>("\"toaster\"").unwrap_err();
        assert!(error.to_string().contains("unknown AssetKind `toaster`"), "{error}");
    }

    #[test]
    fn ephi_letters_show_each_action() {
        let some = EphiActions {
            create: true,
            receive: false,
            maintain: true,
            transmit: false,
        };
        assert_eq!(some.letters(), "C-M-");
        assert!(EphiActions::default().is_none());
    }

    #[test]
    fn person_evidence_and_practice_fields_set_what_they_get() {
        let evidence = Evidence {
            title: "Backup restore test".into(),
            kind: EvidenceKind::BackupTest,
            review_cycle_months: Some(12),
            owner_id: Some(3),
            ..Default::default()
        };
        let copied = crate::domain::record::merge(&Evidence::default(), &evidence, EvidenceField::ALL);
        assert_eq!(
            copied,
            Evidence {
                id: 0,
                ..evidence.clone()
            }
        );
        let mut record = evidence;
        let too_many = EvidenceField::ReviewCycle.set(&mut record, Value::Count(Some(u64::from(u32::MAX) + 1)));
        assert_eq!(too_many, Err(FieldError::TooLarge(u64::from(u32::MAX) + 1)));
        assert_eq!(
            EvidenceField::Kind.set(&mut record, Value::Choice(None)),
            Err(FieldError::Blank)
        );
        let person = Person {
            name: "Dana".into(),
            title: "Manager".into(),
            ..Default::default()
        };
        assert_eq!(
            crate::domain::record::merge(&Person::default(), &person, PersonField::ALL),
            person
        );
        let practice = Practice::named("Riverside");
        assert_eq!(
            PracticeField::EntityType.get(&practice),
            Value::Choice(Some("provider"))
        );
        assert_eq!(practice.id(), Practice::ROW);
    }

    #[test]
    fn an_open_action_past_its_date_is_overdue() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        let mut action = Action {
            id: 1,
            risk_id: Some(1),
            title: "Encrypt laptops".into(),
            due_on: Some(day(1)),
            status: ActionStatus::Planned,
            effort: Effort::Small,
            ..Action::default()
        };
        assert!(action.is_overdue(day(2)));
        assert!(!action.is_overdue(day(1)));
        action.status = ActionStatus::Done;
        assert!(!action.is_overdue(day(2)));
    }
}

labeled_enum! {
    /// The inventory items teams most often forget, asked once per assessment.
    pub enum InventoryPrompt {
        LaptopsHome => ("laptops_home", "Laptops taken home"),
        PersonalPhones => ("personal_phones", "Personal phones and texting"),
        RemoteStaff => ("remote_staff", "Remote staff and contractors"),
        VendorRemoteSupport => ("vendor_remote_support", "Vendor remote-support paths"),
        FaxScanning => ("fax_scanning", "Fax and scanning"),
        Backups => ("backups", "Backups and their media"),
        Disposal => ("disposal", "Old devices awaiting disposal"),
    }
}

impl InventoryPrompt {
    /// The question, as the checklist asks it.
    pub fn question(self) -> &'static str {
        match self {
            InventoryPrompt::LaptopsHome => {
                "Does anyone take a laptop home or on the road with patient data on it or a way into the EHR?"
            }
            InventoryPrompt::PersonalPhones => {
                "Do staff use their own phones for work email, the EHR app, or texting about patients?"
            }
            InventoryPrompt::RemoteStaff => {
                "Does anyone work from home, or do contractors (billing, coding, transcription) reach your systems?"
            }
            InventoryPrompt::VendorRemoteSupport => {
                "Can a vendor connect in remotely to support a system (IT, EHR, imaging, phones)?"
            }
            InventoryPrompt::FaxScanning => {
                "Do you send or receive faxes, e-faxes, or scan paper records into a system?"
            }
            InventoryPrompt::Backups => {
                "Where do backups go: a cloud service, a USB drive, tapes, a drive someone takes home?"
            }
            InventoryPrompt::Disposal => {
                "Are old computers, phones, copiers or drives waiting to be wiped, recycled or shredded?"
            }
        }
    }

    /// Whether `asset` is already one of the things this question asks about, so the
    /// checklist can say "already recorded: Dr. Ångström's laptop" instead of asking blind.
    /// By kind, and by the words such assets are usually named with.
    pub fn covers(self, asset: &Asset) -> bool {
        let text = format!("{} {}", asset.name, asset.description).to_lowercase();
        let mentions = |words: &[&str]| words.iter().any(|word| text.contains(word));
        match self {
            InventoryPrompt::LaptopsHome => asset.kind == AssetKind::Laptop,
            InventoryPrompt::PersonalPhones => asset.kind == AssetKind::MobileDevice || mentions(&["phone", "texting"]),
            InventoryPrompt::RemoteStaff => asset.kind == AssetKind::RemoteAccess,
            InventoryPrompt::VendorRemoteSupport => {
                (asset.kind == AssetKind::RemoteAccess || asset.kind == AssetKind::Vendor)
                    && mentions(&["remote", "support"])
            }
            InventoryPrompt::FaxScanning => asset.kind == AssetKind::PaperWorkflow || mentions(&["fax", "scan"]),
            InventoryPrompt::Backups => mentions(&["backup"]),
            InventoryPrompt::Disposal => mentions(&["dispos", "recycl", "shred"]),
        }
    }

    /// The kind of asset a "yes" usually adds.
    pub fn suggested_kind(self) -> AssetKind {
        match self {
            InventoryPrompt::LaptopsHome => AssetKind::Laptop,
            InventoryPrompt::PersonalPhones => AssetKind::MobileDevice,
            InventoryPrompt::RemoteStaff => AssetKind::RemoteAccess,
            InventoryPrompt::VendorRemoteSupport => AssetKind::RemoteAccess,
            InventoryPrompt::FaxScanning => AssetKind::PaperWorkflow,
            InventoryPrompt::Backups => AssetKind::CloudService,
            InventoryPrompt::Disposal => AssetKind::Workstation,
        }
    }
}

labeled_enum! {
    pub enum PromptAnswer {
        AssetsAdded => ("assets_added", "Assets added"),
        NoneHere => ("none", "None here"),
        /// An asset already in the inventory answers the question (`PromptRecord::asset_id`).
        AlreadyRecorded => ("already_recorded", "Already recorded"),
    }
}

/// The answer to one checklist question in one assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PromptRecord {
    pub prompt: InventoryPrompt,
    pub answer: PromptAnswer,
    pub note: String,
    /// "Already recorded": the asset that answers it (None once that asset is deleted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asset_id: Option<Id>,
}

impl PromptRecord {
    /// The answer in words, naming the asset that answered "already recorded" when it is
    /// still there: "Already recorded: SafeVault cloud backup".
    pub fn answer_text(&self, assets: &[Asset]) -> String {
        let asset = self.asset_id.and_then(|id| assets.iter().find(|asset| asset.id == id));
        match (self.answer, asset) {
            (PromptAnswer::AlreadyRecorded, Some(asset)) => format!("{}: {}", self.answer.label(), asset.name),
            (PromptAnswer::AlreadyRecorded, None) => format!("{} (the asset was since deleted)", self.answer.label()),
            (answer, _) => answer.label().to_string(),
        }
    }
}
