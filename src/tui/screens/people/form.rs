//! The person form: a name, contact details and the roles they hold.

use crate::domain::record::Field as _;
use crate::domain::*;
use crate::tui::editors::*;
use crate::tui::form::{Field, Form};
use crate::tui::record_form::{form_field, record_from_form};

/// The person's own fields the form edits (the Workforce screen edits the others).
const PERSON_FIELDS: [PersonField; 3] = [PersonField::Name, PersonField::Title, PersonField::Contact];

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
        // Shortened on purpose: the five boxes fit 80 columns only so (the role's full
        // name is on the People screen).
        Role::IncidentContact => "Incid…",
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
    let mut fields: Vec<Field> = PERSON_FIELDS
        .iter()
        .map(|field| {
            let spec = field.spec();
            form_field(spec.key, spec.label, spec.kind, field.get(person), &[])
        })
        .collect();
    fields.extend([
        Field::flags(
            "roles",
            "Roles",
            NAMED_ROLES.iter().map(|role| role_box_label(*role)).collect(),
            held,
        ),
        Field::text("custom", "Other roles", &custom.join("; "))
            .with_help("Roles not in the boxes above, separated by ; (for example Front desk lead; IT contact)."),
    ]);
    Form::new(title, fields)
}

/// The person of a saved form (`base` with the form's fields: what it does not show is
/// kept) and the roles ticked.
pub fn person_from_form(form: &Form, base: &Person) -> Result<(Person, Vec<(Role, String)>), FieldProblem> {
    let person = record_from_form(form, base, &PERSON_FIELDS, &[])?;
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
