//! Driving the real `hipaa-ra` binary in a pseudo-terminal: a `Session` that writes keys
//! and reads the screen through a vt100 parser, with waits for text to appear.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc::{Receiver, RecvTimeoutError, TryRecvError, channel};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

pub const BINARY: &str = env!("CARGO_BIN_EXE_hipaa-ra");
pub const ROWS: u16 = 24;
pub const COLS: u16 = 80;
/// How long any one expected change may take (a debug build on a slow CI machine).
pub const TIMEOUT: Duration = Duration::from_secs(10);
/// The first frame also waits for the workspace to open.
pub const STARTUP_TIMEOUT: Duration = Duration::from_secs(20);
/// How often a wait re-checks its deadline while no output arrives.
pub const POLL: Duration = Duration::from_millis(50);
/// How long the output must be quiet before a screen that is not known to be at a frame's
/// end counts as complete.
pub const SETTLE: Duration = Duration::from_millis(300);
/// DECTCEM off: ratatui writes it after every frame that places no cursor.
pub const HIDE_CURSOR: &[u8] = b"\x1b[?25l";

/// The environment every child runs in: everything it could write goes under `root`.
pub fn environment(root: &Path) -> Vec<(String, String)> {
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
    env.push(("HIPAA_RA_TODAY".to_string(), super::TODAY.to_string()));
    env.push(("TERM".to_string(), "xterm-256color".to_string()));
    env
}

/// Writes the demo workspace under `root` with the binary itself, as a user would.
pub fn write_demo(root: &Path, env: &[(String, String)]) -> PathBuf {
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
pub struct Session {
    pub parser: vt100::Parser,
    /// Every byte the program wrote, for checks the parsed screen cannot answer.
    pub raw: Vec<u8>,
    output: Receiver<Vec<u8>>,
    reader: Option<JoinHandle<()>>,
    writer: Option<Box<dyn Write + Send>>,
    pub child: Box<dyn Child + Send + Sync>,
    /// Kept open until the child has exited: closing it early would hang up on the child.
    master: Option<Box<dyn MasterPty + Send>>,
}

impl Session {
    pub fn spawn(args: &[&Path], env: &[(String, String)]) -> Session {
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

    pub fn feed(&mut self, chunk: &[u8]) {
        self.parser.process(chunk);
        self.raw.extend_from_slice(chunk);
    }

    pub fn contents(&self) -> String {
        self.parser.screen().contents()
    }

    /// The top row of the screen, where the frame borders carry their titles.
    pub fn top_row(&self) -> String {
        self.parser.screen().rows(0, COLS).next().unwrap_or_default()
    }

    /// Whether the output so far ends on a frame boundary. Ratatui ends every frame that
    /// places no cursor by hiding the cursor, after the frame's last cell.
    pub fn at_frame_end(&self) -> bool {
        self.raw.ends_with(HIDE_CURSOR)
    }

    /// Takes in output until `done` holds for a whole frame, panicking after `timeout` with
    /// the screen as it stands. A frame arrives in several writes (stdout is line
    /// buffered), so a half-drawn screen can mix the new screen with the old one: `done`
    /// counts only at the end of a frame, or once the output has been quiet for `SETTLE`.
    pub fn pump_until(&mut self, what: &str, timeout: Duration, done: impl Fn(&Session) -> bool) {
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

    pub fn wait_for_within(&mut self, text: &str, timeout: Duration) {
        self.pump_until(&format!("{text:?}"), timeout, |session| {
            session.contents().contains(text)
        });
    }

    pub fn wait_for(&mut self, text: &str) {
        self.wait_for_within(text, TIMEOUT);
    }

    pub fn wait_until_gone(&mut self, text: &str) {
        self.wait_until_gone_within(text, TIMEOUT);
    }

    pub fn wait_until_gone_within(&mut self, text: &str, timeout: Duration) {
        self.pump_until(&format!("{text:?} to disappear"), timeout, |session| {
            !session.contents().contains(text)
        });
    }

    /// Waits for the data check the first frame does not wait for (the status bar's
    /// "checking…"): until it passes, the keys that write are answered with a refusal.
    pub fn wait_until_checked(&mut self) {
        self.wait_until_gone_within("checking…", STARTUP_TIMEOUT);
    }

    /// Waits for a screen's title in the main frame's top border. (The sidebar lists every
    /// screen's name, so the whole screen would always contain it.)
    pub fn wait_for_title(&mut self, name: &str) {
        let title = format!(" {name} ");
        self.pump_until(&format!("the title {title:?} in the top border"), TIMEOUT, |session| {
            session.top_row().contains(&title)
        });
    }

    /// Opens one of the program's screens: `9` opens the first (Workforce), and again the
    /// next, so it is pressed until the screen's title shows (at most once per screen).
    pub fn go_to_program_screen(&mut self, name: &str) {
        let title = format!(" {name} ");
        for _ in 0..12 {
            let before = self.top_row();
            self.press(b'9');
            self.pump_until("the next program screen's title", TIMEOUT, |session| {
                session.top_row() != before
            });
            if self.top_row().contains(&title) {
                return;
            }
        }
        panic!("pressing 9 never showed the title {title:?}");
    }

    pub fn press(&mut self, key: u8) {
        let writer = self.writer.as_mut().expect("the pty writer is open");
        writer.write_all(&[key]).expect("write a key to the pty");
        writer.flush().expect("flush the pty writer");
    }

    /// Waits for the child to exit, killing it (and failing) if it takes too long.
    pub fn wait_for_exit(&mut self) -> portable_pty::ExitStatus {
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
    pub fn drain(&mut self) {
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

impl Session {
    pub fn type_text(&mut self, text: &str) {
        for byte in text.bytes() {
            self.press(byte);
        }
    }

    /// Writes a key's whole escape sequence at once: sent byte by byte, a terminal reader
    /// may take the lone ESC for the Escape key.
    pub fn send_sequence(&mut self, bytes: &[u8]) {
        let writer = self.writer.as_mut().expect("the pty writer is open");
        writer.write_all(bytes).expect("write a key sequence to the pty");
        writer.flush().expect("flush the pty writer");
    }
}

pub const RIGHT_ARROW: &[u8] = b"\x1b[C";

/// The demo written under a fresh temporary root and opened in the TUI, past its first
/// frame: the temporary root (keep it alive), the environment, the workspace file and
/// the session.
pub fn open_demo() -> (tempfile::TempDir, Vec<(String, String)>, PathBuf, Session) {
    let temp = tempfile::tempdir().expect("create a temp dir");
    let env = environment(temp.path());
    let workspace = write_demo(temp.path(), &env);
    let mut session = Session::spawn(&[workspace.as_path()], &env);
    session.wait_for_within("Readiness", STARTUP_TIMEOUT);
    session.wait_until_checked();
    (temp, env, workspace, session)
}

impl Session {
    /// Presses q and checks the program ends cleanly, reading its last output.
    pub fn quit(&mut self) {
        self.press(b'q');
        let status = self.wait_for_exit();
        self.drain();
        assert!(status.success(), "exit {status:?}:\n{}", self.contents());
    }
}
