//! A pseudo-terminal journey through the real binary: the demo's Policies screen, reached
//! by pressing 9 until its title shows; the overdue training policy selected and its review
//! completed by keyboard with a new version and its file; then the workspace read back: the version is
//! the one in effect, the next review a year on, the finding gone, the log intact.

mod common;

use std::path::Path;
use std::process::Command;

use common::pty::*;
use hipaa_ra::store::Store;

const DOWN: &[u8] = b"\x1b[B";

#[test]
fn completing_a_policy_review_with_a_new_version_by_keyboard() {
    let (_temp, env, workspace, mut session) = open_demo();
    session.go_to_program_screen("Policies");
    session.wait_for("Security awareness and training");
    // The list is by title: the training policy is the fourth.
    for _ in 0..3 {
        session.send_sequence(DOWN);
    }
    session.wait_for("(due)");

    session.press(b'r');
    session.wait_for("Complete the review of Security awareness and training");
    // Done on (today) and the reviewer (the owner) are filled in: on to the outcome.
    session.press(b'\t');
    session.press(b'\t');
    session.send_sequence(RIGHT_ARROW);
    session.send_sequence(RIGHT_ARROW);
    session.wait_for("New version");
    session.press(b'\t');
    session.type_text("2.0");
    session.press(b'\t');
    session.type_text(common::TODAY);
    session.press(b'\t');
    session.type_text("Adds phishing drills");
    // Past the document's place, the new version's file to store with it.
    let document = workspace.with_file_name("training-policy-2.0.txt");
    std::fs::write(&document, "Security awareness and training, version 2.0\n").unwrap();
    session.press(b'\t');
    session.press(b'\t');
    session.type_text(&document.display().to_string());
    session.press(b'\r');
    session.wait_for("Version in effect: 2.0");
    session.wait_for("training-policy-2.0.txt");
    // Version 1.0 is now kept six years from its last day in effect, the day before.
    session.wait_for("kept until 2032-11-22");
    session.quit();

    let store = Store::open(&workspace).unwrap();
    let register = store.policy_register().unwrap();
    let policy = register
        .policies
        .iter()
        .find(|policy| policy.title == "Security awareness and training")
        .unwrap();
    assert_eq!(register.current_number(policy.id).as_deref(), Some("2.0"));
    let version = register
        .versions_of(policy.id)
        .into_iter()
        .find(|version| version.number == "2.0")
        .unwrap();
    assert_eq!(version.file_name.as_deref(), Some("training-policy-2.0.txt"));
    assert_eq!(
        store.policy_version_file(version.id).unwrap().as_deref(),
        Some(std::fs::read(&document).unwrap().as_slice())
    );
    assert_eq!(
        register.next_review(policy).map(|date| date.to_string()).as_deref(),
        Some("2027-11-23")
    );
    drop(store);

    let check = Command::new(BINARY)
        .args(["check", workspace.to_str().unwrap()])
        .envs(env.iter().cloned())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&check.stdout);
    assert!(!text.contains("\"Security awareness and training\" is due"), "{text}");
    let verify = Command::new(BINARY)
        .args(["log", "verify"])
        .arg(Path::new(&workspace))
        .envs(env.iter().cloned())
        .output()
        .unwrap();
    assert!(verify.status.success(), "{}", String::from_utf8_lossy(&verify.stderr));
}
