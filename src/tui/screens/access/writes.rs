//! The Access screen's store writes: a user list into its system's open review, a
//! decision on one account (by the assessor, today), an access change recorded outside a
//! review, and the settings (a review's reviewer and cycle, the revoke limit).

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::domain::access::{AccessAccount, AccessEvent, Decision};
use crate::domain::{Id, Labeled};
use crate::store::{Result, Store};
use crate::tui::protocol::{StoreWrite, Written};

pub enum AccessWrite {
    Import {
        system: String,
        path: PathBuf,
        accounts: Vec<AccessAccount>,
        /// The line naming the columns the file had that we do not keep.
        ignored: Option<String>,
    },
    Decide {
        account_id: Id,
        user: String,
        decision: Decision,
    },
    Event(AccessEvent),
    Settings {
        /// The review, its reviewer and its cycle in months.
        review: Option<(Id, Option<Id>, u32)>,
        revoke_limit_days: u32,
    },
}

impl StoreWrite for AccessWrite {
    fn apply(self: Box<Self>, store: &mut Store, today: NaiveDate) -> Result<Written> {
        match *self {
            AccessWrite::Import {
                system,
                path,
                accounts,
                ignored,
            } => {
                let outcome = store.import_access_list(&system, &accounts, today)?;
                let mut message = format!(
                    "Imported {} accounts of {system} from {}: {} added, {} updated, {} no longer listed",
                    accounts.len(),
                    path.display(),
                    outcome.added,
                    outcome.updated,
                    outcome.dropped
                );
                if let Some(line) = ignored {
                    message = format!("{message} · {line}");
                }
                Ok(Written::saved(outcome.review_id, message))
            }
            AccessWrite::Decide {
                account_id,
                user,
                decision,
            } => {
                let by = store.assessor()?;
                store.decide_access(account_id, Some(decision), &by, today)?;
                Ok(Written::saved(
                    account_id,
                    format!("{user}: {}", decision.label().to_lowercase()),
                ))
            }
            AccessWrite::Event(event) => {
                let id = store.add_access_event(&event)?;
                let person = store.person(event.person_id)?.name;
                Ok(Written::saved(
                    id,
                    format!(
                        "Recorded: access {} for {person} on {}, {}",
                        event.kind.label().to_lowercase(),
                        event.system,
                        event.date
                    ),
                ))
            }
            AccessWrite::Settings {
                review,
                revoke_limit_days,
            } => {
                // Two writes at most; one undo takes back both (it undoes the log rows this apply added).
                if let Some((id, reviewer, cycle)) = review {
                    store.set_access_review(id, reviewer, cycle)?;
                }
                if store.revoke_limit_days()? != revoke_limit_days {
                    store.set_revoke_limit_days(revoke_limit_days)?;
                }
                Ok(Written::message(format!(
                    "Saved: revoke limit {revoke_limit_days} business {}",
                    if revoke_limit_days == 1 { "day" } else { "days" }
                )))
            }
        }
    }
}
