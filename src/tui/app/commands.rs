//! The one queue every component's wishes go through, and the one place they are
//! applied. An overlay never changes the app itself: it returns an `Outcome`, whose
//! command lands here (`App::send`), and `run_queue` applies the commands in order
//! (a command may send more, for example a picker's choice opening the next picker).

use std::path::PathBuf;

use super::App;
use crate::tui::component::{Component, Outcome};
use crate::tui::overlays::Overlay;
use crate::tui::protocol::MessageKind;
use crate::tui::protocol::{Command, Reply, Write};
use crate::tui::worker::{Done, Job};

/// What a write is told while next year's copy writes on its own connection.
pub(super) const NEXT_YEAR_WRITING: &str = "Next year's assessment is being started; wait for it to finish";

impl App {
    /// Queues a command; `run_queue` applies it.
    pub(super) fn send(&mut self, command: Command) {
        self.queue.push_back(command);
    }

    /// Applies what a component did with a key, then everything queued.
    pub(super) fn apply_outcome(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Ignored | Outcome::Handled => {}
            Outcome::Close => {
                self.overlays.pop();
            }
            Outcome::CloseWith(command) => {
                self.overlays.pop();
                self.send(command);
            }
            Outcome::Send(command) => self.send(command),
        }
        self.run_queue();
    }

    pub(super) fn run_queue(&mut self) {
        while let Some(command) = self.queue.pop_front() {
            self.apply(command);
        }
    }

    fn apply(&mut self, command: Command) {
        match command {
            Command::Quit => self.quit_asking(),
            Command::QuitAnyway => self.quit = true,
            Command::Many(commands) => {
                for command in commands {
                    self.apply(command);
                }
            }
            Command::Open(overlay) => self.open(overlay),
            Command::SubmitForm => self.submit_form(),
            Command::PickForField { field, current } => {
                // Its choice goes back to the form below as `Reply::Picked`.
                if let Some(picker) = crate::tui::screens::field_picker(field, &current, &self.workspace, self.catalog)
                {
                    self.open(Overlay::picker(picker));
                }
            }
            Command::Reply(reply) => self.deliver(reply),
            Command::ReplyBelow(reply) => self.deliver_below(reply),
            Command::JumpTo(target) => self.jump_to(&target),
            Command::Write { write, form } => self.write(write, form),
            Command::Say(kind, text) => self.message = Some((kind, text)),
            Command::StartJob(job) => {
                self.start_job(job);
            }
            Command::StartJobFor { job, mut form } => {
                if !self.start_job(job) {
                    form.fail("", "other work is running; press Enter again once it is done");
                }
                self.open(Overlay::form(*form));
            }
        }
    }

    /// Quits, unless a form open anywhere on the stack has changes: then the question
    /// asks first, and only its yes quits.
    fn quit_asking(&mut self) {
        let changed = self.overlays.iter().any(|overlay| match overlay {
            Overlay::Form { form } => form.is_changed(),
            Overlay::KeyGen(keygen) => keygen.form.is_changed(),
            _ => false,
        });
        match changed {
            true => self.open(Overlay::Confirm(crate::tui::overlays::Confirm::quit())),
            false => self.quit = true,
        }
    }

    /// Enter on the form on top: it goes back, off the stack, to the layer that opened
    /// it (`Reply::Submitted`), which saves it or opens it again with the problem.
    fn submit_form(&mut self) {
        if !matches!(self.overlays.last(), Some(Overlay::Form { .. })) {
            return;
        }
        if let Some(Overlay::Form { form }) = self.overlays.pop() {
            self.deliver(Reply::Submitted(form));
        }
    }

    /// Hands a reply to the layer now on top: the top window, or else the screen.
    pub(super) fn deliver(&mut self, reply: Reply) {
        let outcome = match self.overlays.last_mut() {
            Some(top) => top.receive(reply, &super::ctx!(self)),
            None => self.screens.get_mut(self.screen).receive(reply, &super::ctx!(self)),
        };
        self.apply_outcome(outcome);
    }

    /// Hands a reply to the layer under the top window (the top one stays open).
    fn deliver_below(&mut self, reply: Reply) {
        let below = self.overlays.len().checked_sub(2);
        let outcome = match below {
            Some(index) => self.overlays[index].receive(reply, &super::ctx!(self)),
            None if self.overlays.is_empty() => return self.deliver(reply),
            None => self.screens.get_mut(self.screen).receive(reply, &super::ctx!(self)),
        };
        self.apply_outcome(outcome);
    }

    /// Applies a component's write, then reloads and tells the current screen which
    /// record was saved; a refused write from a form reopens the form with the reason.
    fn write(&mut self, write: Write, form: Option<crate::tui::form::Form>) {
        if self.worker.writing() {
            // Its copy is writing on a second connection: this one would wait for it.
            let problem = NEXT_YEAR_WRITING;
            match form {
                Some(mut form) => {
                    form.fail("", problem);
                    self.open(Overlay::form(form));
                }
                None => self.message = Some((MessageKind::Error, problem.to_string())),
            }
            return;
        }
        let head = self.store.log_head_id().ok();
        let applied = write.apply(&mut self.store, self.today);
        self.remember_write(head);
        match applied {
            Ok(written) => {
                self.after_write(Ok(written.message));
                let saved = Reply::Saved { id: written.id };
                let outcome = self.screens.get_mut(self.screen).receive(saved, &super::ctx!(self));
                self.apply_outcome(outcome);
            }
            Err(error) => match form {
                Some(mut form) => {
                    // A rule's refusal names the field to fix.
                    match error {
                        crate::store::StoreError::Refused { field, message } => form.fail(field, message),
                        other => form.fail("", other.to_string()),
                    }
                    self.open(Overlay::form(form));
                }
                None => self.after_write(Err(error)),
            },
        }
    }

    /// Starts slow work, unless some is already running (then says so, and false).
    pub(super) fn start_job(&mut self, job: Job) -> bool {
        let started = self.worker.start(job).is_ok();
        if !started {
            self.message = Some((
                MessageKind::Error,
                "Still working on the last export, key or file; wait for it to finish".to_string(),
            ));
        }
        started
    }

    /// Applies the result of finished slow work, if there is one; never waits. The event
    /// loop calls this between keys.
    pub fn poll_work(&mut self) {
        if let Some(done) = self.worker.poll() {
            self.finish_job(done);
        }
    }

    /// Waits for slow work to finish and applies its result (before quitting, and in
    /// tests).
    pub fn wait_for_work(&mut self) {
        if let Some(done) = self.worker.wait() {
            self.finish_job(done);
        }
    }

    /// Before quitting with work still running: the status bar says it is being finished.
    pub fn say_finishing(&mut self) {
        self.overlays.clear();
        self.message = Some((
            MessageKind::Info,
            "Finishing the work in progress, then quitting…".to_string(),
        ));
    }

    /// The running work's stage, for the status bar.
    pub fn work_status(&self) -> Option<String> {
        self.worker.status()
    }

    fn finish_job(&mut self, done: Done) {
        match done {
            // To the Report screen, which started it, wherever the user is now.
            done @ (Done::Exported(_) | Done::BinderWritten(_)) => {
                let outcome = self.screens.report.receive(Reply::Worked(done), &super::ctx!(self));
                self.apply_outcome(outcome);
            }
            Done::KeyMade(Ok(path), password) => {
                self.message = Some((MessageKind::Info, format!("Made the signing key {}", path.display())));
                self.send(Command::Reply(Reply::KeyMade { path, password }));
                self.run_queue();
            }
            Done::KeyMade(Err(problem), _) => match self.overlays.last_mut() {
                Some(Overlay::Form { form, .. }) => form.fail("key", problem),
                _ => self.message = Some((MessageKind::Error, problem)),
            },
            Done::AttachmentRead { path, result } => self.attachment_read(path, result),
            Done::NextYearStarted { result, head_before } => {
                // As after a write on this thread: undo can take it back, the screens
                // reload, and the one showing hears that something was saved.
                self.remember_write(head_before);
                match result {
                    Ok(line) => {
                        self.after_write(Ok(line));
                        let saved = Reply::Saved { id: None };
                        let outcome = self.screens.get_mut(self.screen).receive(saved, &super::ctx!(self));
                        self.apply_outcome(outcome);
                    }
                    Err(problem) => self.message = Some((MessageKind::Error, problem)),
                }
            }
            Done::CsvParsed { path, result } => {
                // For the import form still on top (its path unchanged): the screen under
                // it, which asked, saves it again with the file read.
                let waiting = matches!(
                    self.overlays.last(),
                    Some(Overlay::Form { form }) if std::path::Path::new(&form.text("path")) == path
                );
                if !waiting {
                    self.message = Some((
                        MessageKind::Error,
                        "The form was closed before the file was read; nothing was saved".to_string(),
                    ));
                    return;
                }
                self.deliver_below(Reply::Worked(Done::CsvParsed { path, result }));
            }
        }
    }

    /// A large attachment read on the worker for the Evidence screen's form: handed to
    /// the screen, which saves the form again with it, if that form is still the one
    /// window open over it; its problem shown on the form's field.
    fn attachment_read(&mut self, path: PathBuf, result: Result<Vec<u8>, String>) {
        let waiting = self.screen == crate::tui::screen::Screen::Evidence
            && self.overlays.len() == 1
            && matches!(self.overlays.last(), Some(Overlay::Form { .. }));
        let outcome = match (waiting, result) {
            (false, _) => Outcome::Ignored,
            (true, Err(problem)) => {
                if let Some(Overlay::Form { form, .. }) = self.overlays.last_mut() {
                    form.fail("attach", problem);
                }
                Outcome::Handled
            }
            (true, Ok(bytes)) => {
                let done = Done::AttachmentRead {
                    path,
                    result: Ok(bytes),
                };
                self.screens.evidence.receive(Reply::Worked(done), &super::ctx!(self))
            }
        };
        if matches!(outcome, Outcome::Ignored) {
            self.message = Some((
                MessageKind::Error,
                "The form was closed before the file was read; nothing was saved".to_string(),
            ));
        }
        self.apply_outcome(outcome);
    }
}
