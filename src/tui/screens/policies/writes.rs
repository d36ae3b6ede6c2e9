//! The Policies screen's writes: completing a review (with the version it creates) and
//! deleting a version past its retention end. The rules are the store's and the domain's;
//! a refusal comes back naming the form's field.

use chrono::NaiveDate;

use crate::domain::Id;
use crate::domain::policy::{ReviewCompletion, ReviewOutcome};
use crate::store::Store;
use crate::tui::protocol::{StoreWrite, Written};

pub enum PolicyWrite {
    Complete {
        policy_id: Id,
        completion: ReviewCompletion,
    },
    DeleteVersion(Id),
}

impl StoreWrite for PolicyWrite {
    fn apply(self: Box<Self>, store: &mut Store, today: NaiveDate) -> crate::store::Result<Written> {
        match *self {
            PolicyWrite::Complete { policy_id, completion } => {
                store.complete_policy_review(policy_id, &completion, None, today)?;
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
        }
    }
}
