//! The command line. The commands and their flags are a stable interface that scripts
//! rely on; errors are one line on standard error and exit 1.
//!
//! The TUI and the commands that change a workspace (`new`, `demo`, `assets import`, `log
//! restore`) open it for editing, which takes its edit lock: a second one is refused while
//! the first runs. Commands that only read it (`log verify`, `log show`, `assets export`, `risks export`, `actions
//! export`, `export`, `report`, `check`) open it read-only: they take no lock, run beside an open
//! editor, work on a read-only file and never upgrade an older one. Every file a command
//! writes goes through `output`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use color_eyre::eyre::{Result, WrapErr, eyre};

use crate::catalog::Catalog;
use crate::store::{ChainStatus, DataStatus, Store};
use crate::{paths, tui};

mod access;
mod assessment;
mod binder;
mod breaches;
mod check;
mod contingency;
mod due;
mod formats;
mod people;
mod portfolio;
mod proposed;
mod register;
mod report;
mod shell;
mod status;
mod training;
mod vendors;

#[derive(Debug, Parser)]
#[command(
    name = "hipaa-ra",
    version,
    about = "A HIPAA Security Rule risk-analysis workbench for small health-care practices",
    long_about = "A HIPAA Security Rule risk-analysis workbench for small health-care practices.\n\n\
        Each practice lives in one workspace file. `hipaa-ra demo` opens a built-in demo practice;\n\
        `hipaa-ra new FILE` starts a new one; `hipaa-ra FILE` opens one. Works fully offline.",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// A workspace file to open (the same as `hipaa-ra open PATH`).
    pub path: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the built-in demo practice (last year final and signed, this year carried
    /// forward from it) and open it.
    Demo {
        /// Where to write the demo workspace (default: the user's data directory, replaced
        /// on every run).
        path: Option<PathBuf>,
        /// Only write the file; do not open it.
        #[arg(long)]
        no_open: bool,
    },
    /// Create a new workspace file and open it.
    New {
        path: PathBuf,
        /// The practice's name (without it, the program asks).
        #[arg(long)]
        org: Option<String>,
        /// Your name, recorded in the change log (default: your login name).
        #[arg(long)]
        assessor: Option<String>,
        /// Recreate a workspace from a file written by `hipaa-ra export`.
        #[arg(long, value_name = "FILE.json")]
        from: Option<PathBuf>,
        /// Only create the file; do not open it.
        #[arg(long)]
        no_open: bool,
    },
    /// Open a workspace file.
    Open { path: PathBuf },
    /// Print the Security Rule catalog.
    Catalog {
        #[arg(long, value_enum, default_value_t = CatalogFormat::Csv)]
        format: CatalogFormat,
        /// List the requirements of the January 2025 proposed rule instead (not in force;
        /// every line says PROPOSED).
        #[arg(long)]
        proposed: bool,
    },
    /// Check or list the tamper-evident change log.
    Log {
        #[command(subcommand)]
        command: LogCommand,
    },
    /// Import or export the ePHI asset inventory.
    Assets {
        #[command(subcommand)]
        command: AssetsCommand,
    },
    /// Import a system's user list into its access review, or export the access reviews.
    Access {
        #[command(subcommand)]
        command: access::AccessCommand,
    },
    /// Import or export the workforce (people with job role, dates, type, supervisor).
    People {
        #[command(subcommand)]
        command: people::PeopleCommand,
    },
    /// Import the course matrix or export each person's training status.
    Training {
        #[command(subcommand)]
        command: training::TrainingCommand,
    },
    /// Export the risk register.
    Risks {
        #[command(subcommand)]
        command: ExportOnly,
    },
    /// Export the remediation plan.
    Actions {
        #[command(subcommand)]
        command: ExportOnly,
    },
    /// Export the contingency plan tests (CSV), compared with the inventory's targets.
    Contingency {
        #[command(subcommand)]
        command: contingency::ContingencyCommand,
    },
    /// Export the business-associate list (OCR's audit column order).
    Vendors {
        #[command(subcommand)]
        command: vendors::VendorsCommand,
    },
    /// Write the log of breaches of fewer than 500 individuals discovered in a year (CSV),
    /// reported to HHS within 60 days after the year ends (§164.408(c)).
    Breaches {
        path: PathBuf,
        /// The calendar year of discovery.
        #[arg(long)]
        year: i32,
        /// Write to this file instead of standard output.
        #[arg(short, long, value_name = "FILE.csv")]
        output: Option<PathBuf>,
    },
    /// List the program's recurring obligations overdue and due within DAYS: training,
    /// access reviews, policy reviews, business associates, contingency tests, evidence
    /// reviews and the next analysis (each due one cycle after its last completion).
    Due {
        path: PathBuf,
        /// How many days ahead to list (overdue items are always listed).
        #[arg(long, value_name = "DAYS", default_value_t = 30,
              value_parser = clap::value_parser!(u32).range(0..=3660))]
        within: u32,
        #[arg(long, value_enum, default_value_t = due::DueFormat::Text)]
        format: due::DueFormat,
        /// Write to this file instead of standard output (an .ics for calendar apps).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// The date to judge by (YYYY-MM-DD or M/D/YYYY; default: today).
        #[arg(long, value_parser = crate::domain::parse::parse_date)]
        date: Option<NaiveDate>,
    },
    /// Write the whole workspace as JSON, losslessly (re-import with `new --from`).
    Export {
        path: PathBuf,
        #[arg(short, long, value_name = "FILE.json")]
        output: PathBuf,
    },
    /// Produce the risk-analysis report (PDF, JSON, CSV, OSCAL or XLSX), optionally signed.
    Report {
        path: PathBuf,
        #[arg(short, long)]
        output: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = ReportFormat::Pdf)]
        format: ReportFormat,
        /// Sign the report with your minisign key. Refused while blocking findings keep
        /// the analysis a draft, unless --draft is given too.
        #[arg(long)]
        sign: bool,
        /// With --sign: sign a draft, as a draft for review (not approved).
        #[arg(long, requires = "sign")]
        draft: bool,
        /// The secret key to sign with (default: the one `key generate` made).
        #[arg(long, value_name = "FILE")]
        key: Option<PathBuf>,
        /// The paper size (default: the one chosen last for this workspace, else US
        /// Letter); remembered in the workspace.
        #[arg(long, value_enum)]
        paper: Option<Paper>,
        /// The report date (YYYY-MM-DD or M/D/YYYY), for reproducible output.
        #[arg(long, value_parser = crate::domain::parse::parse_date)]
        date: Option<NaiveDate>,
        /// Report on this assessment (an id from `assessment list`) instead of the open one.
        #[arg(long, value_name = "ID")]
        assessment: Option<i64>,
    },
    /// Start next year's assessment, list assessments, remove a draft year started by
    /// mistake, or compare two of them.
    Assessment {
        #[command(subcommand)]
        command: assessment::AssessmentCommand,
    },
    /// Manage the signing key.
    Key {
        #[command(subcommand)]
        command: KeyCommand,
    },
    /// List the findings that keep the analysis a draft (exit 0: can be finalized; 1:
    /// blocking findings remain; 2: usage error or unreadable workspace).
    Check {
        path: PathBuf,
        #[arg(long, value_enum, default_value_t = check::CheckFormat::Text)]
        format: check::CheckFormat,
        /// The date to judge overdue items by (YYYY-MM-DD or M/D/YYYY; default: today).
        #[arg(long, value_parser = crate::domain::parse::parse_date)]
        date: Option<NaiveDate>,
    },
    /// One row per workspace under a folder and its client subfolders: a consultant's view
    ///
    /// Looks three levels down and follows no symbolic link. Each row shows the client
    /// (the path under DIR), the current year and whether it is final, and the latest
    /// signed year. Read-only; a damaged workspace gets a row saying so; other files are
    /// counted on standard error. The text table fits COLUMNS, else the terminal, else 80.
    Portfolio {
        /// The folder of client workspaces (or of client folders).
        dir: PathBuf,
        #[arg(long, value_enum, default_value_t = portfolio::PortfolioFormat::Text)]
        format: portfolio::PortfolioFormat,
        /// The date to judge overdue actions by (YYYY-MM-DD; default: today).
        #[arg(long, value_parser = crate::domain::parse::parse_date)]
        date: Option<NaiveDate>,
    },
    /// Print a shell completion script: `hipaa-ra completions bash > ~/.local/share/bash-completion/completions/hipaa-ra`.
    Completions {
        #[arg(value_enum)]
        shell: shell::Shell,
    },
    /// Print the manual page (roff): `hipaa-ra man | man -l -`.
    Man,
    /// Change a workspace setting: `hipaa-ra setting FILE proposed-rule hide` leaves the
    /// proposed rule's readiness appendix out of its reports (`show` puts it back);
    /// `hipaa-ra setting FILE revoke-limit 2` allows two business days from a
    /// termination to the leaver's access revoked.
    Setting {
        path: PathBuf,
        #[arg(value_enum)]
        key: proposed::SettingKey,
        value: String,
    },
    /// Write the audit binder: a zipped BagIt bag of the year's report, tables, evidence
    /// and records, with an index by audit-protocol inquiry (data/index.html, index.pdf).
    Binder {
        path: PathBuf,
        #[arg(short, long, value_name = "FILE.zip")]
        output: PathBuf,
        /// The assessment to pack (an id from `assessment list`) instead of the open one.
        #[arg(long, value_name = "ID")]
        assessment: Option<i64>,
        /// Sign the bag's tag manifest with your minisign key.
        #[arg(long)]
        sign: bool,
        /// The secret key to sign with (default: the one `key generate` made).
        #[arg(long, value_name = "FILE", requires = "sign")]
        key: Option<PathBuf>,
        /// The bagging date (YYYY-MM-DD or M/D/YYYY): the same workspace and date give the
        /// same bytes.
        #[arg(long, value_parser = crate::domain::parse::parse_date)]
        date: Option<NaiveDate>,
    },
    /// Verify a signed report, or an audit binder (a .zip written by `binder`).
    Verify {
        file: PathBuf,
        /// The public key (a minisign .pub file or the key itself).
        #[arg(long)]
        pubkey: Option<String>,
        /// Also check that this workspace's history still passes through the change-log
        /// head the signed report recorded.
        #[arg(long, value_name = "FILE")]
        workspace: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum LogCommand {
    /// Check the hash chain, then replay the log against every record and stored file;
    /// names the first row or record that does not match.
    Verify { path: PathBuf },
    /// List the change log.
    Show {
        path: PathBuf,
        #[arg(long, value_enum, default_value_t = LogFormat::Text)]
        format: LogFormat,
    },
    /// Restore the record deleted at a change-log row (as `log show` numbers it), with
    /// the rows its delete took with it (links, coverage note), as a logged change.
    Restore {
        path: PathBuf,
        /// The change-log row of the delete.
        row: i64,
    },
}

#[derive(Debug, Subcommand)]
pub enum AssetsCommand {
    /// Import assets from a CSV file (all rows or none). A row named like an asset of the
    /// assessment updates it; columns hipaa-ra does not keep are ignored and named on
    /// standard error; after `assessment next`, the result lists last year's assets the
    /// file did not list.
    Import { path: PathBuf, file: PathBuf },
    /// Retire assets of the open assessment (next year's inventory refresh): they keep
    /// their history but leave this year's scope and raise no findings.
    Retire {
        path: PathBuf,
        /// The assets' ids (as `assets import` or `assets export` shows them).
        #[arg(required = true)]
        ids: Vec<i64>,
    },
    /// Write this year's inventory (retired assets left out) to standard output.
    Export {
        path: PathBuf,
        #[arg(long, value_enum, default_value_t = DataFormat::Csv)]
        format: DataFormat,
    },
}

#[derive(Debug, Subcommand)]
pub enum ExportOnly {
    /// Write to standard output, or to a file with -o.
    Export {
        path: PathBuf,
        /// The file to write (replaced whole); default: standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = DataFormat::Csv)]
        format: DataFormat,
    },
}

#[derive(Debug, Subcommand)]
pub enum KeyCommand {
    /// Create a minisign key pair.
    Generate {
        /// Directory for the key files (default: the user's config directory).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Do not protect the secret key with a password.
        #[arg(long)]
        unencrypted: bool,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum CatalogFormat {
    Csv,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DataFormat {
    Csv,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ReportFormat {
    Pdf,
    Json,
    Csv,
    /// An OSCAL 1.1.2 plan of action and milestones (JSON).
    Oscal,
    /// One Excel workbook: register, plan, inventory, safeguards, findings, evidence.
    Xlsx,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Paper {
    A4,
    Letter,
}

/// Set to a date (YYYY-MM-DD) to fix "today", for reproducible demos and tests.
pub const TODAY_VARIABLE: &str = "HIPAA_RA_TODAY";

/// Today's local date, or the one fixed by `HIPAA_RA_TODAY`.
pub fn today() -> Result<NaiveDate> {
    match std::env::var(TODAY_VARIABLE) {
        Ok(text) => NaiveDate::parse_from_str(&text, "%Y-%m-%d")
            .wrap_err_with(|| format!("{TODAY_VARIABLE}={text}: expected a date like 2026-11-23"))
            .and_then(|date| {
                crate::domain::parse::in_range(date).map_err(|problem| eyre!("{TODAY_VARIABLE}={text} {problem}"))
            }),
        Err(_) => Ok(chrono::Local::now().date_naive()),
    }
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode> {
    let today = today()?;
    // `new` and `demo` would create a file only to fail on the missing terminal: ask first.
    // Opening checks after the file itself, so a wrong file is named as such.
    if creates_then_opens(&cli) {
        tui::require_terminal()?;
    }
    match cli.command {
        None => match cli.path {
            Some(path) => open(&path, today),
            None => {
                println!("Usage: hipaa-ra FILE | hipaa-ra demo | hipaa-ra new FILE   (see hipaa-ra --help)");
                Ok(ExitCode::from(2))
            }
        },
        Some(Command::Open { path }) => open(&path, today),
        Some(Command::Demo { path, no_open }) => run_demo(path, no_open, today),
        Some(Command::New {
            path,
            org,
            assessor,
            from,
            no_open,
        }) => {
            if let Some(from) = from {
                return new_from_export(&path, &from, today, no_open);
            }
            let assessor = assessor.unwrap_or_else(paths::login_name);
            let store = Store::create(&path, org.as_deref().unwrap_or(""), &assessor, today)?;
            println!("Created {}", path.display());
            if no_open {
                Ok(ExitCode::SUCCESS)
            } else {
                run_tui(store, today)
            }
        }
        Some(Command::Catalog {
            format,
            proposed: false,
        }) => print_catalog(format),
        Some(Command::Catalog { format, proposed: true }) => proposed::print(format),
        Some(Command::Log { command }) => match command {
            LogCommand::Verify { path } => verify_log(&path),
            LogCommand::Show { path, format } => show_log(&path, format),
            LogCommand::Restore { path, row } => restore_deleted(&path, row),
        },
        Some(Command::Assets {
            command: AssetsCommand::Import { path, file },
        }) => import_assets(&path, &file),
        Some(Command::Assets {
            command: AssetsCommand::Export { path, format },
        }) => export_assets(&path, format, today),
        Some(Command::Assets {
            command: AssetsCommand::Retire { path, ids },
        }) => retire_assets(&path, &ids, today),
        Some(Command::Access { command }) => access::run(command, today),
        Some(Command::Risks {
            command: ExportOnly::Export { path, output, format },
        }) => register::export(register::Table::Register, &path, output.as_deref(), format, today),
        Some(Command::Actions {
            command: ExportOnly::Export { path, output, format },
        }) => register::export(register::Table::Plan, &path, output.as_deref(), format, today),
        Some(Command::Vendors { command }) => vendors::run(command, today),
        Some(Command::Contingency { command }) => contingency::run(command),
        Some(Command::Export { path, output }) => export_workspace(&path, &output),
        Some(Command::Breaches { path, year, output }) => breaches::run(&path, year, output.as_deref()),
        Some(Command::Due {
            path,
            within,
            format,
            output,
            date,
        }) => due::run(&path, within, format, output.as_deref(), date.unwrap_or(today)),
        Some(Command::Report {
            path,
            output,
            format,
            sign,
            draft,
            key,
            paper,
            date,
            assessment,
        }) => report::report(report::ReportRequest {
            path,
            output,
            format,
            sign,
            sign_draft: draft,
            key,
            paper,
            date: date.unwrap_or(today),
            assessment,
        }),
        Some(Command::Assessment { command }) => assessment::run(command, today),
        Some(Command::People { command }) => people::run(command, today),
        Some(Command::Training { command }) => training::run(command, today),
        Some(Command::Key {
            command: KeyCommand::Generate { out, unencrypted },
        }) => report::generate_key(out, unencrypted),
        Some(Command::Binder {
            path,
            output,
            assessment,
            sign,
            key,
            date,
        }) => binder::binder(binder::BinderRequest {
            path,
            output,
            assessment,
            sign,
            key,
            date: date.unwrap_or(today),
        }),
        Some(Command::Verify {
            file,
            pubkey,
            workspace: None,
        }) if crate::binder::is_zip(&file) => binder::verify_zip(&file, pubkey),
        Some(Command::Verify {
            file,
            workspace: Some(_),
            ..
        }) if crate::binder::is_zip(&file) => color_eyre::eyre::bail!(
            "{}: an audit binder; --workspace checks a signed report's history, so verify the binder without it",
            file.display()
        ),
        Some(Command::Verify {
            file,
            pubkey,
            workspace,
        }) => report::verify(&file, pubkey, workspace.as_deref()),
        Some(Command::Check { path, format, date }) => check::check(&path, format, date.unwrap_or(today)),
        Some(Command::Portfolio { dir, format, date }) => portfolio::run(&dir, format, date.unwrap_or(today)),
        Some(Command::Completions { shell }) => shell::completions(shell),
        Some(Command::Man) => shell::man(),
        Some(Command::Setting { path, key, value }) => proposed::setting(&path, key, &value),
    }
}

/// Whether the command creates a workspace and then opens the TUI on it (`new` and
/// `demo` without `--no-open`).
fn creates_then_opens(cli: &Cli) -> bool {
    matches!(
        &cli.command,
        Some(Command::Demo { no_open: false, .. } | Command::New { no_open: false, .. })
    )
}

fn open(path: &Path, today: NaiveDate) -> Result<ExitCode> {
    for removed in crate::output::remove_stale_temporaries(path) {
        tracing::info!(?removed, "removed a stale temporary");
    }
    run_opened(path, today)
}

/// The TUI on an existing workspace: it draws at once from the first look, while the
/// snapshot loads and the data check runs (see `Store::open_deferred_first_look`). Without a terminal there is no TUI to show the check's verdict
/// in, so it is waited for: a damaged or tampered file is named as such before the
/// missing terminal is.
fn run_opened(path: &Path, today: NaiveDate) -> Result<ExitCode> {
    let (store, first_look, check) = Store::open_deferred_first_look(path)?;
    if let Err(no_terminal) = tui::require_terminal() {
        if let crate::store::CheckVerdict::Failed(failure) = check.wait() {
            return Err(failure.into_error().into());
        }
        return Err(no_terminal);
    }
    tui::run_opening(store, first_look, check, today)?;
    Ok(ExitCode::SUCCESS)
}

fn run_tui(store: Store, today: NaiveDate) -> Result<ExitCode> {
    tui::run(store, today)?;
    Ok(ExitCode::SUCCESS)
}

fn run_demo(path: Option<PathBuf>, no_open: bool, today: NaiveDate) -> Result<ExitCode> {
    let path = match path {
        Some(path) => path,
        None => {
            let path = paths::default_demo_path()?;
            // The default demo file is ours: a fresh copy each run is what a first look wants.
            Store::remove_unopened(&path).wrap_err("could not replace the old demo")?;
            path
        }
    };
    // Two years: last year's final and signed, this year's carried forward from it.
    let store = crate::demo_history::create(&path, today)?;
    println!("Demo practice written to {}", path.display());
    if no_open {
        Ok(ExitCode::SUCCESS)
    } else {
        run_tui(store, today)
    }
}

fn export_workspace(path: &Path, output: &Path) -> Result<ExitCode> {
    let store = Store::open_for_reading(path)?;
    // One snapshot: the export's log must chain and replay to its data (`new --from`
    // checks both), so a damaged log is refused here rather than in the backup. The export
    // carries the whole log, so walking its chain costs what writing it does.
    let export = store.reading(|store| {
        let status = match store.verify_change_log()? {
            ChainStatus::Broken { row, reason } => DataStatus::Broken { row, reason },
            ChainStatus::Intact { .. } => store.log_covers_data()?,
        };
        if let Some(problem) = status.problem() {
            return Err(eyre!(
                "{}: the workspace does not match its change log: {problem}; nothing was exported",
                path.display()
            ));
        }
        Ok(crate::store::export_workspace(store)?)
    })?;
    let text = crate::exchange::workspace_to_json(&export);
    // The export holds everything, stored evidence files included: `output` writes it
    // readable by the owner only, whole or not at all, never over the workspace.
    crate::output::write(output, text.as_bytes(), crate::output::Rules::replacing(Some(path)))?;
    println!("Exported {} to {}", path.display(), output.display());
    Ok(ExitCode::SUCCESS)
}

/// `new --from`: the workspace is built under a temporary name beside PATH and renamed
/// into place only when complete, so a kill leaves no half-restored workspace under the
/// name the user gave (a leftover `.NAME.*.tmp` at most).
fn new_from_export(path: &Path, from: &Path, today: NaiveDate, no_open: bool) -> Result<ExitCode> {
    use crate::exchange::limits;
    crate::store::refuse_journal_name(path)?;
    // What killed runs left here (a half-built workspace each) goes first.
    for removed in crate::output::remove_stale_temporaries(path) {
        tracing::info!(?removed, "removed a stale temporary");
    }
    if std::fs::symlink_metadata(path).is_ok() {
        return Err(crate::store::StoreError::AlreadyExists(path.to_path_buf()).into());
    }
    let bytes =
        limits::read_limited(from, limits::MAX_JSON_BYTES, "a workspace export").map_err(|error| eyre!(error))?;
    let text =
        String::from_utf8(bytes).map_err(|_| eyre!("{}: not UTF-8 text, so not a workspace export", from.display()))?;
    let export = crate::exchange::workspace_from_json(&text).map_err(|error| eyre!("{}: {error}", from.display()))?;
    drop(text);
    let temporary = crate::output::temporary_path(path)?;
    let store = Store::create_from_export(&temporary, &export, today).map_err(|error| {
        // The error names the temporary; the user knows the file by the name they gave.
        eyre!(
            error
                .to_string()
                .replace(&temporary.display().to_string(), &path.display().to_string())
        )
    })?;
    // Closed first: SQLite folds its journal into the file on the last close, so the file
    // is whole on its own when it moves.
    drop(store);
    let mut journal = temporary.clone().into_os_string();
    journal.push("-wal");
    if std::fs::metadata(&journal).is_ok_and(|metadata| metadata.len() > 0) {
        let _ = Store::remove_unopened(&temporary);
        return Err(eyre!(
            "{}: the new workspace could not be closed cleanly; nothing was created",
            path.display()
        ));
    }
    if let Err(error) = crate::output::move_new(&temporary, path) {
        let _ = Store::remove_unopened(&temporary);
        return Err(error.into());
    }
    println!("Created {} from {}", path.display(), from.display());
    if no_open {
        Ok(ExitCode::SUCCESS)
    } else {
        run_opened(path, today)
    }
}

fn import_assets(path: &Path, file: &Path) -> Result<ExitCode> {
    let mut store = Store::open(path)?;
    let bytes = crate::exchange::limits::read_limited(file, crate::exchange::limits::MAX_CSV_BYTES, "a CSV import")
        .map_err(|error| eyre!(error))?;
    // Parsing is all-or-nothing and the import is one transaction: on any error the
    // workspace is exactly as it was.
    let table = crate::exchange::parse_asset_table(&bytes).map_err(|error| eyre!("{}: {error}", file.display()))?;
    // On standard error: the columns a spreadsheet keeps that we do not are no failure,
    // but the user should know their values were not read.
    if let Some(line) = table.ignored_line() {
        eprintln!("hipaa-ra: {}: {}", file.display(), escaped(&line));
    }
    let assessment_id = store.current_assessment_id()?;
    let counts = store.import_asset_table(assessment_id, &table)?;
    println!(
        "Imported {} assets from {} into {}: {counts}",
        table.rows.len(),
        file.display(),
        path.display()
    );
    if let Some(line) = counts.not_seen_line() {
        let ids: Vec<String> = counts.not_seen.iter().map(|(id, _)| id.to_string()).collect();
        println!(
            "{}; retire those no longer in use with `hipaa-ra assets retire {} {}`",
            escaped(&line),
            escaped(&path.display().to_string()),
            ids.join(" ")
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn retire_assets(path: &Path, ids: &[i64], today: chrono::NaiveDate) -> Result<ExitCode> {
    let mut store = Store::open(path)?;
    let names = store.retire_assets(ids, today)?;
    println!(
        "Retired {} in {}: kept with their history, out of this year's scope",
        names.join(", "),
        path.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// This year's scope, read with one query: an asset retired this year is not exported (nor
/// re-imported by a refresh from this file); the workspace export keeps it. Only data the
/// change log covers, as `report`; the status from the same data, beside it.
fn scope_checked(
    store: &crate::store::Reader,
    today: NaiveDate,
) -> Result<status::Checked<Vec<crate::store::AssetRow>>> {
    let current = store.current_assessment_id()?;
    let signed = store.signed_report(current)?.is_some();
    Ok(status::read_checked(store, current, signed, today, |store| {
        store.scope_rows(current)
    })?)
}

/// The inventory, the analysis's status with it (the CSV's first column; the JSON as
/// `{"status": .., "assets": [..]}`), and the draft warning on standard error.
fn export_assets(path: &Path, format: DataFormat, today: NaiveDate) -> Result<ExitCode> {
    let (store, damage) = Store::open_to_print(path)?;
    let read = scope_checked(&store, today);
    // Nothing is written before the damage check has passed; its verdict first.
    damage.verdict()?;
    let checked = read?;
    let status = checked.status;
    let owners: std::collections::HashMap<crate::domain::Id, String> = checked
        .rows
        .iter()
        .filter_map(|row| Some((row.asset.owner_id?, row.owner.clone())))
        .collect();
    let owner = |id: Option<crate::domain::Id>| id.and_then(|id| owners.get(&id).cloned()).unwrap_or_default();
    let scope: Vec<crate::domain::Asset> = checked.rows.into_iter().map(|row| row.asset).collect();
    let stdout = std::io::stdout();
    match format {
        DataFormat::Csv => crate::exchange::write_assets_csv(stdout.lock(), &scope, owner, status)?,
        DataFormat::Json => {
            // The status first, as in the report's JSON and the other exports.
            #[derive(serde::Serialize)]
            struct AssetsJson {
                status: crate::domain::Status,
                assets: serde_json::Value,
            }
            let assets = crate::exchange::assets_json(&scope, owner);
            serde_json::to_writer_pretty(stdout.lock(), &AssetsJson { status, assets })?;
            println!();
        }
    }
    status::warn_if_draft(status, "the inventory written to standard output");
    Ok(ExitCode::SUCCESS)
}

fn print_catalog(format: CatalogFormat) -> Result<ExitCode> {
    let catalog = Catalog::embedded();
    let stdout = std::io::stdout();
    match format {
        CatalogFormat::Json => {
            serde_json::to_writer_pretty(stdout.lock(), catalog)?;
            println!();
        }
        CatalogFormat::Csv => {
            use crate::domain::Labeled;
            let mut writer = csv::Writer::from_writer(stdout.lock());
            writer.write_record(["citation", "name", "kind", "section"])?;
            for item in &catalog.items {
                writer.write_record([&item.citation, &item.name, item.kind.key(), item.section.key()])?;
            }
            writer.flush()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn verify_log(path: &Path) -> Result<ExitCode> {
    let store = Store::open_for_reading(path)?;
    match store.verify_history()? {
        DataStatus::Consistent { entries, last_hash } => {
            println!(
                "{}: change log intact: {entries} entries, last hash {last_hash}; it replays to every record \
                 and stored file",
                path.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        DataStatus::Broken { row, reason } => {
            println!("{}: change log broken at row {row}: {reason}", path.display());
            Ok(ExitCode::FAILURE)
        }
        DataStatus::Differs { record, reason } => {
            println!(
                "{}: the data does not match the change log: {record}: {reason}",
                path.display()
            );
            Ok(ExitCode::FAILURE)
        }
        DataStatus::AfterSigning { record, reason } => {
            println!(
                "{}: a signed year was changed after its signature: {record}: {reason}",
                path.display()
            );
            Ok(ExitCode::FAILURE)
        }
    }
}

/// `log restore`: opened for editing (the edit lock), one logged write or nothing.
fn restore_deleted(path: &Path, row: i64) -> Result<ExitCode> {
    let mut store = Store::open(path)?;
    // A record is restored from the log only into data the log covers.
    store.refuse_uncovered()?;
    let restored = store
        .restore_deleted(row)
        .map_err(|error| eyre!("{}: {error}", path.display()))?;
    let (first, last) = restored.log_rows;
    println!(
        "Restored {} in {} (change-log rows {first}-{last})",
        crate::terminal::escaped(&restored.records()),
        crate::terminal::escaped(&path.display().to_string())
    );
    Ok(ExitCode::SUCCESS)
}

fn show_log(path: &Path, format: LogFormat) -> Result<ExitCode> {
    let store = Store::open_for_reading(path)?;
    let entries = store.change_log()?;
    let mut out = std::io::stdout().lock();
    use std::io::Write;
    match format {
        LogFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &entries)?;
            writeln!(out)?;
        }
        LogFormat::Text => {
            for entry in &entries {
                // Every field is escaped: names come from users and imports, and a control
                // character printed as it is would drive the terminal.
                writeln!(
                    out,
                    "{:>6}  {}  {}  {} {} {}  {}",
                    entry.id,
                    escaped(&entry.at),
                    escaped(&entry.actor),
                    escaped(&entry.operation),
                    escaped(&entry.entity),
                    escaped(&entry.entity_id),
                    escaped(entry.hash.get(..12).unwrap_or(&entry.hash))
                )?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub(crate) use crate::terminal::escaped;
