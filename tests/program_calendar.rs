//! The one calendar of recurring obligations (issue 28 item 5) through the real binary:
//! the demo's overdue and expiring items appear in `check`, in `due --within 30` and in
//! the report; `due --format ics` is an iCalendar file that the Python `icalendar`
//! library (HIPAA_RA_ICALENDAR_PYTHON, set by .ci/run) parses, the same bytes for the same
//! workspace and date.

#[path = "support/tools.rs"]
mod tools;

use std::process::Command;

#[path = "support/sandbox.rs"]
mod sandbox;
use sandbox::{Sandbox, stderr, stdout};

#[path = "support/pdf.rs"]
mod pdf;

/// The demo's items that are overdue or coming due around the sandbox's date, and how
/// `check` names each (the acceptance of issue 28).
const DEMO_ITEMS: &[(&str, &str)] = &[
    // A policy review overdue.
    (
        "Policy review: Security awareness and training",
        "Policy \"Security awareness and training\"",
    ),
    // The agreement expiring within 30 days.
    (
        "Agreement renewal: ClearClaim Billing LLC agreement (expires 2026-12-13)",
        "\"ClearClaim Billing LLC\"'s business-associate agreement expires on 2026-12-13",
    ),
    // Training overdue.
    (
        "Training: HIPAA Privacy and Security Basics: Aisha Mohammed",
        "Aisha Mohammed's training \"HIPAA Privacy and Security Basics\"",
    ),
    // An evidence record past its review date.
    (
        "Evidence review: Backup restore test",
        "Evidence \"Backup restore test\" is past its review date",
    ),
];

#[test]
fn the_demos_overdue_and_expiring_items_are_in_check_and_due() {
    let sandbox = Sandbox::new();
    let path = sandbox.demo();
    let due = sandbox.ok(&["due", &path, "--within", "30"]);
    let check = stdout(&sandbox.run(&["check", &path]));
    for (in_due, in_check) in DEMO_ITEMS {
        assert!(due.contains(in_due), "due lacks {in_due}:\n{due}");
        assert!(check.contains(in_check), "check lacks {in_check}:\n{check}");
    }
    assert!(
        due.contains("OVERDUE 2026-11-03 Policy review: Security awareness and training"),
        "{due}"
    );
    assert!(due.contains("20 days overdue"), "{due}");
    assert!(
        due.contains("due in 10 days"),
        "the agreement is up for renewal 2026-12-03: {due}"
    );
    let summary = due.lines().last().unwrap();
    assert!(summary.ends_with("due within 30 days of 2026-11-23"), "{summary}");

    // A shorter window drops the agreement, never the overdue items.
    let week = sandbox.ok(&["due", &path, "--within", "7"]);
    assert!(!week.contains("ClearClaim Billing LLC agreement"), "{week}");
    assert!(
        week.contains("Policy review: Security awareness and training"),
        "{week}"
    );

    // JSON: the same items, with their standing and stable ids.
    let json: serde_json::Value = serde_json::from_str(&sandbox.ok(&["due", &path, "--format", "json"])).unwrap();
    let items = json["items"].as_array().unwrap();
    assert_eq!(items.len(), due.lines().count() - 1, "{json:#}");
    let policy = items
        .iter()
        .find(|item| item["kind"] == "policy_review")
        .expect("the overdue policy review");
    assert_eq!(policy["standing"], "overdue");
    assert_eq!(policy["days_overdue"], 20);
    assert_eq!(policy["due"], "2026-11-03");
    assert_eq!(
        json["overdue"].as_u64().unwrap() as usize,
        due.matches("OVERDUE").count()
    );
}

#[test]
fn with_nothing_due_no_empty_calendar_is_written() {
    let sandbox = Sandbox::new();
    let path = sandbox.new_workspace("empty.hra");
    let ics = sandbox.path("empty.ics");
    let said = sandbox.ok(&[
        "due",
        &path,
        "--within",
        "0",
        "--format",
        "ics",
        "-o",
        ics.to_str().unwrap(),
    ]);
    assert!(said.contains("no iCalendar file written"), "{said}");
    assert!(!ics.exists(), "an iCalendar file needs at least one event");
}

#[test]
fn a_bad_window_or_a_missing_workspace_is_refused() {
    let sandbox = Sandbox::new();
    let path = sandbox.demo();
    let output = sandbox.run(&["due", &path, "--within", "soon"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let output = sandbox.run(&["due", &path, "--format", "ical"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    // A window past the calendar's end is refused by name, not a crash.
    let output = sandbox.run(&["due", &path, "--within", "4000000000"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("--within"), "{}", stderr(&output));
    let missing = sandbox.path("none.hra");
    let output = sandbox.run(&["due", missing.to_str().unwrap()]);
    assert!(!output.status.success());
    assert!(!missing.exists(), "reading never creates a workspace");
}

/// The Python that has `icalendar` (HIPAA_RA_ICALENDAR_PYTHON, else python3), or None
/// after saying the check is skipped.
fn icalendar_python() -> Option<String> {
    let python = std::env::var("HIPAA_RA_ICALENDAR_PYTHON").unwrap_or_else(|_| "python3".to_string());
    let probe = Command::new(&python).args(["-c", "import icalendar"]).output();
    match probe {
        Ok(output) if output.status.success() => Some(python),
        _ => {
            tools::skip(&format!(
                "the Python icalendar package is not installed for {python}; .ci/run installs it"
            ));
            None
        }
    }
}

#[test]
fn due_as_ics_is_a_calendar_a_standard_library_reads_the_same_each_time() {
    let sandbox = Sandbox::new();
    let path = sandbox.demo();
    let first = sandbox.path("due.ics");
    let said = sandbox.ok(&["due", &path, "--format", "ics", "-o", first.to_str().unwrap()]);
    assert!(said.contains("overdue"), "{said}");
    let second = sandbox.path("again.ics");
    sandbox.ok(&["due", &path, "--format", "ics", "-o", second.to_str().unwrap()]);
    let bytes = std::fs::read(&first).unwrap();
    assert_eq!(
        bytes,
        std::fs::read(&second).unwrap(),
        "same workspace and date, same bytes"
    );
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"), "{text}");
    assert!(
        text.contains("DTSTAMP:20261123T000000Z\r\n"),
        "DTSTAMP is the fixed date"
    );
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "a line over 75 octets: {line}");
        assert!(!line.contains('\n'), "a bare line feed: {line:?}");
    }
    // Written over an existing file only through the safe writer's rules: the workspace
    // itself is refused as a target.
    let refused = sandbox.run(&["due", &path, "--format", "ics", "-o", &path]);
    assert!(!refused.status.success(), "{}", stdout(&refused));

    let Some(python) = icalendar_python() else {
        return;
    };
    let script = "import sys, icalendar\n\
                  cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())\n\
                  assert cal['VERSION'] == '2.0', cal['VERSION']\n\
                  for event in cal.walk('VEVENT'):\n\
                  \x20   print(event['UID'], event['DTSTART'].dt.isoformat(), event['DTEND'].dt.isoformat(), \
                  event['DTSTAMP'].dt.isoformat(), event['SUMMARY'], sep='|')\n";
    let output = Command::new(&python)
        .args(["-c", script, first.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "icalendar refused the file: {}",
        stderr(&output)
    );
    let parsed = stdout(&output);
    let events: Vec<Vec<&str>> = parsed.lines().map(|line| line.split('|').collect()).collect();
    let due = sandbox.ok(&["due", &path]);
    assert_eq!(
        events.len(),
        due.lines().count() - 1,
        "one event per item:\n{parsed}\n{due}"
    );
    let mut uids: Vec<&str> = events.iter().map(|event| event[0]).collect();
    uids.sort_unstable();
    uids.dedup();
    assert_eq!(uids.len(), events.len(), "UIDs are unique: {parsed}");
    let policy = events
        .iter()
        .find(|event| event[4] == "Policy review: Security awareness and training")
        .unwrap_or_else(|| panic!("the overdue policy review: {parsed}"));
    assert!(policy[0].starts_with("policy_review-policy-"), "{parsed}");
    assert_eq!(policy[1], "2026-11-03");
    assert_eq!(policy[2], "2026-11-04", "an all-day event ends the next day");
    assert!(policy[3].starts_with("2026-11-23T00:00:00"), "{parsed}");
    assert!(
        events
            .iter()
            .any(|event| event[4] == "Agreement renewal: ClearClaim Billing LLC agreement (expires 2026-12-13)"),
        "the comma-free summary reads back whole: {parsed}"
    );
}

#[test]
fn the_report_lists_the_demos_overdue_and_expiring_items_in_its_program_calendar() {
    let sandbox = Sandbox::new();
    let path = sandbox.demo();
    let out = sandbox.path("report.pdf");
    let output = sandbox.run(&["report", &path, "-o", out.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let document = lopdf::Document::load_mem(&std::fs::read(&out).unwrap()).unwrap();
    let pages: Vec<u32> = document.get_pages().keys().copied().collect();
    let text = pdf::squash(&document.extract_text(&pages).unwrap());
    let start = text
        .rfind("Program calendar The program's recurring obligations")
        .expect("the section");
    let end = text[start..]
        .find("Changes since the last assessment")
        .map_or(text.len(), |at| start + at);
    let section = &text[start..end];
    assert!(
        section.contains("Each is due again one cycle after its last completion"),
        "{section}"
    );
    let due = sandbox.ok(&["due", &path, "--within", "30"]);
    let overdue = due.matches("OVERDUE").count();
    assert!(
        section.contains(&format!("On 2026-11-23, {overdue} are overdue and")),
        "the same count as `due`: {section}"
    );
    for what in [
        "Security awareness and training",
        "ClearClaim Billing LLC agreement (expires 2026-12-13)",
        "HIPAA Privacy and Security Basics: Aisha Mohammed",
        "Backup restore test",
    ] {
        assert!(section.contains(what), "the section lacks {what}: {section}");
    }
    assert!(section.contains("20 days overdue"), "{section}");
    assert!(section.contains("due in 10 days"), "{section}");
}
