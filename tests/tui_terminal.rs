//! The TUI needs a terminal: run with standard input or output that is not one (a script,
//! a pipe, `> file`), it refuses in one line with exit 1 instead of drawing invisibly and
//! waiting for keys. `new` and `demo` refuse before creating anything; the commands that
//! are not the TUI go on working without a terminal.

mod common;

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::pty::{BINARY, COLS, ROWS, environment, write_demo};
use portable_pty::{CommandBuilder, PtySize, native_pty_system};

fn run(env: &[(String, String)], args: &[&str]) -> Output {
    Command::new(BINARY)
        .args(args)
        .envs(env.iter().cloned())
        .stdin(Stdio::null())
        .output()
        .expect("run hipaa-ra")
}

/// Runs `command` in a pseudo-terminal until it exits (panicking with `stuck` after 20
/// seconds): its exit status and everything it showed.
fn run_in_pty(command: CommandBuilder, stuck: &str) -> (portable_pty::ExitStatus, String) {
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: ROWS,
            cols: COLS,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("open a pty");
    let mut child = pair.slave.spawn_command(command).expect("spawn in the pty");
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().expect("the pty reader");
    let output = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = std::io::Read::read_to_end(&mut reader, &mut bytes);
        bytes
    });
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().expect("poll the child") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("{stuck}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    drop(pair.master);
    let shown = String::from_utf8_lossy(&output.join().expect("the reader thread")).into_owned();
    (status, shown)
}

const REFUSAL: &str = "hipaa-ra: the workbench needs a terminal, and standard input and output are not one \
                       (the commands work without one: see hipaa-ra --help)\n";

#[test]
fn without_a_terminal_the_tui_refuses_in_one_line_and_changes_nothing() {
    let temp = tempfile::tempdir().expect("a temp dir");
    let env = environment(temp.path());
    let workspace = write_demo(temp.path(), &env);
    let path = workspace.to_str().expect("a UTF-8 path");
    let before = std::fs::read(&workspace).expect("read the workspace");
    for args in [vec![path], vec!["open", path]] {
        let started = Instant::now();
        let output = run(&env, &args);
        assert!(started.elapsed() < Duration::from_secs(10), "it must not wait for keys");
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&output.stderr), REFUSAL, "{args:?}");
        assert!(
            output.stdout.is_empty(),
            "nothing drawn into the pipe: {:?}",
            output.stdout
        );
    }
    assert_eq!(std::fs::read(&workspace).expect("read the workspace"), before);

    // `new` and `demo` that would open the TUI create nothing.
    let new = temp.path().join("new.hra");
    let demo = temp.path().join("demo2.hra");
    for (args, file) in [
        (vec!["new", new.to_str().unwrap(), "--org", "Harbor Dental"], &new),
        (vec!["demo", demo.to_str().unwrap()], &demo),
    ] {
        let output = run(&env, &args);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&output.stderr), REFUSAL, "{args:?}");
        assert!(!file.exists(), "{args:?} created {}", file.display());
    }

    // The commands are unaffected.
    let verify = run(&env, &["log", "verify", path]);
    assert!(verify.status.success(), "{}", String::from_utf8_lossy(&verify.stderr));
    let created = run(
        &env,
        &["new", new.to_str().unwrap(), "--org", "Harbor Dental", "--no-open"],
    );
    assert!(created.status.success(), "{}", String::from_utf8_lossy(&created.stderr));
}

/// `hipaa-ra FILE > out.txt` typed at a terminal: input is a terminal, output is not.
#[test]
fn output_redirected_to_a_file_is_refused_too() {
    let temp = tempfile::tempdir().expect("a temp dir");
    let env = environment(temp.path());
    let workspace = write_demo(temp.path(), &env);
    let out = temp.path().join("out.txt");
    let mut command = CommandBuilder::new("sh");
    command.args(["-c", "exec \"$0\" \"$1\" > \"$2\""]);
    command.arg(BINARY);
    command.arg(workspace.as_os_str());
    command.arg(out.as_os_str());
    for (key, value) in &env {
        command.env(key, value);
    }
    let (status, shown) = run_in_pty(
        command,
        "hipaa-ra with its output in a file did not exit: it is waiting for keys",
    );
    assert_eq!(status.exit_code(), 1, "{shown}");
    assert!(
        shown.contains("the workbench needs a terminal, and standard output is not one"),
        "{shown}"
    );
    assert_eq!(
        std::fs::read(&out).expect("the output file"),
        b"",
        "nothing drawn into the file"
    );
    assert!(Path::new(&workspace).exists());
}

/// A terminal that cannot move the cursor (`TERM=dumb`: an editor's shell buffer, some CI
/// consoles): one line saying so and pointing at the commands, never a scroll of escape
/// codes, and `new` creates nothing.
#[test]
fn a_dumb_terminal_is_refused_in_one_line() {
    let temp = tempfile::tempdir().expect("a temp dir");
    let mut env = environment(temp.path());
    let workspace = write_demo(temp.path(), &env);
    env.retain(|(key, _)| key != "TERM");
    env.push(("TERM".to_string(), "dumb".to_string()));
    let created = temp.path().join("new.hra");
    for args in [
        vec![workspace.as_os_str().to_owned()],
        vec![
            "new".into(),
            created.as_os_str().to_owned(),
            "--org".into(),
            "Clinic".into(),
        ],
    ] {
        let mut command = CommandBuilder::new(BINARY);
        command.args(&args);
        command.env_clear();
        for (key, value) in &env {
            command.env(key, value);
        }
        let (status, shown) = run_in_pty(command, "hipaa-ra with TERM=dumb did not exit: it started the TUI");
        assert_eq!(status.exit_code(), 1, "{shown}");
        assert_eq!(
            shown.trim_end(),
            "hipaa-ra: the workbench needs a terminal that can move the cursor, and this one cannot (TERM=dumb); \
             use a full terminal, or the commands (see hipaa-ra --help)",
            "{args:?}"
        );
        assert!(!shown.contains('\u{1b}'), "no escape codes: {shown:?}");
    }
    assert!(!created.exists(), "new created a file");
}
