//! The program's records in the whole-workspace export (`WorkspaceExport::program`): one
//! list per kind, each defaulted so a file written before the kind existed still reads.
//! Program records are the practice's (dated, shared by every year), so they sit beside
//! the people rather than under an assessment.

use serde::{Deserialize, Serialize};

use crate::domain::training::{Attendance, Course, RoleRequirement, TrainingSession};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgramExport {
    /// Training courses, by id.
    #[serde(default)]
    pub training_courses: Vec<Course>,
    /// The course matrix: which job role must take which course.
    #[serde(default)]
    pub training_requirements: Vec<RoleRequirement>,
    #[serde(default)]
    pub training_sessions: Vec<TrainingSession>,
    /// Who attended each session, completed or not, and when they attested.
    #[serde(default)]
    pub training_attendance: Vec<Attendance>,
}

impl ProgramExport {
    /// Nothing recorded: the export leaves the field out, so a workspace without program
    /// records exports exactly as before.
    pub fn is_empty(&self) -> bool {
        self == &ProgramExport::default()
    }
}
