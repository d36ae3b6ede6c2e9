//! The one queue every component's wishes go through, and the one place they are
//! applied. An overlay never changes the app itself: it returns an `Outcome`, whose
//! command lands here (`App::send`), and `run_queue` applies the commands in order
//! (a command may send more, for example a picker's choice opening the next picker).

use std::path::PathBuf;

use super::{App, FormTarget, MessageKind, PickPurpose};
use crate::domain::{InventoryPrompt, Labeled, PromptAnswer, PromptRecord};
use crate::tui::component::Outcome;
use crate::tui::overlays::{Confirm, Overlay, Reply};
use crate::tui::worker::{Done, Job};

/// Something a component asks the app to do.
pub enum Command {
    Quit,
    /// Push a window on the stack.
    Open(Overlay),
    /// Save the form on top of the stack (it is taken off; a refused one is put back).
    SubmitForm,
    /// A picker's choice, for what it was opened for.
    Picked {
        purpose: PickPurpose,
        chosen: Vec<String>,
    },
    /// Yes to a question: do what it asked about.
    Confirmed(Confirm),
    /// A key typed into the filter (or the safeguards' find).
    EditFilter(FilterEdit),
    /// The checklist's "yes": open an asset form for the question.
    AddForPrompt(InventoryPrompt),
    /// The checklist's "none here": record it.
    AnswerNone(InventoryPrompt),
    /// Make a signing key on the worker; its reply goes to the window below.
    MakeKey {
        dir: PathBuf,
        password: String,
    },
    /// Hand a result to the layer now on top: the top window, or the screen when none
    /// is open (the window that sent it has closed).
    Reply(Reply),
    /// Change the store; on success the snapshot is reloaded, every screen refreshed,
    /// and the current screen told `Reply::Saved`. A write from a form carries the form:
    /// if the store refuses, the form is put back open with the reason.
    Write {
        write: super::Write,
        form: Option<crate::tui::form::Form>,
    },
    /// A line for the status bar.
    Say(MessageKind, String),
    /// Start slow work on the worker (one at a time; a second is refused and said).
    StartJob(Job),
    /// Open the export form (the Report screen's `x`).
    OpenExport,
    /// F2 in a form: a list to choose the field's value from, opened over the form.
    PickForField {
        field: &'static str,
        current: String,
    },
}

/// A file read on the worker, waiting for the save of the form that asked for it.
pub enum ReadInput {
    Attachment {
        path: PathBuf,
        bytes: Vec<u8>,
    },
    Csv {
        path: PathBuf,
        table: crate::exchange::AssetTable,
    },
}

pub enum FilterEdit {
    Push(String),
    Pop,
    Clear,
}

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
            Command::Quit => self.quit = true,
            Command::Open(overlay) => self.open(overlay),
            Command::SubmitForm => self.submit_form(),
            Command::Picked { purpose, chosen } => self.finish_pick(purpose, &chosen),
            Command::Confirmed(confirm) => self.confirm(confirm),
            Command::EditFilter(edit) => {
                let mut text = self.filter_text();
                match edit {
                    FilterEdit::Push(more) => text.push_str(&more),
                    FilterEdit::Pop => {
                        text.pop();
                    }
                    FilterEdit::Clear => text.clear(),
                }
                self.set_filter_text(text);
            }
            Command::AddForPrompt(prompt) => self.open_asset_form(None, Some(prompt)),
            Command::AnswerNone(prompt) => {
                let record = PromptRecord {
                    prompt,
                    answer: PromptAnswer::NoneHere,
                    note: String::new(),
                };
                let assessment_id = self.workspace.assessment_id;
                let outcome = self.store.answer_prompt(assessment_id, &record);
                self.after_write(outcome.map(|()| format!("Recorded: no {}", prompt.label().to_lowercase())));
            }
            Command::MakeKey { dir, password } => {
                self.start_job(Job::MakeKey { dir, password });
            }
            Command::OpenExport => self.open_export(),
            Command::PickForField { field, current } => {
                // Its choice goes back to the form below as `Reply::Picked`.
                if let Some(picker) = crate::tui::screens::field_picker(field, &current, &self.workspace) {
                    self.open(Overlay::picker(picker));
                }
            }
            Command::Reply(reply) => self.deliver(reply),
            Command::Write { write, form } => self.write(write, form),
            Command::Say(kind, text) => self.message = Some((kind, text)),
            Command::StartJob(job) => {
                self.start_job(job);
            }
        }
    }

    /// Hands a reply to the layer now on top: the top window, or else the screen.
    pub(super) fn deliver(&mut self, reply: Reply) {
        let outcome = match self.overlays.last_mut() {
            Some(top) => top.receive(reply),
            None => match self.screens.get_mut(self.screen) {
                Some(screen) => screen.receive(reply, &super::ctx!(self)),
                None => Outcome::Ignored,
            },
        };
        self.apply_outcome(outcome);
    }

    /// Applies a component's write, then reloads and tells the current screen which
    /// record was saved; a refused write from a form reopens the form with the reason.
    fn write(&mut self, write: super::Write, form: Option<crate::tui::form::Form>) {
        match write.apply(&mut self.store, self.today) {
            Ok(written) => {
                self.after_write(Ok(written.message));
                if let Some(screen) = self.screens.get_mut(self.screen) {
                    let outcome = screen.receive(Reply::Saved { id: written.id }, &super::ctx!(self));
                    self.apply_outcome(outcome);
                }
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
            Done::Exported(Ok(published)) => {
                let recorded = match &published.sign_off {
                    Some(record) => self.store.record_sign_off(record).map(|_| ()),
                    None => Ok(()),
                };
                self.after_write(recorded.map(|()| published.summary()));
            }
            Done::Exported(Err(problem)) => {
                tracing::error!("{problem}");
                self.message = Some((MessageKind::Error, format!("Not exported: {problem}")));
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
            Done::AttachmentRead { path, result } => {
                let read = result.map(|bytes| ReadInput::Attachment { path, bytes });
                self.resume_form(read, "attach", |target| {
                    matches!(target, FormTarget::NewEvidence | FormTarget::EditEvidence(_))
                });
            }
            Done::CsvParsed { path, result } => {
                let read = result.map(|table| ReadInput::Csv { path, table });
                self.resume_form(read, "path", |target| target == FormTarget::ImportCsv);
            }
        }
    }

    /// A file read on the worker for the form on top: kept for its save, which is then
    /// run again (as if Enter), or its problem shown on the field. A form closed
    /// meanwhile gets nothing, and the status bar says so.
    fn resume_form(&mut self, read: Result<ReadInput, String>, field: &str, is_for: impl Fn(FormTarget) -> bool) {
        let Some(Overlay::Form { form, target }) = self.overlays.last_mut() else {
            self.message = Some((
                MessageKind::Error,
                "The form was closed before the file was read; nothing was saved".to_string(),
            ));
            return;
        };
        if !target.is_some_and(is_for) {
            self.message = Some((
                MessageKind::Error,
                "The form was closed before the file was read; nothing was saved".to_string(),
            ));
            return;
        }
        match read {
            Ok(input) => {
                self.read_input = Some(input);
                self.send(Command::SubmitForm);
                self.run_queue();
            }
            Err(problem) => form.fail(field, problem),
        }
    }
}
