//! The writes that resolve findings, from the Dashboard (and the Inventory's coverage
//! note): acknowledging a finding, a coverage note, confirming a carried record.

use chrono::NaiveDate;

use crate::domain::{Acknowledgment, CarriedEntity, CoverageNote, Id, Labeled};
use crate::store::{Result, Store};
use crate::tui::protocol::{StoreWrite, Written};

pub enum FindingsWrite {
    /// `message` is the finding's, for the status bar.
    Acknowledge {
        acknowledgment: Acknowledgment,
        message: String,
    },
    /// The asset's coverage note (`asset`: its name, for the status bar).
    CoverageNote { note: CoverageNote, asset: String },
    /// Last year's acknowledgment or coverage note, confirmed for this assessment.
    ConfirmCarried { entity: CarriedEntity, id: Id },
}

impl FindingsWrite {
    pub fn apply(self, store: &mut Store, _today: NaiveDate) -> Result<Written> {
        match self {
            FindingsWrite::Acknowledge {
                acknowledgment,
                message,
            } => {
                store.acknowledge(&acknowledgment)?;
                Ok(Written::message(format!("Acknowledged: {message}")))
            }
            FindingsWrite::CoverageNote { note, asset } => {
                store.save_coverage_note(&note)?;
                Ok(Written::message(format!("Coverage note saved for {asset}")))
            }
            FindingsWrite::ConfirmCarried { entity, id } => {
                store.confirm_carried(entity, id)?;
                Ok(Written::message(format!(
                    "Last year's {} confirmed for this assessment",
                    entity.label().to_lowercase()
                )))
            }
        }
    }
}

impl StoreWrite for FindingsWrite {
    fn apply(self: Box<Self>, store: &mut Store, today: NaiveDate) -> Result<Written> {
        FindingsWrite::apply(*self, store, today)
    }
}
