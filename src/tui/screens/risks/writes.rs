//! The Risks screen's writes: scenarios added (one written, several from the quick add
//! or the review's suggestions), saved (an edit, a score), treated, deleted, and a
//! carried-forward one confirmed. The status
//! line of each is made by the screen, which knows the matrix and the asset names.

use chrono::NaiveDate;

use crate::domain::{Action as PlanAction, CarriedEntity, Id, Risk};
use crate::store::{Result, Store};
use crate::tui::protocol::{StoreWrite, Written};

pub enum RisksWrite {
    /// New scenarios in one write; the first one is selected.
    Add {
        risks: Vec<Risk>,
        message: String,
    },
    /// Every field of an existing scenario (an edit or a score). Boxed, as in `Treat`:
    /// a scenario is large beside the other writes.
    Save {
        risk: Box<Risk>,
        message: String,
    },
    /// The treatment, with the first action a mitigation needs.
    Treat {
        risk: Box<Risk>,
        first_action: Option<Box<PlanAction>>,
        message: String,
    },
    Delete(Id),
    /// A scenario carried forward from last year, confirmed as still right this year.
    ConfirmCarried {
        id: Id,
        threat: String,
    },
}

impl RisksWrite {
    pub fn apply(self, store: &mut Store, _today: NaiveDate) -> Result<Written> {
        match self {
            RisksWrite::Add { risks, message } => {
                let ids = store.add_risks(&risks)?;
                Ok(Written {
                    message,
                    id: ids.first().copied(),
                })
            }
            RisksWrite::Save { risk, message } => {
                store.update_risk(&risk)?;
                Ok(Written::saved(risk.id, message))
            }
            RisksWrite::Treat {
                risk,
                first_action,
                message,
            } => {
                store.set_treatment(&risk, first_action.as_deref())?;
                Ok(Written::saved(risk.id, message))
            }
            RisksWrite::ConfirmCarried { id, threat } => {
                store.confirm_carried(CarriedEntity::Risk, id)?;
                Ok(Written::saved(
                    id,
                    format!("{threat}: last year's rating and rationale confirmed for this assessment"),
                ))
            }
            RisksWrite::Delete(id) => {
                store.delete_risk(id)?;
                Ok(Written::message("Scenario deleted"))
            }
        }
    }
}

impl StoreWrite for RisksWrite {
    fn apply(self: Box<Self>, store: &mut Store, today: NaiveDate) -> Result<Written> {
        RisksWrite::apply(*self, store, today)
    }
}
