//! An end-to-end journey through the real `hipaa-ra` binary in a pseudo-terminal: open the
//! demo workspace, visit every screen by its key, open and close the help, quit, and check
//! that the terminal was handed back in the state it was found.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use common::pty::*;

#[test]
fn journey_through_every_screen_and_back_to_the_shell() {
    let started = Instant::now();
    let temp = tempfile::tempdir().expect("create a temp dir");
    let root = temp.path();
    let env = environment(root);
    std::fs::create_dir_all(root.join("home")).expect("create the home directory");
    let workspace = write_demo(root, &env);

    let mut session = Session::spawn(&[workspace.as_path()], &env);
    session.wait_for_within("Dashboard", STARTUP_TIMEOUT);
    session.wait_for_within("Readiness", STARTUP_TIMEOUT);
    session.wait_until_checked();
    session.wait_for_title("Dashboard");

    let journey: &[(u8, &str, &str)] = &[
        (b'1', "Practice", "Riverside Family Medicine"),
        (b'2', "People", "Security official"),
        (b'3', "Inventory", "ECG machine"),
        (b'4', "Safeguards", "164.308(a)(1)(i)"),
        (b'5', "Risks", "Ransomware"),
        (b'6', "Remediation", "OVERDUE"),
        (b'7', "Evidence", "overdue for review"),
        (b'8', "Report", "Executive summary"),
        (b'0', "Dashboard", "Readiness"),
    ];
    for &(key, name, content) in journey {
        session.press(key);
        session.wait_for_title(name);
        session.wait_for(content);
    }

    // Tab goes to the next screen: from the dashboard, the practice.
    session.press(b'\t');
    session.wait_for_title("Practice");

    session.press(b'?');
    session.wait_for("Keys:");
    session.wait_for("Close this window");
    // A lone Escape: crossterm waits a moment to tell it from a sequence; just wait.
    session.press(0x1b);
    session.wait_until_gone("Keys:");
    session.wait_for_title("Practice");

    session.press(b'q');
    let status = session.wait_for_exit();
    session.drain();
    assert!(
        status.success(),
        "hipaa-ra exited with {status:?}; the screen:\n{}",
        session.contents()
    );

    let screen = session.parser.screen();
    assert!(
        !screen.alternate_screen(),
        "still in the alternate screen after quitting"
    );
    assert!(!screen.hide_cursor(), "the cursor is still hidden after quitting");
    let leave_alternate = b"\x1b[?1049l";
    assert!(
        session
            .raw
            .windows(leave_alternate.len())
            .any(|window| window == leave_alternate),
        "the output never leaves the alternate screen (ESC[?1049l)"
    );
    drop(session);
    eprintln!("pty journey took {:?}", started.elapsed());
}

#[test]
fn a_panic_in_the_tui_gives_the_terminal_back() {
    let temp = tempfile::tempdir().expect("create a temp dir");
    let root = temp.path();
    let mut env = environment(root);
    let workspace = write_demo(root, &env);

    env.push(("HIPAA_RA_TEST_PANIC".to_string(), "1".to_string()));
    let mut session = Session::spawn(&[workspace.as_path()], &env);
    let status = session.wait_for_exit();
    session.drain();
    assert!(!status.success(), "a panic must end with a failure status");
    let screen = session.parser.screen();
    assert!(
        !screen.alternate_screen(),
        "still in the alternate screen after a panic"
    );
    assert!(!screen.hide_cursor(), "cursor left hidden after a panic");
    let raw = String::from_utf8_lossy(&session.raw);
    assert!(raw.contains("\x1b[?1049l"), "never left the alternate screen");
    assert!(
        session.contents().contains("The application panicked"),
        "the panic report should be readable on the restored screen:\n{}",
        session.contents()
    );
}

#[test]
fn journey_adds_a_person_and_an_asset_then_deletes_one() {
    let (_temp, env, workspace, mut session) = open_demo();

    // People: add a person with the training-owner role.
    session.press(b'2');
    session.wait_for_title("People");
    session.press(b'a');
    session.wait_for("Add a person");
    session.type_text("Olena Kovalenko");
    session.press(b'\t');
    session.type_text("Receptionist");
    session.press(b'\t');
    session.press(b'\t'); // to the roles
    for _ in 0..3 {
        session.send_sequence(RIGHT_ARROW); // to "Training"
    }
    session.press(b' '); // Space ticks it
    session.press(b'\r');
    session.wait_for("Saved Olena Kovalenko");

    // Inventory: add an asset by form.
    session.press(b'3');
    session.wait_for_title("Inventory");
    session.press(b'a');
    session.wait_for("Add an asset");
    session.type_text("Ultrasound cart");
    session.press(b'\r');
    session.wait_for("Added Ultrasound cart");

    // Filter to it, delete it after confirming.
    session.press(b'/');
    session.type_text("ultrasound");
    session.wait_for("1 of 28 shown");
    session.press(b'\r');
    session.press(b'd');
    session.wait_for("Delete \"Ultrasound cart\"?");
    session.press(b'y');
    session.wait_for("Asset deleted");

    session.quit();

    // The change log shows each of those writes, and still verifies.
    assert_log_ends_with(
        &workspace,
        &env,
        &[
            "delete assets",
            "create assets",
            "create role_assignments",
            "create people",
        ],
    );
    let verify = Command::new(BINARY)
        .args(["log", "verify"])
        .arg(&workspace)
        .envs(env)
        .output()
        .expect("log verify");
    assert!(verify.status.success(), "{}", String::from_utf8_lossy(&verify.stdout));
}

/// Checks the change log's last lines, newest first, as `log show` prints them: each
/// must contain the expected words (for example "create assets").
fn assert_log_ends_with(workspace: &std::path::Path, env: &[(String, String)], expected: &[&str]) {
    let log = Command::new(BINARY)
        .args(["log", "show"])
        .arg(workspace)
        .envs(env.iter().cloned())
        .output()
        .expect("log show");
    let log = String::from_utf8_lossy(&log.stdout);
    let tail: Vec<&str> = log.lines().rev().take(expected.len()).collect();
    assert_eq!(tail.len(), expected.len(), "the log is too short:\n{log}");
    for (line, what) in tail.iter().zip(expected) {
        assert!(
            line.contains(what),
            "expected `{what}` in `{line}`; the log's last lines:\n{}",
            tail.join("\n")
        );
    }
}

#[test]
fn journey_reviews_two_items_and_attaches_evidence() {
    let (temp, env, workspace, mut session) = open_demo();
    let root = temp.path();
    let policy = root.join("sanction-policy.txt");
    let policy_bytes = b"Sanctions: verbal warning, written warning, termination.\r\n\x00\xff".to_vec();
    std::fs::write(&policy, &policy_bytes).expect("write the policy file");

    // A required item, carried forward from last year: find it, change its status (the
    // edit confirms it).
    session.press(b'4');
    session.wait_for_title("Safeguards");
    session.press(b'/');
    session.type_text("164.308(a)(1)(ii)(C)");
    session.press(b'\r');
    session.wait_for("Carried: c?");
    session.press(b'e');
    session.wait_for("164.308(a)(1)(ii)(C) Sanction policy");
    session.send_sequence(RIGHT_ARROW); // Partial -> Not implemented
    session.press(b'\r');
    session.wait_for("Saved the review of 164.308(a)(1)(ii)(C)");

    // An addressable item: a decision that does not fit the new status is refused, then
    // decided again.
    session.press(b'/');
    session.type_text("security reminders");
    session.press(b'\r');
    session.press(b'e');
    session.wait_for("164.308(a)(5)(ii)(A) Security reminders");
    session.send_sequence(RIGHT_ARROW);
    session.press(b'\r');
    // Last year's decision (an equivalent alternative) does not fit "not implemented".
    session.wait_for("does not");
    session.send_sequence(RIGHT_ARROW); // the focus is on the decision: not reasonable
    session.press(b'\r');
    session.wait_for("Saved the review of 164.308(a)(5)(ii)(A)");

    // Evidence: add a record with the policy file, link it to the sanction policy item.
    session.press(b'7');
    session.wait_for_title("Evidence");
    session.press(b'a');
    session.wait_for("Add an evidence record");
    session.type_text("Sanction policy");
    for _ in 0..6 {
        session.press(b'\t');
    }
    session.type_text(&policy.display().to_string());
    session.press(b'\r');
    session.wait_for("stored");
    session.press(b'l');
    session.wait_for("Link: Sanction policy");
    session.type_text("sanction");
    session.press(b' ');
    session.wait_for("1 ticked");
    session.press(b'\r');
    session.wait_for("Linked to 1 record");

    session.quit();

    assert_log_ends_with(
        &workspace,
        &env,
        &[
            // The link is its own row; the record and its stored file were added first.
            "create evidence_links [13,\"safeguard\",\"164.308(a)(1)(ii)(C)\"]",
            "create evidence_files 13",
            "create evidence 13",
            // The edit of a carried-forward review confirms it, in the same transaction.
            "update carried_items [\"review\",",
            "update safeguard_reviews",
        ],
    );
    // The stored file comes back out of a whole-workspace export unchanged.
    let export = root.join("export.json");
    let exported = Command::new(BINARY)
        .arg("export")
        .arg(&workspace)
        .arg("-o")
        .arg(&export)
        .envs(env.clone())
        .output()
        .expect("export");
    assert!(
        exported.status.success(),
        "{}",
        String::from_utf8_lossy(&exported.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&export).unwrap()).unwrap();
    let record = json["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .find(|entry| entry["record"]["title"] == "Sanction policy")
        .expect("the new record is exported");
    assert_eq!(record["record"]["links"][0]["target_ref"], "164.308(a)(1)(ii)(C)");
    assert_eq!(record["record"]["file"]["size"], policy_bytes.len());
}

const DOWN_ARROW: &[u8] = b"\x1b[B";

#[test]
fn journey_adds_three_scenarios_scores_plans_and_accepts() {
    let (temp, env, workspace, mut session) = open_demo();
    let root = temp.path();

    // Three scenarios for the ECG machine in one go.
    session.press(b'5');
    session.wait_for_title("Risks");
    session.press(b'a');
    session.wait_for("1. the asset");
    session.type_text("ecg");
    session.wait_for("ECG machine");
    session.press(b'\r');
    session.wait_for("threats to ECG machine");
    for _ in 0..3 {
        session.press(b' ');
        session.send_sequence(DOWN_ARROW);
    }
    session.wait_for("3 ticked");
    session.press(b'\r');
    session.wait_for("Added 3 scenarios for ECG machine");

    // Only the ECG's scenarios, then score each: likelihood Low, impact Low.
    session.press(b'/');
    session.wait_for("Filter the register");
    session.type_text("ECG");
    session.press(b'\r');
    session.wait_for("3 of 19 shown");
    for row in 0..3 {
        session.press(b'G'); // unscored scenarios sort last: the bottom one is still to score
        session.press(b's');
        session.wait_for("Not scored yet: choose a level");
        session.send_sequence(RIGHT_ARROW);
        session.send_sequence(RIGHT_ARROW);
        session.wait_for("Less than once a year");
        session.press(b'\t'); // why this likelihood
        session.type_text("No USB incident in ten years");
        session.press(b'\t');
        session.send_sequence(RIGHT_ARROW);
        session.send_sequence(RIGHT_ARROW);
        session.wait_for("Limited effect");
        session.press(b'\t'); // why this impact
        session.type_text("Traces are re-recorded");
        session.press(b'\r');
        // The demo has one unscored scenario of its own.
        session.wait_for(&format!("{} not scored", 3 - row));
    }
    session.wait_until_gone("Unscored");

    // Plan an action for the selected one, then accept another (Low: anyone may).
    session.press(b'p');
    session.wait_for("Plan:");
    session.type_text("Put the ECG on its own network segment");
    session.press(b'\r');
    session.wait_for("Planned: Put the ECG");
    session.press(b'g');
    session.press(b't');
    session.wait_for("Treat:");
    session.type_text("Accept");
    session.press(b'\r');
    session.wait_for("Accepted by");
    session.send_sequence(RIGHT_ARROW); // the first person
    session.press(b'\t');
    session.press(b'\t');
    session.type_text("Low likelihood and impact; UPS covers short outages");
    session.press(b'\r');
    session.wait_for(": Accept");

    session.quit();

    // The register as exported shows the three, scored, one accepted.
    let csv = root.join("register.csv");
    let export = Command::new(BINARY)
        .args(["risks", "export"])
        .arg(&workspace)
        .arg("-o")
        .arg(&csv)
        .envs(env.clone())
        .output()
        .expect("risks export");
    assert!(export.status.success(), "{}", String::from_utf8_lossy(&export.stderr));
    let text = std::fs::read_to_string(&csv).expect("read the register");
    let ecg: Vec<&str> = text.lines().filter(|line| line.contains("ECG machine")).collect();
    assert_eq!(ecg.len(), 3, "{text}");
    assert!(ecg.iter().all(|line| line.contains("Low")), "{text}");
    assert_eq!(ecg.iter().filter(|line| line.contains("Accept")).count(), 1, "{text}");
    assert_log_ends_with(
        &workspace,
        &env,
        &[
            "update risks",
            "create actions",
            "update risks",
            "update risks",
            "update risks",
        ],
    );
}

/// Runs the binary outside the pty, as a second process would.
fn run_beside(env: &[(String, String)], args: &[&str]) -> std::process::Output {
    Command::new(BINARY)
        .args(args)
        .envs(env.iter().cloned())
        .output()
        .expect("run a second hipaa-ra")
}

#[test]
fn a_second_hipaa_ra_is_refused_while_the_tui_edits_and_welcome_once_it_is_gone() {
    let temp = tempfile::tempdir().expect("create a temp dir");
    let root = temp.path();
    let env = environment(root);
    let workspace = write_demo(root, &env);
    let path = workspace.to_str().expect("a UTF-8 temp path");
    let assets = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/assets-sample.csv");
    let assets = assets.to_str().expect("a UTF-8 path");

    // The first editor quits normally; the second is killed. Neither leaves a lock behind.
    for kill in [false, true] {
        let mut session = Session::spawn(&[Path::new("open"), workspace.as_path()], &env);
        session.wait_for_within("Readiness", STARTUP_TIMEOUT);
        let pid = session.child.process_id().expect("the TUI's pid");
        let refusal = format!("hipaa-ra: {path} is open in another hipaa-ra (pid {pid}); close it first\n");
        for args in [vec!["open", path], vec![path], vec!["assets", "import", path, assets]] {
            let second = run_beside(&env, &args);
            assert_eq!(second.status.code(), Some(1), "{args:?}");
            assert_eq!(String::from_utf8_lossy(&second.stderr), refusal, "{args:?}");
        }
        // Reading beside the editor is fine.
        let verify = run_beside(&env, &["log", "verify", path]);
        assert!(verify.status.success(), "{}", String::from_utf8_lossy(&verify.stderr));

        if kill {
            let killed = Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .status()
                .expect("run kill");
            assert!(killed.success());
            let status = session.wait_for_exit();
            assert!(!status.success(), "killed: {status:?}");
        } else {
            session.press(b'q');
            assert!(session.wait_for_exit().success());
        }
        session.drain();
        drop(session);

        let import = run_beside(&env, &["assets", "import", path, assets]);
        assert!(
            import.status.success(),
            "after the editor {}: {}",
            if kill { "was killed" } else { "quit" },
            String::from_utf8_lossy(&import.stderr)
        );
        assert!(String::from_utf8_lossy(&import.stdout).starts_with("Imported 40 assets"));
    }
}
