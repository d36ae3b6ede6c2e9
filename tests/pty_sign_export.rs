//! The practice manager signs her report without leaving the TUI (issue 15, points 7
//! and 8), in the real binary in a pseudo-terminal: on the Report screen she exports a
//! signed PDF, is offered a key because she has none, types its password twice, and the
//! key is made and the report signed on the worker. While the export runs she switches
//! screens: the keys answer at once. The work is slowed by the test-only delay variable
//! so the "while" is certain, not a race.

mod common;

use std::time::Duration;

use common::pty::*;

const DOWN: &[u8] = b"\x1b[B";
/// Each job waits this long before it starts (see `hipaa_ra::tui::DELAY_TEST_VARIABLE`).
const DELAY_MS: u64 = 2500;

#[test]
fn a_key_is_made_and_a_signed_pdf_exported_while_the_keys_keep_working() {
    let temp = tempfile::tempdir().expect("create a temp dir");
    let root = temp.path();
    let mut env = environment(root);
    env.push((hipaa_ra::tui::DELAY_TEST_VARIABLE.to_string(), DELAY_MS.to_string()));
    std::fs::create_dir_all(root.join("home")).expect("create the home directory");
    let workspace = write_demo(root, &env);
    let mut session = Session::spawn(&[workspace.as_path()], &env);
    session.wait_for_within("Readiness", STARTUP_TIMEOUT);

    session.press(b'8');
    session.wait_for_title("Report");
    session.press(b'x');
    session.wait_for("Export the report");
    for _ in 0..3 {
        session.send_sequence(DOWN); // paper, save as, sign
    }
    session.send_sequence(RIGHT_ARROW);
    session.send_sequence(RIGHT_ARROW); // as a DRAFT for review: the demo is a draft
    session.wait_for("DRAFT for review");
    // The key file named by default does not exist yet: Enter offers to make it.
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
    // Once the key exists the export form signs with it, and the export runs.
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

    let report = root.join("demo-report.pdf");
    let public = root.join("home/.config/hipaa-ra/hipaa-ra.pub");
    assert!(
        report.exists(),
        "{} was not written:\n{}",
        report.display(),
        session.contents()
    );
    let public = hipaa_ra::signing::read_public_key(public.to_str().unwrap()).expect("the public key");
    assert!(matches!(
        hipaa_ra::signing::verify(&report, &public).expect("verify"),
        hipaa_ra::signing::Verdict::Valid { .. }
    ));
    session.quit();
}
