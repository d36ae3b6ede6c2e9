//! The whole-workspace export (`export -o FILE.json`, `new --from FILE.json`) on the demo:
//! a recreated workspace has the same records, ids, files and history; re-exporting adds
//! only the import's change-log row; a bad file is refused in one line and leaves no file.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use hipaa_ra::domain::*;
use hipaa_ra::exchange::workspace::{WorkspaceExport, from_json, to_json};
use hipaa_ra::store::{ChainStatus, Store, StoreError, export_workspace};

#[path = "support/clock.rs"]
mod clock;
use clock::today;

/// The demo, plus a second assessment with a few records so every assessment is exported.
fn demo(dir: &Path) -> Store {
    let mut store = hipaa_ra::demo::create(&dir.join("a.hra"), today()).unwrap();
    let first = store.current_assessment_id().unwrap();
    let matrix = store.assessment(first).unwrap().matrix;
    let next = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
    let mut assessment = Assessment::for_year_of(next, "Dana Whitfield", matrix);
    assessment.carried_from = Some(first);
    let id = store.add_assessment(&assessment).unwrap();
    let owner = store.people().unwrap()[0].id;
    let asset = store
        .add_asset(&Asset {
            id: 0,
            assessment_id: id,
            name: "Tablet «Ω» 2027".into(),
            kind: AssetKind::MobileDevice,
            owner_id: Some(owner),
            ..store.assets(first).unwrap()[0].clone()
        })
        .unwrap();
    let risk = Risk {
        id: 0,
        assessment_id: id,
        threat_key: None,
        threat: "Tablet left in a taxi".into(),
        source: ThreatSource::Accidental,
        asset_ids: vec![asset],
        treatment: Treatment::Mitigate,
        owner_id: Some(owner),
        ..store.risks(first).unwrap()[0].clone()
    };
    // A risk to mitigate is saved with its first action, in one transaction.
    let undecided = Risk {
        treatment: Treatment::Undecided,
        ..risk.clone()
    };
    let risk_id = store.add_risks(&[undecided]).unwrap()[0];
    let action_id = store
        .set_treatment(
            &Risk { id: risk_id, ..risk },
            Some(&Action {
                id: 0,
                risk_id: Some(risk_id),
                title: "Encrypt and enrol the tablet".into(),
                owner_id: Some(owner),
                due_on: Some(next),
                effort: Effort::Small,
                cost_estimate: Some(300),
                ..Action::default()
            }),
        )
        .unwrap()
        .unwrap();
    let answers = vec![
        QuestionAnswer {
            question: 0,
            answer: Answer::Yes,
            note: "policy v3".into(),
        },
        QuestionAnswer {
            question: 2,
            answer: Answer::DontKnow,
            note: String::new(),
        },
    ];
    let citation = "164.308(a)(1)(ii)(A)".to_string();
    let review = SafeguardReview {
        id: 0,
        assessment_id: id,
        citation,
        status: ReviewStatus::Partial,
        owner_id: Some(owner),
        reviewed_on: Some(today()),
        notes: "Started".into(),
        answers,
        measure: "This workbench, reviewed yearly".into(),
        ..SafeguardReview::default()
    };
    store.save_review(&review).unwrap();
    let links = vec![
        EvidenceLink {
            target: LinkTarget::Risk,
            target_ref: risk_id.to_string(),
        },
        EvidenceLink {
            target: LinkTarget::Action,
            target_ref: action_id.to_string(),
        },
    ];
    let evidence = Evidence {
        title: "Tablet MDM report".into(),
        kind: EvidenceKind::Other,
        dated: Some(today()),
        owner_id: Some(owner),
        review_cycle_months: Some(3),
        location: "MDM console".into(),
        links,
        ..Default::default()
    };
    store
        .add_evidence(&evidence, Some(("mdm.bin", &[0, 255, 1, 2, 254])))
        .unwrap();
    let record = PromptRecord {
        prompt: InventoryPrompt::Backups,
        answer: PromptAnswer::NoneHere,
        note: "none\nat all".into(),
        asset_id: None,
    };
    store.answer_prompt(id, &record).unwrap();
    store.set_current_assessment(first).unwrap();
    store
}

fn files_at(path: &Path) -> Vec<PathBuf> {
    ["", "-wal", "-shm"]
        .iter()
        .map(|suffix| PathBuf::from(format!("{}{suffix}", path.display())))
        .filter(|path| path.exists())
        .collect()
}

/// What `new PATH --from FILE` does: read the file, then recreate.
fn import(text: &str, path: &Path) -> Result<Store, String> {
    let export = from_json(text)?;
    Store::create_from_export(path, &export, today()).map_err(|error| error.to_string())
}

fn assert_same_records(a: &Store, b: &Store) {
    let (x, y) = (a.snapshot().unwrap(), b.snapshot().unwrap());
    assert_eq!(x.practice, y.practice);
    assert_eq!(x.people, y.people);
    assert_eq!(x.roles, y.roles);
    assert_eq!(x.assessments, y.assessments);
    assert_eq!(x.assessment_id, y.assessment_id);
    assert_eq!(x.assets, y.assets);
    assert_eq!(x.reviews, y.reviews);
    assert_eq!(x.risks, y.risks);
    assert_eq!(x.actions, y.actions);
    assert_eq!(x.evidence, y.evidence);
    assert_eq!(x.prompts, y.prompts);
    assert_eq!(a.assessor().unwrap(), b.assessor().unwrap());
    assert_eq!(x.assessments.len(), 2);
    for assessment in &x.assessments {
        let id = assessment.id;
        assert_eq!(a.assets(id).unwrap(), b.assets(id).unwrap());
        assert_eq!(a.safeguard_reviews(id).unwrap(), b.safeguard_reviews(id).unwrap());
        assert_eq!(a.risks(id).unwrap(), b.risks(id).unwrap());
        assert_eq!(a.actions(id).unwrap(), b.actions(id).unwrap());
        assert_eq!(a.prompt_answers(id).unwrap(), b.prompt_answers(id).unwrap());
    }
    let stored: Vec<_> = x.evidence.iter().filter(|record| record.file.is_some()).collect();
    assert!(!stored.is_empty(), "the demo has stored evidence files");
    for record in stored {
        assert_eq!(a.evidence_file(record.id).unwrap(), b.evidence_file(record.id).unwrap());
    }
}

/// The export with its last change-log row removed, after checking that row is the import.
fn without_import_row(text: &str) -> String {
    let mut export = from_json(text).unwrap();
    let last = export.change_log.pop().unwrap();
    assert_eq!((last.entity.as_str(), last.entity_id.as_str()), ("workspace", "import"));
    to_json(&export)
}

#[test]
fn the_recreated_demo_has_the_same_records_ids_and_files() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let a = demo(dir.path());
    let text = to_json(&export_workspace(&a).unwrap());
    let path = dir.path().join("b.hra");
    let b = Store::create_from_export(&path, &from_json(&text).unwrap(), today()).unwrap();
    assert_same_records(&a, &b);
    assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    drop(b);
    assert_same_records(&a, &Store::open(&path).unwrap());
}

#[test]
fn each_round_trip_adds_only_the_import_row_to_the_export() {
    let dir = tempfile::tempdir().unwrap();
    let export_a = to_json(&export_workspace(&demo(dir.path())).unwrap());
    assert_eq!(
        to_json(&from_json(&export_a).unwrap()),
        export_a,
        "the text is canonical"
    );
    let b = import(&export_a, &dir.path().join("b.hra")).unwrap();
    let export_b = to_json(&export_workspace(&b).unwrap());
    let c = import(&export_b, &dir.path().join("c.hra")).unwrap();
    let export_c = to_json(&export_workspace(&c).unwrap());
    // A and B, and B and C, are byte-identical except for one trailing change-log row.
    assert_eq!(without_import_row(&export_b), export_a);
    assert_eq!(without_import_row(&export_c), export_b);
    assert_eq!(
        to_json(&export_workspace(&c).unwrap()),
        export_c,
        "exporting twice gives the same bytes"
    );
}

#[test]
fn the_recreated_history_verifies_and_records_the_import() {
    let dir = tempfile::tempdir().unwrap();
    let a = demo(dir.path());
    let ChainStatus::Intact { entries, .. } = a.verify_change_log().unwrap() else {
        panic!("the demo's chain is intact")
    };
    let b = import(&to_json(&export_workspace(&a).unwrap()), &dir.path().join("b.hra")).unwrap();
    assert!(matches!(b.verify_change_log().unwrap(), ChainStatus::Intact { entries: n, .. } if n == entries + 1));
    let log = b.change_log().unwrap();
    assert_eq!(log[..log.len() - 1], a.change_log().unwrap()[..]);
    let last = log.last().unwrap();
    assert_eq!((last.entity.as_str(), last.operation.as_str()), ("workspace", "create"));
    assert_eq!(last.actor, a.assessor().unwrap());
}

#[test]
fn a_bad_file_is_refused_in_one_line_and_leaves_no_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let text = to_json(&export_workspace(&demo(dir.path())).unwrap());
    let mut dangling: WorkspaceExport = from_json(&text).unwrap();
    dangling.assessments[0].assets[1].owner_id = Some(9_999);
    let mut no_supervisor: WorkspaceExport = from_json(&text).unwrap();
    no_supervisor.people[2].supervisor_id = Some(8_888);
    let wrong_type = text.replacen("\"workforce_size\": 12", "\"workforce_size\": \"twelve\"", 1);
    let cases = [
        ("truncated", text[..text.len() * 2 / 3].to_string(), "EOF while parsing"),
        (
            "wrong type",
            wrong_type,
            "practice.workforce_size: invalid type: string \"twelve\", expected u32",
        ),
        (
            "dangling owner",
            to_json(&dangling),
            "assessments[0].assets[1].owner_id: no person with id 9999 (asset",
        ),
        (
            "dangling supervisor",
            to_json(&no_supervisor),
            "people[2].supervisor_id: no person with id 8888 (person",
        ),
        (
            "version 99",
            text.replacen(
                &format!("\"version\": {}", hipaa_ra::exchange::workspace::VERSION),
                "\"version\": 99",
                1,
            ),
            "version: format version 99",
        ),
        ("not an export", "{\"name\": \"x\"}\n".into(), "line 1: format: missing"),
    ];
    for (case, bad, expected) in cases {
        let path = dir.path().join(format!("{case}.hra"));
        let error = import(&bad, &path).unwrap_err();
        eprintln!("{case}: {error}");
        assert!(
            error.starts_with("line ") && error.contains(expected),
            "{case}: {error}"
        );
        assert!(!error.contains('\n'), "{case}: {error}");
        assert!(files_at(&path).is_empty(), "{case} left {:?}", files_at(&path));
    }
    let path = dir.path().join("direct.hra");
    let error = Store::create_from_export(&path, &dangling, today()).unwrap_err();
    assert!(matches!(error, StoreError::Invalid(_)), "{error}");
    assert!(
        error.to_string().contains("assets[1].owner_id: no person with id 9999"),
        "{error}"
    );
    assert!(files_at(&path).is_empty());
}

#[test]
fn an_altered_history_is_refused_after_the_file_was_made_and_the_file_is_removed() {
    let dir = tempfile::tempdir().unwrap();
    let mut export = export_workspace(&demo(dir.path())).unwrap();
    export.change_log[4].actor = "Someone Else".into();
    let path = dir.path().join("b.hra");
    let error = Store::create_from_export(&path, &export, today())
        .unwrap_err()
        .to_string();
    assert!(error.contains("the change log is broken at row 5"), "{error}");
    assert!(files_at(&path).is_empty(), "left {:?}", files_at(&path));
}

#[test]
fn an_existing_target_is_refused_and_left_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let export = export_workspace(&demo(dir.path())).unwrap();
    let path = dir.path().join("taken.hra");
    std::fs::write(&path, b"somebody's notes").unwrap();
    let error = Store::create_from_export(&path, &export, today()).unwrap_err();
    assert!(matches!(error, StoreError::AlreadyExists(_)), "{error}");
    assert_eq!(std::fs::read(&path).unwrap(), b"somebody's notes");
    assert_eq!(files_at(&path), [path]);
}

/// Row counts of every table of a workspace file, read with plain SQLite.
fn table_counts(path: &Path) -> Vec<(String, i64)> {
    let conn = rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    tables
        .into_iter()
        .map(|table| {
            let count = conn
                .query_row(&format!("SELECT count(*) FROM \"{table}\""), [], |row| row.get(0))
                .unwrap();
            (table, count)
        })
        .collect()
}

/// The class of bug where a table (or a setting) is recorded in the change log but left
/// out of the export, so the copy does not replay and `new --from` refuses it: a
/// workspace with a row in EVERY table is copied, and every table keeps its rows. A table
/// added by a later migration fails the first assertion until the workspace here fills it.
#[test]
fn a_copy_keeps_the_rows_of_every_table() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("full.hra");
    // Two years, the first signed: `hipaa-ra demo`.
    let mut store = hipaa_ra::demo_history::create(&path, today()).unwrap();
    // The demo's misdirected fax started an off-cycle analysis: its scenario is marked to
    // score again there (`incident_rescores`).
    let fax = store
        .incidents()
        .unwrap()
        .into_iter()
        .find(|incident| incident.title == hipaa_ra::demo_incidents::MISDIRECTED_FAX)
        .unwrap()
        .id;
    store
        .next_assessment(
            &hipaa_ra::store::NextOptions {
                incident: Some(fax),
                ..Default::default()
            },
            today(),
        )
        .unwrap();
    // Next year's refresh retired one of last year's assets; two settings were changed.
    let current = store.current_assessment_id().unwrap();
    let assets = store.assets(current).unwrap();
    assert!(
        assets
            .iter()
            .any(|asset| store.retire_assets(&[asset.id], today()).is_ok()),
        "the demo carries some asset into this year"
    );
    store.set_proposed_rule_shown(false).unwrap();
    store.set_report_paper("a4").unwrap();
    drop(store);

    let before = table_counts(&path);
    let empty: Vec<&str> = before
        .iter()
        .filter(|(_, count)| *count == 0)
        .map(|(table, _)| table.as_str())
        .collect();
    assert!(
        empty.is_empty(),
        "fill these tables so their copy is checked: {empty:?}"
    );

    let store = Store::open(&path).unwrap();
    let text = to_json(&export_workspace(&store).unwrap());
    drop(store);
    let copy = dir.path().join("copy.hra");
    drop(import(&text, &copy).expect("the copy is accepted"));
    let after = table_counts(&copy);
    for ((table, count), (_, copied)) in before.iter().zip(&after) {
        let expected = if table == "change_log" { count + 1 } else { *count };
        assert_eq!(*copied, expected, "{table}: {count} rows, the copy has {copied}");
    }
}

/// A file written before version 5 keeps an asset's vendor details in a `vendor` object;
/// it reads into the flat fields, every asset equal to the one exported.
#[test]
fn an_export_of_version_4_reads_its_vendor_objects() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo(dir.path());
    let export = export_workspace(&store).unwrap();
    let mut json: serde_json::Value = serde_json::from_str(&to_json(&export)).unwrap();
    json["version"] = 4.into();
    let mut vendors = 0;
    for assessment in json["assessments"].as_array_mut().unwrap() {
        for asset in assessment["assets"].as_array_mut().unwrap() {
            let object = asset.as_object_mut().unwrap();
            let services = object.remove("vendor_services").unwrap();
            let status = object.remove("baa_status").unwrap();
            let date = object.remove("baa_date").unwrap();
            let vendor = if status.is_null() {
                serde_json::Value::Null
            } else {
                vendors += 1;
                serde_json::json!({ "services": services, "baa_status": status, "baa_date": date })
            };
            object.insert("vendor".into(), vendor);
        }
    }
    assert!(vendors >= 5, "the demo has vendors: {vendors}");
    let old = from_json(&serde_json::to_string_pretty(&json).unwrap()).unwrap();
    for (read, written) in old.assessments.iter().zip(&export.assessments) {
        assert_eq!(read.assets, written.assets);
    }
}
