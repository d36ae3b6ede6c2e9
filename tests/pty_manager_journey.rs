//! Issue 15's journey as one run of the real binary in a pseudo-terminal at 80x24: the
//! practice manager starts a NEW workspace (the first-run form), records three
//! workstations, adds ONE scenario across the three ticked in a picker, sees its level
//! while scoring it, confirms the threat library's suggested vulnerability, then makes a
//! signing key and exports a signed PDF without leaving the TUI, switching screens while
//! the export runs. The worker is slowed by the test-only delay variable, so "while it
//! runs" is certain, not a race.

mod common;

use std::path::Path;
use std::time::Duration;

use common::pty::*;
use hipaa_ra::domain::AssetKind;
use hipaa_ra::store::Store;

const DOWN: &[u8] = b"\x1b[B";
/// Each background job waits this long before it starts (`hipaa_ra::tui::DELAY_TEST_VARIABLE`).
const DELAY_MS: u64 = 2500;
const WORKSTATIONS: [&str; 3] = ["Front desk workstation", "Billing workstation", "Exam room workstation"];

#[test]
fn a_new_practice_scores_one_scenario_across_three_picked_assets_and_exports_a_signed_pdf() {
    let temp = tempfile::tempdir().expect("create a temp dir");
    let root = temp.path();
    let mut env = environment(root);
    env.push((hipaa_ra::tui::DELAY_TEST_VARIABLE.to_string(), DELAY_MS.to_string()));
    std::fs::create_dir_all(root.join("home")).expect("create the home directory");
    let workspace = root.join("harbor.hra");

    // A new workspace opens on the practice profile.
    let mut session = Session::spawn(&[Path::new("new"), workspace.as_path()], &env);
    session.wait_for_within("New workspace: the practice", STARTUP_TIMEOUT);
    session.type_text("Harbor Dental");
    for _ in 0..7 {
        session.send_sequence(DOWN); // to the assessor, empty while nobody is named
    }
    session.type_text("Maria Lopez");
    session.press(b'\r');
    session.wait_for("Practice profile saved");

    // Three workstations.
    session.press(b'3');
    session.wait_for_title("Inventory");
    for name in WORKSTATIONS {
        session.press(b'a');
        session.wait_for("Add an asset");
        session.type_text(name);
        session.press(b'\t');
        session.send_sequence(RIGHT_ARROW);
        session.send_sequence(RIGHT_ARROW); // System, Application, Workstation
        session.wait_for("◀ Workstation ▶");
        session.press(b'\r');
        session.wait_for(&format!("Added {name}"));
    }

    // One scenario for the three, ticked in the picker.
    session.press(b'5');
    session.wait_for_title("Risks");
    session.press(b'a');
    session.wait_for("1. the assets");
    session.type_text("workst"); // the find leaves the three, not the practice-wide row
    session.wait_for("Exam room workstation");
    for _ in 0..3 {
        session.press(b' ');
        session.send_sequence(DOWN);
    }
    session.wait_for("3 ticked");
    session.press(b'\r');
    session.wait_for("threats to 3 assets");
    session.press(b' '); // the first threat for workstations: ransomware
    session.press(b'\r');
    session.wait_for("Added 1 scenario for 3 assets");
    session.wait_for("Suggested vulnerability, not confirmed");

    // Scored with the level shown as it is chosen; the suggestion confirmed as shown.
    session.press(b's');
    session.wait_for("Vuln. (suggested)");
    session.wait_for("Level: choose likelihood and impact");
    for _ in 0..3 {
        session.send_sequence(RIGHT_ARROW); // likelihood Moderate
    }
    session.wait_for("Level: choose the impact");
    session.press(b'\t');
    session.type_text("Phishing reaches these desks every month");
    session.press(b'\t');
    for _ in 0..4 {
        session.send_sequence(RIGHT_ARROW); // impact High
    }
    session.wait_for("Level: Moderate");
    session.press(b'\t');
    session.type_text("Check-in and billing stop for a day");
    for _ in 0..3 {
        session.press(b'\t'); // targets, then the suggested vulnerability
    }
    session.wait_for("Suggested by the threat library");
    session.press(b'\r');
    session.wait_for("Scored Ransomware");

    // The report, signed with a key made here, exported while the keys keep working.
    session.press(b'8');
    session.wait_for_title("Report");
    session.press(b'x');
    session.wait_for("Export the report");
    for _ in 0..3 {
        session.send_sequence(DOWN); // paper, save as, sign
    }
    session.send_sequence(RIGHT_ARROW);
    session.send_sequence(RIGHT_ARROW); // a new analysis is a draft
    session.wait_for("DRAFT for review");
    session.press(b'\r');
    session.wait_for("No signing key yet");
    session.send_sequence(DOWN);
    session.type_text("harbor dental 2026");
    session.send_sequence(DOWN);
    session.type_text("harbor dental 2026");
    assert!(
        !session.contents().contains("harbor dental"),
        "the password is masked:\n{}",
        session.contents()
    );
    session.press(b'\r');
    session.wait_for("Making the signing key");
    session.wait_for_within("Exporting the report:", Duration::from_secs(60));
    session.press(b'0');
    session.wait_for_title("Dashboard");
    assert!(
        session.contents().contains("Exporting the report:"),
        "the screen switched while the export was still running:\n{}",
        session.contents()
    );
    session.press(b'3');
    session.wait_for_title("Inventory");
    session.wait_until_gone_within("Exporting the report:", Duration::from_secs(60));
    session.wait_for("Wrote");
    session.quit();

    // What the files and the store hold.
    let report = root.join("harbor-report.pdf");
    assert!(report.exists(), "{} was not written", report.display());
    let public = root.join("home/.config/hipaa-ra/hipaa-ra.pub");
    let public = hipaa_ra::signing::read_public_key(public.to_str().unwrap()).expect("the public key");
    assert!(matches!(
        hipaa_ra::signing::verify(&report, &public).expect("verify"),
        hipaa_ra::signing::Verdict::Valid { .. }
    ));

    let snapshot = Store::open(&workspace)
        .and_then(|store| store.snapshot())
        .expect("read the workspace after the TUI");
    assert_eq!(snapshot.practice.name, "Harbor Dental");
    assert_eq!(snapshot.risks.len(), 1, "one scenario, not three");
    let risk = &snapshot.risks[0];
    let mut names: Vec<&str> = risk
        .asset_ids
        .iter()
        .filter_map(|id| snapshot.asset(*id))
        .inspect(|asset| assert_eq!(asset.kind, AssetKind::Workstation))
        .map(|asset| asset.name.as_str())
        .collect();
    names.sort_unstable();
    let mut expected = WORKSTATIONS.to_vec();
    expected.sort_unstable();
    assert_eq!(names, expected);
    let ransomware = hipaa_ra::catalog::Catalog::embedded().threat("ransomware").unwrap();
    assert_eq!(risk.threat_key.as_deref(), Some("ransomware"));
    assert_eq!(
        risk.vulnerability,
        ransomware.suggested_vulnerability(),
        "confirmed as shown"
    );
    assert_eq!((risk.likelihood, risk.impact), (Some(2), Some(3)));
    assert_eq!(risk.likelihood_rationale, "Phishing reaches these desks every month");
}
