//! The yes/no questions of the app: deleting a record, and handing everything a person
//! owns to someone else before deleting them.

use super::{App, MessageKind, Overlay};
use crate::domain::Id;
pub use crate::tui::overlays::Confirm;

/// What a yes/no question does on yes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pending {
    DeleteAsset(Id),
    DeletePerson(Id),
    /// Hand everything to the chosen person, then delete this one.
    ReassignPerson(Id),
    DeleteEvidence(Id),
    DeleteRisk(Id),
    DeleteAction(Id),
    /// Start next year's assessment from the open one.
    StartNext,
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
            pending: Pending::DeleteAsset(asset.id),
        }));
    }

    pub(super) fn ask_delete_person(&mut self) {
        let Some(person) = self.selected_person().cloned() else {
            return;
        };
        let owned = match self.store.ownership_of(person.id) {
            Ok(owned) => owned,
            Err(error) => return self.after_write(Err(error)),
        };
        let confirm = if owned.is_empty() {
            Confirm {
                title: "Delete person".to_string(),
                lines: vec![format!("Delete {}? They own nothing.", person.name)],
                choices: Vec::new(),
                selected: 0,
                pending: Pending::DeletePerson(person.id),
            }
        } else {
            let choices: Vec<(Id, String)> = self
                .workspace
                .people
                .iter()
                .filter(|other| other.id != person.id)
                .map(|other| (other.id, other.name.clone()))
                .collect();
            if choices.is_empty() {
                self.message = Some((
                    MessageKind::Error,
                    format!(
                        "{} owns {}; add someone to take over first",
                        person.name,
                        owned.join(", ")
                    ),
                ));
                return;
            }
            Confirm {
                title: "Reassign before deleting".to_string(),
                lines: vec![
                    format!("{} still owns {}.", person.name, owned.join(", ")),
                    "Choose who takes all of it over (Left/Right), then y to reassign and delete.".to_string(),
                ],
                choices,
                selected: 0,
                pending: Pending::ReassignPerson(person.id),
            }
        };
        self.open(Overlay::Confirm(confirm));
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
            pending: Pending::DeleteEvidence(evidence.id),
        });
    }

    pub(super) fn ask(&mut self, confirm: Confirm) {
        self.open(Overlay::Confirm(confirm));
    }

    /// Yes to a question (the question has closed itself).
    pub(super) fn confirm(&mut self, confirm: Confirm) {
        let outcome = match confirm.pending {
            Pending::DeleteAsset(id) => self.store.delete_asset(id).map(|()| "Asset deleted".to_string()),
            Pending::DeletePerson(id) => self.store.delete_person(id).map(|()| "Person deleted".to_string()),
            Pending::ReassignPerson(id) => match confirm.choices.get(confirm.selected) {
                Some((to, name)) => self
                    .store
                    .reassign_and_delete_person(id, *to)
                    .map(|()| format!("Reassigned to {name} and deleted")),
                None => Ok(String::new()),
            },
            Pending::DeleteEvidence(id) => self
                .store
                .delete_evidence(id)
                .map(|()| "Evidence record deleted".to_string()),
            Pending::DeleteRisk(id) => self.store.delete_risk(id).map(|()| "Scenario deleted".to_string()),
            Pending::DeleteAction(id) => self.store.delete_action(id).map(|()| "Action deleted".to_string()),
            Pending::StartNext => self
                .store
                .next_assessment(&crate::store::NextOptions::default(), self.today)
                .map(|summary| summary.line()),
        };
        self.after_write(outcome);
    }
}
