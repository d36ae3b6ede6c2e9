//! The Remediation screen's keys: plan an action for a risk, edit one (its status, due
//! date, effort, cost), and delete one.

use super::dialogs::{Confirm, Pending};
use super::risks::refused;
use super::{App, FormTarget, Overlay, PickPurpose};
use crate::domain::{Action as PlanAction, ActionStatus, Effort, Id, Risk};
use crate::tui::editors::{self, FieldProblem};
use crate::tui::form::Form;
use crate::tui::keys::Action;
use crate::tui::picker::{PickRow, Picker};
use crate::tui::screen::Screen;

impl App {
    pub fn selected_action(&self) -> Option<&PlanAction> {
        self.workspace.actions.get(self.cursor(Screen::Remediation))
    }

    pub(super) fn update_remediation(&mut self, action: Action) -> bool {
        let selected = self.selected_action().cloned();
        match (action, selected) {
            (Action::Add, _) => self.open_risk_picker(),
            (Action::Edit, Some(planned)) => {
                let form = editors::action_form("Edit the action", &planned, &self.workspace.people);
                self.open_form(form, FormTarget::EditAction(planned.id));
            }
            (Action::Delete, Some(planned)) => self.ask(Confirm {
                title: "Delete action".to_string(),
                lines: vec![
                    format!("Delete \"{}\"?", planned.title),
                    "The change log keeps a record of what it was.".to_string(),
                ],
                choices: Vec::new(),
                selected: 0,
                pending: Some(Pending::DeleteAction(planned.id)),
            }),
            (Action::Edit | Action::Delete, None) => {}
            _ => return false,
        }
        true
    }

    fn open_risk_picker(&mut self) {
        if self.workspace.risks.is_empty() {
            self.info("Add a risk scenario first (5 Risks, a)".to_string());
            return;
        }
        let rows = self
            .risk_view
            .rows
            .iter()
            .map(|&index| {
                let risk = &self.workspace.risks[index];
                let level = self
                    .workspace
                    .matrix()
                    .and_then(|matrix| Some(matrix.results.label(risk.level(matrix)?)?.to_string()))
                    .unwrap_or_else(|| "unscored".to_string());
                PickRow::new(risk.id.to_string(), &risk.threat, level)
            })
            .collect();
        let picker = Picker::new(
            "Plan an action: which risk?",
            "Choose the risk the action reduces (highest first; type to find).",
            rows,
            false,
        );
        self.open(Overlay::Picker {
            picker,
            purpose: Some(PickPurpose::ActionRisk),
        });
    }

    pub(super) fn open_new_action_form(&mut self, risk: &Risk) {
        let blank = PlanAction {
            id: 0,
            risk_id: risk.id,
            title: String::new(),
            owner_id: risk.owner_id,
            due_on: None,
            status: ActionStatus::Planned,
            effort: Effort::Unknown,
            cost_estimate: None,
            notes: String::new(),
        };
        let form = editors::action_form(&format!("Plan: {}", risk.threat), &blank, &self.workspace.people);
        self.open_form(form, FormTarget::NewAction(risk.id));
    }

    pub(super) fn plan_for_risk(&mut self, risk_id: Id) {
        if let Some(risk) = self.workspace.risk(risk_id).cloned() {
            self.open_new_action_form(&risk);
        }
    }

    pub(super) fn save_action_form(&mut self, form: &Form, target: FormTarget) -> Result<String, FieldProblem> {
        match target {
            FormTarget::NewAction(risk_id) => {
                let base = PlanAction {
                    id: 0,
                    risk_id,
                    title: String::new(),
                    owner_id: None,
                    due_on: None,
                    status: ActionStatus::Planned,
                    effort: Effort::Unknown,
                    cost_estimate: None,
                    notes: String::new(),
                };
                let planned = editors::action_from_form(form, &base, &self.workspace.people)?;
                let id = self.store.add_action(&planned).map_err(refused)?;
                self.pending_action = Some(id);
                Ok(format!("Planned: {}", planned.title))
            }
            FormTarget::EditAction(id) => {
                let base = self
                    .workspace
                    .actions
                    .iter()
                    .find(|planned| planned.id == id)
                    .cloned()
                    .ok_or(("", "the action is gone".to_string()))?;
                let planned = editors::action_from_form(form, &base, &self.workspace.people)?;
                self.store.update_action(&planned).map_err(refused)?;
                self.pending_action = Some(id);
                Ok(format!("Saved {}", planned.title))
            }
            _ => Err(("", "not an action form".to_string())),
        }
    }
}
