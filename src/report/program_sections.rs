//! The report's "Policy register" and "Business associates" sections: the model's rows
//! (built from the snapshot as of the report's date) and their PDF pages. Program records
//! are dated, so the register shows the versions and reviews dated up to the report's
//! date, and every state (review due, agreement expiring) is as of that date.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::helpers::{AMBER, RED, date, or_none};
use super::layout::{BODY, Cell, Layout, col};
use super::model::ReportModel;
use crate::domain::Workspace;
use crate::domain::policy::{PolicyRegister, ReviewState, current_version, next_review_due, review_state};
use crate::domain::vendor::{
    AgreementState, AssuranceState, agreement_state, assurance_state, is_business_associate, next_assurance_due,
};

/// One policy of the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyRow {
    pub title: String,
    pub owner: String,
    pub approver: String,
    pub version: String,
    pub effective: Option<NaiveDate>,
    pub versions: usize,
    pub last_review: Option<NaiveDate>,
    pub next_review: Option<NaiveDate>,
    /// "current", "due" or "overdue" (more than 30 days past due).
    pub review_state: String,
    pub safeguards: Vec<String>,
}

/// One business associate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusinessAssociateRow {
    pub name: String,
    pub services: String,
    pub agreement: String,
    pub signed: Option<NaiveDate>,
    pub expiry: Option<NaiveDate>,
    pub renewal: Option<NaiveDate>,
    /// "current", "expiring" (within 30 days) or "expired".
    pub agreement_state: String,
    pub assurance_received: Option<NaiveDate>,
    pub assurance_due: Option<NaiveDate>,
    /// "current", "missing" or "overdue".
    pub assurance_state: String,
}

/// The register as of `on`: versions created and reviews done by then.
fn as_of(register: &PolicyRegister, on: NaiveDate) -> PolicyRegister {
    PolicyRegister {
        policies: register.policies.clone(),
        versions: register
            .versions
            .iter()
            .filter(|version| {
                version
                    .created
                    .or(version.effective)
                    .is_none_or(|created| created <= on)
            })
            .cloned()
            .collect(),
        reviews: register
            .reviews
            .iter()
            .filter(|review| review.done.is_none_or(|done| done <= on))
            .cloned()
            .collect(),
    }
}

pub fn build_policies(workspace: &Workspace, on: NaiveDate, model: &mut ReportModel) {
    let register = as_of(&workspace.policies, on);
    model.policy_register = register
        .policies
        .iter()
        .map(|policy| {
            let versions = register.versions_of(policy.id);
            let reviews = register.reviews_of(policy.id);
            let current = current_version(&versions);
            let next = next_review_due(policy, &versions, &reviews);
            let state = match review_state(next, on) {
                ReviewState::NotDue => "current",
                ReviewState::Due(_) => "due",
                ReviewState::Overdue(_) => "overdue",
            };
            PolicyRow {
                title: policy.title.clone(),
                owner: workspace.person_name(policy.owner_id).to_string(),
                approver: workspace.person_name(policy.approver_id).to_string(),
                version: current.map(|version| version.number.clone()).unwrap_or_default(),
                effective: current.and_then(|version| version.effective),
                versions: versions.len(),
                last_review: crate::domain::policy::last_completed(&reviews).and_then(|review| review.done),
                next_review: next,
                review_state: state.to_string(),
                safeguards: policy.safeguard_citations(),
            }
        })
        .collect();
}

pub fn build_business_associates(workspace: &Workspace, on: NaiveDate, model: &mut ReportModel) {
    let mut vendors: Vec<_> = workspace
        .active_assets()
        .filter(|asset| is_business_associate(asset))
        .collect();
    crate::domain::order::sort_by_name(&mut vendors, |asset| &asset.name);
    model.business_associates = vendors
        .into_iter()
        .map(|asset| BusinessAssociateRow {
            name: asset.name.clone(),
            services: asset.vendor_services.clone(),
            agreement: asset
                .vendor()
                .map(|vendor| crate::domain::Labeled::label(vendor.baa_status).to_string())
                .unwrap_or_default(),
            signed: asset.baa_date,
            expiry: asset.baa_expiry,
            renewal: asset.baa_renewal,
            agreement_state: match agreement_state(asset, on) {
                AgreementState::Current => "current",
                AgreementState::Expiring(_) => "expiring",
                AgreementState::Expired(_) => "expired",
            }
            .to_string(),
            assurance_received: asset.assurance_received,
            assurance_due: next_assurance_due(asset),
            assurance_state: match assurance_state(asset, on) {
                AssuranceState::Current(_) => "current",
                AssuranceState::Missing => "missing",
                AssuranceState::Overdue(_) => "overdue",
            }
            .to_string(),
        })
        .collect();
}

/// A date cell marked amber or red.
fn marked(text: String, state: &str, amber: &str, red: &str) -> Cell {
    let fill = if state == red {
        Some(RED)
    } else if state == amber {
        Some(AMBER)
    } else {
        None
    };
    Cell {
        text,
        bold: fill.is_some(),
        fill,
    }
}

pub fn policies_pdf(layout: &mut Layout, model: &ReportModel) {
    if model.policy_register.is_empty() {
        layout.paragraph(
            "No written policies or procedures are recorded (§164.316).",
            BODY,
            false,
        );
        return;
    }
    let due = model
        .policy_register
        .iter()
        .filter(|row| row.review_state != "current")
        .count();
    layout.paragraph(
        &format!(
            "The written policies and procedures (§164.316(a)) with the version in effect, who owns \
             and approved them, and their reviews: the next review is due one review cycle after \
             the last completed one (§164.316(b)(2)(iii)); every version is kept six years after \
             it was created or last in effect, whichever is later (§164.316(b)(2)(i)). On {}, {due} \
             {} due or overdue for review.",
            model.date,
            if due == 1 { "is" } else { "are" }
        ),
        BODY,
        false,
    );
    let rows: Vec<Vec<Cell>> = model
        .policy_register
        .iter()
        .map(|row| {
            let next = match row.review_state.as_str() {
                "overdue" => format!("{} (overdue)", date(row.next_review)),
                "due" => format!("{} (due)", date(row.next_review)),
                _ => date(row.next_review),
            };
            vec![
                Cell::from(row.title.clone()),
                Cell::from(format!("{}\n{}", or_none(&row.owner), or_none(&row.approver))),
                Cell::from(format!("{}\n{}", or_none(&row.version), date(row.effective))),
                Cell::from(date(row.last_review)),
                marked(next, &row.review_state, "due", "overdue"),
                Cell::from(row.safeguards.join(", ")),
            ]
        })
        .collect();
    layout.table(
        &[
            col("Policy", 0.24),
            col("Owner\nApprover", 0.16),
            col("Version\nEffective", 0.12),
            col("Last review", 0.12),
            col("Next review", 0.14),
            col("Safeguards", 0.22),
        ],
        &rows,
    );
}

pub fn business_associates_pdf(layout: &mut Layout, model: &ReportModel) {
    if model.business_associates.is_empty() {
        layout.paragraph("No business associates are recorded in the inventory.", BODY, false);
        return;
    }
    let expiring = model
        .business_associates
        .iter()
        .filter(|row| row.agreement_state != "current")
        .count();
    layout.paragraph(
        &format!(
            "The vendors of the inventory that are business associates (§164.308(b), §164.314(a)), \
             with their agreement's dates and the last written assurance of their safeguards; the \
             next assurance is due one cycle after the last received. On {}, {expiring} {} expiring \
             within 30 days or expired.",
            model.date,
            if expiring == 1 {
                "agreement is"
            } else {
                "agreements are"
            }
        ),
        BODY,
        false,
    );
    let rows: Vec<Vec<Cell>> = model
        .business_associates
        .iter()
        .map(|row| {
            let expiry = match row.agreement_state.as_str() {
                "expired" => format!("{} (expired)", date(row.expiry)),
                "expiring" => format!("{} (expiring)", date(row.expiry)),
                _ => date(row.expiry),
            };
            let assurance = match row.assurance_state.as_str() {
                "missing" => "None received".to_string(),
                "overdue" => format!("{} (overdue)", date(row.assurance_due)),
                _ => date(row.assurance_due),
            };
            vec![
                Cell::from(format!("{}\n{}", row.name, row.services)),
                Cell::from(format!("{}\n{}", or_none(&row.agreement), date(row.signed))),
                marked(expiry, &row.agreement_state, "expiring", "expired"),
                Cell::from(date(row.renewal)),
                Cell::from(date(row.assurance_received)),
                marked(assurance, &row.assurance_state, "missing", "overdue"),
            ]
        })
        .collect();
    layout.table(
        &[
            col("Business associate", 0.28),
            col("Agreement\nSigned", 0.14),
            col("Expiry", 0.16),
            col("Renewal", 0.12),
            col("Last assurance", 0.13),
            col("Next assurance", 0.17),
        ],
        &rows,
    );
}
