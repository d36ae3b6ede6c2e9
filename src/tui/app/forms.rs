//! Saving forms: the one `save_form` that every form's Enter goes through, which hands a
//! form opened by a component back to it and the other kinds of form to their screen's
//! module (the screens not yet components).

use super::{App, FormTarget, Overlay};
use crate::store::StoreError;
use crate::tui::editors;
use crate::tui::form::Form;
use crate::tui::overlays::Reply;

impl App {
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
            FormTarget::NewScenario
            | FormTarget::EditScenario(_)
            | FormTarget::Score(_)
            | FormTarget::Treat(_)
            | FormTarget::RiskFilter => self.save_risk_form(form, target),
            FormTarget::NewAction(_) | FormTarget::EditAction(_) => self.save_action_form(form, target),
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
