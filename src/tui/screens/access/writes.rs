//! The Access screen's store writes: a user list into its system's open review, and a
//! decision on one account (by the assessor, today).

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::domain::access::{AccessAccount, Decision};
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
        }
    }
}
