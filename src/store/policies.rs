//! The policy register's SQL: policies (a record described by its fields, saved by
//! `Store::save_record`), their versions with stored documents, and their reviews. The
//! rules are the domain's (`domain::policy`): a version is created only by completing a
//! review (or with the policy, as its first), and is never deleted before its retention
//! end. Every write goes through `Store::write`, so the change log records each row.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, params};
use sha2::{Digest, Sha256};

use super::changelog::hex;
use super::records::{self, Stored};
use super::sql::{date_text, optional_date};
use super::{Result, Store, StoreError};
use crate::domain::policy::{
    Policy, PolicyRegister, PolicyReview, PolicyVersion, ReviewCompletion, ReviewOutcome, check_completion,
    may_delete_version,
};
use crate::domain::{Id, Labeled};

impl Stored for Policy {
    const FRAME: &'static [&'static str] = &[];
    fn frame_values(&self) -> Vec<rusqlite::types::Value> {
        Vec::new()
    }
    fn read_frame(&mut self, _row: &Row<'_>) -> rusqlite::Result<()> {
        Ok(())
    }
}

const VERSION_COLUMNS: &str =
    "id, policy_id, number, created, effective, changes, reference, file_name, file_sha256, file_size";

fn read_version(row: &Row<'_>) -> rusqlite::Result<PolicyVersion> {
    Ok(PolicyVersion {
        id: row.get(0)?,
        policy_id: row.get(1)?,
        number: row.get(2)?,
        created: optional_date(row, 3)?,
        effective: optional_date(row, 4)?,
        changes: row.get(5)?,
        reference: row.get(6)?,
        file_name: row.get(7)?,
        file_sha256: row.get(8)?,
        file_size: row.get::<_, Option<i64>>(9)?.and_then(|size| u64::try_from(size).ok()),
    })
}

const REVIEW_COLUMNS: &str = "id, policy_id, planned, done, reviewer_id, outcome, version_id, notes";

fn read_review(row: &Row<'_>) -> rusqlite::Result<PolicyReview> {
    let outcome: Option<String> = row.get(5)?;
    Ok(PolicyReview {
        id: row.get(0)?,
        policy_id: row.get(1)?,
        planned: optional_date(row, 2)?,
        done: optional_date(row, 3)?,
        reviewer_id: row.get(4)?,
        outcome: outcome.as_deref().and_then(ReviewOutcome::from_key),
        version_id: row.get(6)?,
        notes: row.get(7)?,
    })
}

/// Inserts a version (id 0: a new one), with its document's bytes if any; returns its id.
pub(super) fn insert_version(conn: &Connection, version: &PolicyVersion, file: Option<&[u8]>) -> Result<Id> {
    let id = (version.id != 0).then_some(version.id);
    conn.execute(
        &format!("INSERT INTO policy_versions ({VERSION_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"),
        params![
            id,
            version.policy_id,
            version.number,
            date_text(version.created),
            date_text(version.effective),
            version.changes,
            version.reference,
            version.file_name,
            version.file_sha256,
            version.file_size.map(|size| i64::try_from(size).unwrap_or(i64::MAX)),
        ],
    )?;
    let id = conn.last_insert_rowid();
    if let Some(bytes) = file {
        conn.execute(
            "INSERT INTO policy_version_files (version_id, content) VALUES (?1, ?2)",
            params![id, bytes],
        )?;
    }
    Ok(id)
}

/// Inserts a review (id 0: a new one); returns its id.
pub(super) fn insert_review(conn: &Connection, review: &PolicyReview) -> Result<Id> {
    let id = (review.id != 0).then_some(review.id);
    conn.execute(
        &format!("INSERT INTO policy_reviews ({REVIEW_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"),
        params![
            id,
            review.policy_id,
            date_text(review.planned),
            date_text(review.done),
            review.reviewer_id,
            review.outcome.map(Labeled::key),
            review.version_id,
            review.notes,
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// A version's document described from its bytes (name, SHA-256, size), never trusted
/// from the caller.
fn describe(version: &mut PolicyVersion, file: Option<(&str, &[u8])>) {
    if let Some((name, bytes)) = file {
        version.file_name = Some(name.to_string());
        version.file_sha256 = Some(hex(&Sha256::digest(bytes)));
        version.file_size = Some(bytes.len() as u64);
    }
}

impl Store {
    /// Every policy (by title), version and review.
    pub fn policy_register(&self) -> Result<PolicyRegister> {
        let mut policies: Vec<Policy> = self.records(None)?;
        crate::domain::order::sort_by_name(&mut policies, |policy: &Policy| &policy.title);
        let versions = self
            .conn
            .prepare(&format!(
                "SELECT {VERSION_COLUMNS} FROM policy_versions ORDER BY policy_id, effective, id"
            ))?
            .query_map([], read_version)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let reviews = self
            .conn
            .prepare(&format!(
                "SELECT {REVIEW_COLUMNS} FROM policy_reviews ORDER BY policy_id, coalesce(done, planned), id"
            ))?
            .query_map([], read_review)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(PolicyRegister {
            policies,
            versions,
            reviews,
        })
    }

    /// Adds a policy with its first version (the one adopted), in one transaction.
    pub fn add_policy(&mut self, policy: &Policy, first: &PolicyVersion, file: Option<(&str, &[u8])>) -> Result<Id> {
        if policy.title.trim().is_empty() {
            return Err(StoreError::Refused {
                field: "title",
                message: "policy title cannot be empty".into(),
            });
        }
        if first.number.trim().is_empty() || first.effective.is_none() {
            return Err(StoreError::Refused {
                field: "number",
                message: "a policy starts with its first version: its number and effective date".into(),
            });
        }
        let mut version = PolicyVersion {
            id: 0,
            number: first.number.trim().to_string(),
            created: first.created.or(first.effective),
            ..first.clone()
        };
        describe(&mut version, file);
        let new = Policy {
            id: 0,
            ..policy.clone()
        };
        self.write(|tx| {
            let id = records::insert_stored(tx.conn(), &new)?;
            version.policy_id = id;
            insert_version(tx.conn(), &version, file.map(|(_, bytes)| bytes))?;
            Ok(id)
        })
    }

    /// Plans a review of the policy on a date; returns its id.
    pub fn plan_policy_review(&mut self, policy_id: Id, planned: NaiveDate) -> Result<Id> {
        self.policy(policy_id)?;
        let review = PolicyReview {
            policy_id,
            planned: Some(planned),
            ..PolicyReview::default()
        };
        self.write(|tx| insert_review(tx.conn(), &review))
    }

    /// Completes a review of the policy: the planned review that is still open (the
    /// earliest), or a new one. An outcome of "new version" creates the version in the
    /// same transaction. This is the only way the next review date and the current
    /// version change. Returns the review's id.
    pub fn complete_policy_review(
        &mut self,
        policy_id: Id,
        completion: &ReviewCompletion,
        file: Option<(&str, &[u8])>,
        today: NaiveDate,
    ) -> Result<Id> {
        self.policy(policy_id)?;
        let register = self.policy_register()?;
        let versions = register.versions_of(policy_id);
        let new_version = check_completion(completion, &versions, today).map_err(|problem| StoreError::Refused {
            field: problem.field,
            message: problem.message,
        })?;
        let open = register
            .reviews_of(policy_id)
            .into_iter()
            .filter(|review| !review.is_done())
            .min_by_key(|review| (review.planned, review.id));
        self.write(|tx| {
            let version_id = match new_version {
                Some(mut version) => {
                    version.policy_id = policy_id;
                    describe(&mut version, file);
                    Some(insert_version(tx.conn(), &version, file.map(|(_, bytes)| bytes))?)
                }
                None => None,
            };
            let review = PolicyReview {
                id: open.as_ref().map_or(0, |review| review.id),
                policy_id,
                planned: open.as_ref().and_then(|review| review.planned),
                done: completion.done,
                reviewer_id: completion.reviewer_id,
                outcome: completion.outcome,
                version_id,
                notes: completion.notes.trim().to_string(),
            };
            if review.id == 0 {
                insert_review(tx.conn(), &review)
            } else {
                tx.execute(
                    "UPDATE policy_reviews SET done = ?2, reviewer_id = ?3, outcome = ?4, version_id = ?5, notes = ?6
                     WHERE id = ?1",
                    params![
                        review.id,
                        date_text(review.done),
                        review.reviewer_id,
                        review.outcome.map(Labeled::key),
                        review.version_id,
                        review.notes,
                    ],
                )?;
                Ok(review.id)
            }
        })
    }

    /// Deletes a version once its retention end has passed (§164.316(b)(2)(i)); before,
    /// refused with the date it may be.
    pub fn delete_policy_version(&mut self, version_id: Id, today: NaiveDate) -> Result<()> {
        let register = self.policy_register()?;
        let version = register
            .versions
            .iter()
            .find(|version| version.id == version_id)
            .ok_or_else(|| StoreError::Missing {
                entity: "policy version",
                id: version_id.to_string(),
            })?;
        let versions = register.versions_of(version.policy_id);
        if let Err(end) = may_delete_version(version, &versions, today) {
            return Err(StoreError::Refused {
                field: "version",
                message: format!(
                    "version {} must be kept until {end}: six years after it was created or last in effect \
                     (§164.316(b)(2)(i))",
                    version.number
                ),
            });
        }
        self.write(|tx| {
            tx.execute(
                "UPDATE policy_reviews SET version_id = NULL WHERE version_id = ?1",
                [version_id],
            )?;
            tx.execute("DELETE FROM policy_versions WHERE id = ?1", [version_id])?;
            Ok(())
        })
    }

    /// Deletes a policy with its reviews, only when none of its versions is still kept.
    pub fn delete_policy(&mut self, policy_id: Id, today: NaiveDate) -> Result<()> {
        let policy = self.policy(policy_id)?;
        let register = self.policy_register()?;
        let versions = register.versions_of(policy_id);
        let kept = versions
            .iter()
            .filter_map(|version| may_delete_version(version, &versions, today).err())
            .max();
        if let Some(end) = kept {
            return Err(StoreError::Refused {
                field: "policy",
                message: format!(
                    "{} must be kept until {end}: its versions are kept six years after they were created or \
                     last in effect (§164.316(b)(2)(i))",
                    policy.title
                ),
            });
        }
        self.write(|tx| {
            tx.execute("DELETE FROM policies WHERE id = ?1", [policy_id])?;
            Ok(())
        })
    }

    /// One policy by id.
    pub fn policy(&self, policy_id: Id) -> Result<Policy> {
        self.records::<Policy>(None)?
            .into_iter()
            .find(|policy| policy.id == policy_id)
            .ok_or_else(|| StoreError::Missing {
                entity: "policy",
                id: policy_id.to_string(),
            })
    }

    /// Stores a document for a version that has none yet (one recorded before its file
    /// was at hand). A version's stored document is kept as it was: replacing it would
    /// lose the record §164.316(b)(2)(i) keeps for six years, so a second one is refused.
    pub fn attach_policy_version_file(&mut self, version_id: Id, name: &str, bytes: &[u8]) -> Result<()> {
        let register = self.policy_register()?;
        let Some(version) = register.versions.iter().find(|version| version.id == version_id) else {
            return Err(StoreError::Missing {
                entity: "policy version",
                id: version_id.to_string(),
            });
        };
        if let Some(stored) = &version.file_name {
            return Err(StoreError::Refused {
                field: "attach",
                message: format!(
                    "Version {} already keeps {stored}; a stored document is not replaced (record a new version \
                     by completing a review)",
                    version.number
                ),
            });
        }
        let mut described = version.clone();
        describe(&mut described, Some((name, bytes)));
        self.write(|tx| {
            tx.execute(
                "UPDATE policy_versions SET file_name = ?2, file_sha256 = ?3, file_size = ?4 WHERE id = ?1",
                params![
                    version_id,
                    described.file_name,
                    described.file_sha256,
                    described.file_size.map(|size| i64::try_from(size).unwrap_or(i64::MAX)),
                ],
            )?;
            tx.execute(
                "INSERT INTO policy_version_files (version_id, content) VALUES (?1, ?2)",
                params![version_id, bytes],
            )?;
            Ok(())
        })
    }

    /// A version's stored document.
    pub fn policy_version_file(&self, version_id: Id) -> Result<Option<Vec<u8>>> {
        Ok(self
            .conn
            .query_row(
                "SELECT content FROM policy_version_files WHERE version_id = ?1",
                [version_id],
                |row| row.get(0),
            )
            .optional()?)
    }
}

#[cfg(test)]
#[path = "policies_tests.rs"]
mod tests;
