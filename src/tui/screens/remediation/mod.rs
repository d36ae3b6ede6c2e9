//! The remediation plan: actions by due date, overdue ones marked, and the next five
//! things to do. A component: it owns its cursor and what it last asked (the risk a new
//! action is for, or none for a standalone one, an action's form, a delete), and turns
//! the answer into a store write (`RemediationWrite`).
//!
//! A standalone action is program work not tied to a risk ("run the Q1 access review"):
//! planned beside the risk actions, marked `*` in the list, "standalone (program work)"
//! in the detail, and asked only its title, owner, due date, status and notes.

pub mod form;
pub mod writes;

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Wrap};

use crate::domain::{Action as PlanAction, ActionStatus, Effort, Id, Labeled, LinkTarget, Risk};
use crate::tui::component::{Component, Ctx, Outcome};
use crate::tui::keys::{Action, KeyHint, Scope, action_on_screen, keys_for, screen_hints};
use crate::tui::list_cursor::ListCursor;
use crate::tui::overlays::{Confirm, Overlay};
use crate::tui::picker::{PickRow, Picker};
use crate::tui::protocol::{Command, Reply, Target, Write};
use crate::tui::screen::Screen;
use crate::tui::widgets::{WindowedTable, clip, empty_state, fill_width, hanging};
use writes::RemediationWrite;

/// What the screen asked in the window it opened, to act on the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Asked {
    /// The risk a new action is for.
    Risk,
    /// The form of a new action for this risk.
    New(Id),
    /// The form of a new standalone action (program work, no risk).
    NewStandalone,
    Edit(Id),
    Delete(Id),
}

#[derive(Default)]
pub struct RemediationScreen {
    cursor: ListCursor,
    asked: Option<Asked>,
}

impl RemediationScreen {
    pub fn cursor(&self) -> usize {
        self.cursor.row()
    }

    /// The action under the cursor.
    pub fn selected<'a>(&self, workspace: &'a crate::domain::Workspace) -> Option<&'a PlanAction> {
        workspace.actions.get(self.cursor.row())
    }

    fn ask(&mut self, asked: Asked, overlay: Overlay) -> Outcome {
        self.asked = Some(asked);
        Outcome::Send(Command::Open(overlay))
    }

    /// Which risk the action reduces, or none: the first row is a standalone action
    /// (program work), then the register, highest level first.
    fn pick_risk(&mut self, ctx: &Ctx) -> Outcome {
        let workspace = ctx.workspace;
        let matrix = workspace.matrix();
        let mut rows = vec![PickRow::new(STANDALONE_KEY, "Standalone: program work, no risk", "")];
        rows.extend(crate::domain::register_order(workspace).into_iter().map(|index| {
            let risk = &workspace.risks[index];
            let level = matrix
                .and_then(|matrix| Some(matrix.results.label(risk.level(matrix)?)?.to_string()))
                .unwrap_or_else(|| "unscored".to_string());
            PickRow::new(risk.id.to_string(), &risk.threat, level)
        }));
        let picker = Picker::new(
            "Plan an action: for which risk?",
            "A risk the action reduces (highest first; type to find), or standalone: recurring \
             program work such as an access review.",
            rows,
            false,
        );
        self.ask(Asked::Risk, Overlay::picker(picker))
    }

    fn open_standalone_form(&mut self, ctx: &Ctx) -> Outcome {
        let form = form::standalone_form(
            "Plan: standalone (program work)",
            &new_standalone(ctx.workspace.assessment_id),
            &ctx.workspace.people,
        );
        self.ask(Asked::NewStandalone, Overlay::form(form))
    }

    fn open_new_form(&mut self, risk: &Risk, ctx: &Ctx) -> Outcome {
        let assets: Vec<_> = ctx.workspace.active_assets().cloned().collect();
        let form = form::action_form_with(
            &format!("Plan: {}", risk.threat),
            &new_action(risk.id, risk.owner_id),
            &ctx.workspace.people,
            &assets,
        );
        self.ask(Asked::New(risk.id), Overlay::form(form))
    }
}

/// A blank action for a risk, owned by `owner_id` (the risk's owner, where the form
/// opens) until the form says otherwise. The Risks screen's "plan" uses it too.
pub(super) fn new_action(risk_id: Id, owner_id: Option<Id>) -> PlanAction {
    PlanAction {
        id: 0,
        risk_id: Some(risk_id),
        title: String::new(),
        owner_id,
        due_on: None,
        status: ActionStatus::Planned,
        effort: Effort::Unknown,
        cost_estimate: None,
        notes: String::new(),
        ..PlanAction::default()
    }
}

/// The picker's key for "standalone" (never a risk id, which is a number).
const STANDALONE_KEY: &str = "standalone";

/// How the detail names a standalone action's place in the plan.
pub const STANDALONE_DETAIL: &str = "standalone (program work)";

/// A blank standalone action (program work, no risk) of the assessment `assessment_id`.
pub(super) fn new_standalone(assessment_id: Id) -> PlanAction {
    PlanAction {
        risk_id: None,
        assessment_id,
        ..new_action(0, None)
    }
}

impl Component for RemediationScreen {
    fn cursor(&self) -> usize {
        self.cursor()
    }

    fn row_count(&self, ctx: &Ctx) -> usize {
        ctx.workspace.actions.len()
    }

    fn keys(&self) -> Vec<KeyHint> {
        screen_hints(Screen::Remediation)
    }

    fn handle(&mut self, key: KeyEvent, ctx: &Ctx) -> Outcome {
        action_on_screen(Screen::Remediation, key).map_or(Outcome::Ignored, |action| self.act(action, ctx))
    }

    fn act(&mut self, action: Action, ctx: &Ctx) -> Outcome {
        let workspace = ctx.workspace;
        if self.cursor.act(action, workspace.actions.len()) {
            return Outcome::Handled;
        }
        match (action, self.selected(workspace)) {
            (Action::Add, _) => self.pick_risk(ctx),
            (Action::Edit, Some(planned)) if planned.is_standalone() => {
                let form = form::standalone_form("Edit the standalone action", planned, &workspace.people);
                self.ask(Asked::Edit(planned.id), Overlay::form(form))
            }
            (Action::Edit, Some(planned)) => {
                let assets: Vec<_> = workspace.active_assets().cloned().collect();
                let form = form::action_form_with("Edit the action", planned, &workspace.people, &assets);
                self.ask(Asked::Edit(planned.id), Overlay::form(form))
            }
            (Action::Delete, Some(planned)) => {
                let question = Confirm::new(
                    "Delete action",
                    vec![
                        format!("Delete \"{}\"?", planned.title),
                        "The change log keeps a record of what it was.".to_string(),
                    ],
                );
                self.ask(Asked::Delete(planned.id), Overlay::Confirm(question))
            }
            (Action::Edit | Action::Delete, None) => Outcome::Handled,
            _ => Outcome::Ignored,
        }
    }

    fn receive(&mut self, reply: Reply, ctx: &Ctx) -> Outcome {
        let workspace = ctx.workspace;
        match (reply, self.asked) {
            (Reply::Chosen(chosen), Some(Asked::Risk))
                if chosen.first().map(String::as_str) == Some(STANDALONE_KEY) =>
            {
                self.open_standalone_form(ctx)
            }
            (Reply::Chosen(chosen), Some(Asked::Risk)) => {
                match chosen
                    .first()
                    .and_then(|id| id.parse().ok())
                    .and_then(|id| workspace.risk(id))
                {
                    Some(risk) => self.open_new_form(risk, ctx),
                    None => Outcome::Handled,
                }
            }
            (Reply::Submitted(form), Some(Asked::NewStandalone)) => {
                let parsed =
                    form::standalone_from_form(&form, &new_standalone(workspace.assessment_id), &workspace.people)
                        .map(|(planned, _)| RemediationWrite::Add(Box::new(planned)));
                Outcome::save(form, parsed.map(Write::new))
            }
            (Reply::Submitted(form), Some(asked @ (Asked::New(_) | Asked::Edit(_)))) => {
                let assets: Vec<_> = workspace.active_assets().cloned().collect();
                let parsed = match asked {
                    Asked::New(risk_id) => {
                        form::action_from_form_with(&form, &new_action(risk_id, None), &workspace.people, &assets)
                            .map(|(planned, _)| RemediationWrite::Add(Box::new(planned)))
                    }
                    Asked::Edit(id) => match workspace.actions.iter().find(|planned| planned.id == id) {
                        Some(base) if base.is_standalone() => {
                            form::standalone_from_form(&form, base, &workspace.people)
                                .map(|(planned, reason)| RemediationWrite::Save(Box::new(planned), reason))
                        }
                        Some(base) => form::action_from_form_with(&form, base, &workspace.people, &assets)
                            .map(|(planned, reason)| RemediationWrite::Save(Box::new(planned), reason)),
                        None => Err(("", "the action is gone".to_string())),
                    },
                    _ => return Outcome::Ignored,
                };
                Outcome::save(form, parsed.map(Write::new))
            }
            (Reply::Confirmed { .. }, Some(Asked::Delete(id))) => Outcome::Send(Command::Write {
                write: Write::new(RemediationWrite::Delete(id)),
                form: None,
            }),
            (Reply::Saved { id: Some(id) }, _) | (Reply::Select(Target::Action(id)), _) => {
                match workspace.actions.iter().position(|planned| planned.id == id) {
                    Some(row) => {
                        self.cursor.select(row, workspace.actions.len());
                        Outcome::Handled
                    }
                    None => Outcome::Ignored,
                }
            }
            _ => Outcome::Ignored,
        }
    }

    fn refresh(&mut self, ctx: &Ctx) {
        self.cursor.clamp(ctx.workspace.actions.len());
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        draw(frame, area, ctx, self.cursor.row());
    }
}

fn draw(frame: &mut Frame, area: Rect, ctx: &Ctx, selected: usize) {
    let theme = ctx.theme;
    let workspace = ctx.workspace;
    let actions = &workspace.actions;
    if actions.is_empty() {
        // The keys named come from the key table.
        let press = format!(
            "Press {} to plan an action for a risk or standalone program work, or {} on the Risks screen.",
            keys_for(Scope::Screen(Screen::Remediation), Action::Add),
            keys_for(Scope::Screen(Screen::Risks), Action::Plan)
        );
        empty_state(
            frame,
            area,
            theme,
            "No actions yet",
            &[
                "The plan lists what will be done about each risk, and program",
                "work such as access reviews: each action with its owner, due",
                "date, status and effort, overdue ones marked, the next five first.",
                "",
                &press,
            ],
        );
        return;
    }
    let overdue = actions.iter().filter(|action| action.is_overdue(ctx.today)).count();
    let open = actions.iter().filter(|action| action.status.is_open()).count();
    let next = crate::domain::next_actions(workspace, ctx.today, 5);
    let next_lines = next_lines(ctx, &next, usize::from(area.width));
    let [summary_area, next_area, table_area, detail_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(next_lines.len() as u16),
        Constraint::Min(3),
        Constraint::Length(2),
    ])
    .areas(area);
    let overdue_style = if overdue > 0 { theme.error() } else { theme.dim() };
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::raw(format!("{} actions, {open} open, ", actions.len())),
            Span::styled(format!("{overdue} overdue"), overdue_style),
        ])),
        summary_area,
    );
    frame.render_widget(Paragraph::new(next_lines), next_area);
    let widths = [
        Constraint::Length(10),
        Constraint::Fill(1),
        Constraint::Length(16),
        Constraint::Length(11),
    ];
    // A long title ends in "…"; the detail below names the scenario it is for.
    let title_width = fill_width(table_area.width, &widths);
    WindowedTable {
        header: Row::new(["Due", "Action", "Owner", "Status"]),
        widths: &widths,
        count: actions.len(),
        selected,
        theme,
    }
    .draw(frame, table_area, |index| {
        let action = &actions[index];
        let due = action.due_on.map_or("no date".to_string(), |date| date.to_string());
        // A standalone action (program work) is marked in words' place: `* ` before it.
        let title = if action.is_standalone() {
            clip(&format!("* {}", action.title), title_width)
        } else {
            clip(&action.title, title_width)
        };
        // In words as well as colour, so it shows without colour too.
        let status = if action.is_overdue(ctx.today) {
            Cell::from(Span::styled("OVERDUE", theme.error()))
        } else {
            Cell::from(action.status.to_string())
        };
        Row::new([
            Cell::from(due),
            Cell::from(title),
            Cell::from(clip(workspace.person_name(action.owner_id), 16)),
            status,
        ])
    });
    if let Some(action) = actions.get(selected) {
        let evidence = workspace.evidence_titles(LinkTarget::Action, &action.id.to_string());
        let mut facts = match action.risk_id {
            Some(risk_id) => {
                let threat = workspace.risk(risk_id).map_or("", |risk| risk.threat.as_str());
                format!("For: {threat} · effort {}", action.effort.label())
            }
            None => format!("For: {STANDALONE_DETAIL} · effort {}", action.effort.label()),
        };
        if let Some(cost) = action.cost_estimate {
            facts.push_str(&format!(" · about ${}", form::thousands(cost)));
        }
        if !evidence.is_empty() {
            facts.push_str(&format!(" · evidence: {}", evidence.join("; ")));
        }
        if !action.due_moves.is_empty() {
            let history = crate::domain::action_change::due_history(action.due_on, &action.due_moves);
            facts.push_str(&format!(" · {history}"));
        }
        if let Some((asset_id, field, value)) = crate::domain::action_change::target(action) {
            let asset = workspace.asset(asset_id).map_or("", |asset| asset.name.as_str());
            let value = crate::domain::action_change::shown(field, &value);
            let label = crate::domain::Field::label(field);
            facts.push_str(&format!(" · sets {asset}: {label} = {value}"));
        }
        frame.render_widget(
            Paragraph::new(facts).style(theme.dim()).wrap(Wrap { trim: true }),
            detail_area,
        );
    }
}

/// The level of an action's risk, styled, for the "next five" list.
fn risk_level(ctx: &Ctx, risk_id: Option<Id>) -> Span<'static> {
    match risk_id.and_then(|risk_id| ctx.workspace.risk(risk_id)) {
        Some(risk) => super::level_span(ctx, risk),
        // Program work has no risk level.
        None if risk_id.is_none() => Span::raw("program"),
        None => Span::raw(""),
    }
}

/// "Next five things to do", each wrapped under its number rather than cut.
fn next_lines(ctx: &Ctx, next: &[usize], width: usize) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    let workspace = ctx.workspace;
    let actions = &workspace.actions;
    let mut next_lines = vec![Line::styled(
        "Next five things to do (highest risk first, then soonest due)",
        theme.heading(),
    )];
    for (position, &index) in next.iter().enumerate() {
        let action = &actions[index];
        let due = action.due_on.map_or("no date".to_string(), |date| date.to_string());
        let level = risk_level(ctx, action.risk_id);
        let number = format!("{}. [", position + 1);
        let lead_width = number.chars().count() + level.content.chars().count() + 2;
        let lead = vec![Span::raw(number), level, Span::raw("] ")];
        let mut text = format!(
            "{} · {} · due {due}",
            action.title,
            workspace.person_name(action.owner_id)
        );
        if action.is_overdue(ctx.today) {
            text.push_str(" OVERDUE");
        }
        next_lines.extend(hanging(lead, lead_width, &text, ratatui::style::Style::new(), 3, width));
    }
    next_lines
}
