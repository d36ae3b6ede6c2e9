//! Writing a whole workspace as one export (`hipaa-ra export PATH -o FILE.json`): every
//! record read from the store, ordered by id, into the `WorkspaceExport` that
//! `exchange::workspace` formats and parses. The reverse, recreating a workspace from an
//! export, is `restore`, beside it.

use super::{Store, StoreError};
use crate::domain::Labeled;
use crate::exchange::workspace::{
    AssessmentExport, EvidenceExport, ExportSettings, FORMAT, SignedReportExport, VERSION, WorkspaceExport, base64,
};

/// Reads the whole workspace, every assessment included, ordered by id.
pub fn export_workspace(store: &Store) -> Result<WorkspaceExport, StoreError> {
    let mut people = store.people()?;
    people.sort_by_key(|person| person.id);
    let mut roles = store.role_assignments()?;
    roles.sort_by_key(|role| role.id);
    let mut assessments = Vec::new();
    let mut records = store.assessments()?;
    records.sort_by_key(|assessment| assessment.id);
    for assessment in records {
        let id = assessment.id;
        let mut assets = store.assets(id)?;
        assets.sort_by_key(|asset| asset.id);
        let mut safeguard_reviews = store.safeguard_reviews(id)?;
        safeguard_reviews.sort_by_key(|review| review.id);
        let mut risks = store.risks(id)?;
        risks.sort_by_key(|risk| risk.id);
        let mut actions = store.actions(id)?;
        actions.sort_by_key(|action| action.id);
        let mut inventory_prompts = store.prompt_answers(id)?;
        inventory_prompts.sort_by_key(|record| record.prompt.key());
        assessments.push(AssessmentExport {
            assessment,
            assets,
            safeguard_reviews,
            risks,
            actions,
            inventory_prompts,
            acknowledgments: store.acknowledgments(id)?,
            coverage_notes: store.coverage_notes(id)?,
            sign_offs: store.sign_offs(id)?,
            carried_items: store.carried_items(id)?,
            retired_assets: store.retired_assets(id)?,
            signature: None,
            signed_report: store.signed_report(id)?.as_ref().map(SignedReportExport::of),
        });
    }
    let mut evidence = Vec::new();
    let mut records = store.evidence()?;
    records.sort_by_key(|record| record.id);
    for record in records {
        let content_base64 = match record.file {
            Some(_) => Some(base64::encode(&store.evidence_file(record.id)?)),
            None => None,
        };
        evidence.push(EvidenceExport { record, content_base64 });
    }
    // The program records, kind by kind (`restore`'s program modules, beside their checks).
    let mut program = super::restore::program_export(store)?;
    super::restore_policies::export_policies(store, &mut program)?;
    program.incidents = store.incidents()?;
    program.incidents.sort_by_key(|incident| incident.id);
    program.rescores = store.all_rescores()?;
    super::restore_training::export_training(store, &mut program)?;
    super::restore_contingency::export_contingency(store, &mut program)?;
    Ok(WorkspaceExport {
        format: FORMAT.to_string(),
        version: VERSION,
        practice: store.practice()?,
        settings: ExportSettings {
            assessor: store.assessor()?,
            current_assessment: Some(store.current_assessment_id()?),
            other: store.other_settings()?,
        },
        people,
        roles,
        assessments,
        evidence,
        program,
        change_log: store.change_log()?,
    })
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::exchange::workspace::{from_json, to_json};

    fn sample() -> (Store, String) {
        let store = Store::in_memory("Test «Ω» Practice", "Ana", NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()).unwrap();
        let text = to_json(&export_workspace(&store).unwrap());
        (store, text)
    }

    #[test]
    fn export_text_is_canonical_and_reads_back_equal() {
        let (store, text) = sample();
        assert!(text.starts_with("{\n  \"format\": \"hipaa-ra-workspace\",\n  \"version\": 6,\n"));
        assert!(text.ends_with("}\n"));
        let export = from_json(&text).unwrap();
        assert_eq!(export, export_workspace(&store).unwrap());
        assert_eq!(to_json(&export), text);
    }

    #[test]
    #[rustfmt::skip]
    fn errors_are_one_line_naming_the_line_and_the_json_path() {
        let (_, text) = sample();
        let cases = [
            ("\"workforce_size\": null", "\"workforce_size\": \"twelve\"",
                "line 8, column 30: practice.workforce_size: invalid type: string \"twelve\", expected u32"),
            ("\"entity_type\": \"provider\"", "\"entity_type\": \"hospital\"",
                "line 6, column 29: practice.entity_type: unknown EntityType `hospital` (expected one of: provider,"),
            ("\"assessor\": \"Ana\",\n    \"current", "\"current",
                "line 13, column 3: settings: missing field `assessor`"),
            ("\"people\"", "\"persons\"", "line 15, column 11: persons: unknown field `persons`, expected one of"),
            ("\"version\": 6", "\"version\": 99", "line 3: version: format version 99 was written by a newer \
                hipaa-ra (this one reads up to 6); upgrade hipaa-ra to import it"),
            ("\"version\": 6", "\"version\": \"1\"", "line 3: version: expected a format version number (this hipaa-ra reads 1 to 6)"),
            ("hipaa-ra-workspace", "other", "line 2: format: \"other\" is not a hipaa-ra workspace export"),
        ];
        for (from, to, expected) in cases {
            let error = from_json(&text.replacen(from, to, 1)).unwrap_err();
            assert!(error.starts_with(expected), "{error}\nexpected {expected}");
        }
        assert!(from_json("[1, 2]").unwrap_err().starts_with("line 1: not a hipaa-ra workspace export"));
        // Cut just inside an object (a raw newline is never inside a JSON string).
        let cut = text[..text.len() / 2].rfind("{\n").unwrap() + 2;
        let error = from_json(&text[..cut]).unwrap_err();
        assert!(error.starts_with("line ") && error.ends_with("EOF while parsing an object"), "{error}");
        assert!(from_json(&format!("{text}]")).unwrap_err().ends_with("trailing characters"));
    }

    #[test]
    fn references_to_missing_records_are_refused_with_their_line() {
        let (_, text) = sample();
        let mut export = from_json(&text).unwrap();
        export.settings.current_assessment = Some(42);
        let error = from_json(&to_json(&export)).unwrap_err();
        assert_eq!(
            error,
            "line 13: settings.current_assessment: no assessment with id 42 (the current assessment)"
        );
        assert_eq!(export.validate().unwrap_err().path, "settings.current_assessment");
    }
}
