//! Resolving findings through the real binary in a pseudo-terminal (issue 11): on the
//! demo, one finding of each kind of resolution, each picked from the dashboard's list and
//! watched leaving it: a fix (a carried-forward review confirmed), an action (a treatment with its
//! first action) and an acknowledgment (a written reason). After each, the workspace file
//! itself, read beside the open editor, no longer has the finding open.

mod common;

use std::path::Path;

use common::pty::*;
use hipaa_ra::catalog::Catalog;
use hipaa_ra::domain::{Finding, FindingCounts, Rule, findings};
use hipaa_ra::store::Store;

use common::today;

/// The open findings as the dashboard lists them (after its "Next:" line).
fn open_findings(workspace: &Path) -> Vec<Finding> {
    let store = Store::open_for_reading(workspace).expect("read the workspace beside the editor");
    let snapshot = store.snapshot().expect("a snapshot");
    findings(&snapshot, Catalog::embedded(), today())
        .into_iter()
        .filter(Finding::is_open)
        .collect()
}

/// The dashboard line (0 is "Next:") and what it shows of the first open finding of a
/// rule whose message contains `subject`.
fn line_of(workspace: &Path, rule: Rule, subject: &str) -> (usize, String, String) {
    let open = open_findings(workspace);
    let index = open
        .iter()
        .position(|finding| finding.rule == rule && finding.message.contains(subject))
        .unwrap_or_else(|| panic!("no open {rule:?} finding about {subject}"));
    // The line is clipped to the screen: wait for the start of the message.
    let shown: String = open[index].message.chars().take(40).collect();
    (index + 1, shown, open[index].key.clone())
}

/// Waits until the dashboard's "Findings" line states the counts the file now gives. A
/// message prefix cannot tell "gone" here: one scenario can have two findings that start the
/// same way ("Scenario #25 ... has no likelihood", "... has no treatment").
fn wait_for_counts_of(session: &mut Session, workspace: &Path) {
    let store = Store::open_for_reading(workspace).expect("read the workspace beside the editor");
    let snapshot = store.snapshot().expect("a snapshot");
    let counts = FindingCounts::of(&findings(&snapshot, Catalog::embedded(), today()));
    session.wait_for(&format!(
        "Findings {} blocking, {} advisory, {} acknowledged",
        counts.blocking, counts.advisory, counts.acknowledged
    ));
}

fn still_open(workspace: &Path, key: &str) -> bool {
    open_findings(workspace).iter().any(|finding| finding.key == key)
}

/// Goes to the dashboard and moves its cursor to `line`, waiting until it shows.
fn select(session: &mut Session, line: usize, shown: &str) {
    session.press(b'0');
    session.wait_for_title("Dashboard");
    session.press(b'g');
    for _ in 0..line {
        session.press(b'j');
    }
    session.wait_for(shown);
}

#[test]
fn resolving_one_finding_of_each_kind_takes_it_off_the_dashboard() {
    let (_temp, _env, workspace, mut session) = open_demo();
    session.wait_for("Findings ");
    session.wait_for("DRAFT");

    // A fix: Enter on "Sanction policy", carried forward from last year's review and not
    // yet confirmed, opens the item; c confirms it.
    let (line, shown, key) = line_of(&workspace, Rule::SafeguardNotConfirmed, "Sanction policy");
    select(&mut session, line, &shown);
    session.press(b'\r');
    session.wait_for_title("Safeguards");
    session.wait_for("Carried: c?");
    session.press(b'c');
    session.wait_for("164.308(a)(1)(ii)(C) confirmed");
    assert!(!still_open(&workspace, &key), "the confirmation is in the file");
    session.press(b'0');
    session.wait_for_title("Dashboard");
    wait_for_counts_of(&mut session, &workspace);

    // An action: Enter on this year's new scenario, which has no treatment decision, opens
    // it; treat it by mitigating, with its first action.
    let (line, shown, key) = line_of(&workspace, Rule::ScenarioWithoutTreatment, "Tele-visit");
    select(&mut session, line, &shown);
    session.press(b'\r');
    session.wait_for_title("Risks");
    session.press(b't');
    session.wait_for("Treat: Tele-visit recordings");
    // The decision from the list, then only what mitigating needs: the first action.
    session.type_text("Mitigate");
    session.press(b'\r');
    session.wait_for("Mitigate: Tele-visit recordings");
    session.type_text("Turn off recording at the vendor");
    session.press(b'\t');
    session.send_sequence(RIGHT_ARROW); // the action's owner: the first person
    session.press(b'\t');
    session.type_text("2026-12-15");
    session.press(b'\r');
    session.wait_until_gone("Mitigate: Tele-visit recordings");
    assert!(!still_open(&workspace, &key), "the treatment is in the file");
    session.press(b'0');
    session.wait_for_title("Dashboard");
    wait_for_counts_of(&mut session, &workspace);

    // An acknowledgment: the new vendor without an agreement, with a written reason.
    let (line, shown, key) = line_of(&workspace, Rule::VendorWithoutAgreement, "TeleVisit");
    select(&mut session, line, &shown);
    session.press(b'a');
    session.wait_for("Acknowledge a finding");
    session.press(b'\t');
    session.type_text("Remote sessions are watched by staff and no ePHI is stored; agreement in review");
    session.press(b'\r');
    session.wait_for("Acknowledged: Vendor \"TeleVisit Health LLC\"");
    wait_for_counts_of(&mut session, &workspace);
    assert!(!still_open(&workspace, &key), "the acknowledgment is in the file");

    session.quit();
}
