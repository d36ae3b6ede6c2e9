//! The practice profile and assessment form.

use crate::domain::*;
use crate::tui::editors::*;
use crate::tui::form::{Field, Form};

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
                .with_help("When the analysis is to be reviewed again: a date like 2027-03-15 or 3/15/2027.")
                .date(),
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

/// The practice and assessment of a saved profile form: `practice` and `assessment` with
/// the form's values (what the form does not show, such as the practice's notes, is kept).
pub fn practice_from_form(
    form: &Form,
    practice: &Practice,
    assessment: &Assessment,
) -> Result<(Practice, Assessment), FieldProblem> {
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
        ..practice.clone()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_assessor_defaults_to_the_security_official_or_is_empty() {
        assert_eq!(
            default_assessor("assessor", Some("Dr. Ångström"), "root"),
            "Dr. Ångström"
        );
        assert_eq!(default_assessor("root", Some("Dr. Ångström"), "root"), "Dr. Ångström");
        assert_eq!(default_assessor("assessor", None, "root"), "");
        assert_eq!(default_assessor("  ", None, "root"), "");
        assert_eq!(
            default_assessor("Lee Park, CISSP", Some("Dr. Ångström"), "root"),
            "Lee Park, CISSP"
        );
    }
}
