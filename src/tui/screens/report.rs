//! The report screen: what the signed report will contain, from the current data. The
//! preview and export from here arrive with the report feature.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::domain::ReviewStatus;
use crate::tui::app::App;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let theme = app.theme;
    let workspace = &app.workspace;
    let reviewed = workspace
        .reviews
        .iter()
        .filter(|review| review.status != ReviewStatus::NotReviewed)
        .count();
    let sections: [(&str, String); 10] = [
        (
            "Cover and executive summary",
            crate::tui::widgets::clip(&workspace.practice.name, 16),
        ),
        (
            "Scope and methodology",
            workspace.matrix().map_or(String::new(), |matrix| matrix.key.clone()),
        ),
        ("Practice and people", format!("{} people", workspace.people.len())),
        (
            "Inventory of ePHI assets and vendors",
            format!("{} assets", workspace.assets.len()),
        ),
        (
            "Safeguard review by CFR citation",
            format!("{reviewed}/{} reviewed", app.catalog.items.len()),
        ),
        (
            "Threats, vulnerabilities and heat map",
            format!("{} scenarios", workspace.risks.len()),
        ),
        ("Risk register", format!("{} risks", workspace.risks.len())),
        (
            "Remediation plan and accepted risks",
            format!("{} actions", workspace.actions.len()),
        ),
        ("Evidence index", format!("{} records", workspace.evidence.len())),
        ("Change log summary and sign-off", String::from("minisign")),
    ];
    let mut lines = vec![Line::from("The risk-analysis report will contain").style(theme.heading())];
    for (index, (title, detail)) in sections.iter().enumerate() {
        lines.push(Line::from(vec![
            Span::raw(format!(" {:>2}. {title:<38} ", index + 1)),
            Span::styled(detail.clone(), theme.dim()),
        ]));
    }
    lines.push(Line::from(""));
    lines.push(Line::from("Export to PDF, JSON and CSV, signed with minisign, is coming:").style(theme.dim()));
    lines.push(Line::from("`hipaa-ra report FILE` will produce it.").style(theme.dim()));
    frame.render_widget(Paragraph::new(lines), area);
}
