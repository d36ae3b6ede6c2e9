//! The Program screen: the first of the program's screens, listing the recurring
//! obligations overdue today and those due within 30 days (the one calendar,
//! `domain::calendar`), overdue first. Enter shows the screen of the line's record (the
//! evidence record or the vendor itself; the Training, Access and Policies screens for
//! theirs). Reads only.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row};

use crate::domain::RecordRef;
use crate::domain::calendar::{ObligationKind, Occurrence, distance_in_words, due_within};
use crate::tui::component::{Component, Ctx, Outcome};
use crate::tui::keys::{Action, KeyHint, action_on_screen, screen_hints};
use crate::tui::list_cursor::ListCursor;
use crate::tui::protocol::{Command, Target};
use crate::tui::screen::Screen;
use crate::tui::widgets::{WindowedTable, clip, empty_state, fill_width};

/// How many days ahead the screen looks.
pub const WITHIN_DAYS: u32 = 30;

/// What the screen lists on `ctx.today`.
fn items(ctx: &Ctx) -> Vec<Occurrence> {
    due_within(ctx.workspace, ctx.today, WITHIN_DAYS)
}

/// Where an obligation's record is shown.
pub fn target_of(occurrence: &Occurrence) -> Target {
    match (occurrence.kind, &occurrence.source) {
        (ObligationKind::Training, _) => Target::Screen(Screen::Training),
        (ObligationKind::AccessReview, _) => Target::Screen(Screen::Access),
        (ObligationKind::PolicyReview, _) => Target::Screen(Screen::Policies),
        (ObligationKind::ContingencyTest, _) => Target::Screen(Screen::Tests),
        (_, RecordRef::Evidence { id, .. }) => Target::Evidence(*id),
        (_, RecordRef::Asset { id, .. } | RecordRef::Vendor { id, .. }) => Target::Asset(*id),
        (_, RecordRef::Citation { citation, .. }) if occurrence.kind != ObligationKind::Analysis => {
            Target::Safeguard(citation.clone())
        }
        // The next analysis: the dashboard shows the periodic review date.
        _ => Target::Screen(Screen::Dashboard),
    }
}

#[derive(Default)]
pub struct ProgramScreen {
    list: ListCursor,
    /// The calendar's lines, built once per snapshot (`refresh`), not per frame or key:
    /// the whole calendar joins every area's records.
    items: Vec<Occurrence>,
}

impl Component for ProgramScreen {
    fn cursor(&self) -> usize {
        self.list.row()
    }

    fn row_count(&self, _ctx: &Ctx) -> usize {
        self.items.len()
    }

    fn keys(&self) -> Vec<KeyHint> {
        screen_hints(Screen::Program)
    }

    fn handle(&mut self, key: KeyEvent, ctx: &Ctx) -> Outcome {
        action_on_screen(Screen::Program, key).map_or(Outcome::Ignored, |action| self.act(action, ctx))
    }

    fn act(&mut self, action: Action, _ctx: &Ctx) -> Outcome {
        if self.list.act(action, self.items.len()) {
            return Outcome::Handled;
        }
        match action {
            Action::Edit => match self.items.get(self.list.row()) {
                Some(occurrence) => Outcome::Send(Command::JumpTo(target_of(occurrence))),
                None => Outcome::Handled,
            },
            _ => Outcome::Ignored,
        }
    }

    fn refresh(&mut self, ctx: &Ctx) {
        self.items = items(ctx);
        self.list.clamp(self.items.len());
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        draw(frame, area, ctx, &self.items, self.list.row());
    }
}

fn draw(frame: &mut Frame, area: Rect, ctx: &Ctx, items: &[Occurrence], selected: usize) {
    let theme = ctx.theme;
    let overdue = items.iter().filter(|item| item.due < ctx.today).count();
    let [head_area, table_area, detail_area] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(3), Constraint::Length(2)]).areas(area);
    let head = vec![
        Span::styled(
            format!("{overdue} overdue"),
            if overdue > 0 { theme.error() } else { theme.dim() },
        ),
        Span::styled(
            format!(" · {} due within {WITHIN_DAYS} days", items.len() - overdue),
            theme.dim(),
        ),
    ];
    frame.render_widget(Paragraph::new(Line::from(head)), head_area);
    if items.is_empty() {
        empty_state(
            frame,
            table_area,
            theme,
            "Nothing due in the next 30 days",
            &[
                "Training, access reviews, policy reviews, vendors' agreements,",
                "contingency tests, evidence reviews and the next risk analysis",
                "show here once they are overdue or due within 30 days. Each is",
                "due again one cycle after its last completion.",
            ],
        );
        return;
    }
    let wide = area.width >= 100;
    let widths = if wide {
        vec![
            Constraint::Length(18),
            Constraint::Fill(1),
            Constraint::Length(16),
            Constraint::Length(10),
            Constraint::Length(17),
        ]
    } else {
        vec![
            Constraint::Length(10),
            Constraint::Fill(1),
            Constraint::Length(10),
            Constraint::Length(16),
        ]
    };
    let what_width = fill_width(table_area.width, &widths);
    let header = if wide {
        Row::new(["Kind", "What", "Owner", "Due", "Standing"])
    } else {
        Row::new(["Kind", "What", "Due", "Standing"])
    };
    WindowedTable {
        header,
        widths: &widths,
        count: items.len(),
        selected,
        theme,
    }
    .draw(frame, table_area, |index| {
        let item = &items[index];
        let distance = distance_in_words(item.due, ctx.today);
        let standing = if item.due < ctx.today {
            Cell::from(Span::styled(distance, theme.error()))
        } else {
            Cell::from(Span::styled(distance, theme.warning()))
        };
        let kind = if wide {
            clip(item.kind.label(), 18)
        } else {
            item.kind.short_label().to_string()
        };
        let mut cells = vec![Cell::from(kind), Cell::from(clip(&item.what, what_width))];
        if wide {
            cells.push(Cell::from(clip(item.owner.as_deref().unwrap_or(""), 16)));
        }
        cells.push(Cell::from(item.due.to_string()));
        cells.push(standing);
        Row::new(cells)
    });
    let detail = items.get(selected).map_or_else(String::new, |item| {
        let owner = item.owner.as_deref().unwrap_or("no owner");
        let last = item
            .last_done
            .map_or_else(|| "never done".to_string(), |done| format!("last done {done}"));
        format!("{}: {} · {owner} · {last}", item.kind.label(), item.what)
    });
    let lines: Vec<Line> = crate::tui::widgets::wrap(&detail, usize::from(detail_area.width))
        .into_iter()
        .take(2)
        .map(|part| Line::styled(part, theme.dim()))
        .collect();
    frame.render_widget(Paragraph::new(lines), detail_area);
}
