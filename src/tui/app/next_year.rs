//! Next year in the TUI: the Practice screen starts the next assessment (after asking)
//! and switches between assessments; the Safeguards screen confirms a carried-forward
//! review with one key.

use super::dialogs::{Confirm, Pending};
use super::{App, MessageKind};
use crate::domain::CarriedEntity;

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
            pending: Pending::StartNext,
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

    /// Confirms the carried-forward review under the Safeguards cursor.
    pub(super) fn confirm_carried_review(&mut self) {
        let Some(index) = self.selected_item() else { return };
        let citation = &self.catalog.items[index].citation;
        let Some(review) = self.workspace.review(citation) else {
            self.message = Some((MessageKind::Info, format!("{citation} was not carried forward")));
            return;
        };
        if !self.workspace.needs_confirmation(CarriedEntity::Review, review.id) {
            self.message = Some((MessageKind::Info, format!("{citation} needs no confirmation")));
            return;
        }
        let message = format!("{citation} confirmed for this assessment");
        let outcome = self
            .store
            .confirm_carried(CarriedEntity::Review, review.id)
            .map(|()| message);
        self.after_write(outcome);
    }
}
