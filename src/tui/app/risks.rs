//! The Risks screen's keys: add scenarios quickly (an asset, then its threats ticked at
//! once), take the scenarios the safeguard review suggests, write one's own, score,
//! treat, plan an action, choose a heat-map cell, filter and delete.

use super::dialogs::{Confirm, Pending};
use super::{App, Command, FormTarget, Overlay, PickPurpose};
use crate::domain::{Id, Labeled, Risk};
use crate::store::StoreError;
use crate::tui::editors::{self, FieldProblem};
use crate::tui::form::{Field, Form};
use crate::tui::keys::Action;
use crate::tui::picker::{PickRow, Picker};
use crate::tui::screen::Screen;

/// The picker key of "the whole practice" in the quick add's first step.
const PRACTICE_WIDE: &str = "practice";

impl App {
    pub fn selected_risk(&self) -> Option<&Risk> {
        let index = *self.risk_view.rows.get(self.cursor(Screen::Risks))?;
        self.workspace.risks.get(index)
    }

    pub(super) fn update_risks(&mut self, action: Action) -> bool {
        let selected = self.selected_risk().cloned();
        match (action, selected) {
            (Action::QuickAdd, _) => self.open_asset_picker(),
            (Action::Suggest, _) => self.open_suggestions(),
            (Action::Add, _) => {
                let blank = editors::blank_scenario(self.workspace.assessment_id);
                let form = editors::scenario_form(
                    "Write a scenario",
                    &blank,
                    &self.workspace.assets,
                    &self.workspace.people,
                    None,
                );
                self.open_form(form, FormTarget::NewScenario);
            }
            (Action::Filter, _) => self.open_risk_filter(),
            (Action::ClearFilter, _) => {
                self.risk_view.filter = Default::default();
                self.risk_view.apply_filter(&self.workspace);
                self.set_cursor(Screen::Risks, 0);
            }
            (Action::HeatMap, _) => {
                let middle = self.risk_view.counts.len() / 2;
                let cursor = self.risk_view.filter.cell.unwrap_or((middle, middle));
                self.open(Overlay::HeatMap { cursor });
            }
            (Action::Edit, Some(risk)) => {
                let form = editors::scenario_form(
                    "Edit the scenario",
                    &risk,
                    &self.workspace.assets,
                    &self.workspace.people,
                    self.suggested_vulnerability(&risk),
                );
                self.open_form(form, FormTarget::EditScenario(risk.id));
            }
            (Action::Score, Some(risk)) => {
                if let Some(matrix) = self.workspace.matrix() {
                    let form = editors::score_form(&risk, matrix, self.suggested_vulnerability(&risk));
                    self.open_form(form, FormTarget::Score(risk.id));
                }
            }
            (Action::Treat, Some(risk)) => {
                let has_actions = self.workspace.actions_for(risk.id).next().is_some();
                let form = editors::treatment_form(&risk, &self.workspace.people, has_actions, self.today);
                self.open_form(form, FormTarget::Treat(risk.id));
            }
            (Action::Plan, Some(risk)) => self.open_new_action_form(&risk),
            (Action::Delete, Some(risk)) => {
                let actions = self.workspace.actions_for(risk.id).count();
                let mut lines = vec![format!("Delete \"{}\"?", risk.threat)];
                if actions > 0 {
                    lines.push(format!("Its {actions} action(s) go with it."));
                }
                lines.push("The change log keeps a record of what it was.".to_string());
                self.ask(Confirm {
                    title: "Delete scenario".to_string(),
                    lines,
                    choices: Vec::new(),
                    selected: 0,
                    pending: Some(Pending::DeleteRisk(risk.id)),
                });
            }
            (Action::Edit | Action::Score | Action::Treat | Action::Plan | Action::Delete, None) => {}
            _ => return false,
        }
        true
    }

    /// The library's vulnerability for a scenario taken from it, offered while it has
    /// none of its own.
    fn suggested_vulnerability(&self, risk: &Risk) -> Option<&'static str> {
        let key = risk.threat_key.as_deref()?;
        Some(self.catalog.threat(key)?.suggested_vulnerability()).filter(|text| !text.is_empty())
    }

    /// Keys while choosing a heat-map cell: rows are likelihood (up is higher), columns
    /// impact.
    pub(super) fn update_heat_map(&mut self, action: Action) {
        let Some(Overlay::HeatMap { cursor }) = self.overlays.last_mut() else {
            return;
        };
        let rows = self.risk_view.counts.len();
        let columns = self.risk_view.counts.first().map_or(0, Vec::len);
        match action {
            Action::Up => cursor.0 = (cursor.0 + 1).min(rows.saturating_sub(1)),
            Action::Down => cursor.0 = cursor.0.saturating_sub(1),
            Action::ChoiceNext => cursor.1 = (cursor.1 + 1).min(columns.saturating_sub(1)),
            Action::ChoicePrevious => cursor.1 = cursor.1.saturating_sub(1),
            Action::Save => {
                let cell = *cursor;
                self.overlays.pop();
                self.risk_view.filter.cell = Some(cell);
                self.risk_view.apply_filter(&self.workspace);
                self.set_cursor(Screen::Risks, 0);
            }
            _ => {}
        }
    }

    /// The quick add's first step: tick the assets one scenario will name (three
    /// workstations at once), or Enter on one, or on "the whole practice".
    fn open_asset_picker(&mut self) {
        let mut assets: Vec<&crate::domain::Asset> = self.workspace.assets.iter().collect();
        assets.sort_by_key(|asset| asset.name.to_lowercase());
        let rows = std::iter::once(PickRow::new(PRACTICE_WIDE, "The whole practice", "every threat"))
            .chain(
                assets
                    .iter()
                    .map(|asset| PickRow::new(asset.id.to_string(), &asset.name, asset.kind.label())),
            )
            .collect();
        let picker = Picker::new(
            "Add scenarios: 1. the assets",
            "Tick the assets one scenario covers (Space), or Enter on one; next you tick the threats.",
            rows,
            true,
        )
        .or_current();
        self.open(Overlay::Picker {
            picker,
            purpose: Some(PickPurpose::QuickAddAsset),
        });
    }

    /// From the assets picked in the first step: the asset ids, none for the practice.
    pub(super) fn picked_assets(&mut self, chosen: &[String]) {
        let ids: Vec<Id> = chosen
            .iter()
            .filter(|key| key.as_str() != PRACTICE_WIDE)
            .filter_map(|key| key.parse().ok())
            .collect();
        self.open_threat_picker(ids);
    }

    /// F2 on a form's field: the inventory to tick the scenario's assets in, those the
    /// field names already ticked. Only the assets field has a list.
    pub(super) fn open_field_picker(&mut self, field: &'static str, current: &str) {
        if field != "assets" {
            return;
        }
        let named: Vec<String> = current
            .split(';')
            .map(|name| name.trim().to_lowercase())
            .filter(|name| !name.is_empty())
            .collect();
        let mut assets: Vec<&crate::domain::Asset> = self.workspace.assets.iter().collect();
        assets.sort_by_key(|asset| asset.name.to_lowercase());
        let rows = assets
            .iter()
            .map(|asset| {
                PickRow::new(asset.id.to_string(), &asset.name, asset.kind.label())
                    .checked(named.contains(&asset.name.to_lowercase()))
            })
            .collect();
        let picker = Picker::new(
            "The scenario's assets",
            "Tick every asset the scenario concerns (Space); none ticked is practice-wide.",
            rows,
            true,
        )
        .or_current();
        self.open(Overlay::Picker {
            picker,
            purpose: Some(PickPurpose::FieldList(field)),
        });
    }

    /// The assets ticked for a form's field, handed back to the form as names.
    pub(super) fn picked_for_field(&mut self, field: &'static str, chosen: &[String]) {
        let names: Vec<&str> = chosen
            .iter()
            .filter_map(|id| id.parse().ok())
            .filter_map(|id| self.workspace.asset(id))
            .map(|asset| asset.name.as_str())
            .collect();
        let text = names.join("; ");
        self.send(Command::Reply(crate::tui::overlays::Reply::Picked { field, text }));
    }

    /// Second step of the quick add: the threats for the assets' kinds, ticked together.
    pub(super) fn open_threat_picker(&mut self, asset_ids: Vec<Id>) {
        let assets: Vec<&crate::domain::Asset> = asset_ids.iter().filter_map(|id| self.workspace.asset(*id)).collect();
        let threats: Vec<&crate::catalog::Threat> = if assets.is_empty() {
            self.catalog.threats.iter().collect()
        } else {
            // Threats for any of the kinds, in the library's order.
            self.catalog
                .threats
                .iter()
                .filter(|threat| assets.iter().any(|asset| threat.asset_kinds.contains(&asset.kind)))
                .collect()
        };
        let already = |key: &str| {
            self.workspace.risks.iter().any(|risk| {
                risk.threat_key.as_deref() == Some(key)
                    && if asset_ids.is_empty() {
                        risk.asset_ids.is_empty()
                    } else {
                        asset_ids.iter().all(|id| risk.asset_ids.contains(id))
                    }
            })
        };
        let rows = threats
            .iter()
            .map(|threat| {
                let detail = if already(&threat.key) {
                    "already in the register".to_string()
                } else {
                    threat.source.label().to_string()
                };
                PickRow::new(&threat.key, &threat.name, detail)
            })
            .collect();
        let name = match assets.as_slice() {
            [] => "the whole practice".to_string(),
            [only] => only.name.clone(),
            several => format!("{} assets", several.len()),
        };
        let picker = Picker::new(
            format!("Add scenarios: 2. threats to {name}"),
            "Tick every threat that applies (Space), then Enter adds them all, unscored.",
            rows,
            true,
        );
        self.open(Overlay::Picker {
            picker,
            purpose: Some(PickPurpose::QuickAddThreats(asset_ids)),
        });
    }

    fn open_suggestions(&mut self) {
        let suggestions = crate::catalog::suggested_threats(&self.workspace, self.catalog);
        if suggestions.is_empty() {
            self.info(
                "No suggestions: no safeguard is reviewed as partly or not implemented, or their threats are \
                 already in the register"
                    .to_string(),
            );
            return;
        }
        let rows = suggestions
            .iter()
            .map(|(threat, citations)| PickRow::new(&threat.key, &threat.name, citations.join(", ")))
            .collect();
        let picker = Picker::new(
            "Suggested by the safeguard review",
            "Threats that safeguards reviewed as partly or not implemented (or with a question answered no) are meant to stop. Tick to add.",
            rows,
            true,
        );
        self.open(Overlay::Picker {
            picker,
            purpose: Some(PickPurpose::Suggested),
        });
    }

    /// Adds one scenario per chosen threat naming `asset_ids` (none: practice-wide), in
    /// one write, owned by the first asset's owner. The library's vulnerability is not
    /// copied in: scoring offers it to confirm.
    pub(super) fn add_threat_scenarios(&mut self, asset_ids: &[Id], threat_keys: &[String]) {
        if threat_keys.is_empty() {
            self.info("Nothing ticked, nothing added (Space ticks a threat)".to_string());
            return;
        }
        let assessment_id = self.workspace.assessment_id;
        let owner = self.default_owner(asset_ids);
        let risks: Vec<Risk> = threat_keys
            .iter()
            .filter_map(|key| self.catalog.threat(key))
            .map(|threat| Risk {
                owner_id: owner,
                ..threat.scenario(assessment_id, asset_ids.to_vec())
            })
            .collect();
        let count = risks.len();
        let outcome = self.store.add_risks(&risks);
        if let Ok(ids) = &outcome {
            self.pending_risk = ids.first().copied();
            // Show the new ones, wherever the filter was.
            self.risk_view.filter = Default::default();
        }
        let target = match asset_ids {
            [] => "the practice".to_string(),
            [only] => self
                .workspace
                .asset(*only)
                .map_or("the asset".to_string(), |asset| asset.name.clone()),
            several => format!("{} assets", several.len()),
        };
        let scenarios = if count == 1 { "scenario" } else { "scenarios" };
        self.after_write(outcome.map(|_| format!("Added {count} {scenarios} for {target}; s scores one")));
    }

    /// Adds the scenarios the review suggests, each naming the in-scope assets of the kinds
    /// its threat concerns (practice-wide when the inventory has none).
    pub(super) fn add_suggested_scenarios(&mut self, threat_keys: &[String]) {
        if threat_keys.is_empty() {
            self.info("Nothing ticked, nothing added (Space ticks a threat)".to_string());
            return;
        }
        let assessment_id = self.workspace.assessment_id;
        let risks: Vec<Risk> = threat_keys
            .iter()
            .filter_map(|key| self.catalog.threat(key))
            .map(|threat| {
                let asset_ids = matching_assets(&self.workspace.assets, threat);
                Risk {
                    owner_id: self.default_owner(&asset_ids),
                    ..threat.scenario(assessment_id, asset_ids)
                }
            })
            .collect();
        let named = risks.iter().filter(|risk| !risk.asset_ids.is_empty()).count();
        let count = risks.len();
        let outcome = self.store.add_risks(&risks);
        if let Ok(ids) = &outcome {
            self.pending_risk = ids.first().copied();
            self.risk_view.filter = Default::default();
        }
        self.after_write(
            outcome.map(|_| format!("Added {count} suggested scenarios, {named} naming matching assets; s scores one")),
        )
    }

    /// The owner a new scenario takes: that of its first asset with one.
    fn default_owner(&self, asset_ids: &[Id]) -> Option<Id> {
        asset_ids
            .iter()
            .filter_map(|id| self.workspace.asset(*id))
            .find_map(|asset| asset.owner_id)
    }

    fn open_risk_filter(&mut self) {
        let filter = &self.risk_view.filter;
        let Some(matrix) = self.workspace.matrix() else {
            return;
        };
        let any = |labels: Vec<String>| std::iter::once("(any)".to_string()).chain(labels).collect();
        let levels = any(matrix.results.levels.iter().map(|level| level.label.clone()).collect());
        let treatments = any(crate::domain::Treatment::ALL
            .iter()
            .map(|treatment| treatment.label().to_string())
            .collect());
        let people = any(self.workspace.people.iter().map(|person| person.name.clone()).collect());
        let owner_index = filter
            .owner
            .and_then(|id| self.workspace.people.iter().position(|person| person.id == id))
            .map_or(0, |index| index + 1);
        let treatment_index = filter
            .treatment
            .and_then(|treatment| crate::domain::Treatment::ALL.iter().position(|t| *t == treatment))
            .map_or(0, |index| index + 1);
        let form = Form::new(
            "Filter the register",
            vec![
                Field::text("asset", "Asset name has", &filter.asset)
                    .with_help("Part of an asset's name, or practice-wide."),
                Field::choice("level", "Level", levels, filter.level.map_or(0, |level| level + 1)),
                Field::choice("treatment", "Treatment", treatments, treatment_index),
                Field::choice("owner", "Owner", people, owner_index),
            ],
        );
        self.open_form(form, FormTarget::RiskFilter);
    }

    pub(super) fn save_risk_form(&mut self, form: &Form, target: FormTarget) -> Result<String, FieldProblem> {
        let workspace = &self.workspace;
        let risk_of = |id: Id| {
            workspace
                .risk(id)
                .cloned()
                .ok_or(("", "the scenario is gone".to_string()))
        };
        match target {
            FormTarget::NewScenario | FormTarget::EditScenario(_) => {
                let base = match target {
                    FormTarget::EditScenario(id) => risk_of(id)?,
                    _ => editors::blank_scenario(workspace.assessment_id),
                };
                let mut risk =
                    editors::scenario_from_form(form, &base, &workspace.assets, &workspace.people, self.catalog)?;
                let confirmed = base.vulnerability_unconfirmed() && !risk.vulnerability_unconfirmed();
                if risk.id == 0 {
                    // Owned by its asset's owner unless someone was chosen.
                    if risk.owner_id.is_none() {
                        risk.owner_id = self.default_owner(&risk.asset_ids);
                    }
                    let ids = self.store.add_risks(std::slice::from_ref(&risk)).map_err(refused)?;
                    self.pending_risk = ids.first().copied();
                    Ok(format!("Added {}; s scores it", risk.threat))
                } else {
                    self.store.update_risk(&risk).map_err(refused)?;
                    self.pending_risk = Some(risk.id);
                    Ok(if confirmed {
                        format!("Saved {}, its vulnerability confirmed", risk.threat)
                    } else {
                        format!("Saved {}", risk.threat)
                    })
                }
            }
            FormTarget::Score(id) => {
                let risk = editors::score_from_form(form, &risk_of(id)?)?;
                self.store.update_risk(&risk).map_err(refused)?;
                self.pending_risk = Some(id);
                let level = self
                    .workspace
                    .matrix()
                    .and_then(|matrix| Some(matrix.results.label(risk.level(matrix)?)?.to_string()));
                Ok(match level {
                    Some(level) => format!("Scored {}: {level}", risk.threat),
                    None => format!("Saved {}: not scored until both are set", risk.threat),
                })
            }
            FormTarget::Treat(id) => {
                let base = risk_of(id)?;
                let has_actions = workspace.actions_for(id).next().is_some();
                let (risk, first_action) = editors::treatment_from_form(form, &base, &workspace.people, has_actions)?;
                self.store
                    .set_treatment(&risk, first_action.as_ref())
                    .map_err(refused)?;
                self.pending_risk = Some(id);
                Ok(match first_action {
                    Some(planned) => format!(
                        "{}: {}, with the action \"{}\" planned",
                        risk.threat,
                        risk.treatment.label(),
                        planned.title
                    ),
                    None => format!("{}: {}", risk.threat, risk.treatment.label()),
                })
            }
            FormTarget::RiskFilter => {
                let index = |key: &str| form.choice(key).checked_sub(1);
                self.risk_view.filter = crate::tui::risk_view::RiskFilter {
                    cell: self.risk_view.filter.cell,
                    asset: form.text("asset"),
                    level: index("level"),
                    treatment: index("treatment").map(|index| crate::domain::Treatment::ALL[index]),
                    owner: index("owner")
                        .and_then(|index| workspace.people.get(index))
                        .map(|p| p.id),
                };
                self.risk_view.apply_filter(&self.workspace);
                self.set_cursor(Screen::Risks, 0);
                Ok(format!("{} scenarios shown", self.risk_view.rows.len()))
            }
            _ => Err(("", "not a risk form".to_string())),
        }
    }
}

/// A store refusal becomes a problem on the field it names.
pub(super) fn refused(error: StoreError) -> FieldProblem {
    match error {
        StoreError::Refused { field, message } => (field, message),
        other => ("", other.to_string()),
    }
}

/// The in-scope assets whose kind the threat concerns, by id.
fn matching_assets(assets: &[crate::domain::Asset], threat: &crate::catalog::Threat) -> Vec<Id> {
    assets
        .iter()
        .filter(|asset| asset.in_scope() && threat.asset_kinds.contains(&asset.kind))
        .map(|asset| asset.id)
        .collect()
}
