//! Every change a component asks of the store, as data: a component sends
//! `Command::Write(Write)` and the app applies it here, in one place, then reloads the
//! snapshot and tells the sender `Reply::Saved` with the record's id. Components never
//! hold the store mutably; this is the only TUI code that writes. One enum per screen
//! (in its own file), so each screen's writes read together.

mod evidence;
mod findings;
mod inventory;
mod people;
mod practice;
mod remediation;
mod report;
mod risks;
mod safeguards;

use chrono::NaiveDate;

pub use evidence::EvidenceWrite;
pub use findings::FindingsWrite;
pub use inventory::InventoryWrite;
pub use people::PeopleWrite;
pub use practice::PracticeWrite;
pub use remediation::RemediationWrite;
pub use report::ReportWrite;
pub use risks::RisksWrite;
pub use safeguards::SafeguardsWrite;

use crate::domain::Id;
use crate::store::{Result, Store};

/// A store change asked for by a component.
pub enum Write {
    Practice(PracticeWrite),
    People(PeopleWrite),
    Inventory(InventoryWrite),
    Findings(FindingsWrite),
    Safeguards(SafeguardsWrite),
    Evidence(EvidenceWrite),
    Risks(RisksWrite),
    Remediation(RemediationWrite),
    Report(ReportWrite),
}

/// What a write did: the status bar's message, and the record it saved (to select).
pub struct Written {
    pub message: String,
    pub id: Option<Id>,
}

impl Written {
    pub fn message(message: impl Into<String>) -> Written {
        Written {
            message: message.into(),
            id: None,
        }
    }

    pub fn saved(id: Id, message: impl Into<String>) -> Written {
        Written {
            message: message.into(),
            id: Some(id),
        }
    }
}

impl Write {
    /// Runs the write: one store call, one transaction.
    pub fn apply(self, store: &mut Store, today: NaiveDate) -> Result<Written> {
        match self {
            Write::Practice(write) => write.apply(store, today),
            Write::People(write) => write.apply(store, today),
            Write::Inventory(write) => write.apply(store, today),
            Write::Findings(write) => write.apply(store, today),
            Write::Safeguards(write) => write.apply(store, today),
            Write::Evidence(write) => write.apply(store, today),
            Write::Risks(write) => write.apply(store, today),
            Write::Remediation(write) => write.apply(store, today),
            Write::Report(write) => write.apply(store, today),
        }
    }
}
