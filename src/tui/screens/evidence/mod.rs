//! Evidence records: what shows a safeguard is operating, with review dates. A
//! component: it owns its cursor and what it asked (a record's form, its links, saving
//! its file out, a deletion), and a large attachment the worker read for the form
//! waiting open; it turns the answers into store writes.

pub mod form;
pub mod writes;

use std::path::{Path, PathBuf};

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row};

use crate::domain::{Evidence, EvidenceKind, EvidenceLink, Id, Labeled, LinkTarget};
use crate::tui::component::{Component, Ctx, Outcome};
use crate::tui::editors::FieldProblem;
use crate::tui::form::Form;
use crate::tui::keys::{Action, KeyHint, Scope, action_on_screen, keys_for, screen_hints};
use crate::tui::list_cursor::ListCursor;
use crate::tui::overlays::{Confirm, Overlay};
use crate::tui::picker::{PickRow, Picker};
use crate::tui::protocol::{Command, MessageKind, Reply, Target, Write};
use crate::tui::screen::Screen;
use crate::tui::widgets::{WindowedTable, clip, empty_state, fill_width, wrap};
use crate::tui::worker::{Done, Job};
use writes::EvidenceWrite;

/// Files larger than this are better kept outside and referenced by location.
const LARGEST_STORED_FILE: u64 = 100 * 1024 * 1024;

/// What the screen asked in the window it opened, to act on the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Asked {
    /// The record's form: a new record (0) or this one.
    Form(Id),
    Links(Id),
    /// Where to save this record's stored file.
    SaveOut(Id),
    Delete(Id),
}

#[derive(Default)]
pub struct EvidenceScreen {
    cursor: ListCursor,
    asked: Option<Asked>,
    /// A large file the worker read for the form waiting open: used by its next save
    /// if the form still attaches that file.
    read: Option<(PathBuf, Vec<u8>)>,
}

impl EvidenceScreen {
    pub fn cursor(&self) -> usize {
        self.cursor.row()
    }

    fn selected<'a>(&self, ctx: &Ctx<'a>) -> Option<&'a Evidence> {
        ctx.workspace.evidence.get(self.cursor.row())
    }

    fn select(&mut self, id: Id, ctx: &Ctx) -> bool {
        let records = &ctx.workspace.evidence;
        match records.iter().position(|record| record.id == id) {
            Some(row) => {
                self.cursor.select(row, records.len());
                true
            }
            None => false,
        }
    }

    fn open_form(&mut self, evidence: Option<&Evidence>, ctx: &Ctx) -> Outcome {
        let form = match evidence {
            Some(evidence) => form::evidence_form("Edit evidence", evidence, &ctx.workspace.people),
            None => {
                let blank = Evidence {
                    kind: EvidenceKind::Policy,
                    dated: Some(ctx.today),
                    review_cycle_months: Some(12),
                    ..blank_evidence()
                };
                form::evidence_form("Add an evidence record", &blank, &ctx.workspace.people)
            }
        };
        self.asked = Some(Asked::Form(evidence.map_or(0, |evidence| evidence.id)));
        self.read = None;
        Outcome::Send(Command::Open(Overlay::form(form)))
    }

    fn open_link_picker(&mut self, evidence: &Evidence, ctx: &Ctx) -> Outcome {
        let linked = |target: LinkTarget, reference: &str| {
            evidence
                .links
                .iter()
                .any(|link| link.target == target && link.target_ref == reference)
        };
        let mut rows: Vec<PickRow> = ctx
            .catalog
            .items
            .iter()
            .map(|item| {
                PickRow::new(
                    link_key(LinkTarget::Safeguard, &item.citation),
                    &item.name,
                    &item.citation,
                )
                .checked(linked(LinkTarget::Safeguard, &item.citation))
            })
            .collect();
        rows.extend(ctx.workspace.risks.iter().map(|risk| {
            let reference = risk.id.to_string();
            PickRow::new(
                link_key(LinkTarget::Risk, &reference),
                &risk.threat,
                format!("risk {reference}"),
            )
            .checked(linked(LinkTarget::Risk, &reference))
        }));
        rows.extend(ctx.workspace.actions.iter().map(|action| {
            let reference = action.id.to_string();
            PickRow::new(
                link_key(LinkTarget::Action, &reference),
                &action.title,
                format!("action {reference}"),
            )
            .checked(linked(LinkTarget::Action, &reference))
        }));
        let picker = Picker::new(
            format!("Link: {}", evidence.title),
            "Tick the safeguard items, risks and actions this record supports.",
            rows,
            true,
        );
        self.asked = Some(Asked::Links(evidence.id));
        Outcome::Send(Command::Open(Overlay::picker(picker)))
    }

    fn open_save_out(&mut self, evidence: &Evidence, ctx: &Ctx) -> Outcome {
        let Some(file) = &evidence.file else {
            return Outcome::Send(Command::Say(
                MessageKind::Info,
                format!(
                    "{} has no stored file; press {} to attach one",
                    evidence.title,
                    key(Action::Edit)
                ),
            ));
        };
        let dir = ctx.store.path().parent().unwrap_or(Path::new("."));
        // Only the name's last part: a stored name with folders in it (from an old
        // import) must not lead the default outside the folder.
        let name = Path::new(&file.file_name)
            .file_name()
            .map_or_else(|| "evidence".into(), |name| name.to_string_lossy().into_owned());
        let default = dir.join(name).display().to_string();
        self.asked = Some(Asked::SaveOut(evidence.id));
        Outcome::Send(Command::Open(Overlay::form(form::save_file_form(evidence, &default))))
    }

    fn ask_delete(&mut self, evidence: &Evidence) -> Outcome {
        let mut lines = vec![format!("Delete \"{}\"?", evidence.title)];
        if let Some(file) = &evidence.file {
            lines.push(format!(
                "Its stored file {} goes too; save it out first ({}) if you need it.",
                file.file_name,
                key(Action::SaveOut)
            ));
        }
        lines.push("The change log keeps a record of what it was.".to_string());
        self.asked = Some(Asked::Delete(evidence.id));
        Outcome::Send(Command::Open(Overlay::Confirm(Confirm::new("Delete evidence", lines))))
    }

    /// The record's form saved: checked, its file read (a large one on the worker, the
    /// form waiting open meanwhile), then written.
    fn save_form(&mut self, mut form: Form, id: Id, ctx: &Ctx) -> Outcome {
        let refuse = Outcome::refuse;
        let base = if id == 0 {
            blank_evidence()
        } else {
            match ctx.workspace.evidence.iter().find(|record| record.id == id) {
                Some(record) => record.clone(),
                None => return refuse(form, ("", "the record is gone".to_string())),
            }
        };
        let edit = match form::evidence_from_form(&form, &base, &ctx.workspace.people) {
            Ok(edit) => edit,
            Err(problem) => return refuse(form, problem),
        };
        let file = match edit.attach.as_deref() {
            None => None,
            Some(path) => match self.read.take() {
                // Read on the worker for this save.
                Some((read, bytes)) if read == path => Some((attachment_name(path), bytes)),
                _ if crate::tui::worker::is_large(path) => {
                    if ctx.busy {
                        let problem = format!(
                            "other work is running; press {} again once it is done",
                            keys_for(Scope::Form, Action::Save)
                        );
                        return refuse(form, ("attach", problem));
                    }
                    form.fail(
                        "attach",
                        format!("Reading {} in the background: saved once read", path.display()),
                    );
                    let job = Job::ReadAttachment {
                        path: path.to_path_buf(),
                        limit: LARGEST_STORED_FILE,
                    };
                    return Outcome::Send(Command::Many(vec![
                        Command::Open(Overlay::form(form)),
                        Command::StartJob(job),
                    ]));
                }
                _ => match read_attachment(path) {
                    Ok(file) => Some(file),
                    Err(problem) => return refuse(form, problem),
                },
            },
        };
        Outcome::Send(Command::Write {
            write: Write::new(EvidenceWrite::Save {
                evidence: edit.evidence,
                file,
            }),
            form: Some(form),
        })
    }
}

fn blank_evidence() -> Evidence {
    Evidence {
        id: 0,
        title: String::new(),
        kind: EvidenceKind::Other,
        dated: None,
        owner_id: None,
        review_cycle_months: None,
        location: String::new(),
        file: None,
        links: Vec::new(),
    }
}

/// The keys of an action on this screen, to name them in a sentence.
fn key(action: Action) -> &'static str {
    keys_for(Scope::Screen(Screen::Evidence), action)
}

impl Component for EvidenceScreen {
    fn cursor(&self) -> usize {
        self.cursor()
    }

    fn row_count(&self, ctx: &Ctx) -> usize {
        ctx.workspace.evidence.len()
    }

    fn keys(&self) -> Vec<KeyHint> {
        screen_hints(Screen::Evidence)
    }

    fn handle(&mut self, key: KeyEvent, ctx: &Ctx) -> Outcome {
        action_on_screen(Screen::Evidence, key).map_or(Outcome::Ignored, |action| self.act(action, ctx))
    }

    fn act(&mut self, action: Action, ctx: &Ctx) -> Outcome {
        if self.cursor.act(action, ctx.workspace.evidence.len()) {
            return Outcome::Handled;
        }
        let selected = self.selected(ctx);
        match (action, selected) {
            (Action::Add, _) => self.open_form(None, ctx),
            (Action::Edit, Some(evidence)) => self.open_form(Some(evidence), ctx),
            (Action::Link, Some(evidence)) => self.open_link_picker(evidence, ctx),
            (Action::SaveOut, Some(evidence)) => self.open_save_out(evidence, ctx),
            (Action::Delete, Some(evidence)) => self.ask_delete(evidence),
            (Action::Edit | Action::Link | Action::SaveOut | Action::Delete, None) => Outcome::Handled,
            _ => Outcome::Ignored,
        }
    }

    fn receive(&mut self, reply: Reply, ctx: &Ctx) -> Outcome {
        match (reply, self.asked) {
            (Reply::Submitted(form), Some(Asked::Form(id))) => self.save_form(form, id, ctx),
            (Reply::Submitted(form), Some(Asked::SaveOut(id))) => match form::save_path(&form) {
                Ok(path) => Outcome::save(form, Ok(Write::new(EvidenceWrite::SaveFileOut { id, path }))),
                Err(problem) => Outcome::refuse(form, problem),
            },
            (Reply::Chosen(keys), Some(Asked::Links(id))) => {
                let links: Vec<EvidenceLink> = keys.iter().filter_map(|key| parse_link_key(key)).collect();
                Outcome::Send(Command::Write {
                    write: Write::new(EvidenceWrite::Links { id, links }),
                    form: None,
                })
            }
            (Reply::Confirmed { .. }, Some(Asked::Delete(id))) => Outcome::Send(Command::Write {
                write: Write::new(EvidenceWrite::Delete(id)),
                form: None,
            }),
            // The large attachment of the form waiting open: saved again, with it.
            (
                Reply::Worked(Done::AttachmentRead {
                    path,
                    result: Ok(bytes),
                }),
                Some(Asked::Form(_)),
            ) => {
                self.read = Some((path, bytes));
                Outcome::Send(Command::SubmitForm)
            }
            (Reply::Saved { id: Some(id) }, _) => {
                self.select(id, ctx);
                Outcome::Handled
            }
            (Reply::Select(Target::Evidence(id)), _) if self.select(id, ctx) => Outcome::Handled,
            _ => Outcome::Ignored,
        }
    }

    fn refresh(&mut self, ctx: &Ctx) {
        self.cursor.clamp(ctx.workspace.evidence.len());
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        draw(frame, area, ctx, self.cursor.row());
    }
}

fn link_key(target: LinkTarget, reference: &str) -> String {
    format!("{}:{reference}", target.key())
}

fn parse_link_key(key: &str) -> Option<EvidenceLink> {
    let (target, reference) = key.split_once(':')?;
    Some(EvidenceLink {
        target: LinkTarget::from_key(target)?,
        target_ref: reference.to_string(),
    })
}

/// Reads a file to attach: its name (without folders) and bytes, or a problem for the
/// form's attach field. Only a regular file: a pipe or a device would hang the TUI.
fn read_attachment(path: &Path) -> Result<(String, Vec<u8>), FieldProblem> {
    let bytes = crate::input::read_regular_file(path, LARGEST_STORED_FILE, "; note where it is kept instead")
        .map_err(|problem| ("attach", problem))?;
    Ok((attachment_name(path), bytes))
}

/// The name an attachment is stored under: the file's name without its folders.
fn attachment_name(path: &Path) -> String {
    path.file_name()
        .map_or_else(|| "attachment".to_string(), |name| name.to_string_lossy().into_owned())
}

fn draw(frame: &mut Frame, area: Rect, ctx: &Ctx, selected: usize) {
    let theme = ctx.theme;
    let records = &ctx.workspace.evidence;
    if records.is_empty() {
        let press = format!("Press {} to add the first one.", key(Action::Add));
        empty_state(
            frame,
            area,
            theme,
            "No evidence yet",
            &[
                "Evidence records are the policies, training logs, access reviews, incident records,",
                "agreements and backup tests that show the program operates, each with a review cycle",
                "and, if you like, the file itself stored inside the workspace with its SHA-256.",
                "",
                &press,
            ],
        );
        return;
    }
    let overdue = records
        .iter()
        .filter(|record| record.is_review_overdue_among(&ctx.workspace.evidence, ctx.today))
        .count();
    // The detail takes the lines it needs, wrapped (a SHA-256 alone is 64 columns), up to six.
    let detail_lines = records.get(selected).map_or(0, |record| {
        detail(ctx, record)
            .iter()
            .map(|line| wrap(&line.to_string(), usize::from(area.width)).len())
            .sum::<usize>()
    });
    let [summary_area, table_area, detail_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(detail_lines.clamp(4, 6) as u16),
    ])
    .areas(area);
    let style = if overdue > 0 { theme.warning() } else { theme.dim() };
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::raw(format!("{} records, ", records.len())),
            Span::styled(format!("{overdue} overdue for review"), style),
        ])),
        summary_area,
    );
    let wide = area.width >= 100;
    let (header, widths): (Vec<&str>, &[Constraint]) = if wide {
        (
            vec!["Title", "Kind", "Owner", "Dated", "Review due", "Links", "File"],
            &[
                Constraint::Fill(1),
                Constraint::Length(16),
                Constraint::Length(16),
                Constraint::Length(10),
                Constraint::Length(15),
                Constraint::Length(5),
                Constraint::Length(8),
            ],
        )
    } else {
        (
            vec!["Title", "Kind", "Review due", "Links", "File"],
            &[
                Constraint::Fill(1),
                Constraint::Length(12),
                Constraint::Length(15),
                Constraint::Length(5),
                Constraint::Length(7),
            ],
        )
    };
    // The title's share of the row ("…" marks a long one; the detail below shows it whole).
    let title_width = fill_width(table_area.width, widths);
    WindowedTable {
        header: Row::new(header),
        widths,
        count: records.len(),
        selected,
        theme,
    }
    .draw(frame, table_area, |index| {
        let record = &records[index];
        let due = record.review_due().map_or("-".to_string(), |date| date.to_string());
        // Flagged in words as well as colour, so a monochrome terminal shows it too.
        let due = if record.is_review_overdue_among(&ctx.workspace.evidence, ctx.today) {
            Cell::from(Span::styled(format!("{due} DUE"), theme.warning()))
        } else {
            Cell::from(due)
        };
        let mut cells = vec![
            Cell::from(clip(&record.title, title_width)),
            Cell::from(clip(&record.kind.to_string(), if wide { 16 } else { 12 })),
        ];
        if wide {
            cells.push(Cell::from(clip(ctx.workspace.person_name(record.owner_id), 16)));
            cells.push(Cell::from(
                record.dated.map_or("-".to_string(), |date| date.to_string()),
            ));
        }
        cells.push(due);
        cells.push(Cell::from(record.links.len().to_string()));
        cells.push(Cell::from(
            record.file.as_ref().map_or(String::new(), |file| size(file.size)),
        ));
        Row::new(cells)
    });
    if let Some(record) = records.get(selected) {
        // Wrapped here the same way as counted above, so no word is cut at the edge.
        let width = usize::from(detail_area.width);
        let lines: Vec<Line> = detail(ctx, record)
            .into_iter()
            .flat_map(|line| {
                let style = line.spans.last().map_or(line.style, |span| span.style);
                wrap(&line.to_string(), width)
                    .into_iter()
                    .map(move |part| Line::styled(part, style))
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), detail_area);
    }
}

fn detail(ctx: &Ctx, record: &Evidence) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    let mut lines = vec![Line::from(vec![
        Span::styled(record.title.clone(), theme.heading()),
        Span::styled(
            format!(
                "  {} · {} · {}",
                record.kind,
                match record.owner_id {
                    Some(id) => format!("owner {}", ctx.workspace.person_name(Some(id))),
                    None => "no owner".to_string(),
                },
                record
                    .review_cycle_months
                    .map_or("no review cycle".to_string(), |months| format!(
                        "review every {months} months"
                    ))
            ),
            theme.dim(),
        ),
    ])];
    lines.push(Line::from(match &record.file {
        Some(file) => format!(
            "Stored: {} ({} bytes) SHA-256 {}  ({} saves it out)",
            file.file_name,
            file.size,
            file.sha256,
            key(Action::SaveOut)
        ),
        None if record.location.is_empty() => format!(
            "No file stored and no location given ({} attaches a file)",
            key(Action::Edit)
        ),
        None => format!("Kept at: {}", record.location),
    }));
    let links: Vec<String> = record
        .links
        .iter()
        .map(|link| match link.target {
            LinkTarget::Safeguard => link.target_ref.clone(),
            LinkTarget::Risk => format!("risk {}", link.target_ref),
            LinkTarget::Action => format!("action {}", link.target_ref),
        })
        .collect();
    lines.push(if links.is_empty() {
        Line::styled(
            format!("Supports: nothing linked yet ({} links it)", key(Action::Link)),
            theme.dim(),
        )
    } else {
        Line::from(format!("Supports: {}", links.join(", ")))
    });
    lines
}

/// A file size in the unit that reads best.
fn size(bytes: u64) -> String {
    match bytes {
        0..1_000 => format!("{bytes} B"),
        1_000..1_000_000 => format!("{} KB", bytes.div_ceil(1_000)),
        _ => format!("{:.1} MB", bytes as f64 / 1_000_000.0),
    }
}
