//! The Report screen's writes: the remembered paper, the sign-off of an export.

use chrono::NaiveDate;

use super::Written;
use crate::domain::SignOffRecord;
use crate::report::Paper;
use crate::store::{Result, Store};

pub enum ReportWrite {
    /// The paper of an export, remembered for the next one (the command line reads the
    /// same setting). Sent only when it changed, so the usual paper writes nothing.
    RememberPaper(Paper),
    /// A signed export's sign-off; `summary` is what the export wrote, for the status bar.
    RecordSignOff { record: SignOffRecord, summary: String },
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
            ReportWrite::RecordSignOff { record, summary } => {
                // No record to select: the user may be on another screen by now.
                store.record_sign_off(&record)?;
                Ok(Written::message(summary))
            }
        }
    }
}
