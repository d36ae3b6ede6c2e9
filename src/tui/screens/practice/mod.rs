//! The practice profile and its assessments. A component: it opens the profile form
//! (also the first-run wizard's, opened over the Dashboard: see `DashboardScreen`), asks
//! before starting next year's assessment, and switches between assessments.

pub mod form;
mod next_reason;
pub mod writes;

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::domain::Role;
use crate::tui::component::{Component, Ctx, Outcome};
use crate::tui::editors::FieldProblem;
use crate::tui::form::Form;
use crate::tui::keys::{Action, KeyHint, Scope, action_on_screen, bindings_in, keys_for, screen_hints};
use crate::tui::overlays::{Confirm, Overlay};
use crate::tui::protocol::{Command, MessageKind, Reply, Write};
use crate::tui::screen::Screen;
use writes::PracticeWrite;

/// What the screen asked in the window it opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Asked {
    Profile,
    /// Starting the next assessment from this one (the one the question named).
    StartNext(crate::domain::Id),
    /// Its reason in words, asked after "Other" was chosen.
    StartNextWhy(crate::domain::Id),
}

#[derive(Default)]
pub struct PracticeScreen {
    asked: Option<Asked>,
}

/// The profile form of the open assessment (none without one).
pub(super) fn profile_form(title: &str, ctx: &Ctx) -> Option<Form> {
    let assessment = ctx.workspace.assessment()?;
    let official = ctx
        .workspace
        .holders(Role::SecurityOfficial)
        .next()
        .map(|person| person.name.as_str());
    Some(form::practice_form(
        title,
        &ctx.workspace.practice,
        assessment,
        official,
    ))
}

/// The write a saved profile form asks for.
pub(super) fn profile_write(form: &Form, ctx: &Ctx) -> Result<Write, FieldProblem> {
    let assessment = ctx.workspace.assessment().ok_or(("", "no assessment".to_string()))?;
    let (practice, assessment) = form::practice_from_form(form, &ctx.workspace.practice, assessment)?;
    Ok(Write::new(PracticeWrite::Profile {
        practice: Box::new(practice),
        assessment: Box::new(assessment),
    }))
}

/// Opens a profile form whose save comes back to the layer that sent the outcome.
pub(super) fn open_profile(title: &str, ctx: &Ctx) -> Outcome {
    profile_form(title, ctx).map_or(Outcome::Handled, |form| {
        Outcome::Send(Command::Open(Overlay::form(form)))
    })
}

/// A saved profile form: the write, or the form put back with its problem.
pub(super) fn save_profile(form: Form, ctx: &Ctx) -> Outcome {
    let write = profile_write(&form, ctx);
    Outcome::save(form, write)
}

impl PracticeScreen {
    fn ask_start_next(&mut self, ctx: &Ctx) -> Outcome {
        let Some(assessment) = ctx.workspace.assessment() else {
            return Outcome::Handled;
        };
        // From an older year, the next one is started from the year that follows it.
        if let Some(later) = crate::domain::carry::following(&ctx.workspace.assessments, assessment) {
            return Outcome::Send(Command::Say(
                MessageKind::Error,
                crate::domain::carry::already_followed(assessment, &later),
            ));
        }
        self.asked = Some(Asked::StartNext(assessment.id));
        let question = Confirm::new(
            "Start the next assessment",
            vec![
                format!("Start next year's assessment from \"{}\"?", assessment.title),
                "Assets, reviews, scenarios, open actions and evidence links are carried forward,".to_string(),
                "each marked until you confirm it; this one stays as it is.".to_string(),
            ],
        )
        .with_choices(next_reason::choices(ctx.workspace))
        .with_choice_label("Why");
        Outcome::Send(Command::Open(Overlay::Confirm(question)))
    }

    /// Opens the assessment after the open one in the list (wrapping round).
    fn switch_assessment(ctx: &Ctx) -> Outcome {
        let assessments = &ctx.workspace.assessments;
        if assessments.len() < 2 {
            let start = keys_for(Scope::Screen(Screen::Practice), Action::StartNext);
            return Outcome::Send(Command::Say(
                MessageKind::Info,
                format!("This is the only assessment; {start} starts the next one"),
            ));
        }
        let at = assessments
            .iter()
            .position(|assessment| assessment.id == ctx.workspace.assessment_id)
            .unwrap_or(0);
        let next = &assessments[(at + 1) % assessments.len()];
        Outcome::Send(Command::Write {
            write: Write::new(PracticeWrite::Switch {
                id: next.id,
                title: next.title.clone(),
            }),
            form: None,
        })
    }
}

impl Component for PracticeScreen {
    fn keys(&self) -> Vec<KeyHint> {
        screen_hints(Screen::Practice)
    }

    fn handle(&mut self, key: KeyEvent, ctx: &Ctx) -> Outcome {
        action_on_screen(Screen::Practice, key).map_or(Outcome::Ignored, |action| self.act(action, ctx))
    }

    fn act(&mut self, action: Action, ctx: &Ctx) -> Outcome {
        match action {
            Action::Edit => {
                self.asked = Some(Asked::Profile);
                open_profile("Practice profile", ctx)
            }
            Action::StartNext => self.ask_start_next(ctx),
            Action::SwitchAssessment => PracticeScreen::switch_assessment(ctx),
            _ => Outcome::Ignored,
        }
    }

    fn receive(&mut self, reply: Reply, ctx: &Ctx) -> Outcome {
        match (reply, self.asked) {
            (Reply::Submitted(form), Some(Asked::Profile)) => save_profile(form, ctx),
            // From the year the question named, not whichever is latest.
            // On the worker, through a second connection: a large practice's copy takes
            // seconds, shown as it goes in the status bar.
            (Reply::Confirmed { choice }, Some(Asked::StartNext(from))) if choice == Some(next_reason::OTHER) => {
                self.asked = Some(Asked::StartNextWhy(from));
                Outcome::Send(Command::Open(Overlay::form(next_reason::why_form())))
            }
            (Reply::Confirmed { choice }, Some(Asked::StartNext(from))) => {
                start_next(from, next_reason::options(ctx.workspace, choice), ctx)
            }
            (Reply::Submitted(form), Some(Asked::StartNextWhy(from))) => match next_reason::from_why_form(&form) {
                Ok(options) => start_next(from, options, ctx),
                Err(problem) => Outcome::refuse(form, problem),
            },
            _ => Outcome::Ignored,
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        draw(frame, area, ctx);
    }
}

/// Starts next year's copy on the worker, through a second connection: a large practice's
/// copy takes seconds, shown as it goes in the status bar.
fn start_next(from: crate::domain::Id, options: crate::store::NextOptions, ctx: &Ctx) -> Outcome {
    match ctx.store.writer_beside() {
        Ok(store) => Outcome::Send(Command::StartJob(crate::tui::worker::Job::NextYear {
            store: Box::new(store),
            from,
            today: ctx.today,
            options: Box::new(options),
        })),
        Err(error) => Outcome::Send(Command::Say(MessageKind::Error, error.to_string())),
    }
}

fn draw(frame: &mut Frame, area: Rect, ctx: &Ctx) {
    let theme = ctx.theme;
    let workspace = ctx.workspace;
    let practice = &workspace.practice;
    let field = |label: &str, value: String| {
        Line::from(vec![
            Span::styled(format!("{label:<20}"), theme.dim()),
            Span::raw(value),
        ])
    };
    let or_unset = |value: &str| {
        if value.trim().is_empty() {
            "(not set)".to_string()
        } else {
            value.to_string()
        }
    };
    let mut lines = vec![
        Line::from("Practice profile").style(theme.heading()),
        field("Name", or_unset(&practice.name)),
        field("Entity type", practice.entity_type.to_string()),
    ];
    // One location a line, each under the value column.
    let locations: Vec<&str> = practice
        .locations
        .lines()
        .filter(|line| !line.trim().is_empty())
        .collect();
    if locations.is_empty() {
        lines.push(field("Locations", "(not set)".to_string()));
    }
    for (index, location) in locations.iter().enumerate() {
        lines.push(field(if index == 0 { "Locations" } else { "" }, location.to_string()));
    }
    lines.push(field(
        "Workforce",
        practice
            .workforce_size
            .map_or("(not set)".to_string(), |size| format!("{size} people")),
    ));
    lines.push(Line::from(""));
    lines.push(Line::from("Assessments").style(theme.heading()));
    for assessment in &workspace.assessments {
        let current = if assessment.id == workspace.assessment_id {
            "▶ "
        } else {
            "  "
        };
        let state = match workspace.signature(assessment.id) {
            Some(signature) => format!("final, signed {}", signature.signed_on),
            None => "draft".to_string(),
        };
        lines.push(Line::from(vec![
            Span::styled(current, theme.key()),
            Span::raw(format!(
                "{}  {} to {}  ",
                assessment.title, assessment.period_start, assessment.period_end
            )),
            Span::styled(state, theme.dim()),
        ]));
    }
    if let Some(assessment) = workspace.assessment() {
        lines.push(Line::from(""));
        let started = match assessment.started_on {
            Some(day) => format!(
                "{}, {day}",
                crate::domain::incident::start_reason_words(assessment, &workspace.incidents)
            ),
            None => crate::domain::incident::start_reason_words(assessment, &workspace.incidents),
        };
        lines.push(field("Started", started));
        if let Some(previous) = workspace.previous_assessment() {
            let open = workspace.unconfirmed().len();
            lines.push(field(
                "Carried from",
                format!("{}: {open}/{} to confirm", previous.title, workspace.carried.len()),
            ));
        }
        lines.push(field("Assessor", assessment.assessor.clone()));
        lines.push(field("Risk matrix", assessment.matrix.name.clone()));
        lines.push(field(
            "Next review",
            assessment
                .next_review
                .map_or("(not planned)".to_string(), |date| date.to_string()),
        ));
    }
    lines.push(Line::from(""));
    // The screen's keys, from the key table (the status bar has room for only some).
    for binding in bindings_in(Scope::Screen(Screen::Practice)) {
        lines.push(Line::from(vec![
            Span::styled(format!("{:<8} ", binding.keys), theme.key()),
            Span::styled(binding.help, theme.dim()),
        ]));
    }
    if !workspace.carried.is_empty() {
        let confirm =
            bindings_in(Scope::Screen(Screen::Safeguards)).find(|binding| binding.action == Action::ConfirmCarried);
        if let Some(binding) = confirm {
            lines.push(Line::from(vec![
                Span::styled(format!("{:<8} ", binding.keys), theme.key()),
                Span::styled(
                    format!(
                        "on {} {}: {}",
                        Screen::Safeguards.hotkey(),
                        Screen::Safeguards.name(),
                        binding.help
                    ),
                    theme.dim(),
                ),
            ]));
        }
    }
    frame.render_widget(Paragraph::new(lines), area);
}
