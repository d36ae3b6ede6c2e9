//! Risk treatment in the store: the rules enforced on every save inside its transaction
//! (a refused save writes nothing, not even a change-log row), a risk treated together
//! with its first action, and deletes that keep the register consistent.

use chrono::NaiveDate;
use hipaa_ra::domain::*;
use hipaa_ra::store::{Store, StoreError};

#[path = "support/clock.rs"]
mod clock;
use clock::today;

struct Fixture {
    store: Store,
    assessment_id: Id,
    official: Id,
    clerk: Id,
    asset: Id,
}

fn fixture() -> Fixture {
    let mut store = Store::in_memory("Test Practice", "Ana Tester", today()).unwrap();
    let assessment_id = store.current_assessment_id().unwrap();
    let person = |name: &str| Person {
        name: name.into(),
        ..Default::default()
    };
    let official = store.add_person(&person("Olga Official")).unwrap();
    store.assign_role(official, Role::SecurityOfficial, "").unwrap();
    let clerk = store.add_person(&person("Carl Clerk")).unwrap();
    let asset = store
        .add_asset(&Asset {
            id: 0,
            assessment_id,
            name: "EHR".into(),
            kind: AssetKind::CloudService,
            description: String::new(),
            location: String::new(),
            owner_id: None,
            ephi: EphiActions::ALL,
            record_count: Some(5000),
            criticality: Criticality::High,
            encrypted_at_rest: Encryption::Yes,
            last_reviewed: None,
            notes: String::new(),
            ..Asset::default()
        })
        .unwrap();
    Fixture {
        store,
        assessment_id,
        official,
        clerk,
        asset,
    }
}

impl Fixture {
    /// A new undecided ransomware scenario on the EHR, scored (likelihood, impact).
    fn add_risk(&mut self, likelihood: Option<usize>, impact: Option<usize>) -> Risk {
        let mut risk = hipaa_ra::catalog::Catalog::embedded()
            .threat("ransomware")
            .unwrap()
            .scenario(&self.store.snapshot().unwrap(), vec![self.asset]);
        risk.likelihood = likelihood;
        risk.impact = impact;
        risk.id = self.store.add_risks(std::slice::from_ref(&risk)).unwrap()[0];
        risk
    }

    fn log_len(&self) -> usize {
        self.store.change_log().unwrap().len()
    }
}

fn action(title: &str) -> Action {
    Action {
        id: 0,
        title: title.into(),
        due_on: NaiveDate::from_ymd_opt(2026, 12, 31),
        effort: Effort::Small,
        cost_estimate: Some(250),
        ..Action::default()
    }
}

fn accept(risk: &Risk, by: Id) -> Risk {
    Risk {
        treatment: Treatment::Accept,
        acceptance: Some(Acceptance {
            person_id: by,
            accepted_on: today(),
            reason: "Cheaper to recover than to prevent".into(),
        }),
        ..risk.clone()
    }
}

fn refused_field(result: Result<impl std::fmt::Debug, StoreError>) -> &'static str {
    match result {
        Err(StoreError::Refused { field, message }) => {
            assert_eq!(message.lines().count(), 1, "{message}");
            assert!(message.contains("Ransomware"), "names the threat: {message}");
            field
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn a_refused_treatment_writes_nothing() {
    let mut f = fixture();
    let risk = f.add_risk(Some(3), Some(3)); // High on Table I-2
    let log = f.log_len();
    let cases = [
        (
            Risk {
                treatment: Treatment::Mitigate,
                ..risk.clone()
            },
            "action_title",
        ),
        (accept(&risk, f.clerk), "accepted_by"),
        (
            Risk {
                likelihood: None,
                ..accept(&risk, f.official)
            },
            "treatment",
        ),
        (
            Risk {
                acceptance: None,
                ..accept(&risk, f.official)
            },
            "accepted_by",
        ),
    ];
    for (attempt, field) in cases {
        assert_eq!(refused_field(f.store.set_treatment(&attempt, None)), field);
        assert_eq!(refused_field(f.store.update_risk(&attempt)), field);
    }
    let mut blank_reason = accept(&risk, f.official);
    blank_reason.acceptance.as_mut().unwrap().reason = " ".into();
    assert_eq!(
        refused_field(f.store.set_treatment(&blank_reason, None)),
        "acceptance_reason"
    );
    // A blank action title is refused before anything else.
    let mitigate = Risk {
        treatment: Treatment::Mitigate,
        ..risk.clone()
    };
    assert_eq!(
        refused_field(f.store.set_treatment(&mitigate, Some(&action("  ")))),
        "action_title"
    );
    assert_eq!(f.log_len(), log, "no change-log row for a refused save");
    assert_eq!(f.store.risk(risk.id).unwrap(), risk, "the risk is as it was");
    assert!(f.store.risk_actions(risk.id).unwrap().is_empty());
    // The security official may accept it.
    f.store.set_treatment(&accept(&risk, f.official), None).unwrap();
    assert_eq!(f.log_len(), log + 1);
}

#[test]
fn mitigating_saves_the_risk_and_its_first_action_together() {
    let mut f = fixture();
    let risk = f.add_risk(Some(4), Some(4));
    let log = f.log_len();
    let treated = Risk {
        treatment: Treatment::Mitigate,
        residual_likelihood: Some(1),
        residual_impact: Some(4),
        owner_id: Some(f.clerk),
        ..risk.clone()
    };
    let action_id = f
        .store
        .set_treatment(&treated, Some(&action("Offline backup")))
        .unwrap()
        .unwrap();
    assert_eq!(f.store.risk(risk.id).unwrap(), treated);
    let saved = f.store.action(action_id).unwrap();
    assert_eq!(
        saved.risk_id,
        Some(risk.id),
        "attached to the risk whatever the action said"
    );
    assert_eq!(saved.title, "Offline backup");
    let entries = f.store.change_log().unwrap();
    assert_eq!(entries.len(), log + 2);
    let at: Vec<&str> = entries[log..].iter().map(|entry| entry.at.as_str()).collect();
    assert_eq!(at[0], at[1], "one transaction, one time");
    assert_eq!(
        entries[log..]
            .iter()
            .map(|entry| entry.entity.as_str())
            .collect::<Vec<_>>(),
        ["risks", "actions"]
    );
    // Saving again needs no new action; a second one is optional.
    assert_eq!(f.store.set_treatment(&treated, None).unwrap(), None);
    f.store.update_risk(&treated).unwrap();
    assert!(f.store.verify_change_log().is_ok());
}

#[test]
fn new_risks_follow_the_same_rules() {
    let mut f = fixture();
    let mut risk = hipaa_ra::catalog::Catalog::embedded()
        .threat("ransomware")
        .unwrap()
        .scenario(&f.store.snapshot().unwrap(), Vec::new());
    risk.treatment = Treatment::Transfer;
    let log = f.log_len();
    let undecided = Risk {
        treatment: Treatment::Undecided,
        ..risk.clone()
    };
    assert_eq!(refused_field(f.store.add_risks(&[undecided, risk])), "action_title");
    assert_eq!(f.log_len(), log, "all or nothing");
    assert!(f.store.risks(f.assessment_id).unwrap().is_empty());
}

#[test]
fn a_score_change_can_make_an_acceptance_need_the_security_official() {
    let mut f = fixture();
    let risk = f.add_risk(Some(1), Some(1)); // Low
    let accepted = accept(&risk, f.clerk);
    f.store.update_risk(&accepted).unwrap();
    let log = f.log_len();
    let rescored = Risk {
        likelihood: Some(4),
        impact: Some(3), // Very High likelihood, High impact: High
        ..accepted.clone()
    };
    assert_eq!(refused_field(f.store.update_risk(&rescored)), "accepted_by");
    assert_eq!(f.store.risk(risk.id).unwrap(), accepted);
    assert_eq!(f.log_len(), log);
    let by_official = Risk {
        acceptance: accept(&rescored, f.official).acceptance,
        ..rescored
    };
    f.store.update_risk(&by_official).unwrap();
    assert_eq!(f.store.risk(risk.id).unwrap(), by_official);
}

#[test]
fn the_last_action_of_a_mitigated_risk_cannot_be_deleted() {
    let mut f = fixture();
    let risk = f.add_risk(Some(2), Some(2));
    let mitigate = Risk {
        treatment: Treatment::Mitigate,
        ..risk.clone()
    };
    let first = f
        .store
        .set_treatment(&mitigate, Some(&action("First")))
        .unwrap()
        .unwrap();
    let second = f
        .store
        .add_action(&Action {
            risk_id: Some(risk.id),
            ..action("Second")
        })
        .unwrap();
    f.store.delete_action(second).unwrap();
    let log = f.log_len();
    match f.store.delete_action(first) {
        Err(StoreError::Refused { field, message }) => {
            assert_eq!(field, "treatment");
            assert!(message.contains("change the treatment first"), "{message}");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(f.log_len(), log);
    assert_eq!(f.store.risk_actions(risk.id).unwrap().len(), 1);
    // Moving it to another risk takes it away just the same.
    let other = f.add_risk(None, None);
    let moved = Action {
        risk_id: Some(other.id),
        ..f.store.action(first).unwrap()
    };
    assert!(matches!(f.store.update_action(&moved), Err(StoreError::Refused { .. })));
    // An edit in place is fine.
    let renamed = Action {
        title: "First, renamed".into(),
        status: ActionStatus::Done,
        ..f.store.action(first).unwrap()
    };
    f.store.update_action(&renamed).unwrap();
    assert_eq!(f.store.action(first).unwrap(), renamed);
    // Once the treatment changes, the action may go.
    f.store.update_risk(&risk).unwrap();
    f.store.delete_action(first).unwrap();
    assert!(matches!(f.store.action(first), Err(StoreError::Missing { .. })));
}

#[test]
fn deleting_a_risk_removes_its_actions_asset_links_and_evidence_links() {
    let mut f = fixture();
    let risk = f.add_risk(Some(2), Some(2));
    let keep = f.add_risk(Some(1), Some(1));
    let mitigate = Risk {
        treatment: Treatment::Mitigate,
        ..risk.clone()
    };
    let action_id = f
        .store
        .set_treatment(&mitigate, Some(&action("Backups")))
        .unwrap()
        .unwrap();
    let link = |target, target_ref: String| EvidenceLink { target, target_ref };
    let evidence = Evidence {
        title: "Backup test".into(),
        kind: EvidenceKind::BackupTest,
        dated: Some(today()),
        links: vec![
            link(LinkTarget::Safeguard, "164.308(a)(7)(ii)(A)".into()),
            link(LinkTarget::Risk, risk.id.to_string()),
            link(LinkTarget::Action, action_id.to_string()),
            link(LinkTarget::Risk, keep.id.to_string()),
        ],
        ..Default::default()
    };
    let evidence_id = f.store.add_evidence(&evidence, None).unwrap();
    let log = f.log_len();
    f.store.delete_risk(risk.id).unwrap();

    assert!(matches!(f.store.risk(risk.id), Err(StoreError::Missing { .. })));
    assert!(matches!(f.store.action(action_id), Err(StoreError::Missing { .. })));
    let workspace = f.store.snapshot().unwrap();
    assert_eq!(workspace.risks, vec![keep.clone()]);
    assert!(workspace.actions.is_empty());
    let saved = workspace.evidence.iter().find(|e| e.id == evidence_id).unwrap();
    let mut expected = vec![
        link(LinkTarget::Safeguard, "164.308(a)(7)(ii)(A)".into()),
        link(LinkTarget::Risk, keep.id.to_string()),
    ];
    expected.sort_by(|a, b| (a.target.key(), &a.target_ref).cmp(&(b.target.key(), &b.target_ref)));
    assert_eq!(saved.links, expected, "the evidence stays, its other links too");
    // Two evidence links, one action, the asset link, the risk: each row logged.
    let entries = f.store.change_log().unwrap();
    let logged: Vec<(&str, &str)> = entries[log..]
        .iter()
        .map(|entry| (entry.entity.as_str(), entry.operation.as_str()))
        .collect();
    assert_eq!(
        logged,
        [
            ("evidence_links", "delete"),
            ("evidence_links", "delete"),
            ("actions", "delete"),
            ("risk_assets", "delete"),
            ("risks", "delete")
        ]
    );
    assert!(f.store.verify_change_log().is_ok());
    assert!(matches!(f.store.delete_risk(risk.id), Err(StoreError::Missing { .. })));
}

#[test]
fn the_demo_keeps_every_treatment_rule() {
    let mut store = Store::in_memory("Demo", "Dana Whitfield", today()).unwrap();
    hipaa_ra::demo::populate(&mut store, today()).unwrap();
    let workspace = store.snapshot().unwrap();
    let matrix = workspace.matrix().unwrap();
    let officials = workspace.security_official_ids();
    assert!(!officials.is_empty());
    for risk in &workspace.risks {
        let actions = workspace.actions_for(risk.id).count();
        assert_eq!(
            treatment_problem(risk, matrix, actions, &officials),
            None,
            "{}",
            risk.threat
        );
    }
    let level = |risk: &Risk| matrix.severity(risk.level(matrix).unwrap());
    assert!(
        workspace
            .risks
            .iter()
            .any(|risk| risk.treatment == Treatment::Accept && level(risk) <= Severity::Low),
        "an accepted low risk"
    );
    assert!(
        workspace
            .risks
            .iter()
            .any(|risk| risk.treatment == Treatment::Transfer && workspace.actions_for(risk.id).count() > 0),
        "a transfer with an action"
    );
    assert!(workspace.unscored_count() >= 1);
}
