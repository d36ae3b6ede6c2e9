//! The findings' records in the store: the addressable pairs refused on save and on
//! import (naming the citation and the field, nothing saved), acknowledgments only for
//! findings that may be acknowledged, coverage notes, the new fields round-tripping
//! through the store and the JSON export, and a sign-off that stops counting once the
//! data changes.

use std::path::Path;

use hipaa_ra::catalog::Catalog;
use hipaa_ra::domain::*;
use hipaa_ra::exchange;
use hipaa_ra::store::{Store, StoreError};

#[path = "support/clock.rs"]
mod clock;
use clock::today;

fn new_store(dir: &Path) -> Store {
    Store::create(&dir.join("practice.hra"), "Test Practice", "Ana Tester", today()).unwrap()
}

fn vendor(assessment_id: Id, name: &str, status: BaaStatus) -> Asset {
    Asset {
        id: 0,
        assessment_id,
        name: name.into(),
        kind: AssetKind::Vendor,
        description: String::new(),
        location: "Remote".into(),
        owner_id: None,
        ephi: EphiActions::ALL,
        record_count: None,
        criticality: Criticality::High,
        encrypted_at_rest: Encryption::Yes,
        last_reviewed: Some(today()),
        vendor_services: "Billing".into(),
        baa_status: Some(status),
        ..Asset::default()
    }
}

fn keys(store: &Store) -> Vec<String> {
    findings(&store.snapshot().unwrap(), Catalog::embedded(), today())
        .into_iter()
        .map(|finding| finding.key)
        .collect()
}

#[test]
fn a_pair_that_does_not_fit_is_refused_naming_the_citation_and_the_field_and_nothing_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = new_store(dir.path());
    let assessment_id = store.current_assessment_id().unwrap();
    let log_before = store.change_log().unwrap().len();
    let refused = [
        (
            ReviewStatus::Partial,
            Some(AddressableDecision::AsSpecified),
            "",
            "decision",
        ),
        (
            ReviewStatus::NotImplemented,
            Some(AddressableDecision::Alternative),
            "Locked room",
            "decision",
        ),
        (
            ReviewStatus::Implemented,
            Some(AddressableDecision::NotReasonable),
            "Too costly",
            "decision",
        ),
        (
            ReviewStatus::Partial,
            Some(AddressableDecision::Alternative),
            " ",
            "decision_text",
        ),
        (ReviewStatus::NotApplicable, None, "", "decision"),
    ];
    for (status, decision, text, field) in refused {
        let review = SafeguardReview {
            status,
            decision,
            decision_text: text.into(),
            na_reason: "No laptops".into(),
            reviewed_on: Some(today()),
            ..SafeguardReview::not_reviewed(assessment_id, "164.312(a)(2)(iv)")
        };
        match store.save_review(&review) {
            Err(StoreError::Refused { field: named, message }) => {
                assert_eq!(named, field, "{status:?} {decision:?}: {message}");
                assert!(message.starts_with("164.312(a)(2)(iv)"), "{message}");
                assert!(message.contains("(field: "), "{message}");
            }
            other => panic!("{status:?} {decision:?} was not refused: {other:?}"),
        }
    }
    assert!(store.safeguard_reviews(assessment_id).unwrap().is_empty());
    assert_eq!(store.change_log().unwrap().len(), log_before);
    // Each fitting pair is saved.
    let fitting = SafeguardReview {
        status: ReviewStatus::NotApplicable,
        decision: Some(AddressableDecision::NotReasonable),
        decision_text: "No portable device holds ePHI".into(),
        na_reason: "No laptops or phones".into(),
        ..SafeguardReview::not_reviewed(assessment_id, "164.312(a)(2)(iv)")
    };
    store.save_review(&fitting).unwrap();
}

#[test]
fn the_json_import_refuses_a_pair_that_does_not_fit_naming_the_citation_and_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = new_store(dir.path());
    let assessment_id = store.current_assessment_id().unwrap();
    store
        .save_review(&SafeguardReview {
            status: ReviewStatus::Implemented,
            decision: Some(AddressableDecision::AsSpecified),
            measure: "BitLocker everywhere".into(),
            ..SafeguardReview::not_reviewed(assessment_id, "164.312(a)(2)(iv)")
        })
        .unwrap();
    let text = exchange::workspace_to_json(&hipaa_ra::store::export_workspace(&store).unwrap());
    let broken = text.replacen("\"status\": \"implemented\"", "\"status\": \"partial\"", 1);
    assert_ne!(broken, text);
    let error = exchange::workspace_from_json(&broken).unwrap_err();
    assert!(
        error.contains("assessments[0].safeguard_reviews[0].decision"),
        "{error}"
    );
    assert!(
        error.contains("164.312(a)(2)(iv): the decision \"implemented as specified\" does not fit"),
        "{error}"
    );
    let target = dir.path().join("copy.hra");
    let export: exchange::WorkspaceExport = serde_json::from_str(&broken).unwrap();
    assert!(Store::create_from_export(&target, &export, today()).is_err());
    assert!(!target.exists(), "a refused import leaves no file");
}

#[test]
fn rationale_measure_methodology_acknowledgments_and_coverage_notes_round_trip_through_store_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = new_store(dir.path());
    let assessment_id = store.current_assessment_id().unwrap();
    let person = store
        .add_person(&Person {
            name: "Tom Nguyen".into(),
            title: "Office manager".into(),
            ..Default::default()
        })
        .unwrap();
    let mut assessment = store.assessment(assessment_id).unwrap();
    assessment.methodology = Methodology {
        assumptions: "Cloud vendors' own controls taken from their reports".into(),
        information_sources: "Interviews, EHR audit reports\nVendor agreements".into(),
        participants: "Tom Nguyen (office manager)".into(),
        data_collection: "Walk-through and questionnaire".into(),
        likelihood_basis: LikelihoodBasis::WithoutControls,
    };
    store.save_profile(&store.practice().unwrap(), &assessment).unwrap();
    let ids = store
        .add_assets(&[
            vendor(assessment_id, "Billing Co", BaaStatus::None),
            vendor(assessment_id, "Spare scanner", BaaStatus::Signed),
        ])
        .unwrap();
    let risk = Risk {
        asset_ids: vec![ids[0]],
        likelihood: Some(2),
        impact: Some(3),
        likelihood_rationale: "Small vendor, phished last year".into(),
        impact_rationale: "8,400 billing records".into(),
        ..Risk::unscored(assessment_id, "Vendor breach", ThreatSource::Adversarial)
    };
    let risk_id = store.add_risks(std::slice::from_ref(&risk)).unwrap()[0];
    assert_eq!(store.risk(risk_id).unwrap(), Risk { id: risk_id, ..risk });
    // The coverage note resolves the spare scanner's coverage finding.
    let coverage = format!("coverage.asset_without_scenario:asset:{}", ids[1]);
    assert!(keys(&store).contains(&coverage));
    let note = CoverageNote {
        asset_id: ids[1],
        risk_ids: vec![risk_id],
        reason: "Same vendor network".into(),
    };
    store.save_coverage_note(&note).unwrap();
    assert!(!keys(&store).contains(&coverage));
    assert_eq!(
        store.coverage_notes(assessment_id).unwrap(),
        std::slice::from_ref(&note)
    );
    // A note without a reason is refused, naming the field.
    let error = store
        .save_coverage_note(&CoverageNote {
            reason: " ".into(),
            ..note.clone()
        })
        .unwrap_err();
    assert!(
        matches!(error, StoreError::Refused { field: "reason", .. }),
        "{error:?}"
    );
    // The vendor without an agreement is acknowledged; an unreviewed item cannot be.
    let vendor_key = format!("vendor.no_baa:asset:{}", ids[0]);
    let acknowledgment = Acknowledgment {
        id: 0,
        assessment_id,
        finding: vendor_key.clone(),
        person_id: person,
        acknowledged_on: today(),
        reason: "Agreement in legal review; no data shared yet".into(),
    };
    let ack_id = store.acknowledge(&acknowledgment).unwrap();
    let workspace = store.snapshot().unwrap();
    let found = findings(&workspace, Catalog::embedded(), today());
    let acknowledged = found.iter().find(|finding| finding.key == vendor_key).unwrap();
    assert_eq!(acknowledged.acknowledgment.as_ref().map(|a| a.id), Some(ack_id));
    assert!(!acknowledged.blocks());
    let log = store.change_log().unwrap();
    assert_eq!(log.last().unwrap().entity, "acknowledgments");
    let refused = store
        .acknowledge(&Acknowledgment {
            finding: "safeguard.not_reviewed:safeguard:164.312(b)".into(),
            ..acknowledgment.clone()
        })
        .unwrap_err();
    assert!(refused.to_string().contains("cannot be acknowledged"), "{refused}");
    let unknown = store
        .acknowledge(&Acknowledgment {
            finding: "vendor.no_baa:asset:999".into(),
            ..acknowledgment.clone()
        })
        .unwrap_err();
    assert!(unknown.to_string().contains("no such finding"), "{unknown}");
    assert_eq!(store.change_log().unwrap().len(), log.len());

    // The export carries all of it, and the import gives it back unchanged.
    let export = hipaa_ra::store::export_workspace(&store).unwrap();
    let text = exchange::workspace_to_json(&export);
    for needle in [
        "\"likelihood_rationale\": \"Small vendor, phished last year\"",
        "\"information_sources\": \"Interviews, EHR audit reports\\nVendor agreements\"",
        "\"likelihood_basis\": \"without_controls\"",
        "\"reason\": \"Agreement in legal review; no data shared yet\"",
        "\"reason\": \"Same vendor network\"",
    ] {
        assert!(text.contains(needle), "{needle} missing from the export");
    }
    let copy = Store::create_from_export(&dir.path().join("copy.hra"), &export, today()).unwrap();
    let again = hipaa_ra::store::export_workspace(&copy).unwrap();
    assert_eq!(again.assessments, export.assessments);
    assert_eq!(
        copy.snapshot().unwrap().assessment().unwrap().methodology,
        assessment.methodology
    );
}

#[test]
fn a_sign_off_counts_until_the_data_changes() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = new_store(dir.path());
    let assessment_id = store.current_assessment_id().unwrap();
    assert_eq!(store.latest_sign_off(assessment_id).unwrap(), None);
    store
        .record_sign_off(&SignOffRecord {
            id: 0,
            assessment_id,
            report_date: today(),
            signed_at: "2026-11-23T10:00:00Z".into(),
            signer: "Ana Tester".into(),
            key_id: "0123456789ABCDEF".into(),
            report_sha256: "ab".repeat(32),
            log_head: 0,
            current: false,
        })
        .unwrap();
    let signed = store.latest_sign_off(assessment_id).unwrap().unwrap();
    assert!(signed.current);
    assert_eq!(store.snapshot().unwrap().sign_off, Some(signed));
    // The sign-off makes the assessment's records read-only (the one record of a signed
    // report, see store/carry.rs): a refused change leaves it current.
    store
        .add_assets(&[vendor(assessment_id, "New vendor", BaaStatus::Signed)])
        .unwrap_err();
    assert!(store.latest_sign_off(assessment_id).unwrap().unwrap().current);
    // The practice's own records (people, evidence) still change, and then the signed
    // report no longer describes the workspace as it is.
    store
        .add_person(&Person {
            name: "New hire".into(),
            ..Default::default()
        })
        .unwrap();
    assert!(!store.latest_sign_off(assessment_id).unwrap().unwrap().current);
}

#[test]
fn a_version_1_export_still_imports_with_the_new_fields_empty() {
    let dir = tempfile::tempdir().unwrap();
    let store = new_store(dir.path());
    let text = exchange::workspace_to_json(&hipaa_ra::store::export_workspace(&store).unwrap());
    let mut value: serde_json::Value = serde_json::from_str(&text).unwrap();
    value["version"] = 1.into();
    for entry in value["assessments"].as_array_mut().unwrap() {
        let entry = entry.as_object_mut().unwrap();
        entry.remove("acknowledgments");
        entry.remove("coverage_notes");
        entry.remove("sign_offs");
        entry["assessment"].as_object_mut().unwrap().remove("methodology");
    }
    let old = serde_json::to_string_pretty(&value).unwrap();
    let export = exchange::workspace_from_json(&old).unwrap();
    assert_eq!(export.assessments[0].assessment.methodology, Methodology::default());
    assert!(export.assessments[0].acknowledgments.is_empty());
}

#[test]
fn deleting_a_scenario_takes_it_out_of_coverage_notes_and_the_export_still_imports() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = new_store(dir.path());
    let assessment_id = store.current_assessment_id().unwrap();
    let ids = store
        .add_assets(&[
            vendor(assessment_id, "Billing Co", BaaStatus::Signed),
            vendor(assessment_id, "Spare scanner", BaaStatus::Signed),
        ])
        .unwrap();
    let scenario = |threat: &str| Risk {
        asset_ids: vec![ids[0]],
        ..Risk::unscored(assessment_id, threat, ThreatSource::Accidental)
    };
    let risks = store.add_risks(&[scenario("Fire"), scenario("Flood")]).unwrap();
    store
        .save_coverage_note(&CoverageNote {
            asset_id: ids[1],
            risk_ids: risks.clone(),
            reason: "In the same room".into(),
        })
        .unwrap();
    store.delete_risk(risks[0]).unwrap();
    assert_eq!(store.coverage_notes(assessment_id).unwrap()[0].risk_ids, [risks[1]]);
    store.delete_risk(risks[1]).unwrap();
    assert!(store.coverage_notes(assessment_id).unwrap().is_empty());
    let coverage = format!("coverage.asset_without_scenario:asset:{}", ids[1]);
    assert!(keys(&store).contains(&coverage), "the finding opens again");
    let text = exchange::workspace_to_json(&hipaa_ra::store::export_workspace(&store).unwrap());
    exchange::workspace_from_json(&text).unwrap();
}

#[test]
fn a_schema_1_workspace_is_upgraded_with_the_new_fields_empty() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.hra");
    {
        // The schema a schema 1 build wrote: migration 001 alone.
        let conn = hipaa_ra::store::create_at_version(&path, 1).unwrap();
        let matrix = serde_json::to_string(Catalog::embedded().matrix("nist-800-30").unwrap()).unwrap();
        conn.execute_batch(&format!(
            "INSERT INTO settings (key, value) VALUES ('assessor', 'Ana');
             INSERT INTO practice (id, name, entity_type) VALUES (1, 'Old Practice', 'provider');
             INSERT INTO assessments (id, title, period_start, period_end, assessor, matrix)
                 VALUES (1, '2025 risk analysis', '2025-01-01', '2025-12-31', 'Ana', '{matrix}');
             INSERT INTO risks (id, assessment_id, threat, source, likelihood, impact)
                 VALUES (1, 1, 'Fire', 'environmental', 1, 1);
             INSERT INTO safeguard_reviews (id, assessment_id, citation, status)
                 VALUES (1, 1, '164.312(b)', 'implemented');"
        ))
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    let workspace = store.snapshot().unwrap();
    assert_eq!(workspace.assessment().unwrap().methodology, Methodology::default());
    assert_eq!(workspace.risks[0].likelihood_rationale, "");
    assert_eq!(workspace.reviews[0].measure, "");
    assert!(workspace.acknowledgments.is_empty() && workspace.sign_off.is_none());
    let found: Vec<Rule> = findings(&workspace, Catalog::embedded(), today())
        .into_iter()
        .map(|finding| finding.rule)
        .collect();
    assert!(found.contains(&Rule::ScenarioWithoutRationale));
    assert!(found.contains(&Rule::ImplementedUnsupported));
}
