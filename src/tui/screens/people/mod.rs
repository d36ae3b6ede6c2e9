//! People and the roles they hold, with the four owners every practice needs on top.
//! A component: it owns its cursor and what it last asked (a person's form, a delete,
//! a hand-over), and turns the answer into a store write.

pub mod form;
pub mod writes;

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row};

use crate::domain::{Id, Labeled, Person, Role};
use crate::tui::component::{Component, Ctx, Outcome};
use crate::tui::keys::{Action, KeyHint, action_on_screen, screen_hints};
use crate::tui::list_cursor::ListCursor;
use crate::tui::overlays::{Confirm, Overlay};
use crate::tui::protocol::{Command, MessageKind, Reply, Write};
use crate::tui::screen::Screen;
use crate::tui::widgets::{WindowedTable, clip, empty_state, wrap};
use writes::PeopleWrite;

/// What the screen asked in the window it opened, to act on the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Asked {
    /// The person form: a new person (0) or this one.
    Form(Id),
    Delete(Id),
    /// Hand everything this person owns to the one chosen, then delete them.
    Reassign(Id),
}

#[derive(Default)]
pub struct PeopleScreen {
    cursor: ListCursor,
    asked: Option<Asked>,
}

impl PeopleScreen {
    pub fn cursor(&self) -> usize {
        self.cursor.row()
    }

    fn selected<'a>(&self, ctx: &Ctx<'a>) -> Option<&'a Person> {
        ctx.workspace.people.get(self.cursor.row())
    }

    fn open_form(&mut self, person: Option<&Person>, ctx: &Ctx) -> Outcome {
        let (person, roles, title) = match person {
            Some(person) => {
                let roles: Vec<_> = ctx
                    .workspace
                    .roles
                    .iter()
                    .filter(|role| role.person_id == person.id)
                    .cloned()
                    .collect();
                (person.clone(), roles, "Edit person")
            }
            None => (Person::default(), Vec::new(), "Add a person"),
        };
        self.asked = Some(Asked::Form(person.id));
        Outcome::Send(Command::Open(Overlay::form(form::person_form(title, &person, &roles))))
    }

    /// Deleting someone who owns nothing is a plain question; someone who owns things
    /// hands them to another person first, chosen in the question.
    fn ask_delete(&mut self, person: &Person, ctx: &Ctx) -> Outcome {
        let owned = match ctx.store.ownership_of(person.id) {
            Ok(owned) => owned,
            Err(error) => return Outcome::Send(Command::Say(MessageKind::Error, error.to_string())),
        };
        if owned.is_empty() {
            self.asked = Some(Asked::Delete(person.id));
            let question = Confirm::new(
                "Delete person",
                vec![format!("Delete {}? They own nothing.", person.name)],
            );
            return Outcome::Send(Command::Open(Overlay::Confirm(question)));
        }
        let choices: Vec<(Id, String)> = ctx
            .workspace
            .people
            .iter()
            .filter(|other| other.id != person.id)
            .map(|other| (other.id, other.name.clone()))
            .collect();
        if choices.is_empty() {
            let problem = format!(
                "{} owns {}; add someone to take over first",
                person.name,
                owned.join(", ")
            );
            return Outcome::Send(Command::Say(MessageKind::Error, problem));
        }
        self.asked = Some(Asked::Reassign(person.id));
        let question = Confirm::new(
            "Reassign before deleting",
            vec![
                format!("{} still owns {}.", person.name, owned.join(", ")),
                "Choose who takes all of it over (Left/Right), then y to reassign and delete.".to_string(),
            ],
        )
        .with_choices(choices);
        Outcome::Send(Command::Open(Overlay::Confirm(question)))
    }
}

impl Component for PeopleScreen {
    fn cursor(&self) -> usize {
        self.cursor()
    }

    fn row_count(&self, ctx: &Ctx) -> usize {
        ctx.workspace.people.len()
    }

    fn keys(&self) -> Vec<KeyHint> {
        screen_hints(Screen::People)
    }

    fn handle(&mut self, key: KeyEvent, ctx: &Ctx) -> Outcome {
        action_on_screen(Screen::People, key).map_or(Outcome::Ignored, |action| self.act(action, ctx))
    }

    fn act(&mut self, action: Action, ctx: &Ctx) -> Outcome {
        if self.cursor.act(action, ctx.workspace.people.len()) {
            return Outcome::Handled;
        }
        match action {
            Action::Add => self.open_form(None, ctx),
            Action::Edit => match self.selected(ctx) {
                Some(person) => self.open_form(Some(person), ctx),
                None => Outcome::Handled,
            },
            Action::Delete => match self.selected(ctx) {
                Some(person) => self.ask_delete(person, ctx),
                None => Outcome::Handled,
            },
            _ => Outcome::Ignored,
        }
    }

    fn receive(&mut self, reply: Reply, ctx: &Ctx) -> Outcome {
        match (reply, self.asked) {
            (Reply::Submitted(form), Some(Asked::Form(id))) => {
                let base = ctx.workspace.person(id).cloned().unwrap_or_default();
                let write = form::person_from_form(&form, &base)
                    .map(|(person, roles)| Write::new(PeopleWrite::Save { person, roles }));
                Outcome::save(form, write)
            }
            (Reply::Confirmed { .. }, Some(Asked::Delete(id))) => Outcome::Send(Command::Write {
                write: Write::new(PeopleWrite::Delete(id)),
                form: None,
            }),
            (Reply::Confirmed { choice: Some(to) }, Some(Asked::Reassign(from))) => {
                let to_name = ctx
                    .workspace
                    .person(to)
                    .map_or_else(String::new, |person| person.name.clone());
                Outcome::Send(Command::Write {
                    write: Write::new(PeopleWrite::ReassignAndDelete { from, to, to_name }),
                    form: None,
                })
            }
            (Reply::Saved { id: Some(id) }, _) => {
                if let Some(row) = ctx.workspace.people.iter().position(|person| person.id == id) {
                    self.cursor.select(row, ctx.workspace.people.len());
                }
                Outcome::Handled
            }
            _ => Outcome::Ignored,
        }
    }

    fn refresh(&mut self, ctx: &Ctx) {
        self.cursor.clamp(ctx.workspace.people.len());
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        draw(frame, area, ctx, self.cursor.row());
    }
}

fn draw(frame: &mut Frame, area: Rect, ctx: &Ctx, selected: usize) {
    let theme = ctx.theme;
    let workspace = ctx.workspace;
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
    if let Some(person) = people.get(selected) {
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
        selected,
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
