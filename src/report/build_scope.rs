//! The parts of the report model that say how the analysis was done and what it covers:
//! the scope (included, excluded, the forgotten-items answers), the methodology (OCR
//! elements, assumptions, definitions, the acceptance rule, the threat library, the
//! scales and matrix) and the executive summary's key compliance gaps. Built from the
//! workspace and the catalog only; `build.rs` puts them into the model.

use chrono::NaiveDate;
use sha2::{Digest, Sha256};

use super::model::Methodology;
use super::model::*;
use crate::catalog::{Catalog, ItemKind};
use crate::domain::readiness::ocr_elements;
use crate::domain::*;

pub(super) fn build_scope(workspace: &Workspace, catalog: &Catalog) -> Scope {
    let included = AssetKind::ALL
        .iter()
        .map(|kind| KindCount {
            kind: kind.to_string(),
            count: workspace
                .active_assets()
                .filter(|asset| asset.kind == *kind && asset.in_scope())
                .count(),
        })
        .filter(|count| count.count > 0)
        .collect();
    let excluded_assets = workspace
        .active_assets()
        .filter(|asset| !asset.in_scope())
        .map(|asset| ExcludedAsset {
            id: asset.id,
            name: asset.name.clone(),
            kind: asset.kind.to_string(),
        })
        .collect();
    let not_applicable = catalog
        .items
        .iter()
        .filter_map(|item| {
            let review = workspace.review(&item.citation)?;
            (review.status == ReviewStatus::NotApplicable).then(|| ExcludedItem {
                citation: item.citation.clone(),
                name: item.name.clone(),
                reason: review.na_reason.clone(),
            })
        })
        .collect();
    let forgotten_items = InventoryPrompt::ALL
        .iter()
        .map(|prompt| {
            let record = workspace.prompts.iter().find(|record| record.prompt == *prompt);
            PromptRow {
                topic: prompt.to_string(),
                question: prompt.question().to_string(),
                answer: record.map(|record| workspace.prompt_answer_text(record)),
                note: record.map_or_else(String::new, |record| record.note.clone()),
            }
        })
        .collect();
    Scope {
        included,
        excluded_assets,
        not_applicable,
        forgotten_items,
    }
}

/// Devices that can be lost or carried off, where an unencrypted copy of ePHI is a
/// presumed breach.
const PORTABLE_KINDS: [AssetKind; 4] = [
    AssetKind::Laptop,
    AssetKind::MobileDevice,
    AssetKind::Workstation,
    AssetKind::RemovableMedia,
];

/// The three gaps an investigator checks first, always all three (a count of zero is a
/// statement too).
pub(super) fn key_gaps(workspace: &Workspace, catalog: &Catalog) -> Vec<KeyGap> {
    let vendors = workspace
        .active_assets()
        .filter(|asset| asset.lacks_baa())
        .map(|asset| {
            let status = asset.vendor().map_or(BaaStatus::None, |vendor| vendor.baa_status);
            format!("{} (agreement: {})", asset.name, status.to_string().to_lowercase())
        })
        .collect();
    let devices = workspace
        .active_assets()
        .filter(|asset| PORTABLE_KINDS.contains(&asset.kind) && asset.ephi.maintain)
        .filter(|asset| asset.encrypted_at_rest != Encryption::Yes)
        .map(|asset| match asset.encrypted_at_rest {
            Encryption::No => format!("{} (not encrypted)", asset.name),
            _ => format!("{} (encryption unknown)", asset.name),
        })
        .collect();
    let required = catalog
        .items
        .iter()
        .filter(|item| matches!(item.kind, ItemKind::Standard | ItemKind::Required))
        .filter_map(|item| match workspace.review_status(&item.citation) {
            ReviewStatus::NotImplemented => Some(format!("{} {} (not implemented)", item.citation, item.name)),
            ReviewStatus::Partial => Some(format!("{} {} (partial)", item.citation, item.name)),
            _ => None,
        })
        .collect();
    vec![
        KeyGap {
            gap: "ePHI vendors without a signed business-associate agreement".to_string(),
            citation: "§164.308(b)(1), §164.314(a)".to_string(),
            names: vendors,
        },
        KeyGap {
            gap: "Portable devices holding ePHI that are not known to be encrypted".to_string(),
            citation: "§164.312(a)(2)(iv)".to_string(),
            names: devices,
        },
        KeyGap {
            gap: "Required standards and specifications not fully implemented".to_string(),
            citation: "§164.306(d)(2)".to_string(),
            names: required,
        },
    ]
}

pub(super) fn build_methodology(
    workspace: &Workspace,
    catalog: &Catalog,
    findings: &[Finding],
    date: NaiveDate,
) -> Methodology {
    let section_of = |screen: &str| match screen {
        "Inventory" => Section::Inventory.title(),
        "Safeguards" => Section::Safeguards.title(),
        "Risks" => Section::Threats.title(),
        "Report" => Section::SignOff.title(),
        "Practice" => Section::ChangeLog.title(),
        _ => "",
    };
    let elements = ocr_elements(workspace, findings, catalog.items.len(), date)
        .into_iter()
        .map(|element| ElementRow {
            name: element.name.to_string(),
            section: section_of(element.covered_in).to_string(),
            screen: element.covered_in.to_string(),
            done: element.done,
            total: element.total,
            complete: element.is_complete(),
            meaning: element.element.meaning().to_string(),
            blocking: element.blocking,
        })
        .collect();
    let matrix = workspace.matrix();
    let recorded = workspace.assessment().map_or_else(Vec::new, |assessment| {
        assessment
            .methodology
            .fields()
            .iter()
            .map(|(label, text)| Definition {
                term: label.to_string(),
                meaning: text.to_string(),
            })
            .collect()
    });
    let likelihood_basis = workspace.assessment().map_or_else(String::new, |assessment| {
        assessment.methodology.likelihood_basis.to_string()
    });
    let mut method = Methodology {
        elements,
        recorded,
        likelihood_basis,
        assumptions: assumptions(),
        definitions: definitions(),
        acceptance_rules: acceptance_rules(matrix),
        threat_library: threat_library(workspace, catalog),
        matrix_name: String::new(),
        row_label: String::new(),
        column_label: String::new(),
        likelihood: Vec::new(),
        impact: Vec::new(),
        results: Vec::new(),
        cells: Vec::new(),
    };
    let Some(matrix) = matrix else {
        return method;
    };
    let guide = |levels: &[Level], likelihood: bool| {
        levels
            .iter()
            .map(|level| ScaleRow {
                label: level.label.clone(),
                guide: if likelihood {
                    &level.likelihood_guide
                } else {
                    &level.impact_guide
                }
                .clone()
                .unwrap_or_default(),
            })
            .collect()
    };
    let cell = |index: usize| MatrixCell {
        level: matrix.results.label(index).unwrap_or_default().to_string(),
        band: matrix.severity(index).into(),
    };
    method.matrix_name = matrix.name.clone();
    method.row_label = matrix.row_label.clone();
    method.column_label = matrix.column_label.clone();
    method.likelihood = guide(&matrix.rows.levels, true);
    method.impact = guide(&matrix.columns.levels, false);
    method.results = (0..matrix.results.levels.len()).map(cell).collect();
    method.cells = matrix
        .cells
        .iter()
        .map(|row| row.iter().map(|&index| cell(index)).collect())
        .collect();
    method
}

/// What the analysis takes as given, stated so a reader can disagree with it.
fn assumptions() -> Vec<String> {
    [
        "The inventory is the practice's own account of where ePHI is created, received, \
         maintained and transmitted; what it does not list is outside this analysis, which is \
         why the commonly forgotten items are asked about and their answers printed in the scope.",
        "Record counts are the practice's estimates of the patients whose data an asset holds.",
        "Threat and vulnerability text from the library is a suggestion the assessor confirmed \
         or rewrote for this practice; it is never taken as a fact about the practice.",
        "Safeguard statuses are as reviewed on the date shown for each item; where a measure or \
         evidence is recorded it is cited, and an item marked implemented without either is \
         reported as a finding rather than taken on trust.",
    ]
    .map(String::from)
    .to_vec()
}

fn definitions() -> Vec<Definition> {
    [
        (
            "Scenario number (#)",
            "The number a threat and vulnerability scenario keeps on every page of this report \
             and in the workbench. \"#\" means this number and nothing else.",
        ),
        (
            "Rank",
            "A scenario's position in the risk register: highest level of risk first, then the \
             most records affected.",
        ),
        (
            "In scope",
            "An inventory entry that creates, receives, maintains or transmits ePHI (shown by the \
             letters C, R, M, T). Entries with none of the four are listed as excluded.",
        ),
        (
            "Practice-wide",
            "A scenario that names no asset concerns the whole practice; its records affected is \
             the largest record count in the inventory.",
        ),
        (
            "Level of risk",
            "Read from the risk matrix for the scenario's likelihood and impact; a lookup, not a \
             product of the two.",
        ),
        (
            "Residual risk",
            "The planned target: the level the risk owner expects once the treatment and its \
             actions are complete. It is a goal recorded with the plan, not a measurement.",
        ),
        (
            "Records affected",
            "The largest record count among a scenario's assets; counts are not added, because \
             the same patients appear in several systems.",
        ),
    ]
    .map(|(term, meaning)| Definition {
        term: term.to_string(),
        meaning: meaning.to_string(),
    })
    .to_vec()
}

/// The rule `domain::risk_rules::treatment_problem` enforces on every save, in words. The
/// levels that need the security official are read from the matrix, as the rule does.
fn acceptance_rules(matrix: Option<&RiskMatrix>) -> Vec<String> {
    let high_levels: Vec<&str> = matrix.map_or_else(Vec::new, |matrix| {
        (0..matrix.results.levels.len())
            .filter(|&index| matrix.severity(index) >= Severity::High)
            .filter_map(|index| matrix.results.label(index))
            .collect()
    });
    let high = if high_levels.is_empty() {
        "the high band or above".to_string()
    } else {
        high_levels.join(" or ")
    };
    vec![
        "Every scenario gets a treatment: mitigate, transfer, accept or avoid. Mitigate and \
         transfer are saved only with at least one remediation action (what will be done, by \
         whom, by when)."
            .to_string(),
        "A risk can be accepted only once it is scored, because acceptance is a judgement about \
         a level; the acceptance records who accepted it, on what date and why, and is refused \
         without all three."
            .to_string(),
        format!(
            "A risk at level {high} can be accepted only by the security official \
             (§164.308(a)(2)), who answers for the security program."
        ),
        "An acceptance older than 12 months is reported for review again.".to_string(),
    ]
}

fn threat_library(workspace: &Workspace, catalog: &Catalog) -> ThreatLibrary {
    let digest = Sha256::digest(Catalog::threat_library_source().as_bytes());
    let from_library = workspace.risks.iter().filter(|risk| risk.threat_key.is_some()).count();
    ThreatLibrary {
        version: format!("hipaa-ra {}", env!("CARGO_PKG_VERSION")),
        fingerprint: digest[..8].iter().map(|byte| format!("{byte:02x}")).collect(),
        threats: catalog.threats.len(),
        from_library,
        user_written: workspace.risks.len() - from_library,
    }
}
