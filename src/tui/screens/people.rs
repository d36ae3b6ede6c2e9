//! People and the roles they hold, with the four owners every practice needs on top.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row};

use crate::domain::{Labeled, Role};
use crate::tui::app::App;
use crate::tui::screen::Screen;
use crate::tui::widgets::{WindowedTable, clip, empty_state, wrap};

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let theme = app.theme;
    let workspace = &app.workspace;
    let [owners_area, table_area] =
        Layout::vertical([Constraint::Length(Role::REQUIRED.len() as u16 + 2), Constraint::Min(1)]).areas(area);
    let mut owners = vec![Line::from("Named ownership").style(theme.heading())];
    for role in Role::REQUIRED {
        let holders: Vec<&str> = workspace.holders(role).map(|person| person.name.as_str()).collect();
        let value = if holders.is_empty() {
            Span::styled("nobody named", theme.error())
        } else {
            Span::raw(holders.join(", "))
        };
        owners.push(Line::from(vec![
            Span::styled(format!(" {:<30}", role.label()), theme.dim()),
            value,
        ]));
    }
    frame.render_widget(Paragraph::new(owners), owners_area);
    if workspace.people.is_empty() {
        empty_state(
            frame,
            table_area,
            theme,
            "No people yet",
            &[
                "This screen lists the people of the practice and the security roles they hold:",
                "security official, privacy official, access approver, training owner, incident contact.",
            ],
        );
        return;
    }
    let people = &workspace.people;
    // The selected person whole, below the table: the columns shorten long titles and
    // role lists with "…", the detail never does.
    let [table_area, detail_area] = Layout::vertical([Constraint::Min(3), Constraint::Length(2)]).areas(table_area);
    if let Some(person) = people.get(app.cursor(Screen::People)) {
        let roles = workspace.role_labels(person.id);
        let mut text = person.name.clone();
        if !person.title.is_empty() {
            text.push_str(&format!(", {}", person.title));
        }
        if !person.contact.is_empty() {
            text.push_str(&format!(" · {}", person.contact));
        }
        text.push_str(&if roles.is_empty() {
            " · no security role".to_string()
        } else {
            format!(" · {}", roles.join(", "))
        });
        let lines: Vec<Line> = wrap(&text, usize::from(detail_area.width))
            .into_iter()
            .map(|part| Line::styled(part, theme.dim()))
            .collect();
        frame.render_widget(Paragraph::new(lines), detail_area);
    }
    let roles_width = usize::from(table_area.width.saturating_sub(44));
    WindowedTable {
        header: Row::new(["Name", "Title", "Roles"]),
        widths: &[Constraint::Length(22), Constraint::Length(20), Constraint::Fill(1)],
        count: people.len(),
        selected: app.cursor(Screen::People),
        theme,
    }
    .draw(frame, table_area, |index| {
        let person = &people[index];
        Row::new([
            clip(&person.name, 22),
            clip(&person.title, 20),
            clip(&workspace.role_labels(person.id).join(", "), roles_width),
        ])
    });
}
