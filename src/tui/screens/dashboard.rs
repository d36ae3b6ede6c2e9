//! The dashboard: readiness signals, progress through the OCR elements, safeguard
//! progress (N of 65 reviewed), risk counts by level, overdue actions, then a list of what
//! to do next and the open findings, each one Enter away from its record (the list and
//! the jump are in `app/dashboard.rs`).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::domain::readiness::{ElementProgress, SignalLevel, ocr_elements, readiness};
use crate::domain::{FindingCounts, ReviewStatus};
use crate::tui::app::{App, DashboardItem};
use crate::tui::screen::Screen;
use crate::tui::theme::Theme;
use crate::tui::widgets::{clip, hanging, page_start};

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
        // The reason wraps under itself rather than being cut at the edge.
        let lead_width = 7 + name.chars().count();
        let lead = vec![
            Span::styled(format!(" {:<6}", signal.level.label()), theme.signal(signal.level)),
            Span::raw(name),
        ];
        let width = usize::from(area.width);
        lines.extend(hanging(
            lead,
            lead_width,
            &signal.reason,
            theme.dim(),
            lead_width,
            width,
        ));
    }
    let elements = ocr_elements(workspace, &app.findings, app.catalog.items.len(), app.today);
    if wide {
        lines.push(Line::from("Risk-analysis elements (OCR)").style(theme.heading()));
        lines.extend(elements.iter().enumerate().map(|(index, element)| {
            let (mark, style) = element_mark(element, theme);
            Line::from(vec![
                Span::styled(format!(" {mark} "), style),
                Span::raw(format!("{}. {:<28}", index + 1, element.name)),
                Span::styled(
                    format!("{:>4}/{:<4} {}", element.done, element.total, element.covered_in),
                    theme.dim(),
                ),
            ])
        }));
    } else {
        // One line at 80 columns, so the findings keep room for a list at 24 rows.
        let complete = elements.iter().filter(|element| element.is_complete()).count();
        let open: Vec<&str> = elements
            .iter()
            .filter(|element| !element.is_complete())
            .map(|element| element.name)
            .collect();
        // One line: as many open elements by whole name as fit, then how many more (all
        // are listed at 100 columns and in the report).
        let mut text = format!("{complete} of {} complete", elements.len());
        let room = usize::from(area.width).saturating_sub(13);
        for (index, name) in open.iter().enumerate() {
            let more = open.len() - index - 1;
            let piece = if index == 0 {
                format!("; open: {name}")
            } else {
                format!(", {name}")
            };
            let tail = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            if text.chars().count() + piece.chars().count() + tail.chars().count() > room {
                let more = open.len() - index;
                text.push_str(&if index == 0 {
                    format!("; {more} open")
                } else {
                    format!(" and {more} more")
                });
                break;
            }
            text.push_str(&piece);
        }
        let lead = vec![Span::styled("OCR elements ", theme.heading())];
        lines.extend(hanging(lead, 13, &text, Style::new(), 2, usize::from(area.width)));
    }
    lines.push(progress_line(app));
    lines.push(review_due(app));
    lines.push(risk_counts(app, wide));
    let items = app.dashboard_items();
    let counts = FindingCounts::of(&app.findings);
    lines.push(Line::from(vec![
        Span::styled("Findings ", theme.heading()),
        Span::styled(
            format!("{} blocking", counts.blocking),
            if counts.blocking > 0 {
                theme.error()
            } else {
                theme.dim()
            },
        ),
        Span::raw(format!(
            ", {} advisory, {} acknowledged  ",
            counts.advisory, counts.acknowledged
        )),
        if counts.can_finalize() {
            Span::styled("can be final", theme.signal(SignalLevel::Green))
        } else {
            Span::styled("DRAFT", theme.warning())
        },
    ]));
    let fixed = lines.len() as u16;
    frame.render_widget(
        Paragraph::new(lines),
        Rect {
            height: fixed.min(area.height),
            ..area
        },
    );
    let list = Rect {
        y: area.y + fixed.min(area.height),
        height: area.height.saturating_sub(fixed),
        ..area
    };
    draw_items(frame, list, app, items);
}

/// Safeguard progress and the actions, on one line.
fn progress_line(app: &App) -> Line<'static> {
    let theme = app.theme;
    let workspace = &app.workspace;
    let reviewed = app
        .catalog
        .items
        .iter()
        .filter(|item| workspace.review_status(&item.citation) != ReviewStatus::NotReviewed)
        .count();
    let overdue = workspace
        .actions
        .iter()
        .filter(|action| action.is_overdue(app.today))
        .count();
    let overdue_style = if overdue > 0 { theme.error() } else { theme.dim() };
    Line::from(vec![
        Span::styled("Safeguards ", theme.heading()),
        Span::raw(format!("{reviewed} of {} reviewed", app.catalog.items.len())),
        Span::raw(format!("   {} actions, ", workspace.actions.len())),
        Span::styled(format!("{overdue} overdue"), overdue_style),
    ])
}

/// "Next:" and the open findings, one line each, the selected one highlighted; scrolled
/// by whole pages as the other lists are.
fn draw_items(frame: &mut Frame, area: Rect, app: &App, items: &[DashboardItem]) {
    let theme = app.theme;
    let height = usize::from(area.height);
    if height == 0 {
        return;
    }
    let selected = app.cursor(Screen::Dashboard);
    let start = page_start(selected, height);
    let width = usize::from(area.width);
    // The selected line is shown whole, wrapped; the others are shortened with "…".
    let mut lines: Vec<Line> = Vec::new();
    let mut selected_end = 0;
    for (index, item) in items.iter().enumerate().skip(start).take(height) {
        let (tag, style) = match item.tag {
            "Next" => (" Next: ", theme.key()),
            "blocking" => (" ! ", theme.error()),
            _ => (" · ", theme.dim()),
        };
        let tag_width = tag.chars().count();
        if index == selected {
            let lead = vec![Span::styled(tag, style)];
            let whole = hanging(lead, tag_width, &item.text, Style::new(), tag_width, width);
            lines.extend(whole.into_iter().map(|line| line.style(theme.selected())));
            selected_end = lines.len();
        } else {
            let text = clip(&item.text, width.saturating_sub(tag_width));
            lines.push(Line::from(vec![Span::styled(tag, style), Span::raw(text)]));
        }
    }
    // Keep the whole selected line in view when it wraps past the bottom.
    let skip = selected_end.saturating_sub(height);
    frame.render_widget(Paragraph::new(lines.split_off(skip.min(lines.len()))), area);
}

/// The periodic-review signal on its own line: the next review date, amber a month
/// before it, red after.
fn review_due(app: &App) -> Line<'static> {
    let next_review = app.workspace.assessment().and_then(|assessment| assessment.next_review);
    let level = crate::domain::carry::review_signal(next_review, app.today);
    let text = match next_review {
        Some(due) if due < app.today => format!("review overdue {due}"),
        Some(due) => format!("review due {due}"),
        None => "no review date".to_string(),
    };
    Line::from(vec![
        Span::styled("Periodic ", app.theme.heading()),
        Span::styled(text, app.theme.signal(level)),
    ])
}

fn element_mark(element: &ElementProgress, theme: Theme) -> (&'static str, Style) {
    if element.is_complete() {
        ("done", theme.signal(SignalLevel::Green))
    } else if element.done > 0 {
        ("part", theme.signal(SignalLevel::Amber))
    } else {
        ("todo", theme.dim())
    }
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
    let mut spans = vec![Span::styled("Risks ", app.theme.heading())];
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
