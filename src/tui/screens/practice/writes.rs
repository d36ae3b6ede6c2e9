//! The Practice screen's writes (and the first-run wizard's): the profile, switching
//! years. Next year's assessment is started on the worker (`worker::Job::NextYear`).

use chrono::NaiveDate;

use crate::domain::{Assessment, Id, Practice};
use crate::store::{Result, Store};
use crate::tui::protocol::{StoreWrite, Written};

pub enum PracticeWrite {
    /// The practice profile with the open assessment's title, period and methodology.
    // Boxed: an assessment is large beside the other writes.
    Profile {
        practice: Box<Practice>,
        assessment: Box<Assessment>,
    },
    /// Open another assessment (`title`, for the message).
    Switch { id: Id, title: String },
}

impl PracticeWrite {
    pub fn apply(self, store: &mut Store, _today: NaiveDate) -> Result<Written> {
        match self {
            PracticeWrite::Profile { practice, assessment } => {
                store.save_profile(&practice, &assessment)?;
                Ok(Written::message("Practice profile saved"))
            }
            PracticeWrite::Switch { id, title } => {
                store.set_current_assessment(id)?;
                Ok(Written::message(format!("Opened {title}")))
            }
        }
    }
}

impl StoreWrite for PracticeWrite {
    fn apply(self: Box<Self>, store: &mut Store, today: NaiveDate) -> Result<Written> {
        PracticeWrite::apply(*self, store, today)
    }
}
