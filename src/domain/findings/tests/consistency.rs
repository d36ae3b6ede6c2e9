//! The cross-record consistency rules: each fires on a workspace whose records contradict
//! each other and not on one whose records agree.

use super::*;

/// An action of scenario `risk`.
fn action(id: Id, risk: Id, status: ActionStatus) -> Action {
    Action {
        id,
        risk_id: Some(risk),
        title: format!("Action {id}"),
        owner_id: Some(1),
        due_on: Some(on(2026, 9, 1)),
        status,
        ..Action::default()
    }
}

/// Scenario 1 mitigated, citing audit controls, with one action of `status`.
fn audit_scenario(status: ActionStatus) -> Workspace {
    let mut workspace = clean();
    workspace.risks[0].threat = "Staff snooping".into();
    workspace.risks[0].citations = vec!["164.312(b)".into()];
    workspace.risks[0].treatment = Treatment::Mitigate;
    workspace.actions.push(action(5, 1, status));
    workspace
}

#[test]
fn cited_as_missing_an_implemented_item_cited_by_a_scenario_with_an_open_action() {
    let workspace = audit_scenario(ActionStatus::Planned);
    let found = of(&workspace, Rule::CitedAsMissing);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        found[0].key,
        "contradiction.cited_as_missing:safeguard:164.312(b):scenario:1"
    );
    assert_eq!(
        found[0].message,
        "§164.312(b) Audit controls is marked implemented, but scenario #1 \"Staff snooping\", still open \
         (mitigate, with actions not done), cites it as a weakness: the review and the risk analysis \
         contradict each other (§164.308(a)(1)(ii)(A))"
    );
    assert!(found[0].blocks() && found[0].rule.acknowledgeable());
    // Every action done: the scenario is closed, the weakness gone.
    assert!(of(&audit_scenario(ActionStatus::Done), Rule::CitedAsMissing).is_empty());
    assert!(of(&audit_scenario(ActionStatus::Verified), Rule::CitedAsMissing).is_empty());
}

#[test]
fn cited_as_missing_counts_accepted_and_actionless_scenarios_as_open() {
    let mut workspace = audit_scenario(ActionStatus::Done);
    workspace.actions.clear();
    let found = of(&workspace, Rule::CitedAsMissing);
    assert!(
        found[0].message.contains("still open (mitigate, with no action)"),
        "{}",
        found[0].message
    );
    workspace.risks[0].treatment = Treatment::Accept;
    workspace.risks[0].acceptance = Some(Acceptance {
        person_id: 1,
        accepted_on: today(),
        reason: "Budget".into(),
    });
    let found = of(&workspace, Rule::CitedAsMissing);
    assert!(
        found[0].message.contains("accepted as a standing risk"),
        "{}",
        found[0].message
    );
    // Avoided: closed.
    workspace.risks[0].treatment = Treatment::Avoid;
    assert!(of(&workspace, Rule::CitedAsMissing).is_empty());
}

#[test]
fn cited_as_missing_when_every_answer_is_yes_or_as_specified() {
    let mut workspace = audit_scenario(ActionStatus::InProgress);
    set_review(&mut workspace, "164.312(b)", |review| {
        review.status = ReviewStatus::Partial;
        review.answers = vec![QuestionAnswer {
            question: 0,
            answer: Answer::Yes,
            note: "Monthly access-log review".into(),
        }];
    });
    let found = of(&workspace, Rule::CitedAsMissing);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].message.contains("answered \"yes\" to every question"),
        "{}",
        found[0].message
    );
    // One answer "partly": the review no longer asserts the item is in place.
    set_review(&mut workspace, "164.312(b)", |review| {
        review.answers.push(QuestionAnswer {
            question: 1,
            answer: Answer::Partly,
            note: String::new(),
        })
    });
    assert!(of(&workspace, Rule::CitedAsMissing).is_empty());
    // An addressable item decided "as specified".
    let mut workspace = audit_scenario(ActionStatus::Planned);
    workspace.risks[0].citations = vec!["164.312(a)(2)(iv)".into()];
    set_review(&mut workspace, "164.312(a)(2)(iv)", |review| {
        review.status = ReviewStatus::Partial
    });
    let found = of(&workspace, Rule::CitedAsMissing);
    assert!(
        found[0].message.contains("decided \"implemented as specified\""),
        "{}",
        found[0].message
    );
}

#[test]
fn cited_as_missing_when_the_library_suggested_the_scenario_for_a_no_answer() {
    // A staff-snooping scenario from the library no longer citing audit controls, while
    // the review marks them implemented with one question answered "no".
    let mut workspace = audit_scenario(ActionStatus::Planned);
    workspace.risks[0].threat_key = Some("staff_snooping".into());
    workspace.risks[0].citations.clear();
    assert!(
        of(&workspace, Rule::CitedAsMissing).is_empty(),
        "no citation, no \"no\""
    );
    set_review(&mut workspace, "164.312(b)", |review| {
        review.answers = vec![QuestionAnswer {
            question: 0,
            answer: Answer::No,
            note: "Logs are never reviewed".into(),
        }];
    });
    let found = of(&workspace, Rule::CitedAsMissing);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        found[0].key,
        "contradiction.cited_as_missing:safeguard:164.312(b):scenario:1"
    );
    assert!(
        found[0].message.contains("stands on its \"no\" answer"),
        "{}",
        found[0].message
    );
    // A scenario written by the user (no library threat) is not tied to the answer.
    workspace.risks[0].threat_key = None;
    assert!(of(&workspace, Rule::CitedAsMissing).is_empty());
}

#[test]
fn gap_without_plan_until_an_action_or_an_accepted_risk_covers_it() {
    let mut workspace = clean();
    set_review(&mut workspace, "164.312(b)", |review| {
        review.status = ReviewStatus::Partial
    });
    set_review(&mut workspace, "164.310(c)", |review| {
        review.status = ReviewStatus::NotImplemented
    });
    let found = of(&workspace, Rule::GapWithoutPlan);
    let keys: Vec<&str> = found.iter().map(|finding| finding.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "safeguard.gap_without_plan:safeguard:164.310(c)",
            "safeguard.gap_without_plan:safeguard:164.312(b)"
        ]
    );
    assert_eq!(
        found[1].message,
        "§164.312(b) Audit controls is partly implemented, and no scenario citing it has an action or an \
         accepted risk: a known gap needs a plan or a decision (§164.308(a)(1)(ii)(B))"
    );
    assert!(found[0].blocks() && !found[0].rule.acknowledgeable());
    // A scenario citing it with no action is no plan.
    workspace.risks[0].citations = vec!["164.312(b)".into(), "164.310(c)".into()];
    assert_eq!(of(&workspace, Rule::GapWithoutPlan).len(), 2);
    // An action (here done) on a scenario citing them plans both.
    workspace.risks[0].treatment = Treatment::Mitigate;
    workspace.actions.push(action(5, 1, ActionStatus::Done));
    assert!(of(&workspace, Rule::GapWithoutPlan).is_empty());
    // So does an accepted risk citing them.
    workspace.actions.clear();
    workspace.risks[0].treatment = Treatment::Accept;
    assert!(of(&workspace, Rule::GapWithoutPlan).is_empty());
}

#[test]
fn gap_without_plan_includes_a_pending_alternative_but_not_a_documented_refusal() {
    let mut workspace = clean();
    set_review(&mut workspace, "164.312(a)(2)(iv)", |review| {
        review.status = ReviewStatus::NotImplemented;
        review.decision = Some(AddressableDecision::NotReasonable);
        review.decision_text = "No ePHI at rest outside the EHR".into();
    });
    assert!(of(&workspace, Rule::GapWithoutPlan).is_empty());
    set_review(&mut workspace, "164.312(a)(2)(iv)", |review| {
        review.status = ReviewStatus::Partial;
        review.decision = Some(AddressableDecision::Alternative);
    });
    assert_eq!(of(&workspace, Rule::GapWithoutPlan).len(), 1);
    // An alternative in place is the measure, not a gap.
    set_review(&mut workspace, "164.312(a)(2)(iv)", |review| {
        review.status = ReviewStatus::Implemented
    });
    assert!(of(&workspace, Rule::GapWithoutPlan).is_empty());
}

#[test]
fn gap_without_owner() {
    let mut workspace = clean();
    workspace.risks[0].citations = vec!["164.312(b)".into()];
    workspace.risks[0].treatment = Treatment::Accept;
    set_review(&mut workspace, "164.312(b)", |review| {
        review.status = ReviewStatus::Partial;
        review.owner_id = None;
    });
    let found = of(&workspace, Rule::GapWithoutOwner);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].key, "safeguard.gap_without_owner:safeguard:164.312(b)");
    assert!(
        found[0]
            .message
            .starts_with("§164.312(b) Audit controls is partly implemented and has no owner"),
        "{}",
        found[0].message
    );
    assert!(found[0].blocks() && !found[0].rule.acknowledgeable());
    // Planned but ownerless is still this finding, not the plan one.
    assert!(of(&workspace, Rule::GapWithoutPlan).is_empty());
    set_review(&mut workspace, "164.312(b)", |review| review.owner_id = Some(1));
    assert!(of(&workspace, Rule::GapWithoutOwner).is_empty());
    // An implemented item with no owner is no gap.
    let mut workspace = clean();
    set_review(&mut workspace, "164.312(b)", |review| review.owner_id = None);
    assert!(of(&workspace, Rule::GapWithoutOwner).is_empty());
}

#[test]
fn treatment_without_action() {
    let mut workspace = clean();
    workspace.risks[0].treatment = Treatment::Mitigate;
    let found = of(&workspace, Rule::TreatmentWithoutAction);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].key, "scenario.treatment_without_action:scenario:1");
    assert_eq!(
        found[0].message,
        "Scenario #1 \"Threat 1\" is to mitigate but has no action: the decision needs the measures that \
         carry it out (§164.308(a)(1)(ii)(B))"
    );
    assert!(found[0].blocks() && !found[0].rule.acknowledgeable());
    // Not the undecided rule's finding.
    assert!(of(&workspace, Rule::ScenarioWithoutTreatment).is_empty());
    workspace.risks[0].treatment = Treatment::Transfer;
    assert!(
        of(&workspace, Rule::TreatmentWithoutAction)[0]
            .message
            .contains("is to transfer")
    );
    // A done action carries the decision out.
    workspace.actions.push(action(5, 1, ActionStatus::Done));
    assert!(of(&workspace, Rule::TreatmentWithoutAction).is_empty());
    assert!(of(&clean(), Rule::TreatmentWithoutAction).is_empty());
}

#[test]
fn methodology_incomplete_names_the_blank_fields() {
    let mut workspace = clean();
    workspace.assessments[0].methodology.participants = " ".into();
    workspace.assessments[0].methodology.data_collection.clear();
    let found = of(&workspace, Rule::MethodologyIncomplete);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].key, "methodology.incomplete:assessment:1");
    assert_eq!(
        found[0].message,
        "The methodology does not say its participants and data-collection methods: the analysis must show \
         how its data was gathered (§164.308(a)(1)(ii)(A), §164.316(b)(1))"
    );
    assert!(found[0].blocks() && !found[0].rule.acknowledgeable());
    assert_eq!(found[0].rule.element(), Element::DataCollection);
    assert!(Element::DataCollection.rules().contains(&Rule::MethodologyIncomplete));
    assert!(of(&clean(), Rule::MethodologyIncomplete).is_empty());
}

/// Scenario 1 (ransomware, from the library) naming the server; a shredding vendor and a
/// USB drive covered by notes naming it with `reasons`.
fn covered_by_notes(reasons: [&str; 2]) -> Workspace {
    let mut workspace = clean();
    workspace.risks[0].threat_key = Some("ransomware".into());
    workspace.assets.push(vendor(11, "ShredRight", BaaStatus::Signed));
    workspace
        .assets
        .push(asset(12, "USB drives", AssetKind::RemovableMedia));
    for (asset_id, reason) in [11, 12].into_iter().zip(reasons) {
        workspace.coverage_notes.push(CoverageNote {
            asset_id,
            risk_ids: vec![1],
            reason: reason.into(),
        });
    }
    workspace
}

#[test]
fn coverage_note_reused_for_assets_of_different_kinds() {
    let workspace = covered_by_notes([
        "Same network and backups as the office.",
        "same network   and backups as the office.",
    ]);
    let found = of(&workspace, Rule::CoverageNoteReused);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].key, "advisory.coverage_note_reused:assets:11,12");
    assert_eq!(
        found[0].message,
        "One coverage-note reason is given for 2 assets of 2 different kinds: vendor \"ShredRight\" (vendor) \
         and \"USB drives\" (removable media): a reason should say why the scenarios cover each asset \
         (§164.308(a)(1)(ii)(A))"
    );
    assert!(!found[0].blocking && found[0].rule.acknowledgeable());
    // Each asset with its own reason: no finding.
    let workspace = covered_by_notes(["Shredding is outside the network.", "Drives are scanned on insert."]);
    assert!(of(&workspace, Rule::CoverageNoteReused).is_empty());
    // The same reason for two assets of one kind is no rubber stamp.
    let mut workspace = covered_by_notes(["Same build.", "Same build."]);
    workspace.assets[1] = asset(11, "Spare server", AssetKind::System);
    workspace.assets[2] = asset(12, "Old server", AssetKind::System);
    assert!(of(&workspace, Rule::CoverageNoteReused).is_empty());
}

#[test]
fn coverage_note_misfit_names_a_threat_that_does_not_apply_to_the_kind() {
    let workspace = covered_by_notes(["Shredding is outside the network.", "Drives are scanned on insert."]);
    let found = of(&workspace, Rule::CoverageNoteMisfit);
    let keys: Vec<&str> = found.iter().map(|finding| finding.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "advisory.coverage_note_misfit:asset:11:scenario:1",
            "advisory.coverage_note_misfit:asset:12:scenario:1"
        ]
    );
    assert!(
        found[1].message.starts_with(
            "\"USB drives\"'s coverage note names scenario #1 \"Threat 1\", but the threat library's \
             \"Ransomware encrypts practice systems\" applies to"
        ),
        "{}",
        found[1].message
    );
    assert!(
        found[1].message.contains("not to a removable media"),
        "{}",
        found[1].message
    );
    assert!(!found[0].blocking);
    // A laptop is a kind ransomware applies to.
    let mut workspace = covered_by_notes(["a", "b"]);
    workspace.assets[2].kind = AssetKind::Laptop;
    workspace.coverage_notes.remove(0);
    assert!(of(&workspace, Rule::CoverageNoteMisfit).is_empty());
    // A scenario the user wrote is not judged.
    let mut workspace = covered_by_notes(["a", "b"]);
    workspace.risks[0].threat_key = None;
    assert!(of(&workspace, Rule::CoverageNoteMisfit).is_empty());
}
