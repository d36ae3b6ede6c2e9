//! The real binary in a sandbox, for the command-line tests: a private home (so no key,
//! setting or default demo of the user's is touched), a fixed date, the sandbox as the
//! working directory, no terminal on standard input and no signing password in the
//! environment unless a test gives one. Shared by every file that runs `hipaa-ra`.

#![allow(dead_code)] // each test file uses part of it

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

// Each support module that needs the date loads it; a test may use two of them.
#[allow(clippy::duplicate_mod)]
#[path = "clock.rs"]
pub mod clock;
pub use clock::TODAY;

pub struct Sandbox {
    pub dir: tempfile::TempDir,
    /// `HIPAA_RA_KEY_PASSWORD` for every run, when set (an empty one: an unencrypted key).
    key_password: Option<&'static str>,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        Sandbox {
            dir: tempfile::tempdir().unwrap(),
            key_password: None,
        }
    }

    /// Every run gets this signing password in its environment.
    pub fn with_key_password(password: &'static str) -> Sandbox {
        Sandbox {
            key_password: Some(password),
            ..Sandbox::new()
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `program` (hipaa-ra, or a wrapper that runs it) in the sandbox's environment.
    pub fn command(&self, program: &str) -> Command {
        let home = self.path("home");
        let mut command = Command::new(program);
        command
            .current_dir(self.dir.path())
            .stdin(Stdio::null())
            .env("HOME", &home)
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_STATE_HOME", home.join("state"))
            .env("HIPAA_RA_TODAY", TODAY)
            .env_remove("HIPAA_RA_KEY_PASSWORD");
        if let Some(password) = self.key_password {
            command.env("HIPAA_RA_KEY_PASSWORD", password);
        }
        command
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command(env!("CARGO_BIN_EXE_hipaa-ra"))
            .args(args)
            .output()
            .unwrap()
    }

    /// Runs and expects success, handing back standard output.
    pub fn ok(&self, args: &[&str]) -> String {
        let output = self.run(args);
        assert!(
            output.status.success(),
            "{args:?}: {}{}",
            stdout(&output),
            stderr(&output)
        );
        stdout(&output)
    }

    /// Runs and expects one line on standard error and exit 1, handing back the line.
    pub fn refused(&self, args: &[&str]) -> String {
        let output = self.run(args);
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {message}");
        assert_eq!(message.lines().count(), 1, "{args:?}: {message}");
        message
    }

    /// The demo workspace, written by the binary as a user would.
    pub fn demo(&self) -> String {
        let path = self.path("demo.hra");
        self.ok(&["demo", path.to_str().unwrap(), "--no-open"]);
        path.to_str().unwrap().to_string()
    }

    pub fn new_workspace(&self, name: &str) -> String {
        let path = self.path(name);
        self.ok(&["new", path.to_str().unwrap(), "--org", "Test", "--no-open"]);
        path.to_str().unwrap().to_string()
    }
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}
