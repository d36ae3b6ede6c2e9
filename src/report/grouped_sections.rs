//! The PDF's sections for a report above the thresholds of `thresholds.rs`: the highest
//! scenarios in full and the others as group rows with counts, the inventory by kind
//! with the entries that matter most, the plan by action, and the summary's tables of
//! risk groups and overdue actions. Each scenario number (#) is printed at most once, in
//! the threats section; the full tables are the CSV annexes. Below the thresholds the
//! inline sections of `sections.rs` and `risk_sections.rs` print every record.

use super::grouping::ScenarioGroup;
use super::helpers::{AMBER, RED, band_color, cells, date, or_none};
use super::layout::{BODY, Cell, Layout, col};
use super::model::{ReportModel, Section};
use super::thresholds::GROUP_ROWS_MAX;

fn count(number: usize, one: &str, many: &str) -> String {
    format!("{number} {}", if number == 1 { one } else { many })
}

fn level_fill(level: &str, band: Option<super::model::Band>) -> Cell {
    Cell {
        text: level.to_string(),
        bold: band.is_some(),
        fill: band.map(band_color),
    }
}

/// Caps a grouped table at `GROUP_ROWS_MAX` rows, the last one counting the rest.
fn capped(mut rows: Vec<Vec<Cell>>, columns: usize, what: &str) -> Vec<Vec<Cell>> {
    if rows.len() > GROUP_ROWS_MAX {
        let rest = rows.len() - (GROUP_ROWS_MAX - 1);
        rows.truncate(GROUP_ROWS_MAX - 1);
        let mut last = vec![Cell::from(format!(
            "And {rest} more {what}, every record in the annexes."
        ))];
        last.resize_with(columns, Cell::default);
        rows.push(last);
    }
    rows
}

/// The executive summary's top risk groups, in place of the top five scenarios.
pub fn top_groups(layout: &mut Layout, model: &ReportModel) {
    layout.subheading("Top risk groups");
    if model.summary.top_groups.is_empty() {
        layout.paragraph("No scenario is scored High or above.", BODY, false);
        return;
    }
    let rows: Vec<Vec<Cell>> = model
        .summary
        .top_groups
        .iter()
        .map(|group| {
            vec![
                Cell::from(group.threat.as_str()),
                level_fill(&group.level, Some(group.band)),
                Cell::from(group.scenarios.to_string()),
                Cell::from(group.assets.to_string()),
            ]
        })
        .collect();
    layout.table(
        &[
            col("Threat", 0.52),
            col("Level", 0.16),
            col("Scenarios", 0.16),
            col("Assets", 0.16),
        ],
        &rows,
    );
}

/// Overdue actions by title and owner: a few rows and the total.
pub fn overdue(layout: &mut Layout, model: &ReportModel) {
    let rows = &model.summary.overdue;
    if rows.is_empty() {
        return;
    }
    let total: usize = rows.iter().map(|row| row.count).sum();
    layout.subheading(&format!("Overdue actions ({total})"));
    let shown = super::thresholds::SUMMARY_ROWS;
    let mut table: Vec<Vec<Cell>> = rows
        .iter()
        .take(shown)
        .map(|row| {
            cells(vec![
                row.title.clone(),
                or_none(&row.owner),
                row.count.to_string(),
                date(row.oldest),
            ])
        })
        .collect();
    if rows.len() > shown {
        let rest: usize = rows[shown..].iter().map(|row| row.count).sum();
        table.push(cells(vec![
            format!(
                "{} more (section {})",
                count(rows.len() - shown, "group", "groups"),
                Section::Plan.number()
            ),
            String::new(),
            rest.to_string(),
            String::new(),
        ]));
    }
    layout.table(
        &[
            col("Action", 0.44),
            col("Owner", 0.26),
            col("Overdue", 0.12),
            col("Oldest due", 0.18),
        ],
        &table,
    );
}

fn group_rows(groups: &[ScenarioGroup]) -> Vec<Vec<Cell>> {
    groups
        .iter()
        .map(|group| {
            vec![
                Cell::from(group.threat.as_str()),
                level_fill(&group.level, group.band),
                Cell::from(group.kind.as_str()),
                Cell::from(group.scenarios.to_string()),
                Cell::from(group.assets.to_string()),
                Cell::from(
                    group
                        .records
                        .map_or_else(|| "—".to_string(), |records| records.to_string()),
                ),
            ]
        })
        .collect()
}

pub fn threats(layout: &mut Layout, model: &ReportModel) {
    let grouping = &model.grouping;
    layout.paragraph(&grouping.explanation, BODY, true);
    layout.subheading(&format!(
        "Scenarios at High or above, in full ({})",
        grouping.full_scenarios.len()
    ));
    let mut intro = "Each with its existing controls, citations, likelihood and impact with the reason for \
                     each, highest first (register order); # is the scenario number."
        .to_string();
    if grouping.high_in_groups > 0 {
        intro.push_str(&format!(
            " {} more at High or above are counted in the groups below; the register annex lists each.",
            grouping.high_in_groups
        ));
    }
    layout.paragraph(&intro, BODY, false);
    if grouping.full_scenarios.is_empty() {
        layout.paragraph("None.", BODY, false);
    } else {
        let by_id: std::collections::HashMap<_, _> = model.scenarios.iter().map(|row| (row.risk_id, row)).collect();
        let rows: Vec<Vec<Cell>> = grouping
            .full_scenarios
            .iter()
            .filter_map(|id| by_id.get(id))
            .map(|row| {
                let mut cells = super::helpers::scenario_row(row);
                cells[0] = Cell::from(format!("#{}", row.risk_id));
                cells
            })
            .collect();
        super::helpers::scenario_table(layout, &rows);
    }
    layout.subheading(&format!(
        "Other scenarios, grouped ({})",
        model.scenarios.len() - grouping.full_scenarios.len()
    ));
    layout.paragraph(
        "By level (highest first), threat and the kind of asset the scenarios name. Assets counts \
         the distinct assets; Records the largest records-affected count in the group.",
        BODY,
        false,
    );
    let rows = capped(group_rows(&grouping.scenario_groups), 6, "groups");
    layout.table(
        &[
            col("Threat", 0.36),
            col("Level", 0.13),
            col("Asset kind", 0.19),
            col("Scenarios", 0.11),
            col("Assets", 0.09),
            col("Records", 0.12),
        ],
        &rows,
    );
}

pub fn register(layout: &mut Layout, model: &ReportModel) {
    let grouping = &model.grouping;
    let annex = model.annexes.iter().find(|annex| annex.file_name == "register.csv");
    layout.paragraph(
        &format!(
            "{} in the register. The register in full, one row per scenario in rank order (highest level \
             first, then records affected), is the annex register.csv attached to this PDF{}; section {} \
             prints the highest scenarios in full and groups the others. Here: scenarios by level and \
             treatment.",
            count(model.register.len(), "scenario", "scenarios"),
            annex.map_or_else(String::new, |annex| format!(" (SHA-256 {})", annex.sha256)),
            Section::Threats.number()
        ),
        BODY,
        false,
    );
    let share = 0.8 / (grouping.treatments.len() + 1) as f32;
    let mut columns = vec![col("Level", 0.2)];
    columns.extend(grouping.treatments.iter().map(|name| col(name.as_str(), share)));
    columns.push(col("Total", share));
    let rows: Vec<Vec<Cell>> = grouping
        .level_treatment
        .iter()
        .map(|row| {
            let mut cells = vec![level_fill(&row.level, row.band)];
            cells.extend(row.counts.iter().map(|count| Cell::from(count.to_string())));
            cells.push(Cell::from(row.counts.iter().sum::<usize>().to_string()));
            cells
        })
        .collect();
    layout.table(&columns, &rows);
}

pub fn plan(layout: &mut Layout, model: &ReportModel) {
    let grouping = &model.grouping;
    layout.subheading("Remediation plan, by action");
    let open = model.plan.iter().filter(|row| row.open).count();
    let overdue = model.plan.iter().filter(|row| row.overdue).count();
    layout.paragraph(
        &format!(
            "{}, {open} open, {overdue} overdue on {}. Grouped by what is to be done; every action with \
             its scenario, owner, due date and status is in the annex plan.csv.",
            count(model.plan.len(), "action", "actions"),
            model.date
        ),
        BODY,
        false,
    );
    let rows: Vec<Vec<Cell>> = grouping
        .action_groups
        .iter()
        .map(|group| {
            vec![
                Cell::from(group.title.as_str()),
                Cell::from(group.actions.to_string()),
                Cell::from(group.open.to_string()),
                Cell {
                    text: group.overdue.to_string(),
                    bold: group.overdue > 0,
                    fill: (group.overdue > 0).then_some(RED),
                },
                Cell::from(date(group.next_due)),
                Cell::from(group.owners.to_string()),
            ]
        })
        .collect();
    layout.table(
        &[
            col("Action", 0.4),
            col("Actions", 0.11),
            col("Open", 0.1),
            col("Overdue", 0.11),
            col("Next due", 0.15),
            col("Owners", 0.13),
        ],
        &capped(rows, 6, "actions"),
    );
    layout.subheading("Accepted risks, by threat and level");
    if grouping.accepted_groups.is_empty() {
        layout.paragraph("No risks accepted.", BODY, false);
        return;
    }
    layout.paragraph(
        &format!(
            "{} accepted; each with who accepted it, when and why is in the register annex (treatment \
             Accept) and the JSON report.",
            count(model.accepted_risks.len(), "risk", "risks")
        ),
        BODY,
        false,
    );
    let rows: Vec<Vec<Cell>> = grouping
        .accepted_groups
        .iter()
        .map(|group| {
            cells(vec![
                group.threat.clone(),
                group.level.clone(),
                group.count.to_string(),
                or_none(&group.accepted_by.join(", ")),
            ])
        })
        .collect();
    layout.table(
        &[
            col("Threat", 0.42),
            col("Level", 0.14),
            col("Accepted", 0.12),
            col("Accepted by", 0.32),
        ],
        &capped(rows, 4, "groups"),
    );
}

pub fn inventory(layout: &mut Layout, model: &ReportModel) {
    let grouping = &model.grouping;
    let in_scope = model.assets.iter().filter(|asset| asset.in_scope).count();
    layout.paragraph(&grouping.explanation, BODY, true);
    layout.paragraph(
        &format!(
            "{} inventory entries, {in_scope} of them handling ePHI (C creates, R receives, M maintains, T \
             transmits). Every entry is in the annex inventory.csv.",
            model.assets.len()
        ),
        BODY,
        false,
    );
    layout.subheading("Inventory by kind");
    let rows: Vec<Vec<Cell>> = grouping
        .kinds
        .iter()
        .map(|kind| {
            vec![
                Cell::from(kind.kind.as_str()),
                Cell::from(kind.entries.to_string()),
                Cell::from(kind.ephi.to_string()),
                Cell::from(
                    kind.records
                        .map_or_else(|| "—".to_string(), |records| records.to_string()),
                ),
                Cell::from(kind.critical.to_string()),
                Cell {
                    text: kind.unencrypted.to_string(),
                    bold: kind.unencrypted > 0,
                    fill: (kind.unencrypted > 0).then_some(AMBER),
                },
            ]
        })
        .collect();
    layout.table(
        &[
            col("Kind", 0.3),
            col("Entries", 0.12),
            col("ePHI", 0.12),
            col("Most records", 0.16),
            col("Critical", 0.12),
            col("ePHI not encrypted", 0.18),
        ],
        &rows,
    );
    layout.subheading(&format!(
        "The ePHI entries that matter most ({})",
        grouping.key_assets.len()
    ));
    layout.paragraph(
        "By criticality (how long the practice can work without the entry), then by records held.",
        BODY,
        false,
    );
    let assets: Vec<&super::model::AssetRow> = grouping
        .key_assets
        .iter()
        .filter_map(|index| model.assets.get(*index))
        .collect();
    super::helpers::asset_table(layout, &assets);
    super::helpers::retired_table(layout, &model.retired_assets);
    layout.subheading("Vendors and business-associate agreements");
    let lacking = model.vendors.iter().filter(|vendor| vendor.lacks_agreement).count();
    layout.paragraph(
        &format!(
            "{}, {lacking} handling ePHI without a signed agreement. Listed: {}, those without an \
             agreement first; every vendor is in the inventory annex.",
            count(model.vendors.len(), "vendor", "vendors"),
            grouping.key_vendors.len()
        ),
        BODY,
        false,
    );
    let vendors: Vec<&super::model::VendorRow> = grouping
        .key_vendors
        .iter()
        .filter_map(|index| model.vendors.get(*index))
        .collect();
    super::helpers::vendor_table(layout, &vendors);
}
