//! Access reviews, their accounts and the access events recorded outside reviews
//! (`domain::access`). Program records: shared by every year (no assessment id), logged
//! like every write, read by a year's report by their dates.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row};

use super::sql::{date, date_text, optional_date};
use super::{Result, Store, StoreError};
use crate::domain::access::{
    AccessAccount, AccessEvent, AccessEventKind, AccessRecords, AccessReview, DEFAULT_CYCLE_MONTHS,
    DEFAULT_REVOKE_LIMIT_DAYS, Decision, REVOKE_LIMIT_SETTING,
};
use crate::domain::{Id, Labeled};

const REVIEW_COLUMNS: &str = "id, system, started, completed, reviewer_id, cycle_months";
const ACCOUNT_COLUMNS: &str = "id, review_id, user, name, role, active, last_login, decision, decided_by, decided_on";
const EVENT_COLUMNS: &str = "id, person_id, system, kind, date, approved_by, notes";

fn review_from_row(row: &Row<'_>) -> rusqlite::Result<AccessReview> {
    Ok(AccessReview {
        id: row.get(0)?,
        system: row.get(1)?,
        started: date(row, 2)?,
        completed: optional_date(row, 3)?,
        reviewer: row.get(4)?,
        cycle_months: row.get(5)?,
    })
}

fn choice<T: Labeled>(row: &Row<'_>, index: usize) -> rusqlite::Result<Option<T>> {
    let text: Option<String> = row.get(index)?;
    text.map(|text| {
        T::from_key(&text).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                index,
                rusqlite::types::Type::Text,
                format!("unknown value `{text}`").into(),
            )
        })
    })
    .transpose()
}

fn account_from_row(row: &Row<'_>) -> rusqlite::Result<AccessAccount> {
    Ok(AccessAccount {
        id: row.get(0)?,
        review_id: row.get(1)?,
        user: row.get(2)?,
        name: row.get(3)?,
        role: row.get(4)?,
        active: row.get(5)?,
        last_login: optional_date(row, 6)?,
        decision: choice::<Decision>(row, 7)?,
        decided_by: row.get(8)?,
        decided_on: optional_date(row, 9)?,
    })
}

fn event_from_row(row: &Row<'_>) -> rusqlite::Result<AccessEvent> {
    Ok(AccessEvent {
        id: row.get(0)?,
        person_id: row.get(1)?,
        system: row.get(2)?,
        kind: choice::<AccessEventKind>(row, 3)?.unwrap_or(AccessEventKind::Changed),
        date: date(row, 4)?,
        approved_by: row.get(5)?,
        notes: row.get(6)?,
    })
}

/// Inserts a review, keeping its id unless it is 0; returns the id.
pub(super) fn insert_review(conn: &Connection, review: &AccessReview) -> Result<Id> {
    conn.execute(
        "INSERT INTO access_reviews (id, system, started, completed, reviewer_id, cycle_months)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        (
            (review.id != 0).then_some(review.id),
            review.system.trim(),
            date_text(Some(review.started)),
            date_text(review.completed),
            review.reviewer,
            review.cycle_months,
        ),
    )?;
    Ok(conn.last_insert_rowid())
}

/// Inserts an account of a review, keeping its id unless it is 0; returns the id.
pub(super) fn insert_account(conn: &Connection, account: &AccessAccount) -> Result<Id> {
    conn.execute(
        "INSERT INTO access_accounts (id, review_id, user, name, role, active, last_login, decision, decided_by, decided_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        (
            (account.id != 0).then_some(account.id),
            account.review_id,
            &account.user,
            &account.name,
            &account.role,
            account.active,
            date_text(account.last_login),
            account.decision.map(Labeled::key),
            &account.decided_by,
            date_text(account.decided_on),
        ),
    )?;
    Ok(conn.last_insert_rowid())
}

/// Inserts an access event, keeping its id unless it is 0; returns the id.
pub(super) fn insert_event(conn: &Connection, event: &AccessEvent) -> Result<Id> {
    conn.execute(
        "INSERT INTO access_events (id, person_id, system, kind, date, approved_by, notes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        (
            (event.id != 0).then_some(event.id),
            event.person_id,
            event.system.trim(),
            event.kind.key(),
            date_text(Some(event.date)),
            event.approved_by,
            &event.notes,
        ),
    )?;
    Ok(conn.last_insert_rowid())
}

/// What an import of a user list did to its review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListImported {
    pub review_id: Id,
    /// A review was started for the list (none was open).
    pub started: bool,
    pub added: usize,
    pub updated: usize,
    /// Accounts of the open review the new list no longer has.
    pub dropped: usize,
}

/// Sets a review's completion from its accounts: the day of the last decision once every
/// account has one, none before.
fn settle_completion(conn: &Connection, review_id: Id) -> Result<()> {
    // Only when it changes: an update to the same value would still be a row in the log.
    let settled = "(SELECT CASE WHEN count(*) > 0 AND count(decision) = count(*) THEN max(decided_on) END
                    FROM access_accounts WHERE review_id = ?1)";
    conn.execute(
        &format!("UPDATE access_reviews SET completed = {settled} WHERE id = ?1 AND completed IS NOT {settled}"),
        [review_id],
    )?;
    Ok(())
}

impl Store {
    /// Every access record, with the revoke limit setting.
    pub fn access_records(&self) -> Result<AccessRecords> {
        let mut statement = self.conn.prepare(&format!(
            "SELECT {REVIEW_COLUMNS} FROM access_reviews ORDER BY system, started, id"
        ))?;
        let reviews = statement
            .query_map([], review_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        let mut statement = self.conn.prepare(&format!(
            "SELECT {ACCOUNT_COLUMNS} FROM access_accounts ORDER BY review_id, user COLLATE NOCASE, id"
        ))?;
        let accounts = statement
            .query_map([], account_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        let mut statement = self
            .conn
            .prepare(&format!("SELECT {EVENT_COLUMNS} FROM access_events ORDER BY date, id"))?;
        let events = statement
            .query_map([], event_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(AccessRecords {
            reviews,
            accounts,
            events,
            revoke_limit_days: self.revoke_limit_days()?,
        })
    }

    /// Business days allowed from a termination to the access revoked (the workspace
    /// setting, default one).
    pub fn revoke_limit_days(&self) -> Result<u32> {
        Ok(self
            .setting(REVOKE_LIMIT_SETTING)?
            .and_then(|value| value.parse().ok())
            .unwrap_or(DEFAULT_REVOKE_LIMIT_DAYS))
    }

    pub fn set_revoke_limit_days(&mut self, days: u32) -> Result<()> {
        let value = days.to_string();
        self.write(|tx| {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2",
                (REVOKE_LIMIT_SETTING, &value),
            )?;
            Ok(())
        })
    }

    /// Adds a review (with its accounts, ids 0) in one write; returns its id. For the demo
    /// and tests; a user list comes in through `import_access_list`.
    pub fn add_access_review(&mut self, review: &AccessReview, accounts: &[AccessAccount]) -> Result<Id> {
        require_system(&review.system)?;
        self.write(|tx| {
            let id = insert_review(
                tx.conn(),
                &AccessReview {
                    id: 0,
                    ..review.clone()
                },
            )?;
            for account in accounts {
                insert_account(
                    tx.conn(),
                    &AccessAccount {
                        id: 0,
                        review_id: id,
                        ..account.clone()
                    },
                )?;
            }
            settle_completion(tx.conn(), id)?;
            Ok(id)
        })
    }

    /// The open (not completed) review of a system, if any: the latest.
    pub fn open_access_review(&self, system: &str) -> Result<Option<AccessReview>> {
        Ok(self
            .conn
            .query_row(
                &format!(
                    "SELECT {REVIEW_COLUMNS} FROM access_reviews WHERE system = ?1 AND completed IS NULL
                     ORDER BY started DESC, id DESC LIMIT 1"
                ),
                [system.trim()],
                review_from_row,
            )
            .optional()?)
    }

    /// Puts a system's user list into its open review, or starts one on `today` (with the
    /// cycle of the system's last review) when none is open, in one write. Accounts are
    /// matched by user in any case: a matched one takes the list's name, role, active and
    /// last login and keeps its decision; one the list no longer has is dropped.
    pub fn import_access_list(
        &mut self,
        system: &str,
        accounts: &[AccessAccount],
        today: NaiveDate,
    ) -> Result<ListImported> {
        require_system(system)?;
        let system = system.trim().to_string();
        let open = self.open_access_review(&system)?;
        let cycle: Option<u32> = self
            .conn
            .query_row(
                "SELECT cycle_months FROM access_reviews WHERE system = ?1 ORDER BY started DESC, id DESC LIMIT 1",
                [&system],
                |row| row.get(0),
            )
            .optional()?;
        let existing: Vec<AccessAccount> = match &open {
            Some(review) => self
                .access_records()?
                .accounts
                .into_iter()
                .filter(|account| account.review_id == review.id)
                .collect(),
            None => Vec::new(),
        };
        self.write(|tx| {
            let conn = tx.conn();
            let (review_id, started) = match &open {
                Some(review) => (review.id, false),
                None => {
                    let mut review = AccessReview::new(&system, today);
                    review.cycle_months = cycle.unwrap_or(DEFAULT_CYCLE_MONTHS);
                    (insert_review(conn, &review)?, true)
                }
            };
            let mut outcome = ListImported {
                review_id,
                started,
                added: 0,
                updated: 0,
                dropped: 0,
            };
            let same = |a: &str, b: &str| a.trim().to_lowercase() == b.trim().to_lowercase();
            for account in accounts {
                match existing.iter().find(|before| same(&before.user, &account.user)) {
                    Some(before) => {
                        conn.execute(
                            "UPDATE access_accounts SET user = ?2, name = ?3, role = ?4, active = ?5, last_login = ?6
                             WHERE id = ?1",
                            (
                                before.id,
                                &account.user,
                                &account.name,
                                &account.role,
                                account.active,
                                date_text(account.last_login),
                            ),
                        )?;
                        outcome.updated += 1;
                    }
                    None => {
                        insert_account(
                            conn,
                            &AccessAccount {
                                id: 0,
                                review_id,
                                decision: None,
                                decided_by: String::new(),
                                decided_on: None,
                                ..account.clone()
                            },
                        )?;
                        outcome.added += 1;
                    }
                }
            }
            for before in &existing {
                if !accounts.iter().any(|account| same(&account.user, &before.user)) {
                    conn.execute("DELETE FROM access_accounts WHERE id = ?1", [before.id])?;
                    outcome.dropped += 1;
                }
            }
            settle_completion(conn, review_id)?;
            Ok(outcome)
        })
    }

    /// Records (or clears, with None) the decision on one account, by whom and when; the
    /// review completes when every account has one.
    pub fn decide_access(&mut self, account_id: Id, decision: Option<Decision>, by: &str, on: NaiveDate) -> Result<()> {
        let review_id: Option<Id> = self
            .conn
            .query_row(
                "SELECT review_id FROM access_accounts WHERE id = ?1",
                [account_id],
                |row| row.get(0),
            )
            .optional()?;
        let review_id = review_id.ok_or_else(|| StoreError::Missing {
            entity: "account",
            id: account_id.to_string(),
        })?;
        self.write(|tx| {
            tx.execute(
                "UPDATE access_accounts SET decision = ?2, decided_by = ?3, decided_on = ?4 WHERE id = ?1",
                (
                    account_id,
                    decision.map(Labeled::key),
                    if decision.is_some() { by } else { "" },
                    decision.and(date_text(Some(on))),
                ),
            )?;
            settle_completion(tx.conn(), review_id)
        })
    }

    /// Sets a review's reviewer (a person, or none) and its cycle in months (at least one),
    /// in one write; a review of a signed year is no different: reviews belong to no year.
    pub fn set_access_review(&mut self, review_id: Id, reviewer: Option<Id>, cycle_months: u32) -> Result<()> {
        if !(1..=crate::domain::access::MAX_CYCLE_MONTHS).contains(&cycle_months) {
            return Err(StoreError::Refused {
                field: "cycle_months",
                message: format!(
                    "a review's cycle is 1 to {} months",
                    crate::domain::access::MAX_CYCLE_MONTHS
                ),
            });
        }
        let exists: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM access_reviews WHERE id = ?1)",
            [review_id],
            |row| row.get(0),
        )?;
        if !exists {
            return Err(StoreError::Missing {
                entity: "access review",
                id: review_id.to_string(),
            });
        }
        if let Some(person) = reviewer {
            self.person(person)?;
        }
        self.write(|tx| {
            // Only when it changes: an update to the same values would still be a row in the log.
            tx.execute(
                "UPDATE access_reviews SET reviewer_id = ?2, cycle_months = ?3
                 WHERE id = ?1 AND (reviewer_id IS NOT ?2 OR cycle_months IS NOT ?3)",
                (review_id, reviewer, cycle_months),
            )?;
            Ok(())
        })
    }

    /// Records access granted, changed or revoked outside a review; returns its id.
    pub fn add_access_event(&mut self, event: &AccessEvent) -> Result<Id> {
        require_system(&event.system)?;
        self.person(event.person_id)?;
        self.write(|tx| insert_event(tx.conn(), &AccessEvent { id: 0, ..event.clone() }))
    }
}

impl Store {
    /// Whether an access review or event names the person (reviewer, person, approver):
    /// deleting them keeps their row, marked removed, so those records still resolve.
    pub(super) fn named_by_access_records(&self, person_id: Id) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM access_reviews WHERE reviewer_id = ?1)
                 OR EXISTS (SELECT 1 FROM access_events WHERE person_id = ?1 OR approved_by = ?1)",
            [person_id],
            |row| row.get(0),
        )?)
    }
}

fn require_system(system: &str) -> Result<()> {
    if system.trim().is_empty() {
        return Err(StoreError::Invalid("an access review needs a system".to_string()));
    }
    Ok(())
}

#[cfg(test)]
#[path = "access_tests.rs"]
mod tests;
