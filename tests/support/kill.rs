//! What the kill tests share (crash_safety.rs, kill_outputs.rs): a seeded generator of
//! kill moments, so a failure repeats, and the real binary run with a home of its own.

use std::path::Path;
use std::process::{Command, Stdio};

#[path = "clock.rs"]
pub mod clock;

pub const BINARY: &str = env!("CARGO_BIN_EXE_hipaa-ra");
/// SIGKILL.
pub const KILLED: i32 = 9;

/// xorshift64*: small, deterministic and good enough to scatter kill times.
pub struct Rng(u64);

impl Rng {
    /// Seeded from `HIPAA_RA_CRASH_SEED` when set, else from `default`; the seed is
    /// printed so a failing run can be repeated.
    pub fn seeded(default: u64, test: &str) -> Rng {
        let seed = std::env::var("HIPAA_RA_CRASH_SEED")
            .ok()
            .and_then(|text| text.parse().ok())
            .unwrap_or(default);
        eprintln!("{test}: seed {seed} (set HIPAA_RA_CRASH_SEED to change)");
        Rng(seed | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound.max(1)
    }
}

/// The real binary with its home, data, config and state under `dir`, a fixed today and
/// no standard input.
pub fn command(dir: &Path) -> Command {
    let home = dir.join("home");
    let mut command = Command::new(BINARY);
    command
        .env("HOME", &home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("HIPAA_RA_TODAY", clock::TODAY)
        .stdin(Stdio::null());
    command
}
