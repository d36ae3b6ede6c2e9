//! The PDF's "Scope and methodology" section: what the analysis took in and left out
//! (with the answers to the commonly forgotten items), then how it was done: the OCR
//! elements, assumptions, definitions, the acceptance rule, the threat library, the
//! scales and the matrix. It only formats the model.

use super::helpers::{AMBER, GREEN, band_color, cells, or_none};
use super::layout::{BODY, Cell, Column, Layout, col};
use super::model::ReportModel;

/// Past this many excluded entries the scope counts them by kind instead of naming each,
/// so a large inventory does not drown the section (the inventory lists every one).
const EXCLUDED_NAMED: usize = 40;

pub fn scope_and_methodology(layout: &mut Layout, model: &ReportModel) {
    scope(layout, model);
    layout.subheading("Method");
    methodology(layout, model);
}

fn scope(layout: &mut Layout, model: &ReportModel) {
    let scope = &model.scope;
    layout.subheading("Scope");
    layout.paragraph("Included: inventory entries that handle ePHI, by kind.", BODY, true);
    if scope.included.is_empty() {
        layout.paragraph("None: no inventory entry is recorded as handling ePHI.", BODY, false);
    } else {
        let rows: Vec<Vec<Cell>> = scope
            .included
            .iter()
            .map(|count| cells(vec![count.kind.clone(), count.count.to_string()]))
            .collect();
        layout.table(&[col("Kind", 0.7), col("Entries", 0.3)], &rows);
    }
    layout.paragraph(
        "Excluded: inventory entries recorded as handling no ePHI (no create, receive, maintain \
         or transmit).",
        BODY,
        true,
    );
    let excluded = &scope.excluded_assets;
    if excluded.is_empty() {
        layout.paragraph("None.", BODY, false);
    } else if excluded.len() <= EXCLUDED_NAMED {
        let rows: Vec<Vec<Cell>> = excluded
            .iter()
            .map(|asset| cells(vec![asset.name.clone(), asset.kind.clone()]))
            .collect();
        layout.table(&[col("Entry", 0.7), col("Kind", 0.3)], &rows);
    } else {
        let mut kinds: Vec<(&str, usize)> = Vec::new();
        for asset in excluded {
            match kinds.iter_mut().find(|(kind, _)| *kind == asset.kind) {
                Some((_, count)) => *count += 1,
                None => kinds.push((&asset.kind, 1)),
            }
        }
        layout.paragraph(
            &format!(
                "{} entries, each marked \"out of scope\" in the inventory: {}.",
                excluded.len(),
                kinds
                    .iter()
                    .map(|(kind, count)| format!("{kind} {count}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            BODY,
            false,
        );
    }
    layout.paragraph("Excluded: safeguard items reviewed as not applicable.", BODY, true);
    if scope.not_applicable.is_empty() {
        layout.paragraph("None.", BODY, false);
    } else {
        let rows: Vec<Vec<Cell>> = scope
            .not_applicable
            .iter()
            .map(|item| cells(vec![item.citation.clone(), item.name.clone(), or_none(&item.reason)]))
            .collect();
        layout.table(
            &[col("Citation", 0.19), col("Item", 0.31), col("Why not applicable", 0.5)],
            &rows,
        );
    }
    layout.subheading("Commonly forgotten items");
    layout.paragraph(
        "Places ePHI is often left out of an inventory, each asked once per assessment; an \
         unanswered question is a gap in the scope.",
        BODY,
        false,
    );
    let rows: Vec<Vec<Cell>> = scope
        .forgotten_items
        .iter()
        .map(|prompt| {
            vec![
                Cell::from(format!("{}\n{}", prompt.topic, prompt.question)),
                match &prompt.answer {
                    Some(answer) => Cell::from(answer.as_str()),
                    None => Cell {
                        text: "Not answered".to_string(),
                        bold: true,
                        fill: Some(AMBER),
                    },
                },
                Cell::from(or_none(&prompt.note)),
            ]
        })
        .collect();
    layout.table(&[col("Question", 0.5), col("Answer", 0.15), col("Note", 0.35)], &rows);
}

fn methodology(layout: &mut Layout, model: &ReportModel) {
    let method = &model.methodology;
    layout.paragraph(
        "The analysis follows the nine elements the HHS Office for Civil Rights expects of a \
         risk analysis. Each element's state is computed from the findings: it is Complete only \
         when what the third column says holds and no blocking finding of its kind is open; \
         otherwise it is Open, with the number of blocking findings that hold it back.",
        BODY,
        false,
    );
    let rows: Vec<Vec<Cell>> = method
        .elements
        .iter()
        .enumerate()
        .map(|(index, element)| {
            let state = if element.complete {
                "Complete".to_string()
            } else if element.blocking.is_empty() {
                "Open".to_string()
            } else {
                format!("Open: {} blocking", element.blocking.len())
            };
            vec![
                Cell::from(format!("{}. {}\n{}", index + 1, element.name, element.section)),
                Cell::from(format!("{} of {}", element.done, element.total)),
                Cell::from(capitalised(&element.meaning)),
                Cell {
                    text: state,
                    bold: false,
                    fill: Some(if element.complete { GREEN } else { AMBER }),
                },
            ]
        })
        .collect();
    layout.table(
        &[
            col("OCR element and where", 0.27),
            col("Progress", 0.1),
            col("What Complete means", 0.48),
            col("State", 0.15),
        ],
        &rows,
    );
    layout.subheading("How this assessment was carried out");
    let mut pairs: Vec<(&str, String)> = method
        .recorded
        .iter()
        .map(|field| (field.term.as_str(), or_none(&field.meaning)))
        .collect();
    pairs.push(("Likelihood basis", or_none(&method.likelihood_basis)));
    layout.pairs(&pairs);
    layout.subheading("Assumptions and constraints the workbench makes");
    for assumption in &method.assumptions {
        layout.bullet(assumption);
    }
    layout.subheading("Definitions");
    let rows: Vec<Vec<Cell>> = method
        .definitions
        .iter()
        .map(|definition| {
            vec![
                Cell {
                    text: definition.term.clone(),
                    bold: true,
                    fill: None,
                },
                Cell::from(definition.meaning.as_str()),
            ]
        })
        .collect();
    layout.table(&[col("Term", 0.22), col("Meaning", 0.78)], &rows);
    layout.subheading("Risk-acceptance criteria");
    layout.paragraph(
        "The workbench enforces these rules on every save; a decision that breaks one cannot be recorded.",
        BODY,
        false,
    );
    for rule in &method.acceptance_rules {
        layout.bullet(rule);
    }
    let library = &method.threat_library;
    layout.subheading("Threat library");
    layout.paragraph(
        &format!(
            "Scenarios start from the healthcare threat library embedded in {} ({} threats, \
             fingerprint {}), or are written by the assessor. Of this analysis's scenarios, {} \
             started from the library and {} were written for the practice; library text is a \
             suggestion the assessor confirms, never a fact about the practice.",
            library.version, library.threats, library.fingerprint, library.from_library, library.user_written
        ),
        BODY,
        false,
    );
    if method.cells.is_empty() {
        layout.paragraph("No risk matrix is set for this assessment.", BODY, false);
        return;
    }
    layout.subheading(&format!("Scales: {}", method.row_label));
    let guide = |rows: &[super::model::ScaleRow]| -> Vec<Vec<Cell>> {
        rows.iter()
            .rev()
            .map(|row| cells(vec![row.label.clone(), row.guide.clone()]))
            .collect()
    };
    layout.table(&[col("Level", 0.2), col("Guidance", 0.8)], &guide(&method.likelihood));
    layout.subheading(&format!("Scales: {}", method.column_label));
    layout.table(&[col("Level", 0.2), col("Guidance", 0.8)], &guide(&method.impact));

    layout.subheading(&format!("Risk matrix: {}", method.matrix_name));
    layout.paragraph(
        "The level of risk is read from this table for each scenario's likelihood (rows) and \
         impact (columns); it is a lookup, not a product of the two.",
        BODY,
        false,
    );
    let mut columns: Vec<Column> = vec![col(format!("{} \\ {}", method.row_label, method.column_label), 1.4)];
    columns.extend(method.impact.iter().map(|level| col(level.label.clone(), 1.0)));
    let rows: Vec<Vec<Cell>> = method
        .cells
        .iter()
        .zip(&method.likelihood)
        .rev()
        .map(|(row, level)| {
            let mut cells = vec![Cell {
                text: level.label.clone(),
                bold: true,
                fill: None,
            }];
            cells.extend(row.iter().map(|cell| Cell {
                text: cell.level.clone(),
                bold: false,
                fill: Some(band_color(cell.band)),
            }));
            cells
        })
        .collect();
    layout.table(&columns, &rows);
}

/// The domain states meanings in lower case, to follow "complete when"; a table cell
/// starts a sentence.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
