//! The forms that edit records: how a record becomes form fields, and how the fields
//! become a record again, with a problem named by field when they do not make one.

use chrono::NaiveDate;

use super::form::{Field, Form};
use crate::domain::*;

mod evidence;
pub mod resolve;
mod review;
mod risk;
#[cfg(test)]
mod tests;

pub use evidence::{evidence_form, evidence_from_form, save_file_form, save_path};
pub use review::{review_form, review_from_form};
pub use risk::{
    action_form, action_from_form, blank_scenario, scenario_form, scenario_from_form, score_form, score_from_form,
    thousands, treatment_form, treatment_from_form,
};

/// A problem with one field: its key (to focus it) and the message to show.
pub type FieldProblem = (&'static str, String);

pub(super) fn labels<T: Labeled>() -> Vec<String> {
    T::ALL.iter().map(|value| value.label().to_string()).collect()
}

pub(super) fn position<T: Labeled + PartialEq>(value: T) -> usize {
    T::ALL.iter().position(|candidate| *candidate == value).unwrap_or(0)
}

pub(super) fn pick<T: Labeled>(index: usize) -> T {
    T::ALL[index.min(T::ALL.len() - 1)]
}

/// The help of a date field: both forms it reads.
pub(super) const DATE_HELP: &str = "A date like 2026-03-15 or 3/15/2026.";

pub(super) fn date_text(date: Option<NaiveDate>) -> String {
    date.map_or(String::new(), |date| date.to_string())
}

/// An optional date typed as YYYY-MM-DD or M/D/YYYY (the domain reads both; the form shows
/// it back as ISO once saved).
pub(super) fn parse_date(form: &Form, key: &'static str, label: &str) -> Result<Option<NaiveDate>, FieldProblem> {
    let text = form.text(key);
    if text.is_empty() {
        return Ok(None);
    }
    crate::domain::parse::parse_date(&text)
        .map(Some)
        .map_err(|message| (key, format!("{label}: {message}")))
}

/// An optional sum in whole dollars, typed as `1250` or `$1,250`.
pub(super) fn parse_money(form: &Form, key: &'static str, label: &str) -> Result<Option<u64>, FieldProblem> {
    let text = form.text(key);
    if text.is_empty() {
        return Ok(None);
    }
    crate::domain::parse::parse_money(&text)
        .map(Some)
        .map_err(|message| (key, format!("{label}: {message}")))
}

pub(super) fn required_date(form: &Form, key: &'static str, label: &str) -> Result<NaiveDate, FieldProblem> {
    parse_date(form, key, label)?.ok_or((key, format!("{label} is needed")))
}

/// An optional whole number; thousands separators are allowed.
pub(super) fn parse_count(form: &Form, key: &'static str, label: &str) -> Result<Option<u64>, FieldProblem> {
    let text: String = form
        .text(key)
        .chars()
        .filter(|c| !matches!(c, ',' | '_' | ' '))
        .collect();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse()
        .map(Some)
        .map_err(|_| (key, format!("{label}: `{}` is not a whole number", form.text(key))))
}

pub(super) fn required_text(form: &Form, key: &'static str, label: &str) -> Result<String, FieldProblem> {
    let text = form.text(key);
    if text.is_empty() {
        Err((key, format!("{label} cannot be empty")))
    } else {
        Ok(text)
    }
}

/// People as choices, with "nobody" first.
pub(super) fn owner_choices(people: &[Person]) -> Vec<String> {
    std::iter::once("(nobody)".to_string())
        .chain(people.iter().map(|person| person.name.clone()))
        .collect()
}

pub(super) fn owner_position(people: &[Person], owner: Option<Id>) -> usize {
    owner
        .and_then(|id| people.iter().position(|person| person.id == id))
        .map_or(0, |index| index + 1)
}

pub(super) fn owner_at(people: &[Person], index: usize) -> Option<Id> {
    index
        .checked_sub(1)
        .and_then(|index| people.get(index))
        .map(|person| person.id)
}

// ----- Practice profile and assessment -----

/// The profile form. `security_official` is the name the assessor defaults to when the
/// workspace holds only a placeholder (the word "assessor" or the login name a new
/// workspace was given): a report signed by "root" would mislead its reader.
pub fn practice_form(
    title: &str,
    practice: &Practice,
    assessment: &Assessment,
    security_official: Option<&str>,
) -> Form {
    let assessor = default_assessor(&assessment.assessor, security_official, &crate::paths::login_name());
    Form::new(
        title,
        vec![
            Field::text("name", "Practice name", &practice.name),
            Field::choice(
                "entity",
                "Entity type",
                labels::<EntityType>(),
                position(practice.entity_type),
            ),
            Field::text("locations", "Locations", &practice.locations)
                .with_help("Every site where ePHI is handled, separated by ; (for example Main office; Annex)."),
            Field::text(
                "workforce",
                "Workforce size",
                &practice.workforce_size.map_or(String::new(), |n| n.to_string()),
            ),
            Field::text("title", "Assessment", &assessment.title),
            Field::text("start", "Period start", &assessment.period_start.to_string()).with_help(DATE_HELP),
            Field::text("end", "Period end", &assessment.period_end.to_string()).with_help(DATE_HELP),
            Field::text("assessor", "Assessor", &assessor)
                .with_help("Who performed the analysis: the name printed on the report's sign-off."),
            Field::text("next_review", "Next review", &date_text(assessment.next_review))
                .with_help("When the analysis is to be reviewed again: a date like 2027-03-15 or 3/15/2027."),
            Field::text("assumptions", "Assumptions", &assessment.methodology.assumptions)
                .with_help("Assumptions and constraints of the analysis: what was taken as given, what limited it."),
            Field::text("sources", "Info sources", &assessment.methodology.information_sources)
                .with_help("Where the facts came from: interviews, system reports, vendor statements."),
            Field::text("participants", "Participants", &assessment.methodology.participants)
                .with_help("Who took part in the analysis, with their roles."),
            Field::text("collection", "Data collection", &assessment.methodology.data_collection)
                .with_help("How data was collected: interviews, walk-throughs, questionnaires, scans."),
            Field::choice(
                "likelihood_basis",
                "Likelihood",
                labels::<LikelihoodBasis>(),
                position(assessment.methodology.likelihood_basis),
            )
            .with_help("Whether likelihood is judged with the existing controls in place (current risk)."),
        ],
    )
}

/// The assessor to show: the stored one, unless it is a placeholder, then the security
/// official, else nothing (an empty field asks; a wrong name would be signed).
pub fn default_assessor(stored: &str, security_official: Option<&str>, login: &str) -> String {
    let stored = stored.trim();
    if !stored.is_empty() && stored != "assessor" && stored != login {
        return stored.to_string();
    }
    security_official.unwrap_or("").to_string()
}

pub fn practice_from_form(form: &Form, assessment: &Assessment) -> Result<(Practice, Assessment), FieldProblem> {
    let workforce = parse_count(form, "workforce", "Workforce size")?
        .map(|n| u32::try_from(n).map_err(|_| ("workforce", "Workforce size is too large".to_string())))
        .transpose()?;
    let locations: Vec<String> = form
        .text("locations")
        .split(';')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(String::from)
        .collect();
    let practice = Practice {
        name: required_text(form, "name", "Practice name")?,
        entity_type: pick(form.choice("entity")),
        locations: locations.join("\n"),
        workforce_size: workforce,
        notes: String::new(),
    };
    let period_start = required_date(form, "start", "Period start")?;
    let period_end = required_date(form, "end", "Period end")?;
    if period_end < period_start {
        return Err(("end", "Period end is before the period start".to_string()));
    }
    let assessment = Assessment {
        title: required_text(form, "title", "Assessment")?,
        period_start,
        period_end,
        assessor: required_text(form, "assessor", "Assessor")?,
        next_review: parse_date(form, "next_review", "Next review")?,
        methodology: Methodology {
            assumptions: limited_text(form, "assumptions", "Assumptions")?,
            information_sources: limited_text(form, "sources", "Info sources")?,
            participants: limited_text(form, "participants", "Participants")?,
            data_collection: limited_text(form, "collection", "Data collection")?,
            likelihood_basis: pick(form.choice("likelihood_basis")),
        },
        ..assessment.clone()
    };
    Ok((practice, assessment))
}

/// The most a free-text explanation may hold: a page, not a book.
pub const LONG_TEXT_LIMIT: usize = 4000;

/// A trimmed free-text field, refused (naming the field) when longer than a page.
pub fn limited_text(form: &Form, key: &'static str, label: &str) -> Result<String, FieldProblem> {
    let text = form.text(key).trim().to_string();
    if text.chars().count() > LONG_TEXT_LIMIT {
        return Err((
            key,
            format!(
                "{label} is too long ({} characters; at most {LONG_TEXT_LIMIT})",
                text.chars().count()
            ),
        ));
    }
    Ok(text)
}

// ----- People -----

/// The named roles offered as boxes; custom roles are typed.
const NAMED_ROLES: [Role; 5] = [
    Role::SecurityOfficial,
    Role::PrivacyOfficial,
    Role::AccessApprover,
    Role::TrainingOwner,
    Role::IncidentContact,
];

fn role_box_label(role: Role) -> String {
    match role {
        Role::SecurityOfficial => "Security",
        Role::PrivacyOfficial => "Privacy",
        Role::AccessApprover => "Access",
        Role::TrainingOwner => "Training",
        Role::IncidentContact => "Incident",
        Role::Custom => "Custom",
    }
    .to_string()
}

pub fn person_form(title: &str, person: &Person, roles: &[RoleAssignment]) -> Form {
    let held: Vec<bool> = NAMED_ROLES
        .iter()
        .map(|role| roles.iter().any(|assignment| assignment.role == *role))
        .collect();
    let custom: Vec<&str> = roles
        .iter()
        .filter(|assignment| assignment.role == Role::Custom)
        .map(|assignment| assignment.custom_label.as_str())
        .collect();
    Form::new(
        title,
        vec![
            Field::text("name", "Name", &person.name),
            Field::text("title", "Title", &person.title),
            Field::text("contact", "Contact", &person.contact),
            Field::flags(
                "roles",
                "Roles",
                NAMED_ROLES.iter().map(|role| role_box_label(*role)).collect(),
                held,
            ),
            Field::text("custom", "Other roles", &custom.join("; "))
                .with_help("Roles not in the boxes above, separated by ; (for example Front desk lead; IT contact)."),
        ],
    )
}

pub fn person_from_form(form: &Form, id: Id) -> Result<(Person, Vec<(Role, String)>), FieldProblem> {
    let person = Person {
        id,
        name: required_text(form, "name", "Name")?,
        title: form.text("title"),
        contact: form.text("contact"),
        removed_on: None,
    };
    let mut roles: Vec<(Role, String)> = NAMED_ROLES
        .iter()
        .zip(form.flags("roles"))
        .filter(|(_, on)| *on)
        .map(|(role, _)| (*role, String::new()))
        .collect();
    roles.extend(
        form.text("custom")
            .split(';')
            .map(str::trim)
            .filter(|label| !label.is_empty())
            .map(|label| (Role::Custom, label.to_string())),
    );
    Ok((person, roles))
}

// ----- Assets -----

const EPHI_BOXES: [&str; 4] = ["Create", "Receive", "Maintain", "Transmit"];

pub fn asset_form(title: &str, asset: &Asset, people: &[Person]) -> Form {
    let vendor = asset.vendor();
    let vendor = vendor.as_ref();
    let ephi = asset.ephi;
    Form::new(
        title,
        vec![
            Field::text("name", "Name", &asset.name),
            Field::choice("kind", "Kind", labels::<AssetKind>(), position(asset.kind)),
            Field::flags(
                "ephi",
                "ePHI actions",
                EPHI_BOXES.iter().map(|label| label.to_string()).collect(),
                vec![ephi.create, ephi.receive, ephi.maintain, ephi.transmit],
            ),
            Field::text("description", "Description", &asset.description),
            Field::text("location", "Location", &asset.location),
            Field::choice(
                "owner",
                "Owner",
                owner_choices(people),
                owner_position(people, asset.owner_id),
            ),
            Field::text(
                "records",
                "Patient records",
                &asset.record_count.map_or(String::new(), |n| n.to_string()),
            ),
            Field::choice(
                "criticality",
                "Criticality",
                labels::<Criticality>(),
                position(asset.criticality),
            ),
            Field::choice(
                "encrypted",
                "Encrypted at rest",
                labels::<Encryption>(),
                position(asset.encrypted_at_rest),
            ),
            Field::text("reviewed", "Last reviewed", &date_text(asset.last_reviewed)).with_help(DATE_HELP),
            Field::text("notes", "Notes", &asset.notes),
            Field::text(
                "services",
                "Vendor services",
                vendor.map_or("", |vendor| vendor.services.as_str()),
            ),
            Field::choice(
                "baa",
                "BAA status",
                std::iter::once("(not a vendor)".to_string())
                    .chain(labels::<BaaStatus>())
                    .collect(),
                vendor.map_or(0, |vendor| position(vendor.baa_status) + 1),
            ),
            Field::text(
                "baa_date",
                "BAA date",
                &date_text(vendor.and_then(|vendor| vendor.baa_date)),
            )
            .with_help(DATE_HELP),
        ],
    )
}

pub fn asset_from_form(form: &Form, base: &Asset, people: &[Person]) -> Result<Asset, FieldProblem> {
    let on = form.flags("ephi");
    let flag = |index: usize| on.get(index).copied().unwrap_or(false);
    let kind: AssetKind = pick(form.choice("kind"));
    let services = form.text("services");
    let baa_choice = form.choice("baa");
    let baa_date = parse_date(form, "baa_date", "BAA date")?;
    // Vendor details are kept when any is given, or always for a vendor.
    let vendor = if kind == AssetKind::Vendor || baa_choice > 0 || !services.is_empty() || baa_date.is_some() {
        let baa_status = if baa_choice == 0 {
            BaaStatus::None
        } else {
            pick(baa_choice - 1)
        };
        Some(VendorInfo {
            services,
            baa_status,
            baa_date,
        })
    } else {
        None
    };
    Ok(Asset {
        name: required_text(form, "name", "Name")?,
        kind,
        description: form.text("description"),
        location: form.text("location"),
        owner_id: owner_at(people, form.choice("owner")),
        ephi: EphiActions {
            create: flag(0),
            receive: flag(1),
            maintain: flag(2),
            transmit: flag(3),
        },
        record_count: parse_count(form, "records", "Patient records")?,
        criticality: pick(form.choice("criticality")),
        encrypted_at_rest: pick(form.choice("encrypted")),
        last_reviewed: parse_date(form, "reviewed", "Last reviewed")?,
        notes: form.text("notes"),
        vendor_services: vendor
            .as_ref()
            .map(|vendor| vendor.services.clone())
            .unwrap_or_default(),
        baa_status: vendor.as_ref().map(|vendor| vendor.baa_status),
        baa_date: vendor.and_then(|vendor| vendor.baa_date),
        ..base.clone()
    })
}

/// A path typed for importing a CSV file.
pub fn import_form() -> Form {
    Form::new("Import assets from CSV", vec![Field::text("path", "CSV file", "")])
}

// ----- Report export -----

pub const EXPORT_FORMATS: [&str; 3] = ["PDF", "JSON", "CSV (register and plan)"];

/// The paper choices, US Letter first: the default of a US rule's report (the CLI's too).
const EXPORT_PAPERS: [crate::report::Paper; 2] = [crate::report::Paper::Letter, crate::report::Paper::A4];

/// `paper` is the one the workspace remembers (or US Letter), so the TUI and the command
/// line start from the same choice.
pub fn export_form(output: &str, key_path: &str, paper: crate::report::Paper) -> Form {
    Form::new(
        "Export the report",
        vec![
            Field::choice(
                "format",
                "Format",
                EXPORT_FORMATS.iter().map(|f| f.to_string()).collect(),
                0,
            ),
            Field::choice(
                "paper",
                "Paper",
                vec!["US Letter".to_string(), "A4".to_string()],
                EXPORT_PAPERS.iter().position(|choice| *choice == paper).unwrap_or(0),
            ),
            Field::text("output", "Save as", output),
            Field::choice(
                "sign",
                "Sign",
                vec![
                    "No".to_string(),
                    "Yes, final (refused while blocking findings remain)".to_string(),
                    "Yes, as a DRAFT for review (not approved)".to_string(),
                ],
                0,
            ),
            Field::text("key", "Key file", key_path),
            Field::secret("password", "Key password"),
        ],
    )
}

/// The export request from the form: the output's extension follows the format chosen.
pub fn export_from_form(form: &Form, date: NaiveDate) -> Result<crate::publish::Request, FieldProblem> {
    use crate::publish::{Format, KeySource, Request};
    let format = [Format::Pdf, Format::Json, Format::Csv][form.choice("format").min(2)];
    let paper = EXPORT_PAPERS[form.choice("paper").min(EXPORT_PAPERS.len() - 1)];
    let output = required_text(form, "output", "Save as")?;
    let stem = [".pdf", ".json", ".csv"]
        .iter()
        .fold(output.as_str(), |name, extension| name.trim_end_matches(extension));
    let output = match format {
        Format::Pdf => format!("{stem}.pdf"),
        Format::Json => format!("{stem}.json"),
        Format::Csv => stem.to_string(),
    };
    let sign = (form.choice("sign") >= 1).then(|| KeySource {
        path: std::path::PathBuf::from(form.text("key")),
        // Never None here: minisign must not prompt on a terminal the TUI owns.
        password: Some(form.text("password")),
    });
    Ok(Request {
        format,
        paper,
        date,
        output: Some(std::path::PathBuf::from(output)),
        sign,
        assessment: None,
        sign_draft: form.choice("sign") == 2,
    })
}
