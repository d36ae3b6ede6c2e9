//! The Policies screen's writes: completing a review (with the version it creates) and
//! deleting a version past its retention end. The rules are the store's and the domain's;
//! a refusal comes back naming the form's field.

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::domain::Id;
use crate::domain::policy::{ReviewCompletion, ReviewOutcome};
use crate::store::{Store, StoreError};
use crate::tui::protocol::{StoreWrite, Written};

pub enum PolicyWrite {
    Complete {
        policy_id: Id,
        completion: ReviewCompletion,
        /// The new version's document: its name and bytes.
        file: Option<(String, Vec<u8>)>,
    },
    DeleteVersion(Id),
    /// A document for a version recorded without one.
    AttachFile {
        version_id: Id,
        name: String,
        bytes: Vec<u8>,
    },
    /// A version's stored document written out, never over an existing file.
    SaveFileOut {
        version_id: Id,
        path: PathBuf,
    },
}

impl StoreWrite for PolicyWrite {
    fn apply(self: Box<Self>, store: &mut Store, today: NaiveDate) -> crate::store::Result<Written> {
        match *self {
            PolicyWrite::Complete {
                policy_id,
                completion,
                file,
            } => {
                let document = file.as_ref().map(|(name, bytes)| (name.as_str(), bytes.as_slice()));
                store.complete_policy_review(policy_id, &completion, document, today)?;
                let title = store.policy(policy_id)?.title;
                let message = match completion.outcome {
                    Some(ReviewOutcome::NewVersion) => {
                        format!(
                            "Review of {title} completed: version {} recorded",
                            completion.number.trim()
                        )
                    }
                    _ => format!("Review of {title} completed: no change"),
                };
                Ok(Written::saved(policy_id, message))
            }
            PolicyWrite::DeleteVersion(version_id) => {
                store.delete_policy_version(version_id, today)?;
                Ok(Written::message("Policy version deleted"))
            }
            PolicyWrite::AttachFile {
                version_id,
                name,
                bytes,
            } => {
                store.attach_policy_version_file(version_id, &name, &bytes)?;
                Ok(Written::message(format!("Stored {name} ({} bytes)", bytes.len())))
            }
            PolicyWrite::SaveFileOut { version_id, path } => {
                let bytes = store.policy_version_file(version_id)?.ok_or(StoreError::Refused {
                    field: "version",
                    message: "That version keeps no file".to_string(),
                })?;
                crate::output::write(&path, &bytes, crate::output::Rules::new_only()).map_err(|error| {
                    StoreError::Refused {
                        field: "path",
                        message: error.to_string(),
                    }
                })?;
                Ok(Written::message(format!(
                    "Saved {} ({} bytes) unchanged",
                    path.display(),
                    bytes.len()
                )))
            }
        }
    }
}
