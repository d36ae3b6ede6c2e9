//! The program opens no network connection, ever: the whole command-line journey (demo,
//! new, asset import and export, key generation, a signed report, verify, workspace export,
//! log checks) runs under `strace -f -e trace=network`, and every socket any process of
//! it creates must be a local (AF_UNIX) one.
//!
//! strace rather than `unshare -n`: a program in an empty network namespace fails to
//! connect, and a program that quietly tolerates that failure would pass; strace sees the
//! attempt itself. When strace is missing or not allowed to trace (some containers), the
//! test says it skipped; `.ci/run` installs strace.

#[path = "support/clock.rs"]
mod clock;
#[path = "support/tools.rs"]
mod tools;

use std::path::Path;
use std::process::Command;

const BINARY: &str = env!("CARGO_BIN_EXE_hipaa-ra");

/// The domains of every `socket(` call in an strace log, and the lines that made them.
fn socket_domains(log: &str) -> Vec<(String, String)> {
    log.lines()
        .filter_map(|line| {
            let call = line.find("socket(")?;
            // `socketpair(` too: it is always local, but it is checked like the rest.
            let rest = &line[call + "socket(".len()..];
            let domain = rest.split([',', ')']).next()?.trim().to_string();
            Some((domain, line.to_string()))
        })
        .collect()
}

fn strace_works() -> bool {
    Command::new("strace")
        .args(["-f", "-e", "trace=network", "-o", "/dev/null", "true"])
        .output()
        .is_ok_and(|output| output.status.success())
}

/// Runs `args` under strace in `dir` and returns strace's log.
fn traced(dir: &Path, program: &str, args: &[&str]) -> String {
    let log = dir.join("strace.log");
    let home = dir.join("home");
    let output = Command::new("strace")
        .args(["-f", "-qq", "-e", "trace=network", "-o"])
        .arg(&log)
        .arg("--")
        .arg(program)
        .args(args)
        .current_dir(dir)
        .env("HOME", &home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("HIPAA_RA_TODAY", clock::TODAY)
        .output()
        .unwrap();
    assert!(
        program != BINARY || output.status.success(),
        "hipaa-ra {args:?} failed: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    std::fs::read_to_string(&log).unwrap()
}

#[test]
fn the_whole_command_line_journey_opens_no_network_socket() {
    if !strace_works() {
        tools::skip("strace is not installed or may not trace here; the no-network check did not run");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();

    // The check itself: a shell opening a TCP connection is caught.
    let control = traced(root, "bash", &["-c", "exec 3<>/dev/tcp/127.0.0.1/9 || true"]);
    assert!(
        socket_domains(&control).iter().any(|(domain, _)| domain == "AF_INET"),
        "strace did not show the control's TCP socket:\n{control}"
    );

    let assets = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/assets-sample.csv");
    let assets = assets.to_str().unwrap();
    let journey: &[&[&str]] = &[
        &["demo", "--no-open"],
        &["demo", "demo.hra", "--no-open"],
        &["new", "clinic.hra", "--org", "Harbor Dental", "--no-open"],
        &["assets", "import", "clinic.hra", assets],
        &["assets", "export", "clinic.hra"],
        &["assets", "export", "clinic.hra", "--format", "json"],
        &["catalog", "--format", "json"],
        &["key", "generate", "--out", "keys", "--unencrypted"],
        &[
            "report",
            "demo.hra",
            "-o",
            "report.pdf",
            "--sign",
            "--draft",
            "--key",
            "keys/hipaa-ra.key",
        ],
        &["report", "demo.hra", "-o", "report.json", "--format", "json"],
        &["verify", "report.pdf", "--pubkey", "keys/hipaa-ra.pub"],
        &["export", "demo.hra", "-o", "demo.json"],
        &["new", "copy.hra", "--from", "demo.json", "--no-open"],
        &["log", "verify", "copy.hra"],
        &["log", "show", "demo.hra", "--format", "json"],
    ];
    let mut sockets = 0;
    for args in journey {
        let log = traced(root, BINARY, args);
        for (domain, line) in socket_domains(&log) {
            assert!(
                domain == "AF_UNIX" || domain == "AF_LOCAL",
                "hipaa-ra {args:?} created a {domain} socket: {line}"
            );
            sockets += 1;
        }
    }
    eprintln!("no network: {} commands traced, {sockets} local sockets", journey.len());
}
