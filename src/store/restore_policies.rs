//! The program records in a workspace export and back: read for `export`, checked by
//! `WorkspaceExport::validate`, written by the restore (`new --from`) before the change
//! log is replayed against them. One function per kind of record.

use super::Result;
use super::StoreError;
use super::Writer;
use super::restore::Checker;
use super::{Store, policies, records};
use crate::exchange::program::{PolicyVersionExport, ProgramExport};
use crate::exchange::workspace::{ExportProblem, problem};

/// The policy register of the workspace, ordered by id, into the export's program records.
pub(super) fn export_policies(store: &Store, program: &mut ProgramExport) -> Result<()> {
    let register = store.policy_register()?;
    let mut policies = register.policies;
    policies.sort_by_key(|policy| policy.id);
    let mut versions = register.versions;
    versions.sort_by_key(|version| version.id);
    let mut reviews = register.reviews;
    reviews.sort_by_key(|review| review.id);
    let mut policy_versions = Vec::new();
    for version in versions {
        let bytes = store.policy_version_file(version.id)?;
        policy_versions.push(PolicyVersionExport::of(version, bytes.as_deref()));
    }
    program.policies = policies;
    program.policy_versions = policy_versions;
    program.policy_reviews = reviews;
    Ok(())
}

/// Checks the program records' ids and references (people, policies, versions) and the
/// stored documents against their sizes and SHA-256.
pub(super) fn validate_policies(check: &mut Checker, program: &ProgramExport) -> Result<(), ExportProblem> {
    for (i, policy) in program.policies.iter().enumerate() {
        let path = format!("program.policies[{i}]");
        let record = format!("policy {} {:?}", policy.id, policy.title);
        check.define(&path, "policy", policy.id)?;
        check.refer(format!("{path}.owner_id"), "person", policy.owner_id, &record);
        check.refer(format!("{path}.approver_id"), "person", policy.approver_id, &record);
        if policy.title.trim().is_empty() {
            return Err(problem(format!("{path}.title"), "a policy needs a title"));
        }
    }
    for (i, entry) in program.policy_versions.iter().enumerate() {
        let path = format!("program.policy_versions[{i}]");
        let version = &entry.version;
        let record = format!("policy version {} {:?}", version.id, version.number);
        check.define(&format!("{path}.version"), "policy version", version.id)?;
        check.refer(
            format!("{path}.version.policy_id"),
            "policy",
            Some(version.policy_id),
            &record,
        );
        entry
            .content()
            .map_err(|message| problem(format!("{path}.content_base64"), message))?;
    }
    for (i, review) in program.policy_reviews.iter().enumerate() {
        let path = format!("program.policy_reviews[{i}]");
        let record = format!("policy review {}", review.id);
        check.define(&path, "policy review", review.id)?;
        check.refer(format!("{path}.policy_id"), "policy", Some(review.policy_id), &record);
        check.refer(format!("{path}.reviewer_id"), "person", review.reviewer_id, &record);
        check.refer(
            format!("{path}.version_id"),
            "policy version",
            review.version_id,
            &record,
        );
    }
    Ok(())
}

/// Writes the program records with their ids (already validated).
pub(super) fn insert_policy_register(tx: &Writer<'_>, program: &ProgramExport) -> Result<()> {
    insert_policies(tx, program)?;
    insert_policy_versions(tx, program)?;
    insert_policy_reviews(tx, program)
}

fn insert_policies(tx: &Writer<'_>, program: &ProgramExport) -> Result<()> {
    for policy in &program.policies {
        records::insert_stored(tx.conn(), policy)?;
    }
    Ok(())
}

fn insert_policy_versions(tx: &Writer<'_>, program: &ProgramExport) -> Result<()> {
    for (i, entry) in program.policy_versions.iter().enumerate() {
        let bytes = entry.content().map_err(|message| {
            StoreError::Invalid(format!(
                "the export is not valid: program.policy_versions[{i}].content_base64: {message}"
            ))
        })?;
        policies::insert_version(tx.conn(), &entry.version, bytes.as_deref())?;
    }
    Ok(())
}

fn insert_policy_reviews(tx: &Writer<'_>, program: &ProgramExport) -> Result<()> {
    for review in &program.policy_reviews {
        policies::insert_review(tx.conn(), review)?;
    }
    Ok(())
}
