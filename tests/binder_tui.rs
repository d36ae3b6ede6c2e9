//! The audit binder from the Report screen, in a pseudo-terminal through the real binary:
//! `b` opens its form, Enter writes the binder on the worker (its progress in the status
//! bar, the keys still working), and the zip written verifies.

mod common;

use std::time::Duration;

use common::pty::*;

#[test]
fn the_report_screens_b_writes_a_binder_that_verifies() {
    let (temp, env, workspace, mut session) = open_demo();
    session.press(b'8');
    session.wait_for_title("Report");
    session.press(b'b');
    session.wait_for("Write the audit binder");
    session.wait_for("demo-binder.zip");
    session.press(b'\r');
    session.wait_for_within("Wrote DRAFT binder", Duration::from_secs(60));
    // The screens go on working once it is written.
    session.press(b'0');
    session.wait_for_title("Dashboard");
    session.quit();

    let zip = workspace.with_file_name("demo-binder.zip");
    assert!(zip.is_file(), "no binder at {}", zip.display());
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_hipaa-ra"))
        .arg("verify")
        .arg(&zip)
        .envs(env.iter().map(|(key, value)| (key.as_str(), value.as_str())))
        .output()
        .expect("run verify");
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        said.contains("audit binder of Riverside Family Medicine, 2026, DRAFT"),
        "{said}"
    );
    drop(temp);
}
