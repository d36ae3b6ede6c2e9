//! The TUI's protocol: the messages between the screens and windows and the app. A
//! component sends `Command`s (store changes as `Write`s, one enum per screen, each in
//! its screen's `writes`); the app applies them and hands results back as `Reply`s. The
//! screens and windows depend on this module, not on `app`.

mod writes;

use std::path::PathBuf;

pub use writes::{StoreWrite, Write, Written};

use crate::domain::findings::Area;
use crate::domain::{Finding, Id, RecordRef};
use crate::tui::form::Form;
use crate::tui::overlays::Overlay;
use crate::tui::screen::Screen;
use crate::tui::worker::{Done, Job};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageKind {
    Info,
    Error,
    /// About the key or paste just received (for example a paste nothing could take):
    /// shown even over an overlay, and gone with the next key.
    Warning,
}

/// Something a component asks the app to do.
pub enum Command {
    /// Quit; with a changed form open (however deep), ask first (`Confirm::quit`).
    Quit,
    /// Quit without asking (yes to that question).
    QuitAnyway,
    /// Push a window on the stack.
    Open(Overlay),
    /// Save the form on top of the stack (it is taken off; a refused one is put back).
    SubmitForm,
    /// Hand a result to the layer now on top: the top window, or the screen when none
    /// is open (the window that sent it has closed).
    Reply(Reply),
    /// Hand a result to the layer under the top window, which stays open (the filter's
    /// text as it is typed, to the screen it filters).
    ReplyBelow(Reply),
    /// Show the screen of a record with the cursor on it (the dashboard's Enter).
    JumpTo(Target),
    /// Change the store; on success the snapshot is reloaded, every screen refreshed,
    /// and the current screen told `Reply::Saved`. A write from a form carries the form:
    /// if the store refuses, the form is put back open with the reason.
    Write {
        write: Write,
        form: Option<crate::tui::form::Form>,
    },
    /// A line for the status bar.
    Say(MessageKind, String),
    /// Start slow work on the worker (one at a time; a second is refused and said).
    StartJob(Job),
    /// Several commands, applied in this order (a form reopened, then work started).
    Many(Vec<Command>),
    /// Start slow work a form waits for (a large file to read): the form, already saying
    /// what it waits for, is put back open; with other work running the job is not
    /// started and the form says so instead. The result comes back as a reply to the
    /// layer under the form (see `finish_job`).
    StartJobFor {
        job: Job,
        form: Box<crate::tui::form::Form>,
    },
    /// F2 in a form: a list to choose the field's value from, opened over the form.
    PickForField { field: &'static str, current: String },
}

/// An edit in the filter window, handed to the screen it filters (the Inventory's
/// filter, the Safeguards' find) as `Reply::Filter`.
pub enum FilterEdit {
    Push(String),
    Pop,
    /// Cleared, and the window closed.
    Clear,
    /// The window closed, the text kept.
    Keep,
}

impl FilterEdit {
    /// The text after this edit.
    pub fn apply_to(&self, text: &mut String) {
        match self {
            FilterEdit::Push(more) => text.push_str(more),
            FilterEdit::Pop => {
                text.pop();
            }
            FilterEdit::Clear => text.clear(),
            FilterEdit::Keep => {}
        }
    }

    /// Whether the window closed with this edit.
    pub fn closes(&self) -> bool {
        matches!(self, FilterEdit::Clear | FilterEdit::Keep)
    }
}

/// What a window hands back to the layer below it (the window under it, or the screen)
/// when it closes, and what the app tells a component after a write it asked for.
// No Debug: it carries a password.
pub enum Reply {
    /// A signing key was made: its secret key file and the password it opens with.
    KeyMade { path: PathBuf, password: String },
    /// A value chosen in a list for a form's field (F2): the field's key and the text.
    Picked { field: &'static str, text: String },
    /// Enter on a form: the form, already off the stack, to read and save. To refuse it,
    /// fail a field and open it again (`Command::Open(Overlay::form(form))`).
    Submitted(Form),
    /// The keys of the rows chosen in a picker.
    Chosen(Vec<String>),
    /// Yes to a question; with the person chosen, for a question that offers a choice.
    Confirmed { choice: Option<crate::domain::Id> },
    /// A write this layer sent was applied and the snapshot reloaded: the record's id,
    /// for the list to select it.
    Saved { id: Option<crate::domain::Id> },
    /// Put the cursor on this record (the dashboard's Enter), clearing a filter or
    /// unfolding a section that hides it; `Ignored` when the record is gone.
    Select(Target),
    /// Slow work this component started has finished (given to it wherever the user is
    /// now; a file read for a form only while that form is still the window on top).
    Worked(Done),
    /// The filter window's text changed (or, `Keep`/`Clear`, it closed).
    Filter(FilterEdit),
}

/// A record the dashboard can take you to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Asset(Id),
    /// A safeguard item, by citation.
    Safeguard(String),
    Scenario(Id),
    Evidence(Id),
    Action(Id),
    /// A screen with no one record to select.
    Screen(Screen),
}

impl Target {
    /// The screen the record is on.
    pub fn screen(&self) -> Screen {
        match self {
            Target::Asset(_) => Screen::Inventory,
            Target::Safeguard(_) => Screen::Safeguards,
            Target::Scenario(_) => Screen::Risks,
            Target::Evidence(_) => Screen::Evidence,
            Target::Action(_) => Screen::Remediation,
            Target::Screen(screen) => *screen,
        }
    }

    /// Where a finding's first record lives; a finding naming none opens the dashboard.
    pub fn of(finding: &Finding) -> Target {
        match finding.records.first() {
            Some(RecordRef::Asset { id, .. } | RecordRef::Vendor { id, .. }) => Target::Asset(*id),
            Some(RecordRef::Citation { citation, .. }) => Target::Safeguard(citation.clone()),
            Some(RecordRef::Scenario { id, .. }) => Target::Scenario(*id),
            Some(RecordRef::Evidence { id, .. }) => Target::Evidence(*id),
            Some(RecordRef::Action { id, .. }) => Target::Action(*id),
            Some(RecordRef::Policy { .. }) => Target::Screen(Screen::Policies),
            Some(RecordRef::Incident { .. }) => Target::Screen(Screen::Incidents),
            Some(RecordRef::ContingencyTest { .. }) => Target::Screen(Screen::Tests),
            // A person's training: the Training screen lists it.
            Some(RecordRef::Person { .. }) => Target::Screen(Screen::Training),
            // A finding about no one record (a role, a kind of evidence, the whole
            // inventory): the screen of its area.
            None => Target::Screen(match finding.rule.area() {
                Area::Inventory => Screen::Inventory,
                Area::Ownership => Screen::People,
                Area::Controls => Screen::Safeguards,
                Area::Risk => Screen::Risks,
                Area::Evidence => Screen::Evidence,
            }),
        }
    }
}
