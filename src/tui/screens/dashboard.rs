//! The dashboard: readiness signals, progress through the OCR elements, risk counts by
//! level, overdue actions, and what to do next.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::domain::readiness::{SignalLevel, ocr_elements, readiness};
use crate::tui::app::App;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let theme = app.theme;
    let workspace = &app.workspace;
    let signals = readiness(workspace, app.today);
    let wide = area.width >= 100;
    let mut lines = vec![Line::from(vec![
        if workspace.practice.name.trim().is_empty() {
            Span::styled("(practice name not set: 1 Practice)", theme.warning())
        } else {
            Span::styled(workspace.practice.name.clone(), theme.title())
        },
        Span::raw(format!(
            " · {}",
            workspace
                .assessment()
                .map_or("no assessment", |assessment| assessment.title.as_str())
        )),
    ])];
    lines.push(Line::from("Readiness").style(theme.heading()));
    for signal in &signals {
        let name = if wide {
            format!("{:<31}", signal.name)
        } else {
            format!("{:<14}", short_name(signal.name))
        };
        lines.push(Line::from(vec![
            Span::styled(format!(" {:<6}", signal.level.label()), theme.signal(signal.level)),
            Span::raw(name),
            Span::styled(signal.reason.clone(), theme.dim()),
        ]));
    }
    lines.push(Line::from("Risk-analysis elements (OCR)").style(theme.heading()));
    let elements = ocr_elements(workspace, app.catalog.items.len(), app.today);
    let element_lines: Vec<Line> = elements
        .iter()
        .enumerate()
        .map(|(index, element)| {
            let mark = if element.is_complete() {
                "done"
            } else if element.done > 0 {
                "part"
            } else {
                "todo"
            };
            let style = match mark {
                "done" => theme.signal(SignalLevel::Green),
                "part" => theme.signal(SignalLevel::Amber),
                _ => theme.dim(),
            };
            Line::from(vec![
                Span::styled(format!(" {mark} "), style),
                Span::raw(format!("{}. {:<28}", index + 1, element.name)),
                Span::styled(
                    format!("{:>4}/{:<4} {}", element.done, element.total, element.covered_in),
                    theme.dim(),
                ),
            ])
        })
        .collect();
    if wide {
        lines.extend(element_lines);
    } else {
        // Two per line at 80 columns so the dashboard fits 24 rows.
        for items in elements.chunks(2) {
            let spans: Vec<Span> = items
                .iter()
                .map(|element| {
                    let mark = if element.is_complete() {
                        "+"
                    } else if element.done > 0 {
                        "~"
                    } else {
                        "-"
                    };
                    Span::raw(format!(" {mark} {:<26}", crate::tui::widgets::clip(element.name, 26)))
                })
                .collect();
            lines.push(Line::from(spans));
        }
    }
    lines.push(Line::from("Risks and actions").style(theme.heading()));
    lines.push(risk_counts(app, wide));
    let overdue = workspace
        .actions
        .iter()
        .filter(|action| action.is_overdue(app.today))
        .count();
    let overdue_style = if overdue > 0 { theme.error() } else { theme.dim() };
    lines.push(Line::from(vec![
        Span::raw(format!(" {} actions, ", workspace.actions.len())),
        Span::styled(format!("{overdue} overdue"), overdue_style),
        review_due(app),
    ]));
    let (next, detail) = next_step(&signals);
    lines.push(Line::from(vec![Span::styled(" Next: ", theme.key()), Span::raw(next)]));
    lines.push(Line::from(format!("       {detail}")).style(theme.dim()));
    frame.render_widget(Paragraph::new(lines), area);
}

/// The periodic-review signal: the next review date, amber a month before it, red after.
fn review_due(app: &App) -> Span<'static> {
    let next_review = app.workspace.assessment().and_then(|assessment| assessment.next_review);
    let level = crate::domain::carry::review_signal(next_review, app.today);
    let text = match next_review {
        Some(due) if due < app.today => format!(" · review overdue {due}"),
        Some(due) => format!(" · review due {due}"),
        None => " · no review date".to_string(),
    };
    Span::styled(text, app.theme.signal(level))
}

fn risk_counts(app: &App, wide: bool) -> Line<'static> {
    let Some(matrix) = app.workspace.matrix() else {
        return Line::from(" no matrix");
    };
    let mut counts = vec![0usize; matrix.results.levels.len()];
    let mut unscored = 0;
    for risk in &app.workspace.risks {
        match risk.level(matrix) {
            Some(level) => counts[level] += 1,
            None => unscored += 1,
        }
    }
    let mut spans = vec![Span::raw(" ")];
    for (level, count) in counts.iter().enumerate().rev() {
        let label = matrix.results.label(level).unwrap_or("?");
        // At 80 columns the level names are shortened to initials (Very High: VH).
        let label = if wide {
            label.to_string()
        } else {
            label.split_whitespace().filter_map(|w| w.chars().next()).collect()
        };
        spans.push(Span::styled(
            format!("{label} {count}"),
            app.theme.severity(matrix.severity(level)),
        ));
        spans.push(Span::raw("  "));
    }
    spans.push(Span::styled(format!("unscored {unscored}"), app.theme.dim()));
    Line::from(spans)
}

/// The first signal that is not green says what to do next: the step and where.
fn next_step(signals: &[crate::domain::readiness::Signal]) -> (String, String) {
    match signals.iter().find(|signal| signal.level != SignalLevel::Green) {
        None => (
            "everything is green: produce and sign the report".to_string(),
            "8 Report".to_string(),
        ),
        Some(signal) => {
            let screen = match signal.name {
                "Inventory current" => "3 Inventory",
                "Named ownership" => "2 People",
                "Documented controls" => "4 Safeguards",
                "Risk analysis and remediation" => "5 Risks",
                _ => "7 Evidence",
            };
            (format!("{} ({screen})", signal.name), signal.reason.clone())
        }
    }
}

/// Signal names that leave room for the reason at 80 columns.
fn short_name(name: &str) -> &str {
    match name {
        "Inventory current" => "Inventory",
        "Named ownership" => "Ownership",
        "Documented controls" => "Controls",
        "Risk analysis and remediation" => "Risk analysis",
        "Retrievable evidence" => "Evidence",
        other => other,
    }
}
