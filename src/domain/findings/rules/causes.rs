//! What the dashboard's "Named ownership" and "Retrievable evidence" signals read that no
//! other rule looks at: the practice's required roles and the kinds of evidence an
//! auditor asks for first. Advisory: both are worth fixing before an audit, neither makes
//! the risk analysis itself less than accurate and thorough. Each finding is one cause
//! (one role, one kind), so it is acknowledged once (no incident has happened yet).

use super::*;

/// Evidence kinds an auditor asks for first.
const KEY_EVIDENCE: [EvidenceKind; 4] = [
    EvidenceKind::TrainingLog,
    EvidenceKind::Policy,
    EvidenceKind::AccessReview,
    EvidenceKind::IncidentRecord,
];

/// The standard each required role answers for (as the citations reference spells it).
fn role_citation(role: Role) -> &'static str {
    match role {
        Role::SecurityOfficial => "§164.308(a)(2)",
        Role::AccessApprover => "§164.308(a)(4)(i)",
        Role::TrainingOwner => "§164.308(a)(5)(i)",
        Role::IncidentContact => "§164.308(a)(6)(i)",
        // Not required; never asked for (see `Role::REQUIRED`).
        _ => "§164.308(a)(2)",
    }
}

pub(super) fn role_unassigned(cx: &Context<'_>) -> Vec<Finding> {
    Role::REQUIRED
        .iter()
        .copied()
        .filter(|role| cx.workspace.holders(*role).next().is_none())
        .map(|role| {
            Finding::new(
                Rule::RoleUnassigned,
                format!("role:{}", role.key()),
                Vec::new(),
                format!(
                    "No one is named {}: someone must answer for it ({})",
                    role.label().to_lowercase(),
                    role_citation(role)
                ),
                "give the role to one of the practice's people",
            )
        })
        .collect()
}

pub(super) fn key_evidence_missing(cx: &Context<'_>) -> Vec<Finding> {
    KEY_EVIDENCE
        .iter()
        .copied()
        .filter(|kind| !cx.evidence.iter().any(|record| record.kind == *kind))
        .map(|kind| {
            Finding::new(
                Rule::KeyEvidenceMissing,
                format!("evidence_kind:{}", kind.key()),
                Vec::new(),
                format!(
                    "No \"{}\" evidence recorded: an auditor asks for it first, and documentation must be \
                     available to those who need it (§164.316(b)(2)(ii))",
                    kind.label().to_lowercase()
                ),
                "record the evidence (where it is kept and when it is reviewed), or acknowledge why there is none",
            )
        })
        .collect()
}
