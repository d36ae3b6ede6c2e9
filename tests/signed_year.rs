//! A signed year is a fixed record (issue 21): the signed report is kept in the workspace
//! at the sign-off and handed back byte for byte on any later day, other formats come
//! from the kept model, signing judges the year it signs, the kept report cannot change,
//! survives an export, and neither a kill nor a second writer leaves a signed file that
//! does not match its record or its signature.

#[path = "support/sandbox.rs"]
mod sandbox;
#[path = "support/tools.rs"]
mod tools;

use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use hipaa_ra::store::Store;
use sandbox::{Sandbox, stdout};

/// The public key the hand-back line gives (`... -P KEY\``).
fn public_key_in(line: &str) -> String {
    let after = line.split(" -P ").nth(1).expect("the line names the public key");
    after.trim_end().trim_end_matches('`').to_string()
}

fn sign_offs(path: &str) -> i64 {
    let conn = rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    conn.query_row("SELECT count(*) FROM sign_offs", [], |row| row.get(0))
        .unwrap()
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

#[test]
fn the_signed_year_is_handed_back_byte_for_byte_on_any_day() {
    let sandbox = Sandbox::new();
    let demo = sandbox.demo();
    let first = sandbox.ok(&[
        "report",
        &demo,
        "--assessment",
        "1",
        "-o",
        "first.pdf",
        "--date",
        "2031-03-15",
    ]);
    let second = sandbox.ok(&[
        "report",
        &demo,
        "--assessment",
        "1",
        "-o",
        "second.pdf",
        "--date",
        "2032-07-09",
        "--paper",
        "a4",
    ]);
    assert!(first.contains("as signed on"), "{first}");
    assert_eq!(read(&sandbox.path("first.pdf")), read(&sandbox.path("second.pdf")));
    assert_eq!(
        read(&sandbox.path("first.pdf.minisig")),
        read(&sandbox.path("second.pdf.minisig"))
    );
    let key = public_key_in(&second);

    // Our own verify finds the kept key through the workspace.
    let verified = sandbox.ok(&["verify", "first.pdf", "--workspace", &demo]);
    assert!(verified.starts_with("valid: first.pdf is a FINAL report"), "{verified}");

    // The JSON: the kept bytes, to a file with its signature or to standard output.
    sandbox.ok(&[
        "report",
        &demo,
        "--assessment",
        "1",
        "--format",
        "json",
        "-o",
        "kept.json",
    ]);
    let piped = sandbox.run(&[
        "report",
        &demo,
        "--assessment",
        "1",
        "--format",
        "json",
        "--date",
        "2030-01-01",
    ]);
    assert!(piped.status.success());
    assert_eq!(piped.stdout, read(&sandbox.path("kept.json")));
    let model: serde_json::Value = serde_json::from_slice(&piped.stdout).unwrap();
    assert_eq!(model["draft"], false);
    assert!(model.get("as_signed_on").is_none(), "the kept JSON is the signed bytes");

    if tools::available("minisign", "-v") {
        for file in ["first.pdf", "kept.json"] {
            let output = Command::new("minisign")
                .args(["-Vm", sandbox.path(file).to_str().unwrap(), "-P", &key])
                .output()
                .unwrap();
            assert!(
                output.status.success(),
                "{file}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
    }
    if tools::available("pdftotext", "-v") {
        let output = Command::new("pdftotext")
            .args([sandbox.path("first.pdf").to_str().unwrap(), "-"])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(text.contains("Signed by"), "the sign-off names its signer");
        for absent in ["Unsigned", "2031-03-15", "2032-07-09", "2030-01-01"] {
            assert!(!text.contains(absent), "the signed report says {absent:?}");
        }
    }

    // Other formats come from the kept model and say so.
    let csv = sandbox.ok(&[
        "report",
        &demo,
        "--assessment",
        "1",
        "--format",
        "csv",
        "-o",
        "kept",
        "--date",
        "2031-03-15",
    ]);
    assert!(csv.contains("from the report as signed on"), "{csv}");
    let oscal = sandbox.ok(&[
        "report",
        &demo,
        "--assessment",
        "1",
        "--format",
        "oscal",
        "-o",
        "kept.oscal.json",
    ]);
    assert!(oscal.contains("from the report as signed on"), "{oscal}");
    let document = std::fs::read_to_string(sandbox.path("kept.oscal.json")).unwrap();
    assert!(
        document.contains(", as signed on "),
        "the OSCAL title says it is the signed year"
    );
}

#[test]
fn re_signing_a_signed_year_hands_back_its_signature_and_records_nothing() {
    let sandbox = Sandbox::with_key_password("");
    let demo = sandbox.demo();
    sandbox.ok(&["key", "generate", "--unencrypted"]);
    let before = sandbox_log_rows(&sandbox, &demo);
    sandbox.ok(&["report", &demo, "--assessment", "1", "-o", "kept.pdf"]);
    let line = sandbox.ok(&["report", &demo, "--assessment", "1", "--sign", "-o", "again.pdf"]);
    assert!(line.contains("as signed on"), "{line}");
    assert_eq!(read(&sandbox.path("kept.pdf")), read(&sandbox.path("again.pdf")));
    assert_eq!(
        read(&sandbox.path("kept.pdf.minisig")),
        read(&sandbox.path("again.pdf.minisig"))
    );
    assert_eq!(sign_offs(&demo), 1);
    assert_eq!(sandbox_log_rows(&sandbox, &demo), before, "nothing was recorded");
}

fn sandbox_log_rows(sandbox: &Sandbox, path: &str) -> usize {
    stdout(&sandbox.run(&["log", "show", path, "--format", "json"]))
        .matches("\"hash\"")
        .count()
}

#[test]
fn signing_judges_the_year_it_signs_not_the_open_one() {
    let sandbox = Sandbox::with_key_password("");
    let demo = sandbox.demo();
    sandbox.ok(&["key", "generate", "--unencrypted"]);
    // The signed year open: signing the draft year by its id is still refused.
    Store::open(Path::new(&demo))
        .unwrap()
        .set_current_assessment(1)
        .unwrap();
    let refused = sandbox.refused(&["report", &demo, "--assessment", "2", "--sign", "-o", "draft.pdf"]);
    assert!(refused.contains("2026 risk analysis is a DRAFT with"), "{refused}");
    assert!(!sandbox.path("draft.pdf").exists());
    // And the open signed year, by default, hands back its kept report.
    let line = sandbox.ok(&["report", &demo, "--sign", "-o", "open.pdf"]);
    assert!(line.contains("as signed on"), "{line}");
    assert_eq!(sign_offs(&demo), 1);
}

/// The demo's first year, final but not signed, written under `dir`.
fn final_workspace(dir: &Path, name: &str) -> String {
    let path = dir.join(name);
    let date = sandbox::clock::today();
    drop(hipaa_ra::demo_history::final_unsigned(&path, date).unwrap());
    path.to_str().unwrap().to_string()
}

#[test]
fn a_final_sign_off_keeps_what_it_signed_and_nothing_changes_it() {
    let sandbox = Sandbox::with_key_password("");
    let workspace = final_workspace(sandbox.dir.path(), "clinic.hra");
    sandbox.ok(&["key", "generate", "--unencrypted"]);
    let signed = sandbox.ok(&["report", &workspace, "--sign", "-o", "signed.pdf"]);
    assert!(signed.contains("signed final"), "{signed}");
    assert!(signed.contains("its signed report is kept"), "{signed}");
    let again = sandbox.ok(&["report", &workspace, "-o", "later.pdf", "--date", "2030-05-05"]);
    assert!(again.contains("as signed on"), "{again}");
    assert_eq!(read(&sandbox.path("signed.pdf")), read(&sandbox.path("later.pdf")));
    let listed = sandbox.ok(&["assessment", "list", &workspace]);
    assert!(listed.contains("final, signed") && listed.contains("(key "), "{listed}");

    let mut store = Store::open(Path::new(&workspace)).unwrap();
    let kept = store.signed_report(1).unwrap().expect("the report is kept");
    assert_eq!(kept.pdf, read(&sandbox.path("signed.pdf")));
    assert_eq!(
        kept.pdf_signature.as_bytes(),
        read(&sandbox.path("signed.pdf.minisig")).as_slice()
    );
    // No second final sign-off, and the kept row never changes.
    let second = hipaa_ra::domain::SignOffRecord {
        id: 0,
        assessment_id: 1,
        report_date: NaiveDate::from_ymd_opt(2030, 1, 1).unwrap(),
        signed_at: "2030-01-01T00:00:00Z".to_string(),
        signer: "Mallory".to_string(),
        key_id: "0000000000000000".to_string(),
        report_sha256: "0".repeat(64),
        log_head: 0,
        current: true,
    };
    assert!(store.record_sign_off(&second).is_err());
    for sql in [
        "UPDATE signed_reports SET paper = 'a4'",
        "DELETE FROM signed_reports",
        "UPDATE sign_offs SET signer = 'Mallory'",
        "DELETE FROM sign_offs",
    ] {
        let refused = store.tamper_for_tests(sql).unwrap_err().to_string();
        assert!(refused.contains("final and signed"), "{sql}: {refused}");
    }
    drop(store);
    assert_eq!(sign_offs(&workspace), 1);
    sandbox.ok(&["log", "verify", &workspace]);
}

#[test]
fn the_kept_report_survives_an_export_and_new_from() {
    let sandbox = Sandbox::new();
    let demo = sandbox.demo();
    sandbox.ok(&["report", &demo, "--assessment", "1", "-o", "original.pdf"]);
    sandbox.ok(&["export", &demo, "-o", "backup.json"]);
    let backup = std::fs::read_to_string(sandbox.path("backup.json")).unwrap();
    assert!(backup.contains("\"signed_report\"") && backup.contains("\"pdf_base64\""));
    let copy = sandbox.path("copy.hra");
    sandbox.ok(&["new", copy.to_str().unwrap(), "--from", "backup.json", "--no-open"]);
    sandbox.ok(&["report", copy.to_str().unwrap(), "--assessment", "1", "-o", "copy.pdf"]);
    assert_eq!(read(&sandbox.path("original.pdf")), read(&sandbox.path("copy.pdf")));
    sandbox.ok(&["log", "verify", copy.to_str().unwrap()]);
}

/// A kill at any moment of a final signing leaves either nothing (no signed file, no
/// sign-off) or the sign-off with its kept report; never a signed final report in place
/// whose sign-off was not recorded.
#[test]
fn a_kill_never_leaves_a_signed_final_report_without_its_sign_off() {
    let sandbox = Sandbox::with_key_password("");
    sandbox.ok(&["key", "generate", "--unencrypted"]);
    let pristine = final_workspace(sandbox.dir.path(), "pristine.hra");
    let workspace = sandbox.path("clinic.hra");
    let output = sandbox.path("signed.pdf");
    let mut clean_runs = vec![Duration::from_millis(400)];
    let (mut kills, mut landed_in_write, mut seed) = (0, 0, 0x9e37_79b9_u64);
    let mut run = 0;
    while kills < 8 {
        assert!(run < 48, "too few kills landed: {kills} in {run} runs");
        std::fs::copy(&pristine, &workspace).unwrap();
        let _ = std::fs::remove_file(&output);
        let _ = std::fs::remove_file(sandbox.path("signed.pdf.minisig"));
        let started = Instant::now();
        let mut child = sandbox
            .command(env!("CARGO_BIN_EXE_hipaa-ra"))
            .args(["report", workspace.to_str().unwrap(), "--sign", "-o", "signed.pdf"])
            .spawn()
            .unwrap();
        // Every fifth run finishes, to keep the typical run's length current.
        let kill = run % 5 != 0;
        if kill {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            // Half anywhere in a typical run, half near its end, where the files and the
            // record are written.
            let typical = clean_runs[clean_runs.len() / 2].as_micros() as u64;
            let at = match run % 2 {
                0 => seed % (typical * 5 / 4),
                _ => typical * 7 / 10 + seed % (typical * 4 / 10),
            };
            std::thread::sleep(Duration::from_micros(at));
            let _ = child.kill();
        }
        let status = child.wait().unwrap();
        if status.signal() == Some(9) {
            kills += 1;
        } else {
            assert!(status.success(), "run {run}: {status}");
            if !kill {
                clean_runs.push(started.elapsed());
                clean_runs.sort();
            }
        }
        let recorded = sign_offs(workspace.to_str().unwrap());
        let placed = output.exists();
        if placed {
            assert_eq!(
                recorded, 1,
                "run {run}: a signed report is in place without its sign-off"
            );
            let store = Store::open_for_reading(&workspace).unwrap();
            let kept = store.signed_report(1).unwrap().expect("kept with its sign-off");
            assert_eq!(kept.pdf, read(&output), "run {run}: the placed file is the kept one");
        }
        if status.signal() == Some(9) && (recorded == 1) != placed {
            landed_in_write += 1;
        }
        sandbox.ok(&["log", "verify", workspace.to_str().unwrap()]);
        run += 1;
    }
    eprintln!(
        "{kills} kills in {run} runs, {landed_in_write} between the record and the files (typical run {:?})",
        clean_runs[clean_runs.len() / 2]
    );
}

/// Three runs signing reports of one name at once: every time, the report in place
/// verifies with the signature beside it.
#[test]
fn two_writers_of_one_name_never_leave_a_mismatched_pair() {
    let sandbox = Sandbox::with_key_password("");
    let demo = sandbox.demo();
    sandbox.ok(&["key", "generate", "--unencrypted"]);
    let public = sandbox.path("home/config/hipaa-ra/hipaa-ra.pub");
    for round in 0..6 {
        let children: Vec<_> = ["2026-01-0", "2026-02-0", "2026-03-0"]
            .iter()
            .map(|month| {
                sandbox
                    .command(env!("CARGO_BIN_EXE_hipaa-ra"))
                    .args([
                        "report",
                        &demo,
                        "--sign",
                        "--draft",
                        "-o",
                        "same.pdf",
                        "--date",
                        &format!("{month}{}", round + 1),
                    ])
                    .stdout(std::process::Stdio::null())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for mut child in children {
            assert!(child.wait().unwrap().success());
        }
        let verified = sandbox.run(&["verify", "same.pdf", "--pubkey", public.to_str().unwrap()]);
        assert!(verified.status.success(), "round {round}: {}", stdout(&verified));
    }
}

/// The TUI renders a signed report on a worker while the user keeps working: a change
/// made meanwhile refuses the sign-off (nothing recorded), as the report no longer shows
/// the year it would freeze. A setting (the remembered paper) is not such a change.
#[test]
fn a_sign_off_is_refused_when_the_workspace_changed_while_its_report_was_made() {
    let dir = tempfile::tempdir().unwrap();
    let path = final_workspace(dir.path(), "clinic.hra");
    let mut store = Store::open(Path::new(&path)).unwrap();
    let made_at = store.change_log().unwrap().last().unwrap().hash.clone();
    let record = hipaa_ra::domain::SignOffRecord {
        id: 0,
        assessment_id: 1,
        report_date: sandbox::clock::today(),
        signed_at: "2026-11-23T10:00:00Z".to_string(),
        signer: "Dana Whitfield".to_string(),
        key_id: "0000000000000000".to_string(),
        report_sha256: "0".repeat(64),
        log_head: 0,
        current: true,
    };
    let report = hipaa_ra::domain::SignedReport {
        assessment_id: 1,
        sign_off_id: 0,
        public_key: String::new(),
        paper: "letter".to_string(),
        pdf: b"%PDF".to_vec(),
        pdf_signature: String::new(),
        json: b"{}".to_vec(),
        json_signature: String::new(),
    };
    store.set_report_paper("a4").unwrap();
    let mut practice = store.practice().unwrap();
    practice.notes.push_str(" Changed while the report was made.");
    store.save_practice(&practice).unwrap();
    let refused = store
        .record_signed_report(&record, &report, &made_at)
        .unwrap_err()
        .to_string();
    assert!(refused.contains("changed while the report was being made"), "{refused}");
    assert!(store.signed_report(1).unwrap().is_none());
    // Made from the head as it is now, with only a setting after it, it is recorded.
    let head = store.change_log().unwrap().last().unwrap().hash.clone();
    store.set_report_paper("letter").unwrap();
    store.record_signed_report(&record, &report, &head).unwrap();
    assert!(store.signed_report(1).unwrap().is_some());
}

/// `risks export` and `actions export` of a signed year are the tables of its kept report.
#[test]
fn the_register_and_plan_of_a_signed_year_come_from_its_kept_report() {
    let sandbox = Sandbox::new();
    let demo = sandbox.demo();
    Store::open(Path::new(&demo))
        .unwrap()
        .set_current_assessment(1)
        .unwrap();
    sandbox.ok(&["report", &demo, "--format", "csv", "-o", "kept", "--date", "2031-03-15"]);
    let risks = sandbox.run(&["risks", "export", &demo]);
    let actions = sandbox.run(&["actions", "export", &demo]);
    assert!(risks.status.success() && actions.status.success());
    assert_eq!(risks.stdout, read(&sandbox.path("kept-register.csv")));
    assert_eq!(actions.stdout, read(&sandbox.path("kept-plan.csv")));
    assert!(String::from_utf8_lossy(&risks.stderr).contains("as signed"));
}
