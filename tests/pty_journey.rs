//! An end-to-end journey through the real `hipaa-ra` binary in a pseudo-terminal: open the
//! demo workspace, visit every screen by its key, open and close the help, quit, and check
//! that the terminal was handed back in the state it was found.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc::{Receiver, RecvTimeoutError, TryRecvError, channel};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

const BINARY: &str = env!("CARGO_BIN_EXE_hipaa-ra");
const ROWS: u16 = 24;
const COLS: u16 = 80;
/// How long any one expected change may take (a debug build on a slow CI machine).
const TIMEOUT: Duration = Duration::from_secs(10);
/// The first frame also waits for the workspace to open.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(20);
/// How often a wait re-checks its deadline while no output arrives.
const POLL: Duration = Duration::from_millis(50);
/// How long the output must be quiet before a screen that is not known to be at a frame's
/// end counts as complete.
const SETTLE: Duration = Duration::from_millis(300);
/// DECTCEM off: ratatui writes it after every frame that places no cursor.
const HIDE_CURSOR: &[u8] = b"\x1b[?25l";

/// The environment every child runs in: everything it could write goes under `root`.
fn environment(root: &Path) -> Vec<(String, String)> {
    let home = root.join("home");
    let pairs = [
        ("HOME", home.clone()),
        ("XDG_DATA_HOME", home.join(".local/share")),
        ("XDG_CONFIG_HOME", home.join(".config")),
        ("XDG_STATE_HOME", home.join(".local/state")),
    ];
    let mut env: Vec<(String, String)> = pairs
        .into_iter()
        .map(|(key, path)| (key.to_string(), path.display().to_string()))
        .collect();
    env.push(("HIPAA_RA_TODAY".to_string(), "2026-11-23".to_string()));
    env.push(("TERM".to_string(), "xterm-256color".to_string()));
    env
}

/// Writes the demo workspace under `root` with the binary itself, as a user would.
fn write_demo(root: &Path, env: &[(String, String)]) -> PathBuf {
    let workspace = root.join("demo.hra");
    let demo = Command::new(BINARY)
        .arg("demo")
        .arg(&workspace)
        .arg("--no-open")
        .envs(env.iter().cloned())
        .env_remove("NO_COLOR")
        .output()
        .expect("run hipaa-ra demo");
    assert!(
        demo.status.success(),
        "hipaa-ra demo failed ({}):\nstdout: {}\nstderr: {}",
        demo.status,
        String::from_utf8_lossy(&demo.stdout),
        String::from_utf8_lossy(&demo.stderr)
    );
    assert!(
        workspace.exists(),
        "hipaa-ra demo did not write {}",
        workspace.display()
    );
    workspace
}

/// The TUI running in a pty, and the terminal emulator watching it.
struct Session {
    parser: vt100::Parser,
    /// Every byte the program wrote, for checks the parsed screen cannot answer.
    raw: Vec<u8>,
    output: Receiver<Vec<u8>>,
    reader: Option<JoinHandle<()>>,
    writer: Option<Box<dyn Write + Send>>,
    child: Box<dyn Child + Send + Sync>,
    /// Kept open until the child has exited: closing it early would hang up on the child.
    master: Option<Box<dyn MasterPty + Send>>,
}

impl Session {
    fn spawn(args: &[&Path], env: &[(String, String)]) -> Session {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut command = CommandBuilder::new(BINARY);
        for arg in args {
            command.arg(arg);
        }
        for (key, value) in env {
            command.env(key, value);
        }
        command.env_remove("NO_COLOR");
        // The user-facing panic report, not a developer backtrace from the caller's shell.
        command.env_remove("RUST_BACKTRACE");
        let child = pair.slave.spawn_command(command).expect("spawn hipaa-ra in the pty");
        // Only the child may hold the slave side, so reads see EOF (or EIO) once it exits.
        drop(pair.slave);

        let mut reader = pair.master.try_clone_reader().expect("clone the pty reader");
        let writer = pair.master.take_writer().expect("take the pty writer");
        let (sender, output) = channel();
        let reader = std::thread::spawn(move || {
            let mut buffer = [0u8; 8192];
            loop {
                match reader.read(&mut buffer) {
                    Ok(0) => break,
                    Ok(count) => {
                        if sender.send(buffer[..count].to_vec()).is_err() {
                            break;
                        }
                    }
                    Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
                    // Linux reports the closed slave as EIO: the child is gone.
                    Err(_) => break,
                }
            }
        });

        Session {
            parser: vt100::Parser::new(ROWS, COLS, 0),
            raw: Vec::new(),
            output,
            reader: Some(reader),
            writer: Some(writer),
            child,
            master: Some(pair.master),
        }
    }

    fn feed(&mut self, chunk: &[u8]) {
        self.parser.process(chunk);
        self.raw.extend_from_slice(chunk);
    }

    fn contents(&self) -> String {
        self.parser.screen().contents()
    }

    /// The top row of the screen, where the frame borders carry their titles.
    fn top_row(&self) -> String {
        self.parser.screen().rows(0, COLS).next().unwrap_or_default()
    }

    /// Whether the output so far ends on a frame boundary. Ratatui ends every frame that
    /// places no cursor by hiding the cursor, after the frame's last cell.
    fn at_frame_end(&self) -> bool {
        self.raw.ends_with(HIDE_CURSOR)
    }

    /// Takes in output until `done` holds for a whole frame, panicking after `timeout` with
    /// the screen as it stands. A frame arrives in several writes (stdout is line
    /// buffered), so a half-drawn screen can mix the new screen with the old one: `done`
    /// counts only at the end of a frame, or once the output has been quiet for `SETTLE`.
    fn pump_until(&mut self, what: &str, timeout: Duration, done: impl Fn(&Session) -> bool) {
        let deadline = Instant::now() + timeout;
        loop {
            let satisfied = done(self);
            if satisfied && self.at_frame_end() {
                return;
            }
            let now = Instant::now();
            if now >= deadline {
                panic!(
                    "timed out after {timeout:?} waiting for {what}; the screen:\n{}",
                    self.contents()
                );
            }
            let wait = if satisfied { SETTLE } else { POLL };
            match self.output.recv_timeout(wait.min(deadline - now)) {
                Ok(chunk) => {
                    self.feed(&chunk);
                    // Take whatever else has arrived before checking again.
                    while let Ok(chunk) = self.output.try_recv() {
                        self.feed(&chunk);
                    }
                }
                // Quiet since the condition held: the frame is complete.
                Err(RecvTimeoutError::Timeout) if satisfied => return,
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => {
                    if satisfied {
                        return;
                    }
                    let status = self.child.try_wait();
                    panic!(
                        "the program's output ended (child: {status:?}) while waiting for {what}; the screen:\n{}",
                        self.contents()
                    );
                }
            }
        }
    }

    fn wait_for_within(&mut self, text: &str, timeout: Duration) {
        self.pump_until(&format!("{text:?}"), timeout, |session| {
            session.contents().contains(text)
        });
    }

    fn wait_for(&mut self, text: &str) {
        self.wait_for_within(text, TIMEOUT);
    }

    fn wait_until_gone(&mut self, text: &str) {
        self.pump_until(&format!("{text:?} to disappear"), TIMEOUT, |session| {
            !session.contents().contains(text)
        });
    }

    /// Waits for a screen's title in the main frame's top border. (The sidebar lists every
    /// screen's name, so the whole screen would always contain it.)
    fn wait_for_title(&mut self, name: &str) {
        let title = format!(" {name} ");
        self.pump_until(&format!("the title {title:?} in the top border"), TIMEOUT, |session| {
            session.top_row().contains(&title)
        });
    }

    fn press(&mut self, key: u8) {
        let writer = self.writer.as_mut().expect("the pty writer is open");
        writer.write_all(&[key]).expect("write a key to the pty");
        writer.flush().expect("flush the pty writer");
    }

    /// Waits for the child to exit, killing it (and failing) if it takes too long.
    fn wait_for_exit(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            // Keep reading meanwhile, so a full pty buffer can never block the child.
            while let Ok(chunk) = self.output.try_recv() {
                self.feed(&chunk);
            }
            match self.child.try_wait().expect("poll the child") {
                Some(status) => return status,
                None if Instant::now() >= deadline => {
                    let _ = self.child.kill();
                    let _ = self.child.wait();
                    panic!(
                        "hipaa-ra did not exit within {TIMEOUT:?}; the screen:\n{}",
                        self.contents()
                    );
                }
                None => std::thread::sleep(POLL),
            }
        }
    }

    /// After the child has exited: takes in the rest of its output and ends the reader.
    fn drain(&mut self) {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            match self.output.try_recv() {
                Ok(chunk) => self.feed(&chunk),
                Err(TryRecvError::Disconnected) => break,
                Err(TryRecvError::Empty) => {
                    assert!(
                        Instant::now() < deadline,
                        "the pty reader did not see the end of output within {TIMEOUT:?} after the child exited"
                    );
                    std::thread::sleep(POLL);
                }
            }
        }
        if let Some(reader) = self.reader.take() {
            reader.join().expect("the pty reader thread panicked");
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // On a failed test the child may still be running: end it before closing the pty.
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        // The writer sends a newline and EOF when dropped; by now nobody reads them.
        self.writer.take();
        self.master.take();
        // The reader thread ends on EOF or EIO; it is detached here if a test failed early.
        self.reader.take();
    }
}

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
    session.wait_for_title("Dashboard");

    let journey: &[(u8, &str, &str)] = &[
        (b'1', "Practice", "Riverside Family Medicine"),
        (b'2', "People", "Security official"),
        (b'3', "Inventory", "PracticeChart"),
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

impl Session {
    fn type_text(&mut self, text: &str) {
        for byte in text.bytes() {
            self.press(byte);
        }
    }

    /// Writes a key's whole escape sequence at once: sent byte by byte, a terminal reader
    /// may take the lone ESC for the Escape key.
    fn send_sequence(&mut self, bytes: &[u8]) {
        let writer = self.writer.as_mut().expect("the pty writer is open");
        writer.write_all(bytes).expect("write a key sequence to the pty");
        writer.flush().expect("flush the pty writer");
    }
}

const RIGHT_ARROW: &[u8] = b"\x1b[C";

#[test]
fn journey_adds_a_person_and_an_asset_then_deletes_one() {
    let temp = tempfile::tempdir().expect("create a temp dir");
    let root = temp.path();
    let env = environment(root);
    let workspace = write_demo(root, &env);

    let mut session = Session::spawn(&[workspace.as_path()], &env);
    session.wait_for_within("Readiness", STARTUP_TIMEOUT);

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
    session.wait_for("1 of 26 shown");
    session.press(b'\r');
    session.press(b'd');
    session.wait_for("Delete \"Ultrasound cart\"?");
    session.press(b'y');
    session.wait_for("Asset deleted");

    session.press(b'q');
    let status = session.wait_for_exit();
    session.drain();
    assert!(status.success(), "exit {status:?}:\n{}", session.contents());

    // The change log shows each of those writes, and still verifies.
    let log = Command::new(BINARY)
        .args(["log", "show"])
        .arg(&workspace)
        .envs(env.clone())
        .output()
        .expect("log show");
    let log = String::from_utf8_lossy(&log.stdout);
    let tail: Vec<&str> = log.lines().rev().take(4).collect();
    let expected = ["delete asset", "create asset", "create role", "create person"];
    for (line, what) in tail.iter().zip(expected) {
        assert!(
            line.contains(what),
            "expected `{what}` in `{line}`; the log's last lines:\n{}",
            tail.join("\n")
        );
    }
    let verify = Command::new(BINARY)
        .args(["log", "verify"])
        .arg(&workspace)
        .envs(env)
        .output()
        .expect("log verify");
    assert!(verify.status.success(), "{}", String::from_utf8_lossy(&verify.stdout));
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
