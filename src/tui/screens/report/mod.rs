//! The report screen: a scrollable preview of the report built from the same model as the
//! exported files, which `]` and `[` move through a section at a time and `c` lists the
//! sections of (the contents), and `x` to export (and sign) from here. A component: it owns the
//! preview and how far it is scrolled, its keys and its drawing, and the export: its
//! form, the key maker opened over the form when the key file is missing (the key made
//! is handed back to the form, which is saved again), the export started on the worker
//! and its result (the sign-off recorded). The preview is made from the store when the
//! screen is opened and after each write while it is shown (`refresh`), not for writes
//! made elsewhere: at the large sample it takes a noticeable moment.

pub mod form;
mod view;
pub mod writes;

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::publish::Published;
use crate::tui::component::{Component, Ctx, Outcome};
use crate::tui::form::Form;
use crate::tui::keys::{Action, KeyHint, Scope, action_on_screen, keys_for, screen_hints};
use crate::tui::overlays::{Confirm, KeyGen, Overlay};
use crate::tui::picker::{PickRow, Picker};
use crate::tui::protocol::{Command, MessageKind, Reply, Write};
use crate::tui::screen::Screen;
use crate::tui::widgets::hanging;
use crate::tui::worker::{Done, Job};
use view::{LineKind, PreviewLine};
use writes::ReportWrite;

/// Lines moved by Page Up and Page Down.
const PAGE: usize = 10;

pub struct ReportScreen {
    /// The preview's lines, or why there is none (a broken change log, say).
    pub preview: Result<Vec<PreviewLine>, String>,
    /// The first line shown: the preview scrolls a line at a time.
    top: usize,
    /// The export form is open (or waiting below the key maker).
    exporting: bool,
    /// Existing files the export would replace, asked about over the form.
    replacing: Option<Vec<std::path::PathBuf>>,
    /// Those files, agreed to (yes): the form's next save replacing them goes ahead.
    replace_ok: Option<Vec<std::path::PathBuf>>,
    /// The contents list is open: its choice is a section to go to.
    choosing_section: bool,
    /// The audit binder's form is open.
    binding: bool,
}

impl Default for ReportScreen {
    fn default() -> ReportScreen {
        ReportScreen {
            preview: Ok(Vec::new()),
            top: 0,
            exporting: false,
            replacing: None,
            replace_ok: None,
            choosing_section: false,
            binding: false,
        }
    }
}

impl ReportScreen {
    /// A fresh preview (after a write, or on opening the screen); the scroll stays.
    fn set_preview(&mut self, preview: Result<Vec<PreviewLine>, String>) {
        self.preview = preview;
        self.top = self.top.min(self.len().saturating_sub(1));
    }

    pub fn len(&self) -> usize {
        self.preview.as_ref().map_or(0, Vec::len)
    }

    pub fn top(&self) -> usize {
        self.top
    }

    /// One of its actions by name (`App::update`); Ignored for the app's own.
    fn scroll(&mut self, action: Action) -> Outcome {
        let last = self.len().saturating_sub(1);
        self.top = match action {
            Action::Up => self.top.saturating_sub(1),
            Action::Down => (self.top + 1).min(last),
            Action::PageUp => self.top.saturating_sub(PAGE),
            Action::PageDown => (self.top + PAGE).min(last),
            Action::Top => 0,
            Action::Bottom => last,
            Action::NextSection => self
                .sections()
                .into_iter()
                .find(|&line| line > self.top)
                .unwrap_or(self.top),
            Action::PreviousSection => self
                .sections()
                .into_iter()
                .rev()
                .find(|&line| line < self.top)
                .unwrap_or(0),
            _ => return Outcome::Ignored,
        };
        Outcome::Handled
    }

    /// The lines where the preview's sections begin: its headings with text.
    fn sections(&self) -> Vec<usize> {
        self.preview.as_ref().map_or(Vec::new(), |lines| {
            lines
                .iter()
                .enumerate()
                .filter(|(_, line)| line.kind == LineKind::Heading && !line.text.trim().is_empty())
                .map(|(index, _)| index)
                .collect()
        })
    }

    /// The contents: a list of the sections, Enter goes to the one chosen.
    fn open_contents(&mut self) -> Outcome {
        let Ok(lines) = &self.preview else {
            return Outcome::Handled;
        };
        let rows = self
            .sections()
            .into_iter()
            .map(|index| PickRow::new(index.to_string(), lines[index].text.trim(), ""))
            .collect();
        let picker = Picker::new(
            "Contents",
            format!(
                "The report's sections: {} goes to the one under the cursor; type to find one.",
                keys_for(Scope::Picker, Action::Save)
            ),
            rows,
            false,
        );
        self.choosing_section = true;
        Outcome::Send(Command::Open(Overlay::picker(picker)))
    }

    /// The export form, on the paper last used, saving next to the workspace.
    fn open_export(&mut self, ctx: &Ctx) -> Outcome {
        let paper = crate::publish::remembered_paper(ctx.store).unwrap_or(crate::report::Paper::Letter);
        let form = form::export_form(&default_report_path(ctx), &default_key_path(), paper);
        self.exporting = true;
        self.replace_ok = None;
        // A contents list closed with Esc left its flag: no list is open now.
        self.choosing_section = false;
        Outcome::Send(Command::Open(Overlay::form(form)))
    }

    /// The export form's Enter: a missing key is offered to be made first (a window over
    /// the form, which signs once the key exists); the checks and the key's password are
    /// tried at once, so a refusal keeps the form open on its field; the rendering and
    /// writing then run on the worker while the user goes on working.
    fn submit_export(&mut self, form: Form, ctx: &Ctx) -> Outcome {
        let request = match form::export_from_form(&form, ctx.today) {
            Ok(request) => request,
            Err((field, problem)) => return refuse(form, field, problem),
        };
        if ctx.busy {
            return refuse(
                form,
                "output",
                "an export or a key is still being made; wait for it to finish".to_string(),
            );
        }
        if let Some(source) = &request.sign
            && !source.path.exists()
        {
            let keygen = KeyGen::new(&source.path.display().to_string());
            return Outcome::Send(Command::Many(vec![
                Command::Open(Overlay::form(form)),
                Command::Open(Overlay::KeyGen(keygen)),
            ]));
        }
        // Replacing a report (a signed one, say) is asked first, over the form.
        let existing: Vec<_> = export_targets(&request)
            .into_iter()
            .filter(|path| path.is_file())
            .collect();
        if !existing.is_empty() && self.replace_ok.as_ref() != Some(&existing) {
            let mut lines = vec!["These files exist; the export would replace them:".to_string()];
            lines.extend(existing.iter().map(|path| format!("  {}", path.display())));
            self.replacing = Some(existing);
            let question = Confirm::over_form("Replace the report?", lines);
            return Outcome::Send(Command::Many(vec![
                Command::Open(Overlay::form(form)),
                Command::Open(Overlay::Confirm(question)),
            ]));
        }
        match crate::publish::prepare(ctx.store, &request) {
            Ok(prepared) => {
                self.exporting = false;
                self.replace_ok = None;
                let mut commands = Vec::new();
                if crate::publish::remembered_paper(ctx.store).ok() != Some(request.paper) {
                    commands.push(Command::Write {
                        write: Write::new(ReportWrite::RememberPaper(request.paper)),
                        form: None,
                    });
                }
                commands.push(Command::Say(MessageKind::Info, "Exporting the report…".to_string()));
                commands.push(Command::StartJob(Job::Export(Box::new(prepared))));
                Outcome::Send(Command::Many(commands))
            }
            Err(error) => {
                let message = format!("{error:#}");
                // A refused draft is about the choice, not the password.
                let field = if message.contains("is a DRAFT") {
                    "sign"
                } else if request.sign.is_some() {
                    "password"
                } else {
                    "output"
                };
                refuse(form, field, message)
            }
        }
    }
}

impl ReportScreen {
    /// The audit binder's form, saving next to the workspace.
    fn open_binder(&mut self, ctx: &Ctx) -> Outcome {
        self.binding = true;
        self.exporting = false;
        self.choosing_section = false;
        let form = form::binder_form(&default_binder_path(ctx), &default_key_path());
        Outcome::Send(Command::Open(Overlay::form(form)))
    }

    /// The binder form's Enter: the path and the key (its password tried at once, so a
    /// refusal keeps the form open on its field); the binder is then written on the worker,
    /// through a reader connection of its own, while the user goes on working.
    fn submit_binder(&mut self, form: Form, ctx: &Ctx) -> Outcome {
        let choice = match form::binder_from_form(&form) {
            Ok(choice) => choice,
            Err((field, problem)) => return refuse(form, field, problem),
        };
        if ctx.busy {
            return refuse(
                form,
                "output",
                "an export or a key is still being made; wait for it to finish".to_string(),
            );
        }
        if let Err(error) = crate::binder::check_output(ctx.store, &choice.output) {
            return refuse(form, "output", format!("{error:#}"));
        }
        if choice.output.is_file() {
            return refuse(
                form,
                "output",
                format!("{} exists; choose another name", choice.output.display()),
            );
        }
        let key = match &choice.sign {
            Some(source) => match crate::signing::load(&source.path, source.password.clone()) {
                Ok(key) => Some(key),
                Err(error) => {
                    // A missing key is the key field's problem; anything else, the password's.
                    let field = if source.path.is_file() { "password" } else { "key" };
                    return refuse(form, field, format!("{error:#}"));
                }
            },
            None => None,
        };
        self.binding = false;
        let request = crate::binder::Request {
            output: choice.output,
            assessment: None,
            date: ctx.today,
            key,
        };
        Outcome::Send(Command::Many(vec![
            Command::Say(MessageKind::Info, "Writing the audit binder…".to_string()),
            Command::StartJob(Job::Binder {
                workspace: ctx.store.path().to_path_buf(),
                request: Box::new(request),
            }),
        ]))
    }
}

/// Next to the workspace: `clinic.hra` gives `clinic-binder.zip` beside it.
fn default_binder_path(ctx: &Ctx) -> String {
    let path = ctx.store.path();
    let stem = path
        .file_stem()
        .map_or_else(|| "workspace".into(), |stem| stem.to_string_lossy().into_owned());
    let dir = path.parent().unwrap_or(std::path::Path::new("."));
    dir.join(format!("{stem}-binder.zip")).display().to_string()
}

/// What the binder job did, in the status bar.
fn binder_written(result: Result<String, String>) -> Outcome {
    match result {
        Ok(summary) => Outcome::Send(Command::Say(MessageKind::Info, summary)),
        Err(problem) => {
            tracing::error!("{problem}");
            Outcome::Send(Command::Say(
                MessageKind::Error,
                format!("No binder written: {problem}"),
            ))
        }
    }
}

/// The files an export writes (as `publish` names them), to ask before replacing any.
fn export_targets(request: &crate::publish::Request) -> Vec<std::path::PathBuf> {
    use crate::publish::Format;
    let Some(output) = request.output.clone() else {
        return Vec::new();
    };
    match request.format {
        Format::Pdf | Format::Json => {
            let mut targets = vec![output.clone()];
            if request.sign.is_some() {
                targets.push(crate::signing::signature_path(&output));
            }
            targets
        }
        Format::Csv => {
            let base = output.to_string_lossy().trim_end_matches(".csv").to_string();
            vec![format!("{base}-register.csv").into(), format!("{base}-plan.csv").into()]
        }
    }
}

/// The form put back open, a field failed.
fn refuse(form: Form, field: &'static str, problem: String) -> Outcome {
    Outcome::refuse(form, (field, problem))
}

/// What an export did: a signed one's sign-off is recorded; a failure is said.
fn exported(result: Result<Box<Published>, String>) -> Outcome {
    match result {
        Ok(published) if published.pending.is_some() => Outcome::Send(Command::Write {
            write: Write::new(ReportWrite::RecordSignOff(published)),
            form: None,
        }),
        Ok(published) => Outcome::Send(Command::Say(MessageKind::Info, published.summary())),
        Err(problem) => {
            tracing::error!("{problem}");
            Outcome::Send(Command::Say(MessageKind::Error, format!("Not exported: {problem}")))
        }
    }
}

/// Next to the workspace: `clinic.hra` gives `clinic-report.pdf` beside it.
fn default_report_path(ctx: &Ctx) -> String {
    let path = ctx.store.path();
    let stem = crate::publish::default_stem(path);
    let dir = path.parent().unwrap_or(std::path::Path::new("."));
    dir.join(format!("{stem}.pdf")).display().to_string()
}

fn default_key_path() -> String {
    crate::paths::config_dir()
        .map(|dir| dir.join(crate::signing::SECRET_KEY_FILE).display().to_string())
        .unwrap_or_default()
}

impl Component for ReportScreen {
    fn cursor(&self) -> usize {
        self.top()
    }

    fn row_count(&self, _ctx: &Ctx) -> usize {
        self.len()
    }

    fn keys(&self) -> Vec<KeyHint> {
        screen_hints(Screen::Report)
    }

    fn handle(&mut self, key: KeyEvent, ctx: &Ctx) -> Outcome {
        action_on_screen(Screen::Report, key).map_or(Outcome::Ignored, |action| self.act(action, ctx))
    }

    fn act(&mut self, action: Action, ctx: &Ctx) -> Outcome {
        match action {
            Action::Export => {
                self.binding = false;
                self.open_export(ctx)
            }
            Action::Binder => self.open_binder(ctx),
            Action::Contents => self.open_contents(),
            action => self.scroll(action),
        }
    }

    fn refresh(&mut self, ctx: &Ctx) {
        if ctx.screen == Screen::Report {
            // Through the same model the exported files use.
            let preview = crate::publish::model(ctx.store, ctx.today, None)
                .map(|model| view::preview(&model))
                .map_err(|error| format!("{error:#}"));
            self.set_preview(preview);
        }
    }

    fn receive(&mut self, reply: Reply, ctx: &Ctx) -> Outcome {
        match reply {
            Reply::Submitted(form) if self.binding => self.submit_binder(form, ctx),
            Reply::Submitted(form) if self.exporting => self.submit_export(form, ctx),
            Reply::Worked(Done::BinderWritten(result)) => binder_written(result),
            // Yes to replacing the files, asked over the form: save it again.
            Reply::Confirmed { .. } if self.replacing.is_some() => {
                self.replace_ok = self.replacing.take();
                Outcome::Send(Command::SubmitForm)
            }
            Reply::Worked(Done::Exported(result)) => exported(result),
            Reply::Chosen(keys) if self.choosing_section => {
                self.choosing_section = false;
                if let Some(line) = keys.first().and_then(|key| key.parse::<usize>().ok()) {
                    self.top = line.min(self.len().saturating_sub(1));
                }
                Outcome::Handled
            }
            _ => Outcome::Ignored,
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = ctx.theme;
        let lines = match &self.preview {
            Ok(lines) => lines,
            Err(problem) => {
                frame.render_widget(
                    Paragraph::new(problem.as_str())
                        .style(theme.error())
                        .wrap(ratatui::widgets::Wrap { trim: true }),
                    area,
                );
                return;
            }
        };
        // Each line wraps at the width (its indentation kept), so nothing runs off the edge.
        let height = usize::from(area.height);
        let width = usize::from(area.width);
        let start = self.top.min(lines.len().saturating_sub(height));
        let mut shown: Vec<Line> = Vec::with_capacity(height);
        for line in lines.iter().skip(start) {
            if shown.len() >= height {
                break;
            }
            let style = match line.kind {
                LineKind::Heading => theme.heading(),
                LineKind::Text => ratatui::style::Style::new(),
                LineKind::Dim => theme.dim(),
                LineKind::Warning => theme.warning(),
            };
            let indent = line.text.chars().take_while(|c| *c == ' ').count();
            // A bullet's text lines up under the text, not the bullet.
            let hang = indent + if line.text[indent..].starts_with("• ") { 2 } else { 0 };
            let lead = vec![ratatui::text::Span::raw(" ".repeat(indent))];
            shown.extend(hanging(lead, indent, &line.text, style, hang, width));
        }
        shown.truncate(height);
        frame.render_widget(Paragraph::new(shown), area);
    }
}
