//! Saving forms: the one `save_form` that every form's Enter goes through, which hands a
//! form opened by a component back to it and the other kinds of form to their screen's
//! module (the screens not yet components).

use super::{App, FormTarget, Overlay};
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
        match target {
            FormTarget::NewScenario
            | FormTarget::EditScenario(_)
            | FormTarget::Score(_)
            | FormTarget::Treat(_)
            | FormTarget::RiskFilter => self.save_risk_form(form, target),
            FormTarget::NewAction(_) | FormTarget::EditAction(_) => self.save_action_form(form, target),
        }
    }
}
