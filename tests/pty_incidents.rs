//! A lost phone recorded from discovery to closed through the real binary in a
//! pseudo-terminal (issue 28): on the demo, reach the Incidents screen by pressing 9 until
//! its name shows, add the incident, add a timeline entry, link the phones, assess it as not a breach (the
//! phone was encrypted: the safe harbor) and close it with its outcome. After each step
//! the workspace file, read beside the open editor, says so.

mod common;

use std::path::Path;

use common::pty::*;
use hipaa_ra::domain::incident::{Conclusion, Incident, IncidentStatus, SafeHarbor, TimelineKind};
use hipaa_ra::store::Store;

const TITLE: &str = "Billing phone lost";

/// The journey's incident as the file has it, read beside the editor.
fn read(workspace: &Path) -> Option<Incident> {
    let store = Store::open_for_reading(workspace).expect("read the workspace beside the editor");
    store
        .incidents()
        .expect("the incidents")
        .into_iter()
        .find(|incident| incident.title == TITLE)
}

#[test]
fn a_lost_phone_from_discovery_to_closed() {
    let (_temp, _env, workspace, mut session) = open_demo();

    // The program's screens share 9, pressed again for the next one.
    session.go_to_program_screen("Incidents");
    session.wait_for("Referral fax sent to a wrong number");

    // Add it: the title, when it happened; discovered defaults to today.
    session.press(b'a');
    session.wait_for("Add an incident");
    session.type_text(TITLE);
    session.press(b'\t');
    session.type_text("2026-11-21");
    session.press(b'\r');
    session.wait_for("Saved Billing phone lost");
    let added = read(&workspace).expect("the incident is saved");
    assert_eq!(added.status, IncidentStatus::Open);
    assert_eq!(
        added.discovered_on.map(|on| on.to_string()).as_deref(),
        Some("2026-11-23")
    );
    session.wait_for("Breach assessment: not done");

    // A timeline entry: containment (two to the left of the default, observation).
    session.press(b't');
    session.wait_for("Timeline entry: Billing phone lost");
    session.press(b'\t');
    session.send_sequence(b"\x1b[D");
    session.send_sequence(b"\x1b[D");
    session.wait_for("Containment");
    session.press(b'\t');
    session.type_text("Remote wipe confirmed");
    session.press(b'\r');
    session.wait_for("Added Containment");
    session.wait_for("Remote wipe confirmed");
    let entry = read(&workspace).unwrap().timeline;
    assert_eq!(entry.len(), 1);
    assert_eq!(entry[0].kind, TimelineKind::Containment);

    // Link the phones: l opens this year's assets and scenarios with check boxes;
    // typing finds, Space ticks, Enter saves.
    session.press(b'l');
    session.wait_for("Link: Billing phone lost");
    session.type_text("iPhone");
    session.press(b' ');
    session.press(b'\r');
    session.wait_for("Linked 1 asset and no scenario");
    session.wait_for("Assets: Clinician iPhones (managed)");
    let linked = read(&workspace).unwrap();
    assert_eq!(linked.asset_ids.len(), 1, "{linked:?}");

    // The breach assessment: the first factor, then the safe harbor and "Not a breach".
    session.press(b'b');
    session.wait_for("Breach assessment: Billing phone lost");
    session.type_text("EHR app data inside the device's encryption");
    for _ in 0..4 {
        session.press(b'\t');
    }
    session.send_sequence(RIGHT_ARROW); // Encrypted (safe harbor): Yes
    session.press(b'\t');
    session.press(b'\t');
    session.send_sequence(RIGHT_ARROW); // Conclusion: Not a breach
    session.wait_for("Not a breach");
    session.press(b'\r');
    session.wait_for("Not a breach (encrypted: safe harbor)");
    let assessed = read(&workspace).unwrap();
    assert_eq!(assessed.conclusion, Some(Conclusion::NotBreach));
    assert_eq!(assessed.safe_harbor, Some(SafeHarbor::Yes));

    // Close it with its outcome.
    session.press(b'c');
    session.wait_for("Close: Billing phone lost");
    session.press(b'\t');
    session.type_text("Wiped remotely; replaced from stock");
    session.press(b'\r');
    session.wait_for("Closed on 2026-11-23");
    let closed = read(&workspace).unwrap();
    assert_eq!(closed.status, IncidentStatus::Closed);
    assert_eq!(closed.outcome, "Wiped remotely; replaced from stock");
    let kinds: Vec<TimelineKind> = closed.timeline.iter().map(|entry| entry.kind).collect();
    assert_eq!(kinds, vec![TimelineKind::Containment, TimelineKind::StatusChange]);

    session.quit();
}
