//! The remediation plan's writes: an action planned, saved, deleted. (The Risks screen's
//! "plan an action" sends the same `Add`.)

use chrono::NaiveDate;

use crate::domain::{Action as PlanAction, Id};
use crate::store::{Result, Store};
use crate::tui::protocol::{StoreWrite, Written};

pub enum RemediationWrite {
    /// A new action (id 0) for its risk. Boxed: an action is large beside the other writes.
    Add(Box<PlanAction>),
    /// An action saved, with the reason its due date moves (empty when it does not).
    Save(Box<PlanAction>, String),
    Delete(Id),
}

impl RemediationWrite {
    pub fn apply(self, store: &mut Store, _today: NaiveDate) -> Result<Written> {
        match self {
            RemediationWrite::Add(planned) => {
                let id = store.add_action(&planned)?;
                Ok(Written::saved(id, format!("Planned: {}", planned.title)))
            }
            RemediationWrite::Save(planned, due_reason) => {
                store.update_action_moving_due(&planned, &due_reason)?;
                Ok(Written::saved(planned.id, format!("Saved {}", planned.title)))
            }
            RemediationWrite::Delete(id) => {
                store.delete_action(id)?;
                Ok(Written::message("Action deleted"))
            }
        }
    }
}

impl StoreWrite for RemediationWrite {
    fn apply(self: Box<Self>, store: &mut Store, today: NaiveDate) -> Result<Written> {
        RemediationWrite::apply(*self, store, today)
    }
}
