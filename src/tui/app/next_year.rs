//! Next year in the TUI: the Practice screen starts the next assessment (after asking)
//! and switches between assessments; the Safeguards screen confirms a carried-forward
//! review with one key, the Dashboard a carried-forward acknowledgment or coverage note
//! (on its finding); the Inventory retires an asset the updated spreadsheet no longer
//! lists (after asking).

use super::dialogs::{Confirm, Pending};
use super::{App, MessageKind};
use crate::domain::{CarriedEntity, Labeled, Rule};

impl App {
    pub(super) fn ask_start_next(&mut self) {
        let Some(assessment) = self.workspace.assessment() else {
            return;
        };
        self.ask(Confirm {
            title: "Start the next assessment".to_string(),
            lines: vec![
                format!("Start next year's assessment from \"{}\"?", assessment.title),
                "Assets, reviews, scenarios, open actions and evidence links are carried forward,".to_string(),
                "each marked until you confirm it; this one stays as it is.".to_string(),
            ],
            choices: Vec::new(),
            selected: 0,
            pending: Some(Pending::StartNext),
        });
    }

    /// Opens the assessment after the open one in the list (wrapping round).
    pub(super) fn switch_assessment(&mut self) {
        let assessments = &self.workspace.assessments;
        if assessments.len() < 2 {
            self.message = Some((
                MessageKind::Info,
                "This is the only assessment; n starts the next one".to_string(),
            ));
            return;
        }
        let at = assessments
            .iter()
            .position(|assessment| assessment.id == self.workspace.assessment_id)
            .unwrap_or(0);
        let next = &assessments[(at + 1) % assessments.len()];
        let (id, title) = (next.id, next.title.clone());
        let outcome = self
            .store
            .set_current_assessment(id)
            .map(|()| format!("Opened {title}"));
        self.after_write(outcome);
    }

    /// `R` on the Inventory: asks before retiring the asset under the cursor, which must
    /// have been carried forward from last year (a new one is deleted instead).
    pub(super) fn ask_retire_asset(&mut self) {
        let Some(asset) = self.selected_asset() else { return };
        if self.workspace.carried(CarriedEntity::Asset, asset.id).is_none() {
            self.message = Some((
                MessageKind::Info,
                format!(
                    "\"{}\" was not carried forward from last year: d deletes it",
                    asset.name
                ),
            ));
            return;
        }
        if self.workspace.is_retired(asset.id) {
            self.message = Some((MessageKind::Info, format!("\"{}\" is already retired", asset.name)));
            return;
        }
        let (id, name) = (asset.id, asset.name.clone());
        self.ask(Confirm {
            title: "Retire asset".to_string(),
            lines: vec![
                format!("Retire \"{name}\"? It is no longer in use this year."),
                "It keeps its history and last year's record; it leaves this".to_string(),
                "year's scope and raises no findings.".to_string(),
            ],
            choices: Vec::new(),
            selected: 0,
            pending: Some(Pending::RetireAsset(id)),
        });
    }

    /// `c` on a Dashboard finding: confirms the acknowledgment or coverage note carried
    /// forward from last year that the finding is waiting on.
    pub(super) fn confirm_carried_resolution(&mut self) {
        let Some(finding) = self.selected_finding().cloned() else {
            self.message = Some((MessageKind::Info, "Select a finding in the list first".to_string()));
            return;
        };
        let carried = if finding.rule == Rule::AssetWithoutScenario {
            super::resolve::first_asset(&finding)
                .filter(|asset| self.workspace.needs_confirmation(CarriedEntity::CoverageNote, *asset))
                .map(|asset| (CarriedEntity::CoverageNote, asset))
        } else {
            self.workspace
                .acknowledgments
                .iter()
                .find(|acknowledgment| acknowledgment.finding == finding.key)
                .filter(|acknowledgment| {
                    self.workspace
                        .needs_confirmation(CarriedEntity::Acknowledgment, acknowledgment.id)
                })
                .map(|acknowledgment| (CarriedEntity::Acknowledgment, acknowledgment.id))
        };
        let Some((entity, id)) = carried else {
            self.message = Some((
                MessageKind::Info,
                "Nothing carried forward waits on this finding: a resolves it".to_string(),
            ));
            return;
        };
        let message = format!(
            "Last year's {} confirmed for this assessment",
            entity.label().to_lowercase()
        );
        let outcome = self.store.confirm_carried(entity, id).map(|()| message);
        self.after_write(outcome);
    }
}
