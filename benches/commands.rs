//! The commands a user waits for, run as the user runs them (the real `hipaa-ra` binary
//! built with these benches, so a figure includes starting the process, a millisecond or
//! two), at the three sample sizes, each beside its SQLite yardstick measured in the same
//! run (see `support`):
//!
//! | bench | the command | its yardstick |
//! |---|---|---|
//! | `risks_export/<size>` | `hipaa-ra risks export FILE --output OUT.csv` | the register query to CSV text |
//! | `report/<size>` | `hipaa-ra report FILE --output OUT.pdf` | the same register query |
//! | `import/<size>` | `hipaa-ra assets import COPY ASSETS.csv` (10,000 rows) | the CSV into a new table, one prepared INSERT, one transaction |
//! | `log_verify/<size>` | `hipaa-ra log verify FILE` | every data table and the log hashed (SHA-256) |
//! | `assessment_next/<size>` | `hipaa-ra assessment next COPY` | the latest year's rows copied with INSERT ... SELECT |
//!
//! `<size>` is `small`, `large` or `large_5y` (`import` also `new`, an empty workspace, the
//! issue's first figure); a command that writes runs on a fresh copy of the workspace,
//! made (and removed) outside the timing. Run with `cargo bench --bench commands` (add a
//! filter, e.g. `-- /large_5y`); `cargo run --example bench_table` prints the medians and
//! ratios afterwards.

mod support;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{BenchmarkGroup, Criterion, SamplingMode, criterion_group, criterion_main, measurement::WallTime};

/// Ten samples of one run each (flat sampling): at the large sizes a run takes about a
/// second, on a shared machine.
fn group<'a>(c: &'a mut Criterion, name: &str) -> BenchmarkGroup<'a, WallTime> {
    let mut group = c.benchmark_group(name);
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(5));
    group
}

/// Times `run` on a fresh copy of each sample, the copy made and removed untimed.
fn on_copies(b: &mut criterion::Bencher<'_>, source: &Path, run: impl Fn(&Path)) {
    b.iter_custom(|iterations| {
        let mut spent = Duration::ZERO;
        for _ in 0..iterations {
            let copy = support::copy(source);
            let started = Instant::now();
            run(&copy);
            spent += started.elapsed();
            support::remove(&copy);
        }
        spent
    });
}

fn output(name: &str) -> PathBuf {
    support::dir().join(name)
}

fn risks_export(c: &mut Criterion) {
    let mut group = group(c, "risks_export");
    for size in support::SIZES {
        let out = output(&format!("register-{size}.csv"));
        group.bench_function(size, |b| {
            let path = support::workspace(size);
            b.iter(|| {
                support::hipaa_ra(&[
                    OsStr::new("risks"),
                    OsStr::new("export"),
                    path.as_os_str(),
                    OsStr::new("--output"),
                    out.as_os_str(),
                ])
            });
        });
    }
    group.finish();
    let mut group = self::group(c, "yardstick_risks_export");
    for size in support::SIZES {
        let out = output(&format!("register-yardstick-{size}.csv"));
        group.bench_function(size, |b| {
            let path = support::workspace(size);
            b.iter(|| support::register_to_csv(&path, &out))
        });
    }
    group.finish();
}

fn report(c: &mut Criterion) {
    let mut group = group(c, "report");
    for size in support::SIZES {
        let out = output(&format!("report-{size}.pdf"));
        group.bench_function(size, |b| {
            let path = support::workspace(size);
            b.iter(|| {
                support::hipaa_ra(&[
                    OsStr::new("report"),
                    path.as_os_str(),
                    OsStr::new("--output"),
                    out.as_os_str(),
                ])
            });
        });
    }
    group.finish();
    // The same query as `risks export`'s yardstick, under the report's name for the table.
    let mut group = self::group(c, "yardstick_report");
    for size in support::SIZES {
        let out = output(&format!("report-yardstick-{size}.csv"));
        group.bench_function(size, |b| {
            let path = support::workspace(size);
            b.iter(|| support::register_to_csv(&path, &out))
        });
    }
    group.finish();
}

/// An empty workspace, made untimed, for `import/new`.
fn empty_workspace() -> PathBuf {
    static EMPTY: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    EMPTY
        .get_or_init(|| {
            let path = support::dir().join("new.hra");
            hipaa_ra::store::Store::create(&path, "Import target", "Bench", support::today()).expect("a new workspace");
            path
        })
        .clone()
}

/// The workspace `import/<size>` imports into: an empty one for `new`, else the sample.
fn import_target(size: &str) -> PathBuf {
    match size {
        "new" => empty_workspace(),
        size => support::workspace(size),
    }
}

fn import(c: &mut Criterion) {
    let targets = std::iter::once("new").chain(support::SIZES);
    let mut group = group(c, "import");
    for size in targets.clone() {
        group.bench_function(size, |b| {
            let (source, csv) = (import_target(size), support::import_csv());
            on_copies(b, &source, |copy| {
                support::hipaa_ra(&[
                    OsStr::new("assets"),
                    OsStr::new("import"),
                    copy.as_os_str(),
                    csv.as_os_str(),
                ])
            });
        });
    }
    group.finish();
    let mut group = self::group(c, "yardstick_import");
    for size in targets {
        group.bench_function(size, |b| {
            let (source, csv) = (import_target(size), support::import_csv());
            on_copies(b, &source, |copy| {
                assert_eq!(support::import_csv_into(copy, csv), 10_000);
            });
        });
    }
    group.finish();
}

fn log_verify(c: &mut Criterion) {
    let mut group = group(c, "log_verify");
    for size in support::SIZES {
        group.bench_function(size, |b| {
            let path = support::workspace(size);
            b.iter(|| support::hipaa_ra(&[OsStr::new("log"), OsStr::new("verify"), path.as_os_str()]));
        });
    }
    group.finish();
    let mut group = self::group(c, "yardstick_log_verify");
    for size in support::SIZES {
        group.bench_function(size, |b| {
            let path = support::workspace(size);
            b.iter(|| support::hash_data_and_log(&path))
        });
    }
    group.finish();
}

fn assessment_next(c: &mut Criterion) {
    let mut group = group(c, "assessment_next");
    for size in support::SIZES {
        group.bench_function(size, |b| {
            let path = support::workspace(size);
            on_copies(b, &path, |copy| {
                support::hipaa_ra(&[OsStr::new("assessment"), OsStr::new("next"), copy.as_os_str()])
            });
        });
    }
    group.finish();
    let mut group = self::group(c, "yardstick_assessment_next");
    for size in support::SIZES {
        group.bench_function(size, |b| {
            let path = support::workspace(size);
            on_copies(b, &path, support::copy_latest_year)
        });
    }
    group.finish();
}

criterion_group!(benches, risks_export, report, import, log_verify, assessment_next);
criterion_main!(benches);
