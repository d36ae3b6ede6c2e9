//! Evidence records: what shows a safeguard is operating, with review dates.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row};

use crate::tui::app::App;
use crate::tui::screen::Screen;
use crate::tui::widgets::{WindowedTable, empty_state};

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let theme = app.theme;
    let records = &app.workspace.evidence;
    if records.is_empty() {
        empty_state(
            frame,
            area,
            theme,
            "No evidence yet",
            &[
                "Evidence records are the policies, training logs, access reviews, incident records,",
                "agreements and backup tests that show the program operates, each with a review cycle",
                "and, if you like, the file itself stored inside the workspace with its SHA-256.",
            ],
        );
        return;
    }
    let overdue = records
        .iter()
        .filter(|record| record.is_review_overdue(app.today))
        .count();
    let [summary_area, table_area] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let style = if overdue > 0 { theme.warning() } else { theme.dim() };
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::raw(format!("{} records, ", records.len())),
            Span::styled(format!("{overdue} overdue for review"), style),
        ])),
        summary_area,
    );
    WindowedTable {
        header: Row::new(["Title", "Kind", "Dated", "Review due", "File"]),
        widths: &[
            Constraint::Fill(1),
            Constraint::Length(14),
            Constraint::Length(10),
            Constraint::Length(10),
            Constraint::Length(4),
        ],
        count: records.len(),
        selected: app.cursor(Screen::Evidence),
        theme,
    }
    .draw(frame, table_area, |index| {
        let record = &records[index];
        let due = record.review_due().map_or("-".to_string(), |date| date.to_string());
        let due = if record.is_review_overdue(app.today) {
            Cell::from(Span::styled(due, theme.warning()))
        } else {
            Cell::from(due)
        };
        Row::new([
            Cell::from(record.title.clone()),
            Cell::from(crate::tui::widgets::clip(&record.kind.to_string(), 14)),
            Cell::from(record.dated.map_or("-".to_string(), |date| date.to_string())),
            due,
            Cell::from(if record.file.is_some() { "yes" } else { "" }),
        ])
    });
}
