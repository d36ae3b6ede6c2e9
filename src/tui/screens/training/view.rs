//! Drawing the Training screen: its three lists and a session's roster.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row};

use super::{Mark, Roster, TrainingScreen, View};
use crate::domain::training::DueStatus;
use crate::tui::component::Ctx;
use crate::tui::widgets::{WindowedTable, clip, empty_state};

/// The line above the list: which list is shown (v shows the next) and who is overdue.
fn heading(ctx: &Ctx, view: View) -> Line<'static> {
    let theme = ctx.theme;
    let mut spans = Vec::new();
    for (index, shown) in [View::People, View::Courses, View::Sessions].into_iter().enumerate() {
        if index > 0 {
            spans.push(Span::styled(" · ", theme.dim()));
        }
        let style = if shown == view { theme.heading() } else { theme.dim() };
        spans.push(Span::styled(shown.title(), style));
    }
    let overdue = ctx.workspace.training.overdue_people(&ctx.workspace.people, ctx.today);
    let (text, style) = match overdue {
        0 => ("   nobody overdue".to_string(), theme.dim()),
        1 => ("   1 person overdue".to_string(), theme.error()),
        count => (format!("   {count} people overdue"), theme.error()),
    };
    spans.push(Span::styled(text, style));
    Line::from(spans)
}

pub fn lists(frame: &mut Frame, area: Rect, ctx: &Ctx, view: View, selected: usize) {
    let [top, body] = Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(area);
    frame.render_widget(Paragraph::new(heading(ctx, view)), top);
    match view {
        View::People => people(frame, body, ctx, selected),
        View::Courses => courses(frame, body, ctx, selected),
        View::Sessions => sessions(frame, body, ctx, selected),
    }
}

fn people(frame: &mut Frame, area: Rect, ctx: &Ctx, selected: usize) {
    let theme = ctx.theme;
    let workspace = ctx.workspace;
    let training = &workspace.training;
    let obligations = training.obligations(&workspace.people, ctx.today);
    if obligations.is_empty() {
        empty_state(
            frame,
            area,
            theme,
            "No training required yet",
            &[
                "Each person's required courses come from their job role (Workforce screen) and the courses each role must take.",
                "Press v for the courses, or import a course matrix with `hipaa-ra training import`.",
            ],
        );
        return;
    }
    // At 80 columns: person, course, due and status; wider, the job role and the last
    // completion too.
    let wide = area.width >= 100;
    let fixed = if wide {
        20 + 16 + 11 + 11 + 12 + 5
    } else {
        20 + 11 + 12 + 3
    };
    let course_width = usize::from(area.width.saturating_sub(fixed));
    let (header, widths): (Vec<&str>, Vec<Constraint>) = if wide {
        (
            vec!["Person", "Job role", "Course", "Completed", "Due", "Status"],
            vec![
                Constraint::Length(20),
                Constraint::Length(16),
                Constraint::Fill(1),
                Constraint::Length(11),
                Constraint::Length(11),
                Constraint::Length(12),
            ],
        )
    } else {
        (
            vec!["Person", "Course", "Due", "Status"],
            vec![
                Constraint::Length(20),
                Constraint::Fill(1),
                Constraint::Length(11),
                Constraint::Length(12),
            ],
        )
    };
    WindowedTable {
        header: Row::new(header),
        widths: &widths,
        count: obligations.len(),
        selected,
        theme,
    }
    .draw(frame, area, |index| {
        let obligation = &obligations[index];
        let person = workspace.person(obligation.person_id);
        let course = training
            .course(obligation.course_id)
            .map_or("", |course| course.title.as_str());
        let date = |day: Option<chrono::NaiveDate>| day.map_or_else(String::new, |day| day.to_string());
        let name = clip(person.map_or("", |person| person.name.as_str()), 20);
        let cells = if wide {
            vec![
                name,
                clip(person.map_or("", |person| person.job_role.as_str()), 16),
                clip(course, course_width),
                date(obligation.last_completed),
                date(obligation.status.due()),
                obligation.status.word().to_string(),
            ]
        } else {
            vec![
                name,
                clip(course, course_width),
                date(obligation.status.due()),
                obligation.status.word().to_string(),
            ]
        };
        let row = Row::new(cells);
        match obligation.status {
            DueStatus::Overdue { .. } => row.style(theme.error()),
            DueStatus::NoHireDate => row.style(theme.warning()),
            _ => row,
        }
    });
}

fn courses(frame: &mut Frame, area: Rect, ctx: &Ctx, selected: usize) {
    let theme = ctx.theme;
    let training = &ctx.workspace.training;
    if training.courses.is_empty() {
        empty_state(
            frame,
            area,
            theme,
            "No courses yet",
            &[
                "Press a to add a course: how often it is retaken, how soon after hire it is due and the job roles that must take it.",
                "A course matrix imports from the command line: `hipaa-ra training import`.",
            ],
        );
        return;
    }
    let roles_width = usize::from(area.width.saturating_sub(26 + 8 + 7 + 9 + 4));
    WindowedTable {
        header: Row::new(["Course", "Version", "Every", "Due", "Required of"]),
        widths: &[
            Constraint::Length(26),
            Constraint::Length(8),
            Constraint::Length(7),
            Constraint::Length(9),
            Constraint::Fill(1),
        ],
        count: training.courses.len(),
        selected,
        theme,
    }
    .draw(frame, area, |index| {
        let course = &training.courses[index];
        let every = match course.frequency_months {
            None | Some(0) => "once".to_string(),
            Some(months) => format!("{months} mo"),
        };
        let due = format!("{} days", course.due_within_days.unwrap_or(0));
        let roles: Vec<&str> = training
            .requirements
            .iter()
            .filter(|requirement| requirement.course_id == course.id)
            .map(|requirement| requirement.job_role.as_str())
            .collect();
        Row::new([
            clip(&course.title, 26),
            clip(&course.version, 8),
            every,
            due,
            clip(&roles.join(", "), roles_width),
        ])
    });
}

fn sessions(frame: &mut Frame, area: Rect, ctx: &Ctx, selected: usize) {
    let theme = ctx.theme;
    let training = &ctx.workspace.training;
    let sessions = TrainingScreen::sessions(ctx);
    if sessions.is_empty() {
        empty_state(
            frame,
            area,
            theme,
            "No sessions yet",
            &["Press a to record a session: its course, date and trainer, then tick who attended."],
        );
        return;
    }
    let course_width = usize::from(area.width.saturating_sub(11 + 14 + 11 + 10 + 4));
    WindowedTable {
        header: Row::new(["Date", "Course", "Trainer", "Method", "Completed"]),
        widths: &[
            Constraint::Length(11),
            Constraint::Fill(1),
            Constraint::Length(14),
            Constraint::Length(11),
            Constraint::Length(10),
        ],
        count: sessions.len(),
        selected,
        theme,
    }
    .draw(frame, area, |index| {
        let session = sessions[index];
        let attendees = training.attendees(session.id);
        let completed = attendees.iter().filter(|attendance| attendance.completed).count();
        Row::new([
            session.held_on.map_or_else(String::new, |day| day.to_string()),
            clip(
                training
                    .course(session.course_id)
                    .map_or("", |course| course.title.as_str()),
                course_width,
            ),
            clip(&session.trainer, 14),
            session.method.map_or_else(String::new, |method| method.to_string()),
            format!("{completed} of {}", attendees.len()),
        ])
    });
}

pub fn roster(frame: &mut Frame, area: Rect, ctx: &Ctx, roster: &Roster) {
    let theme = ctx.theme;
    let workspace = ctx.workspace;
    let [top, body] = Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(area);
    let course = workspace
        .training
        .course(roster.session.course_id)
        .map_or("", |course| course.title.as_str());
    let ticked = roster.marks.iter().filter(|(_, mark, _)| *mark != Mark::Absent).count();
    let day = roster.session.held_on.map_or_else(String::new, |day| day.to_string());
    let lines = vec![
        Line::from(vec![
            Span::styled("Attendance: ", theme.heading()),
            Span::raw(clip(
                &format!("{course} on {day}"),
                usize::from(area.width).saturating_sub(30),
            )),
            Span::styled(format!("   {ticked} ticked"), theme.dim()),
        ]),
        Line::styled(
            "Space ticks; t sets the attestation date; s saves; Esc leaves",
            theme.dim(),
        ),
    ];
    frame.render_widget(Paragraph::new(lines), top);
    WindowedTable {
        header: Row::new(["Attended", "Person", "Job role", "Attested"]),
        widths: &[
            Constraint::Length(14),
            Constraint::Length(22),
            Constraint::Fill(1),
            Constraint::Length(10),
        ],
        count: roster.marks.len(),
        selected: roster.cursor.row(),
        theme,
    }
    .draw(frame, body, |index| {
        let (person_id, mark, attested) = roster.marks[index];
        // A completion without a date of its own attests on the session's day (as saved).
        let attested = match (attested, mark) {
            (Some(day), _) => day.to_string(),
            (None, Mark::Completed) => roster.session.held_on.map_or_else(String::new, |day| day.to_string()),
            (None, _) => String::new(),
        };
        let person = workspace.person(person_id);
        let mark = match mark {
            Mark::Absent => "[ ]",
            Mark::Completed => "[x] completed",
            Mark::Attended => "[-] attended",
        };
        Row::new([
            mark.to_string(),
            clip(person.map_or("", |person| person.name.as_str()), 22),
            clip(person.map_or("", |person| person.job_role.as_str()), 30),
            attested,
        ])
    });
}
