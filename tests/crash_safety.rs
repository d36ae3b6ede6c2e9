//! Crash safety of the real binary: `hipaa-ra assets import` runs in a loop on one
//! workspace and is killed with SIGKILL at random moments (before, during and after its
//! transaction). After every kill the workspace must pass SQLite's integrity check, its
//! change log must verify, every import the program had reported ("Imported N assets ...")
//! must be there in full, and the interrupted one must be there in full or not at all.
//! The next import must then run normally: a killed process leaves no stale lock.
//!
//! The moments are drawn from a fixed seed, so a failure repeats; set
//! `HIPAA_RA_CRASH_SEED` to try other ones.

use std::collections::BTreeMap;
use std::io::Read;
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

#[path = "support/kill.rs"]
mod kill;
use kill::{KILLED, Rng, command};

const KILLS: usize = 60;
const DEFAULT_SEED: u64 = 0x5EED_0FC0_FFEE;

/// A CSV of `rows` assets named `batch{batch}-row{j}`, with notes long enough that the
/// transaction takes a while to write.
fn batch_csv(batch: usize, rows: usize, rng: &mut Rng) -> String {
    let mut text = String::from("name,kind,location,notes\n");
    for row in 0..rows {
        let note_length = rng.below(400) as usize;
        let note: String = "Ωμέγα note, \"quoted\" — ".chars().cycle().take(note_length).collect();
        text.push_str(&format!(
            "{},workstation,Room {row},\"{}\"\n",
            name(batch, row),
            note.replace('"', "\"\"")
        ));
    }
    text
}

fn name(batch: usize, row: usize) -> String {
    format!("batch{batch:03}-row{row:03}")
}

/// Asset counts by batch, read straight from the file with SQLite, after checking the
/// file's integrity.
fn batches_in(workspace: &Path) -> BTreeMap<usize, usize> {
    let conn = rusqlite::Connection::open(workspace).unwrap();
    let check: String = conn.query_row("PRAGMA integrity_check", [], |row| row.get(0)).unwrap();
    assert_eq!(check, "ok", "integrity_check after a kill");
    let mut counts = BTreeMap::new();
    let mut statement = conn.prepare("SELECT name FROM assets").unwrap();
    let names = statement.query_map([], |row| row.get::<_, String>(0)).unwrap();
    for name in names {
        let name = name.unwrap();
        let batch: usize = name["batch".len()..name.find('-').unwrap()].parse().unwrap();
        *counts.entry(batch).or_default() += 1;
    }
    counts
}

#[test]
fn killing_imports_at_random_moments_loses_nothing_reported_as_saved() {
    let mut rng = Rng::seeded(DEFAULT_SEED, "crash safety");
    let dir = tempfile::tempdir().unwrap();
    let workspace = dir.path().join("clinic.hra");
    let created = command(dir.path())
        .args(["new", workspace.to_str().unwrap(), "--org", "Crash Clinic", "--no-open"])
        .output()
        .unwrap();
    assert!(created.status.success(), "{}", String::from_utf8_lossy(&created.stderr));

    // rows imported by each batch that reported success.
    let mut reported: BTreeMap<usize, usize> = BTreeMap::new();
    let mut kills = 0;
    let mut completed = 0;
    let mut interrupted_but_saved = 0;
    // How long uninterrupted imports take, to spread the kills over a typical run: the
    // median, so one slow run on a loaded machine does not push the kills past the end.
    let mut clean_runs = vec![Duration::from_millis(50)];
    let started = Instant::now();
    let mut batch = 0;
    while kills < KILLS {
        assert!(batch < KILLS * 8, "too few kills landed: {kills} in {batch} runs");
        let rows = 1 + rng.below(60) as usize;
        let csv = dir.path().join(format!("batch{batch:03}.csv"));
        std::fs::write(&csv, batch_csv(batch, rows, &mut rng)).unwrap();
        let mut child = command(dir.path())
            .args(["assets", "import", workspace.to_str().unwrap(), csv.to_str().unwrap()])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let spawned = Instant::now();
        // A few runs go uninterrupted, to learn how long a run takes and to prove that the
        // next run after a kill works normally.
        let kill_at = if batch % 8 == 0 {
            None
        } else {
            let typical = clean_runs[clean_runs.len() / 2];
            Some(Duration::from_micros(rng.below(typical.as_micros() as u64 * 5 / 4)))
        };
        if let Some(kill_at) = kill_at {
            std::thread::sleep(kill_at);
            child.kill().unwrap();
        }
        let status = child.wait().unwrap();
        let mut stdout = String::new();
        child.stdout.take().unwrap().read_to_string(&mut stdout).unwrap();
        let mut stderr = String::new();
        child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
        let was_killed = status.signal() == Some(KILLED);
        if was_killed {
            kills += 1;
        } else {
            assert!(
                status.success(),
                "batch {batch}: the import failed ({status}): {stderr}"
            );
            if kill_at.is_none() {
                // Only a run that was never to be killed says how long a run takes: one
                // that beat its kill took at least as long as the wait.
                clean_runs.push(spawned.elapsed());
                clean_runs.sort();
            }
            completed += 1;
        }
        let said_saved = stdout.starts_with(&format!("Imported {rows} assets from "));
        if said_saved {
            reported.insert(batch, rows);
        } else {
            assert!(was_killed, "batch {batch}: finished without saying so: {stdout}");
        }

        // The real program reopens the file first (recovering the WAL), as a user would.
        let verify = command(dir.path())
            .args(["log", "verify", workspace.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(
            verify.status.success(),
            "batch {batch}: log verify after the kill: {}{}",
            String::from_utf8_lossy(&verify.stdout),
            String::from_utf8_lossy(&verify.stderr)
        );
        let found = batches_in(&workspace);
        for (saved, count) in &reported {
            assert_eq!(
                found.get(saved),
                Some(count),
                "batch {saved} was reported saved but is not all there (after batch {batch})"
            );
        }
        match found.get(&batch) {
            None => {}
            // Killed after the commit but before the message: saved, just not said.
            Some(&count) if count == rows && !said_saved => {
                interrupted_but_saved += 1;
                reported.insert(batch, rows);
            }
            Some(&count) if count == rows => {}
            Some(&count) => panic!("batch {batch}: half imported ({count} of {rows} rows)"),
        }
        batch += 1;
        if batch % 10 == 0 {
            eprintln!("crash safety: {batch} runs, {kills} kills, {:?}", started.elapsed());
        }
    }
    eprintln!(
        "crash safety: {kills} kills, {completed} whole runs, {} imports saved ({interrupted_but_saved} \
         killed after the commit), typical run {:?}, {:?} in all",
        reported.len(),
        clean_runs[clean_runs.len() / 2],
        started.elapsed()
    );
}
