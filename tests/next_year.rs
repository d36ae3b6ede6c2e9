//! Next year in the store: `assessment next` copies exactly what carries forward, in one
//! transaction with change-log rows that replay; carried records count as open until
//! confirmed; a signed final assessment refuses every change with one line.

use std::path::Path;

use chrono::NaiveDate;
use hipaa_ra::domain::*;
use hipaa_ra::store::{FINAL_MESSAGE, NextOptions, Store, StoreError};

#[path = "support/next_year.rs"]
mod support;
use support::{assert_consistent, demo, final_sign_off, pages_text, today};

/// A scenario without the ids the copy changes: threat, scores, treatment, asset count.
type Comparable = (String, Option<usize>, Option<usize>, Treatment, usize);

/// Last year's scenarios without the fields the copy changes, to compare with the copy.
fn comparable_risks(workspace: &Workspace) -> Vec<Comparable> {
    workspace
        .risks
        .iter()
        .map(|risk| {
            (
                risk.threat.clone(),
                risk.likelihood,
                risk.impact,
                risk.treatment,
                risk.asset_ids.len(),
            )
        })
        .collect()
}

#[test]
fn next_copies_what_carries_forward_marks_it_and_leaves_last_year_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo(dir.path());
    let last = store.snapshot().unwrap();
    // An evidence record linked to a risk and to an open action travels with them.
    let open_action = last
        .actions
        .iter()
        .find(|action| action.status.is_open())
        .unwrap()
        .clone();
    let evidence_id = last.evidence[0].id;
    let mut links = last.evidence[0].links.clone();
    links.push(EvidenceLink {
        target: LinkTarget::Risk,
        target_ref: open_action.risk_id.unwrap().to_string(),
    });
    links.push(EvidenceLink {
        target: LinkTarget::Action,
        target_ref: open_action.id.to_string(),
    });
    store.set_evidence_links(evidence_id, &links).unwrap();
    let last = store.snapshot().unwrap();
    let log_before = store.change_log().unwrap().len();

    let summary = store
        .next_assessment(
            &NextOptions {
                title: Some("2027 risk analysis".to_string()),
                ..NextOptions::default()
            },
            today(),
        )
        .unwrap();

    let next = store.snapshot().unwrap();
    assert_eq!(
        next.assessment_id, summary.assessment_id,
        "the new assessment is opened"
    );
    assert_ne!(next.assessment_id, last.assessment_id);
    let assessment = next.assessment().unwrap();
    assert_eq!(assessment.title, "2027 risk analysis");
    assert_eq!(assessment.carried_from, Some(last.assessment_id));
    assert_eq!(assessment.reason, StartReason::Annual);
    assert_eq!(assessment.started_on, Some(today()));
    assert_eq!(
        assessment.period_start,
        last.assessment().unwrap().period_end.succ_opt().unwrap()
    );

    // Assets, reviews and scenarios: all of them, each linked to last year's record.
    let names = |workspace: &Workspace| {
        workspace
            .assets
            .iter()
            .map(|asset| asset.name.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&next), names(&last));
    assert_eq!(next.reviews.len(), last.reviews.len());
    assert_eq!(comparable_risks(&next), comparable_risks(&last));
    for asset in &next.assets {
        let item = next
            .carried(CarriedEntity::Asset, asset.id)
            .expect("every asset is marked");
        assert_eq!(last.asset(item.previous_id).unwrap().name, asset.name);
    }
    for risk in &next.risks {
        let item = next
            .carried(CarriedEntity::Risk, risk.id)
            .expect("every scenario is marked");
        let before = last.risk(item.previous_id).unwrap();
        assert_eq!(
            (item.previous_likelihood, item.previous_impact),
            (before.likelihood, before.impact)
        );
        // The scenario's assets are this year's copies, not last year's records.
        assert!(risk.asset_ids.iter().all(|id| next.asset(*id).is_some()));
    }
    // Open actions only: finished ones stay in last year's record.
    let open = last.actions.iter().filter(|action| action.status.is_open()).count();
    assert!(open < last.actions.len(), "the demo has finished actions");
    assert_eq!(next.actions.len(), open);
    assert!(next.actions.iter().all(|action| action.status.is_open()));
    assert_eq!(
        (
            summary.assets,
            summary.reviews,
            summary.risks,
            summary.actions,
            summary.evidence_links
        ),
        (last.assets.len(), last.reviews.len(), last.risks.len(), open, 2)
    );
    let linked = next.evidence.iter().find(|record| record.id == evidence_id).unwrap();
    let new_action = next
        .carried
        .iter()
        .find(|item| item.entity == CarriedEntity::Action && item.previous_id == open_action.id)
        .unwrap();
    assert!(
        linked
            .links
            .iter()
            .any(|link| link.target == LinkTarget::Action && link.target_ref == new_action.record_id.to_string())
    );

    // Everything carried counts as open: no safeguard is reviewed this year yet.
    assert!(next.reviews.iter().all(|review| !next.is_reviewed(&review.citation)));
    assert_eq!(next.unconfirmed().len(), next.carried.len());

    // Last year is exactly as it was.
    let last_again = store.snapshot_of(last.assessment_id).unwrap();
    assert_eq!(last_again.assets, last.assets);
    assert_eq!(last_again.reviews, last.reviews);
    assert_eq!(last_again.risks, last.risks);
    assert_eq!(last_again.actions, last.actions);

    // One transaction: every row it wrote has its log row, at one time, and the log replays.
    let log = store.change_log().unwrap();
    let rows = &log[log_before..];
    assert!(rows.len() > next.carried.len() * 2, "{} rows", rows.len());
    assert!(rows.iter().all(|row| row.at == rows[0].at));
    assert!(rows.iter().any(|row| row.entity == "carried_items"));
    assert_consistent(&store);
}

#[test]
fn one_key_confirms_a_carried_record_and_editing_confirms_it_too() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo(dir.path());
    store.next_assessment(&NextOptions::default(), today()).unwrap();
    let next = store.snapshot().unwrap();
    let reviewed: Vec<&SafeguardReview> = next
        .reviews
        .iter()
        .filter(|review| review.status != ReviewStatus::NotReviewed)
        .collect();

    // Confirmed unchanged.
    store.confirm_carried(CarriedEntity::Review, reviewed[0].id).unwrap();
    // Edited: the save confirms it.
    store
        .save_review(&SafeguardReview {
            notes: "Checked again this year.".to_string(),
            ..reviewed[1].clone()
        })
        .unwrap();
    // Re-scored, with the rationale rewritten for the new score (a re-score alone leaves
    // last year's rationale unread: tests/carried_scenarios.rs).
    let risk = next.risks[0].clone();
    store
        .update_risk(&Risk {
            likelihood: Some(0),
            likelihood_rationale: "Re-read: the new firewall makes it rare now.".to_string(),
            ..risk.clone()
        })
        .unwrap();

    let after = store.snapshot().unwrap();
    assert!(after.is_reviewed(&reviewed[0].citation));
    assert!(after.is_reviewed(&reviewed[1].citation));
    assert!(
        !after.is_reviewed(&reviewed[2].citation),
        "an unconfirmed review still counts as not reviewed"
    );
    assert!(!after.needs_confirmation(CarriedEntity::Risk, risk.id));
    let item = after.carried(CarriedEntity::Risk, risk.id).unwrap();
    assert_eq!(
        (item.previous_likelihood, item.previous_impact),
        (risk.likelihood, risk.impact)
    );
    assert_eq!(after.unconfirmed().len(), after.carried.len() - 3);

    // Confirming twice is refused with a line naming the record.
    let again = store
        .confirm_carried(CarriedEntity::Review, reviewed[0].id)
        .unwrap_err();
    assert!(again.to_string().contains("is not waiting for confirmation"), "{again}");
    assert_consistent(&store);
}

#[test]
fn a_signed_final_assessment_refuses_every_change_and_keeps_its_log_and_data() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo(dir.path());
    let last = store.snapshot().unwrap();
    store.record_sign_off(&final_sign_off(last.assessment_id)).unwrap();
    let log_before = store.change_log().unwrap().len();

    let review = last.reviews[0].clone();
    let refusals = [
        store
            .save_review(&SafeguardReview {
                notes: "changed".to_string(),
                ..review
            })
            .unwrap_err(),
        store
            .update_asset(&Asset {
                name: "Renamed".to_string(),
                ..last.assets[0].clone()
            })
            .unwrap_err(),
        store.delete_risk(last.risks[0].id).unwrap_err(),
        store
            .update_action(&Action {
                title: "Renamed".to_string(),
                ..last.actions[0].clone()
            })
            .unwrap_err(),
        store
            .add_asset(&Asset {
                id: 0,
                name: "New laptop".to_string(),
                ..last.assets[0].clone()
            })
            .unwrap_err(),
    ];
    for refusal in refusals {
        assert!(matches!(refusal, StoreError::Refused { .. }), "{refusal:?}");
        assert_eq!(refusal.to_string(), FINAL_MESSAGE);
        assert!(!refusal.to_string().contains('\n'));
    }
    let again = store.snapshot().unwrap();
    assert_eq!(again.assets, last.assets);
    assert_eq!(again.reviews, last.reviews);
    assert_eq!(again.risks, last.risks);
    assert_eq!(again.actions, last.actions);
    assert_eq!(
        store.change_log().unwrap().len(),
        log_before,
        "a refused change leaves no log row"
    );

    // The next assessment is open for work, and the signed one still reads as it was.
    store.next_assessment(&NextOptions::default(), today()).unwrap();
    let next = store.snapshot().unwrap();
    store
        .update_asset(&Asset {
            notes: "Moved to the back office.".to_string(),
            ..next.assets[0].clone()
        })
        .unwrap();
    assert_eq!(store.snapshot_of(last.assessment_id).unwrap().assets, last.assets);
    assert_eq!(store.signatures().unwrap().len(), 1);
    assert_consistent(&store);
}

#[test]
fn next_with_a_period_that_ends_before_it_starts_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo(dir.path());
    let log_before = store.change_log().unwrap().len();
    let refused = store
        .next_assessment(
            &NextOptions {
                start: NaiveDate::from_ymd_opt(2027, 6, 1),
                end: NaiveDate::from_ymd_opt(2027, 1, 1),
                reason: StartReason::Breach,
                ..NextOptions::default()
            },
            today(),
        )
        .unwrap_err();
    assert!(refused.to_string().contains("before it starts"), "{refused}");
    assert_eq!(store.assessments().unwrap().len(), 1);
    assert_eq!(store.change_log().unwrap().len(), log_before);
}

/// Next year's demo with one of each change: an asset added and one moved, a review
/// confirmed, a scenario re-scored to the top level, an action finished.
struct Changed {
    store: Store,
    added: String,
    moved: String,
    confirmed: String,
    rescored: String,
    /// "threat: before -> after" as the changes print it.
    rescored_line: String,
    finished: String,
}

fn changed_year(dir: &Path) -> Changed {
    let mut store = demo(dir);
    store.next_assessment(&NextOptions::default(), today()).unwrap();
    let next = store.snapshot().unwrap();
    let added = "Patient portal (new)".to_string();
    store
        .add_asset(&Asset {
            id: 0,
            name: added.clone(),
            notes: String::new(),
            ..next.assets[0].clone()
        })
        .unwrap();
    let moved = next.assets[1].clone();
    store
        .update_asset(&Asset {
            location: "Back office, room 4".to_string(),
            ..moved.clone()
        })
        .unwrap();
    let review = next
        .reviews
        .iter()
        .find(|review| review.status != ReviewStatus::NotReviewed)
        .unwrap();
    store.confirm_carried(CarriedEntity::Review, review.id).unwrap();
    let matrix = next.matrix().unwrap().clone();
    let top = matrix.rows.levels.len() - 1;
    assert_eq!(top, matrix.columns.levels.len() - 1);
    let risk = next
        .risks
        .iter()
        .find(|risk| risk.is_scored() && risk.level(&matrix) < matrix.lookup(top, top))
        .unwrap();
    store
        .update_risk(&Risk {
            likelihood: Some(top),
            impact: Some(top),
            ..risk.clone()
        })
        .unwrap();
    let label = |likelihood, impact| matrix.lookup_label(likelihood, impact).unwrap().to_string();
    let rescored_line = format!(
        "{}: {} -> {}",
        risk.threat,
        label(risk.likelihood.unwrap(), risk.impact.unwrap()),
        label(top, top)
    );
    let action = next.actions[0].clone();
    store
        .update_action(&Action {
            status: ActionStatus::Done,
            ..action.clone()
        })
        .unwrap();
    Changed {
        store,
        added,
        moved: moved.name,
        confirmed: review.citation.clone(),
        rescored: risk.threat.clone(),
        rescored_line,
        finished: action.title,
    }
}

#[test]
fn the_changes_since_last_year_name_each_kind_of_change() {
    let dir = tempfile::tempdir().unwrap();
    let changed = changed_year(dir.path());
    let store = &changed.store;
    let next = store.snapshot().unwrap();
    let last = store
        .snapshot_of(next.assessment().unwrap().carried_from.unwrap())
        .unwrap();
    let changes = hipaa_ra::domain::changes::changes(&last, &next);

    assert_eq!(changes.assets_added, vec![changed.added.clone()]);
    assert!(changes.assets_removed.is_empty());
    assert_eq!(changes.assets_changed.len(), 1, "{:?}", changes.assets_changed);
    assert_eq!(changes.assets_changed[0].name, changed.moved);
    assert_eq!(changes.assets_changed[0].fields.len(), 1);
    assert_eq!(changes.assets_changed[0].fields[0].field, "location");
    assert_eq!(changes.assets_changed[0].fields[0].after, "Back office, room 4");
    assert_eq!(changes.reviews_confirmed, vec![changed.confirmed.clone()]);
    assert_eq!(changes.reviews_unconfirmed, next.reviews.len() - 1);
    assert_eq!(changes.risks_up.len(), 1);
    assert_eq!(changes.risks_up[0].threat, changed.rescored);
    assert!(changes.risks_down.is_empty() && changes.risks_new.is_empty() && changes.risks_closed.is_empty());
    assert_eq!(changes.actions_completed, vec![changed.finished.clone()]);
    // Unchanged records are not reported: the copy itself is no change.
    assert!(changes.safeguard_status.is_empty());

    // A scenario removed this year is closed; one added is new.
    let mut store = changed.store;
    store.delete_risk(next.risks.last().unwrap().id).unwrap();
    store
        .add_risks(&[Risk::unscored(
            next.assessment_id,
            "Ransomware via the new portal",
            ThreatSource::Adversarial,
        )])
        .unwrap();
    let after = hipaa_ra::domain::changes::changes(&last, &store.snapshot().unwrap());
    assert_eq!(after.risks_closed, vec![last.risks.last().unwrap().threat.clone()]);
    assert_eq!(after.risks_new, vec!["Ransomware via the new portal".to_string()]);
}

#[test]
fn the_pdf_shows_the_changes_since_the_last_assessment() {
    let dir = tempfile::tempdir().unwrap();
    let changed = changed_year(dir.path());
    let model = hipaa_ra::publish::model_for(&changed.store, today(), None, None).unwrap();
    let changes = model.changes.as_ref().expect("next year's report has the changes");
    assert_eq!(changes.assets_added, vec![changed.added.clone()]);
    assert_eq!(model.started.on, Some(today()));

    let text = pages_text(&hipaa_ra::report::render_pdf(&model, hipaa_ra::report::Paper::A4));
    for expected in [
        "Changes since the last assessment".to_string(),
        "Changes since 2026 risk analysis (assessment 1) in 2027 risk analysis (assessment 2)".to_string(),
        format!("started on {}. Reason: Annual review.", today()),
        changed.added.clone(),
        changed.rescored_line.clone(),
        format!("{} confirmed", changed.confirmed),
        changed.finished.clone(),
    ] {
        assert!(text.contains(&expected), "the PDF lacks {expected:?}");
    }

    // Last year's report (the first assessment) says there is nothing to compare with.
    let first = hipaa_ra::publish::model_for(&changed.store, today(), None, Some(1)).unwrap();
    assert!(first.changes.is_none());
    let text = pages_text(&hipaa_ra::report::render_pdf(&first, hipaa_ra::report::Paper::A4));
    assert!(text.contains("there is no earlier one to compare with"));
}

#[test]
fn the_demo_with_a_history_has_a_signed_last_year_and_this_years_changes() {
    let dir = tempfile::tempdir().unwrap();
    let store = hipaa_ra::demo_history::create(&dir.path().join("demo.hra"), today()).unwrap();
    let assessments = store.assessments().unwrap();
    assert_eq!(assessments.len(), 2);
    let signatures = store.signatures().unwrap();
    assert_eq!(signatures.len(), 1);
    assert_eq!(
        signatures[0].assessment_id, assessments[0].id,
        "last year is the signed one"
    );
    let this_year = store.snapshot().unwrap();
    assert_eq!(this_year.assessment_id, assessments[1].id);
    let last_year = store.snapshot_of(assessments[0].id).unwrap();
    let changes = hipaa_ra::domain::changes::changes(&last_year, &this_year);
    assert_eq!(
        changes.assets_added,
        vec!["Tele-visit service".to_string(), "TeleVisit Health LLC".to_string()]
    );
    // Three confirmed as they were, one re-reviewed as a gap (the consistency demo).
    assert_eq!(changes.reviews_confirmed.len(), 4);
    assert_eq!(changes.actions_completed.len(), 1);
    assert!(changes.reviews_unconfirmed > 0, "the carried-forward marks show");
    // Last year is final (no blocking finding) and its report says so; this year is a
    // draft by its carried-forward marks and its new vendor.
    let catalog = hipaa_ra::catalog::Catalog::embedded();
    let last_findings = findings(&last_year, catalog, today());
    assert_eq!(FindingCounts::of(&last_findings).blocking, 0, "{last_findings:#?}");
    let last_report = hipaa_ra::publish::model_for(&store, today(), None, Some(assessments[0].id)).unwrap();
    assert!(!last_report.draft);
    let this_findings = findings(&this_year, catalog, today());
    assert!(
        this_findings
            .iter()
            .any(|finding| finding.rule == Rule::SafeguardNotConfirmed)
    );
    assert!(
        this_findings
            .iter()
            .any(|finding| finding.rule == Rule::VendorWithoutAgreement && finding.message.contains("TeleVisit"))
    );
    assert_consistent(&store);
}

#[test]
fn an_export_with_a_history_recreates_the_carried_marks_and_the_signature() {
    let dir = tempfile::tempdir().unwrap();
    let store = hipaa_ra::demo_history::create(&dir.path().join("demo.hra"), today()).unwrap();
    let export = hipaa_ra::store::export_workspace(&store).unwrap();
    let text = hipaa_ra::exchange::workspace_to_json(&export);
    let copy = Store::create_from_export(
        &dir.path().join("copy.hra"),
        &hipaa_ra::exchange::workspace_from_json(&text).unwrap(),
        today(),
    )
    .unwrap();
    assert_consistent(&copy);
    let assessments = store.assessments().unwrap();
    assert_eq!(copy.signatures().unwrap(), store.signatures().unwrap());
    for assessment in &assessments {
        let carried = store.carried_items(assessment.id).unwrap();
        assert_eq!(copy.carried_items(assessment.id).unwrap(), carried);
    }
    let this_year = assessments[1].id;
    let carried = store.carried_items(this_year).unwrap();
    assert!(carried.iter().any(|item| item.confirmed) && carried.iter().any(|item| !item.confirmed));
    // Last year is still read-only in the copy.
    let mut copy = copy;
    let last_year_asset = copy.assets(assessments[0].id).unwrap()[0].clone();
    let error = copy.delete_asset(last_year_asset.id).unwrap_err();
    assert!(error.to_string().contains(FINAL_MESSAGE), "{error}");
}
