//! Opening and saving forms: the practice profile, people and assets, and the one
//! `save_form` that every form's Enter goes through, which hands the other kinds of form
//! to their screen's module.

use super::{App, FormTarget, Overlay};
use crate::domain::{Asset, Id, InventoryPrompt, Labeled, PromptAnswer, PromptRecord};
use crate::store::StoreError;
use crate::tui::editors;
use crate::tui::form::Form;
use crate::tui::overlays::Reply;

impl App {
    pub(super) fn open_practice_form(&mut self, title: &str) {
        if let Some(assessment) = self.workspace.assessment() {
            let official = self
                .workspace
                .holders(crate::domain::Role::SecurityOfficial)
                .next()
                .map(|person| person.name.as_str());
            let form = editors::practice_form(title, &self.workspace.practice, assessment, official);
            self.open(Overlay::Form {
                form,
                target: Some(FormTarget::Practice),
            });
        }
    }

    pub(super) fn open_asset_form(&mut self, id: Option<Id>, prompt: Option<InventoryPrompt>) {
        let (asset, title, target) = match id.and_then(|id| self.workspace.asset(id)) {
            Some(asset) => (asset.clone(), "Edit asset".to_string(), FormTarget::EditAsset(asset.id)),
            None => {
                let kind = prompt.map_or(crate::domain::AssetKind::System, InventoryPrompt::suggested_kind);
                let title = prompt.map_or("Add an asset".to_string(), |prompt| format!("Add: {}", prompt.label()));
                (self.blank_asset(kind), title, FormTarget::NewAsset(prompt))
            }
        };
        let form = editors::asset_form(&title, &asset, &self.workspace.people);
        self.open(Overlay::Form {
            form,
            target: Some(target),
        });
    }

    pub(super) fn blank_asset(&self, kind: crate::domain::AssetKind) -> Asset {
        Asset {
            id: 0,
            assessment_id: self.workspace.assessment_id,
            name: String::new(),
            kind,
            description: String::new(),
            location: String::new(),
            owner_id: None,
            ephi: crate::domain::EphiActions::ALL,
            record_count: None,
            criticality: crate::domain::Criticality::Unknown,
            encrypted_at_rest: crate::domain::Encryption::Unknown,
            last_reviewed: Some(self.today),
            notes: String::new(),
            vendor: None,
        }
    }

    /// Saves the open form; on a problem the form stays open with the message.
    pub(super) fn submit_form(&mut self) {
        let Some(Overlay::Form { form, target }) = self.overlays.pop() else {
            return;
        };
        // A form opened by a component goes back to it, the layer now on top.
        let Some(target) = target else {
            return self.deliver(Reply::Submitted(form));
        };
        if target == FormTarget::ExportReport {
            return self.submit_export(form);
        }
        let outcome = self.save_form(&form, target);
        match outcome {
            // The form is already off the stack: what was below it (the checklist) shows.
            Ok(message) => self.after_write(Ok(message)),
            Err((field, problem)) => {
                let mut form = form;
                form.fail(field, problem);
                self.open(Overlay::Form {
                    form,
                    target: Some(target),
                });
            }
        }
    }

    pub(super) fn save_form(&mut self, form: &Form, target: FormTarget) -> Result<String, editors::FieldProblem> {
        let store_problem = |error: StoreError| ("", error.to_string());
        match target {
            FormTarget::Practice => {
                let assessment = self
                    .workspace
                    .assessment()
                    .cloned()
                    .ok_or(("", "no assessment".to_string()))?;
                let (practice, assessment) = editors::practice_from_form(form, &assessment)?;
                self.store.save_profile(&practice, &assessment).map_err(store_problem)?;
                Ok("Practice profile saved".to_string())
            }
            FormTarget::NewAsset(prompt) => {
                let base = self.blank_asset(crate::domain::AssetKind::System);
                let asset = editors::asset_from_form(form, &base, &self.workspace.people)?;
                let id = self.store.add_asset(&asset).map_err(store_problem)?;
                if let Some(prompt) = prompt {
                    let record = PromptRecord {
                        prompt,
                        answer: PromptAnswer::AssetsAdded,
                        note: String::new(),
                    };
                    self.store
                        .answer_prompt(self.workspace.assessment_id, &record)
                        .map_err(store_problem)?;
                }
                self.pending_selection = Some(id);
                Ok(format!("Added {}", asset.name))
            }
            FormTarget::EditAsset(id) => {
                let base = self
                    .workspace
                    .asset(id)
                    .cloned()
                    .ok_or(("", "the asset is gone".to_string()))?;
                let asset = editors::asset_from_form(form, &base, &self.workspace.people)?;
                self.store.update_asset(&asset).map_err(store_problem)?;
                self.pending_selection = Some(id);
                Ok(format!("Saved {}", asset.name))
            }
            FormTarget::Review(index) => {
                let item = &self.catalog.items[index];
                let base = self.review_of(index);
                let review = editors::review_from_form(form, item, &base, &self.workspace.people, self.today)?;
                self.store.save_review(&review).map_err(store_problem)?;
                Ok(format!("Saved the review of {}", item.citation))
            }
            // Taken by `submit_export` before this.
            FormTarget::ExportReport => Err(("", "the export is saved on its own".to_string())),
            FormTarget::NewEvidence | FormTarget::EditEvidence(_) | FormTarget::SaveEvidenceFile(_) => {
                self.save_evidence_form(form, target)
            }
            FormTarget::Acknowledge(_) | FormTarget::CoverageNote(_) => self.save_resolution_form(form, target),
            FormTarget::ImportCsv => {
                let path = std::path::PathBuf::from(form.text("path"));
                let assessment_id = self.workspace.assessment_id;
                let count = match self.read_input.take() {
                    // Read and checked on the worker for this save: only the store write is left.
                    Some(super::ReadInput::Csv { path: read, table }) if read == path => self
                        .store
                        .import_asset_table(assessment_id, &table)
                        .map_err(|error| ("path", error.to_string()))?,
                    _ if crate::tui::worker::is_large(&path) => {
                        let problem = if self.start_job(crate::tui::worker::Job::ParseCsv { path: path.clone() }) {
                            format!("Reading {} in the background: imported once read", path.display())
                        } else {
                            "other work is running; press Enter again once it is done".to_string()
                        };
                        return Err(("path", problem));
                    }
                    _ => crate::tui::import::import_csv(&mut self.store, assessment_id, &path)
                        .map_err(|problem| ("path", problem))?,
                };
                let total = count.added + count.updated + count.unchanged;
                if count.not_seen.is_empty() {
                    return Ok(format!("Imported {total} assets from {}: {count}", path.display()));
                }
                // Next year's inventory refresh: last year's assets the file lacked come
                // first, so the status bar shows them at 80 columns.
                let names: Vec<String> = count
                    .not_seen
                    .iter()
                    .map(|(id, name)| format!("#{id} {name}"))
                    .collect();
                Ok(format!(
                    "Not in the file, from last year: {} (R retires) · imported {total}: {count}",
                    names.join(", ")
                ))
            }
        }
    }

    /// The export form's Enter: a missing key is offered to be made first (a window over
    /// the form, which signs once the key exists); the checks and the key's password are
    /// tried at once, so a refusal keeps the form open on its field; the rendering and
    /// writing then run on the worker while the user goes on working.
    fn submit_export(&mut self, mut form: Form) {
        let target = FormTarget::ExportReport;
        let request = match editors::export_from_form(&form, self.today) {
            Ok(request) => request,
            Err((field, problem)) => {
                form.fail(field, problem);
                return self.open(Overlay::Form {
                    form,
                    target: Some(target),
                });
            }
        };
        if self.worker.busy() {
            form.fail(
                "output",
                "an export or a key is still being made; wait for it to finish",
            );
            return self.open(Overlay::Form {
                form,
                target: Some(target),
            });
        }
        if let Some(source) = &request.sign
            && !source.path.exists()
        {
            let keygen = crate::tui::overlays::KeyGen::new(&source.path.display().to_string());
            self.open(Overlay::Form {
                form,
                target: Some(target),
            });
            return self.open(Overlay::KeyGen(keygen));
        }
        match crate::publish::prepare(&self.store, &request) {
            Ok(prepared) => {
                self.remember_paper(request.paper);
                if self.start_job(crate::tui::worker::Job::Export(Box::new(prepared))) {
                    self.info("Exporting the report…".to_string());
                }
            }
            Err(error) => {
                let message = format!("{error:#}");
                // A refused draft is about the choice, not the password.
                let field = if message.contains("is a DRAFT") {
                    "sign"
                } else if request.sign.is_some() {
                    "password"
                } else {
                    "output"
                };
                form.fail(field, message);
                self.open(Overlay::Form {
                    form,
                    target: Some(target),
                });
            }
        }
    }
}
