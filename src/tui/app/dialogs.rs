//! The yes/no questions of the screens that are not yet components: deleting a record,
//! starting next year, retiring an asset. (A component asks its own and acts on the
//! `Reply::Confirmed` it gets back.)

use super::{App, Overlay};
use crate::domain::Id;
pub use crate::tui::overlays::Confirm;

/// What a yes/no question does on yes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pending {
    DeleteAsset(Id),
    DeleteEvidence(Id),
    /// Start next year's assessment from the open one.
    StartNext,
    /// Retire a carried-forward asset (next year's inventory refresh).
    RetireAsset(Id),
}

impl App {
    pub(super) fn ask_delete_asset(&mut self) {
        let Some(asset) = self.selected_asset() else { return };
        let linked = self
            .workspace
            .risks
            .iter()
            .filter(|risk| risk.asset_ids.contains(&asset.id))
            .count();
        let mut lines = vec![format!("Delete \"{}\"?", asset.name)];
        if linked > 0 {
            lines.push(format!(
                "It is named in {linked} risk scenario(s); they will no longer list it."
            ));
        }
        lines.push("The change log keeps a record of what it was.".to_string());
        self.open(Overlay::Confirm(Confirm {
            title: "Delete asset".to_string(),
            lines,
            choices: Vec::new(),
            selected: 0,
            pending: Some(Pending::DeleteAsset(asset.id)),
        }));
    }

    pub(super) fn ask_delete_evidence(&mut self, evidence: &crate::domain::Evidence) {
        let mut lines = vec![format!("Delete \"{}\"?", evidence.title)];
        if let Some(file) = &evidence.file {
            lines.push(format!(
                "Its stored file {} goes too; save it out first (o) if you need it.",
                file.file_name
            ));
        }
        lines.push("The change log keeps a record of what it was.".to_string());
        self.ask(Confirm {
            title: "Delete evidence".to_string(),
            lines,
            choices: Vec::new(),
            selected: 0,
            pending: Some(Pending::DeleteEvidence(evidence.id)),
        });
    }

    pub(super) fn ask(&mut self, confirm: Confirm) {
        self.open(Overlay::Confirm(confirm));
    }

    /// Yes to a question (the question has closed itself).
    pub(super) fn confirm(&mut self, confirm: Confirm) {
        let Some(pending) = confirm.pending else { return };
        let outcome = match pending {
            Pending::DeleteAsset(id) => self.store.delete_asset(id).map(|()| "Asset deleted".to_string()),
            Pending::DeleteEvidence(id) => self
                .store
                .delete_evidence(id)
                .map(|()| "Evidence record deleted".to_string()),
            Pending::RetireAsset(id) => self.store.retire_assets(&[id], self.today).map(|names| {
                format!(
                    "Retired {}: kept with its history, out of this year's scope",
                    names.join(", ")
                )
            }),
            Pending::StartNext => self
                .store
                .next_assessment(&crate::store::NextOptions::default(), self.today)
                .map(|summary| summary.line()),
        };
        self.after_write(outcome);
    }
}
