//! The ePHI inventory: every system, device, application, vendor and workflow, filtered
//! and sorted as the user chose, with vendors lacking an agreement flagged.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row};

use crate::domain::Criticality;
use crate::tui::app::{App, Overlay};
use crate::tui::screen::Screen;
use crate::tui::widgets::{WindowedTable, clip, empty_state};

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let theme = app.theme;
    let workspace = &app.workspace;
    let assets = &workspace.assets;
    if assets.is_empty() {
        empty_state(
            frame,
            area,
            theme,
            "No assets yet",
            &[
                "The inventory lists every system, device, application, vendor and workflow that",
                "creates, receives, maintains or transmits ePHI, with its owner, location, criticality",
                "and encryption.",
                "",
                "a  add an asset     p  checklist of commonly forgotten items     i  import a CSV file",
            ],
        );
        return;
    }
    let view = &app.inventory;
    let filtering = matches!(app.overlay(), Some(Overlay::Filter));
    let [summary_area, filter_area, table_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(u16::from(filtering || !view.filter.is_empty())),
        Constraint::Min(1),
    ])
    .areas(area);
    let in_scope = assets.iter().filter(|asset| asset.in_scope()).count();
    let missing_baa = assets.iter().filter(|asset| asset.lacks_baa()).count();
    let mut summary = vec![Span::raw(format!("{} assets, {in_scope} handle ePHI", assets.len()))];
    if missing_baa > 0 {
        summary.push(Span::styled(
            format!("  ! {missing_baa} with ePHI but no signed BAA"),
            theme.warning(),
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(summary)), summary_area);
    if filtering || !view.filter.is_empty() {
        let cursor = if filtering { "▏" } else { "" };
        let line = Line::from(vec![
            Span::styled("Filter: ", theme.key()),
            Span::raw(format!("{}{cursor}", view.filter)),
            Span::styled(format!("  {} of {} shown", view.rows.len(), assets.len()), theme.dim()),
        ]);
        frame.render_widget(Paragraph::new(line), filter_area);
    }
    if view.rows.is_empty() {
        frame.render_widget(
            Paragraph::new(format!("No asset matches \"{}\". Esc clears the filter.", view.filter)).style(theme.dim()),
            table_area,
        );
        return;
    }
    let wide = area.width >= 100;
    let widths: &[Constraint] = if wide {
        &[
            Constraint::Fill(1),
            Constraint::Length(16),
            Constraint::Length(12),
            Constraint::Length(18),
            Constraint::Length(9),
            Constraint::Length(9),
        ]
    } else {
        &[
            Constraint::Fill(1),
            Constraint::Length(14),
            Constraint::Length(12),
            Constraint::Length(14),
        ]
    };
    let header = if wide {
        Row::new(["Name", "Kind", "ePHI", "Owner", "Critical", "Encrypted"])
    } else {
        Row::new(["Name", "Kind", "ePHI", "Owner"])
    };
    let rows = &view.rows;
    WindowedTable {
        header,
        widths,
        count: rows.len(),
        selected: app.cursor(Screen::Inventory),
        theme,
    }
    .draw(frame, table_area, |row| {
        let asset = &assets[rows[row]];
        // Retired this year (next year's inventory refresh): kept, out of scope.
        let retired = workspace.is_retired(asset.id);
        let ephi = if retired {
            "retired".to_string()
        } else if asset.in_scope() {
            asset.ephi.letters()
        } else {
            "out of scope".to_string()
        };
        let name = if asset.lacks_baa() && !retired {
            format!("! {}", asset.name)
        } else {
            asset.name.clone()
        };
        let mut cells = vec![
            name,
            clip(&asset.kind.to_string(), 16),
            ephi,
            workspace.person_name(asset.owner_id).to_string(),
        ];
        if wide {
            cells.push(short_criticality(asset.criticality).to_string());
            cells.push(asset.encrypted_at_rest.to_string());
        }
        Row::new(cells)
    });
}

/// The criticality word without its explanation, for a narrow column.
fn short_criticality(criticality: Criticality) -> &'static str {
    match criticality {
        Criticality::Unknown => "Unknown",
        Criticality::Low => "Low",
        Criticality::Medium => "Medium",
        Criticality::High => "High",
        Criticality::Critical => "Critical",
    }
}
