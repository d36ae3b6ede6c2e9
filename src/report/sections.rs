//! The PDF's content: the cover, the contents and one function per section, each laying
//! out what the model holds with the primitives of `layout.rs`. Nothing here looks
//! anything up in the workspace; it only formats the model.

use super::helpers::{AMBER, GREEN, RED, asset_table, band_color, cells, date, level_cell, or_none, vendor_table};
use super::layout::{BLACK, BODY, Cell, Layout, LinkArea, OutlineEntry, col, leading};
use super::model::{AssetRow, ReportModel, Section, VendorRow};
use super::{closing_sections, method_sections, risk_sections};
use crate::domain::{Labeled, Rule};

/// Lays out the whole report; returns the layout and the page each section starts on.
/// `progress` gets the sections done and their number as it goes.
pub fn lay_out(
    model: &ReportModel,
    mut layout: Layout,
    progress: &mut dyn FnMut(usize, usize),
) -> (Layout, Vec<usize>) {
    cover(&mut layout, model);
    layout.heading("Contents");
    let contents_page = layout.page_number();
    layout.outline.push(OutlineEntry {
        level: 0,
        title: "Contents".to_string(),
        page: contents_page,
        y: layout.top,
    });
    let contents_top = layout.y;
    let mut starts = Vec::new();
    for section in Section::ALL {
        layout.heading(section.title());
        starts.push(layout.page_number());
        layout.outline.push(OutlineEntry {
            level: 0,
            title: format!("{}. {}", section.number(), section.title()),
            page: layout.page_number(),
            y: layout.top,
        });
        let draw: fn(&mut Layout, &ReportModel) = match section {
            Section::Summary => summary,
            Section::ScopeAndMethodology => method_sections::scope_and_methodology,
            Section::PracticeAndPeople => people,
            Section::Inventory => inventory,
            Section::Safeguards => safeguards,
            Section::Threats => risk_sections::threats,
            Section::HeatMap => risk_sections::heat_map,
            Section::Register => risk_sections::register,
            Section::Plan => risk_sections::plan,
            Section::Findings => closing_sections::findings,
            Section::Evidence => closing_sections::evidence,
            Section::PolicyRegister => super::program_sections::policies_pdf,
            Section::BusinessAssociates => super::program_sections::business_associates_pdf,
            Section::ContingencyTests => super::contingency::section,
            Section::ProgramCalendar => super::calendar_section::section,
            Section::Incidents => super::incident_sections::incidents,
            Section::BreachLog => super::incident_sections::breach_log,
            Section::WorkforceTraining => |layout, model| {
                super::training::section(layout, &model.training);
                super::access::section(layout, model);
            },
            Section::Changes => super::changes::section,
            Section::ChangeLog => closing_sections::change_log,
            Section::SignOff => closing_sections::sign_off,
        };
        draw(&mut layout, model);
        progress(section.number(), Section::ALL.len());
    }
    if let Some(proposed) = &model.proposed {
        super::proposed::appendix(&mut layout, proposed);
    }
    contents(&mut layout, model, contents_page, contents_top, &starts);
    (layout, starts)
}

fn cover(layout: &mut Layout, model: &ReportModel) {
    layout.new_page();
    layout.y = layout.top - 90.0;
    let width = layout.text_width();
    for (text, size, bold) in [
        ("HIPAA Security Rule risk analysis", 24.0, true),
        (model.cover.practice.as_str(), 18.0, false),
        (model.cover.assessment.as_str(), 13.0, false),
    ] {
        for line in layout.wrap(text, size, bold, width) {
            layout.text_at(layout.left, layout.y - size, &line, size, bold, BLACK);
            layout.y -= leading(size);
        }
        layout.gap(10.0);
    }
    layout.gap(20.0);
    let period = format!("{} to {}", date(model.cover.period_start), date(model.cover.period_end));
    let counts = &model.finding_counts;
    let status = if model.draft {
        format!(
            "DRAFT: {} blocking {} open (listed in section {}); not approved.",
            counts.blocking,
            if counts.blocking == 1 { "finding" } else { "findings" },
            Section::Findings.number()
        )
    } else {
        format!(
            "Final: no blocking finding is open ({} advisory, {} acknowledged).",
            counts.advisory, counts.acknowledged
        )
    };
    layout.pairs(&[
        ("Practice", model.cover.practice.clone()),
        ("Assessment", model.cover.assessment.clone()),
        ("Period", period),
        ("Assessor", or_none(&model.cover.assessor)),
        ("Report date", model.cover.date.to_string()),
        ("Status", status),
    ]);
    layout.gap(16.0);
    layout.paragraph(
        "This report documents the practice's risk analysis under the HIPAA Security Rule \
         (45 CFR 164.308(a)(1)(ii)(A)): where electronic protected health information is \
         kept, which safeguards are in place, what the risks are and what will be done about them.",
        BODY,
        false,
    );
}

fn contents(layout: &mut Layout, model: &ReportModel, page: usize, top: f32, starts: &[usize]) {
    let size = 11.0;
    let mut y = top;
    for (index, (title, start)) in model.sections.iter().zip(starts).enumerate() {
        let label = format!("{}. {title}", index + 1);
        let number = start.to_string();
        let number_width = layout.fonts.width(&number, size, false);
        let label_width = layout.fonts.width(&label, size, false);
        let dot = layout.fonts.width(" .", size, false);
        let room = layout.text_width() - label_width - number_width - 12.0;
        let dots = " .".repeat((room / dot).max(0.0) as usize);
        layout.text_on(page, layout.left, y - size, &label, size, false);
        layout.text_on(page, layout.left + label_width + 4.0, y - size, &dots, size, false);
        layout.text_on(page, layout.right - number_width, y - size, &number, size, false);
        // The whole line goes to the section's first page.
        layout.links.push(LinkArea {
            page,
            rect: [layout.left, y - leading(size), layout.right, y],
            target: *start,
        });
        y -= leading(size) * 1.5;
    }
}

fn summary(layout: &mut Layout, model: &ReportModel) {
    let summary = &model.summary;
    layout.subheading("Scope");
    layout.paragraph(&summary.scope, BODY, false);

    layout.subheading("Risks by level");
    let mut rows: Vec<Vec<Cell>> = summary
        .risk_counts
        .iter()
        .map(|count| {
            vec![
                Cell {
                    text: count.level.clone(),
                    bold: true,
                    fill: Some(band_color(count.band)),
                },
                Cell::from(count.count.to_string()),
            ]
        })
        .collect();
    rows.push(vec![Cell::from("Not scored"), Cell::from(summary.unscored.to_string())]);
    layout.table(&[col("Level of risk", 0.5), col("Scenarios", 0.5)], &rows);

    if model.grouping.scenarios {
        super::grouped_sections::top_groups(layout, model);
    } else {
        top_risks(layout, model);
    }

    layout.subheading("Key compliance gaps");
    key_gaps(layout, model);

    layout.subheading("Readiness signals");
    signals(layout, model);

    layout.subheading("What must happen next");
    for step in &summary.next_steps {
        layout.bullet(step);
    }
    if model.grouping.scenarios {
        super::grouped_sections::overdue(layout, model);
    }
    open_findings(layout, model);
}

/// The five highest scenarios, in a report small enough to print each one.
fn top_risks(layout: &mut Layout, model: &ReportModel) {
    let summary = &model.summary;
    layout.subheading("Top risks");
    if summary.top_risks.is_empty() {
        layout.paragraph("No scenario has been scored yet.", BODY, false);
    } else {
        let rows: Vec<Vec<Cell>> = summary
            .top_risks
            .iter()
            .map(|row| {
                vec![
                    Cell::from(row.rank.to_string()),
                    Cell::from(row.risk_id.to_string()),
                    Cell::from(format!("{}: {}", row.threat, row.vulnerability)),
                    level_cell(row.score.as_ref()),
                    Cell::from(row.treatment.as_str()),
                    Cell::from(or_none(&row.owner)),
                ]
            })
            .collect();
        layout.table(
            &[
                col("Rank", 0.06),
                col("#", 0.05),
                col("Risk", 0.46),
                col("Level", 0.12),
                col("Treatment", 0.12),
                col("Owner", 0.19),
            ],
            &rows,
        );
    }
}

fn signals(layout: &mut Layout, model: &ReportModel) {
    let rows: Vec<Vec<Cell>> = model
        .summary
        .signals
        .iter()
        .map(|signal| {
            let fill = match signal.level.as_str() {
                "Green" => GREEN,
                "Amber" => AMBER,
                _ => RED,
            };
            vec![
                Cell::from(signal.name.as_str()),
                Cell {
                    text: signal.level.clone(),
                    bold: true,
                    fill: Some(fill),
                },
                Cell::from(signal.reason.as_str()),
            ]
        })
        .collect();
    layout.table(&[col("Signal", 0.3), col("State", 0.1), col("Why", 0.6)], &rows);
}

/// The open findings as counts by rule; the Findings section lists each one.
fn open_findings(layout: &mut Layout, model: &ReportModel) {
    layout.subheading("Open findings");
    layout.paragraph(
        &if model.draft {
            format!(
                "This report is a DRAFT: {} blocking {} open. It becomes final when none is; \
                 section {} lists each finding with how to resolve it.",
                model.finding_counts.blocking,
                if model.finding_counts.blocking == 1 {
                    "finding is"
                } else {
                    "findings are"
                },
                Section::Findings.number()
            )
        } else {
            "No blocking finding is open: the analysis can be final.".to_string()
        },
        BODY,
        false,
    );
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let by_rule = model.findings_by_rule();
    // A grouped (large) report counts its advisory findings in one row, so the summary
    // keeps to its two pages however many kinds of advisory finding there are.
    let grouped = model.grouping.scenarios || model.grouping.inventory;
    let mut advisory_rest = (0, 0, 0);
    for rule in Rule::ALL {
        let of_rule = by_rule.iter().filter(|counted| counted.rule == *rule);
        let (open, acknowledged) = of_rule.fold((0, 0), |(open, acknowledged), counted| {
            (open + counted.open, acknowledged + counted.acknowledged)
        });
        if open + acknowledged == 0 {
            continue;
        }
        if grouped && !rule.is_blocking() {
            advisory_rest = (
                advisory_rest.0 + 1,
                advisory_rest.1 + open,
                advisory_rest.2 + acknowledged,
            );
            continue;
        }
        let blocking = rule.is_blocking() && open > 0;
        rows.push(vec![
            Cell::from(rule.label()),
            Cell::from(if rule.is_blocking() { "Blocking" } else { "Advisory" }),
            Cell {
                text: open.to_string(),
                bold: blocking,
                fill: blocking.then_some(AMBER),
            },
            Cell::from(acknowledged.to_string()),
        ]);
    }
    let (kinds, open, acknowledged) = advisory_rest;
    if kinds > 0 {
        rows.push(vec![
            Cell::from(format!(
                "Advisory findings of {kinds} {} (each in section {})",
                if kinds == 1 { "kind" } else { "kinds" },
                Section::Findings.number()
            )),
            Cell::from("Advisory"),
            Cell::from(open.to_string()),
            Cell::from(acknowledged.to_string()),
        ]);
    }
    if rows.is_empty() {
        layout.paragraph("No findings.", BODY, false);
    } else {
        layout.table(
            &[
                col("Finding", 0.58),
                col("Kind", 0.14),
                col("Open", 0.12),
                col("Acknowledged", 0.16),
            ],
            &rows,
        );
    }
}

/// Names are printed where they are few; past that the count and where to find them,
/// so the summary stays within its two pages at any size.
const GAP_NAMES_SHOWN: usize = 6;

/// A grouped report names fewer: its summary gives the gaps as counts.
const GAP_NAMES_SHOWN_GROUPED: usize = 3;

fn key_gaps(layout: &mut Layout, model: &ReportModel) {
    let grouped = model.grouping.scenarios || model.grouping.inventory;
    let shown = if grouped {
        GAP_NAMES_SHOWN_GROUPED
    } else {
        GAP_NAMES_SHOWN
    };
    let rows: Vec<Vec<Cell>> = model
        .summary
        .key_gaps
        .iter()
        .map(|gap| {
            let count = gap.names.len();
            let detail = if count == 0 {
                "None.".to_string()
            } else if count <= shown {
                format!("{}.", gap.names.join("; "))
            } else if grouped {
                format!(
                    "Each one is listed by `hipaa-ra check`, and in the inventory annex or the safeguard \
                     review (section {}).",
                    Section::Safeguards.number()
                )
            } else {
                format!(
                    "{}; and {} more (all listed in the inventory and safeguard sections).",
                    gap.names[..GAP_NAMES_SHOWN - 1].join("; "),
                    count - (GAP_NAMES_SHOWN - 1)
                )
            };
            vec![
                Cell::from(format!("{} ({})", gap.gap, gap.citation)),
                Cell {
                    text: count.to_string(),
                    bold: true,
                    fill: Some(if count == 0 { GREEN } else { AMBER }),
                },
                Cell::from(detail),
            ]
        })
        .collect();
    layout.table(&[col("Gap", 0.36), col("Count", 0.08), col("Which", 0.56)], &rows);
}

fn people(layout: &mut Layout, model: &ReportModel) {
    let practice = &model.practice;
    layout.pairs(&[
        ("Practice", practice.name.clone()),
        ("Entity type", practice.entity_type.clone()),
        ("Locations", or_none(&practice.locations.join("\n"))),
        (
            "Workforce",
            practice
                .workforce_size
                .map_or_else(|| "—".to_string(), |size| size.to_string()),
        ),
        ("Notes", or_none(&practice.notes)),
    ]);
    layout.subheading("Security roles and named owners");
    let rows: Vec<Vec<Cell>> = model
        .owners
        .iter()
        .map(|owner| {
            let names = if owner.names.is_empty() {
                "Not named".to_string()
            } else {
                owner.names.join(", ")
            };
            vec![
                Cell::from(owner.role.as_str()),
                Cell {
                    text: names,
                    bold: false,
                    fill: (owner.required && owner.names.is_empty()).then_some(RED),
                },
                Cell::from(if owner.required { "Required" } else { "" }),
            ]
        })
        .collect();
    layout.table(&[col("Role", 0.35), col("Named owner", 0.45), col("", 0.2)], &rows);
    layout.subheading("People");
    let rows: Vec<Vec<Cell>> = model
        .people
        .iter()
        .map(|person| {
            cells(vec![
                person.name.clone(),
                person.title.clone(),
                person.contact.clone(),
                person.roles.join(", "),
            ])
        })
        .collect();
    layout.table(
        &[
            col("Name", 0.25),
            col("Title", 0.22),
            col("Contact", 0.28),
            col("Roles", 0.25),
        ],
        &rows,
    );
}

fn inventory(layout: &mut Layout, model: &ReportModel) {
    if model.grouping.inventory {
        super::grouped_sections::inventory(layout, model);
        return;
    }
    let in_scope = model.assets.iter().filter(|asset| asset.in_scope).count();
    layout.paragraph(
        &format!(
            "{} inventory entries, {in_scope} of them handling ePHI. ePHI: C creates, R receives, \
             M maintains, T transmits; an entry with none is out of scope. Criticality is how long \
             the practice can work without the entry: Critical, minutes; High, a few hours; Medium, \
             a day or two; Low, a week or more.",
            model.assets.len()
        ),
        BODY,
        false,
    );
    let assets: Vec<&AssetRow> = model.assets.iter().collect();
    asset_table(layout, &assets);
    super::helpers::retired_table(layout, &model.retired_assets);
    layout.subheading("Vendors and business-associate agreements");
    if model.vendors.is_empty() {
        layout.paragraph("No vendors recorded.", BODY, false);
        return;
    }
    let vendors: Vec<&VendorRow> = model.vendors.iter().collect();
    vendor_table(layout, &vendors);
}

fn safeguards(layout: &mut Layout, model: &ReportModel) {
    layout.paragraph(
        "Every standard and implementation specification of the Security Rule, by citation \
         (45 CFR), with its review. Each addressable specification shows the decision taken \
         and, where it is not implemented as specified, the alternative or the reason.",
        BODY,
        false,
    );
    let mut sections: Vec<&str> = Vec::new();
    for row in &model.safeguards {
        if !sections.contains(&row.section.as_str()) {
            sections.push(&row.section);
        }
    }
    for section in sections {
        layout.subheading(section);
        let rows: Vec<Vec<Cell>> = model
            .safeguards
            .iter()
            .filter(|row| row.section == section)
            .map(|row| {
                let mut notes = Vec::new();
                if !row.measure.trim().is_empty() {
                    notes.push(format!("Measure: {}", row.measure));
                }
                if let Some(decision) = &row.decision {
                    notes.push(format!("Decision: {decision}."));
                    if !row.decision_text.is_empty() {
                        notes.push(row.decision_text.clone());
                    }
                }
                if !row.na_reason.is_empty() {
                    notes.push(format!("Not applicable: {}", row.na_reason));
                }
                // Notes that only repeat the measure are printed once.
                if !row.notes.is_empty() && row.notes.trim() != row.measure.trim() {
                    notes.push(row.notes.clone());
                }
                // The answers under the item: what the status rests on.
                notes.extend(row.answers.iter().map(|answer| format!("Q: {answer}")));
                if let Some(day) = row.reviewed_on {
                    notes.push(format!("Reviewed {day}."));
                }
                let unreviewed = row.reviewed_on.is_none() && row.status == "Not reviewed";
                vec![
                    Cell::from(row.citation.as_str()),
                    Cell::from(row.name.as_str()),
                    Cell::from(row.kind.as_str()),
                    Cell {
                        text: row.status.clone(),
                        bold: false,
                        fill: unreviewed.then_some(AMBER),
                    },
                    Cell::from(row.owner.as_str()),
                    Cell::from(notes.join("\n")),
                ]
            })
            .collect();
        layout.table(
            &[
                // Wide enough for the longest citation on one line.
                col("Citation", 0.19),
                col("Standard or specification", 0.2),
                col("Kind", 0.1),
                col("Status", 0.11),
                col("Owner", 0.11),
                col("Measure, decision and notes", 0.29),
            ],
            &rows,
        );
    }
}
