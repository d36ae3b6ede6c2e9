//! Pastes through the real binary in a pseudo-terminal (issue 12). The terminal sends a
//! paste wrapped in ESC[200~ ... ESC[201~ once the program asks for bracketed paste; the
//! paste of " see notes\ndy" into a scenario's threat used to save the form, delete the
//! Very High ransomware scenario with its actions and confirm. Now it is text in the
//! field, and a 50 KB paste is one quick edit.

mod common;

use std::path::Path;
use std::time::Instant;

use common::pty::*;
use hipaa_ra::domain::Workspace;

const PASTE_START: &[u8] = b"\x1b[200~";
const PASTE_END: &[u8] = b"\x1b[201~";
/// DECSET 2004: the program asks the terminal for bracketed paste.
const BRACKETED_PASTE_ON: &[u8] = b"\x1b[?2004h";

/// Pastes as a terminal does: wrapped in the paste brackets only when the program has
/// turned bracketed paste on, otherwise as the bare characters (a newline then is Enter).
fn paste(session: &mut Session, text: &str) {
    let bracketed = session.parser.screen().bracketed_paste();
    let mut bytes = Vec::new();
    if bracketed {
        bytes.extend_from_slice(PASTE_START);
    }
    bytes.extend_from_slice(text.replace('\n', "\r").as_bytes());
    if bracketed {
        bytes.extend_from_slice(PASTE_END);
    }
    // In pieces, so a program that takes the paste key by key (the old freeze) fails the
    // test after a while instead of blocking the write for minutes.
    let deadline = Instant::now() + TIMEOUT;
    for piece in bytes.chunks(1024) {
        session.send_sequence(piece);
        assert!(
            Instant::now() < deadline,
            "the program took more than {TIMEOUT:?} to take in a {} byte paste",
            bytes.len()
        );
    }
}

fn load(workspace: &Path) -> Workspace {
    let store = hipaa_ra::store::Store::open_for_reading(workspace).expect("open the workspace to read it");
    store.snapshot().expect("load the workspace")
}

#[test]
fn a_paste_with_a_newline_into_a_threat_is_text_and_every_scenario_and_action_stays() {
    let (_temp, _env, workspace, mut session) = open_demo();
    let before = load(&workspace);
    assert!(
        session
            .raw
            .windows(BRACKETED_PASTE_ON.len())
            .any(|w| w == BRACKETED_PASTE_ON),
        "the TUI never enabled bracketed paste"
    );

    session.press(b'5');
    session.wait_for_title("Risks");
    // The register's first row: the highest risk, with its actions.
    let order = hipaa_ra::domain::register_order(&before);
    let top = before.risks[order[0]].clone();
    assert!(top.threat.to_lowercase().contains("ransomware"), "{}", top.threat);
    assert!(
        before.actions_for(top.id).count() >= 2,
        "the top risk has actions to lose"
    );
    session.press(b'e');
    session.wait_for("Edit the scenario");
    // The threat is selected on opening (typing or a paste would replace it): End keeps it.
    session.send_sequence(b"\x1b[F");
    paste(&mut session, " see notes\ndy");
    session.wait_for("see notes dy");
    assert!(
        session.contents().contains("Edit the scenario"),
        "the form is still open:\n{}",
        session.contents()
    );
    session.press(b'\r');
    session.wait_for("Saved");
    session.quit();
    assert!(
        !session.parser.screen().bracketed_paste(),
        "bracketed paste was left on after quitting"
    );

    let after = load(&workspace);
    assert_eq!(after.risks.len(), before.risks.len(), "every scenario is still there");
    assert_eq!(after.actions.len(), before.actions.len(), "every action is still there");
    assert_eq!(after.actions_for(top.id).count(), before.actions_for(top.id).count());
    assert_eq!(
        after.risk(top.id).expect("the ransomware scenario").threat,
        format!("{} see notes dy", top.threat),
        "the pasted text is in the field, the newline a space"
    );
}

#[test]
fn a_50_kb_paste_lands_in_one_edit_within_a_second_or_two() {
    let (_temp, _env, workspace, mut session) = open_demo();
    let assets = load(&workspace).assets.len();
    session.press(b'3');
    session.wait_for_title("Inventory");
    session.press(b'a');
    session.wait_for("Add an asset");
    let line = "Referral letters scanned at the front desk, then filed in the EHR.\n";
    let mut text = line.repeat(50 * 1024 / line.len() + 1);
    text.push_str("END-OF-PASTE");
    let started = Instant::now();
    paste(&mut session, &text);
    session.wait_for("END-OF-PASTE");
    let elapsed = started.elapsed();
    eprintln!(
        "a {} byte paste in the pty: shown in the field after {elapsed:?}",
        text.len()
    );
    // The per-character redraw took two minutes; one edit and one redraw takes well
    // under a second even in a debug build (the wait allows ten for a loaded machine).
    assert!(elapsed.as_secs() < 5, "{elapsed:?}");
    // Esc on the changed form asks; y discards it.
    session.press(0x1b);
    session.wait_for("Discard changes?");
    session.press(b'y');
    session.wait_until_gone("Add an asset");
    session.quit();
    assert_eq!(load(&workspace).assets.len(), assets, "nothing was saved");
}
