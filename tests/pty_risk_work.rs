//! The practice manager's risk work through the real binary in a pseudo-terminal: one
//! scenario across three workstations ticked in the picker, its level shown while it is
//! scored, and the threat library's suggested vulnerability confirmed, not assumed.

mod common;

use common::pty::*;
use hipaa_ra::domain::AssetKind;
use hipaa_ra::store::Store;

const DOWN_ARROW: &[u8] = b"\x1b[B";

#[test]
fn a_scenario_across_three_picked_assets_is_scored_with_its_level_live_and_its_vulnerability_confirmed() {
    let (_temp, _env, workspace, mut session) = open_demo();
    session.press(b'5');
    session.wait_for_title("Risks");
    session.press(b'a');
    session.wait_for("1. the assets");
    session.type_text("workst");
    session.wait_for("Old workstations");
    for _ in 0..3 {
        session.press(b' ');
        session.send_sequence(DOWN_ARROW);
    }
    session.wait_for("3 ticked");
    session.press(b'\r');
    session.wait_for("threats to 3 assets");
    session.press(b' '); // the first threat: ransomware
    session.press(b'\r');
    session.wait_for("Added 1 scenario for 3 assets");

    // The new scenario is selected; the register labels the library's text a suggestion.
    session.wait_for("Suggested vulnerability, not confirmed");
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
    session.quit();

    let store = Store::open(&workspace).expect("open the workspace after the TUI");
    let snapshot = store.snapshot().expect("read it");
    let ransomware = hipaa_ra::catalog::Catalog::embedded().threat("ransomware").unwrap();
    let risk = snapshot
        .risks
        .iter()
        .find(|risk| risk.threat_key.as_deref() == Some("ransomware") && risk.asset_ids.len() == 3)
        .expect("one scenario naming three assets");
    let assets: Vec<_> = risk.asset_ids.iter().filter_map(|id| snapshot.asset(*id)).collect();
    assert!(
        assets.iter().all(|asset| asset.kind == AssetKind::Workstation),
        "{assets:?}"
    );
    assert_eq!(
        risk.vulnerability,
        ransomware.suggested_vulnerability(),
        "confirmed as shown"
    );
    assert_eq!((risk.likelihood, risk.impact), (Some(2), Some(3)));
    assert_eq!(risk.likelihood_rationale, "Phishing reaches these desks every month");
    assert_eq!(
        risk.owner_id,
        assets.iter().find_map(|asset| asset.owner_id),
        "the first asset's owner"
    );
}
