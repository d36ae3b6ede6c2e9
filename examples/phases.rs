use std::time::Instant;
use hipaa_ra::store::Store;
fn main() {
    let path = std::path::PathBuf::from(std::env::args().nth(1).unwrap());
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let t = Instant::now();
    let store = Store::open_for_reading(&path).unwrap();
    eprintln!("open_for_reading (integrity): {:?}", t.elapsed());
    let t = Instant::now();
    let _ = store.verify_change_log().unwrap();
    eprintln!("chain: {:?}", t.elapsed());
    let t = Instant::now();
    let _ = store.check_data().unwrap();
    eprintln!("check_data: {:?}", t.elapsed());
    let t = Instant::now();
    let ws = store.snapshot().unwrap();
    eprintln!("snapshot: {:?}", t.elapsed());
    let t = Instant::now();
    let f = hipaa_ra::domain::findings(&ws, hipaa_ra::catalog::Catalog::embedded(), today);
    eprintln!("findings: {:?} ({})", t.elapsed(), f.len());
    let t = Instant::now();
    let log = hipaa_ra::report::LogSummary { entries: 0, last_hash: String::new() };
    let m = hipaa_ra::report::build(&ws, hipaa_ra::catalog::Catalog::embedded(), &log, today, None);
    eprintln!("build: {:?}", t.elapsed());
    let t = Instant::now();
    let mut out = Vec::new();
    hipaa_ra::report::write_register_csv(&mut out, &m).unwrap();
    eprintln!("register csv: {:?}", t.elapsed());
}
