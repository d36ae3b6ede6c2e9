//! Issue 22's reproductions (points 4 and 5) through the real binary: outputs that would
//! replace a file hipaa-ra cannot read or a workspace's name, workspaces named like a
//! SQLite journal, readers that left `-wal`/`-shm` files beside a read-only archive,
//! pipes given as files to verify, control characters from names printed raw, dates in
//! the year 9999, and the folder listing of `portfolio`.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

#[path = "support/sandbox.rs"]
mod sandbox;
use sandbox::{Sandbox, stderr, stdout};

/// The names in a folder, sorted.
fn names_in(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn running_as_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .unwrap()
        .lines()
        .any(|line| line.starts_with("Uid:") && line.split_whitespace().nth(1) == Some("0"))
}

/// Runs the binary with a deadline: a run that waits on a pipe is killed and reported.
fn run_within(sandbox: &Sandbox, args: &[&str], limit: Duration) -> Output {
    let mut child = sandbox
        .command(env!("CARGO_BIN_EXE_hipaa-ra"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + limit;
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{args:?} still running after {limit:?}: it waits on the pipe");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

#[test]
fn an_output_never_replaces_a_workspace_name_a_journal_name_or_a_file_it_cannot_read() {
    let sandbox = Sandbox::new();
    let path = sandbox.new_workspace("clinic.hra");
    // Not a workspace, but named like one: a colleague's file in the making, say.
    let named = sandbox.path("other.hra");
    std::fs::write(&named, "not yet a workspace").unwrap();
    let named = named.to_str().unwrap().to_string();
    let message = sandbox.refused(&["report", &path, "-o", &named]);
    assert!(message.contains("has a workspace's name (.hra)"), "{message}");
    assert_eq!(std::fs::read_to_string(&named).unwrap(), "not yet a workspace");
    // A journal's name, whether or not its workspace is there.
    for name in ["x.hra-wal", "x.hra-shm", "notes-journal"] {
        let target = sandbox.path(name);
        let message = sandbox.refused(&["risks", "export", &path, "-o", target.to_str().unwrap()]);
        assert!(message.contains("is named like a SQLite journal"), "{name}: {message}");
        assert!(!target.exists(), "{name}");
    }
    // A file the user cannot read (a colleague's 0600 workspace in a shared folder). Root
    // reads everything, so there the run is made as nobody, when setpriv is there.
    let private = sandbox.path("colleague.dat");
    std::fs::write(&private, "their work").unwrap();
    std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o600)).unwrap();
    std::fs::set_permissions(sandbox.dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let args = ["report", path.as_str(), "-o", private.to_str().unwrap()];
    let output = if running_as_root() {
        if Command::new("setpriv").arg("--version").output().is_err() {
            eprintln!("SKIPPED: the unreadable-file case needs setpriv when run as root");
            return;
        }
        sandbox
            .command("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(env!("CARGO_BIN_EXE_hipaa-ra"))
            .args(args)
            .output()
            .unwrap()
    } else {
        sandbox.run(&args)
    };
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{message}");
    assert!(
        message.contains("exists and cannot be read (Permission denied), so it is not replaced"),
        "{message}"
    );
    assert_eq!(message.lines().count(), 1, "{message}");
    assert_eq!(std::fs::read_to_string(&private).unwrap(), "their work");
}

#[test]
fn new_and_demo_refuse_a_name_sqlite_would_take_for_a_journal() {
    let sandbox = Sandbox::new();
    let path = sandbox.new_workspace("x.hra");
    let export = sandbox.path("x.json");
    sandbox.ok(&["export", &path, "-o", export.to_str().unwrap()]);
    let before = std::fs::read(&path).unwrap();
    for name in ["x.hra-wal", "x.hra-shm", "x.hra-journal"] {
        let target = sandbox.path(name);
        let target = target.to_str().unwrap();
        for args in [
            vec!["new", target, "--org", "Clinic", "--no-open"],
            vec!["demo", target, "--no-open"],
            vec!["new", target, "--from", export.to_str().unwrap(), "--no-open"],
        ] {
            let message = sandbox.refused(&args);
            assert!(
                message.contains("a workspace cannot be named like a SQLite journal"),
                "{args:?}: {message}"
            );
            assert!(!Path::new(target).exists(), "{args:?}");
        }
    }
    // x.hra opens as it was: no journal of its own name was ever made beside it.
    sandbox.ok(&["log", "verify", &path]);
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn readers_leave_no_journal_files_and_a_read_only_archive_verifies() {
    let sandbox = Sandbox::with_key_password("");
    let path = sandbox.demo();
    let keys = sandbox.path("keys");
    sandbox.ok(&["key", "generate", "--out", keys.to_str().unwrap(), "--unencrypted"]);
    let key = keys.join("hipaa-ra.key");
    let public = keys.join("hipaa-ra.pub");
    let pdf = sandbox.path("draft.pdf");
    let pdf = pdf.to_str().unwrap();
    sandbox.ok(&[
        "report",
        &path,
        "-o",
        pdf,
        "--sign",
        "--draft",
        "--key",
        key.to_str().unwrap(),
    ]);
    // In a folder that can be written: the readers leave nothing beside the workspace.
    for args in [
        vec!["log", "verify", path.as_str()],
        vec!["assessment", "list", path.as_str()],
        vec!["check", path.as_str()],
    ] {
        let output = sandbox.run(&args);
        assert!(output.status.code() != Some(2), "{args:?}: {}", stderr(&output));
        for suffix in ["-wal", "-shm"] {
            assert!(
                !Path::new(&format!("{path}{suffix}")).exists(),
                "{args:?} left {suffix}"
            );
        }
    }
    // An archived copy: 0444, in a 0555 folder.
    let archive = sandbox.path("archive");
    std::fs::create_dir(&archive).unwrap();
    let copy = archive.join("clinic.hra");
    std::fs::copy(&path, &copy).unwrap();
    std::fs::set_permissions(&copy, std::fs::Permissions::from_mode(0o444)).unwrap();
    std::fs::set_permissions(&archive, std::fs::Permissions::from_mode(0o555)).unwrap();
    let copy = copy.to_str().unwrap();
    let before = std::fs::read(copy).unwrap();
    let verified = sandbox.ok(&["log", "verify", copy]);
    assert!(verified.contains("change log intact"), "{verified}");
    let verified = sandbox.ok(&["verify", pdf, "--pubkey", public.to_str().unwrap(), "--workspace", copy]);
    assert!(verified.contains("its history passes through"), "{verified}");
    assert_eq!(names_in(&archive), ["clinic.hra"], "nothing created beside the copy");
    assert_eq!(std::fs::read(copy).unwrap(), before);
    std::fs::set_permissions(&archive, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn a_reader_beside_an_open_editor_reads_its_saved_changes() {
    let sandbox = Sandbox::new();
    let path = sandbox.new_workspace("clinic.hra");
    let mut editor = hipaa_ra::store::Store::open(Path::new(&path)).unwrap();
    editor.set_assessor("Dana Editor").unwrap();
    // The editor is open and its change sits in the journal: the reader goes through it.
    let verified = sandbox.ok(&["log", "verify", &path]);
    assert!(verified.contains("change log intact"), "{verified}");
    let shown = sandbox.ok(&["log", "show", &path]);
    assert!(shown.contains("update settings assessor"), "{shown}");
    drop(editor);
}

#[test]
fn pipes_and_devices_given_to_verify_are_refused_at_once() {
    let sandbox = Sandbox::new();
    let fifo = sandbox.path("report.pdf");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let fifo = fifo.to_str().unwrap();
    let keys = sandbox.path("keys");
    sandbox.ok(&["key", "generate", "--out", keys.to_str().unwrap(), "--unencrypted"]);
    let public = keys.join("hipaa-ra.pub");
    let key = public.to_str().unwrap();
    let limit = Duration::from_secs(20);
    for args in [
        vec!["verify", fifo, "--pubkey", key],
        vec!["verify", "/dev/zero", "--pubkey", key],
        vec!["verify", "anything.pdf", "--pubkey", fifo],
        vec!["verify", "anything.pdf", "--pubkey", "/dev/zero"],
    ] {
        let output = run_within(&sandbox, &args, limit);
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {message}");
        assert!(
            message.contains("is a pipe (FIFO), not a regular file")
                || message.contains("is a device, not a regular file"),
            "{args:?}: {message}"
        );
    }
    let path = sandbox.new_workspace("clinic.hra");
    for key_file in [fifo, "/dev/zero"] {
        let args = [
            "report",
            path.as_str(),
            "-o",
            "r.pdf",
            "--sign",
            "--draft",
            "--key",
            key_file,
        ];
        let output = run_within(&sandbox, &args, limit);
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{message}");
        assert!(message.contains("not a regular file"), "{message}");
    }
}

#[test]
fn names_with_control_characters_are_escaped_in_diff_import_and_errors() {
    let sandbox = Sandbox::new();
    let path = sandbox.new_workspace("clinic.hra");
    let hostile = "Server\u{1b}]0;pwned\u{7}\u{1b}[2J";
    {
        let mut store = hipaa_ra::store::Store::open(Path::new(&path)).unwrap();
        let assessment = store.current_assessment_id().unwrap();
        use hipaa_ra::domain::{Asset, AssetKind, Criticality, Encryption, EphiActions};
        let asset = Asset {
            id: 0,
            assessment_id: assessment,
            name: hostile.into(),
            kind: AssetKind::Application,
            description: String::new(),
            location: String::new(),
            owner_id: None,
            ephi: EphiActions::ALL,
            record_count: None,
            criticality: Criticality::High,
            encrypted_at_rest: Encryption::Yes,
            last_reviewed: None,
            notes: String::new(),
            ..Asset::default()
        };
        store.add_asset(&asset).unwrap();
        let today = chrono::NaiveDate::parse_from_str(sandbox::TODAY, "%Y-%m-%d").unwrap();
        store
            .next_assessment(&hipaa_ra::store::NextOptions::default(), today)
            .unwrap();
        // One added this year, for the diff.
        let added = Asset {
            assessment_id: store.current_assessment_id().unwrap(),
            name: "Added\u{1b}[2J".into(),
            ..asset
        };
        store.add_asset(&added).unwrap();
    }
    // The asset is last year's and absent from the file: the import lists it.
    let csv = sandbox.path("assets.csv");
    std::fs::write(&csv, "name,kind\nLaptop,workstation\n").unwrap();
    let imported = sandbox.ok(&["assets", "import", &path, csv.to_str().unwrap()]);
    assert!(imported.contains("not in the file"), "{imported}");
    let diff = sandbox.ok(&["assessment", "diff", &path]);
    for shown in [&imported, &diff] {
        assert!(!shown.contains('\u{1b}') && !shown.contains('\u{7}'), "{shown:?}");
    }
    assert!(imported.contains("Server\\u{1b}]0;pwned\\u{7}"), "{imported}");
    assert!(diff.contains("Added\\u{1b}[2J"), "{diff}");
    // A file name with an escape in it, in an error.
    let named = sandbox.path("evil\u{1b}[31m.hra");
    let output = sandbox.run(&["log", "verify", named.to_str().unwrap()]);
    let message = stderr(&output);
    assert!(!message.contains('\u{1b}'), "{message:?}");
    assert!(message.contains("evil\\u{1b}[31m.hra: no such file"), "{message}");
}

#[test]
fn dates_outside_1900_to_2200_and_a_start_before_the_open_year_are_refused() {
    let sandbox = Sandbox::new();
    let path = sandbox.new_workspace("clinic.hra");
    let before = std::fs::read(&path).unwrap();
    for args in [
        vec!["check", path.as_str(), "--date", "9999-12-31"],
        vec!["report", path.as_str(), "--format", "json", "--date", "9999-12-31"],
        vec!["portfolio", ".", "--date", "9999-12-31"],
        vec!["assessment", "next", path.as_str(), "--start", "9999-01-01"],
        vec!["assessment", "next", path.as_str(), "--end", "9999-12-31"],
        vec!["assessment", "next", path.as_str(), "--start", "1899-12-31"],
    ] {
        let output = sandbox.run(&args);
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {message}");
        assert!(
            message.contains("is outside the years 1900 to 2200"),
            "{args:?}: {message}"
        );
    }
    let message = sandbox.refused(&["assessment", "next", &path, "--start", "2025-06-30"]);
    assert!(
        message.contains("cannot start (2025-06-30) before the open one starts (2026-01-01)"),
        "{message}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
    let output = sandbox
        .command(env!("CARGO_BIN_EXE_hipaa-ra"))
        .args(["check", &path])
        .env("HIPAA_RA_TODAY", "9999-12-31")
        .output()
        .unwrap();
    assert!(
        stderr(&output).contains("is outside the years 1900 to 2200"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_file_with_our_id_and_no_schema_is_refused_before_anything_is_written() {
    let sandbox = Sandbox::new();
    let bare = sandbox.path("half.hra");
    {
        let conn = rusqlite::Connection::open(&bare).unwrap();
        conn.pragma_update(None, "application_id", hipaa_ra::store::APPLICATION_ID)
            .unwrap();
        conn.execute("CREATE TABLE assets (x)", []).unwrap();
    }
    let before = std::fs::read(&bare).unwrap();
    let csv = sandbox.path("a.csv");
    std::fs::write(&csv, "name,kind\nLaptop,workstation\n").unwrap();
    let shown = bare.to_str().unwrap();
    for args in [
        vec!["assets", "import", shown, csv.to_str().unwrap()],
        vec!["setting", shown, "proposed-rule", "hide"],
        vec!["log", "verify", shown],
    ] {
        let message = sandbox.refused(&args);
        assert_eq!(
            message,
            format!(
                "hipaa-ra: {shown}: not a hipaa-ra workspace (a SQLite database with no hipaa-ra schema in it); the \
                 file was left unchanged\n"
            ),
            "{args:?}"
        );
    }
    assert_eq!(std::fs::read(&bare).unwrap(), before);
    // ("home" holds the sandbox's log.)
    assert_eq!(names_in(sandbox.dir.path()), ["a.csv", "half.hra", "home"]);
}

#[test]
fn portfolio_names_the_pipes_and_links_it_skipped() {
    let sandbox = Sandbox::new();
    let clients = sandbox.path("clients");
    std::fs::create_dir(&clients).unwrap();
    let path = sandbox.new_workspace("clients/clinic.hra");
    assert!(
        Command::new("mkfifo")
            .arg(clients.join("pipe"))
            .status()
            .unwrap()
            .success()
    );
    std::os::unix::fs::symlink("/dev/null", clients.join("null")).unwrap();
    std::os::unix::fs::symlink(clients.join("gone.hra"), clients.join("broken.hra")).unwrap();
    let output = sandbox.run(&["portfolio", clients.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        stderr(&output),
        "hipaa-ra: skipped 3 entries that are not regular files: broken.hra (link, not followed), null (link, not \
         followed), pipe (pipe)\n"
    );
    assert!(stdout(&output).contains("clinic.hra"), "{}", stdout(&output));
    assert!(Path::new(&path).exists());
}

#[test]
fn temporaries_a_killed_new_from_left_are_removed_by_the_next_one() {
    let sandbox = Sandbox::new();
    let path = sandbox.new_workspace("clinic.hra");
    let export = sandbox.path("clinic.json");
    sandbox.ok(&["export", &path, "-o", export.to_str().unwrap()]);
    // What a `new --from` killed mid-way leaves (process 4999999 is above any pid limit).
    let long_ago = std::time::SystemTime::now() - Duration::from_secs(3600);
    let left = [".restored.hra.4999999-0.tmp", ".restored.hra.4999999-0.tmp-wal"];
    for name in left {
        let file = std::fs::File::create(sandbox.path(name)).unwrap();
        file.set_modified(long_ago).unwrap();
    }
    let target = sandbox.path("again.hra");
    sandbox.ok(&[
        "new",
        target.to_str().unwrap(),
        "--from",
        export.to_str().unwrap(),
        "--no-open",
    ]);
    for name in left {
        assert!(!sandbox.path(name).exists(), "{name} left");
    }
    assert!(target.exists());
}

/// A reader of an idle workspace holds its lock shared while it reads: an editor started
/// meanwhile waits for it and opens, while another editor's exclusive lock still refuses
/// at once. (`flock` from util-linux stands in for the reader and the editor.)
#[test]
fn an_editor_waits_for_a_reader_but_not_for_another_editor() {
    let sandbox = Sandbox::new();
    let demo = sandbox.demo();
    for (mode, waits) in [("-s", true), ("-x", false)] {
        let mut holder = std::process::Command::new("flock")
            .args([mode, &demo, "sleep", "1"])
            .spawn()
            .expect("flock (util-linux)");
        std::thread::sleep(std::time::Duration::from_millis(200));
        let output = sandbox.run(&["assets", "retire", &demo, "999999"]);
        let error = String::from_utf8_lossy(&output.stderr).into_owned();
        holder.wait().unwrap();
        assert_eq!(output.status.code(), Some(1), "{error}");
        if waits {
            assert!(error.contains("no asset with id 999999"), "{mode}: {error}");
        } else {
            assert!(error.contains("is open in another hipaa-ra"), "{mode}: {error}");
        }
    }
}
