//! Times what `f` on the Policies screen does with the largest document it takes (20 MB,
//! read on the UI thread, see tui/screens/policies/files.rs): reading the file safely,
//! storing it in one write (change log included), and listing the register afterwards
//! (which must not read the stored bytes). Medians of a few runs on a fresh workspace in
//! a temporary folder.
//!
//! `cargo run --release --example policy_file_attach -- [RUNS]`

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use hipaa_ra::domain::policy::{Policy, PolicyVersion};
use hipaa_ra::store::Store;

const SIZE: usize = 20 * 1024 * 1024;

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let runs: usize = std::env::args().nth(1).and_then(|runs| runs.parse().ok()).unwrap_or(5);
    let today = NaiveDate::from_ymd_opt(2026, 12, 5).expect("a date");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let document = dir.path().join("policy.pdf");
    // Not all one byte: a compressible file would flatter nothing here, but be honest.
    let bytes: Vec<u8> = (0..SIZE)
        .map(|at| (at.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(&document, &bytes).expect("write the document");
    let (mut reading, mut storing, mut listing) = (Vec::new(), Vec::new(), Vec::new());
    for run in 0..runs {
        let mut store =
            Store::create(&dir.path().join(format!("w{run}.hra")), "Clinic", "Ana", today).expect("a workspace");
        let policy = Policy {
            title: "Access control".into(),
            ..Policy::default()
        };
        let first = PolicyVersion {
            number: "1".into(),
            effective: Some(today),
            created: Some(today),
            ..PolicyVersion::default()
        };
        let id = store.add_policy(&policy, &first, None).expect("a policy");
        let version_id = store.policy_register().expect("the register").versions_of(id)[0].id;

        let start = Instant::now();
        let read = hipaa_ra::input::read_regular_file(&document, SIZE as u64, "").expect("read");
        reading.push(start.elapsed());
        let start = Instant::now();
        store
            .attach_policy_version_file(version_id, "policy.pdf", &read)
            .expect("stored");
        storing.push(start.elapsed());
        let start = Instant::now();
        let register = store.policy_register().expect("the register");
        listing.push(start.elapsed());
        assert_eq!(register.versions[0].file_size, Some(SIZE as u64));
    }
    println!(
        "20 MB policy document, median of {runs}: read {:?}, stored {:?}, register listed after {:?}",
        median(reading),
        median(storing),
        median(listing)
    );
}
