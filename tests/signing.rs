//! Signed reports, through the real binary: keys are private, a signed report verifies
//! with our `verify` and with the independent `minisign` tool, and any altered byte of the
//! report or of the signature makes verification fail. Output is deterministic.

#[path = "support/tools.rs"]
mod tools;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

#[path = "support/sandbox.rs"]
mod sandbox;
use sandbox::Sandbox;

/// The signing tests all start from the demo.
impl Sandbox {
    fn with_demo() -> Sandbox {
        let sandbox = Sandbox::new();
        sandbox.demo();
        sandbox
    }

    /// An unencrypted key in the default place, and a signed report: the demo is a draft
    /// (blocking findings remain), so it is signed as one.
    fn signed_report(&self) -> PathBuf {
        let key = self.run(&["key", "generate", "--unencrypted"]);
        assert!(key.status.success(), "{}", String::from_utf8_lossy(&key.stderr));
        let report = self.path("report.pdf");
        let output = self.run(&[
            "report",
            "demo.hra",
            "-o",
            report.to_str().unwrap(),
            "--sign",
            "--draft",
        ]);
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        report
    }

    fn public_key_file(&self) -> PathBuf {
        self.path("home/config/hipaa-ra/hipaa-ra.pub")
    }
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn key_files_are_private_and_never_overwritten() {
    let sandbox = Sandbox::with_demo();
    let output = sandbox.run(&["key", "generate", "--out", "keys", "--unencrypted"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let secret = sandbox.path("keys/hipaa-ra.key");
    let public = sandbox.path("keys/hipaa-ra.pub");
    assert_eq!(mode(&secret), 0o600);
    assert_eq!(mode(&public), 0o600);
    let before = std::fs::read(&secret).unwrap();
    let again = sandbox.run(&["key", "generate", "--out", "keys", "--unencrypted"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("a key already exists"));
    assert_eq!(std::fs::read(&secret).unwrap(), before);
}

#[test]
fn a_password_protected_key_signs_only_with_its_password() {
    let sandbox = Sandbox::with_demo();
    let home = sandbox.path("home");
    let run = |args: &[&str], password: &str| {
        Command::new(env!("CARGO_BIN_EXE_hipaa-ra"))
            .args(args)
            .current_dir(sandbox.dir.path())
            .env("HOME", &home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("HIPAA_RA_TODAY", sandbox::TODAY)
            .env("HIPAA_RA_KEY_PASSWORD", password)
            .output()
            .unwrap()
    };
    assert!(run(&["key", "generate"], "correct horse").status.success());
    let wrong = run(&["report", "demo.hra", "-o", "r.pdf", "--sign", "--draft"], "wrong");
    assert_eq!(wrong.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&wrong.stderr).lines().count(), 1);
    assert!(!sandbox.path("r.pdf").exists(), "nothing written without a signature");
    let right = run(
        &["report", "demo.hra", "-o", "r.pdf", "--sign", "--draft"],
        "correct horse",
    );
    assert!(right.status.success(), "{}", String::from_utf8_lossy(&right.stderr));
    assert!(sandbox.path("r.pdf.minisig").exists());
}

#[test]
fn a_signed_report_verifies_and_names_practice_and_signer() {
    let sandbox = Sandbox::with_demo();
    let report = sandbox.signed_report();
    let output = sandbox.run(&["verify", report.to_str().unwrap()]);
    assert!(output.status.success());
    let line = String::from_utf8_lossy(&output.stdout).to_string();
    assert_eq!(line.lines().count(), 1);
    assert!(line.starts_with("valid: "), "{line}");
    for part in [
        "practice: Riverside Family Medicine",
        "assessment: 2026 risk analysis",
        "signer: Dana Whitfield",
        "is a DRAFT for review, not approved, dated 2026-11-23",
        "status: DRAFT (for review, not approved); report date: 2026-11-23",
    ] {
        assert!(line.contains(part), "{line}");
    }
    // The public key given as the key text itself works too.
    let key_text = std::fs::read_to_string(sandbox.public_key_file()).unwrap();
    let key_line = key_text.lines().last().unwrap();
    let with_text = sandbox.run(&["verify", report.to_str().unwrap(), "--pubkey", key_line]);
    assert!(with_text.status.success());
}

#[test]
fn any_altered_byte_of_the_report_or_signature_fails() {
    let sandbox = Sandbox::with_demo();
    let report = sandbox.signed_report();
    let key = hipaa_ra::signing::read_public_key(sandbox.public_key_file().to_str().unwrap()).unwrap();
    let original = std::fs::read(&report).unwrap();
    let valid = |path: &Path| {
        matches!(
            hipaa_ra::signing::verify(path, &key).unwrap(),
            hipaa_ra::signing::Verdict::Valid { .. }
        )
    };
    assert!(valid(&report));

    // The report: the first and last bytes and 200 spread through the file.
    let copy = sandbox.path("copy.pdf");
    std::fs::copy(
        hipaa_ra::signing::signature_path(&report),
        hipaa_ra::signing::signature_path(&copy),
    )
    .unwrap();
    let step = (original.len() / 200).max(1);
    let positions: Vec<usize> = (0..original.len()).step_by(step).chain([original.len() - 1]).collect();
    for position in positions {
        let mut altered = original.clone();
        altered[position] ^= 0x01;
        std::fs::write(&copy, &altered).unwrap();
        assert!(!valid(&copy), "flipping byte {position} of the report went unnoticed");
    }

    // The signature: every byte of the signed lines (signature, trusted comment, global
    // signature). The first line is minisign's untrusted comment, signed by nobody.
    let signature_path = hipaa_ra::signing::signature_path(&report);
    let signature = std::fs::read(&signature_path).unwrap();
    let signed_from = signature.iter().position(|&byte| byte == b'\n').unwrap() + 1;
    for position in signed_from..signature.len() {
        if signature[position] == b'\n' {
            continue;
        }
        let mut altered = signature.clone();
        altered[position] ^= 0x01;
        std::fs::write(&signature_path, &altered).unwrap();
        assert!(
            !valid(&report),
            "flipping byte {position} of the signature went unnoticed"
        );
    }
    std::fs::write(&signature_path, &signature).unwrap();
    assert!(valid(&report));

    // And the command says so in one line, exit 1.
    let mut altered = original.clone();
    altered[original.len() / 2] ^= 0x01;
    std::fs::write(&report, &altered).unwrap();
    let output = sandbox.run(&["verify", report.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stdout).starts_with("invalid: "));
}

#[test]
fn the_independent_minisign_tool_accepts_our_signature() {
    if Command::new("minisign").arg("-v").output().is_err() {
        tools::skip("the minisign tool is not installed (apt-get install minisign); .ci/run installs it");
        return;
    }
    let sandbox = Sandbox::with_demo();
    let report = sandbox.signed_report();
    let output = Command::new("minisign")
        .args([
            "-Vm",
            report.to_str().unwrap(),
            "-p",
            sandbox.public_key_file().to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("Signature and comment signature verified"));
}

#[test]
fn reports_are_byte_identical_across_runs() {
    let sandbox = Sandbox::with_demo();
    for format in ["pdf", "json"] {
        let mut outputs = Vec::new();
        for run in 0..2 {
            let file = sandbox.path(&format!("r{run}.{format}"));
            let output = sandbox.run(&[
                "report",
                "demo.hra",
                "--format",
                format,
                "--date",
                sandbox::TODAY,
                "-o",
                file.to_str().unwrap(),
            ]);
            assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
            outputs.push(std::fs::read(file).unwrap());
        }
        assert_eq!(outputs[0], outputs[1], "{format} differs between runs");
    }
    // US Letter is the default; A4 is the other paper.
    let a4 = sandbox.run(&["report", "demo.hra", "--paper", "a4", "-o", "a4.pdf"]);
    assert!(a4.status.success());
    assert_ne!(
        std::fs::read(sandbox.path("a4.pdf")).unwrap(),
        std::fs::read(sandbox.path("r0.pdf")).unwrap()
    );
}

#[test]
fn csv_writes_the_register_and_the_plan() {
    let sandbox = Sandbox::with_demo();
    let output = sandbox.run(&["report", "demo.hra", "--format", "csv", "-o", "riverside"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let register = std::fs::read_to_string(sandbox.path("riverside-register.csv")).unwrap();
    let plan = std::fs::read_to_string(sandbox.path("riverside-plan.csv")).unwrap();
    // This year's: last year's twelve scenarios, the three last year's finish added (its
    // gaps planned, twice, and the USB drives' own threat) and the new system's; the
    // actions still open last year (finished ones stay in last year's record).
    assert_eq!(register.lines().count(), 17, "header and sixteen scenarios");
    assert_eq!(plan.lines().count(), 10, "header and nine actions");
}

#[test]
fn a_change_log_broken_before_its_head_refuses_a_signature_and_log_verify_names_it() {
    let sandbox = Sandbox::with_demo();
    let key = sandbox.run(&["key", "generate", "--unencrypted"]);
    assert!(key.status.success(), "{}", String::from_utf8_lossy(&key.stderr));
    {
        let conn = rusqlite::Connection::open(sandbox.path("demo.hra")).unwrap();
        conn.execute("UPDATE change_log SET actor = 'Mallory' WHERE id = 3", [])
            .unwrap();
    }
    // A signature vouches for the history up to its head: every row is checked first.
    let output = sandbox.run(&["report", "demo.hra", "-o", "r.pdf", "--sign", "--draft"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("change log is broken at row 3"));
    assert!(!sandbox.path("r.pdf").exists());
    assert!(!sandbox.path("r.pdf.minisig").exists());
    // A plain report checks what it reports (the head row and the data against it), which
    // an edit of an earlier row does not touch; `log verify` walks every row and names it.
    let output = sandbox.run(&["report", "demo.hra", "-o", "plain.pdf"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let output = sandbox.run(&["log", "verify", "demo.hra"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stdout).contains("change log broken at row 3"));
}

#[test]
fn signing_a_draft_without_draft_is_refused_and_writes_nothing() {
    let sandbox = Sandbox::with_demo();
    let key = sandbox.run(&["key", "generate", "--unencrypted"]);
    assert!(key.status.success());
    for format in ["pdf", "json"] {
        let report = sandbox.path(&format!("report.{format}"));
        let output = sandbox.run(&[
            "report",
            "demo.hra",
            "--format",
            format,
            "-o",
            report.to_str().unwrap(),
            "--sign",
        ]);
        assert!(!output.status.success());
        let error = String::from_utf8_lossy(&output.stderr);
        assert_eq!(error.lines().count(), 1, "{error}");
        assert!(
            error.contains("not signed: ") && error.contains(" is a DRAFT with "),
            "{error}"
        );
        assert!(
            error.contains("blocking findings") && error.contains("--draft"),
            "{error}"
        );
        assert!(!report.exists(), "{format}: a refused signing wrote the report");
        assert!(!sandbox.path(&format!("report.{format}.minisig")).exists());
    }
    // --draft is only meaningful with --sign.
    let output = sandbox.run(&["report", "demo.hra", "--draft"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn a_draft_signature_attests_only_to_a_draft() {
    let sandbox = Sandbox::with_demo();
    let report = sandbox.signed_report();
    let signature = std::fs::read_to_string(sandbox.path("report.pdf.minisig")).unwrap();
    assert!(
        signature.contains("status: DRAFT (for review, not approved); report date: "),
        "{signature}"
    );
    let key = sandbox.run(&[
        "key",
        "generate",
        "--unencrypted",
        "--out",
        sandbox.path("k2").to_str().unwrap(),
    ]);
    assert!(key.status.success());
    let json = sandbox.path("report.json");
    let output = sandbox.run(&[
        "report",
        "demo.hra",
        "--format",
        "json",
        "-o",
        json.to_str().unwrap(),
        "--sign",
        "--draft",
    ]);
    assert!(output.status.success());
    let model: serde_json::Value = serde_json::from_slice(&std::fs::read(json).unwrap()).unwrap();
    let attestation = model["sign_off"]["attestation"].as_str().unwrap();
    assert!(
        attestation.starts_with("DRAFT FOR REVIEW, NOT APPROVED."),
        "{attestation}"
    );
    assert!(!attestation.contains("reviewed and approved"), "{attestation}");
    assert!(report.exists());
}

#[test]
fn a_missing_default_public_key_says_to_pass_pubkey() {
    let sandbox = Sandbox::with_demo();
    let report = sandbox.path("report.pdf");
    std::fs::write(&report, b"%PDF").unwrap();
    let output = sandbox.run(&["verify", report.to_str().unwrap()]);
    assert!(!output.status.success());
    let error = String::from_utf8_lossy(&output.stderr);
    assert_eq!(error.lines().count(), 1, "{error}");
    assert!(
        error.contains("pass --pubkey with the signer's key, as printed on the report's sign-off page"),
        "{error}"
    );
}

#[test]
fn verify_with_the_workspace_says_whether_its_history_passes_through_the_signed_head() {
    let sandbox = Sandbox::with_demo();
    let report = sandbox.signed_report();
    let report = report.to_str().unwrap();
    let out = |output: &Output| String::from_utf8_lossy(&output.stdout).into_owned();

    let output = sandbox.run(&["verify", report, "--workspace", "demo.hra"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}{}",
        out(&output),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        out(&output).contains("; log: "),
        "the trusted comment records the head: {}",
        out(&output)
    );
    assert!(
        out(&output).contains("its history passes through the report's change-log row"),
        "{}",
        out(&output)
    );

    // Work done through the program after the report keeps the history on that head.
    let csv = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/assets-sample.csv");
    let import = sandbox.run(&["assets", "import", "demo.hra", csv]);
    assert!(import.status.success(), "{}", String::from_utf8_lossy(&import.stderr));
    let output = sandbox.run(&["verify", report, "--workspace", "demo.hra"]);
    assert_eq!(output.status.code(), Some(0), "{}", out(&output));
    assert!(out(&output).contains("changes since"), "{}", out(&output));

    // A record edited behind the log: the history still holds the head, the data does not.
    {
        let conn = rusqlite::Connection::open(sandbox.path("demo.hra")).unwrap();
        conn.execute("UPDATE practice SET name = 'Forged'", []).unwrap();
    }
    let output = sandbox.run(&["verify", report, "--workspace", "demo.hra"]);
    assert_eq!(output.status.code(), Some(1), "{}", out(&output));
    assert!(
        out(&output).contains("practice 1: name is \"Forged\" in the data"),
        "{}",
        out(&output)
    );

    // The history from the signed head on removed: it no longer passes through it.
    {
        let conn = rusqlite::Connection::open(sandbox.path("demo.hra")).unwrap();
        conn.execute("UPDATE practice SET name = 'Riverside Family Medicine'", [])
            .unwrap();
        conn.execute("DELETE FROM change_log WHERE id > 5", []).unwrap();
    }
    let output = sandbox.run(&["verify", report, "--workspace", "demo.hra"]);
    assert_eq!(output.status.code(), Some(1), "{}", out(&output));
    assert!(out(&output).contains("does not pass through"), "{}", out(&output));
}
