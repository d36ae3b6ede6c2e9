//! Years are calendar years (issue 21): `assessment next` follows a year with the next
//! one, leap years included; the store starts the next one only from the latest;
//! `assessment remove` takes back an untouched draft year, every deleted row in the change
//! log, and refuses (one line, nothing changed) a signed, carried-from, only or edited one.
//! The real binary, as a user runs it, and the store beneath it.

#[path = "support/sandbox.rs"]
mod sandbox;
use sandbox::{Sandbox, stderr};

fn list(sandbox: &Sandbox, path: &str) -> Vec<String> {
    sandbox
        .ok(&["assessment", "list", path])
        .lines()
        .map(str::to_string)
        .collect()
}

fn log_rows(sandbox: &Sandbox, path: &str) -> Vec<serde_json::Value> {
    let json = sandbox.ok(&["log", "show", path, "--format", "json"]);
    serde_json::from_str::<serde_json::Value>(&json)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn assert_log_verifies(sandbox: &Sandbox, path: &str) {
    let verify = sandbox.run(&["log", "verify", path]);
    assert!(
        verify.status.success(),
        "{}{}",
        sandbox::stdout(&verify),
        stderr(&verify)
    );
}

#[test]
fn assessment_next_follows_a_calendar_year_with_the_next_one_leap_years_included() {
    let sandbox = Sandbox::new();
    let path = sandbox.demo();
    // The demo's years: 2025 (signed) and 2026. After 2026 come 2027, the leap year 2028
    // whole (adding 365 days made it end 2028-12-30) and 2029 (it began 2029-01-01 and
    // ended 2030-01-01).
    for (id, year) in [(3, 2027), (4, 2028), (5, 2029)] {
        let line = sandbox.ok(&["assessment", "next", &path]);
        assert!(line.contains(&format!("started assessment {id}:")), "{line}");
        let lines = list(&sandbox, &path);
        assert!(
            lines.last().unwrap().starts_with(&format!(
                "*{id:>4}  {year} risk analysis  {year}-01-01 to {year}-12-31  Annual review"
            )),
            "{lines:?}"
        );
    }
    assert_log_verifies(&sandbox, &path);
}

#[test]
fn assessment_remove_takes_back_an_untouched_draft_and_the_log_verifies() {
    let sandbox = Sandbox::new();
    let path = sandbox.demo();
    let before = list(&sandbox, &path);
    let log_before = log_rows(&sandbox, &path).len();
    sandbox.ok(&["assessment", "next", &path]);
    assert!(list(&sandbox, &path)[2].starts_with("*   3  2027 risk analysis"));

    let line = sandbox.ok(&["assessment", "remove", &path, "3"]);
    assert!(
        line.contains("removed assessment 3 (\"2027 risk analysis\"): "),
        "{line}"
    );
    assert!(line.contains("open: assessment 2 (\"2026 risk analysis\")"), "{line}");
    // The years are as they were, the latest remaining open again.
    assert_eq!(list(&sandbox, &path), before);
    assert_log_verifies(&sandbox, &path);

    // Every row is in the log: one delete per row the line counts, in one transaction
    // (one time), after the rows that created them.
    let rows = log_rows(&sandbox, &path);
    let removal = &rows[rows.len() - 1]["at"];
    let deletes = rows
        .iter()
        .filter(|row| &row["at"] == removal && row["operation"] == "delete")
        .count();
    let counted: usize = line
        .split("): ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|count| count.parse().ok())
        .unwrap();
    assert!(counted > 100, "{line}");
    assert_eq!(deletes, counted, "{line}");
    assert!(rows.iter().any(|row| &row["at"] == removal
        && row["entity"] == "assessments"
        && row["entity_id"] == "3"
        && row["operation"] == "delete"));
    assert!(rows.len() > log_before + 2 * counted);

    // The next one can be started again, and follows 2026.
    let line = sandbox.ok(&["assessment", "next", &path]);
    assert!(line.contains("started assessment 3:"), "{line}");
    assert!(list(&sandbox, &path)[2].starts_with("*   3  2027 risk analysis  2027-01-01 to 2027-12-31"));
    assert_log_verifies(&sandbox, &path);
}

/// Runs a refused `assessment remove` and checks that it changed nothing.
fn refused(sandbox: &Sandbox, path: &str, id: &str) -> String {
    let years = list(sandbox, path);
    let log = log_rows(sandbox, path).len();
    let message = sandbox.refused(&["assessment", "remove", path, id]);
    assert!(message.contains("nothing was removed"), "{message}");
    assert_eq!(list(sandbox, path), years);
    assert_eq!(log_rows(sandbox, path).len(), log);
    message
}

#[test]
fn assessment_remove_refuses_a_signed_carried_from_edited_or_only_year() {
    let sandbox = Sandbox::new();
    let path = sandbox.demo();

    // Last year's is signed (and this year's was carried from it).
    let message = refused(&sandbox, &path, "1");
    assert!(
        message.contains("assessment 1 (\"2025 risk analysis\") is signed"),
        "{message}"
    );

    // The demo's 2026 has been worked on since `assessment next` started it.
    let message = refused(&sandbox, &path, "2");
    assert!(
        message.contains("assessment 2 (\"2026 risk analysis\") has changed since it was started (change-log row "),
        "{message}"
    );

    // Once 2027 follows it, 2026 has to wait for 2027 to go.
    sandbox.ok(&["assessment", "next", &path]);
    let message = refused(&sandbox, &path, "2");
    assert!(
        message.contains("was carried forward into assessment 3 (\"2027 risk analysis\"); remove that one first"),
        "{message}"
    );

    // One asset added to 2027 is a change.
    let csv = sandbox.path("more.csv");
    std::fs::write(&csv, "name,kind\nNew tablet,workstation\n").unwrap();
    sandbox.ok(&["assets", "import", &path, csv.to_str().unwrap()]);
    let message = refused(&sandbox, &path, "3");
    assert!(message.contains("has changed since it was started"), "{message}");
    assert!(message.contains("create of assets"), "{message}");
    assert_log_verifies(&sandbox, &path);

    // A workspace's one assessment stays.
    let alone = sandbox.new_workspace("alone.hra");
    let message = refused(&sandbox, &alone, "1");
    assert!(message.contains("is the only assessment"), "{message}");
    let missing = sandbox.refused(&["assessment", "remove", &alone, "7"]);
    assert!(missing.contains("no assessment with id 7"), "{missing}");
}

#[test]
fn a_confirmed_carried_record_is_a_change_and_the_store_starts_the_next_year_only_from_the_latest() {
    use hipaa_ra::domain::CarriedEntity;
    use hipaa_ra::store::{NextOptions, StoreError};
    let dir = tempfile::tempdir().unwrap();
    let today = sandbox::clock::today();
    let mut store = hipaa_ra::demo_history::create(&dir.path().join("demo.hra"), today).unwrap();
    let log = store.change_log().unwrap().len();

    // From 2025, with 2026 after it: one line, nothing written.
    let refused = store
        .next_assessment_from(1, &NextOptions::default(), today)
        .unwrap_err();
    assert!(matches!(refused, StoreError::Refused { .. }));
    assert_eq!(
        refused.to_string(),
        "\"2026 risk analysis\" already follows \"2025 risk analysis\"; open it and start the next one from there"
    );
    assert_eq!(store.change_log().unwrap().len(), log);

    // From 2026, the latest: 2027.
    let summary = store.next_assessment_from(2, &NextOptions::default(), today).unwrap();
    let next = store.assessment(summary.assessment_id).unwrap();
    assert_eq!(
        (next.period_start.to_string(), next.period_end.to_string()),
        ("2027-01-01".to_string(), "2027-12-31".to_string())
    );

    // Confirming one carried review makes it a year someone worked on.
    let review = store
        .carried_items(summary.assessment_id)
        .unwrap()
        .into_iter()
        .find(|item| item.entity == CarriedEntity::Review)
        .unwrap();
    store.confirm_carried(CarriedEntity::Review, review.record_id).unwrap();
    let refused = store.remove_assessment(summary.assessment_id).unwrap_err();
    assert!(refused.to_string().contains("update of carried_items"), "{refused}");

    // Opening a year is not a change: another untouched one goes, with 2027 then open.
    let untouched = store
        .next_assessment_from(summary.assessment_id, &NextOptions::default(), today)
        .unwrap();
    store.set_current_assessment(2).unwrap();
    store.set_current_assessment(untouched.assessment_id).unwrap();
    store.set_current_assessment(2).unwrap();
    let removed = store.remove_assessment(untouched.assessment_id).unwrap();
    assert_eq!(removed.open_id, 2, "the open one stays open");
    assert_eq!(store.current_assessment_id().unwrap(), 2);
    assert!(matches!(
        store.verify_history().unwrap(),
        hipaa_ra::store::DataStatus::Consistent { .. }
    ));
}
