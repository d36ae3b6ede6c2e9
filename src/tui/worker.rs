//! Slow work off the UI thread: rendering and writing a report, making a signing key
//! (scrypt is slow on purpose), reading a large attachment, reading and checking a large
//! CSV import (the store writes stay on the UI thread, after), starting next year's
//! assessment (a large practice's copy takes seconds). One job at a time runs on its own thread and sends its
//! stage and its result back over a channel; the event loop polls it between keys, so
//! keys keep working and the status bar shows the stage. The job gets everything it
//! needs by value: it never touches the UI's store; next year's copy gets a second
//! connection of its own (`Store::writer_beside`), used on the worker and closed there.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::{Duration, Instant};

use crate::exchange::{AssetTable, limits};
use crate::publish::{Prepared, Published};

/// Files at least this large are read on the worker (an attachment, an import); smaller
/// ones take no noticeable time and are read at once.
pub const BACKGROUND_BYTES: u64 = 1024 * 1024;

/// Whether reading `path` is slow enough for the worker.
pub fn is_large(path: &std::path::Path) -> bool {
    std::fs::metadata(path).is_ok_and(|metadata| metadata.is_file() && metadata.len() >= BACKGROUND_BYTES)
}

/// When set to a number of milliseconds, each job waits that long before it starts. It
/// exists so the tests can show keys working while a job runs; nobody sets it in use.
pub const DELAY_TEST_VARIABLE: &str = "HIPAA_RA_TEST_WORK_DELAY_MS";

pub enum Job {
    Export(Box<Prepared>),
    MakeKey {
        dir: PathBuf,
        password: String,
    },
    /// Reading a large file to attach to an evidence record (up to `limit` bytes).
    ReadAttachment {
        path: PathBuf,
        limit: u64,
    },
    /// Reading and parsing a large CSV inventory.
    ParseCsv {
        path: PathBuf,
    },
    /// Writing the audit binder of the workspace at `workspace`, read through a reader
    /// connection of its own.
    Binder {
        workspace: PathBuf,
        request: Box<crate::binder::Request>,
    },
    /// Starting the next assessment from `from`, through a second connection.
    NextYear {
        store: Box<crate::store::Store>,
        from: crate::domain::Id,
        today: chrono::NaiveDate,
        /// Why it is started (the reason asked for by `n`).
        options: Box<crate::store::NextOptions>,
    },
}

impl Job {
    fn title(&self) -> &'static str {
        match self {
            Job::Export(_) => "Exporting the report",
            Job::MakeKey { .. } => "Making the signing key",
            Job::ReadAttachment { .. } => "Reading the file to attach",
            Job::ParseCsv { .. } => "Reading the CSV file",
            Job::NextYear { .. } => "Starting next year's assessment",
            Job::Binder { .. } => "Writing the audit binder",
        }
    }
}

/// A finished job's result. Errors are text, ready for the status bar.
pub enum Done {
    Exported(Result<Box<Published>, String>),
    /// The secret key file, and the password it was made with (for the export form).
    KeyMade(Result<PathBuf, String>, String),
    AttachmentRead {
        path: PathBuf,
        result: Result<Vec<u8>, String>,
    },
    CsvParsed {
        path: PathBuf,
        result: Result<AssetTable, String>,
    },
    /// The audit binder written (its summary line), or why not.
    BinderWritten(Result<String, String>),
    /// Next year's assessment started (its summary line), and the change-log head before
    /// it (for undo), if it could be read.
    NextYearStarted {
        result: Result<String, String>,
        head_before: Option<i64>,
    },
}

enum Message {
    Stage(String),
    Done(Done),
}

struct Running {
    title: &'static str,
    /// Whether the job writes to the workspace (next year's copy): the screens' writes
    /// wait for it.
    writes: bool,
    stage: String,
    started: Instant,
    receiver: Receiver<Message>,
}

#[derive(Default)]
pub struct Worker {
    running: Option<Running>,
}

impl Worker {
    pub fn busy(&self) -> bool {
        self.running.is_some()
    }

    /// Whether the running job writes to the workspace (see `Running::writes`).
    pub fn writing(&self) -> bool {
        self.running.as_ref().is_some_and(|running| running.writes)
    }

    /// Starts a job, or hands it back when one is already running.
    pub fn start(&mut self, job: Job) -> Result<(), Job> {
        if self.busy() {
            return Err(job);
        }
        let (sender, receiver) = channel();
        let title = job.title();
        let writes = matches!(job, Job::NextYear { .. });
        let delay = std::env::var(DELAY_TEST_VARIABLE)
            .ok()
            .and_then(|value| value.parse().ok())
            .map(Duration::from_millis);
        std::thread::spawn(move || {
            if let Some(delay) = delay {
                std::thread::sleep(delay);
            }
            let stage = |stage: &str| {
                // The app may be gone (quit while working): nobody to tell, nothing lost.
                let _ = sender.send(Message::Stage(stage.to_string()));
            };
            let done = match job {
                Job::Export(prepared) => Done::Exported(
                    prepared
                        .write(&stage)
                        .map(Box::new)
                        .map_err(|error| format!("{error:#}")),
                ),
                Job::MakeKey { dir, password } => {
                    stage("scrypt");
                    let made = crate::signing::generate_with_password(&dir, password.clone())
                        .map(|(secret, _, _)| secret)
                        .map_err(|error| format!("{error:#}"));
                    Done::KeyMade(made, password)
                }
                Job::ReadAttachment { path, limit } => {
                    stage("reading");
                    let result = crate::input::read_regular_file(&path, limit, "; note where it is kept instead");
                    Done::AttachmentRead { path, result }
                }
                Job::ParseCsv { path } => {
                    stage("reading");
                    let result = limits::read_limited(&path, limits::MAX_CSV_BYTES, "a CSV import").and_then(|bytes| {
                        stage("checking the rows");
                        crate::exchange::parse_asset_table(&bytes)
                            .map_err(|error| format!("{}: {error}", path.display()))
                    });
                    Done::CsvParsed { path, result }
                }
                Job::Binder { workspace, request } => {
                    let mut shown = String::new();
                    let result = crate::store::Store::open_to_print_checked(&workspace)
                        .map_err(|error| format!("{error:#}"))
                        .and_then(|store| {
                            crate::binder::write(&store, &request, &mut |progress| {
                                // Whole percents, so the channel is not flooded.
                                let now = format!("{} {:.0}%", progress.label, progress.fraction * 100.0);
                                if now != shown {
                                    stage(&now);
                                    shown = now;
                                }
                            })
                            .map(|written| written.summary())
                            .map_err(|error| format!("{error:#}"))
                        });
                    Done::BinderWritten(result)
                }
                Job::NextYear {
                    mut store,
                    from,
                    today,
                    options,
                } => {
                    let head_before = store.log_head_id().ok();
                    let mut shown = String::new();
                    let result = store
                        .next_assessment_from_showing(from, &options, today, &mut |fraction, what| {
                            // Whole percents: a stage message per copied row would flood the channel.
                            let now = format!("{what} {:.0}%", fraction * 100.0);
                            if now != shown {
                                stage(&now);
                                shown = now;
                            }
                        })
                        .map(|summary| summary.line())
                        .map_err(|error| error.to_string());
                    // The second connection closes here, on the worker, before the result
                    // is sent: the screens then read what it wrote.
                    drop(store);
                    Done::NextYearStarted { result, head_before }
                }
            };
            let _ = sender.send(Message::Done(done));
        });
        self.running = Some(Running {
            title,
            writes,
            stage: "starting".to_string(),
            started: Instant::now(),
            receiver,
        });
        Ok(())
    }

    /// The finished job's result, if it has finished; never waits.
    pub fn poll(&mut self) -> Option<Done> {
        let running = self.running.as_mut()?;
        loop {
            match running.receiver.try_recv() {
                Ok(Message::Stage(stage)) => running.stage = stage,
                Ok(Message::Done(done)) => {
                    self.running = None;
                    return Some(done);
                }
                Err(TryRecvError::Empty) => return None,
                Err(TryRecvError::Disconnected) => {
                    // The thread ended without a result: it panicked.
                    self.running = None;
                    return Some(Done::Exported(Err(
                        "the background work failed; see the log".to_string()
                    )));
                }
            }
        }
    }

    /// Waits for the running job and returns its result (tests, and quitting).
    pub fn wait(&mut self) -> Option<Done> {
        while self.busy() {
            if let Some(done) = self.poll() {
                return Some(done);
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        None
    }

    /// One line for the status bar while a job runs: what, which stage, for how long.
    pub fn status(&self) -> Option<String> {
        let running = self.running.as_ref()?;
        Some(format!(
            "{}: {}… {}s",
            running.title,
            running.stage,
            running.started.elapsed().as_secs()
        ))
    }
}
