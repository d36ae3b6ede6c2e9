//! What a user waits for in the program, at a small practice's size (200 assets, 150
//! scenarios) and a large one (10,000 assets, 20,000 scenarios): opening a workspace to its
//! first frame and to its finished data check (also with five years of history,
//! `large_5y`, each beside a SQLite yardstick), one key press handled and redrawn, a
//! 10,000-row CSV import, the report (model and PDF), and the findings. The commands'
//! figures (exports, report, import, `log verify`, `assessment next`) are in `commands.rs`.
//!
//! Run with `cargo bench --bench workbench` (add a name to filter, e.g. `-- key/large`).
//! The sample workspaces are generated once per run into a temporary directory; only the
//! measured step is timed. Targets (README, Performance): first frame < 100 ms, key
//! press < 10 ms, import < 1 s, PDF < 5 s.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use criterion::measurement::WallTime;
use criterion::{BatchSize, BenchmarkGroup, Criterion, SamplingMode, criterion_group, criterion_main};
use hipaa_ra::report::{self, Paper};
use hipaa_ra::store::Store;
use hipaa_ra::tui::{Action, App, Screen, Theme, draw};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

mod support;

const WIDTH: u16 = 120;
const HEIGHT: u16 = 40;

fn today() -> NaiveDate {
    support::today()
}

/// The two sample workspaces the older benches measure (the commands' benches add
/// `large_5y`), generated once per run (see `support`), and the 10,000-row CSV.
struct Fixture {
    dir: PathBuf,
    sizes: Vec<(&'static str, PathBuf)>,
    /// 10,000 inventory rows as the exchange writer writes them.
    csv: Vec<u8>,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: std::sync::OnceLock<Fixture> = std::sync::OnceLock::new();
    FIXTURE.get_or_init(|| Fixture {
        dir: support::dir().to_path_buf(),
        sizes: ["small", "large"]
            .into_iter()
            .map(|size| (size, support::workspace(size)))
            .collect(),
        csv: std::fs::read(support::import_csv()).expect("the CSV"),
    })
}

fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("a test terminal")
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// As `hipaa-ra FILE` opens a workspace: the first look at once, the snapshot, findings
/// and views loading on one thread and the data check running on another
/// (`Store::open_deferred_first_look`, `App::opening`; dropping the app gives both up).
fn open_app(path: &Path) -> App {
    let (store, first_look, check) = Store::open_deferred_first_look(path).expect("the workspace");
    let mut app = App::opening(store, first_look, today(), Theme::COLOR);
    app.watch_check(check);
    app
}

/// `open_app`, then the wait for the load: the screens as the user works in them.
fn open_loaded_app(path: &Path) -> App {
    let mut app = open_app(path);
    app.wait_for_load();
    app
}

/// The first frame: `open_app` then the dashboard drawn, as `hipaa-ra FILE` does.
fn draw_first_frame(app: &App) {
    let mut terminal = terminal();
    terminal.draw(|frame| draw(frame, app)).expect("a frame");
    black_box(terminal);
}

/// As `hipaa-ra FILE` opens a workspace and has its data check finished and its data
/// loaded: `open_app`, then the wait for the load and the check's verdict.
fn open_and_wait_for_check(path: &Path) -> App {
    let mut app = open_loaded_app(path);
    app.wait_for_check();
    assert!(!app.is_checking(), "the check has a verdict");
    app
}

/// Ten samples of a few runs each (flat sampling: at the large sizes a run takes up to a
/// second).
fn group<'a>(c: &'a mut Criterion, name: &str) -> BenchmarkGroup<'a, WallTime> {
    let mut group = c.benchmark_group(name);
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .measurement_time(Duration::from_secs(5));
    group
}

/// Store::open_deferred + App::with_snapshot + the first frame (the dashboard), as `hipaa-ra
/// FILE` does (`first_frame/<size>`); the same until the data check has finished
/// (`check_done/<size>`); and their yardsticks: the open year's rows read by SQLite
/// (`yardstick_first_frame`), and `PRAGMA integrity_check` with every data table hashed
/// (`yardstick_check_done`, what a check costing what the data costs does at least).
fn first_frame(c: &mut Criterion) {
    let mut frames = group(c, "first_frame");
    for size in support::SIZES {
        frames.bench_function(size, |b| {
            let path = support::workspace(size);
            b.iter(|| {
                let app = open_app(&path);
                draw_first_frame(&app);
                app
            });
        });
    }
    frames.finish();
    let mut checked = group(c, "check_done");
    for size in support::SIZES {
        checked.bench_function(size, |b| {
            let path = support::workspace(size);
            b.iter(|| {
                let app = open_and_wait_for_check(&path);
                draw_first_frame(&app);
                app
            });
        });
    }
    checked.finish();
    let mut yardstick = group(c, "yardstick_first_frame");
    for size in support::SIZES {
        yardstick.bench_function(size, |b| {
            let path = support::workspace(size);
            b.iter(|| support::load_current_year(&path));
        });
    }
    yardstick.finish();
    let mut yardstick = group(c, "yardstick_check_done");
    for size in support::SIZES {
        yardstick.bench_function(size, |b| {
            let path = support::workspace(size);
            b.iter(|| support::check_data_yardstick(&path));
        });
    }
    yardstick.finish();
}

/// One key press through `App::handle_key` and the redraw that follows, like the event
/// loop. A list at its end is sent back to the top between samples, untimed.
fn key_press(c: &mut Criterion) {
    let mut group = c.benchmark_group("key");
    group.sample_size(30).measurement_time(Duration::from_secs(3));
    let cases = [
        ("inventory_down", Screen::Inventory, KeyCode::Down),
        ("inventory_page_down", Screen::Inventory, KeyCode::PageDown),
        ("risks_down", Screen::Risks, KeyCode::Down),
        ("risks_page_down", Screen::Risks, KeyCode::PageDown),
    ];
    for (size, path) in &fixture().sizes {
        let mut app = open_loaded_app(path);
        let mut terminal = terminal();
        for (case, screen, code) in cases {
            app.update(Action::GoTo(screen));
            app.update(Action::Top);
            group.bench_function(format!("{case}/{size}"), |b| {
                b.iter_custom(|iterations| {
                    let mut spent = Duration::ZERO;
                    for _ in 0..iterations {
                        if app.cursor(screen) + 1 >= app.row_count(screen) {
                            app.update(Action::Top);
                        }
                        let started = Instant::now();
                        app.handle_key(key(code));
                        terminal.draw(|frame| draw(frame, &app)).expect("a frame");
                        spent += started.elapsed();
                    }
                    spent
                });
            });
        }
        // Typing one letter into the inventory filter, from an empty filter (every asset
        // is tested); the letter is taken back with Backspace, untimed.
        app.update(Action::GoTo(Screen::Inventory));
        app.handle_key(key(KeyCode::Char('/')));
        group.bench_function(format!("inventory_filter_keystroke/{size}"), |b| {
            b.iter_custom(|iterations| {
                let mut spent = Duration::ZERO;
                for _ in 0..iterations {
                    let started = Instant::now();
                    app.handle_key(key(KeyCode::Char('w')));
                    terminal.draw(|frame| draw(frame, &app)).expect("a frame");
                    spent += started.elapsed();
                    app.handle_key(key(KeyCode::Backspace));
                }
                spent
            });
        });
        app.handle_key(key(KeyCode::Esc));
    }
    group.finish();
}

/// Parsing and importing 10,000 CSV rows into a fresh workspace file, in one transaction,
/// as `hipaa-ra assets import` does. Creating the empty workspace is not timed.
fn import(c: &mut Criterion) {
    let mut group = c.benchmark_group("import");
    group.sample_size(10).measurement_time(Duration::from_secs(10));
    let fixture = fixture();
    let mut counter = 0;
    group.bench_function("csv_10000_rows", |b| {
        b.iter_batched(
            || {
                counter += 1;
                let path = fixture.dir.join(format!("import-{counter}.hra"));
                let store = Store::create(&path, "Import target", "Bench", today()).expect("a new workspace");
                let assessment_id = store.current_assessment_id().expect("an assessment");
                (store, assessment_id)
            },
            |(mut store, assessment_id)| {
                let rows = hipaa_ra::exchange::parse_assets_csv(&fixture.csv).expect("the CSV parses");
                let counts = store.import_assets(assessment_id, &rows).expect("the import");
                assert_eq!(counts.added, 10_000);
                store
            },
            BatchSize::PerIteration,
        );
    });
    group.finish();
}

/// The report: the model (change-log check, snapshot, build) at both sizes, and the full
/// PDF of the large workspace.
fn report(c: &mut Criterion) {
    let mut group = c.benchmark_group("report");
    group.sample_size(10).measurement_time(Duration::from_secs(10));
    for (size, path) in &fixture().sizes {
        let store = Store::open(path).expect("the workspace");
        group.bench_function(format!("model/{size}"), |b| {
            b.iter(|| hipaa_ra::publish::model(&store, today(), None).expect("the model"));
        });
        let model = hipaa_ra::publish::model(&store, today(), None).expect("the model");
        group.bench_function(format!("pdf/{size}"), |b| {
            b.iter(|| report::render_pdf(&model, Paper::Letter));
        });
        // What `risks export` does after the model, for the ratio the README gives.
        group.bench_function(format!("register_csv/{size}"), |b| {
            b.iter(|| {
                let mut bytes = Vec::new();
                report::write_register_csv(&mut bytes, &model).expect("the CSV");
                bytes
            });
        });
    }
    group.finish();
}

/// Every finding of the workspace (what `check`, the dashboard and the report compute),
/// from a loaded snapshot.
fn findings(c: &mut Criterion) {
    let mut group = c.benchmark_group("findings");
    group.sample_size(10).measurement_time(Duration::from_secs(5));
    for (size, path) in &fixture().sizes {
        let workspace = Store::open(path)
            .expect("the workspace")
            .snapshot()
            .expect("a snapshot");
        let catalog = hipaa_ra::catalog::Catalog::embedded();
        group.bench_function(*size, |b| {
            b.iter(|| black_box(hipaa_ra::domain::findings(&workspace, catalog, today())));
        });
    }
    group.finish();
}

/// The checks of the data against the change log: the cheap one every open, report and
/// export runs (the head's digest against the tables), and the full replay of `log verify`.
fn data_check(c: &mut Criterion) {
    let mut group = c.benchmark_group("data_check");
    group.sample_size(10).measurement_time(Duration::from_secs(5));
    for size in support::SIZES {
        group.bench_function(format!("digest/{size}"), |b| {
            let store = Store::open_for_reading(&support::workspace(size)).expect("the workspace");
            b.iter(|| black_box(store.check_data().expect("the check")));
        });
        group.bench_function(format!("replay/{size}"), |b| {
            let store = Store::open_for_reading(&support::workspace(size)).expect("the workspace");
            b.iter(|| black_box(store.verify_history().expect("the replay")));
        });
    }
    group.finish();
}

criterion_group!(benches, first_frame, key_press, import, report, findings, data_check);
criterion_main!(benches);
