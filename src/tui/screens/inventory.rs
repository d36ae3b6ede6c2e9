//! The ePHI inventory: every system, device, application, vendor and workflow.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row};

use crate::tui::app::App;
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
                "and encryption. Import a spreadsheet with: hipaa-ra assets import FILE.hra assets.csv",
            ],
        );
        return;
    }
    let in_scope = assets.iter().filter(|asset| asset.in_scope()).count();
    let missing_baa = assets.iter().filter(|asset| asset.lacks_baa()).count();
    let [summary_area, table_area] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let mut summary = vec![Span::raw(format!("{} assets, {in_scope} handle ePHI", assets.len()))];
    if missing_baa > 0 {
        summary.push(Span::styled(
            format!("  ! {missing_baa} with ePHI but no signed BAA"),
            theme.warning(),
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(summary)), summary_area);
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
    WindowedTable {
        header,
        widths,
        count: assets.len(),
        selected: app.cursor(Screen::Inventory),
        theme,
    }
    .draw(frame, table_area, |index| {
        let asset = &assets[index];
        let ephi = if asset.in_scope() {
            asset.ephi.letters()
        } else {
            "out of scope".to_string()
        };
        let name = if asset.lacks_baa() {
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
fn short_criticality(criticality: crate::domain::Criticality) -> &'static str {
    use crate::domain::Criticality;
    match criticality {
        Criticality::Unknown => "Unknown",
        Criticality::Low => "Low",
        Criticality::Medium => "Medium",
        Criticality::High => "High",
        Criticality::Critical => "Critical",
    }
}
