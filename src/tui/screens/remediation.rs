//! The remediation plan: actions by due date, overdue ones marked.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Wrap};

use crate::domain::{Labeled, LinkTarget};
use crate::tui::app::App;
use crate::tui::keys::{Action, Scope, keys_for};
use crate::tui::screen::Screen;
use crate::tui::widgets::{WindowedTable, clip, empty_state, hanging};

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let theme = app.theme;
    let workspace = &app.workspace;
    let actions = &workspace.actions;
    if actions.is_empty() {
        // The keys named come from the key table.
        let press = format!(
            "Press {} to plan an action for a risk, or {} on the Risks screen.",
            keys_for(Scope::Screen(Screen::Remediation), Action::Add),
            keys_for(Scope::Screen(Screen::Risks), Action::Plan)
        );
        empty_state(
            frame,
            area,
            theme,
            "No actions yet",
            &[
                "The plan lists what will be done about each risk: the action, its owner, due date,",
                "status and effort, overdue ones marked, and the next five things to do.",
                "",
                &press,
            ],
        );
        return;
    }
    let overdue = actions.iter().filter(|action| action.is_overdue(app.today)).count();
    let open = actions.iter().filter(|action| action.status.is_open()).count();
    let next = crate::domain::next_actions(workspace, app.today, 5);
    let next_lines = next_lines(app, &next, usize::from(area.width));
    let [summary_area, next_area, table_area, detail_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(next_lines.len() as u16),
        Constraint::Min(3),
        Constraint::Length(2),
    ])
    .areas(area);
    let overdue_style = if overdue > 0 { theme.error() } else { theme.dim() };
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::raw(format!("{} actions, {open} open, ", actions.len())),
            Span::styled(format!("{overdue} overdue"), overdue_style),
        ])),
        summary_area,
    );
    frame.render_widget(Paragraph::new(next_lines), next_area);
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
        // In words as well as colour, so it shows without colour too.
        let status = if action.is_overdue(app.today) {
            Cell::from(Span::styled("OVERDUE", theme.error()))
        } else {
            Cell::from(action.status.to_string())
        };
        Row::new([
            Cell::from(due),
            Cell::from(action.title.clone()),
            Cell::from(clip(workspace.person_name(action.owner_id), 16)),
            status,
        ])
    });
    if let Some(action) = app.selected_action() {
        let threat = workspace.risk(action.risk_id).map_or("", |risk| risk.threat.as_str());
        let evidence = workspace.evidence_titles(LinkTarget::Action, &action.id.to_string());
        let mut facts = format!("For: {threat} · effort {}", action.effort.label());
        if let Some(cost) = action.cost_estimate {
            facts.push_str(&format!(" · about ${}", crate::tui::editors::thousands(cost)));
        }
        if !evidence.is_empty() {
            facts.push_str(&format!(" · evidence: {}", evidence.join("; ")));
        }
        frame.render_widget(
            Paragraph::new(facts).style(theme.dim()).wrap(Wrap { trim: true }),
            detail_area,
        );
    }
}

/// The level of an action's risk, styled, for the "next five" list.
fn risk_level(app: &App, risk_id: crate::domain::Id) -> Span<'static> {
    match app.workspace.risk(risk_id) {
        Some(risk) => super::level_span(app, risk),
        None => Span::raw(""),
    }
}

/// "Next five things to do", each wrapped under its number rather than cut.
fn next_lines(app: &App, next: &[usize], width: usize) -> Vec<Line<'static>> {
    let theme = app.theme;
    let workspace = &app.workspace;
    let actions = &workspace.actions;
    let mut next_lines = vec![Line::styled(
        "Next five things to do (highest risk first, then soonest due)",
        theme.heading(),
    )];
    for (position, &index) in next.iter().enumerate() {
        let action = &actions[index];
        let due = action.due_on.map_or("no date".to_string(), |date| date.to_string());
        let level = risk_level(app, action.risk_id);
        let number = format!("{}. [", position + 1);
        let lead_width = number.chars().count() + level.content.chars().count() + 2;
        let lead = vec![Span::raw(number), level, Span::raw("] ")];
        let mut text = format!(
            "{} · {} · due {due}",
            action.title,
            workspace.person_name(action.owner_id)
        );
        if action.is_overdue(app.today) {
            text.push_str(" OVERDUE");
        }
        next_lines.extend(hanging(lead, lead_width, &text, ratatui::style::Style::new(), 3, width));
    }
    next_lines
}
