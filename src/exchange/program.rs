//! The program records of a workspace export (`WorkspaceExport::program`): records dated
//! rather than kept per assessment, one list per kind. Each list defaults to empty, so an
//! export written before a kind existed still reads.

use serde::{Deserialize, Serialize};

use crate::domain::access::{AccessAccount, AccessEvent, AccessReview};

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
}
