//! Evidence records in the store: stored files come back byte for byte with the right
//! SHA-256, edits replace or keep the file, links and deletes are logged; and the
//! dashboard's readiness signals follow the data as it changes.

use chrono::NaiveDate;
use hipaa_ra::domain::readiness::{SignalLevel, readiness};
use hipaa_ra::domain::*;
use hipaa_ra::store::{ChainStatus, Store};

#[path = "support/clock.rs"]
mod clock;
use clock::today;

fn record(title: &str, kind: EvidenceKind, dated: NaiveDate, cycle: Option<u32>) -> Evidence {
    Evidence {
        title: title.into(),
        kind,
        dated: Some(dated),
        review_cycle_months: cycle,
        ..Default::default()
    }
}

#[test]
fn a_stored_file_round_trips_byte_for_byte_with_its_sha256() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("practice.hra");
    let mut store = Store::create(&path, "Test Practice", "Ana Tester", today()).unwrap();
    // The FIPS 180-2 test vector, then every byte value including NUL and CR/LF.
    let abc = store
        .add_evidence(
            &record("Vector", EvidenceKind::Other, today(), None),
            Some(("abc.txt", b"abc")),
        )
        .unwrap();
    let bytes: Vec<u8> = (0..=255u8).cycle().take(1_048_576 + 7).collect();
    let big = store
        .add_evidence(
            &record("Scanned policy", EvidenceKind::Policy, today(), Some(12)),
            Some(("policy.pdf", &bytes)),
        )
        .unwrap();
    drop(store);
    let mut store = Store::open(&path).unwrap();
    let records = store.evidence().unwrap();
    let file = |id: Id| records.iter().find(|r| r.id == id).unwrap().file.clone().unwrap();
    assert_eq!(
        file(abc).sha256,
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    assert_eq!(file(abc).size, 3);
    assert_eq!(store.evidence_file(abc).unwrap(), b"abc");
    assert_eq!(file(big).size, bytes.len() as u64);
    assert_eq!(store.evidence_file(big).unwrap(), bytes);

    // Editing without a file keeps it; with a file replaces it and its hash.
    let mut edited = store.evidence_record(big).unwrap();
    edited.title = "Scanned policy v2".into();
    store.update_evidence(&edited, None).unwrap();
    assert_eq!(store.evidence_file(big).unwrap(), bytes);
    assert_eq!(store.evidence_record(big).unwrap().file, Some(file(big)));
    store.update_evidence(&edited, Some(("abc.txt", b"abc"))).unwrap();
    let replaced = store.evidence_record(big).unwrap().file.unwrap();
    assert_eq!(replaced.sha256, file(abc).sha256);
    assert_eq!(store.evidence_file(big).unwrap(), b"abc");

    // Links are replaced as a set; delete removes the record and its file.
    let links = vec![
        EvidenceLink {
            target: LinkTarget::Safeguard,
            target_ref: "164.316(a)".into(),
        },
        EvidenceLink {
            target: LinkTarget::Safeguard,
            target_ref: "164.308(a)(1)(ii)(C)".into(),
        },
    ];
    store.set_evidence_links(big, &links).unwrap();
    assert_eq!(store.evidence_record(big).unwrap().links.len(), 2);
    store.delete_evidence(abc).unwrap();
    assert!(store.evidence_file(abc).is_err());
    assert_eq!(store.evidence().unwrap().len(), 1);
    let log = store.change_log().unwrap();
    let evidence_rows: Vec<(&str, &str)> = log
        .iter()
        .filter(|entry| entry.entity.starts_with("evidence"))
        .map(|entry| (entry.entity.as_str(), entry.operation.as_str()))
        .collect();
    // One log row per row changed: the records, their stored files and the links.
    assert_eq!(
        evidence_rows,
        [
            ("evidence", "create"),
            ("evidence_files", "create"),
            ("evidence", "create"),
            ("evidence_files", "create"),
            ("evidence", "update"),
            ("evidence", "update"),
            ("evidence_files", "update"),
            ("evidence_links", "create"),
            ("evidence_links", "create"),
            // The schema's cascade removes the stored file before the record's own row.
            ("evidence_files", "delete"),
            ("evidence", "delete"),
        ]
    );
    assert!(matches!(
        store.verify_history().unwrap(),
        hipaa_ra::store::DataStatus::Consistent { .. }
    ));
    assert!(matches!(store.verify_change_log().unwrap(), ChainStatus::Intact { .. }));
}

#[test]
fn readiness_signals_follow_the_data() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create(&dir.path().join("p.hra"), "Test Practice", "Ana Tester", today()).unwrap();
    // The methodology written, so its blocking finding does not colour the evidence signal.
    let workspace = store.snapshot().unwrap();
    let mut assessment = workspace.assessment().unwrap().clone();
    assessment.methodology.information_sources = "Interviews".into();
    assessment.methodology.participants = "Ana Tester".into();
    assessment.methodology.data_collection = "Walk-through".into();
    store.save_profile(&workspace.practice, &assessment).unwrap();
    // Every signal is worked out from the findings, as `check` and the report see them.
    let level = |store: &Store, name: &str| {
        let workspace = store.snapshot().unwrap();
        let found = findings(&workspace, hipaa_ra::catalog::Catalog::embedded(), today());
        let signal = readiness(&found)
            .into_iter()
            .find(|signal| signal.name == name)
            .unwrap();
        (signal.level, signal.reason)
    };
    // No evidence at all: the four key kinds are advisory findings.
    let (signal, reason) = level(&store, "Retrievable evidence");
    assert_eq!(signal, SignalLevel::Amber);
    assert!(
        reason.starts_with("4 advisory; first: No \"training log\" evidence"),
        "{reason}"
    );
    let (signal, reason) = level(&store, "Documented controls");
    assert_eq!(signal, SignalLevel::Red);
    assert_eq!(
        reason,
        "65 blocking; first: Safeguard item not reviewed: §164.308(a)(1)(i) Security management process"
    );

    // Evidence: the four key kinds, in date, make it green; one overdue makes it amber.
    let kinds = [
        EvidenceKind::TrainingLog,
        EvidenceKind::Policy,
        EvidenceKind::AccessReview,
        EvidenceKind::IncidentRecord,
    ];
    let mut ids = Vec::new();
    for kind in kinds {
        ids.push(
            store
                .add_evidence(&record(kind.label(), kind, today(), Some(12)), None)
                .unwrap(),
        );
    }
    assert_eq!(level(&store, "Retrievable evidence").0, SignalLevel::Green);
    let mut old = store.evidence_record(ids[0]).unwrap();
    old.dated = NaiveDate::from_ymd_opt(2025, 1, 1);
    store.update_evidence(&old, None).unwrap();
    let (signal, reason) = level(&store, "Retrievable evidence");
    assert_eq!(signal, SignalLevel::Amber);
    assert_eq!(
        reason,
        "1 advisory; first: Evidence past its review date: evidence \"Training log\""
    );

    // Controls: each item reviewed takes its finding away.
    let assessment_id = store.current_assessment_id().unwrap();
    store
        .save_review(&SafeguardReview {
            status: ReviewStatus::Partial,
            reviewed_on: Some(today()),
            ..SafeguardReview::not_reviewed(assessment_id, "164.308(a)(1)(i)")
        })
        .unwrap();
    let (signal, reason) = level(&store, "Documented controls");
    assert_eq!(signal, SignalLevel::Red);
    assert!(reason.starts_with("64 blocking; first: "), "{reason}");

    // Inventory: nothing recorded is red; one current asset is green.
    assert_eq!(level(&store, "Inventory current").0, SignalLevel::Red);
    let asset = Asset {
        id: 0,
        assessment_id,
        name: "EHR".into(),
        kind: AssetKind::Application,
        description: String::new(),
        location: String::new(),
        owner_id: None,
        ephi: EphiActions::ALL,
        record_count: Some(5_000),
        criticality: Criticality::High,
        encrypted_at_rest: Encryption::Yes,
        last_reviewed: Some(today()),
        notes: String::new(),
        ..Asset::default()
    };
    store.add_asset(&asset).unwrap();
    assert_eq!(level(&store, "Inventory current").0, SignalLevel::Green);
}
