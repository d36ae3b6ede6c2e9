//! Making a signing key from the export dialog, when none exists: a folder and a password
//! typed twice (masked). On Enter it starts the making of the key on the worker (scrypt
//! is slow on purpose); the app hands "key made" back to the export form below, which
//! signs with it.

use std::path::PathBuf;

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use crate::tui::component::{Component, Ctx, Outcome};
use crate::tui::form::{Field, Form, FormEvent};
use crate::tui::keys::{KeyHint, Scope, scope_hints};
use crate::tui::protocol::{Command, Reply};
use crate::tui::worker::Job;

/// Shorter passwords are refused: the key signs the practice's risk analysis.
const SHORTEST_PASSWORD: usize = 8;

pub struct KeyGen {
    pub form: Form,
}

impl KeyGen {
    /// The form for a key to be made where the export form expects it (`key_path`).
    pub fn new(key_path: &str) -> KeyGen {
        let folder = std::path::Path::new(key_path)
            .parent()
            .map_or_else(String::new, |dir| dir.display().to_string());
        let fields = vec![
            Field::text("folder", "Key folder", &folder).with_help(
                "The signing key is made here (hipaa-ra.key, kept private, and hipaa-ra.pub to give to \
                 whoever checks the report).",
            ),
            Field::secret("password", "Password").with_help(format!(
                "At least {SHORTEST_PASSWORD} characters. It is asked each time you sign; it cannot be recovered."
            )),
            Field::secret("again", "Password again").with_help("The same password, to be sure of it."),
        ];
        KeyGen {
            form: Form::new("No signing key yet: make one", fields),
        }
    }

    /// The request, or the field to fix and why.
    fn request(&self) -> Result<(PathBuf, String), (&'static str, String)> {
        let folder = self.form.text("folder");
        if folder.trim().is_empty() {
            return Err(("folder", "name the folder for the key".to_string()));
        }
        let password = self.form.text("password");
        if password.chars().count() < SHORTEST_PASSWORD {
            return Err((
                "password",
                format!("the password needs at least {SHORTEST_PASSWORD} characters"),
            ));
        }
        if self.form.text("again") != password {
            return Err(("again", "the two passwords differ; type it again".to_string()));
        }
        Ok((PathBuf::from(folder.trim()), password))
    }
}

impl Component for KeyGen {
    fn keys(&self) -> Vec<KeyHint> {
        scope_hints(Scope::Form)
    }

    fn handle(&mut self, key: KeyEvent, _ctx: &Ctx) -> Outcome {
        match self.form.handle_key(key) {
            // The key maker's fields have no lists, and it has no guidance.
            FormEvent::Continue | FormEvent::Pick(_) | FormEvent::Guidance => Outcome::Handled,
            FormEvent::Cancel => Outcome::Close,
            FormEvent::AskDiscard => super::ask_discard(),
            FormEvent::Save => match self.request() {
                Ok((dir, password)) => Outcome::CloseWith(Command::StartJob(Job::MakeKey { dir, password })),
                Err((field, problem)) => {
                    self.form.fail(field, problem);
                    Outcome::Handled
                }
            },
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        self.form.draw(frame, area, ctx.theme);
    }

    /// Yes to "Discard changes?" asked over it: it closes, what was typed lost.
    fn receive(&mut self, reply: Reply, _ctx: &Ctx) -> Outcome {
        match reply {
            Reply::Confirmed { .. } => Outcome::Close,
            _ => Outcome::Ignored,
        }
    }

    fn paste(&mut self, text: &str, _ctx: &Ctx) -> Outcome {
        self.form.paste(text);
        Outcome::Handled
    }
}
