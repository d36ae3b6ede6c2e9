//! Drawing the Access screen: the systems, or one review's accounts.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row};

use super::{accounts_of, last_review};
use crate::domain::Labeled;
use crate::domain::access::{self, AccessReview, Flag};
use crate::tui::component::Ctx;
use crate::tui::widgets::{WindowedTable, clip, empty_state, fill_width, wrap};

/// The lines of text under a table, wrapped to the width.
fn detail(frame: &mut Frame, area: Rect, text: &str, style: ratatui::style::Style) {
    let lines: Vec<Line> = wrap(text, usize::from(area.width))
        .into_iter()
        .map(|part| Line::styled(part, style))
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

pub(super) fn systems(frame: &mut Frame, area: Rect, ctx: &Ctx, selected: usize) {
    let theme = ctx.theme;
    let workspace = ctx.workspace;
    let names = super::systems(workspace);
    let records = &workspace.access;
    let still_active = access::leavers_still_active(records, &workspace.people, ctx.today).len();
    // Three lines under the table: the system's keys and its last access change.
    let [head_area, table_area, detail_area] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(3), Constraint::Length(3)]).areas(area);
    let limit = records.revoke_limit_days;
    let mut head = vec![Span::styled(
        format!(
            "Revoke limit: {limit} business {} · ",
            if limit == 1 { "day" } else { "days" }
        ),
        theme.dim(),
    )];
    head.push(if still_active > 0 {
        let leavers = if still_active == 1 { "leaver" } else { "leavers" };
        Span::styled(format!("{still_active} {leavers} still active"), theme.error())
    } else {
        Span::styled("no leaver still active", theme.dim())
    });
    frame.render_widget(Paragraph::new(Line::from(head)), head_area);
    if names.is_empty() {
        empty_state(
            frame,
            table_area,
            theme,
            "No systems yet",
            &[
                "Systems with user accounts (the EHR, email, the portal) come from the inventory.",
                "Add them on the Inventory screen, then import each one's user list here.",
            ],
        );
        return;
    }
    let widths = [
        Constraint::Fill(1),
        Constraint::Length(10),
        Constraint::Length(12),
        Constraint::Length(10),
        Constraint::Length(7),
    ];
    let name_width = fill_width(table_area.width, &widths);
    WindowedTable {
        header: Row::new(["System", "Reviewed", "State", "Next due", "Flagged"]),
        widths: &widths,
        count: names.len(),
        selected,
        theme,
    }
    .draw(frame, table_area, |index| {
        let name = &names[index];
        let review = last_review(ctx, name);
        let due = access::next_due(records, name, ctx.today);
        let (reviewed, state, flagged) = match review {
            Some(review) => {
                let accounts = accounts_of(workspace, review.id);
                let undecided = accounts.iter().filter(|account| account.decision.is_none()).count();
                let flagged = accounts
                    .iter()
                    .filter(|account| !access::flags(account, review, &workspace.people).is_empty())
                    .count();
                let state = if review.completed.is_some() {
                    "complete".to_string()
                } else {
                    format!("{undecided} to decide")
                };
                (review.started.to_string(), state, flagged.to_string())
            }
            None => ("never".to_string(), "no review".to_string(), String::new()),
        };
        let due_cell = match due {
            Some(due) if due < ctx.today => Cell::from(Span::styled(due.to_string(), theme.error())),
            Some(due) => Cell::from(due.to_string()),
            None => Cell::from(""),
        };
        Row::new(vec![
            Cell::from(clip(name, name_width)),
            Cell::from(reviewed),
            Cell::from(state),
            due_cell,
            Cell::from(flagged),
        ])
    });
    let mut text = match names.get(selected) {
        Some(name) if last_review(ctx, name).is_some() => {
            format!("{name}: Enter shows its last review's accounts; i imports a new user list.")
        }
        Some(name) => format!("{name}: i imports its user list (a CSV exported from the system)."),
        None => String::new(),
    };
    // The last change recorded outside a review (`a` records one), by whom approved.
    if let Some(name) = names.get(selected)
        && let Some(event) = records.events.iter().rev().find(|event| event.system == *name)
    {
        let approved = event.approved_by.map_or_else(
            || "no approver".to_string(),
            |id| format!("approved by {}", workspace.person_name(Some(id))),
        );
        text.push_str(&format!(
            " Last change: {} for {} on {}, {approved}.",
            event.kind.label().to_lowercase(),
            workspace.person_name(Some(event.person_id)),
            event.date
        ));
    }
    detail(frame, detail_area, &text, theme.dim());
}

pub(super) fn accounts(frame: &mut Frame, area: Rect, ctx: &Ctx, review: &AccessReview, selected: usize) {
    let theme = ctx.theme;
    let workspace = ctx.workspace;
    let records = &workspace.access;
    let accounts = accounts_of(workspace, review.id);
    let comparison = access::compare(records, review);
    let [head_area, table_area, detail_area] =
        Layout::vertical([Constraint::Length(3), Constraint::Min(3), Constraint::Length(2)]).areas(area);
    let state = review
        .completed
        .map_or_else(|| "open".to_string(), |done| format!("completed {done}"));
    // Two lines: the review, then what changed since the one before (the first removed
    // users by name, the rest counted; `access export` lists them all).
    let title = format!("{} · started {} · {state}", review.system, review.started);
    let mut changes = format!(
        "{} new, {} removed, {} unchanged",
        comparison.new,
        comparison.removed.len(),
        comparison.unchanged
    );
    match comparison.removed.len() {
        0 => {}
        count if count <= 3 => changes.push_str(&format!(" (removed: {})", comparison.removed.join(", "))),
        count => changes.push_str(&format!(
            " (removed: {} and {} more)",
            comparison.removed[..3].join(", "),
            count - 3
        )),
    }
    let width = usize::from(head_area.width);
    let head = vec![
        Line::styled(clip(&title, width), theme.heading()),
        Line::styled(clip(&changes, width), theme.dim()),
        Line::styled(clip(&reviewer_line(ctx, review), width), theme.dim()),
    ];
    frame.render_widget(Paragraph::new(head), head_area);
    if accounts.is_empty() {
        empty_state(
            frame,
            table_area,
            theme,
            "No accounts",
            &["Press i to import the system's user list."],
        );
        return;
    }
    let widths = [
        Constraint::Length(11),
        Constraint::Fill(1),
        Constraint::Length(6),
        Constraint::Length(9),
        Constraint::Length(11),
        Constraint::Length(12),
    ];
    let name_width = fill_width(table_area.width, &widths);
    WindowedTable {
        header: Row::new(["User", "Name", "Active", "Change", "Decision", "Flags"]),
        widths: &widths,
        count: accounts.len(),
        selected,
        theme,
    }
    .draw(frame, table_area, |index| {
        let account = accounts[index];
        let flags = access::flags(account, review, &workspace.people);
        let flag_text: Vec<&str> = flags
            .iter()
            .map(|flag| match flag {
                Flag::TerminatedActive => "LEFT, ACTIVE",
                Flag::NoPerson => "no person",
                Flag::Shared => "shared",
            })
            .collect();
        let flag_style = if flags.contains(&Flag::TerminatedActive) {
            theme.error()
        } else {
            theme.warning()
        };
        Row::new(vec![
            Cell::from(clip(&account.user, 11)),
            Cell::from(clip(&account.name, name_width)),
            Cell::from(if account.active { "yes" } else { "no" }),
            Cell::from(access::change_of(records, review, account).label()),
            Cell::from(account.decision.map_or("—", |decision| decision.label())),
            Cell::from(Span::styled(clip(&flag_text.join(", "), 12), flag_style)),
        ])
    });
    let text = match accounts.get(selected) {
        Some(account) => {
            let person = access::match_person(account, &workspace.people)
                .map_or_else(|| "no person on the roster".to_string(), |person| person.name.clone());
            let decided = match (account.decision, account.decided_on) {
                (Some(decision), Some(on)) => {
                    format!("{} by {} on {on}", decision.label(), account.decided_by)
                }
                _ => "not decided: y keep, c change, r revoke, v investigate".to_string(),
            };
            format!("{} ({}), {}: {decided}", account.user, person, or_role(&account.role))
        }
        None => String::new(),
    };
    detail(frame, detail_area, &text, theme.dim());
}

fn or_role(role: &str) -> &str {
    if role.trim().is_empty() { "no role listed" } else { role }
}

/// Who reviews and how often, and the key that sets them.
fn reviewer_line(ctx: &Ctx, review: &AccessReview) -> String {
    let reviewer = match review.reviewer {
        Some(id) => format!("Reviewer {}", ctx.workspace.person_name(Some(id))),
        None => "No reviewer named".to_string(),
    };
    let months = if review.cycle_months == 1 { "month" } else { "months" };
    format!("{reviewer} · every {} {months} · s sets them", review.cycle_months)
}
