//! A pseudo-terminal journey through the real binary: plan a standalone action (program
//! work not tied to a risk) by keyboard on the Remediation screen, see it marked in the
//! list, undo it and plan it again, then check what `actions export` and `log verify`
//! say of the workspace it left.

mod common;

use std::process::Command;

use common::pty::*;

#[test]
fn journey_plans_a_standalone_action_by_keyboard() {
    let (_temp, env, workspace, mut session) = open_demo();
    session.press(b'6');
    session.wait_for_title("Remediation");
    session.press(b'a');
    session.wait_for("Standalone: program work, no risk");
    session.press(b'\r'); // the first row stands alone
    session.wait_for("Plan: standalone (program work)");
    session.type_text("Run the Q1 access review");
    session.press(b'\t');
    session.send_sequence(RIGHT_ARROW); // the first person
    session.press(b'\t');
    session.type_text("3/31/2027");
    session.press(b'\r');
    session.wait_for("Planned: Run the Q1 access review");
    session.wait_for("* Run the Q1 access review");
    session.wait_for("standalone (program work)");

    // Undone, it goes; planned again, it is back.
    session.press(b'u');
    session.wait_until_gone("* Run the Q1 access review");
    session.press(b'a');
    session.wait_for("Standalone: program work, no risk");
    session.press(b'\r');
    session.wait_for("Plan: standalone (program work)");
    session.type_text("Run the Q1 access review");
    session.press(b'\r');
    session.wait_for("* Run the Q1 access review");
    session.quit();

    let export = Command::new(BINARY)
        .args(["actions", "export"])
        .arg(&workspace)
        .envs(env.iter().cloned())
        .output()
        .expect("actions export");
    assert!(export.status.success(), "{}", String::from_utf8_lossy(&export.stderr));
    let text = String::from_utf8_lossy(&export.stdout);
    let rows: Vec<&str> = text
        .lines()
        .filter(|line| line.contains("Run the Q1 access review"))
        .collect();
    assert_eq!(rows.len(), 1, "planned once after the undo: {text}");
    assert!(
        rows[0].contains(",,standalone,Run the Q1 access review,"),
        "{}",
        rows[0]
    );

    let verify = Command::new(BINARY)
        .args(["log", "verify"])
        .arg(&workspace)
        .envs(env)
        .output()
        .expect("log verify");
    assert!(verify.status.success(), "{}", String::from_utf8_lossy(&verify.stdout));
}
