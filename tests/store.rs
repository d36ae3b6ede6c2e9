//! The workspace store: round trips of every record, refusal of files that are not ours
//! (bytes compared before and after), file permissions, and the change log.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use hipaa_ra::domain::*;
use hipaa_ra::store::{ChainStatus, Store, StoreError};

#[path = "support/clock.rs"]
mod clock;
use clock::today;

fn new_store(dir: &Path) -> (Store, PathBuf) {
    let path = dir.join("practice.hra");
    let store = Store::create(&path, "Test Practice", "Ana Tester", today()).unwrap();
    (store, path)
}

fn sample_asset(assessment_id: Id, owner_id: Option<Id>) -> Asset {
    Asset {
        assessment_id,
        name: "Front desk PC «Ωμέγα» Приём".into(),
        kind: AssetKind::Vendor,
        description: "Check-in, \"scanning\", billing; commas too".into(),
        location: "Reception".into(),
        owner_id,
        ephi: EphiActions {
            create: true,
            receive: false,
            maintain: true,
            transmit: false,
        },
        record_count: Some(8_400),
        criticality: Criticality::High,
        encrypted_at_rest: Encryption::No,
        last_reviewed: Some(today()),
        notes: "line one\nline two".into(),
        vendor_services: "Billing".into(),
        baa_status: Some(BaaStatus::Pending),
        baa_date: NaiveDate::from_ymd_opt(2025, 2, 28),
        ..Asset::default()
    }
}

#[test]
fn every_record_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, path) = new_store(dir.path());
    let assessment_id = store.current_assessment_id().unwrap();

    let practice = Practice {
        name: "Riverside Ärzte".into(),
        entity_type: EntityType::BusinessAssociate,
        locations: "One\nTwo".into(),
        workforce_size: Some(14),
        notes: "n".into(),
    };
    store.save_practice(&practice).unwrap();
    let person = Person {
        name: "Zoë O'Neil".into(),
        title: "Manager".into(),
        contact: "ext 2".into(),
        ..Default::default()
    };
    let person_id = store.add_person(&person).unwrap();
    let role_id = store.assign_role(person_id, Role::SecurityOfficial, "").unwrap();
    store.assign_role(person_id, Role::Custom, "Badge keeper").unwrap();
    let asset = sample_asset(assessment_id, Some(person_id));
    let asset_id = store.add_asset(&asset).unwrap();
    let review = SafeguardReview {
        id: 0,
        assessment_id,
        citation: "164.312(a)(2)(iv)".into(),
        status: ReviewStatus::Implemented,
        owner_id: Some(person_id),
        reviewed_on: Some(today()),
        notes: "BitLocker".into(),
        decision: Some(AddressableDecision::Alternative),
        decision_text: "Laptops hold no ePHI".into(),
        measure: "BitLocker on every laptop, keys escrowed".into(),
        answers: vec![
            QuestionAnswer {
                question: 0,
                answer: Answer::Yes,
                note: String::new(),
            },
            QuestionAnswer {
                question: 2,
                answer: Answer::DontKnow,
                note: "ask IT".into(),
            },
        ],
        ..SafeguardReview::default()
    };
    let review_id = store.save_review(&review).unwrap();
    let risk = Risk {
        id: 0,
        assessment_id,
        threat_key: Some("ransomware".into()),
        threat: "Ransomware".into(),
        source: ThreatSource::Adversarial,
        vulnerability: "No offline backup".into(),
        existing_controls: "AV".into(),
        citations: vec!["164.308(a)(7)(ii)(A)".into()],
        asset_ids: vec![asset_id],
        likelihood: Some(3),
        impact: Some(4),
        treatment: Treatment::Accept,
        residual_likelihood: Some(1),
        owner_id: Some(person_id),
        acceptance: Some(Acceptance {
            person_id,
            accepted_on: today(),
            reason: "cheap".into(),
        }),
        likelihood_rationale: "Two phishing clicks last year".into(),
        impact_rationale: "Every chart on the NAS".into(),
        ..Risk::default()
    };
    let risk_id = store.add_risks(std::slice::from_ref(&risk)).unwrap()[0];
    let action = Action {
        id: 0,
        risk_id: Some(risk_id),
        // The risk's assessment, as the store keeps it.
        assessment_id: risk.assessment_id,
        title: "Offline backup".into(),
        owner_id: Some(person_id),
        due_on: Some(today()),
        status: ActionStatus::InProgress,
        effort: Effort::Medium,
        cost_estimate: Some(1200),
        ..Action::default()
    };
    let action_id = store.add_action(&action).unwrap();
    let bytes: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    let evidence = Evidence {
        title: "Backup test".into(),
        kind: EvidenceKind::BackupTest,
        dated: Some(today()),
        owner_id: Some(person_id),
        review_cycle_months: Some(6),
        location: "IT log".into(),
        links: vec![EvidenceLink {
            target: LinkTarget::Safeguard,
            target_ref: "164.308(a)(7)(ii)(D)".into(),
        }],
        ..Default::default()
    };
    let evidence_id = store.add_evidence(&evidence, Some(("restore.bin", &bytes))).unwrap();
    drop(store);

    // Everything read back from a fresh connection to the file.
    let store = Store::open(&path).unwrap();
    let workspace = store.snapshot().unwrap();
    assert_eq!(workspace.practice, practice);
    assert_eq!(
        workspace.people,
        vec![Person {
            id: person_id,
            ..person
        }]
    );
    assert_eq!(workspace.roles.len(), 2);
    assert_eq!(workspace.roles[0].id, role_id);
    assert_eq!(workspace.roles[1].custom_label, "Badge keeper");
    assert_eq!(workspace.assets, vec![Asset { id: asset_id, ..asset }]);
    assert_eq!(
        workspace.reviews,
        vec![SafeguardReview {
            id: review_id,
            ..review
        }]
    );
    assert_eq!(workspace.risks, vec![Risk { id: risk_id, ..risk }]);
    assert_eq!(
        workspace.actions,
        vec![Action {
            id: action_id,
            ..action
        }]
    );
    let saved = &workspace.evidence[0];
    assert_eq!(saved.id, evidence_id);
    assert_eq!(saved.links, evidence.links);
    let file = saved.file.as_ref().unwrap();
    assert_eq!(file.size, 70_000);
    assert_eq!(file.file_name, "restore.bin");
    assert_eq!(file.sha256.len(), 64);
    assert_eq!(
        store.evidence_file(evidence_id).unwrap(),
        bytes,
        "stored file comes back byte for byte"
    );
    assert_eq!(workspace.assessment().unwrap().matrix.key, "nist-800-30");
}

#[test]
fn updates_and_deletes_are_saved() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, path) = new_store(dir.path());
    let assessment_id = store.current_assessment_id().unwrap();
    let id = store.add_asset(&sample_asset(assessment_id, None)).unwrap();
    let mut asset = store.asset(id).unwrap();
    asset.name = "Renamed".into();
    asset.set_vendor(None);
    asset.kind = AssetKind::Laptop;
    store.update_asset(&asset).unwrap();
    // Saved at once: a reader beside the open store sees it.
    assert_eq!(Store::open_for_reading(&path).unwrap().asset(id).unwrap(), asset);
    store.delete_asset(id).unwrap();
    assert!(matches!(store.asset(id), Err(StoreError::Missing { .. })));
}

#[test]
fn a_person_who_owns_something_is_not_deleted_silently() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = new_store(dir.path());
    let assessment_id = store.current_assessment_id().unwrap();
    let person_id = store
        .add_person(&Person {
            name: "Kim".into(),
            ..Default::default()
        })
        .unwrap();
    store.assign_role(person_id, Role::TrainingOwner, "").unwrap();
    store.add_asset(&sample_asset(assessment_id, Some(person_id))).unwrap();
    let error = store.delete_person(person_id).unwrap_err().to_string();
    assert_eq!(error, "Kim still owns 1 role, 1 asset; reassign those first");
    assert!(store.person(person_id).is_ok());
}

#[test]
fn blank_names_are_refused_naming_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = new_store(dir.path());
    let error = store.add_person(&Person {
        name: "  ".into(),
        ..Default::default()
    });
    assert_eq!(error.unwrap_err().to_string(), "person name cannot be empty");
}

#[test]
fn new_files_are_private_and_existing_ones_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let (store, path) = new_store(dir.path());
    drop(store);
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let before = std::fs::read(&path).unwrap();
    let error = Store::create(&path, "Other", "x", today()).unwrap_err();
    assert!(matches!(error, StoreError::AlreadyExists(_)), "{error}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

/// Opens `path`, expects a refusal whose message contains `expected`, and checks the
/// file is byte for byte what it was.
fn assert_refused_unchanged(path: &Path, expected: &str) {
    let before = std::fs::read(path).unwrap();
    let error = Store::open(path).unwrap_err().to_string();
    assert!(
        error.contains(expected),
        "message `{error}` should contain `{expected}`"
    );
    assert!(
        error.contains(&path.display().to_string()),
        "message should name the file: {error}"
    );
    assert!(!error.contains('\n'), "one line: {error}");
    assert_eq!(std::fs::read(path).unwrap(), before, "file changed");
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    assert!(
        !Path::new(&wal).exists(),
        "a -wal file was created next to {}",
        path.display()
    );
}

#[test]
fn a_file_from_a_newer_version_is_refused_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let (store, path) = new_store(dir.path());
    drop(store);
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
    }
    assert_refused_unchanged(&path, "written by a newer version of hipaa-ra (schema 99");
}

#[test]
fn a_sqlite_file_of_another_program_is_refused_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('hello');")
            .unwrap();
    }
    assert_refused_unchanged(&path, "not a hipaa-ra workspace (a SQLite database of another program)");
}

#[test]
fn text_random_empty_and_truncated_files_are_refused_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "Patient list\n".repeat(20)).unwrap();
    assert_refused_unchanged(&text, "it is not a SQLite database");

    let random = dir.path().join("random.hra");
    let bytes: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(&random, bytes).unwrap();
    assert_refused_unchanged(&random, "not a hipaa-ra workspace");

    let empty = dir.path().join("empty.hra");
    std::fs::write(&empty, b"").unwrap();
    assert_refused_unchanged(&empty, "the file is empty");

    let (store, path) = new_store(dir.path());
    drop(store);
    let whole = std::fs::read(&path).unwrap();
    let truncated = dir.path().join("truncated.hra");
    std::fs::write(&truncated, &whole[..whole.len() / 3]).unwrap();
    let before = std::fs::read(&truncated).unwrap();
    let error = Store::open(&truncated).unwrap_err().to_string();
    assert!(
        error.contains("damaged") || error.contains("not a hipaa-ra workspace"),
        "{error}"
    );
    assert_eq!(std::fs::read(&truncated).unwrap(), before);
}

#[test]
fn a_directory_and_a_missing_file_get_one_line_errors() {
    let dir = tempfile::tempdir().unwrap();
    assert!(matches!(Store::open(dir.path()), Err(StoreError::IsDirectory(_))));
    let missing = dir.path().join("missing.hra");
    assert_eq!(
        Store::open(&missing).unwrap_err().to_string(),
        format!("{}: no such file", missing.display())
    );
    assert!(!missing.exists(), "opening must never create a file");
}

#[test]
fn every_write_is_logged_with_who_what_and_values() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = new_store(dir.path());
    let before = store.change_log().unwrap().len();
    let id = store
        .add_person(&Person {
            name: "Lee".into(),
            ..Default::default()
        })
        .unwrap();
    let mut person = store.person(id).unwrap();
    person.title = "Nurse".into();
    store.update_person(&person).unwrap();
    store.delete_person(id).unwrap();
    let log = store.change_log().unwrap();
    let added: Vec<_> = log[before..]
        .iter()
        .map(|e| (e.entity.as_str(), e.operation.as_str(), e.actor.as_str()))
        .collect();
    assert_eq!(
        added,
        [
            ("people", "create", "Ana Tester"),
            ("people", "update", "Ana Tester"),
            ("people", "delete", "Ana Tester")
        ]
    );
    let update = &log[before + 1];
    assert!(update.before.as_deref().unwrap().contains("\"title\":\"\""));
    assert!(update.after.as_deref().unwrap().contains("\"title\":\"Nurse\""));
    assert!(log[before + 2].after.is_none());
    assert!(update.at.ends_with('Z'), "UTC time: {}", update.at);
}

#[test]
fn the_change_log_chain_verifies_and_tampering_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = new_store(dir.path());
    for name in ["A", "B", "C", "D"] {
        store
            .add_person(&Person {
                name: name.into(),
                ..Default::default()
            })
            .unwrap();
    }
    let ChainStatus::Intact { entries, last_hash } = store.verify_change_log().unwrap() else {
        panic!("fresh chain should verify");
    };
    assert!(entries >= 4);
    assert_eq!(last_hash, store.change_log().unwrap().last().unwrap().hash);

    // Altering the content of the row that created "C" is found at exactly that row.
    let row = store
        .change_log()
        .unwrap()
        .iter()
        .find(|e| e.after.as_deref().is_some_and(|a| a.contains("\"C\"")))
        .unwrap()
        .id;
    store
        .tamper_for_tests(&format!(
            "UPDATE change_log SET after = replace(after, '\"C\"', '\"X\"') WHERE id = {row}"
        ))
        .unwrap();
    match store.verify_change_log().unwrap() {
        ChainStatus::Broken { row: found, reason } => {
            assert_eq!(found, row);
            assert!(reason.contains("altered"), "{reason}");
        }
        other => panic!("expected a broken chain, got {other:?}"),
    }
}

#[test]
fn a_removed_change_log_row_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = new_store(dir.path());
    for name in ["A", "B", "C"] {
        store
            .add_person(&Person {
                name: name.into(),
                ..Default::default()
            })
            .unwrap();
    }
    store.tamper_for_tests("DELETE FROM change_log WHERE id = 3").unwrap();
    match store.verify_change_log().unwrap() {
        ChainStatus::Broken { row, reason } => {
            assert_eq!(row, 4);
            assert!(reason.contains("removed"), "{reason}");
        }
        other => panic!("expected a broken chain, got {other:?}"),
    }
}

#[test]
fn a_failed_write_saves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = new_store(dir.path());
    let assessment_id = store.current_assessment_id().unwrap();
    let good = sample_asset(assessment_id, None);
    let bad = Asset {
        owner_id: Some(9_999),
        ..good.clone()
    }; // no such person: foreign key fails
    let log_before = store.change_log().unwrap().len();
    assert!(store.add_assets(&[good.clone(), good, bad]).is_err());
    assert!(store.assets(assessment_id).unwrap().is_empty(), "all or nothing");
    assert_eq!(
        store.change_log().unwrap().len(),
        log_before,
        "no change-log rows for a failed write"
    );
}

#[test]
fn an_addressable_item_reviewed_without_a_decision_is_refused_and_nothing_saved() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = new_store(dir.path());
    let assessment_id = store.current_assessment_id().unwrap();
    let log_before = store.change_log().unwrap().len();
    let review = SafeguardReview {
        id: 0,
        assessment_id,
        citation: "164.312(a)(2)(iv)".into(),
        status: ReviewStatus::Implemented,
        reviewed_on: Some(today()),
        ..SafeguardReview::default()
    };
    let error = store.save_review(&review).unwrap_err().to_string();
    assert_eq!(
        error,
        "164.312(a)(2)(iv) is addressable: record a decision (implemented as specified, an equivalent \
         alternative, or not reasonable and appropriate) (field: decision)"
    );
    assert!(store.safeguard_reviews(assessment_id).unwrap().is_empty());
    assert_eq!(store.change_log().unwrap().len(), log_before);
    // A required specification set aside needs its reason; an unknown citation is refused.
    let required = SafeguardReview {
        citation: "164.308(a)(4)(ii)(A)".into(),
        status: ReviewStatus::NotApplicable,
        ..review.clone()
    };
    assert_eq!(
        store.save_review(&required).unwrap_err().to_string(),
        "164.308(a)(4)(ii)(A): say why it does not apply (field: reason)"
    );
    let unknown = SafeguardReview {
        citation: "164.999(z)".into(),
        ..review.clone()
    };
    assert!(
        store
            .save_review(&unknown)
            .unwrap_err()
            .to_string()
            .contains("not in the Security Rule catalog")
    );
    // With the decision recorded, it saves.
    let decided = SafeguardReview {
        decision: Some(AddressableDecision::AsSpecified),
        ..review
    };
    assert!(store.save_review(&decided).is_ok());
}

#[test]
fn a_damaged_page_is_refused_by_both_ways_of_opening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.hra");
    drop(hipaa_ra::demo::create(&path, today()).unwrap());
    // Scribble over a page in the middle, past the header, as a failing disk might.
    let mut bytes = std::fs::read(&path).unwrap();
    let pages = bytes.len() / 4096;
    assert!(pages > 8, "the demo spans {pages} pages");
    let middle = (pages / 2) * 4096;
    for (offset, byte) in bytes[middle..middle + 64].iter_mut().enumerate() {
        *byte = 0xA5 ^ offset as u8;
    }
    std::fs::write(&path, &bytes).unwrap();
    for (how, error) in [
        ("open", Store::open(&path).err().map(|e| e.to_string())),
        (
            "open_and_load",
            Store::open_and_load(&path).err().map(|e| e.to_string()),
        ),
    ] {
        let error = error.unwrap_or_else(|| panic!("{how} accepted a damaged file"));
        assert!(error.contains("the workspace is damaged"), "{how}: {error}");
        assert!(!error.contains('\n'), "{how}: one line: {error}");
        assert_eq!(std::fs::read(&path).unwrap(), bytes, "{how} changed the file");
    }
}

/// §164.308(a)(2) asks for one security official: every path that sets roles refuses a
/// second holder (the TUI's save, `assign_role`, a workspace file brought in with
/// `new --from`), in one line naming the holder and the citation; nothing is saved.
#[test]
fn a_second_security_official_is_refused_by_every_path_that_sets_roles() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = new_store(dir.path());
    let add = |store: &mut Store, name: &str| {
        store
            .add_person(&Person {
                name: name.into(),
                ..Default::default()
            })
            .unwrap()
    };
    let (dana, kim) = (add(&mut store, "Dana"), add(&mut store, "Kim"));
    store.assign_role(dana, Role::SecurityOfficial, "").unwrap();
    let expected =
        "Dana is already the security official: §164.308(a)(2) Assigned security responsibility asks for one";
    let error = store.assign_role(kim, Role::SecurityOfficial, "").unwrap_err();
    assert_eq!(error.to_string(), expected);
    let kim_person = store.person(kim).unwrap();
    let error = store
        .save_person(
            &kim_person,
            &[
                (Role::SecurityOfficial, String::new()),
                (Role::TrainingOwner, String::new()),
            ],
        )
        .unwrap_err();
    assert_eq!(error.to_string(), expected);
    assert_eq!(store.role_assignments().unwrap().len(), 1, "nothing saved");
    // Dana keeps it through an edit of her own roles; other roles are not limited.
    let dana_person = store.person(dana).unwrap();
    store
        .save_person(
            &dana_person,
            &[
                (Role::SecurityOfficial, String::new()),
                (Role::TrainingOwner, String::new()),
            ],
        )
        .unwrap();
    store.assign_role(kim, Role::TrainingOwner, "").unwrap();

    let mut export = hipaa_ra::store::export_workspace(&store).unwrap();
    export.validate().unwrap();
    let mut second = export.roles[0].clone();
    assert_eq!(second.role, Role::SecurityOfficial);
    second.id = 999;
    second.person_id = kim;
    export.roles.push(second);
    let problem = export.validate().unwrap_err();
    assert!(problem.to_string().ends_with(expected), "{problem}");
}

/// Issue 26: the checklist's "already recorded" answer keeps its asset, and Avoid keeps
/// its reason; both come back from the store and through a workspace export and its
/// restore. An asset of another assessment, or none, is refused; deleting the asset
/// leaves the answer without it.
#[test]
fn an_already_recorded_answer_and_an_avoid_reason_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = new_store(dir.path());
    let assessment_id = store.current_assessment_id().unwrap();
    let asset_id = store.add_asset(&sample_asset(assessment_id, None)).unwrap();
    let answer = PromptRecord {
        prompt: InventoryPrompt::Backups,
        answer: PromptAnswer::AlreadyRecorded,
        note: String::new(),
        asset_id: Some(asset_id),
    };
    store.answer_prompt(assessment_id, &answer).unwrap();
    assert_eq!(store.prompt_answers(assessment_id).unwrap(), vec![answer.clone()]);
    let without = PromptRecord {
        asset_id: None,
        ..answer.clone()
    };
    let error = store.answer_prompt(assessment_id, &without).unwrap_err();
    assert_eq!(
        error.to_string(),
        "Backups and their media: choose the asset already recorded"
    );

    let avoided = Risk {
        assessment_id,
        threat: "Misdirected fax".into(),
        treatment: Treatment::Avoid,
        treatment_reason: "The fax line is cancelled; referrals go through the portal".into(),
        ..Risk::default()
    };
    let risk_id = store.add_risks(std::slice::from_ref(&avoided)).unwrap()[0];
    assert_eq!(store.risk(risk_id).unwrap(), Risk { id: risk_id, ..avoided });

    let export = hipaa_ra::store::export_workspace(&store).unwrap();
    let copy = dir.path().join("copy.hra");
    let restored = Store::create_from_export(&copy, &export, today()).unwrap();
    assert_eq!(restored.prompt_answers(assessment_id).unwrap(), vec![answer.clone()]);
    assert_eq!(
        restored.risk(risk_id).unwrap().treatment_reason,
        "The fax line is cancelled; referrals go through the portal"
    );
    drop(restored);

    store.delete_asset(asset_id).unwrap();
    let after = store.prompt_answers(assessment_id).unwrap();
    assert_eq!(after[0].asset_id, None, "the answer stays, without the deleted asset");
    assert_eq!(
        after[0].answer_text(&[]),
        "Already recorded (the asset was since deleted)"
    );
}
