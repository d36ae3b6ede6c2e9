//! Access reviews, per ePHI system: the systems with their last review and when the next
//! is due; Enter opens a system's last review, its accounts marked new or unchanged since
//! the review before, flagged against the roster, and decided one by one by key (keep,
//! change, revoke, investigate). `i` imports a system's user list from a CSV file into its
//! open review (or starts one); `a` records access granted, changed or revoked outside a
//! review, with who approved it; `s` sets the review's reviewer and cycle and the revoke
//! limit. A program screen (after Workforce).

mod draw;
pub mod writes;

use std::path::PathBuf;

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use crate::domain::access::{self, AccessAccount, AccessEvent, AccessEventKind, AccessReview};
use crate::domain::{AssetKind, Id, Labeled, Person, Workspace};
use crate::tui::component::{Component, Ctx, Outcome};
use crate::tui::form::{Field, Form};
use crate::tui::keys::{Action, KeyHint, action_on_screen, screen_hints};
use crate::tui::list_cursor::ListCursor;
use crate::tui::overlays::Overlay;
use crate::tui::protocol::{Command, Reply, Write};
use crate::tui::screen::Screen;
use writes::AccessWrite;

/// The kinds of asset that hold user accounts of their own.
const ACCOUNT_KINDS: [AssetKind; 5] = [
    AssetKind::System,
    AssetKind::Application,
    AssetKind::CloudService,
    AssetKind::CommunicationChannel,
    AssetKind::RemoteAccess,
];

/// The systems the screen lists: those with a review or an event first (by name), then
/// this year's in-scope systems that hold accounts and have none yet.
pub fn systems(workspace: &Workspace) -> Vec<String> {
    let mut systems: Vec<String> = workspace.access.systems().into_iter().map(str::to_string).collect();
    let mut others: Vec<String> = workspace
        .active_assets()
        .filter(|asset| asset.in_scope() && ACCOUNT_KINDS.contains(&asset.kind))
        .map(|asset| asset.name.clone())
        .filter(|name| !systems.contains(name))
        .collect();
    others.sort();
    systems.extend(others);
    systems
}

/// The accounts of a review, in the order the screen lists them.
fn accounts_of(workspace: &Workspace, review_id: Id) -> Vec<&AccessAccount> {
    workspace.access.accounts_of(review_id).collect()
}

/// A system's last review (the open one if any), up to today.
fn last_review<'a>(ctx: &Ctx<'a>, system: &str) -> Option<&'a AccessReview> {
    access::latest_review(&ctx.workspace.access, system, ctx.today)
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Asked {
    /// The import form, for this system.
    Import(String),
    /// The form recording an access change outside a review.
    Event,
    /// The settings form: this review's reviewer and cycle (none: the revoke limit only).
    Settings(Option<Id>),
}

/// The people a form can name: the workforce, not those removed.
fn people_to_name(workspace: &Workspace) -> Vec<&Person> {
    workspace
        .people
        .iter()
        .filter(|person| person.removed_on.is_none())
        .collect()
}

/// A choice of person, "(none)" first when `optional`.
fn person_choice(
    key: &'static str,
    label: &'static str,
    people: &[&Person],
    selected: Option<Id>,
    optional: bool,
) -> Field {
    let mut options: Vec<String> = Vec::new();
    if optional {
        options.push("(none)".to_string());
    }
    options.extend(people.iter().map(|person| person.name.clone()));
    let offset = usize::from(optional);
    let index = selected
        .and_then(|id| people.iter().position(|person| person.id == id))
        .map_or(0, |index| index + offset);
    Field::choice(key, label, options, index)
}

/// The person chosen in a person field made by `person_choice`.
fn chosen_person(form: &Form, key: &str, people: &[&Person], optional: bool) -> Option<Id> {
    let index = form.choice(key).checked_sub(usize::from(optional))?;
    people.get(index).map(|person| person.id)
}

#[derive(Default)]
pub struct AccessScreen {
    systems: ListCursor,
    /// The review whose accounts are shown; None: the systems.
    review: Option<Id>,
    accounts: ListCursor,
    asked: Option<Asked>,
}

impl AccessScreen {
    fn selected_system(&self, ctx: &Ctx) -> Option<String> {
        match self.review.and_then(|id| ctx.workspace.access.review(id)) {
            Some(review) => Some(review.system.clone()),
            None => systems(ctx.workspace).get(self.systems.row()).cloned(),
        }
    }

    fn open_import(&mut self, ctx: &Ctx) -> Outcome {
        let Some(system) = self.selected_system(ctx) else {
            return Outcome::Handled;
        };
        self.asked = Some(Asked::Import(system.clone()));
        let form = Form::new(
            format!("Import the user list of {system}"),
            vec![Field::text("path", "CSV file", "")],
        );
        Outcome::Send(Command::Open(Overlay::form(form)))
    }

    fn save_import(&mut self, mut form: Form, system: String) -> Outcome {
        let path = PathBuf::from(form.text("path"));
        let read = if path.as_os_str().is_empty() {
            Err("type the path of a CSV file".to_string())
        } else {
            crate::exchange::limits::read_limited(&path, crate::exchange::limits::MAX_CSV_BYTES, "a CSV import")
                .and_then(|bytes| {
                    crate::exchange::access::parse_user_list(&bytes)
                        .map_err(|error| format!("{}: {error}", path.display()))
                })
        };
        match read {
            Ok(list) => {
                let ignored = list.ignored_line();
                Outcome::Send(Command::Write {
                    write: Write::new(AccessWrite::Import {
                        system,
                        path,
                        accounts: list.accounts,
                        ignored,
                    }),
                    form: Some(form),
                })
            }
            Err(problem) => {
                form.fail("path", problem);
                Outcome::Send(Command::Open(Overlay::form(form)))
            }
        }
    }

    fn open_event(&mut self, ctx: &Ctx) -> Outcome {
        let people = people_to_name(ctx.workspace);
        if people.is_empty() {
            return Outcome::Send(Command::Say(
                crate::tui::protocol::MessageKind::Error,
                "Add the person first, on the Workforce screen".to_string(),
            ));
        }
        let names = systems(ctx.workspace);
        if names.is_empty() {
            return Outcome::Send(Command::Say(
                crate::tui::protocol::MessageKind::Error,
                "Add the system to the inventory first".to_string(),
            ));
        }
        let selected_system = self
            .selected_system(ctx)
            .and_then(|system| names.iter().position(|name| *name == system))
            .unwrap_or(0);
        let form = Form::new(
            "Record an access change",
            vec![
                person_choice("person", "Person", &people, None, false),
                Field::choice("system", "System", names, selected_system),
                Field::choice(
                    "kind",
                    "Change",
                    AccessEventKind::ALL
                        .iter()
                        .map(|kind| kind.label().to_string())
                        .collect(),
                    0,
                ),
                Field::text("date", "Date", &ctx.today.to_string()).date(),
                person_choice("approved_by", "Approved by", &people, None, true),
                Field::text("notes", "Note", ""),
            ],
        );
        self.asked = Some(Asked::Event);
        Outcome::Send(Command::Open(Overlay::form(form)))
    }

    fn event_from_form(form: &Form, ctx: &Ctx) -> Result<AccessEvent, (&'static str, String)> {
        let people = people_to_name(ctx.workspace);
        let person_id =
            chosen_person(form, "person", &people, false).ok_or(("person", "Choose a person".to_string()))?;
        let system = systems(ctx.workspace)
            .get(form.choice("system"))
            .cloned()
            .ok_or(("system", "Choose a system".to_string()))?;
        let kind = AccessEventKind::ALL
            .get(form.choice("kind"))
            .copied()
            .ok_or(("kind", "Choose granted, changed or revoked".to_string()))?;
        let date = crate::domain::parse::parse_date(&form.text("date")).map_err(|problem| ("date", problem))?;
        Ok(AccessEvent {
            id: 0,
            person_id,
            system,
            kind,
            date,
            approved_by: chosen_person(form, "approved_by", &people, true),
            notes: form.text("notes").trim().to_string(),
        })
    }

    /// The settings of the review shown or of the selected system's last review, and the
    /// revoke limit (which is the workspace's, for every system).
    fn open_settings(&mut self, ctx: &Ctx) -> Outcome {
        let review = match self.review {
            Some(id) => ctx.workspace.access.review(id),
            None => self.selected_system(ctx).and_then(|system| last_review(ctx, &system)),
        };
        let mut people = people_to_name(ctx.workspace);
        // A reviewer deleted since stays the choice, so saving the form for the revoke
        // limit alone does not clear who reviewed.
        if let Some(reviewer) = review
            .and_then(|review| review.reviewer)
            .and_then(|id| ctx.workspace.person(id))
            .filter(|reviewer| reviewer.removed_on.is_some())
        {
            people.push(reviewer);
        }
        let mut fields = Vec::new();
        let title = match review {
            Some(review) => {
                fields.push(person_choice("reviewer", "Reviewer", &people, review.reviewer, true));
                fields.push(Field::text(
                    "cycle_months",
                    "Every (months)",
                    &review.cycle_months.to_string(),
                ));
                format!("Review of {} started {}", review.system, review.started)
            }
            None => "Access reviews".to_string(),
        };
        fields.push(
            Field::text(
                "revoke_limit",
                "Revoke limit (days)",
                &ctx.workspace.access.revoke_limit_days.to_string(),
            )
            .with_help("Business days from a termination to the leaver's access revoked, every system"),
        );
        self.asked = Some(Asked::Settings(review.map(|review| review.id)));
        Outcome::Send(Command::Open(Overlay::form(Form::new(title, fields))))
    }

    fn settings_from_form(form: &Form, review: Option<Id>, ctx: &Ctx) -> Result<AccessWrite, (&'static str, String)> {
        let whole = |key: &'static str| -> Result<u32, (&'static str, String)> {
            let text = form.text(key);
            match text.trim().parse::<u32>() {
                Ok(value) if value >= 1 => Ok(value),
                _ => Err((key, format!("`{}` is not a whole number of at least 1", text.trim()))),
            }
        };
        let revoke_limit_days = whole("revoke_limit")?;
        let review = match review {
            Some(id) => {
                let people = people_to_name(ctx.workspace);
                Some((
                    id,
                    chosen_person(form, "reviewer", &people, true),
                    whole("cycle_months")?,
                ))
            }
            None => None,
        };
        Ok(AccessWrite::Settings {
            review,
            revoke_limit_days,
        })
    }

    fn decide(&mut self, decision: access::Decision, ctx: &Ctx) -> Outcome {
        let Some(review_id) = self.review else {
            return Outcome::Ignored;
        };
        let accounts = accounts_of(ctx.workspace, review_id);
        let Some(account) = accounts.get(self.accounts.row()) else {
            return Outcome::Handled;
        };
        // The next account is selected once the write is saved (`receive`).
        self.asked = None;
        Outcome::Send(Command::Write {
            write: Write::new(AccessWrite::Decide {
                account_id: account.id,
                user: account.user.clone(),
                decision,
            }),
            form: None,
        })
    }
}

impl Component for AccessScreen {
    fn cursor(&self) -> usize {
        match self.review {
            Some(_) => self.accounts.row(),
            None => self.systems.row(),
        }
    }

    fn row_count(&self, ctx: &Ctx) -> usize {
        match self.review {
            Some(id) => accounts_of(ctx.workspace, id).len(),
            None => systems(ctx.workspace).len(),
        }
    }

    fn keys(&self) -> Vec<KeyHint> {
        screen_hints(Screen::Access)
    }

    fn handle(&mut self, key: KeyEvent, ctx: &Ctx) -> Outcome {
        action_on_screen(Screen::Access, key).map_or(Outcome::Ignored, |action| self.act(action, ctx))
    }

    fn act(&mut self, action: Action, ctx: &Ctx) -> Outcome {
        let count = self.row_count(ctx);
        match self.review {
            Some(_) if self.accounts.act(action, count) => return Outcome::Handled,
            None if self.systems.act(action, count) => return Outcome::Handled,
            _ => {}
        }
        match action {
            Action::Import => self.open_import(ctx),
            Action::Add => self.open_event(ctx),
            Action::Settings => self.open_settings(ctx),
            Action::Edit if self.review.is_none() => {
                let review = self.selected_system(ctx).and_then(|system| last_review(ctx, &system));
                if let Some(review) = review {
                    self.review = Some(review.id);
                    self.accounts = ListCursor::default();
                }
                Outcome::Handled
            }
            Action::Back if self.review.is_some() => {
                self.review = None;
                Outcome::Handled
            }
            Action::Decide(decision) => self.decide(decision, ctx),
            _ => Outcome::Ignored,
        }
    }

    fn receive(&mut self, reply: Reply, ctx: &Ctx) -> Outcome {
        match (reply, self.asked.clone()) {
            (Reply::Submitted(form), Some(Asked::Import(system))) => self.save_import(form, system),
            (Reply::Submitted(form), Some(Asked::Event)) => {
                let write = Self::event_from_form(&form, ctx).map(|event| Write::new(AccessWrite::Event(event)));
                Outcome::save(form, write)
            }
            (Reply::Submitted(form), Some(Asked::Settings(review))) => {
                let write = Self::settings_from_form(&form, review, ctx).map(Write::new);
                Outcome::save(form, write)
            }
            (Reply::Saved { .. }, Some(Asked::Event | Asked::Settings(_))) => {
                self.asked = None;
                Outcome::Handled
            }
            (Reply::Saved { id: Some(id) }, Some(Asked::Import(_))) => {
                // The review the list went into, shown at once.
                self.asked = None;
                if ctx.workspace.access.review(id).is_some() {
                    self.review = Some(id);
                    self.accounts = ListCursor::default();
                }
                Outcome::Handled
            }
            (Reply::Saved { id: Some(id) }, _) if self.review.is_some() => {
                // A decision saved: on to the next account.
                let accounts = self
                    .review
                    .map(|review| accounts_of(ctx.workspace, review))
                    .unwrap_or_default();
                if let Some(row) = accounts.iter().position(|account| account.id == id) {
                    self.accounts.select(row + 1, accounts.len());
                }
                Outcome::Handled
            }
            _ => Outcome::Ignored,
        }
    }

    fn refresh(&mut self, ctx: &Ctx) {
        if let Some(id) = self.review
            && ctx.workspace.access.review(id).is_none()
        {
            // Undone away.
            self.review = None;
        }
        self.systems.clamp(systems(ctx.workspace).len());
        if let Some(id) = self.review {
            self.accounts.clamp(accounts_of(ctx.workspace, id).len());
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        match self.review.and_then(|id| ctx.workspace.access.review(id)) {
            Some(review) => draw::accounts(frame, area, ctx, review, self.accounts.row()),
            None => draw::systems(frame, area, ctx, self.systems.row()),
        }
    }
}
