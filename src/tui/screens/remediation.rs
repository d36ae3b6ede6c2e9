//! The remediation plan: actions by due date, overdue ones marked.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row};

use crate::tui::app::App;
use crate::tui::screen::Screen;
use crate::tui::widgets::{WindowedTable, empty_state};

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let theme = app.theme;
    let workspace = &app.workspace;
    let actions = &workspace.actions;
    if actions.is_empty() {
        empty_state(
            frame,
            area,
            theme,
            "No actions yet",
            &[
                "The plan lists what will be done about each risk: the action, its owner, due date,",
                "status and effort, overdue ones first to catch the eye.",
            ],
        );
        return;
    }
    let overdue = actions.iter().filter(|action| action.is_overdue(app.today)).count();
    let open = actions.iter().filter(|action| action.status.is_open()).count();
    let [summary_area, table_area] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let overdue_style = if overdue > 0 { theme.error() } else { theme.dim() };
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::raw(format!("{} actions, {open} open, ", actions.len())),
            Span::styled(format!("{overdue} overdue"), overdue_style),
        ])),
        summary_area,
    );
    WindowedTable {
        header: Row::new(["Due", "Action", "Owner", "Status"]),
        widths: &[
            Constraint::Length(10),
            Constraint::Fill(1),
            Constraint::Length(16),
            Constraint::Length(11),
        ],
        count: actions.len(),
        selected: app.cursor(Screen::Remediation),
        theme,
    }
    .draw(frame, table_area, |index| {
        let action = &actions[index];
        let due = action.due_on.map_or("no date".to_string(), |date| date.to_string());
        let status = if action.is_overdue(app.today) {
            Cell::from(Span::styled("OVERDUE", theme.error()))
        } else {
            Cell::from(action.status.to_string())
        };
        Row::new([
            Cell::from(due),
            Cell::from(action.title.clone()),
            Cell::from(workspace.person_name(action.owner_id).to_string()),
            status,
        ])
    });
}
