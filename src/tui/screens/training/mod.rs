//! Training by job role: the courses (and the job roles that must take each), the
//! sessions held, and each person's training due and overdue. A session is recorded in
//! two steps: its form (course, version, date, trainer, method), then the roster, where
//! Space ticks each person (completed, attended without completing, not there), `t` sets
//! a person's attestation date (a completion without one attests on the session's day),
//! and `s` saves the session with its attendance in one write.

mod view;
pub mod writes;

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;

use crate::domain::training::{Course, TrainingMethod, TrainingSession, has_left};
use crate::domain::{Id, Labeled, Person};
use crate::tui::component::{Component, Ctx, Outcome};
use crate::tui::form::{Field, Form};
use crate::tui::keys::{Action, KeyHint, action_on_screen, screen_hints};
use crate::tui::list_cursor::ListCursor;
use crate::tui::overlays::Overlay;
use crate::tui::protocol::{Command, MessageKind, Reply, Write};
use crate::tui::screen::Screen;
use writes::TrainingWrite;

/// The screen's three lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    /// Each person's required courses, due and overdue.
    #[default]
    People,
    Courses,
    Sessions,
}

impl View {
    fn next(self) -> View {
        match self {
            View::People => View::Courses,
            View::Courses => View::Sessions,
            View::Sessions => View::People,
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            View::People => "People's training",
            View::Courses => "Courses",
            View::Sessions => "Sessions",
        }
    }
}

/// A person's mark on the roster of a session being recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Absent,
    Completed,
    /// Attended without completing (left early, failed the quiz).
    Attended,
}

impl Mark {
    fn next(self) -> Mark {
        match self {
            Mark::Absent => Mark::Completed,
            Mark::Completed => Mark::Attended,
            Mark::Attended => Mark::Absent,
        }
    }
}

/// A session being recorded: its fields from the form, and the roster's marks.
pub struct Roster {
    pub session: TrainingSession,
    /// (person, their mark, the day they attested), in roster order: the current workforce.
    pub marks: Vec<(Id, Mark, Option<NaiveDate>)>,
    pub cursor: ListCursor,
}

/// What the screen asked in the window it opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Asked {
    Course(Id),
    Session(Id),
    /// The attestation date of the roster's line at this row.
    Attestation(usize),
}

#[derive(Default)]
pub struct TrainingScreen {
    view: View,
    cursor: ListCursor,
    asked: Option<Asked>,
    roster: Option<Roster>,
}

/// The people a session's roster lists: the current workforce on the session's day.
fn roster_people(people: &[Person], day: NaiveDate) -> Vec<&Person> {
    people
        .iter()
        .filter(|person| !has_left(person, day) && person.removed_on.is_none())
        .collect()
}

fn say(text: impl Into<String>) -> Outcome {
    Outcome::Send(Command::Say(MessageKind::Error, text.into()))
}

impl TrainingScreen {
    pub fn view(&self) -> View {
        self.view
    }

    fn rows(&self, ctx: &Ctx) -> usize {
        let training = &ctx.workspace.training;
        match self.view {
            View::People => training.obligations(&ctx.workspace.people, ctx.today).len(),
            View::Courses => training.courses.len(),
            View::Sessions => training.sessions.len(),
        }
    }

    /// The sessions, latest first (as the list shows them).
    fn sessions<'a>(ctx: &Ctx<'a>) -> Vec<&'a TrainingSession> {
        let mut sessions: Vec<&TrainingSession> = ctx.workspace.training.sessions.iter().collect();
        sessions.sort_by_key(|session| std::cmp::Reverse((session.held_on, session.id)));
        sessions
    }

    fn course_form(&mut self, course: &Course, ctx: &Ctx) -> Outcome {
        let training = &ctx.workspace.training;
        let roles: Vec<String> = training
            .requirements
            .iter()
            .filter(|requirement| requirement.course_id == course.id && course.id != 0)
            .map(|requirement| requirement.job_role.clone())
            .collect();
        let count = |value: Option<u32>| value.map_or_else(String::new, |value| value.to_string());
        let form = Form::new(
            if course.id == 0 { "Add a course" } else { "Edit course" },
            vec![
                Field::text("title", "Title", &course.title),
                Field::text("version", "Version", &course.version),
                Field::text(
                    "frequency_months",
                    "Every (months, 0 once)",
                    &count(course.frequency_months),
                ),
                Field::text(
                    "due_within_days",
                    "Due within (days of hire)",
                    &count(course.due_within_days),
                ),
                Field::text("roles", "Required of job roles", &roles.join("; "))
                    .with_help("Job roles as the Workforce screen names them, separated by ;"),
                Self::policy_field(course, ctx),
                Field::text("notes", "Notes", &course.notes),
            ],
        );
        self.asked = Some(Asked::Course(course.id));
        Outcome::Send(Command::Open(Overlay::form(form)))
    }

    /// The policy the course teaches, "(none)" first: a new version of it makes the
    /// course due again.
    fn policy_field(course: &Course, ctx: &Ctx) -> Field {
        let policies = &ctx.workspace.policies.policies;
        let mut options = vec!["(none)".to_string()];
        options.extend(policies.iter().map(|policy| policy.title.clone()));
        let selected = course
            .policy_id
            .and_then(|id| policies.iter().position(|policy| policy.id == id))
            .map_or(0, |index| index + 1);
        Field::choice("policy", "Teaches policy", options, selected)
            .with_help("A new version of the policy makes the course due again")
    }

    fn session_form(&mut self, session: &TrainingSession, ctx: &Ctx) -> Outcome {
        let courses = &ctx.workspace.training.courses;
        if courses.is_empty() {
            return say("Add a course first: press v for the courses, then a");
        }
        let selected = courses
            .iter()
            .position(|course| course.id == session.course_id)
            .unwrap_or(0);
        let version = if session.id == 0 {
            courses[selected].version.clone()
        } else {
            session.course_version.clone()
        };
        let mut methods = vec!["(not said)".to_string()];
        methods.extend(TrainingMethod::ALL.iter().map(|method| method.label().to_string()));
        let method = session
            .method
            .and_then(|method| TrainingMethod::ALL.iter().position(|found| *found == method))
            .map_or(0, |index| index + 1);
        let form = Form::new(
            if session.id == 0 {
                "Record a session"
            } else {
                "Edit session"
            },
            vec![
                Field::choice(
                    "course",
                    "Course",
                    courses.iter().map(|course| course.title.clone()).collect(),
                    selected,
                ),
                Field::text("course_version", "Course version", &version),
                Field::text("held_on", "Date", &session.held_on.unwrap_or(ctx.today).to_string()).date(),
                Field::text("trainer", "Trainer", &session.trainer),
                Field::choice("method", "Method", methods, method),
            ],
        );
        self.asked = Some(Asked::Session(session.id));
        Outcome::Send(Command::Open(Overlay::form(form)))
    }

    fn course_from_form(form: &Form, id: Id, ctx: &Ctx) -> Result<(Course, Vec<String>), (&'static str, String)> {
        let title = form.text("title").trim().to_string();
        if title.is_empty() {
            return Err(("title", "A course needs a title".to_string()));
        }
        let count = |key: &'static str| -> Result<Option<u32>, (&'static str, String)> {
            let text = form.text(key);
            let text = text.trim();
            if text.is_empty() {
                return Ok(None);
            }
            text.parse::<u32>()
                .map(Some)
                .map_err(|_| (key, format!("`{text}` is not a whole number")))
        };
        let course = Course {
            id,
            title,
            version: form.text("version").trim().to_string(),
            frequency_months: count("frequency_months")?,
            due_within_days: count("due_within_days")?,
            notes: form.text("notes"),
            policy_id: form
                .choice("policy")
                .checked_sub(1)
                .and_then(|index| ctx.workspace.policies.policies.get(index))
                .map(|policy| policy.id),
        };
        let roles = form
            .text("roles")
            .split([';', ','])
            .map(|role| role.trim().to_string())
            .filter(|role| !role.is_empty())
            .collect();
        Ok((course, roles))
    }

    fn session_from_form(form: &Form, id: Id, ctx: &Ctx) -> Result<TrainingSession, (&'static str, String)> {
        let course = ctx
            .workspace
            .training
            .courses
            .get(form.choice("course"))
            .ok_or(("course", "Choose a course".to_string()))?;
        let held_on =
            crate::domain::parse::parse_date(&form.text("held_on")).map_err(|problem| ("held_on", problem))?;
        Ok(TrainingSession {
            id,
            course_id: course.id,
            course_version: form.text("course_version").trim().to_string(),
            held_on: Some(held_on),
            trainer: form.text("trainer").trim().to_string(),
            method: form
                .choice("method")
                .checked_sub(1)
                .and_then(|index| TrainingMethod::ALL.get(index).copied()),
            notes: ctx
                .workspace
                .training
                .session(id)
                .map_or_else(String::new, |session| session.notes.clone()),
        })
    }

    /// Opens the roster for a session whose form was saved: everyone in the workforce on
    /// its day, marked as the session recorded them (a new one: nobody yet).
    fn open_roster(&mut self, session: TrainingSession, ctx: &Ctx) {
        let day = session.held_on.unwrap_or(ctx.today);
        let attendance = ctx.workspace.training.attendees(session.id);
        let marks = roster_people(&ctx.workspace.people, day)
            .into_iter()
            .map(|person| {
                let found = attendance.iter().find(|attendance| attendance.person_id == person.id);
                let mark = found.map_or(Mark::Absent, |attendance| {
                    if attendance.completed {
                        Mark::Completed
                    } else {
                        Mark::Attended
                    }
                });
                (person.id, mark, found.and_then(|attendance| attendance.attested_on))
            })
            .collect();
        self.roster = Some(Roster {
            session,
            marks,
            cursor: ListCursor::default(),
        });
    }

    fn roster_key(&mut self, key: KeyEvent, ctx: &Ctx) -> Outcome {
        let Some(roster) = self.roster.as_mut() else {
            return Outcome::Ignored;
        };
        if key.code == KeyCode::Esc {
            self.roster = None;
            return Outcome::Send(Command::Say(MessageKind::Info, "Session not recorded".to_string()));
        }
        let Some(action) = action_on_screen(Screen::Training, key) else {
            return Outcome::Handled;
        };
        if roster.cursor.act(action, roster.marks.len()) {
            return Outcome::Handled;
        }
        match action {
            Action::Attest => {
                let row = roster.cursor.row();
                let Some((person_id, _, attested)) = roster.marks.get(row) else {
                    return Outcome::Handled;
                };
                let name = ctx.workspace.person_name(Some(*person_id)).to_string();
                let form = Form::new(
                    format!("Attestation of {name}"),
                    vec![
                        Field::text(
                            "attested_on",
                            "Attested on",
                            &attested.map_or_else(String::new, |day| day.to_string()),
                        )
                        .date()
                        .with_help("Blank: a completion attests on the session's day"),
                    ],
                );
                self.asked = Some(Asked::Attestation(row));
                Outcome::Send(Command::Open(Overlay::form(form)))
            }
            Action::Toggle => {
                if let Some((_, mark, _)) = roster.marks.get_mut(roster.cursor.row()) {
                    *mark = mark.next();
                }
                let next = roster.cursor.row() + 1;
                roster
                    .cursor
                    .select(next.min(roster.marks.len().saturating_sub(1)), roster.marks.len());
                Outcome::Handled
            }
            Action::Save => {
                let day = roster.session.held_on;
                let attendees: Vec<(Id, bool, Option<NaiveDate>)> = roster
                    .marks
                    .iter()
                    .filter(|(_, mark, _)| *mark != Mark::Absent)
                    .map(|(id, mark, attested)| {
                        let completed = *mark == Mark::Completed;
                        (*id, completed, attested.or(day.filter(|_| completed)))
                    })
                    .collect();
                if attendees.is_empty() {
                    return say("Tick who attended with Space first (Esc leaves without recording)");
                }
                let session = roster.session.clone();
                Outcome::Send(Command::Write {
                    write: Write::new(TrainingWrite::SaveSession { session, attendees }),
                    form: None,
                })
            }
            _ => Outcome::Handled,
        }
    }
}

impl Component for TrainingScreen {
    fn cursor(&self) -> usize {
        self.cursor.row()
    }

    fn row_count(&self, ctx: &Ctx) -> usize {
        self.rows(ctx)
    }

    fn keys(&self) -> Vec<KeyHint> {
        screen_hints(Screen::Training)
    }

    fn takes_all_keys(&self) -> bool {
        self.roster.is_some()
    }

    fn handle(&mut self, key: KeyEvent, ctx: &Ctx) -> Outcome {
        if self.roster.is_some() {
            return self.roster_key(key, ctx);
        }
        action_on_screen(Screen::Training, key).map_or(Outcome::Ignored, |action| self.act(action, ctx))
    }

    fn act(&mut self, action: Action, ctx: &Ctx) -> Outcome {
        if self.roster.is_some() {
            return Outcome::Ignored;
        }
        if self.cursor.act(action, self.rows(ctx)) {
            return Outcome::Handled;
        }
        match (action, self.view) {
            (Action::ShowOnly, _) => {
                self.view = self.view.next();
                self.cursor = ListCursor::default();
                Outcome::Handled
            }
            (Action::Add, View::Courses) => self.course_form(&Course::default(), ctx),
            (Action::Add, _) => self.session_form(&TrainingSession::default(), ctx),
            (Action::Edit, View::Courses) => match ctx.workspace.training.courses.get(self.cursor.row()) {
                Some(course) => self.course_form(&course.clone(), ctx),
                None => Outcome::Handled,
            },
            (Action::Edit, View::Sessions) => match Self::sessions(ctx).get(self.cursor.row()) {
                Some(session) => {
                    let session = (*session).clone();
                    self.session_form(&session, ctx)
                }
                None => Outcome::Handled,
            },
            (Action::Edit, View::People) => self.session_form(&TrainingSession::default(), ctx),
            _ => Outcome::Ignored,
        }
    }

    fn receive(&mut self, reply: Reply, ctx: &Ctx) -> Outcome {
        match (reply, self.asked) {
            (Reply::Submitted(form), Some(Asked::Course(id))) => {
                let write = Self::course_from_form(&form, id, ctx)
                    .map(|(course, roles)| Write::new(TrainingWrite::SaveCourse { course, roles }));
                Outcome::save(form, write)
            }
            (Reply::Submitted(form), Some(Asked::Session(id))) => match Self::session_from_form(&form, id, ctx) {
                Ok(session) => {
                    self.asked = None;
                    self.open_roster(session, ctx);
                    Outcome::Handled
                }
                Err(problem) => Outcome::refuse(form, problem),
            },
            (Reply::Submitted(form), Some(Asked::Attestation(row))) => {
                let text = form.text("attested_on");
                let attested = if text.trim().is_empty() {
                    None
                } else {
                    match crate::domain::parse::parse_date(&text) {
                        Ok(day) => Some(day),
                        Err(problem) => return Outcome::refuse(form, ("attested_on", problem)),
                    }
                };
                self.asked = None;
                if let Some((_, _, line)) = self.roster.as_mut().and_then(|roster| roster.marks.get_mut(row)) {
                    *line = attested;
                }
                Outcome::Handled
            }
            (Reply::Saved { .. }, _) => {
                self.roster = None;
                self.asked = None;
                Outcome::Handled
            }
            _ => Outcome::Ignored,
        }
    }

    fn refresh(&mut self, ctx: &Ctx) {
        let rows = self.rows(ctx);
        self.cursor.clamp(rows);
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        match &self.roster {
            Some(roster) => view::roster(frame, area, ctx, roster),
            None => view::lists(frame, area, ctx, self.view, self.cursor.row()),
        }
    }
}
