//! The Policies screen (§164.316): the policy register as a record screen (list, filter,
//! sort, the policy's form), with the selected policy's versions and reviews below it.
//! Its own keys: `r` completes the policy's next review (the only way its version and
//! next review date change: "new version" records the version), `d` deletes its oldest
//! version, refused with the date until six years after it was created or last in
//! effect. A new policy has no version until its first review records one. A version's
//! document is stored with its review (the completion's path field), or later with `f`
//! for a version recorded without one; `o` saves a stored one back out.

mod files;
mod writes;

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::domain::policy::{
    CompletionField, Policy, PolicyField, ReviewCompletion, ReviewOutcome, ReviewState, current_version,
    last_completed, may_delete_version, retention_end, review_state,
};
use crate::domain::{Id, Workspace};
use crate::tui::component::{Component, Ctx, Outcome};
use crate::tui::keys::{Action, KeyHint, Scope, action_in, scope_hints};
use crate::tui::overlays::{Confirm, Overlay};
use crate::tui::protocol::{Command, MessageKind, Reply, Write};
use crate::tui::record_form::{record_form, record_from_form};
use crate::tui::record_screen::{RecordKind, RecordScreen, SaveRecord};
use crate::tui::screen::Screen;
use crate::tui::widgets::wrap;

use writes::PolicyWrite;

/// The kind of record the Policies screen lists.
pub struct Policies;

impl RecordKind for Policies {
    type Record = Policy;
    const SCREEN: Screen = Screen::Policies;
    const NOUN: &'static str = "policy";
    const EMPTY: (&'static str, &'static [&'static str]) = (
        "No policies yet",
        &[
            "The written policies and procedures (§164.316): press a to add one.",
            "Its first version, and every later one, is recorded by completing a review (r).",
        ],
    );

    fn columns() -> &'static [(PolicyField, &'static str, u16)] {
        &[
            (PolicyField::Title, "Title", 0),
            (PolicyField::Owner, "Owner", 14),
            (PolicyField::Approver, "Approver", 18),
        ]
    }

    fn form_fields() -> &'static [PolicyField] {
        PolicyField::LIST
    }

    fn records(workspace: &Workspace) -> Vec<&Policy> {
        workspace.policies.policies.iter().collect()
    }

    fn blank(_ctx: &Ctx) -> Policy {
        Policy::default()
    }

    fn save(policy: Policy) -> Write {
        Write::new(SaveRecord(policy))
    }
}

/// What the screen asked a window for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Asked {
    Complete(Id),
    DeleteVersion(Id),
    /// Attaching a file to a version of this policy.
    Attach(Id),
    /// Saving a version's file of this policy out.
    SaveOut(Id),
}

/// The Policies screen: the record screen plus the selected policy's versions and reviews.
#[derive(Default)]
pub struct PoliciesScreen {
    list: RecordScreen<Policies>,
    asked: Option<Asked>,
}

impl PoliciesScreen {
    fn selected<'a>(&self, workspace: &'a Workspace) -> Option<&'a Policy> {
        self.list.rows(workspace).get(self.list.cursor()).copied()
    }

    fn ask_completion(&mut self, policy: &Policy, ctx: &Ctx) -> Outcome {
        let completion = ReviewCompletion {
            done: Some(ctx.today),
            reviewer_id: policy.owner_id,
            ..ReviewCompletion::default()
        };
        self.asked = Some(Asked::Complete(policy.id));
        let mut form = record_form(
            &format!("Complete the review of {}", policy.title),
            &completion,
            CompletionField::LIST,
            &ctx.workspace.people,
        );
        // The new version's document, stored with it (the path is the form's only).
        let after_reference = form
            .fields
            .iter()
            .position(|field| field.key == "reference")
            .map_or(form.fields.len(), |at| at + 1);
        form.fields
            .insert(after_reference, files::attach_field(" Only with a new version."));
        Outcome::Send(Command::Open(Overlay::form(form)))
    }

    /// The form attaching a file to a version that has none, or a word why there is none.
    fn ask_attach(&mut self, policy: &Policy, ctx: &Ctx) -> Outcome {
        let versions = files::versions_with_file(ctx.workspace, policy, false);
        if versions.is_empty() {
            let why = if ctx.workspace.policies.versions_of(policy.id).is_empty() {
                "has no version yet: complete its review (r) with a new version and its file"
            } else {
                "keeps a file for every version"
            };
            return Outcome::Send(Command::Say(MessageKind::Info, format!("{} {why}", policy.title)));
        }
        self.asked = Some(Asked::Attach(policy.id));
        Outcome::Send(Command::Open(Overlay::form(files::attach_form(policy, &versions))))
    }

    /// The form saving a version's stored file out, beside the workspace by default.
    fn ask_save_out(&mut self, policy: &Policy, ctx: &Ctx) -> Outcome {
        let versions = files::versions_with_file(ctx.workspace, policy, true);
        if versions.is_empty() {
            return Outcome::Send(Command::Say(
                MessageKind::Info,
                format!("{} keeps no stored file; press f to attach one", policy.title),
            ));
        }
        let folder = ctx.store.path().parent().unwrap_or(std::path::Path::new("."));
        self.asked = Some(Asked::SaveOut(policy.id));
        Outcome::Send(Command::Open(Overlay::form(files::save_out_form(
            policy, &versions, folder,
        ))))
    }

    /// The attach or save-out form submitted for `policy_id`'s version.
    fn file_submitted(&mut self, form: crate::tui::form::Form, asked: Asked, ctx: &Ctx) -> Outcome {
        let policy = ctx.workspace.policies.policies.iter().find(|policy| match asked {
            Asked::Attach(id) | Asked::SaveOut(id) => policy.id == id,
            _ => false,
        });
        let Some(policy) = policy else {
            return Outcome::refuse(form, ("", "the policy is gone".to_string()));
        };
        let stored = matches!(asked, Asked::SaveOut(_));
        let versions = files::versions_with_file(ctx.workspace, policy, stored);
        let version_id = match files::chosen_version(&form, &versions) {
            Ok(id) => id,
            Err(problem) => return Outcome::refuse(form, problem),
        };
        let write = if stored {
            match files::attach_path(&form, "path") {
                Some(path) => Ok(PolicyWrite::SaveFileOut { version_id, path }),
                None => Err(("path", "Save to: give a path".to_string())),
            }
        } else {
            match files::attach_path(&form, "attach") {
                Some(path) => files::read_document(&path).map(|(name, bytes)| PolicyWrite::AttachFile {
                    version_id,
                    name,
                    bytes,
                }),
                None => Err(("attach", "Give the path of the file to attach".to_string())),
            }
        };
        Outcome::save(form, write.map(Write::new))
    }

    /// The oldest version: refused here with its retention end, or asked to confirm.
    fn ask_delete(&mut self, policy: &Policy, ctx: &Ctx) -> Outcome {
        let versions = ctx.workspace.policies.versions_of(policy.id);
        let Some(oldest) = versions.iter().min_by_key(|version| (version.effective, version.id)) else {
            return Outcome::Send(Command::Say(
                MessageKind::Info,
                format!("{} has no version", policy.title),
            ));
        };
        if let Err(end) = may_delete_version(oldest, &versions, ctx.today) {
            return Outcome::Send(Command::Say(
                MessageKind::Error,
                format!(
                    "Version {} must be kept until {end} (six years after it was created or last in effect, \
                     §164.316(b)(2)(i))",
                    oldest.number
                ),
            ));
        }
        self.asked = Some(Asked::DeleteVersion(oldest.id));
        Outcome::Send(Command::Open(Overlay::Confirm(Confirm::new(
            "Delete version",
            vec![
                format!("Delete version {} of \"{}\"?", oldest.number, policy.title),
                "Its retention period has ended; the change log keeps a record of what it was.".to_string(),
            ],
        ))))
    }

    /// The selected policy's state, versions and reviews, one line each.
    /// Also how many of the lines are the first one's (the heading, wrapped).
    fn detail_lines(&self, ctx: &Ctx, width: usize) -> (Vec<String>, usize) {
        let Some(policy) = self.selected(ctx.workspace) else {
            return (Vec::new(), 0);
        };
        let register = &ctx.workspace.policies;
        let versions = register.versions_of(policy.id);
        let reviews = register.reviews_of(policy.id);
        let next = register.next_review(policy);
        let state = match review_state(next, ctx.today) {
            ReviewState::NotDue => String::new(),
            ReviewState::Due(_) => " (due)".to_string(),
            ReviewState::Overdue(_) => " (OVERDUE)".to_string(),
        };
        let mut lines = vec![format!(
            "Version in effect: {} · Next review: {}{state} · every {} months",
            current_version(&versions).map_or_else(|| "none yet".to_string(), |version| version.number.clone()),
            next.map_or_else(|| "after the first version".to_string(), |date| date.to_string()),
            policy.cycle_months()
        )];
        lines.push(implements_line(policy, ctx.catalog));
        for version in versions.iter().rev() {
            let effective = version.effective.map(|date| date.to_string()).unwrap_or_default();
            let place = files::file_words(version).unwrap_or_else(|| version.reference.clone());
            lines.push(format!(
                "v{} from {effective}, kept until {}: {} {}",
                version.number,
                retention_end(version, &versions, ctx.today),
                version.changes,
                place
            ));
        }
        let last = last_completed(&reviews).map(|review| review.id);
        for review in reviews.iter().rev() {
            let when = match (review.done, review.planned) {
                (Some(done), _) => format!("Reviewed {done}"),
                (None, Some(planned)) => format!("Review planned {planned}"),
                (None, None) => "Review".to_string(),
            };
            let outcome = review
                .outcome
                .map(|outcome| crate::domain::Labeled::label(outcome).to_string())
                .unwrap_or_default();
            let marker = if Some(review.id) == last { " (last)" } else { "" };
            lines.push(format!(
                "{when}{marker} by {}: {outcome}",
                ctx.workspace.person_name(review.reviewer_id)
            ));
        }
        // Whole words: a long line wraps rather than being cut.
        let first_lines = lines.first().map_or(0, |line| wrap(line, width).len());
        (lines.iter().flat_map(|line| wrap(line, width)).collect(), first_lines)
    }
}

/// The safeguards the policy implements, each citation with the catalog's name; one the
/// Security Rule's catalog does not hold is said so, to be corrected in the policy's form.
fn implements_line(policy: &Policy, catalog: &crate::catalog::Catalog) -> String {
    let citations = policy.safeguard_citations();
    if citations.is_empty() {
        return "Implements: no safeguard named (e: write their citations under Safeguards)".to_string();
    }
    let named: Vec<String> = citations
        .iter()
        .map(|citation| match catalog.item(citation) {
            Some(item) => format!("§{citation} {}", item.name),
            None => format!("{citation} (not a citation of the Security Rule)"),
        })
        .collect();
    format!("Implements: {}", named.join("; "))
}

impl Component for PoliciesScreen {
    fn keys(&self) -> Vec<KeyHint> {
        let mut hints: Vec<KeyHint> = scope_hints(Scope::Screen(Screen::Policies));
        hints.extend(self.list.keys());
        hints
    }

    fn handle(&mut self, key: KeyEvent, ctx: &Ctx) -> Outcome {
        match action_in(Scope::Screen(Screen::Policies), key) {
            Some(action) => self.act(action, ctx),
            None => {
                self.asked = None;
                self.list.handle(key, ctx)
            }
        }
    }

    fn act(&mut self, action: Action, ctx: &Ctx) -> Outcome {
        let selected = self.selected(ctx.workspace).cloned();
        match (action, selected) {
            (Action::CompleteReview, Some(policy)) => self.ask_completion(&policy, ctx),
            (Action::Delete, Some(policy)) => self.ask_delete(&policy, ctx),
            (Action::AttachFile, Some(policy)) => self.ask_attach(&policy, ctx),
            (Action::SaveOut, Some(policy)) => self.ask_save_out(&policy, ctx),
            (Action::CompleteReview | Action::Delete | Action::AttachFile | Action::SaveOut, None) => Outcome::Handled,
            (action, _) => {
                self.asked = None;
                self.list.act(action, ctx)
            }
        }
    }

    fn receive(&mut self, reply: Reply, ctx: &Ctx) -> Outcome {
        match (reply, self.asked) {
            (Reply::Submitted(form), Some(Asked::Complete(policy_id))) => {
                let completion = record_from_form(
                    &form,
                    &ReviewCompletion::default(),
                    CompletionField::LIST,
                    &ctx.workspace.people,
                );
                let write = completion.and_then(|completion| {
                    let file = match files::attach_path(&form, "attach") {
                        None => None,
                        Some(_) if completion.outcome != Some(ReviewOutcome::NewVersion) => {
                            return Err((
                                "attach",
                                "A file is stored with a new version: choose New version, or empty the path"
                                    .to_string(),
                            ));
                        }
                        Some(path) => Some(files::read_document(&path)?),
                    };
                    Ok(Write::new(PolicyWrite::Complete {
                        policy_id,
                        completion,
                        file,
                    }))
                });
                Outcome::save(form, write)
            }
            (Reply::Submitted(form), Some(asked @ (Asked::Attach(_) | Asked::SaveOut(_)))) => {
                self.file_submitted(form, asked, ctx)
            }
            (Reply::Confirmed { .. }, Some(Asked::DeleteVersion(version_id))) => {
                self.asked = None;
                Outcome::Send(Command::Write {
                    write: Write::new(PolicyWrite::DeleteVersion(version_id)),
                    form: None,
                })
            }
            (reply, _) => self.list.receive(reply, ctx),
        }
    }

    fn cursor(&self) -> usize {
        self.list.cursor()
    }

    fn row_count(&self, ctx: &Ctx) -> usize {
        self.list.row_count(ctx)
    }

    fn refresh(&mut self, ctx: &Ctx) {
        self.list.refresh(ctx);
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let (detail, first_lines) = self.detail_lines(ctx, usize::from(area.width));
        let height = (detail.len() as u16).min(area.height / 2);
        let [list_area, detail_area] = Layout::vertical([Constraint::Min(3), Constraint::Length(height)]).areas(area);
        self.list.draw(frame, list_area, ctx);
        let lines: Vec<Line> = detail
            .into_iter()
            .enumerate()
            .map(|(index, line)| {
                if index < first_lines {
                    Line::styled(line, ctx.theme.heading())
                } else {
                    Line::raw(line)
                }
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), detail_area);
    }
}
