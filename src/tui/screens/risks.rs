//! The risk register: threat and vulnerability scenarios, highest level first.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Cell, Paragraph, Row};

use super::level_span;
use crate::tui::app::App;
use crate::tui::screen::Screen;
use crate::tui::widgets::{WindowedTable, empty_state};

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let theme = app.theme;
    let workspace = &app.workspace;
    if workspace.risks.is_empty() {
        empty_state(
            frame,
            area,
            theme,
            "No risk scenarios yet",
            &[
                "The register ties threats from the library (or your own) to vulnerabilities and",
                "assets, scored for likelihood and impact on the assessment's matrix, highest first.",
            ],
        );
        return;
    }
    let Some(matrix) = workspace.matrix() else { return };
    let [summary_area, table_area] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let scored = workspace.risks.iter().filter(|risk| risk.is_scored()).count();
    frame.render_widget(
        Paragraph::new(Line::from(format!(
            "{} scenarios, {scored} scored{}",
            workspace.risks.len(),
            if area.width >= 100 {
                format!(" · matrix: {}", matrix.name)
            } else {
                String::new()
            }
        ))),
        summary_area,
    );
    let order = &app.risk_order;
    let label = |index: Option<usize>, scale: &crate::domain::Scale| {
        index.and_then(|index| scale.label(index)).unwrap_or("-").to_string()
    };
    let wide = area.width >= 100;
    let (header, widths): (Row, &[Constraint]) = if wide {
        (
            Row::new(["Level", "Threat", "Assets", "Likelihood", "Impact", "Treatment"]),
            &[
                Constraint::Length(9),
                Constraint::Fill(1),
                Constraint::Length(22),
                Constraint::Length(10),
                Constraint::Length(9),
                Constraint::Length(9),
            ],
        )
    } else {
        (
            Row::new(["Level", "Threat", "Assets", "L×I", "Treatment"]),
            &[
                Constraint::Length(9),
                Constraint::Fill(1),
                Constraint::Length(14),
                Constraint::Length(5),
                Constraint::Length(9),
            ],
        )
    };
    WindowedTable {
        header,
        widths,
        count: order.len(),
        selected: app.cursor(Screen::Risks),
        theme,
    }
    .draw(frame, table_area, |row| {
        let risk = &workspace.risks[order[row]];
        let assets = match risk.asset_ids.as_slice() {
            [] => "practice-wide".to_string(),
            [only] => workspace.asset(*only).map_or(String::new(), |asset| asset.name.clone()),
            [first, rest @ ..] => format!(
                "{} +{}",
                workspace.asset(*first).map_or("", |asset| asset.name.as_str()),
                rest.len()
            ),
        };
        let scores = if wide {
            vec![
                Cell::from(label(risk.likelihood, &matrix.rows)),
                Cell::from(label(risk.impact, &matrix.columns)),
            ]
        } else {
            let short = |index: Option<usize>, scale| initials(&label(index, scale));
            vec![Cell::from(format!(
                "{}×{}",
                short(risk.likelihood, &matrix.rows),
                short(risk.impact, &matrix.columns)
            ))]
        };
        let mut cells = vec![
            Cell::from(level_span(app, risk)),
            Cell::from(risk.threat.clone()),
            Cell::from(assets),
        ];
        cells.extend(scores);
        cells.push(Cell::from(risk.treatment.to_string()));
        Row::new(cells)
    });
}

/// "Very High" becomes "VH": level names shortened for narrow columns.
fn initials(label: &str) -> String {
    label
        .split_whitespace()
        .filter_map(|word| word.chars().next())
        .collect()
}
