//! Writes a large sample workspace, for benches, profiling and trying the program at size:
//!
//! ```text
//! cargo run --release --example generate -- PATH [--assets N] [--risks N] [--actions N] [--evidence N] [--years N] [--date YYYY-MM-DD]
//! ```
//!
//! Defaults are the large bench size (10,000 assets, 20,000 scenarios) and one year. With
//! `--years N`, N assessments, each carried forward from the one before with `assessment
//! next` and worked through (see `hipaa_ra::sample_history`), the last started on the date.
//! PATH must not exist.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use chrono::NaiveDate;
use hipaa_ra::sample::SampleSize;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("generate: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let mut size = SampleSize::LARGE;
    let mut years = 1;
    let mut today = chrono::Local::now().date_naive();
    let mut path: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        let count = |text: String| text.parse::<usize>().map_err(|error| format!("{text}: {error}"));
        match arg.as_str() {
            "--assets" => size.assets = count(value("--assets")?)?,
            "--risks" => size.risks = count(value("--risks")?)?,
            "--actions" => size.actions = count(value("--actions")?)?,
            "--evidence" => size.evidence = count(value("--evidence")?)?,
            "--years" => match count(value("--years")?)? {
                0 => return Err("--years must be at least 1".to_string()),
                number => years = number,
            },
            "--date" => {
                let text = value("--date")?;
                today = NaiveDate::parse_from_str(&text, "%Y-%m-%d").map_err(|error| format!("{text}: {error}"))?;
            }
            "-h" | "--help" => {
                println!(
                    "usage: generate PATH [--assets N] [--risks N] [--actions N] [--evidence N] [--years N] [--date YYYY-MM-DD]"
                );
                return Ok(());
            }
            other if path.is_none() && !other.starts_with('-') => path = Some(PathBuf::from(other)),
            other => return Err(format!("unexpected argument `{other}` (try --help)")),
        }
    }
    let path = path.ok_or("give the path of the workspace to write (try --help)")?;
    let started = Instant::now();
    hipaa_ra::sample_history::create(&path, &size, years, today).map_err(|error| error.to_string())?;
    println!(
        "Wrote {} ({} year{}; the first year {} assets, {} scenarios, {} actions, {} evidence records) in {:.1?}",
        path.display(),
        years,
        if years == 1 { "" } else { "s" },
        size.assets,
        size.risks,
        size.actions,
        size.evidence,
        started.elapsed()
    );
    Ok(())
}
