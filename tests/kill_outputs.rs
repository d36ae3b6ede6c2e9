//! Killing the real binary while it writes a file: `export -o`, `report -o` and `new
//! --from` are killed with SIGKILL at random moments of their run. Afterwards only the old
//! file or the complete new one is ever found under the target's name (for `new --from`:
//! nothing, or a whole workspace whose log verifies), never a torn one. Each test also
//! asserts that some kills landed while the output was being written (its temporary left
//! beside the target), so the torn-write case is exercised for every kind of output.
//!
//! The moments are drawn from a fixed seed, so a failure repeats; set
//! `HIPAA_RA_CRASH_SEED` to try other ones.

use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[path = "support/kill.rs"]
mod kill;
use kill::{KILLED, Rng};

const KILLS: usize = 16;
/// How long every run pauses halfway through writing an output (see `kill_repeatedly`).
const WRITE_DELAY_MS: &str = "150";
const DEFAULT_SEED: u64 = 0x0DD_F11E_5AFE;

/// The real binary, quiet: only the files it leaves behind are judged.
fn command(dir: &Path) -> Command {
    let mut command = kill::command(dir);
    command.stdout(Stdio::null()).stderr(Stdio::null());
    command
}

fn rng() -> Rng {
    Rng::seeded(DEFAULT_SEED, "kill outputs")
}

/// How many of the kills landed where.
#[derive(Default)]
struct Kills {
    /// Kills that landed before the run had finished.
    all: usize,
    /// Kills that left the output's temporary beside the target: they landed while the
    /// output was being written, the moment the test is about.
    while_writing: usize,
}

/// The temporaries a run writing `target` leaves beside it when killed while writing
/// (`.NAME.PID-N.tmp`, with SQLite's `-journal`, `-wal` or `-shm` for a workspace).
fn temporaries(target: &Path) -> Vec<std::path::PathBuf> {
    let prefix = format!(".{}.", target.file_name().unwrap().to_string_lossy());
    let folder = target.parent().unwrap();
    std::fs::read_dir(folder)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(&prefix) && name.contains(".tmp"))
        .map(|name| folder.join(name))
        .collect()
}

/// Kills `child` as soon as the temporary of `target` appears (it is being written);
/// returns false when the run ended first.
fn kill_once_writing(child: &mut std::process::Child, target: &Path) -> bool {
    loop {
        if !temporaries(target).is_empty() {
            child.kill().unwrap();
            return true;
        }
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_micros(200));
    }
}

/// Runs `args` (which write `target`) again and again, killing most runs: one in three
/// the moment the output's temporary appears, the others at a random moment within a
/// typical run. `prepare` sets the target up before each run and `check` judges it after.
/// Every run pauses halfway through writing its output (`WRITE_DELAY_TEST_VARIABLE`), so
/// a kill can land inside the write however small the output; the test asserts that some
/// did, so the case it is about is never left untested.
fn kill_repeatedly(dir: &Path, args: &[&str], target: &Path, prepare: impl Fn(), check: impl Fn(bool)) -> Kills {
    let mut rng = rng();
    let mut clean_runs = vec![Duration::from_millis(50)];
    let mut kills = Kills::default();
    let mut run = 0;
    while kills.all < KILLS {
        assert!(run < KILLS * 8, "too few kills landed: {} in {run} runs", kills.all);
        prepare();
        let mut child = command(dir)
            .env(hipaa_ra::output::WRITE_DELAY_TEST_VARIABLE, WRITE_DELAY_MS)
            .args(args)
            .spawn()
            .unwrap();
        let spawned = Instant::now();
        let kill_at = match run % 6 {
            0 => None,
            1 | 4 => Some(None), // the moment the write begins
            _ => {
                // Half anywhere in a typical run, half near its end, where the file is written.
                let typical = clean_runs[clean_runs.len() / 2].as_micros() as u64;
                Some(Some(Duration::from_micros(match run % 2 {
                    0 => rng.below(typical * 5 / 4),
                    _ => typical * 4 / 5 + rng.below(typical / 4),
                })))
            }
        };
        match kill_at {
            None => {}
            Some(None) => {
                kill_once_writing(&mut child, target);
            }
            Some(Some(kill_at)) => {
                std::thread::sleep(kill_at);
                child.kill().unwrap();
            }
        }
        let status = child.wait().unwrap();
        let killed = status.signal() == Some(KILLED);
        if killed {
            kills.all += 1;
            let left = temporaries(target);
            kills.while_writing += usize::from(!left.is_empty());
            for temporary in left {
                std::fs::remove_file(temporary).unwrap();
            }
        } else {
            assert!(status.success(), "run {run} failed: {status}");
            assert!(temporaries(target).is_empty(), "a finished run left its temporary");
            if kill_at.is_none() {
                clean_runs.push(spawned.elapsed());
                clean_runs.sort();
            }
        }
        check(killed);
        run += 1;
    }
    eprintln!(
        "kill outputs: {args:?}: {} kills in {run} runs, {} of them while writing, typical run {:?}",
        kills.all,
        kills.while_writing,
        clean_runs[clean_runs.len() / 2]
    );
    assert!(
        kills.while_writing > 0,
        "no kill landed while {} was being written: the case is untested",
        target.display()
    );
    kills
}

fn demo(dir: &Path) -> String {
    let path = dir.join("demo.hra");
    let output = command(dir)
        .args(["demo", path.to_str().unwrap(), "--no-open"])
        .status()
        .unwrap();
    assert!(output.success());
    path.to_str().unwrap().to_string()
}

/// A command that replaces `target`: after every run the target holds the old bytes or
/// exactly the bytes of a complete run.
fn only_old_or_new(dir: &Path, args: &[&str], target: &Path) {
    let status = command(dir).args(args).status().unwrap();
    assert!(status.success());
    let new = std::fs::read(target).unwrap();
    let old = b"the previous output, still whole".to_vec();
    // After a kill: how often the old file was found, and how often the new one.
    let outcomes = std::cell::Cell::new((0, 0));
    let kills = kill_repeatedly(
        dir,
        args,
        target,
        || std::fs::write(target, &old).unwrap(),
        |killed| {
            let found = std::fs::read(target).expect("the target is never removed");
            if killed {
                let (olds, news) = outcomes.get();
                outcomes.set(if found == old {
                    (olds + 1, news)
                } else {
                    (olds, news + 1)
                });
            }
            assert!(
                found == old || found == new,
                "a torn file after a kill (killed: {killed}): {} bytes, expected {} or {}",
                found.len(),
                old.len(),
                new.len()
            );
        },
    );
    let (olds, news) = outcomes.get();
    eprintln!(
        "kill outputs: after the kills, {olds} old files and {news} new ones; {} kills while writing",
        kills.while_writing
    );
}

#[test]
fn a_killed_export_leaves_the_old_file_or_the_whole_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let workspace = demo(dir.path());
    let target = dir.path().join("export.json");
    only_old_or_new(
        dir.path(),
        &["export", &workspace, "-o", target.to_str().unwrap()],
        &target,
    );
}

#[test]
fn a_killed_report_leaves_the_old_file_or_the_whole_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let workspace = demo(dir.path());
    let target = dir.path().join("report.pdf");
    only_old_or_new(
        dir.path(),
        &[
            "report",
            &workspace,
            "-o",
            target.to_str().unwrap(),
            "--date",
            kill::clock::TODAY,
        ],
        &target,
    );
}

#[test]
fn a_killed_new_from_leaves_nothing_or_the_whole_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let workspace = demo(dir.path());
    let json = dir.path().join("export.json");
    let status = command(dir.path())
        .args(["export", &workspace, "-o", json.to_str().unwrap()])
        .status()
        .unwrap();
    assert!(status.success());
    let target = dir.path().join("copy.hra");
    let expected_assets: i64 = rusqlite::Connection::open(&workspace)
        .unwrap()
        .query_row("SELECT count(*) FROM assets", [], |row| row.get(0))
        .unwrap();
    let remove = || {
        for entry in std::fs::read_dir(dir.path()).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            if name.starts_with("copy.hra") || name.starts_with(".copy.hra") {
                std::fs::remove_file(dir.path().join(name)).unwrap();
            }
        }
    };
    kill_repeatedly(
        dir.path(),
        &[
            "new",
            target.to_str().unwrap(),
            "--from",
            json.to_str().unwrap(),
            "--no-open",
        ],
        &target,
        remove,
        |killed| {
            if !target.exists() {
                assert!(killed, "a run that finished left no workspace");
                return;
            }
            let verify = command(dir.path())
                .args(["log", "verify", target.to_str().unwrap()])
                .stdout(Stdio::piped())
                .output()
                .unwrap();
            assert!(
                verify.status.success(),
                "a workspace under the final name does not verify (killed: {killed})"
            );
            let assets: i64 = rusqlite::Connection::open(&target)
                .unwrap()
                .query_row("SELECT count(*) FROM assets", [], |row| row.get(0))
                .unwrap();
            assert_eq!(assets, expected_assets, "a half-restored workspace (killed: {killed})");
        },
    );
}
