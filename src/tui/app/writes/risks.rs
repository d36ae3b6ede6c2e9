//! The Risks screen's writes: scenarios, scores, treatments.
//! (Empty until the screen is a component: its writes are still made in `app`.)

use chrono::NaiveDate;

use super::Written;
use crate::store::{Result, Store};

pub enum RisksWrite {}

impl RisksWrite {
    pub fn apply(self, _store: &mut Store, _today: NaiveDate) -> Result<Written> {
        match self {}
    }
}
