//! The domain: plain types for a practice's risk analysis and the pure rules over them
//! (scales, matrices, labels, treatment rules and register orders). Nothing here knows about the terminal, SQL or files.

pub mod carry;
pub mod changes;
mod labeled;
pub mod model;
pub mod readiness;
pub mod review_rules;
pub mod risk_rules;
pub mod scale;
mod workspace;

pub use carry::{AssessmentSignature, CarriedEntity, CarriedItem, CarrySummary};
pub use labeled::Labeled;
pub use model::*;
pub use risk_rules::{next_actions, records_affected, register_order, treatment_problem};
pub use scale::{Level, RiskMatrix, Scale, Severity};
pub use workspace::Workspace;
