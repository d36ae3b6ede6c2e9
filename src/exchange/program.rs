//! The program records of a workspace export (`WorkspaceExport::program`): records dated
//! between analyses, not per assessment. One field per kind, each defaulted, so an export
//! written before a kind existed still reads.

use serde::{Deserialize, Serialize};

use crate::domain::incident::{Incident, RescoreMark};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgramExport {
    /// Security incidents with their breach assessments, timelines and links.
    #[serde(default)]
    pub incidents: Vec<Incident>,
    /// The scenarios marked to score again in the analyses incidents started.
    #[serde(default)]
    pub rescores: Vec<RescoreMark>,
}
