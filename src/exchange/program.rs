//! The program records of a workspace export (`WorkspaceExport::program`): records dated
//! rather than kept per assessment, one list per kind. Each list defaults to empty, so an
//! export written before a kind existed still reads.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::workspace::base64;
use crate::domain::access::{AccessAccount, AccessEvent, AccessReview};
use crate::domain::contingency::ContingencyTest;
use crate::domain::incident::{Incident, RescoreMark};
use crate::domain::policy::{Policy, PolicyReview, PolicyVersion};
use crate::domain::training::{Attendance, Course, RoleRequirement, TrainingSession};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgramExport {
    /// Access reviews, by id.
    #[serde(default)]
    pub access_reviews: Vec<AccessReview>,
    /// The accounts of the access reviews, by id, each naming its review.
    #[serde(default)]
    pub access_accounts: Vec<AccessAccount>,
    /// Access granted, changed or revoked outside reviews, by id.
    #[serde(default)]
    pub access_events: Vec<AccessEvent>,
    /// The policy register: policies, their versions (with stored documents), reviews.
    #[serde(default)]
    pub policies: Vec<Policy>,
    #[serde(default)]
    pub policy_versions: Vec<PolicyVersionExport>,
    #[serde(default)]
    pub policy_reviews: Vec<PolicyReview>,
    /// Security incidents with their breach assessments, timelines and links.
    #[serde(default)]
    pub incidents: Vec<Incident>,
    /// The scenarios marked to score again in the analyses incidents started.
    #[serde(default)]
    pub rescores: Vec<RescoreMark>,
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
    /// Contingency plan tests, by id.
    #[serde(default)]
    pub contingency_tests: Vec<ContingencyTest>,
}

impl ProgramExport {
    /// Nothing recorded: the export leaves the field out, so a workspace without program
    /// records exports exactly as before.
    pub fn is_empty(&self) -> bool {
        self == &ProgramExport::default()
    }
}

/// A policy version with its stored document's bytes (standard base64 with padding; null
/// when the version has none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyVersionExport {
    pub version: PolicyVersion,
    #[serde(default)]
    pub content_base64: Option<String>,
}

impl PolicyVersionExport {
    pub fn of(version: PolicyVersion, bytes: Option<&[u8]>) -> PolicyVersionExport {
        PolicyVersionExport {
            version,
            content_base64: bytes.map(base64::encode),
        }
    }

    /// The stored document's bytes, decoded and checked against the version's size and
    /// SHA-256.
    pub fn content(&self) -> Result<Option<Vec<u8>>, String> {
        let described = self.version.file_sha256.as_ref().zip(self.version.file_size);
        match (described, &self.content_base64) {
            (None, None) => Ok(None),
            (None, Some(_)) => Err("the version has no stored document, so content_base64 must be null".to_string()),
            (Some(_), None) => Err("the version describes a stored document but content_base64 is null".to_string()),
            (Some((sha256, size)), Some(text)) => {
                let bytes = base64::decode(text)?;
                if bytes.len() as u64 != size {
                    return Err(format!("{} bytes, but the version says {size}", bytes.len()));
                }
                let digest = Sha256::digest(&bytes).iter().fold(String::new(), |mut out, byte| {
                    let _ = write!(out, "{byte:02x}");
                    out
                });
                if &digest != sha256 {
                    return Err("the bytes do not match the version's SHA-256".to_string());
                }
                Ok(Some(bytes))
            }
        }
    }
}
