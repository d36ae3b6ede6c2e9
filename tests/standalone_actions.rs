//! Standalone actions (program work not tied to a risk, issue 26 item 6) through the real
//! binary: `actions export` (CSV and JSON), the report's PDF plan, the xlsx, and the
//! OSCAL POA&M (validated with compliance-trestle where it is installed); and the
//! workspace export's restore, which also reads an export written before them.

#[path = "support/pdf.rs"]
mod pdf;
#[path = "support/sandbox.rs"]
mod sandbox;
#[path = "support/tools.rs"]
mod tools;

use std::path::Path;
use std::process::Command;

use hipaa_ra::domain::{Action, ActionStatus};
use hipaa_ra::exchange::workspace::{from_json, to_json};
use hipaa_ra::store::{Store, export_workspace};
use pdf::squash;
use sandbox::{Sandbox, stdout};

const TITLE: &str = "Run the Q1 access review";

/// The demo with one standalone action in its current year, owned by its first person.
fn demo_with_access_review(sandbox: &Sandbox) -> (String, i64) {
    let path = sandbox.demo();
    let mut store = Store::open(Path::new(&path)).unwrap();
    let workspace = store.snapshot().unwrap();
    let id = store
        .add_action(&Action {
            risk_id: None,
            assessment_id: workspace.assessment_id,
            title: TITLE.into(),
            owner_id: workspace.people.first().map(|person| person.id),
            due_on: chrono::NaiveDate::from_ymd_opt(2099, 3, 31),
            status: ActionStatus::Planned,
            ..Action::default()
        })
        .unwrap();
    (path, id)
}

#[test]
fn actions_export_names_a_standalone_action_with_no_risk() {
    let sandbox = Sandbox::new();
    let (path, id) = demo_with_access_review(&sandbox);
    let text = sandbox.ok(&["actions", "export", &path]);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[2], "risk_id");
    assert_eq!(&headers[3], "risk");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let row = rows
        .iter()
        .find(|row| row[1] == id.to_string())
        .expect("the standalone action is in the plan");
    assert_eq!(&row[2], "", "no risk number");
    assert_eq!(&row[3], "standalone");
    assert_eq!(&row[4], TITLE);
    assert!(!row[5].is_empty(), "its owner");
    assert_eq!(&row[6], "2099-03-31");
    // The risk actions keep their numbers.
    assert!(
        rows.iter()
            .filter(|row| row[1] != id.to_string())
            .all(|row| !row[2].is_empty())
    );

    let json: serde_json::Value =
        serde_json::from_str(&sandbox.ok(&["actions", "export", &path, "--format", "json"])).unwrap();
    let planned = json["plan"]
        .as_array()
        .unwrap()
        .iter()
        .find(|row| row["action_id"] == id)
        .unwrap();
    assert_eq!(planned["risk_id"], serde_json::Value::Null);
    assert_eq!(planned["title"], TITLE);
}

#[test]
fn the_report_prints_it_and_the_poam_item_validates_without_a_risk() {
    let sandbox = Sandbox::new();
    let (path, id) = demo_with_access_review(&sandbox);

    let pdf = sandbox.path("report.pdf");
    sandbox.ok(&["report", &path, "-o", pdf.to_str().unwrap()]);
    let doc = lopdf::Document::load_mem(&std::fs::read(&pdf).unwrap()).unwrap();
    let pages: Vec<String> = doc
        .get_pages()
        .keys()
        .map(|page| doc.extract_text(&[*page]).unwrap())
        .collect();
    let text = squash(&pages.join(" "));
    assert!(text.contains(&squash(TITLE)), "the plan prints the action");
    assert!(
        text.contains(&squash("standalone (program work)")),
        "and says it stands alone"
    );

    let xlsx = sandbox.path("report.xlsx");
    sandbox.ok(&["report", &path, "--format", "xlsx", "-o", xlsx.to_str().unwrap()]);
    assert!(std::fs::metadata(&xlsx).unwrap().len() > 0);

    let oscal = sandbox.path("poam.json");
    sandbox.ok(&["report", &path, "--format", "oscal", "-o", oscal.to_str().unwrap()]);
    let document: serde_json::Value = serde_json::from_slice(&std::fs::read(&oscal).unwrap()).unwrap();
    let items = document["plan-of-action-and-milestones"]["poam-items"]
        .as_array()
        .unwrap();
    let item = items
        .iter()
        .find(|item| {
            item["props"]
                .as_array()
                .unwrap()
                .iter()
                .any(|prop| prop["name"] == "action-id" && prop["value"].as_str() == Some(id.to_string().as_str()))
        })
        .expect("a POA&M item for the standalone action");
    assert!(item.get("related-risks").is_none(), "no risk to relate: {item}");
    assert!(
        item["description"]
            .as_str()
            .unwrap()
            .contains("standalone (program work)")
    );
    assert!(
        item["props"]
            .as_array()
            .unwrap()
            .iter()
            .any(|prop| prop["name"] == "standalone"),
        "{item}"
    );
    // The risk actions still relate to their risks.
    assert!(items.iter().any(|item| item.get("related-risks").is_some()));

    let python = std::env::var("HIPAA_RA_TRESTLE_PYTHON").unwrap_or_else(|_| "python3".to_string());
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oscal/validate.py");
    let output = Command::new(&python).arg(script).arg(&oscal).output().unwrap();
    match output.status.code() {
        Some(0) => {}
        Some(1) => panic!("the POA&M does not validate: {}", stdout(&output)),
        _ => tools::skip(&format!(
            "OSCAL validation: compliance-trestle is not installed for {python} ({})",
            stdout(&output).trim()
        )),
    }
}

#[test]
fn the_workspace_export_restores_it_and_an_older_export_still_reads() {
    let sandbox = Sandbox::new();
    let (path, id) = demo_with_access_review(&sandbox);
    let store = Store::open(Path::new(&path)).unwrap();
    let text = to_json(&export_workspace(&store).unwrap());
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
    let restored = Store::create_from_export(&sandbox.path("restored.hra"), &from_json(&text).unwrap(), today).unwrap();
    let action = restored.action(id).unwrap();
    assert_eq!(action, store.action(id).unwrap());
    assert_eq!(action.risk_id, None);

    // An export written before standalone actions names no `assessment_id` on an action:
    // it reads, and the restore fills each from the assessment it is listed under.
    let plain = sandbox.path("plain.hra");
    sandbox.ok(&["demo", plain.to_str().unwrap(), "--no-open"]);
    let plain = Store::open(&plain).unwrap();
    let mut older: serde_json::Value = serde_json::from_str(&to_json(&export_workspace(&plain).unwrap())).unwrap();
    let mut stripped = 0;
    for assessment in older["assessments"].as_array_mut().unwrap() {
        for action in assessment["actions"].as_array_mut().unwrap() {
            assert!(action.as_object_mut().unwrap().remove("assessment_id").is_some());
            stripped += 1;
        }
    }
    assert!(stripped > 0);
    let older = from_json(&older.to_string()).unwrap();
    assert!(
        older
            .assessments
            .iter()
            .flat_map(|entry| &entry.actions)
            .all(|action| action.assessment_id == 0)
    );
    let again = Store::create_from_export(&sandbox.path("older.hra"), &older, today).unwrap();
    for entry in &older.assessments {
        let id = entry.assessment.id;
        assert_eq!(
            again.actions(id).unwrap(),
            plain.actions(id).unwrap(),
            "assessment {id}"
        );
    }
}
