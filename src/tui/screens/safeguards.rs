//! The safeguard review: a tree of the rule's sections, standards and implementation
//! specifications, each with its status and owner, progress per section, and the review
//! of the selected item in a pane below.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Row, Wrap};

use crate::catalog::{ItemKind, SectionKey};
use crate::domain::{CarriedEntity, Labeled, LinkTarget, ReviewStatus};
use crate::tui::app::{App, Overlay};
use crate::tui::safeguard_tree::{TreeRow, section_progress};
use crate::tui::screen::Screen;
use crate::tui::widgets::WindowedTable;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let finding = matches!(app.overlay(), Some(Overlay::Filter));
    let detail_height = if area.height >= 30 { 12 } else { 8 };
    let [find_area, table_area, detail_area] = Layout::vertical([
        Constraint::Length(u16::from(finding)),
        Constraint::Min(5),
        Constraint::Length(detail_height),
    ])
    .areas(area);
    if finding {
        let line = Line::from(vec![
            Span::styled("Find: ", app.theme.key()),
            Span::raw(format!("{}▏", app.tree.find)),
            Span::styled("  citation or name; Enter keeps the place", app.theme.dim()),
        ]);
        frame.render_widget(Paragraph::new(line), find_area);
    }
    draw_tree(frame, table_area, app);
    let detail = match app.tree.rows.get(app.cursor(Screen::Safeguards)) {
        Some(TreeRow::Item(index)) => item_detail(app, *index),
        Some(TreeRow::Section(key)) => section_detail(app, *key),
        None => Vec::new(),
    };
    let block = Block::new().borders(Borders::TOP).border_style(app.theme.border());
    frame.render_widget(
        Paragraph::new(detail).block(block).wrap(Wrap { trim: true }),
        detail_area,
    );
}

fn draw_tree(frame: &mut Frame, area: Rect, app: &App) {
    let theme = app.theme;
    let workspace = &app.workspace;
    let catalog = app.catalog;
    let wide = area.width >= 100;
    let (header, widths): (Row, &[Constraint]) = if wide {
        (
            Row::new(["Citation", "Name", "R/A", "Status", "Owner"]),
            &[
                Constraint::Length(24),
                Constraint::Fill(1),
                Constraint::Length(4),
                Constraint::Length(12),
                Constraint::Length(18),
            ],
        )
    } else {
        (
            Row::new(["Citation", "Name", "R/A", "Status"]),
            &[
                Constraint::Length(23),
                Constraint::Fill(1),
                Constraint::Length(3),
                Constraint::Length(12),
            ],
        )
    };
    WindowedTable {
        header,
        widths,
        count: app.tree.rows.len(),
        selected: app.cursor(Screen::Safeguards),
        theme,
    }
    .draw(frame, area, |row| match app.tree.rows[row] {
        TreeRow::Section(key) => {
            let (reviewed, total) = section_progress(catalog, workspace, key);
            let mark = if app.tree.is_folded(key) { "▸" } else { "▾" };
            Row::new([
                format!("{mark} {}", section_name(key)),
                format!("{reviewed} of {total} reviewed"),
                String::new(),
                String::new(),
            ])
            .style(theme.heading())
        }
        TreeRow::Item(index) => {
            let item = &catalog.items[index];
            let review = workspace.review(&item.citation);
            let status = review.map_or(ReviewStatus::NotReviewed, |review| review.status);
            // Last year's answer, until someone confirms it (c) or edits it.
            let carried = review.is_some_and(|review| workspace.needs_confirmation(CarriedEntity::Review, review.id));
            let indent = if item.is_standard() { " " } else { "   " };
            let mut cells = vec![
                format!("{indent}{}", item.citation),
                item.name.clone(),
                kind_letter(item.kind).to_string(),
                match carried {
                    // Twelve columns wide: "carried forward, confirm" in short.
                    true => "Carried: c?".to_string(),
                    false => short_status(status).to_string(),
                },
            ];
            if wide {
                cells.push(
                    workspace
                        .person_name(review.and_then(|review| review.owner_id))
                        .to_string(),
                );
            }
            let row = Row::new(cells);
            if status == ReviewStatus::NotReviewed || carried {
                row.style(theme.dim())
            } else {
                row
            }
        }
    });
}

/// The review of one item: what it asks, and what has been recorded.
fn item_detail(app: &App, index: usize) -> Vec<Line<'static>> {
    let theme = app.theme;
    let workspace = &app.workspace;
    let item = &app.catalog.items[index];
    let kind = match item.kind {
        ItemKind::Standard => "Standard (reviewed as required)",
        ItemKind::Required => "Required",
        ItemKind::Addressable => "Addressable",
    };
    // What has been recorded comes first, the catalog's summary last: on a small
    // terminal the summary is what gets cut.
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("{} {}", item.citation, item.name), theme.heading()),
        Span::styled(format!("  {kind}"), theme.dim()),
    ])];
    let review = workspace.review(&item.citation);
    match review {
        Some(review) => lines.extend(review_lines(app, item, review)),
        None => lines.push(Line::styled("Not reviewed yet: press e to review it.", theme.warning())),
    }
    // Every question in full, with its answer: the review is these answers.
    for (index, question) in item.questions.iter().enumerate() {
        let answer = review.and_then(|review| review.answers.iter().find(|answer| answer.question == index));
        let (word, style) = match answer {
            Some(answer) if answer.answer == crate::domain::Answer::No => (answer.answer.label(), theme.warning()),
            Some(answer) => (answer.answer.label(), theme.key()),
            None => ("Not answered", theme.dim()),
        };
        let mut spans = vec![
            Span::styled(format!("{}. {word}: ", index + 1), style),
            Span::raw(question.clone()),
        ];
        if let Some(answer) = answer.filter(|answer| !answer.note.is_empty()) {
            spans.push(Span::styled(format!(" ({})", answer.note), theme.dim()));
        }
        lines.push(Line::from(spans));
    }
    let evidence = workspace.evidence_titles(LinkTarget::Safeguard, &item.citation);
    lines.push(if evidence.is_empty() {
        Line::styled("Evidence: none linked (link from the Evidence screen, l)", theme.dim())
    } else {
        Line::from(format!("Evidence: {}", evidence.join("; ")))
    });
    lines.push(Line::styled(item.summary.clone(), theme.dim()));
    lines
}

fn review_lines(app: &App, item: &crate::catalog::Item, review: &crate::domain::SafeguardReview) -> Vec<Line<'static>> {
    let theme = app.theme;
    let workspace = &app.workspace;
    let mut lines = Vec::new();
    let mut facts = vec![Span::styled(review.status.label().to_string(), theme.key())];
    if let Some(owner) = review.owner_id {
        facts.push(Span::raw(format!(" · owner {}", workspace.person_name(Some(owner)))));
    }
    if let Some(date) = review.reviewed_on {
        facts.push(Span::raw(format!(" · reviewed {date}")));
    }
    let answered = review.answers.len();
    if !item.questions.is_empty() {
        facts.push(Span::raw(format!(
            " · {answered} of {} questions answered",
            item.questions.len()
        )));
    }
    lines.push(Line::from(facts));
    if review.status == ReviewStatus::NotApplicable {
        lines.push(Line::from(format!("Not applicable: {}", review.na_reason)));
    }
    if item.kind == ItemKind::Addressable && review.status != ReviewStatus::NotReviewed {
        match review.decision {
            Some(decision) if review.decision_text.is_empty() => {
                lines.push(Line::from(format!("Decision: {}", decision.label())));
            }
            Some(decision) => lines.push(Line::from(format!(
                "Decision: {}: {}",
                decision.label(),
                review.decision_text
            ))),
            None if review.status != ReviewStatus::NotApplicable => {
                lines.push(Line::styled("Decision: none recorded yet", theme.warning()));
            }
            None => {}
        }
    }
    if !review.notes.is_empty() {
        lines.push(Line::from(format!("Notes: {}", review.notes)));
    }
    lines
}

fn section_detail(app: &App, key: SectionKey) -> Vec<Line<'static>> {
    let catalog = app.catalog;
    let workspace = &app.workspace;
    let Some(section) = catalog.sections.iter().find(|section| section.key == key) else {
        return Vec::new();
    };
    let (reviewed, total) = section_progress(catalog, workspace, key);
    let count = |status: ReviewStatus| {
        catalog
            .section_items(key)
            .filter(|item| workspace.review_status(&item.citation) == status)
            .count()
    };
    vec![
        Line::styled(
            format!("§{} {}", section.cfr_section, section.title),
            app.theme.heading(),
        ),
        Line::from(format!("{reviewed} of {total} items reviewed.")),
        Line::from(format!(
            "Implemented {}, partially {}, not implemented {}, not applicable {}, not reviewed {}.",
            count(ReviewStatus::Implemented),
            count(ReviewStatus::Partial),
            count(ReviewStatus::NotImplemented),
            count(ReviewStatus::NotApplicable),
            count(ReviewStatus::NotReviewed),
        )),
        Line::styled(
            "Enter or z folds the section; n goes to the next item not reviewed; / finds one.",
            app.theme.dim(),
        ),
    ]
}

fn section_name(key: SectionKey) -> &'static str {
    match key {
        SectionKey::Administrative => "Administrative",
        SectionKey::Physical => "Physical",
        SectionKey::Technical => "Technical",
        SectionKey::Organizational => "Organizational",
        SectionKey::Documentation => "Documentation",
    }
}

fn kind_letter(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Standard => "Std",
        ItemKind::Required => "R",
        ItemKind::Addressable => "A",
    }
}

/// Status words that fit a narrow column.
fn short_status(status: ReviewStatus) -> &'static str {
    match status {
        ReviewStatus::NotReviewed => "Not reviewed",
        ReviewStatus::Implemented => "Implemented",
        ReviewStatus::Partial => "Partial",
        ReviewStatus::NotImplemented => "Not in place",
        ReviewStatus::NotApplicable => "N/A",
    }
}
