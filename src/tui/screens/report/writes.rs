//! The Report screen's writes: the remembered paper, the sign-off of an export.

use chrono::NaiveDate;

use crate::publish::Published;
use crate::report::Paper;
use crate::store::{Result, Store, StoreError};
use crate::tui::protocol::{StoreWrite, Written};

pub enum ReportWrite {
    /// The paper of an export, remembered for the next one (the command line reads the
    /// same setting). Sent only when it changed, so the usual paper writes nothing.
    RememberPaper(Paper),
    /// A final signed export, its files staged: the sign-off and the kept report are
    /// recorded, then the files put in place (`Published::finish`).
    RecordSignOff(Box<Published>),
}

impl ReportWrite {
    pub fn apply(self, store: &mut Store, _today: NaiveDate) -> Result<Written> {
        match self {
            ReportWrite::RememberPaper(paper) => {
                store.set_report_paper(paper.key())?;
                Ok(Written::message(format!(
                    "The report's paper is {} from now on",
                    paper.key()
                )))
            }
            ReportWrite::RecordSignOff(mut published) => {
                // No record to select: the user may be on another screen by now.
                published
                    .finish(store)
                    .map_err(|error| StoreError::Invalid(format!("{error:#}")))?;
                Ok(Written::message(published.summary()))
            }
        }
    }
}

impl StoreWrite for ReportWrite {
    fn apply(self: Box<Self>, store: &mut Store, today: NaiveDate) -> Result<Written> {
        ReportWrite::apply(*self, store, today)
    }
}
