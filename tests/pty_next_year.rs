//! Next year through the real binary in a pseudo-terminal (issue 13): on the demo, start
//! next year's assessment from the Practice screen, confirm three carried-forward reviews,
//! re-score a scenario, close an action, import a changed inventory (which names last
//! year's asset it did not list, then retire it), and read the changes on the Report
//! screen. After each step the workspace file, read beside the open editor, says so.

mod common;

use std::path::Path;

use common::pty::*;
use hipaa_ra::domain::{ActionStatus, CarriedEntity, ReviewStatus, Workspace};
use hipaa_ra::store::Store;

const PAGE_DOWN: &[u8] = b"\x1b[6~";

/// The open assessment as the file has it, read beside the editor.
fn read(workspace: &Path) -> Workspace {
    let store = Store::open_for_reading(workspace).expect("read the workspace beside the editor");
    store.snapshot().expect("a snapshot")
}

/// Presses `key` and waits until the screen differs from what it was.
fn press_and_redraw(session: &mut Session, key: &[u8]) {
    let before = session.contents();
    session.send_sequence(key);
    session.pump_until("a redraw", TIMEOUT, |session| session.contents() != before);
}

/// The action form's Status line as drawn.
fn status_field(session: &Session) -> String {
    session
        .contents()
        .lines()
        .find(|line| line.contains("Status "))
        .unwrap_or_default()
        .to_string()
}

#[test]
fn start_next_year_confirm_rescore_close_import_and_read_the_changes() {
    let (temp, _env, workspace, mut session) = open_demo();
    let last_year = read(&workspace);

    // Start next year from the Practice screen.
    session.press(b'1');
    session.wait_for_title("Practice");
    session.press(b'n');
    session.wait_for("Start next year's assessment");
    session.press(b'y');
    session.wait_for("started assessment");
    session.wait_for("to confirm");
    let next = read(&workspace);
    assert_ne!(
        next.assessment_id, last_year.assessment_id,
        "the new assessment is open"
    );
    assert_eq!(next.assessment().unwrap().carried_from, Some(last_year.assessment_id));

    // Confirm three carried reviews with c, each found by the filter.
    session.press(b'4');
    session.wait_for_title("Safeguards");
    let citations: Vec<String> = next
        .reviews
        .iter()
        .filter(|review| review.status != ReviewStatus::NotReviewed)
        .map(|review| review.citation.clone())
        .take(3)
        .collect();
    for citation in &citations {
        session.press(b'/');
        session.type_text(citation);
        session.press(b'\r');
        session.wait_for("Carried: c?");
        session.press(b'c');
        session.wait_for(&format!("{citation} confirmed"));
    }
    let after = read(&workspace);
    for citation in &citations {
        assert!(after.is_reviewed(citation), "{citation} counts as reviewed in the file");
    }

    // Re-score the first scenario of the register: last year's score shows beside it.
    session.press(b'5');
    session.wait_for_title("Risks");
    session.wait_for(", re-score");
    session.press(b's');
    session.wait_for("Likelihood");
    // The register's first is the demo's ransomware, at the top of the scale: down to Low
    // (very high, high, moderate, low), which lowers its level.
    for _ in 0..3 {
        press_and_redraw(&mut session, b"\x1b[D");
    }
    session.press(b'\r');
    session.wait_for("Scored ");
    session.wait_for("Last year ");
    session.wait_for(", now ");
    // A re-score with last year's rationale leaves the mark; C confirms the rationale
    // still explains the new score.
    session.wait_for("rationale still last");
    session.press(b'C');
    // The status bar shortens the long message to its line: the mark going is the sign.
    session.wait_until_gone("rationale still last");
    let rescored = read(&workspace);
    let changed = rescored
        .risks
        .iter()
        .filter(|risk| !rescored.needs_confirmation(CarriedEntity::Risk, risk.id))
        .count();
    assert_eq!(changed, 1, "one scenario re-scored and confirmed, its mark cleared");

    // Close the first action of the plan: its status to Done.
    session.press(b'6');
    session.wait_for_title("Remediation");
    session.press(b'e');
    session.wait_for("Status");
    // Focus the status field (title, owner, due, status), then step its choice to Done.
    for _ in 0..3 {
        press_and_redraw(&mut session, b"\t");
    }
    // The focus mark must be on Status before its value is stepped: a late frame of the
    // last Tab would otherwise count as a step.
    session.pump_until("the focus on Status", TIMEOUT, |session| {
        status_field(session).contains('▸')
    });
    // Step the choice one value at a time, waiting for the field itself to change.
    for _ in 0..3 {
        let status_line = status_field(&session);
        if status_line.contains("Done") {
            break;
        }
        session.send_sequence(RIGHT_ARROW);
        session.pump_until("the status to change", TIMEOUT, |session| {
            status_field(session) != status_line
        });
    }
    assert!(status_field(&session).contains("Done"), "{}", session.contents());
    session.press(b'\r');
    session.wait_for("Saved ");
    let closed = read(&workspace);
    let finished: String = closed
        .actions
        .iter()
        .find(|action| action.status == ActionStatus::Done)
        .map(|action| action.title.chars().take(30).collect())
        .unwrap_or_default();
    assert_eq!(
        closed
            .actions
            .iter()
            .filter(|action| action.status == ActionStatus::Done)
            .count(),
        1,
        "one action closed in the file"
    );

    // Import a changed inventory: one asset gone, one moved, one new.
    let gone = closed.assets[2].clone();
    let mut csv = String::from("name,kind,location\n");
    for (index, asset) in closed.assets.iter().enumerate() {
        if asset.id == gone.id {
            continue;
        }
        let location = if index == 0 {
            "Back office"
        } else {
            asset.location.as_str()
        };
        csv.push_str(&format!("\"{}\",{},\"{}\"\n", asset.name, kind_key(asset), location));
    }
    csv.push_str("Tele-visit tablet,mobile_device,Exam room 3\n");
    let file = temp.path().join("inventory.csv");
    std::fs::write(&file, csv).unwrap();
    session.press(b'3');
    session.wait_for_title("Inventory");
    session.press(b'i');
    session.wait_for("Import");
    session.type_text(file.to_str().unwrap());
    session.press(b'\r');
    session.wait_for("Not in the file, from last year");
    session.wait_for(&format!("#{}", gone.id));
    // Retire it: R on its row (found with the filter), then yes.
    session.press(b'/');
    session.type_text(&gone.name);
    session.press(b'\r');
    session.press(b'R');
    session.wait_for("Retire asset");
    session.press(b'y');
    session.wait_for("Retired ");
    let imported = read(&workspace);
    assert!(imported.is_retired(gone.id));
    assert!(imported.assets.iter().any(|asset| asset.name == "Tele-visit tablet"));

    // The Report screen: the changes section near the end names each change.
    session.press(b'8');
    session.wait_for_title("Report");
    let mut seen = String::new();
    for _ in 0..80 {
        let screen = session.contents();
        if !seen.is_empty() || screen.contains("Changes since the last assessment") {
            seen.push_str(&screen);
        }
        if seen.contains("Tele-visit tablet") && seen.contains(&citations[0]) && seen.contains(&finished) {
            break;
        }
        // Each page redraws until the end; the loop stops before it once all is seen.
        press_and_redraw(&mut session, PAGE_DOWN);
    }
    assert!(
        seen.contains("Changes since the last assessment"),
        "{}",
        session.contents()
    );
    for expected in [
        "Tele-visit tablet",
        gone.name.as_str(),
        citations[0].as_str(),
        finished.as_str(),
        "Risk levels down:",
    ] {
        assert!(seen.contains(expected), "the changes lack {expected:?}:\n{seen}");
    }
    assert!(
        !seen.contains("Risk levels down: none"),
        "the re-scored risk went down:\n{seen}"
    );
    session.quit();
}

fn kind_key(asset: &hipaa_ra::domain::Asset) -> &'static str {
    use hipaa_ra::domain::Labeled;
    asset.kind.key()
}
