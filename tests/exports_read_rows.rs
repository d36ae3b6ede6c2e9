//! Issue 25, point 3: `risks export`, `actions export` and `assets export` read their rows
//! with one query each and never build the report, yet print exactly what the report
//! prints (the same rows, the same status), still refuse data the change log does not
//! cover, and print nothing of such data. Runs of the real binary.

#[path = "support/sandbox.rs"]
mod sandbox;

use std::path::Path;

use hipaa_ra::store::Store;
use sandbox::{Sandbox, stderr, stdout};

/// The report's JSON for the workspace, as the binary writes it.
fn report_json(sandbox: &Sandbox, workspace: &str) -> serde_json::Value {
    let file = sandbox.path("report.json");
    sandbox.ok(&["report", workspace, "--format", "json", "-o", file.to_str().unwrap()]);
    serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap()
}

#[test]
fn the_json_exports_are_the_report_json_rows_and_status() {
    let sandbox = Sandbox::new();
    let demo = sandbox.demo();
    let report = report_json(&sandbox, &demo);
    for (command, key) in [("risks", "register"), ("actions", "plan")] {
        let text = sandbox.ok(&[command, "export", &demo, "--format", "json"]);
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["status"], report["status"], "{command}");
        assert!(!value[key].as_array().unwrap().is_empty(), "{command}: rows to compare");
        assert_eq!(value[key], report[key], "{command} export equals the report's {key}");
    }
}

#[test]
fn the_inventory_export_is_the_scope_the_report_lists() {
    let sandbox = Sandbox::new();
    let demo = sandbox.demo();
    let report = report_json(&sandbox, &demo);
    let text = sandbox.ok(&["assets", "export", &demo, "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["status"], report["status"]);
    let names = |rows: &serde_json::Value| -> Vec<String> {
        rows.as_array()
            .unwrap()
            .iter()
            .map(|row| row["name"].as_str().unwrap().to_string())
            .collect()
    };
    // The report's inventory is this year's scope (retired assets apart), as the export.
    let exported = names(&value["assets"]);
    assert!(!exported.is_empty());
    assert_eq!(exported, names(&report["assets"]));
    let retired = names(&report["retired_assets"]);
    assert!(!retired.is_empty(), "the demo retires assets");
    assert!(retired.iter().all(|name| !exported.contains(name)));
    // Owners by name, as the report names them.
    for (row, listed) in value["assets"]
        .as_array()
        .unwrap()
        .iter()
        .zip(report["assets"].as_array().unwrap())
    {
        assert_eq!(row["owner"], listed["owner"], "{row}");
    }
}

#[test]
fn data_edited_behind_the_log_is_refused_and_nothing_is_printed() {
    for command in ["risks", "actions", "assets"] {
        let sandbox = Sandbox::new();
        let demo = sandbox.demo();
        let store = Store::open(Path::new(&demo)).unwrap();
        let assessment = store.current_assessment_id().unwrap();
        let risk = store.risks(assessment).unwrap()[0].id;
        store
            .tamper_for_tests(&format!("UPDATE risks SET threat = 'Edited' WHERE id = {risk}"))
            .unwrap();
        drop(store);
        let output = sandbox.run(&[command, "export", &demo]);
        assert_eq!(output.status.code(), Some(1), "{command}: {}", stderr(&output));
        assert!(
            stdout(&output).is_empty(),
            "{command}: nothing printed: {}",
            stdout(&output)
        );
        assert!(
            stderr(&output).contains(&format!("risks {risk}")),
            "{command}: {}",
            stderr(&output)
        );
    }
}
