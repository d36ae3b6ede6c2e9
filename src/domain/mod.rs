//! The domain: plain types for a practice's risk analysis and the pure rules over them
//! (scales, matrices, labels, treatment rules, register orders and the findings). Nothing here knows about the terminal, SQL or files.

pub mod access;
pub mod action_change;
pub mod breach;
pub mod calendar;
pub mod carry;
pub mod catalog;
pub mod change_log;
pub mod changes;
pub mod contingency;
pub mod findings;
pub mod incident;
mod labeled;
mod methodology;
pub mod model;
pub mod order;
pub mod parse;
pub mod policy;
pub mod readiness;
pub mod record;
mod resolution;
pub mod review_rules;
pub mod risk_rules;
pub mod scale;
mod scope;
pub mod status;
pub mod training;
pub mod vendor;
mod workspace;

pub use carry::{AssessmentSignature, CarriedEntity, CarriedItem, CarrySummary, RetiredAsset};
pub use findings::{Finding, FindingCounts, RecordRef, Rule, blocking_open, findings};
pub use incident::{Incident, IncidentField, IncidentStatus, TimelineEntry, TimelineKind};
pub use labeled::Labeled;
pub use methodology::{LikelihoodBasis, Methodology};
pub use model::*;
pub use record::{Field, Record, Value, ValueKind};
pub use resolution::{Acknowledgment, CoverageNote, SignOffRecord, SignedReport};
pub use risk_rules::{
    next_actions, records_affected, register_order, register_order_of, treatment_problem, unexplained_score,
};
pub use scale::{Level, RiskMatrix, Scale, Severity};
pub use scope::{Retirement, ScopeCounts, asset_label_of};
pub use status::{STATUS_COLUMN, Status};
pub use workspace::Workspace;
