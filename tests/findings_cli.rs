//! `hipaa-ra check` and honest final/draft status through the real binary: a workspace
//! imported from a realistic inventory with no scenarios is a draft naming every in-scope
//! ePHI asset; doing the work and acknowledging what remains makes it final and signable
//! without --draft. The demo's `check` and its report JSON agree on the findings.

use std::path::{Path, PathBuf};

use hipaa_ra::catalog::{Catalog, ItemKind};
use hipaa_ra::domain::*;
use hipaa_ra::store::Store;

#[path = "support/sandbox.rs"]
mod sandbox;
use sandbox::{Sandbox, stdout};

use sandbox::clock::{TODAY, today};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/assets-sample.csv")
}

/// Scenarios with rationale and treatments, every item reviewed with its measure, and
/// every acknowledgeable finding that remains acknowledged with a reason.
fn do_the_work(path: &Path) {
    let mut store = Store::open(path).unwrap();
    let assessment_id = store.current_assessment_id().unwrap();
    let official = store
        .add_person(&Person {
            name: "Lena Fischer".into(),
            title: "Practice manager".into(),
            ..Default::default()
        })
        .unwrap();
    store.assign_role(official, Role::SecurityOfficial, "").unwrap();
    let in_scope: Vec<Id> = store
        .assets(assessment_id)
        .unwrap()
        .iter()
        .filter(|asset| asset.in_scope())
        .map(|asset| asset.id)
        .collect();
    // One scenario accepted at a low level names half the assets; a second, avoided,
    // names the rest.
    let (first, second) = in_scope.split_at(in_scope.len() / 2);
    let scored = |threat: &str, assets: &[Id]| Risk {
        asset_ids: assets.to_vec(),
        likelihood: Some(1),
        impact: Some(1),
        likelihood_rationale: "Seen once in five years at this practice".into(),
        impact_rationale: "A day of manual work, no records exposed".into(),
        ..Risk::unscored(assessment_id, threat, ThreatSource::Accidental)
    };
    let ids = store
        .add_risks(&[scored("Power cut", first), scored("Water leak", second)])
        .unwrap();
    let mut accepted = store.risk(ids[0]).unwrap();
    accepted.treatment = Treatment::Accept;
    accepted.acceptance = Some(Acceptance {
        person_id: official,
        accepted_on: today(),
        reason: "Low; batteries cover short outages".into(),
    });
    store.update_risk(&accepted).unwrap();
    let mut avoided = store.risk(ids[1]).unwrap();
    avoided.treatment = Treatment::Avoid;
    store.update_risk(&avoided).unwrap();
    for item in &Catalog::embedded().items {
        store
            .save_review(&SafeguardReview {
                status: ReviewStatus::Implemented,
                reviewed_on: Some(today()),
                measure: format!("{} in place, checked on site", item.name),
                decision: (item.kind == ItemKind::Addressable).then_some(AddressableDecision::AsSpecified),
                ..SafeguardReview::not_reviewed(assessment_id, &item.citation)
            })
            .unwrap();
    }
    // The methodology written: how the data was gathered, and by whom.
    let workspace = store.snapshot().unwrap();
    let mut assessment = workspace.assessment().unwrap().clone();
    assessment.methodology.information_sources = "Interviews and the imported inventory".into();
    assessment.methodology.participants = "The security official".into();
    assessment.methodology.data_collection = "A walk-through of the office".into();
    store.save_profile(&workspace.practice, &assessment).unwrap();
    let remaining = findings(&store.snapshot().unwrap(), Catalog::embedded(), today());
    for finding in remaining.iter().filter(|finding| finding.is_open()) {
        assert!(
            finding.rule.acknowledgeable(),
            "only acknowledgeable findings should remain: {}",
            finding.message
        );
        store
            .acknowledge(&Acknowledgment {
                id: 0,
                assessment_id,
                finding: finding.key.clone(),
                person_id: official,
                acknowledged_on: today(),
                reason: "Reviewed with the security official; tracked in the remediation plan".into(),
            })
            .unwrap();
    }
}

#[test]
fn an_imported_inventory_is_a_draft_until_the_work_is_done_then_final_and_signable() {
    let sandbox = Sandbox::new();
    sandbox.ok(&[
        "new",
        "ws.hra",
        "--org",
        "Harbor Clinic",
        "--assessor",
        "Lena Fischer",
        "--no-open",
    ]);
    sandbox.ok(&["assets", "import", "ws.hra", fixture().to_str().unwrap()]);
    let workspace = sandbox.path("ws.hra");

    let output = sandbox.run(&["check", "ws.hra"]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    let text = stdout(&output);
    let store = Store::open_for_reading(&workspace).unwrap();
    let snapshot = store.snapshot().unwrap();
    drop(store);
    let in_scope: Vec<&Asset> = snapshot.assets.iter().filter(|asset| asset.in_scope()).collect();
    assert!(in_scope.len() > 30, "{}", in_scope.len());
    let coverage: Vec<&str> = text
        .lines()
        .filter(|line| line.contains("[coverage.asset_without_scenario:"))
        .collect();
    assert_eq!(coverage.len(), in_scope.len(), "{text}");
    for asset in &in_scope {
        assert!(
            coverage
                .iter()
                .any(|line| line.contains(&format!("\"{}\" handles ePHI", asset.name))),
            "{} is not named:\n{text}",
            asset.name
        );
    }
    let out_of_scope = snapshot.assets.iter().find(|asset| !asset.in_scope()).unwrap();
    assert!(!text.contains(&format!("\"{}\"", out_of_scope.name)));
    let summary = text.lines().last().unwrap();
    assert!(summary.contains("blocking") && summary.contains("DRAFT"), "{summary}");
    // The report says draft too, and signing it without --draft is refused.
    let report = sandbox.ok(&["report", "ws.hra", "--format", "json", "--date", TODAY]);
    let model: serde_json::Value = serde_json::from_str(&report).unwrap();
    assert_eq!(model["draft"], true);

    do_the_work(&workspace);

    let output = sandbox.run(&["check", "ws.hra"]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(
        text.ends_with("acknowledged: the analysis can be finalized\n"),
        "{text}"
    );
    let report = sandbox.ok(&["report", "ws.hra", "--format", "json", "--date", TODAY]);
    let model: serde_json::Value = serde_json::from_str(&report).unwrap();
    assert_eq!(model["draft"], false);
    assert!(
        model["sign_off"]["attestation"]
            .as_str()
            .unwrap()
            .contains("reviewed and approved")
    );

    sandbox.ok(&["key", "generate", "--unencrypted"]);
    let signed = sandbox.ok(&["report", "ws.hra", "-o", "final.pdf", "--sign", "--date", TODAY]);
    assert!(signed.contains("signed final"), "{signed}");
    let verified = sandbox.ok(&["verify", "final.pdf"]);
    assert!(
        verified.starts_with("valid: ") && verified.contains(&format!("a FINAL report dated {TODAY}")),
        "{verified}"
    );
    assert!(verified.contains("status: FINAL"), "{verified}");
    // The sign-off is recorded: "Finalize documentation" is complete on the dashboard.
    let store = Store::open_for_reading(&workspace).unwrap();
    let snapshot = store.snapshot().unwrap();
    assert!(snapshot.sign_off.as_ref().is_some_and(|sign_off| sign_off.current));
    let found = findings(&snapshot, Catalog::embedded(), today());
    let elements = readiness::ocr_elements(&snapshot, &found, Catalog::embedded().items.len(), today());
    let finalize = elements
        .iter()
        .find(|element| element.name == "Finalize documentation")
        .unwrap();
    assert!(finalize.is_complete(), "{finalize:?}");
}

#[test]
fn check_exits_2_for_a_usage_error_or_a_workspace_it_cannot_read() {
    let sandbox = Sandbox::new();
    assert_eq!(sandbox.run(&["check"]).status.code(), Some(2));
    assert_eq!(
        sandbox.run(&["check", "x.hra", "--format", "yaml"]).status.code(),
        Some(2)
    );
    let missing = sandbox.run(&["check", "missing.hra"]);
    assert_eq!(missing.status.code(), Some(2));
    let error = String::from_utf8_lossy(&missing.stderr);
    assert_eq!(error.lines().count(), 1, "{error}");
    assert!(error.contains("missing.hra: no such file"), "{error}");
}

#[test]
fn the_demo_check_and_its_report_json_agree_on_the_findings() {
    let sandbox = Sandbox::new();
    sandbox.ok(&["demo", "demo.hra", "--no-open"]);
    let output = sandbox.run(&["check", "demo.hra", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let check: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let report: serde_json::Value =
        serde_json::from_str(&sandbox.ok(&["report", "demo.hra", "--format", "json", "--date", TODAY])).unwrap();
    assert_eq!(check["final"], false);
    assert_eq!(report["draft"], true);
    assert_eq!(check["findings"], report["findings"]);
    assert_eq!(check["counts"], report["finding_counts"]);
    // Several kinds. The demo's this year was carried forward from last year (final, with
    // its acknowledgments and coverage notes): those wait for confirmation.
    let rules: std::collections::BTreeSet<&str> = check["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|finding| finding["rule"].as_str().unwrap())
        .collect();
    for rule in [
        "coverage.asset_without_scenario",
        "scenario.not_scored",
        "scenario.no_treatment",
        "safeguard.not_confirmed",
        "vendor.no_baa",
        "advisory.action_overdue",
    ] {
        assert!(rules.contains(rule), "the demo shows no {rule}: {rules:?}");
    }
    assert_eq!(check["counts"]["acknowledged"], 0);
    let text = sandbox.run(&["check", "demo.hra"]);
    let lines = stdout(&text);
    assert!(
        lines.contains("Exam room workstations (5)\" handles ePHI but no scenario names it and its coverage note, carried forward from last year, is not yet confirmed"),
        "{lines}"
    );
    assert!(
        lines.contains("Vendor \"TeleVisit Health LLC\" handles ePHI without"),
        "{lines}"
    );
    assert!(
        !lines.contains("Vendor \"Bytewise IT support\" handles ePHI without"),
        "signed last year: {lines}"
    );
    let blocking = check["counts"]["blocking"].as_u64().unwrap() as usize;
    assert_eq!(
        lines.lines().filter(|line| line.starts_with("blocking: ")).count(),
        blocking
    );
    // Beside an open editor (the edit lock held), check still reads.
    let _editor = Store::open(&sandbox.path("demo.hra")).unwrap();
    assert_eq!(sandbox.run(&["check", "demo.hra"]).status.code(), Some(1));
}
