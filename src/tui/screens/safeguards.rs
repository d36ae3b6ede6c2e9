//! The safeguard review: every standard and implementation specification of the rule,
//! by section, with its status and owner, and progress per section.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Wrap};

use crate::catalog::{ItemKind, SectionKey};
use crate::domain::ReviewStatus;
use crate::tui::app::App;
use crate::tui::screen::Screen;
use crate::tui::widgets::WindowedTable;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let theme = app.theme;
    let workspace = &app.workspace;
    let catalog = app.catalog;
    let [progress_area, table_area, detail_area] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(5), Constraint::Length(4)]).areas(area);
    let mut progress = Vec::new();
    for section in &catalog.sections {
        let items: Vec<_> = catalog.section_items(section.key).collect();
        let reviewed = items
            .iter()
            .filter(|item| workspace.review_status(&item.citation) != ReviewStatus::NotReviewed)
            .count();
        let name = match section.key {
            SectionKey::Administrative => "Admin",
            SectionKey::Physical => "Physical",
            SectionKey::Technical => "Technical",
            SectionKey::Organizational => "Org",
            SectionKey::Documentation => "Docs",
        };
        progress.push(Span::raw(format!("{name} {reviewed}/{}  ", items.len())));
    }
    frame.render_widget(Paragraph::new(Line::from(progress)).style(theme.dim()), progress_area);
    let items = &catalog.items;
    let selected = app.cursor(Screen::Safeguards);
    let wide = area.width >= 100;
    let (header, widths): (Row, &[Constraint]) = if wide {
        (
            Row::new(["Citation", "Name", "Kind", "Status", "Owner"]),
            &[
                Constraint::Length(22),
                Constraint::Fill(1),
                Constraint::Length(4),
                Constraint::Length(12),
                Constraint::Length(18),
            ],
        )
    } else {
        (
            Row::new(["Citation", "Name", "Kind", "Status"]),
            &[
                Constraint::Length(22),
                Constraint::Fill(1),
                Constraint::Length(4),
                Constraint::Length(12),
            ],
        )
    };
    WindowedTable {
        header,
        widths,
        count: items.len(),
        selected,
        theme,
    }
    .draw(frame, table_area, |index| {
        let item = &items[index];
        let review = workspace.review(&item.citation);
        let status = review.map_or(ReviewStatus::NotReviewed, |review| review.status);
        let kind = match item.kind {
            ItemKind::Standard => "Std",
            ItemKind::Required => "R",
            ItemKind::Addressable => "A",
        };
        let indent = if item.is_standard() { "" } else { "  " };
        let mut cells = vec![
            format!("{indent}{}", item.citation),
            item.name.clone(),
            kind.to_string(),
            short_status(status).to_string(),
        ];
        if wide {
            cells.push(
                workspace
                    .person_name(review.and_then(|review| review.owner_id))
                    .to_string(),
            );
        }
        Row::new(cells)
    });
    if let Some(item) = items.get(selected) {
        let text = vec![
            Line::from(Span::styled(
                format!("{} {}", item.citation, item.name),
                theme.heading(),
            )),
            Line::from(item.summary.clone()),
        ];
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), detail_area);
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
