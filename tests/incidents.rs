//! Incidents and breach assessments (issue 28, item 1): the store keeps them with their
//! timeline and links, refuses a conclusion nothing supports, closes one with its outcome;
//! the change log replays them; the workspace export carries them to `new --from`; the
//! findings name them by title; an incident can start an off-cycle analysis that marks its
//! scenarios to score again; and `hipaa-ra breaches` writes the demo year's log of small
//! breaches through the real binary.

#[path = "support/sandbox.rs"]
mod sandbox;
#[path = "support/next_year.rs"]
#[allow(dead_code)] // the sign-off helper is the next-year tests'
mod support;

use chrono::NaiveDate;
use hipaa_ra::domain::incident::{Conclusion, Incident, IncidentStatus, SafeHarbor, TimelineEntry, TimelineKind};
use hipaa_ra::domain::{Rule, StartReason, findings};
use hipaa_ra::store::{NextOptions, Store, StoreError};
use support::{assert_consistent, demo, today};

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn lost_laptop() -> Incident {
    Incident {
        title: "Billing laptop stolen".into(),
        occurred_on: Some(day("2026-11-01")),
        discovered_on: Some(day("2026-11-02")),
        reported_by: "Dana Whitfield".into(),
        ..Incident::default()
    }
}

fn catalog() -> &'static hipaa_ra::catalog::Catalog {
    hipaa_ra::catalog::Catalog::embedded()
}

#[test]
fn an_incident_is_kept_with_its_timeline_and_closed_with_its_outcome() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo(dir.path());
    let workspace = store.snapshot().unwrap();
    let laptop = workspace
        .assets
        .iter()
        .find(|asset| asset.name == "Practice manager laptop")
        .unwrap()
        .id;
    let scenario = workspace.risks[0].id;
    let id = store.add_incident(&lost_laptop()).unwrap();
    store.link_incident(id, &[laptop], &[scenario]).unwrap();
    store
        .add_timeline_entry(
            id,
            &TimelineEntry {
                id: 0,
                on: day("2026-11-02"),
                kind: TimelineKind::Detection,
                note: "Reported stolen from a car".into(),
            },
        )
        .unwrap();
    // A blank note says nothing: refused.
    let blank = TimelineEntry {
        on: day("2026-11-03"),
        ..TimelineEntry::default()
    };
    assert!(matches!(
        store.add_timeline_entry(id, &blank),
        Err(StoreError::Refused { field: "note", .. })
    ));
    // Closing needs the outcome.
    assert!(matches!(
        store.close_incident(id, day("2026-11-10"), " "),
        Err(StoreError::Refused { field: "outcome", .. })
    ));
    let head = store.log_head_id().unwrap();
    store
        .close_incident(id, day("2026-11-10"), "Reported to police; the disk was not encrypted")
        .unwrap();
    let closing = (head + 1, store.log_head_id().unwrap());
    let stored = store.incidents().unwrap().into_iter().find(|i| i.id == id).unwrap();
    assert_eq!(stored.status, IncidentStatus::Closed);
    assert_eq!(stored.closed_on, Some(day("2026-11-10")));
    assert_eq!(stored.asset_ids, vec![laptop]);
    assert_eq!(stored.risk_ids, vec![scenario]);
    let kinds: Vec<TimelineKind> = stored.timeline.iter().map(|entry| entry.kind).collect();
    assert_eq!(kinds, vec![TimelineKind::Detection, TimelineKind::StatusChange]);
    assert!(matches!(
        store.close_incident(id, day("2026-11-11"), "again"),
        Err(StoreError::Refused { field: "status", .. })
    ));
    // Every write is in the change log, which replays to the data.
    assert_consistent(&store);
    // Undo takes back the closing (its two rows, one write).
    store.undo_log_rows(closing.0, closing.1).unwrap();
    let reopened = store.incidents().unwrap().into_iter().find(|i| i.id == id).unwrap();
    assert_eq!(reopened.status, IncidentStatus::Open);
    assert_eq!(reopened.timeline.len(), 1);
    assert_consistent(&store);
}

#[test]
fn a_conclusion_nothing_supports_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo(dir.path());
    let log_before = store.change_log().unwrap().len();
    let unsupported = Incident {
        conclusion: Some(Conclusion::NotBreach),
        phi_nature: "appointment list".into(),
        ..lost_laptop()
    };
    assert!(matches!(
        store.add_incident(&unsupported),
        Err(StoreError::Refused {
            field: "conclusion",
            ..
        })
    ));
    let breach_without_factors = Incident {
        conclusion: Some(Conclusion::Breach),
        ..lost_laptop()
    };
    assert!(matches!(
        store.save_incident(&breach_without_factors),
        Err(StoreError::Refused {
            field: "conclusion",
            ..
        })
    ));
    assert_eq!(store.change_log().unwrap().len(), log_before);
    // With the safe harbor, "not a breach" stands.
    let encrypted = Incident {
        safe_harbor: Some(SafeHarbor::Yes),
        ..unsupported
    };
    store.save_incident(&encrypted).unwrap();
}

#[test]
fn findings_name_the_incident_by_title_blocking_or_advisory_as_the_rules_say() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo(dir.path());
    let before: Vec<_> = findings(&store.snapshot().unwrap(), catalog(), today());
    store
        .add_incident(&Incident {
            title: "Phishing click".into(),
            discovered_on: Some(day("2026-09-01")),
            conclusion: Some(Conclusion::Undetermined),
            recipient: "an unknown sender".into(),
            ..Incident::default()
        })
        .unwrap();
    store
        .add_incident(&Incident {
            title: "Misdirected letter".into(),
            discovered_on: Some(day("2026-08-01")),
            status: IncidentStatus::Closed,
            conclusion: Some(Conclusion::Breach),
            phi_nature: "one patient's statement".into(),
            individuals_affected: Some(1),
            ..Incident::default()
        })
        .unwrap();
    let after = findings(&store.snapshot().unwrap(), catalog(), today());
    let new: Vec<_> = after.iter().filter(|finding| !before.contains(finding)).collect();
    let rules: Vec<(Rule, bool)> = new.iter().map(|finding| (finding.rule, finding.blocking)).collect();
    assert_eq!(
        rules,
        vec![
            (Rule::BreachUndetermined, true),
            (Rule::BreachNoticeOverdue, true),
            (Rule::IncidentOpenLong, false),
        ]
    );
    assert!(
        new[0].message.starts_with("Incident \"Phishing click\""),
        "{}",
        new[0].message
    );
    assert!(new[1].message.contains("due by 2026-09-30"), "{}", new[1].message);
    assert!(new[2].message.contains("83 days"), "{}", new[2].message);
}

#[test]
fn the_export_carries_the_incidents_to_new_from_and_the_log_still_replays() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo(dir.path());
    let id = store.add_incident(&lost_laptop()).unwrap();
    let scenario = store.snapshot().unwrap().risks[0].id;
    store.link_incident(id, &[], &[scenario]).unwrap();
    store
        .add_timeline_entry(
            id,
            &TimelineEntry {
                id: 0,
                on: day("2026-11-03"),
                kind: TimelineKind::Containment,
                note: "Accounts disabled".into(),
            },
        )
        .unwrap();
    let export = hipaa_ra::store::export_workspace(&store).unwrap();
    assert_eq!(export.program.incidents.len(), 1);
    let json = serde_json::to_string(&export).unwrap();
    let parsed: hipaa_ra::exchange::workspace::WorkspaceExport = serde_json::from_str(&json).unwrap();
    let copy = Store::create_from_export(&dir.path().join("copy.hra"), &parsed, today()).unwrap();
    assert_eq!(copy.incidents().unwrap(), store.incidents().unwrap());
    assert_consistent(&copy);
    // An export written before incidents existed still reads: the field defaults.
    let mut value: serde_json::Value = serde_json::from_str(&json).unwrap();
    value.as_object_mut().unwrap().remove("program");
    let old: hipaa_ra::exchange::workspace::WorkspaceExport = serde_json::from_value(value).unwrap();
    assert!(old.program.incidents.is_empty());

    // A link to a scenario the file does not hold, or a second incident of the same id,
    // is refused before anything is written, naming the field.
    let mut broken = parsed.clone();
    broken.program.incidents[0].risk_ids = vec![999_999];
    let error = Store::create_from_export(&dir.path().join("broken.hra"), &broken, today())
        .unwrap_err()
        .to_string();
    assert!(error.contains("program.incidents[0].risk_ids[0]"), "{error}");
    assert!(!dir.path().join("broken.hra").exists(), "nothing written");
    let mut twice = parsed.clone();
    twice.program.incidents.push(twice.program.incidents[0].clone());
    let error = Store::create_from_export(&dir.path().join("twice.hra"), &twice, today())
        .unwrap_err()
        .to_string();
    assert!(error.contains("program.incidents[1]"), "{error}");
}

#[test]
fn an_incident_starts_an_off_cycle_analysis_that_marks_its_scenarios_to_score_again() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo(dir.path());
    let last_year = store.snapshot().unwrap();
    let scenario = &last_year.risks[1];
    let id = store.add_incident(&lost_laptop()).unwrap();
    store.link_incident(id, &[], &[scenario.id]).unwrap();
    store
        .next_assessment(
            &NextOptions {
                reason: StartReason::SecurityIncident,
                incident: Some(id),
                note: "after the theft".into(),
                ..NextOptions::default()
            },
            today(),
        )
        .unwrap();
    let this_year = store.snapshot().unwrap();
    let assessment = this_year.assessment().unwrap();
    assert_eq!(assessment.reason_incident_id, Some(id));
    assert_eq!(
        hipaa_ra::domain::incident::start_reason_words(assessment, &this_year.incidents),
        "Security incident: incident \"Billing laptop stolen\" (after the theft)"
    );
    assert_eq!(this_year.rescores.len(), 1);
    let copy = this_year.rescores[0].risk_id;
    assert_ne!(copy, scenario.id, "this year's copy is marked");
    let to_rescore: Vec<_> = findings(&this_year, catalog(), today())
        .into_iter()
        .filter(|finding| finding.rule == Rule::ScenarioToRescore)
        .collect();
    assert_eq!(to_rescore.len(), 1);
    assert!(to_rescore[0].blocking);
    assert!(to_rescore[0].message.contains("Billing laptop stolen"));
    // Confirmed on the Risks screen (the carried mark cleared): the finding goes.
    store
        .confirm_carried(hipaa_ra::domain::CarriedEntity::Risk, copy)
        .unwrap();
    let confirmed = findings(&store.snapshot().unwrap(), catalog(), today());
    assert!(!confirmed.iter().any(|finding| finding.rule == Rule::ScenarioToRescore));
    assert_consistent(&store);
    // The marks and the reason travel in the export.
    let export = hipaa_ra::store::export_workspace(&store).unwrap();
    assert_eq!(export.program.rescores.len(), 1);
    let copied = Store::create_from_export(&dir.path().join("copy.hra"), &export, today()).unwrap();
    assert_eq!(copied.snapshot().unwrap().rescores, store.snapshot().unwrap().rescores);
    assert_consistent(&copied);
}

#[test]
fn the_breach_log_of_the_demo_year_lists_the_one_small_breach() {
    let sandbox = sandbox::Sandbox::new();
    let workspace = sandbox.demo();
    let out = sandbox.path("breaches-2026.csv");
    let printed = sandbox.ok(&["breaches", &workspace, "--year", "2026", "-o", out.to_str().unwrap()]);
    assert!(printed.contains("report them to HHS by 2027-03-01"), "{printed}");
    assert!(printed.contains("1 breach of fewer than 500"), "{printed}");
    let csv = std::fs::read_to_string(&out).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 2, "{csv}");
    assert!(lines[0].starts_with("discovered,occurred,incident,individuals_affected"));
    assert!(lines[1].contains("Referral fax sent to a wrong number"), "{csv}");
    assert!(lines[1].contains(",3,"), "3 individuals: {csv}");
    assert!(!csv.contains("Clinician iPhone lost"), "not a breach: {csv}");
    // Another year has none; the CSV on standard output, the note on standard error.
    let output = sandbox.run(&["breaches", &workspace, "--year", "2025"]);
    assert!(output.status.success());
    assert_eq!(sandbox::stdout(&output).lines().count(), 1);
    assert!(sandbox::stderr(&output).contains("by 2026-03-01"));
    // The safe writer refuses to write over the workspace itself.
    let refused = sandbox.run(&["breaches", &workspace, "--year", "2026", "-o", &workspace]);
    assert!(!refused.status.success());
}

#[test]
fn the_report_prints_the_incidents_their_outcomes_and_the_breach_log() {
    let sandbox = sandbox::Sandbox::new();
    let workspace = sandbox.demo();
    let pdf = sandbox.path("report.pdf");
    sandbox.ok(&["report", &workspace, "-o", pdf.to_str().unwrap()]);
    let text = support::pages_text(&std::fs::read(&pdf).unwrap());
    for expected in [
        "Incidents and their outcomes",
        "Clinician iPhone lost",
        "Not a breach (encrypted: safe harbor)",
        "Wiped remotely within two hours",
        "Breach log",
        "Breaches discovered in 2026",
        "by 2027-03-01",
        "Referral fax sent to a wrong number",
        "Nature and extent of the PHI: Referral notes of 3 patients",
    ] {
        assert!(text.contains(expected), "the PDF lacks {expected:?}");
    }
    // `check` names an incident's finding by its title: the demo's are settled, so none;
    // an undetermined assessment blocks.
    let check = sandbox.run(&["check", &workspace]);
    assert!(
        !sandbox::stdout(&check).contains("incident \""),
        "{}",
        sandbox::stdout(&check)
    );
    {
        let mut store = Store::open(std::path::Path::new(&workspace)).unwrap();
        store
            .add_incident(&Incident {
                title: "Phishing click".into(),
                discovered_on: Some(day("2026-11-20")),
                conclusion: Some(Conclusion::Undetermined),
                recipient: "an unknown sender".into(),
                ..Incident::default()
            })
            .unwrap();
    }
    let check = sandbox.run(&["check", &workspace]);
    let printed = sandbox::stdout(&check);
    assert_eq!(check.status.code(), Some(1), "{printed}");
    assert!(
        printed.contains("Incident \"Phishing click\": the breach assessment is undetermined"),
        "{printed}"
    );
}

#[test]
fn an_unknown_incident_given_to_assessment_next_is_named_and_nothing_changes() {
    let sandbox = sandbox::Sandbox::new();
    let workspace = sandbox.demo();
    let before = sandbox.ok(&["assessment", "list", &workspace]);
    let error = sandbox.refused(&[
        "assessment",
        "next",
        &workspace,
        "--reason",
        "security-incident",
        "--incident",
        "999",
    ]);
    assert!(error.contains("no incident with id 999"), "{error}");
    assert!(!error.contains("FOREIGN KEY"), "{error}");
    assert_eq!(
        sandbox.ok(&["assessment", "list", &workspace]),
        before,
        "no year was started"
    );
    sandbox.ok(&["log", "verify", &workspace]);
}
