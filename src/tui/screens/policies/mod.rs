//! The Policies screen (§164.316): the policy register as a record screen (list, filter,
//! sort, the policy's form), with the selected policy's versions and reviews below it.
//! Its own keys: `r` completes the policy's next review (the only way its version and
//! next review date change: "new version" records the version), `d` deletes its oldest
//! version, refused with the date until six years after it was created or last in
//! effect. A new policy has no version until its first review records one.

mod writes;

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::domain::policy::{
    CompletionField, Policy, PolicyField, ReviewCompletion, ReviewState, current_version, last_completed,
    may_delete_version, retention_end, review_state,
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
        let form = record_form(
            &format!("Complete the review of {}", policy.title),
            &completion,
            CompletionField::LIST,
            &ctx.workspace.people,
        );
        Outcome::Send(Command::Open(Overlay::form(form)))
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
        for version in versions.iter().rev() {
            let effective = version.effective.map(|date| date.to_string()).unwrap_or_default();
            let place = version.file_name.clone().unwrap_or_else(|| version.reference.clone());
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
            (Action::CompleteReview | Action::Delete, None) => Outcome::Handled,
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
                Outcome::save(
                    form,
                    completion.map(|completion| Write::new(PolicyWrite::Complete { policy_id, completion })),
                )
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
