//! The risk register: the heat map on top (likelihood by impact, count per cell), then
//! the scenarios, highest level first, narrowed by a chosen cell or the filters.
//!
//! A component: it owns the register as shown (`RiskView`), its cursor, the heat-map
//! cell being chosen and what it last asked (a scenario's form, a score, a treatment,
//! the filter, a delete, the quick add's two pickers, the suggestions, an action for a
//! scenario), and turns each answer into a store write (`RisksWrite`, or
//! `RemediationWrite` for an action planned here).
//!
//! Choosing a heat-map cell is a mode of the screen, not a window: the cell is drawn in
//! the screen's own map, so the screen owns it, and while it is chosen the screen takes
//! every key (`takes_all_keys`), the status bar showing only the map's keys.

mod draw;
pub mod form;
mod heat_map;
mod pickers;
mod view;
pub mod writes;

pub use pickers::field_picker;

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use super::remediation::new_action;
use crate::domain::{CarriedEntity, Id, Labeled, Risk, Workspace};
use crate::tui::component::{Component, Ctx, Outcome};
use crate::tui::editors;
use crate::tui::form::{Field, Form};
use crate::tui::keys::{Action, KeyHint, Scope, action_in, action_on_screen, keys_for, scope_hints, screen_hints};
use crate::tui::list_cursor::ListCursor;
use crate::tui::overlays::{Confirm, Overlay};
use crate::tui::protocol::{Command, MessageKind, Reply, Target, Write};
use crate::tui::screen::Screen;
use crate::tui::screens::remediation::writes::RemediationWrite;
use view::{RiskFilter, RiskView};
use writes::RisksWrite;

/// What the screen asked in the window it opened, to act on the answer.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Asked {
    /// The scenario form: a new scenario (0) or this one.
    Scenario(Id),
    Score(Id),
    /// The treat list: the decision for this scenario.
    TreatChoice(Id),
    /// The form of what the chosen decision needs.
    Treat(Id, crate::domain::Treatment),
    Filter,
    Delete(Id),
    /// The quick add's first step: the assets.
    QuickAddAssets,
    /// Its second step: threats for these assets (none: practice-wide).
    QuickAddThreats(Vec<Id>),
    Suggested,
    /// A new action for this scenario.
    Plan(Id),
}

#[derive(Default)]
pub struct RisksScreen {
    cursor: ListCursor,
    /// The register as shown: order, filter, heat-map counts.
    view: RiskView,
    /// The heat-map cell under the cursor while one is being chosen (likelihood, impact).
    heat: Option<(usize, usize)>,
    asked: Option<Asked>,
    /// The score form's question "save without a rationale?": asked (over the form) and
    /// answered yes, so the next submit of that form saves.
    unexplained: Unexplained,
}

/// Where the score form's rationale question stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum Unexplained {
    #[default]
    NotAsked,
    Asked,
    /// Yes: save the score as it is.
    Allowed,
}

/// A key of the Risks screen, as the key table names it, for text that names one.
fn key(action: Action) -> &'static str {
    keys_for(Scope::Screen(Screen::Risks), action)
}

impl RisksScreen {
    pub fn cursor(&self) -> usize {
        self.cursor.row()
    }

    /// The register as shown.
    pub fn view(&self) -> &RiskView {
        &self.view
    }

    /// The heat-map cell being chosen, if one is.
    pub fn heat_cursor(&self) -> Option<(usize, usize)> {
        self.heat
    }

    /// The scenario under the cursor.
    pub fn selected<'a>(&self, workspace: &'a Workspace) -> Option<&'a Risk> {
        let index = *self.view.rows.get(self.cursor.row())?;
        workspace.risks.get(index)
    }

    fn ask(&mut self, asked: Asked, overlay: Overlay) -> Outcome {
        self.asked = Some(asked);
        self.unexplained = Unexplained::NotAsked;
        Outcome::Send(Command::Open(overlay))
    }

    fn open_scenario_form(&mut self, risk: Option<&Risk>, ctx: &Ctx) -> Outcome {
        let workspace = ctx.workspace;
        let form = match risk {
            Some(risk) => form::scenario_form(
                "Edit the scenario",
                risk,
                &workspace.assets,
                &workspace.people,
                suggested_vulnerability(ctx, risk),
            ),
            None => form::scenario_form(
                "Write a scenario",
                &form::blank_scenario(workspace.assessment_id),
                &workspace.assets,
                &workspace.people,
                None,
            ),
        };
        self.ask(Asked::Scenario(risk.map_or(0, |risk| risk.id)), Overlay::form(form))
    }

    fn open_plan_form(&mut self, risk: &Risk, ctx: &Ctx) -> Outcome {
        let form = super::remediation::form::action_form(
            &format!("Plan: {}", risk.threat),
            &new_action(risk.id, risk.owner_id),
            &ctx.workspace.people,
        );
        self.ask(Asked::Plan(risk.id), Overlay::form(form))
    }

    fn ask_delete(&mut self, risk: &Risk, ctx: &Ctx) -> Outcome {
        let actions = ctx.workspace.actions_for(risk.id).count();
        let mut lines = vec![format!("Delete \"{}\"?", risk.threat)];
        if actions > 0 {
            lines.push(format!("Its {actions} action(s) go with it."));
        }
        lines.push("The change log keeps a record of what it was.".to_string());
        self.ask(
            Asked::Delete(risk.id),
            Overlay::Confirm(Confirm::new("Delete scenario", lines)),
        )
    }

    fn open_filter(&mut self, ctx: &Ctx) -> Outcome {
        let Some(matrix) = ctx.workspace.matrix() else {
            return Outcome::Handled;
        };
        let form = filter_form(&self.view.filter, matrix, ctx.workspace);
        self.ask(Asked::Filter, Overlay::form(form))
    }

    /// Re-applies the filter after it changed, from the top of the list.
    fn refilter(&mut self, filter: RiskFilter, ctx: &Ctx) {
        self.view.filter = filter;
        self.view.apply_filter(ctx.workspace);
        self.cursor.select(0, self.view.rows.len());
    }

    /// Keys while choosing a heat-map cell: rows are likelihood (up is higher), columns
    /// impact; Enter filters by the cell, Esc leaves the map.
    fn act_on_heat_map(&mut self, action: Action, ctx: &Ctx) -> Outcome {
        let Some(cell) = self.heat.as_mut() else {
            return Outcome::Ignored;
        };
        let rows = self.view.counts.len();
        let columns = self.view.counts.first().map_or(0, Vec::len);
        match action {
            Action::Up => cell.0 = (cell.0 + 1).min(rows.saturating_sub(1)),
            Action::Down => cell.0 = cell.0.saturating_sub(1),
            Action::ChoiceNext => cell.1 = (cell.1 + 1).min(columns.saturating_sub(1)),
            Action::ChoicePrevious => cell.1 = cell.1.saturating_sub(1),
            Action::Save => {
                let chosen = *cell;
                self.heat = None;
                let filter = RiskFilter {
                    cell: Some(chosen),
                    ..self.view.filter.clone()
                };
                self.refilter(filter, ctx);
            }
            Action::CloseOverlay => self.heat = None,
            Action::Quit => return Outcome::Send(Command::Quit),
            // Every other key is swallowed while the map has the cursor.
            _ => {}
        }
        Outcome::Handled
    }

    /// The answer to a form the screen opened: a write, a refused form put back, or (the
    /// filter) a new view.
    fn submitted(&mut self, form: Form, asked: Asked, ctx: &Ctx) -> Outcome {
        let write = match asked {
            Asked::Scenario(id) => scenario_write(&form, id, ctx).map(Write::new),
            Asked::Score(id) => {
                // A level with no rationale is saved only after a question (a gentle
                // y/n over the form: no goes back to the form to write one).
                if self.unexplained != Unexplained::Allowed
                    && let Some(base) = ctx.workspace.risk(id)
                    && let Ok(risk) = form::score_from_form(&form, base)
                    && let Some(missing) = crate::domain::unexplained_score(&risk)
                {
                    self.unexplained = Unexplained::Asked;
                    let question = Confirm::over_form(
                        "Save without a rationale?",
                        vec![
                            format!("No rationale is written for the {missing}."),
                            "A score must be explained: the findings will list it until it is.".to_string(),
                            "Save the score anyway?".to_string(),
                        ],
                    );
                    return Outcome::Send(Command::Many(vec![
                        Command::Open(Overlay::form(form)),
                        Command::Open(Overlay::Confirm(question)),
                    ]));
                }
                self.unexplained = Unexplained::NotAsked;
                score_write(&form, id, ctx).map(Write::new)
            }
            Asked::Treat(id, treatment) => treat_write(&form, id, treatment, ctx).map(Write::new),
            Asked::Plan(risk_id) => {
                super::remediation::form::action_from_form(&form, &new_action(risk_id, None), &ctx.workspace.people)
                    .map(|planned| Write::new(RemediationWrite::Add(Box::new(planned))))
            }
            Asked::Filter => {
                let filter = filter_from_form(&form, self.view.filter.cell, ctx.workspace);
                self.refilter(filter, ctx);
                let shown = format!("{} scenarios shown", self.view.rows.len());
                return Outcome::Send(Command::Say(MessageKind::Info, shown));
            }
            _ => return Outcome::Ignored,
        };
        Outcome::save(form, write)
    }

    /// The rows chosen in a picker the screen opened.
    fn chosen(&mut self, chosen: Vec<String>, asked: Asked, ctx: &Ctx) -> Outcome {
        let (workspace, catalog) = (ctx.workspace, ctx.catalog);
        let (risks, message) = match asked {
            Asked::TreatChoice(id) => {
                let (Some(treatment), Some(risk)) = (form::chosen_treatment(&chosen), workspace.risk(id)) else {
                    return Outcome::Handled;
                };
                let has_actions = workspace.actions_for(id).next().is_some();
                let form = form::treatment_form(risk, treatment, &workspace.people, has_actions, ctx.today);
                return self.ask(Asked::Treat(id, treatment), Overlay::form(form));
            }
            Asked::QuickAddAssets => {
                let asset_ids = pickers::chosen_assets(&chosen);
                let picker = pickers::threat_picker(workspace, catalog, &asset_ids);
                return self.ask(Asked::QuickAddThreats(asset_ids), Overlay::picker(picker));
            }
            Asked::QuickAddThreats(asset_ids) => {
                let risks = pickers::threat_scenarios(workspace, catalog, &asset_ids, &chosen);
                let target = match asset_ids.as_slice() {
                    [] => "the practice".to_string(),
                    _ => pickers::target_name(workspace, &asset_ids),
                };
                let scenarios = if risks.len() == 1 { "scenario" } else { "scenarios" };
                let message = format!(
                    "Added {} {scenarios} for {target}; {} scores one",
                    risks.len(),
                    key(Action::Score)
                );
                (risks, message)
            }
            Asked::Suggested => {
                let risks = pickers::suggested_scenarios(workspace, catalog, &chosen);
                let named = risks.iter().filter(|risk| !risk.asset_ids.is_empty()).count();
                let message = format!(
                    "Added {} suggested scenarios, {named} naming matching assets; {} scores one",
                    risks.len(),
                    key(Action::Score)
                );
                (risks, message)
            }
            _ => return Outcome::Ignored,
        };
        if risks.is_empty() {
            let tick = keys_for(Scope::Picker, Action::Toggle);
            let message = format!("Nothing ticked, nothing added ({tick} ticks a threat)");
            return Outcome::Send(Command::Say(MessageKind::Info, message));
        }
        // Show the new ones, wherever the filter was.
        self.view.filter = RiskFilter::default();
        Outcome::Send(Command::Write {
            write: Write::new(RisksWrite::Add { risks, message }),
            form: None,
        })
    }

    /// The dashboard's Enter on a scenario: the cursor on it, the filter cleared if it
    /// hides it; `Ignored` when it is gone.
    fn select(&mut self, id: Id, ctx: &Ctx) -> Outcome {
        let row_of = |view: &RiskView| view.rows.iter().position(|&index| ctx.workspace.risks[index].id == id);
        if row_of(&self.view).is_none() {
            self.view.filter = RiskFilter::default();
            self.view.apply_filter(ctx.workspace);
        }
        match row_of(&self.view) {
            Some(row) => {
                self.cursor.select(row, self.view.rows.len());
                Outcome::Handled
            }
            None => Outcome::Ignored,
        }
    }
}

impl Component for RisksScreen {
    fn cursor(&self) -> usize {
        self.cursor()
    }

    fn row_count(&self, _ctx: &Ctx) -> usize {
        self.view().rows.len()
    }

    fn keys(&self) -> Vec<KeyHint> {
        if self.heat.is_some() {
            return scope_hints(Scope::HeatMap);
        }
        screen_hints(Screen::Risks)
    }

    fn takes_all_keys(&self) -> bool {
        self.heat.is_some()
    }

    fn handle(&mut self, key: KeyEvent, ctx: &Ctx) -> Outcome {
        if self.heat.is_some() {
            return match action_in(Scope::HeatMap, key) {
                Some(action) => self.act_on_heat_map(action, ctx),
                None => Outcome::Handled,
            };
        }
        action_on_screen(Screen::Risks, key).map_or(Outcome::Ignored, |action| self.act(action, ctx))
    }

    fn act(&mut self, action: Action, ctx: &Ctx) -> Outcome {
        if self.heat.is_some() {
            return self.act_on_heat_map(action, ctx);
        }
        if self.cursor.act(action, self.view.rows.len()) {
            return Outcome::Handled;
        }
        let workspace = ctx.workspace;
        let selected = self.selected(workspace);
        match (action, selected) {
            (Action::QuickAdd, _) => self.ask(Asked::QuickAddAssets, Overlay::picker(pickers::asset_picker(workspace))),
            (Action::Suggest, _) => match pickers::suggestions_picker(workspace, ctx.catalog) {
                Some(picker) => self.ask(Asked::Suggested, Overlay::picker(picker)),
                None => Outcome::Send(Command::Say(
                    MessageKind::Info,
                    "No suggestions: no safeguard is reviewed as partly or not implemented, or their threats are \
                     already in the register"
                        .to_string(),
                )),
            },
            (Action::Add, _) => self.open_scenario_form(None, ctx),
            (Action::Filter, _) => self.open_filter(ctx),
            (Action::ClearFilter, _) => {
                self.refilter(RiskFilter::default(), ctx);
                Outcome::Handled
            }
            (Action::HeatMap, _) => {
                let middle = self.view.counts.len() / 2;
                self.heat = Some(self.view.filter.cell.unwrap_or((middle, middle)));
                Outcome::Handled
            }
            (Action::Edit, Some(risk)) => self.open_scenario_form(Some(risk), ctx),
            (Action::Score, Some(risk)) => match workspace.matrix() {
                Some(matrix) => {
                    let form = form::score_form(risk, matrix, suggested_vulnerability(ctx, risk));
                    self.ask(Asked::Score(risk.id), Overlay::form(form))
                }
                None => Outcome::Handled,
            },
            (Action::Treat, Some(risk)) => self.ask(
                Asked::TreatChoice(risk.id),
                Overlay::picker(form::treatment_picker(risk)),
            ),
            (Action::Plan, Some(risk)) => self.open_plan_form(risk, ctx),
            (Action::Delete, Some(risk)) => self.ask_delete(risk, ctx),
            (Action::ConfirmCarried, Some(risk)) => confirm_carried(risk, ctx),
            (
                Action::Edit | Action::Score | Action::Treat | Action::Plan | Action::Delete | Action::ConfirmCarried,
                None,
            ) => Outcome::Handled,
            _ => Outcome::Ignored,
        }
    }

    fn receive(&mut self, reply: Reply, ctx: &Ctx) -> Outcome {
        match (reply, self.asked.clone()) {
            (Reply::Submitted(form), Some(asked)) => self.submitted(form, asked, ctx),
            (Reply::Chosen(chosen), Some(asked)) => self.chosen(chosen, asked, ctx),
            // Yes to saving a score without its rationale: the form, still open, is saved.
            (Reply::Confirmed { .. }, Some(Asked::Score(_))) if self.unexplained == Unexplained::Asked => {
                self.unexplained = Unexplained::Allowed;
                Outcome::Send(Command::SubmitForm)
            }
            (Reply::Confirmed { .. }, Some(Asked::Delete(id))) => Outcome::Send(Command::Write {
                write: Write::new(RisksWrite::Delete(id)),
                form: None,
            }),
            // An action planned here is saved on the plan; the cursor stays on its scenario.
            (Reply::Saved { .. }, Some(Asked::Plan(_))) => Outcome::Handled,
            (Reply::Saved { id: Some(id) }, _) => {
                self.select(id, ctx);
                Outcome::Handled
            }
            (Reply::Select(Target::Scenario(id)), _) => self.select(id, ctx),
            _ => Outcome::Ignored,
        }
    }

    fn refresh(&mut self, ctx: &Ctx) {
        // Once per snapshot, not per frame: at 20,000 scenarios a redraw must stay quick.
        let order = crate::domain::register_order(ctx.workspace);
        self.view.refresh(ctx.workspace, order);
        self.cursor.clamp(self.view.rows.len());
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        draw::draw(
            frame,
            area,
            ctx,
            &draw::Shown {
                view: &self.view,
                heat: self.heat,
                row: self.cursor.row(),
                selected: self.selected(ctx.workspace),
            },
        );
    }
}

/// The library's vulnerability for a scenario taken from it, offered while it has none
/// of its own.
fn suggested_vulnerability(ctx: &Ctx, risk: &Risk) -> Option<&'static str> {
    let key = risk.threat_key.as_deref()?;
    Some(ctx.catalog.threat(key)?.suggested_vulnerability()).filter(|text| !text.is_empty())
}

/// `C`: the carried-forward scenario under the cursor confirmed as still right, its
/// rating and rationale re-read (see `domain::findings` rules/carried.rs for what else
/// confirms one).
fn confirm_carried(risk: &Risk, ctx: &Ctx) -> Outcome {
    if !ctx.workspace.needs_confirmation(CarriedEntity::Risk, risk.id) {
        return Outcome::Send(Command::Say(
            MessageKind::Info,
            format!("{} needs no confirmation", risk.threat),
        ));
    }
    Outcome::Send(Command::Write {
        write: Write::new(RisksWrite::ConfirmCarried {
            id: risk.id,
            threat: risk.threat.clone(),
        }),
        form: None,
    })
}

fn gone() -> editors::FieldProblem {
    ("", "the scenario is gone".to_string())
}

/// A written or edited scenario, to add or save.
fn scenario_write(form: &Form, id: Id, ctx: &Ctx) -> Result<RisksWrite, editors::FieldProblem> {
    let workspace = ctx.workspace;
    let base = match id {
        0 => form::blank_scenario(workspace.assessment_id),
        id => workspace.risk(id).cloned().ok_or_else(gone)?,
    };
    let mut risk = form::scenario_from_form(form, &base, &workspace.assets, &workspace.people, ctx.catalog)?;
    if id == 0 {
        // Owned by its asset's owner unless someone was chosen.
        if risk.owner_id.is_none() {
            risk.owner_id = pickers::default_owner(workspace, &risk.asset_ids);
        }
        let message = format!("Added {}; {} scores it", risk.threat, key(Action::Score));
        return Ok(RisksWrite::Add {
            risks: vec![risk],
            message,
        });
    }
    let confirmed = base.vulnerability_unconfirmed() && !risk.vulnerability_unconfirmed();
    let message = if confirmed {
        format!("Saved {}, its vulnerability confirmed", risk.threat)
    } else {
        format!("Saved {}", risk.threat)
    };
    Ok(RisksWrite::Save {
        risk: Box::new(risk),
        message,
    })
}

fn score_write(form: &Form, id: Id, ctx: &Ctx) -> Result<RisksWrite, editors::FieldProblem> {
    let base = ctx.workspace.risk(id).ok_or_else(gone)?;
    let risk = form::score_from_form(form, base)?;
    let level = ctx
        .workspace
        .matrix()
        .and_then(|matrix| Some(matrix.results.label(risk.level(matrix)?)?.to_string()));
    let mut message = match level {
        Some(level) => format!("Scored {}: {level}", risk.threat),
        None => format!("Saved {}: not scored until both are set", risk.threat),
    };
    // Only a rewritten rationale confirms a carried scenario (the store's rule): say so.
    let rationale_kept =
        risk.likelihood_rationale == base.likelihood_rationale && risk.impact_rationale == base.impact_rationale;
    if rationale_kept && ctx.workspace.needs_confirmation(CarriedEntity::Risk, id) {
        message.push_str(&format!(
            "; the rationale is last year's: {} confirms it still fits",
            key(Action::ConfirmCarried)
        ));
    }
    Ok(RisksWrite::Save {
        risk: Box::new(risk),
        message,
    })
}

fn treat_write(
    form: &Form,
    id: Id,
    treatment: crate::domain::Treatment,
    ctx: &Ctx,
) -> Result<RisksWrite, editors::FieldProblem> {
    let workspace = ctx.workspace;
    let base = workspace.risk(id).ok_or_else(gone)?;
    let (risk, first_action) = form::treatment_from_form(form, treatment, base, &workspace.people)?;
    let message = match &first_action {
        Some(planned) => format!(
            "{}: {}, with the action \"{}\" planned",
            risk.threat,
            risk.treatment.label(),
            planned.title
        ),
        None => format!("{}: {}", risk.threat, risk.treatment.label()),
    };
    Ok(RisksWrite::Treat {
        risk: Box::new(risk),
        first_action: first_action.map(Box::new),
        message,
    })
}

fn filter_form(filter: &RiskFilter, matrix: &crate::domain::RiskMatrix, workspace: &Workspace) -> Form {
    let any = |labels: Vec<String>| std::iter::once("(any)".to_string()).chain(labels).collect();
    let levels = any(matrix.results.levels.iter().map(|level| level.label.clone()).collect());
    let treatments = any(crate::domain::Treatment::ALL
        .iter()
        .map(|treatment| treatment.label().to_string())
        .collect());
    let people = any(workspace.people.iter().map(|person| person.name.clone()).collect());
    let owner_index = filter
        .owner
        .and_then(|id| workspace.people.iter().position(|person| person.id == id))
        .map_or(0, |index| index + 1);
    let treatment_index = filter
        .treatment
        .and_then(|treatment| crate::domain::Treatment::ALL.iter().position(|t| *t == treatment))
        .map_or(0, |index| index + 1);
    Form::new(
        "Filter the register",
        vec![
            Field::text("asset", "Asset name has", &filter.asset)
                .with_help("Part of an asset's name, or practice-wide."),
            Field::choice("level", "Level", levels, filter.level.map_or(0, |level| level + 1)),
            Field::choice("treatment", "Treatment", treatments, treatment_index),
            Field::choice("owner", "Owner", people, owner_index),
        ],
    )
}

/// The filter the form describes, keeping the heat-map cell chosen.
fn filter_from_form(form: &Form, cell: Option<(usize, usize)>, workspace: &Workspace) -> RiskFilter {
    let index = |key: &str| form.choice(key).checked_sub(1);
    RiskFilter {
        cell,
        asset: form.text("asset"),
        level: index("level"),
        treatment: index("treatment").map(|index| crate::domain::Treatment::ALL[index]),
        owner: index("owner")
            .and_then(|index| workspace.people.get(index))
            .map(|person| person.id),
    }
}
