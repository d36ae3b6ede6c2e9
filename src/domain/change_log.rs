//! A row of the tamper-evident change log, as the store keeps it and a workspace export
//! carries it. Only the plain record: writing, hashing and checking the chain are the
//! store's (`store::changelog`).

use serde::{Deserialize, Serialize};

/// One row of the change log as stored (and as a workspace export carries it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogEntry {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub entity: String,
    pub entity_id: String,
    pub operation: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub prev_hash: String,
    pub hash: String,
    /// The digest of every row after this change (hex); None on rows written before the
    /// log covered the data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
}
