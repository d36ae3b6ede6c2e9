//! Every change a component asks of the store, as data: a component sends
//! `Command::Write(Write)` and the app applies it here, in one place, then reloads the
//! snapshot and tells the sender `Reply::Saved` with the record's id. Components never
//! hold the store mutably; this is the only TUI code that writes. One enum per screen
//! (in its screen's `writes`), so each screen's writes read together.

use chrono::NaiveDate;

pub use crate::tui::screens::dashboard::writes::FindingsWrite;
pub use crate::tui::screens::evidence::writes::EvidenceWrite;
pub use crate::tui::screens::inventory::writes::InventoryWrite;
pub use crate::tui::screens::people::writes::PeopleWrite;
pub use crate::tui::screens::practice::writes::PracticeWrite;
pub use crate::tui::screens::remediation::writes::RemediationWrite;
pub use crate::tui::screens::report::writes::ReportWrite;
pub use crate::tui::screens::risks::writes::RisksWrite;
pub use crate::tui::screens::safeguards::writes::SafeguardsWrite;

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
