//! Where the report's memory goes, phase by phase: the heap in use after each step of
//! `hipaa-ra report` (open, change-log check, data check, snapshot, model, PDF) and the
//! highest it reached within the step, counted by a global allocator wrapper.
//!
//! ```text
//! cargo run --release --example report_memory -- PATH [--date YYYY-MM-DD]
//! ```
//!
//! The heap is what the program asked for; the resident size `/usr/bin/time -v` reports
//! adds the binary, the allocator's own overhead and fragmentation (about 10 to 15 MB).

use std::alloc::{GlobalAlloc, Layout, System};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::NaiveDate;
use hipaa_ra::catalog::Catalog;
use hipaa_ra::report::{self, LogSummary, Paper};
use hipaa_ra::store::Store;

struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed through to the system allocator unchanged; the wrapper
// only counts sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let pointer = unsafe { System.alloc(layout) };
        if !pointer.is_null() {
            grew(layout.size());
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        unsafe { System.dealloc(pointer, layout) };
        IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let moved = unsafe { System.realloc(pointer, layout, new_size) };
        if !moved.is_null() {
            IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
            grew(new_size);
        }
        moved
    }
}

fn grew(size: usize) {
    let now = IN_USE.fetch_add(size, Ordering::Relaxed) + size;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

static LAST: std::sync::Mutex<Option<std::time::Instant>> = std::sync::Mutex::new(None);

/// Prints the heap now and the highest since the last phase, in MB, and the phase's
/// time, then starts the next.
fn phase(name: &str) {
    let mb = |bytes: usize| bytes as f64 / 1e6;
    let now = IN_USE.load(Ordering::Relaxed);
    let took = match LAST.lock() {
        Ok(mut last) => {
            let took = last.map(|at| at.elapsed().as_secs_f64() * 1000.0).unwrap_or_default();
            *last = Some(std::time::Instant::now());
            took
        }
        Err(_) => 0.0,
    };
    println!(
        "{name:<28} in use {:7.1} MB   peak within {:7.1} MB   {took:7.1} ms",
        mb(now),
        mb(PEAK.swap(now, Ordering::Relaxed))
    );
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: report_memory PATH [--date YYYY-MM-DD]");
        return ExitCode::FAILURE;
    };
    let date = match (args.next().as_deref(), args.next()) {
        (Some("--date"), Some(text)) => match NaiveDate::parse_from_str(&text, "%Y-%m-%d") {
            Ok(date) => date,
            Err(error) => {
                eprintln!("{text}: {error}");
                return ExitCode::FAILURE;
            }
        },
        _ => chrono::Local::now().date_naive(),
    };
    match run(&path, date) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("report_memory: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run(path: &str, date: NaiveDate) -> Result<(), Box<dyn std::error::Error>> {
    phase("start");
    let store = Store::open_for_reading(std::path::Path::new(path))?;
    phase("open");
    store.verify_change_log()?;
    phase("change log verified");
    store.check_data()?;
    phase("data checked");
    let workspace = store.snapshot()?;
    phase("snapshot");
    let findings = hipaa_ra::domain::findings(&workspace, Catalog::embedded(), date);
    phase("findings (alone)");
    drop(findings);
    phase("findings dropped");
    let log = LogSummary {
        entries: 0,
        last_hash: String::new(),
    };
    let model = report::build(&workspace, Catalog::embedded(), &log, date, None);
    phase("model built");
    drop(workspace);
    phase("snapshot dropped");
    let started = std::time::Instant::now();
    let mut csv = Vec::new();
    report::write_register_csv(&mut csv, &model)?;
    let written = started.elapsed();
    phase("register CSV in memory");
    // What compressing it costs, as the model's annex does (and so `risks export`, which
    // builds the same model).
    let started = std::time::Instant::now();
    let mut deflate = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut deflate, &csv)?;
    let deflated = deflate.finish()?;
    println!(
        "  register CSV: {} bytes written in {written:?}, {} compressed in {:?}",
        csv.len(),
        deflated.len(),
        started.elapsed()
    );
    drop((csv, deflated));
    // As `hipaa-ra report` does for an unsigned PDF (`publish::prepare`): the findings by
    // rule, not every one.
    let full_findings = model.findings.len();
    let mut model = model;
    model.keep_for_pdf();
    phase("findings kept for the PDF");
    println!(
        "  findings: {full_findings}, kept {}",
        model
            .findings_by_rule()
            .iter()
            .map(|rule| rule.listed.len())
            .sum::<usize>()
    );
    let pdf = report::render_pdf(&model, Paper::Letter);
    phase("PDF rendered");
    println!("PDF {} bytes", pdf.len());
    drop(pdf);
    phase("PDF dropped");
    // The model's largest parts, by what dropping each frees.
    macro_rules! part {
        ($($field:ident),*) => {$(
            drop(std::mem::take(&mut model.$field));
            phase(concat!("  model.", stringify!($field)));
        )*};
    }
    part!(
        findings,
        printed_findings,
        scenarios,
        register,
        annexes,
        assets,
        plan,
        vendors,
        accepted_risks,
        missing,
        grouping
    );
    drop(model);
    phase("rest of the model");
    Ok(())
}
