//! Drawing the risk register (see `risks` for the screen): the heat map with its
//! counts, the filter line, the scenarios and the selected one's detail. Reads only.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Wrap};

use super::super::level_span;
use super::heat_map::{HeatMap, initials};
use super::view::RiskView;
use crate::domain::{CarriedEntity, Labeled, Risk, Workspace};
use crate::tui::component::Ctx;
use crate::tui::keys::{Action, Scope, keys_for};
use crate::tui::screen::Screen;
use crate::tui::widgets::{WindowedTable, clip, empty_state, fill_width};

/// What the screen shows: its view of the register, the heat-map cell being chosen,
/// the cursor's row and the scenario on it.
pub struct Shown<'a> {
    pub view: &'a RiskView,
    pub heat: Option<(usize, usize)>,
    pub row: usize,
    pub selected: Option<&'a Risk>,
}

/// A key of the Risks screen, as the key table names it.
fn key(action: Action) -> &'static str {
    keys_for(Scope::Screen(Screen::Risks), action)
}

pub fn draw(frame: &mut Frame, area: Rect, ctx: &Ctx, screen: &Shown) {
    let theme = ctx.theme;
    let workspace = ctx.workspace;
    let Some(matrix) = workspace.matrix() else { return };
    let view = &screen.view;
    let cursor = screen.heat;
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

    // The keys named here come from the key table.
    let filter_line = if view.filter.is_empty() {
        Line::styled(
            if cursor.is_some() {
                let map_key = |action| keys_for(Scope::HeatMap, action).split('/').next().unwrap_or("?");
                format!(
                    "{}/{}/{}/{} choose a cell, {} filters, {} leaves",
                    map_key(Action::Up),
                    map_key(Action::Down),
                    map_key(Action::ChoicePrevious),
                    map_key(Action::ChoiceNext),
                    map_key(Action::Save),
                    map_key(Action::CloseOverlay),
                )
            } else {
                format!(
                    "All scenarios · {} chooses a heat-map cell · {} filters",
                    key(Action::HeatMap),
                    key(Action::Filter)
                )
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
            Span::styled(format!("  ({} clears)", key(Action::ClearFilter)), theme.dim()),
        ])
    };
    frame.render_widget(Paragraph::new(filter_line), filter_area);

    let wide = area.width >= 100;
    // The scenario's number first, at every width: coverage notes and the pickers name
    // scenarios by it. As wide as the largest number.
    let largest = workspace.risks.iter().map(|risk| risk.id).max().unwrap_or(0);
    let number_width = Constraint::Length(largest.to_string().len().max(1) as u16);
    let (header, widths): (Row, Vec<Constraint>) = if wide {
        (
            Row::new(["#", "Level", "Threat", "Assets", "L × I", "Treatment", "Owner"]),
            vec![
                number_width,
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
            Row::new(["#", "Level", "Threat", "Assets", "L × I", "Treatment"]),
            vec![
                number_width,
                Constraint::Length(9),
                Constraint::Fill(1),
                Constraint::Length(12),
                Constraint::Length(7),
                Constraint::Length(9),
            ],
        )
    };
    let widths = widths.as_slice();
    if workspace.risks.is_empty() {
        let press = format!(
            "Press {} to pick an asset and tick the threats that apply to it, {} to write a scenario of your own, or {} for the ones your safeguard review suggests.",
            key(Action::QuickAdd),
            key(Action::Add),
            key(Action::Suggest)
        );
        empty_state(
            frame,
            table_area,
            theme,
            "No risk scenarios yet",
            &[
                "Each scenario ties a threat to a vulnerability and to assets, scored on the matrix above.",
                "",
                &press,
            ],
        );
        return;
    }
    if view.rows.is_empty() {
        frame.render_widget(
            Paragraph::new(format!(
                "No scenario matches; {} clears the filter.",
                key(Action::ClearFilter)
            ))
            .style(theme.dim()),
            table_area,
        );
        return;
    }
    let detail_height = if area.height >= 30 { 4 } else { 2 };
    let [table_area, detail_area] =
        Layout::vertical([Constraint::Min(2), Constraint::Length(detail_height)]).areas(table_area);
    if let Some(risk) = screen.selected {
        frame.render_widget(
            Paragraph::new(detail(ctx, risk))
                .style(theme.dim())
                .wrap(Wrap { trim: true }),
            detail_area,
        );
    }
    // Long threats and asset names end in "…" (the detail below has them whole).
    let threat_width = fill_width(table_area.width, widths);
    let assets_width = if wide { 22 } else { 12 };
    WindowedTable {
        header,
        widths,
        count: view.rows.len(),
        selected: screen.row,
        theme,
    }
    .draw(frame, table_area, |row| {
        let risk = &workspace.risks[view.rows[row]];
        let assets = match risk.asset_ids.as_slice() {
            [] => "practice-wide".to_string(),
            [only] => clip(
                workspace.asset(*only).map_or("", |asset| asset.name.as_str()),
                assets_width,
            ),
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
            Cell::from(risk.id.to_string()),
            Cell::from(level_span(ctx, risk)),
            Cell::from(clip(&risk.threat, threat_width)),
            Cell::from(assets),
            Cell::from(format!(
                "{}×{}",
                short(risk.likelihood, &matrix.rows),
                short(risk.impact, &matrix.columns)
            )),
            // A scenario an incident materialized, to score again in the analysis it started.
            if crate::domain::incident::rescore_incident(workspace, risk.id).is_some() {
                Cell::from(Span::styled("Re-score", theme.warning()))
            // Last year's scenario until someone confirms it (C) or rewrites its rationale.
            } else if workspace.needs_confirmation(CarriedEntity::Risk, risk.id) {
                Cell::from(Span::styled(
                    clip(&format!("Confirm {}", key(Action::ConfirmCarried)), 9),
                    theme.warning(),
                ))
            } else {
                Cell::from(risk.treatment.label())
            },
        ];
        if wide {
            cells.push(Cell::from(clip(workspace.person_name(risk.owner_id), 16)));
        }
        Row::new(cells)
    });
}

/// What the row cannot show: last year's score of a carried scenario, the vulnerability,
/// the controls in place, the target after treatment, the acceptance, the citations.
fn detail(ctx: &Ctx, risk: &Risk) -> String {
    let workspace = ctx.workspace;
    let mut parts = Vec::new();
    if let Some(incident) = crate::domain::incident::rescore_incident(workspace, risk.id) {
        parts.push(format!(
            "Incident \"{}\" materialized it: score it again with what the incident showed",
            incident.title
        ));
    }
    if let Some(last_year) = last_year(workspace, risk) {
        parts.push(last_year);
    }
    if !risk.vulnerability.is_empty() {
        parts.push(format!("Vulnerability: {}", risk.vulnerability));
    } else if risk.vulnerability_unconfirmed()
        && let Some(threat) = risk.threat_key.as_deref().and_then(|key| ctx.catalog.threat(key))
    {
        // Library text is labelled as such until the user confirms it while scoring.
        parts.push(format!(
            "Suggested vulnerability, not confirmed ({} to confirm and score): {}",
            key(Action::Score),
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
/// Level, re-score or C to confirm" until it is confirmed; re-scored with last year's
/// rationale, "Last year ..., now ...: rationale still last year's"; once confirmed, "Last
/// year ..., now ...".
fn last_year(workspace: &Workspace, risk: &Risk) -> Option<String> {
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
    let confirm = key(Action::ConfirmCarried);
    let rescored = (likelihood, impact) != (risk.likelihood, risk.impact);
    Some(
        match (workspace.needs_confirmation(CarriedEntity::Risk, risk.id), rescored) {
            (true, false) => format!("Last year {before}, re-score or {confirm} to confirm (rationale re-read)"),
            (true, true) => format!(
                "Last year {before}, now {}: rationale still last year's, rewrite it or {confirm} to confirm",
                score(risk.likelihood, risk.impact)
            ),
            (false, _) => format!("Last year {before}, now {}", score(risk.likelihood, risk.impact)),
        },
    )
}
