//! Evidence records: what shows a safeguard is operating, with review dates.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row};

use crate::domain::{Evidence, LinkTarget};
use crate::tui::app::App;
use crate::tui::keys::{Action, Scope, keys_for};
use crate::tui::screen::Screen;
use crate::tui::widgets::{WindowedTable, clip, empty_state, wrap};

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let theme = app.theme;
    let records = &app.workspace.evidence;
    let key = |action| keys_for(Scope::Screen(Screen::Evidence), action);
    if records.is_empty() {
        let press = format!("Press {} to add the first one.", key(Action::Add));
        empty_state(
            frame,
            area,
            theme,
            "No evidence yet",
            &[
                "Evidence records are the policies, training logs, access reviews, incident records,",
                "agreements and backup tests that show the program operates, each with a review cycle",
                "and, if you like, the file itself stored inside the workspace with its SHA-256.",
                "",
                &press,
            ],
        );
        return;
    }
    let overdue = records
        .iter()
        .filter(|record| record.is_review_overdue(app.today))
        .count();
    // The detail takes the lines it needs, wrapped (a SHA-256 alone is 64 columns), up to six.
    let detail_lines = app.selected_evidence().map_or(0, |record| {
        detail(app, record)
            .iter()
            .map(|line| wrap(&line.to_string(), usize::from(area.width)).len())
            .sum::<usize>()
    });
    let [summary_area, table_area, detail_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(detail_lines.clamp(4, 6) as u16),
    ])
    .areas(area);
    let style = if overdue > 0 { theme.warning() } else { theme.dim() };
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::raw(format!("{} records, ", records.len())),
            Span::styled(format!("{overdue} overdue for review"), style),
        ])),
        summary_area,
    );
    let wide = area.width >= 100;
    let (header, widths): (Vec<&str>, &[Constraint]) = if wide {
        (
            vec!["Title", "Kind", "Owner", "Dated", "Review due", "Links", "File"],
            &[
                Constraint::Fill(1),
                Constraint::Length(16),
                Constraint::Length(16),
                Constraint::Length(10),
                Constraint::Length(15),
                Constraint::Length(5),
                Constraint::Length(8),
            ],
        )
    } else {
        (
            vec!["Title", "Kind", "Review due", "Links", "File"],
            &[
                Constraint::Fill(1),
                Constraint::Length(12),
                Constraint::Length(15),
                Constraint::Length(5),
                Constraint::Length(7),
            ],
        )
    };
    // What the fixed columns and their spacing leave the title ("…" marks a long one;
    // the detail below shows it whole).
    let fixed: u16 = widths
        .iter()
        .map(|width| match width {
            Constraint::Length(length) => length + 1,
            _ => 0,
        })
        .sum();
    let title_width = usize::from(table_area.width.saturating_sub(fixed));
    WindowedTable {
        header: Row::new(header),
        widths,
        count: records.len(),
        selected: app.cursor(Screen::Evidence),
        theme,
    }
    .draw(frame, table_area, |index| {
        let record = &records[index];
        let due = record.review_due().map_or("-".to_string(), |date| date.to_string());
        // Flagged in words as well as colour, so a monochrome terminal shows it too.
        let due = if record.is_review_overdue(app.today) {
            Cell::from(Span::styled(format!("{due} DUE"), theme.warning()))
        } else {
            Cell::from(due)
        };
        let mut cells = vec![
            Cell::from(clip(&record.title, title_width)),
            Cell::from(clip(&record.kind.to_string(), if wide { 16 } else { 12 })),
        ];
        if wide {
            cells.push(Cell::from(clip(app.workspace.person_name(record.owner_id), 16)));
            cells.push(Cell::from(
                record.dated.map_or("-".to_string(), |date| date.to_string()),
            ));
        }
        cells.push(due);
        cells.push(Cell::from(record.links.len().to_string()));
        cells.push(Cell::from(
            record.file.as_ref().map_or(String::new(), |file| size(file.size)),
        ));
        Row::new(cells)
    });
    if let Some(record) = app.selected_evidence() {
        // Wrapped here the same way as counted above, so no word is cut at the edge.
        let width = usize::from(detail_area.width);
        let lines: Vec<Line> = detail(app, record)
            .into_iter()
            .flat_map(|line| {
                let style = line.spans.last().map_or(line.style, |span| span.style);
                wrap(&line.to_string(), width)
                    .into_iter()
                    .map(move |part| Line::styled(part, style))
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), detail_area);
    }
}

fn detail(app: &App, record: &Evidence) -> Vec<Line<'static>> {
    let key = |action| keys_for(Scope::Screen(Screen::Evidence), action);
    let theme = app.theme;
    let mut lines = vec![Line::from(vec![
        Span::styled(record.title.clone(), theme.heading()),
        Span::styled(
            format!(
                "  {} · {} · {}",
                record.kind,
                match record.owner_id {
                    Some(id) => format!("owner {}", app.workspace.person_name(Some(id))),
                    None => "no owner".to_string(),
                },
                record
                    .review_cycle_months
                    .map_or("no review cycle".to_string(), |months| format!(
                        "review every {months} months"
                    ))
            ),
            theme.dim(),
        ),
    ])];
    lines.push(Line::from(match &record.file {
        Some(file) => format!(
            "Stored: {} ({} bytes) SHA-256 {}  ({} saves it out)",
            file.file_name,
            file.size,
            file.sha256,
            key(Action::SaveOut)
        ),
        None if record.location.is_empty() => format!(
            "No file stored and no location given ({} attaches a file)",
            key(Action::Edit)
        ),
        None => format!("Kept at: {}", record.location),
    }));
    let links: Vec<String> = record
        .links
        .iter()
        .map(|link| match link.target {
            LinkTarget::Safeguard => link.target_ref.clone(),
            LinkTarget::Risk => format!("risk {}", link.target_ref),
            LinkTarget::Action => format!("action {}", link.target_ref),
        })
        .collect();
    lines.push(if links.is_empty() {
        Line::styled(
            format!("Supports: nothing linked yet ({} links it)", key(Action::Link)),
            theme.dim(),
        )
    } else {
        Line::from(format!("Supports: {}", links.join(", ")))
    });
    lines
}

/// A file size in the unit that reads best.
fn size(bytes: u64) -> String {
    match bytes {
        0..1_000 => format!("{bytes} B"),
        1_000..1_000_000 => format!("{} KB", bytes.div_ceil(1_000)),
        _ => format!("{:.1} MB", bytes as f64 / 1_000_000.0),
    }
}
