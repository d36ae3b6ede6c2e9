//! Access reviews (§164.308(a)(3)(ii)(B)-(C), (a)(4)(ii)(B)-(C)): per ePHI system, a review
//! holds the accounts of the user list exported from that system, each compared with the
//! previous completed review of the same system and with the roster, and a decision per
//! account. Grants, changes and revocations can also be recorded outside reviews. Pure
//! types and rules; the store keeps them in tables of their own (program records: dated,
//! not per assessment).
//!
//! A system is named by its asset's name, not its id: assets are copied into each year's
//! assessment with new ids, while a review belongs to no year.

mod rules;
#[cfg(test)]
mod tests;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::model::Id;
use crate::labeled_enum;

pub use rules::*;

/// Months between reviews of a system when nothing else is said: quarterly.
pub const DEFAULT_CYCLE_MONTHS: u32 = 3;
/// Business days allowed from a termination to the access revoked, unless the workspace
/// setting says otherwise.
pub const DEFAULT_REVOKE_LIMIT_DAYS: u32 = 1;
/// The workspace setting holding the revoke limit in business days.
pub const REVOKE_LIMIT_SETTING: &str = "access_revoke_limit_days";

/// The longest review cycle accepted (ten years): a longer one would put the next review
/// past the calendar's range, and the review would silently never fall due.
pub const MAX_CYCLE_MONTHS: u32 = 120;

/// One review of one system's accounts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessReview {
    #[serde(default)]
    pub id: Id,
    /// The system's name (an asset of the inventory).
    pub system: String,
    pub started: NaiveDate,
    /// Set when every account has a decision: the day of the last one.
    #[serde(default)]
    pub completed: Option<NaiveDate>,
    #[serde(default)]
    pub reviewer: Option<Id>,
    /// Months until the next review is due, counted from this one's completion.
    pub cycle_months: u32,
}

impl AccessReview {
    pub fn new(system: &str, started: NaiveDate) -> AccessReview {
        AccessReview {
            id: 0,
            system: system.to_string(),
            started,
            completed: None,
            reviewer: None,
            cycle_months: DEFAULT_CYCLE_MONTHS,
        }
    }
}

labeled_enum! {
    /// What the reviewer decided for one account.
    pub enum Decision {
        Keep => ("keep", "Keep"),
        Change => ("change", "Change"),
        Revoke => ("revoke", "Revoke"),
        Investigate => ("investigate", "Investigate"),
    }
}

/// One account of a review's user list, with its decision.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessAccount {
    #[serde(default)]
    pub id: Id,
    #[serde(default)]
    pub review_id: Id,
    /// The login as the system spells it.
    pub user: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub role: String,
    pub active: bool,
    #[serde(default)]
    pub last_login: Option<NaiveDate>,
    #[serde(default)]
    pub decision: Option<Decision>,
    /// Who decided, by name.
    #[serde(default)]
    pub decided_by: String,
    #[serde(default)]
    pub decided_on: Option<NaiveDate>,
}

labeled_enum! {
    /// An access change recorded outside a review.
    pub enum AccessEventKind {
        Granted => ("granted", "Granted"),
        Changed => ("changed", "Changed"),
        Revoked => ("revoked", "Revoked"),
    }
}

/// Access granted, changed or revoked for one person on one system, and who approved it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessEvent {
    #[serde(default)]
    pub id: Id,
    pub person_id: Id,
    pub system: String,
    pub kind: AccessEventKind,
    pub date: NaiveDate,
    #[serde(default)]
    pub approved_by: Option<Id>,
    #[serde(default)]
    pub notes: String,
}

/// Every access record of a workspace, as the screens, findings and report read them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccessRecords {
    /// By system, then start date.
    pub reviews: Vec<AccessReview>,
    /// By review, then user.
    pub accounts: Vec<AccessAccount>,
    /// By date.
    pub events: Vec<AccessEvent>,
    /// Business days allowed from termination to access revoked.
    pub revoke_limit_days: u32,
}

impl Default for AccessRecords {
    fn default() -> Self {
        AccessRecords {
            reviews: Vec::new(),
            accounts: Vec::new(),
            events: Vec::new(),
            revoke_limit_days: DEFAULT_REVOKE_LIMIT_DAYS,
        }
    }
}

impl AccessRecords {
    pub fn review(&self, id: Id) -> Option<&AccessReview> {
        self.reviews.iter().find(|review| review.id == id)
    }

    /// The accounts of one review, in stored order.
    pub fn accounts_of(&self, review_id: Id) -> impl Iterator<Item = &AccessAccount> {
        self.accounts
            .iter()
            .filter(move |account| account.review_id == review_id)
    }

    /// The systems with a review or an event, by name.
    pub fn systems(&self) -> Vec<&str> {
        let mut systems: Vec<&str> = self
            .reviews
            .iter()
            .map(|review| review.system.as_str())
            .chain(self.events.iter().map(|event| event.system.as_str()))
            .collect();
        systems.sort_unstable();
        systems.dedup();
        systems
    }

    /// The records dated within [from, to]: reviews by their start, events by their date.
    /// A year's report reads its period's records (they are dated, not copied per year);
    /// the accounts follow their reviews.
    pub fn within(&self, from: NaiveDate, to: NaiveDate) -> AccessRecords {
        let reviews: Vec<AccessReview> = self
            .reviews
            .iter()
            .filter(|review| (from..=to).contains(&review.started))
            .cloned()
            .collect();
        let accounts = self
            .accounts
            .iter()
            .filter(|account| reviews.iter().any(|review| review.id == account.review_id))
            .cloned()
            .collect();
        AccessRecords {
            reviews,
            accounts,
            events: self
                .events
                .iter()
                .filter(|event| (from..=to).contains(&event.date))
                .cloned()
                .collect(),
            revoke_limit_days: self.revoke_limit_days,
        }
    }
}
