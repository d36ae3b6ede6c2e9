//! A pseudo-terminal journey through the real binary: on the Training screen (the
//! program's second screen, `9` pressed twice), record a session of the basics course and
//! tick five attendees from the roster; the session and its five attendances are in the
//! change log, which still verifies, and the store reads them back.

mod common;

use std::process::Command;

use common::pty::*;

#[test]
fn journey_records_a_session_with_five_attendees() {
    let (_temp, env, workspace, mut session) = open_demo();

    session.go_to_program_screen("Training");
    session.wait_for("1 person overdue");
    session.press(b'a');
    session.wait_for("Record a session");
    // Course (the first, the basics), version, date (today), then the trainer.
    for _ in 0..3 {
        session.press(b'\t');
    }
    session.type_text("Priya Raman");
    session.press(b'\r');
    session.wait_for("Attendance:");
    // Space ticks the person as completed and moves to the next one.
    for _ in 0..5 {
        session.press(b' ');
    }
    session.wait_for("5 ticked");
    session.press(b's');
    session.wait_for("Saved the session: 5 attended, 5 completed");
    session.quit();

    let log = Command::new(BINARY)
        .args(["log", "show"])
        .arg(&workspace)
        .envs(env.iter().cloned())
        .output()
        .expect("log show");
    let log = String::from_utf8_lossy(&log.stdout);
    let tail: Vec<&str> = log.lines().rev().take(6).collect();
    assert_eq!(
        tail.iter()
            .filter(|line| line.contains("create training_attendance"))
            .count(),
        5,
        "{}",
        tail.join("\n")
    );
    assert!(tail[5].contains("create training_sessions"), "{}", tail.join("\n"));
    let verify = Command::new(BINARY)
        .args(["log", "verify"])
        .arg(&workspace)
        .envs(env)
        .output()
        .expect("log verify");
    assert!(verify.status.success(), "{}", String::from_utf8_lossy(&verify.stdout));

    let store = hipaa_ra::store::Store::open(&workspace).unwrap();
    let training = store.training().unwrap();
    let recorded = training
        .sessions
        .iter()
        .find(|recorded| recorded.trainer == "Priya Raman")
        .expect("the session");
    let attendees = training.attendees(recorded.id);
    assert_eq!(attendees.len(), 5);
    assert!(
        attendees
            .iter()
            .all(|attendance| attendance.completed && attendance.attested_on.is_some())
    );
}
