//! The program records of a workspace export, checked and restored (a part of `restore`,
//! which owns the checker and the transaction): one function per kind.

use super::*;
use crate::exchange::program::ProgramExport;

/// The program records of the workspace, for its export.
pub(in crate::store) fn program_export(store: &Store) -> Result<ProgramExport> {
    let access = store.access_records()?;
    let mut access_reviews = access.reviews;
    access_reviews.sort_by_key(|review| review.id);
    let mut access_accounts = access.accounts;
    access_accounts.sort_by_key(|account| account.id);
    let mut access_events = access.events;
    access_events.sort_by_key(|event| event.id);
    Ok(ProgramExport {
        access_reviews,
        access_accounts,
        access_events,
        ..ProgramExport::default()
    })
}

/// Unique positive ids, and every review, person and approver named exists.
pub(super) fn validate_access(check: &mut Checker, program: &ProgramExport) -> Result<(), ExportProblem> {
    for (i, review) in program.access_reviews.iter().enumerate() {
        let path = format!("program.access_reviews[{i}]");
        check.define(&path, "access review", review.id)?;
        let record = format!("access review {} of {:?}", review.id, review.system);
        if review.system.trim().is_empty() {
            return Err(problem(
                format!("{path}.system"),
                format!("a review needs its system ({record})"),
            ));
        }
        check.refer(format!("{path}.reviewer"), "person", review.reviewer, &record);
    }
    let mut users = BTreeSet::new();
    for (i, account) in program.access_accounts.iter().enumerate() {
        let path = format!("program.access_accounts[{i}]");
        check.define(&path, "access account", account.id)?;
        let record = format!("account {} {:?}", account.id, account.user);
        check.refer(
            format!("{path}.review_id"),
            "access review",
            Some(account.review_id),
            &record,
        );
        once(
            &mut users,
            (account.review_id, account.user.as_str()),
            format!("{path}.user"),
            || format!("{record} is listed twice in its review"),
        )?;
    }
    for (i, event) in program.access_events.iter().enumerate() {
        let path = format!("program.access_events[{i}]");
        check.define(&path, "access event", event.id)?;
        let record = format!("access event {} of {:?}", event.id, event.system);
        check.refer(format!("{path}.person_id"), "person", Some(event.person_id), &record);
        check.refer(format!("{path}.approved_by"), "person", event.approved_by, &record);
    }
    Ok(())
}

/// Inserts the access records with their ids.
pub(super) fn insert_access(tx: &Writer<'_>, program: &ProgramExport) -> Result<()> {
    for review in &program.access_reviews {
        crate::store::access::insert_review(tx.conn(), review)?;
    }
    for account in &program.access_accounts {
        crate::store::access::insert_account(tx.conn(), account)?;
    }
    for event in &program.access_events {
        crate::store::access::insert_event(tx.conn(), event)?;
    }
    Ok(())
}
