//! The practice profile and its assessments.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::domain::Labeled;
use crate::tui::app::App;
use crate::tui::keys::{Action, Scope, bindings_in};
use crate::tui::screen::Screen;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let theme = app.theme;
    let workspace = &app.workspace;
    let practice = &workspace.practice;
    let field = |label: &str, value: String| {
        Line::from(vec![
            Span::styled(format!("{label:<20}"), theme.dim()),
            Span::raw(value),
        ])
    };
    let or_unset = |value: &str| {
        if value.trim().is_empty() {
            "(not set)".to_string()
        } else {
            value.to_string()
        }
    };
    let mut lines = vec![
        Line::from("Practice profile").style(theme.heading()),
        field("Name", or_unset(&practice.name)),
        field("Entity type", practice.entity_type.to_string()),
    ];
    // One location a line, each under the value column.
    let locations: Vec<&str> = practice
        .locations
        .lines()
        .filter(|line| !line.trim().is_empty())
        .collect();
    if locations.is_empty() {
        lines.push(field("Locations", "(not set)".to_string()));
    }
    for (index, location) in locations.iter().enumerate() {
        lines.push(field(if index == 0 { "Locations" } else { "" }, location.to_string()));
    }
    lines.push(field(
        "Workforce",
        practice
            .workforce_size
            .map_or("(not set)".to_string(), |size| format!("{size} people")),
    ));
    lines.push(Line::from(""));
    lines.push(Line::from("Assessments").style(theme.heading()));
    for assessment in &workspace.assessments {
        let current = if assessment.id == workspace.assessment_id {
            "▶ "
        } else {
            "  "
        };
        let state = match workspace.signature(assessment.id) {
            Some(signature) => format!("final, signed {}", signature.signed_on),
            None => "draft".to_string(),
        };
        lines.push(Line::from(vec![
            Span::styled(current, theme.key()),
            Span::raw(format!(
                "{}  {} to {}  ",
                assessment.title, assessment.period_start, assessment.period_end
            )),
            Span::styled(state, theme.dim()),
        ]));
    }
    if let Some(assessment) = workspace.assessment() {
        lines.push(Line::from(""));
        let started = match assessment.started_on {
            Some(day) => format!("{}, {day}", assessment.reason.label()),
            None => assessment.reason.label().to_string(),
        };
        lines.push(field("Started", started));
        if let Some(previous) = workspace.previous_assessment() {
            let open = workspace.unconfirmed().len();
            lines.push(field(
                "Carried from",
                format!("{}: {open}/{} to confirm", previous.title, workspace.carried.len()),
            ));
        }
        lines.push(field("Assessor", assessment.assessor.clone()));
        lines.push(field("Risk matrix", assessment.matrix.name.clone()));
        lines.push(field(
            "Next review",
            assessment
                .next_review
                .map_or("(not planned)".to_string(), |date| date.to_string()),
        ));
    }
    lines.push(Line::from(""));
    // The screen's keys, from the key table (the status bar has room for only some).
    for binding in bindings_in(Scope::Screen(Screen::Practice)) {
        lines.push(Line::from(vec![
            Span::styled(format!("{:<8} ", binding.keys), theme.key()),
            Span::styled(binding.help, theme.dim()),
        ]));
    }
    if !workspace.carried.is_empty() {
        let confirm =
            bindings_in(Scope::Screen(Screen::Safeguards)).find(|binding| binding.action == Action::ConfirmCarried);
        if let Some(binding) = confirm {
            lines.push(Line::from(vec![
                Span::styled(format!("{:<8} ", binding.keys), theme.key()),
                Span::styled(
                    format!(
                        "on {} {}: {}",
                        Screen::Safeguards.hotkey(),
                        Screen::Safeguards.name(),
                        binding.help
                    ),
                    theme.dim(),
                ),
            ]));
        }
    }
    frame.render_widget(Paragraph::new(lines), area);
}
