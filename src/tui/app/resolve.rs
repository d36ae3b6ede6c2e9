//! Resolving findings from the dashboard and the inventory: acknowledging the selected
//! finding with a written reason, and writing a coverage note on an asset that no
//! scenario names. A finding that only the work can resolve (an item not reviewed, a
//! scenario not scored) is not offered for acknowledgment: the message says what to do.

use super::{App, FormTarget, MessageKind, Overlay};
use crate::domain::{Finding, Id, RecordRef, Rule};
use crate::store::StoreError;
use crate::tui::editors::{self, FieldProblem};
use crate::tui::form::Form;
use crate::tui::screen::Screen;

impl App {
    /// The finding under the dashboard cursor, if the line is one.
    pub(super) fn selected_finding(&self) -> Option<&Finding> {
        self.dashboard
            .get(self.cursor(Screen::Dashboard))
            .and_then(|item| item.finding.as_ref())
    }

    /// `a` on the dashboard: acknowledge the selected finding, or for a coverage finding
    /// write the asset's coverage note.
    pub(super) fn resolve_selected_finding(&mut self) {
        let Some(finding) = self.selected_finding().cloned() else {
            self.message = Some((MessageKind::Info, "Select a finding in the list first".to_string()));
            return;
        };
        if finding.rule == Rule::AssetWithoutScenario {
            if let Some(asset_id) = first_asset(&finding) {
                self.open_coverage_form(asset_id);
            }
            return;
        }
        if !finding.rule.acknowledgeable() {
            self.message = Some((
                MessageKind::Error,
                format!("Only the work resolves this one: {}", finding.resolution),
            ));
            return;
        }
        let official = self.workspace.security_official_ids().first().copied();
        let form = editors::resolve::acknowledge_form(&finding, &self.workspace.people, official);
        let index = self.cursor(Screen::Dashboard);
        self.open(Overlay::Form {
            form,
            target: Some(FormTarget::Acknowledge(index)),
        });
    }

    /// `c` on the inventory or on a coverage finding: the asset's coverage note.
    pub(super) fn open_coverage_form(&mut self, asset_id: Id) {
        let Some(asset) = self.workspace.asset(asset_id) else {
            return;
        };
        let note = self
            .workspace
            .coverage_notes
            .iter()
            .find(|note| note.asset_id == asset_id);
        let form = editors::resolve::coverage_form(&asset.name, note, &self.workspace.risks);
        self.open(Overlay::Form {
            form,
            target: Some(FormTarget::CoverageNote(asset_id)),
        });
    }

    pub(super) fn save_resolution_form(&mut self, form: &Form, target: FormTarget) -> Result<String, FieldProblem> {
        let refused = |field: &'static str| move |error: StoreError| (field, error.to_string());
        match target {
            FormTarget::Acknowledge(index) => {
                let finding = self
                    .dashboard
                    .get(index)
                    .and_then(|item| item.finding.clone())
                    .ok_or(("", "the finding is gone".to_string()))?;
                let acknowledgment = editors::resolve::acknowledgment_from_form(
                    form,
                    &finding,
                    &self.workspace.people,
                    self.workspace.assessment_id,
                    self.today,
                )?;
                self.store.acknowledge(&acknowledgment).map_err(refused("reason"))?;
                Ok(format!("Acknowledged: {}", finding.message))
            }
            FormTarget::CoverageNote(asset_id) => {
                let note = editors::resolve::coverage_from_form(form, asset_id, &self.workspace.risks)?;
                self.store.save_coverage_note(&note).map_err(refused("scenarios"))?;
                let name = self.workspace.asset(asset_id).map_or("", |asset| asset.name.as_str());
                Ok(format!("Coverage note saved for {name}"))
            }
            _ => Err(("", "not a resolution form".to_string())),
        }
    }
}

pub(super) fn first_asset(finding: &Finding) -> Option<Id> {
    finding.records.iter().find_map(|record| match record {
        RecordRef::Asset { id, .. } | RecordRef::Vendor { id, .. } => Some(*id),
        _ => None,
    })
}
