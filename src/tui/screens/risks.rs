//! The risk register: the heat map on top (likelihood by impact, count per cell), then
//! the scenarios, highest level first, narrowed by a chosen cell or the filters.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Wrap};

use super::level_span;
use crate::domain::Labeled;
use crate::tui::app::{App, Overlay};
use crate::tui::heat_map::{HeatMap, initials};
use crate::tui::screen::Screen;
use crate::tui::widgets::{WindowedTable, clip, empty_state};

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let theme = app.theme;
    let workspace = &app.workspace;
    let Some(matrix) = workspace.matrix() else { return };
    let view = &app.risk_view;
    let cursor = match app.overlay() {
        Some(Overlay::HeatMap { cursor }) => Some(*cursor),
        _ => None,
    };
    let heat_map = HeatMap {
        matrix,
        counts: &view.counts,
        cursor,
        chosen: view.filter.cell,
        theme,
    };
    let [top, filter_area, table_area] = Layout::vertical([
        Constraint::Length(heat_map.height()),
        Constraint::Length(1),
        Constraint::Min(3),
    ])
    .areas(area);
    let [map_area, side_area] =
        Layout::horizontal([Constraint::Length(heat_map.width() + 1), Constraint::Min(10)]).areas(top);
    heat_map.draw(frame, map_area);
    let scored = workspace.risks.len() - view.unscored;
    let mut side = vec![
        Line::from(format!("{} scenarios", workspace.risks.len())),
        Line::from(format!("{scored} scored")),
    ];
    if view.unscored > 0 {
        side.push(Line::styled(format!("{} not scored", view.unscored), theme.warning()));
    }
    side.push(Line::styled(matrix.name.clone(), theme.dim()));
    frame.render_widget(Paragraph::new(side).wrap(Wrap { trim: true }), side_area);

    let filter_line = if view.filter.is_empty() {
        Line::styled(
            if cursor.is_some() {
                "Arrows choose a cell, Enter shows its scenarios, Esc leaves the map"
            } else {
                "All scenarios · m chooses a heat-map cell · / filters"
            },
            theme.dim(),
        )
    } else {
        Line::from(vec![
            Span::styled(
                format!("{} of {} shown: ", view.rows.len(), workspace.risks.len()),
                theme.key(),
            ),
            Span::raw(view.describe_filter(workspace)),
            Span::styled("  (c clears)", theme.dim()),
        ])
    };
    frame.render_widget(Paragraph::new(filter_line), filter_area);

    let wide = area.width >= 100;
    let (header, widths): (Row, &[Constraint]) = if wide {
        (
            Row::new(["Level", "Threat", "Assets", "L × I", "Treatment", "Owner"]),
            &[
                Constraint::Length(9),
                Constraint::Fill(1),
                Constraint::Length(22),
                Constraint::Length(7),
                Constraint::Length(9),
                Constraint::Length(16),
            ],
        )
    } else {
        (
            Row::new(["Level", "Threat", "Assets", "L × I", "Treatment"]),
            &[
                Constraint::Length(9),
                Constraint::Fill(1),
                Constraint::Length(12),
                Constraint::Length(7),
                Constraint::Length(9),
            ],
        )
    };
    if workspace.risks.is_empty() {
        empty_state(
            frame,
            table_area,
            theme,
            "No risk scenarios yet",
            &[
                "Each scenario ties a threat to a vulnerability and to assets, scored on the matrix above.",
                "",
                "Press a to pick an asset and tick the threats that apply to it, w to write a scenario of your own, or u for the ones your safeguard review suggests.",
            ],
        );
        return;
    }
    if view.rows.is_empty() {
        frame.render_widget(
            Paragraph::new("No scenario matches; c clears the filter.").style(theme.dim()),
            table_area,
        );
        return;
    }
    let detail_height = if area.height >= 30 { 4 } else { 2 };
    let [table_area, detail_area] =
        Layout::vertical([Constraint::Min(2), Constraint::Length(detail_height)]).areas(table_area);
    if let Some(risk) = app.selected_risk() {
        frame.render_widget(
            Paragraph::new(detail(app, risk))
                .style(theme.dim())
                .wrap(Wrap { trim: true }),
            detail_area,
        );
    }
    WindowedTable {
        header,
        widths,
        count: view.rows.len(),
        selected: app.cursor(Screen::Risks),
        theme,
    }
    .draw(frame, table_area, |row| {
        let risk = &workspace.risks[view.rows[row]];
        let assets = match risk.asset_ids.as_slice() {
            [] => "practice-wide".to_string(),
            [only] => workspace.asset(*only).map_or(String::new(), |asset| asset.name.clone()),
            [first, rest @ ..] => format!(
                "{} +{}",
                clip(
                    workspace.asset(*first).map_or("", |asset| asset.name.as_str()),
                    if wide { 17 } else { 8 }
                ),
                rest.len()
            ),
        };
        let short = |index: Option<usize>, scale: &crate::domain::Scale| {
            index
                .and_then(|index| scale.label(index))
                .map_or("-".to_string(), initials)
        };
        let mut cells = vec![
            Cell::from(level_span(app, risk)),
            Cell::from(risk.threat.clone()),
            Cell::from(assets),
            Cell::from(format!(
                "{}×{}",
                short(risk.likelihood, &matrix.rows),
                short(risk.impact, &matrix.columns)
            )),
            Cell::from(risk.treatment.label()),
        ];
        if wide {
            cells.push(Cell::from(clip(workspace.person_name(risk.owner_id), 16)));
        }
        Row::new(cells)
    });
}

/// What the row cannot show: last year's score of a carried scenario, the vulnerability,
/// the controls in place, the target after treatment, the acceptance, the citations.
fn detail(app: &App, risk: &crate::domain::Risk) -> String {
    let workspace = &app.workspace;
    let mut parts = Vec::new();
    if let Some(last_year) = last_year(app, risk) {
        parts.push(last_year);
    }
    if !risk.vulnerability.is_empty() {
        parts.push(format!("Vulnerability: {}", risk.vulnerability));
    } else if risk.vulnerability_unconfirmed()
        && let Some(threat) = risk.threat_key.as_deref().and_then(|key| app.catalog.threat(key))
    {
        // Library text is labelled as such until the user confirms it while scoring.
        parts.push(format!(
            "Suggested vulnerability, not confirmed (s to confirm and score): {}",
            threat.suggested_vulnerability()
        ));
    }
    if !risk.existing_controls.is_empty() {
        parts.push(format!("In place: {}", risk.existing_controls));
    }
    if let Some(matrix) = workspace.matrix()
        && let (Some(likelihood), Some(impact)) = (risk.residual_likelihood, risk.residual_impact)
        && let Some(level) = matrix.lookup_label(likelihood, impact)
    {
        parts.push(format!("Target: {level}"));
    }
    if let Some(acceptance) = &risk.acceptance {
        parts.push(format!(
            "Accepted by {} on {}: {}",
            workspace.person_name(Some(acceptance.person_id)),
            acceptance.accepted_on,
            acceptance.reason
        ));
    }
    let actions = workspace.actions_for(risk.id).count();
    if actions > 0 {
        parts.push(format!("{actions} action(s)"));
    }
    if !risk.citations.is_empty() {
        parts.push(format!("§ {}", risk.citations.join(", ")));
    }
    parts.join(" · ")
}

/// Last year's score beside this year's for a scenario carried forward: "Last year L×I
/// Level, re-score" until it is re-scored (or confirmed), then "Last year ..., now ...".
fn last_year(app: &App, risk: &crate::domain::Risk) -> Option<String> {
    let workspace = &app.workspace;
    let matrix = workspace.matrix()?;
    let (likelihood, impact) = workspace.previous_scores(risk.id)?;
    let score = |likelihood: Option<usize>, impact: Option<usize>| match (likelihood, impact) {
        (Some(likelihood), Some(impact)) => {
            let short = |index, scale: &crate::domain::Scale| scale.label(index).map_or("-".to_string(), initials);
            format!(
                "{}×{} {}",
                short(likelihood, &matrix.rows),
                short(impact, &matrix.columns),
                matrix.lookup_label(likelihood, impact).unwrap_or("-")
            )
        }
        _ => "not scored".to_string(),
    };
    let before = score(likelihood, impact);
    Some(
        if workspace.needs_confirmation(crate::domain::CarriedEntity::Risk, risk.id) {
            format!("Last year {before}, re-score")
        } else {
            format!("Last year {before}, now {}", score(risk.likelihood, risk.impact))
        },
    )
}
