//! hipaa-ra: a terminal workbench that turns the HIPAA Security Rule into a working risk
//! analysis for a small health-care practice.
//!
//! Layout: `domain` holds pure types and rules; `catalog` the embedded rule, threats and
//! scales; `store` the SQLite workspace (the only SQL); `tui` the screens; `cli` the
//! commands; `demo` the built-in demo practice; `sample` a large generated practice for
//! benches and tests.
//!
//! Layers, low to high: the ground modules (`app_id`, `terminal`, `paths`, `progress`,
//! `input`, `output`), `domain`, `catalog`, `exchange`, `store`, `report`, `publish`,
//! `signing` and `binder`, `demo`, `sample`, `sample_history` and `demo_history`, then `cli` and `tui`. A module uses only
//! its own layer and those below; `tests/architecture.rs` fails on an arrow back up.

#![forbid(unsafe_code)]
#![warn(clippy::unwrap_used)]

/// The application id and name (a ground module: it uses nothing else in the crate).
pub mod app_id;
/// The audit binder: a BagIt bag of the year's report, tables, evidence and records.
pub mod binder;
pub mod catalog;
pub mod cli;
pub mod demo;
pub mod demo_access;
pub mod demo_contingency;
pub mod demo_history;
pub mod demo_incidents;
pub mod demo_policies;
pub mod demo_training;
pub mod domain;
pub mod exchange;
pub mod input;
/// The one way every output file is written.
pub mod output;
pub mod paths;
pub mod progress;
pub mod publish;
pub mod report;
/// A large synthetic workspace, for benches and tests (not a user command).
pub mod sample;
/// The sample with years of history (`generate --years N`).
pub mod sample_history;
pub mod signing;
pub mod store;
/// Names and errors as a terminal may print them.
pub mod terminal;
pub mod tui;
