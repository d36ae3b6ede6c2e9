//! Access reviews, per ePHI system: the systems with their last review and when the next
//! is due; Enter opens a system's last review, its accounts marked new or unchanged since
//! the review before, flagged against the roster, and decided one by one by key (keep,
//! change, revoke, investigate). `i` imports a system's user list from a CSV file into its
//! open review (or starts one). A program screen (after Workforce).

mod draw;
pub mod writes;

use std::path::PathBuf;

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use crate::domain::access::{self, AccessAccount, AccessReview};
use crate::domain::{AssetKind, Id, Workspace};
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
