//! The Dashboard's writes: acknowledging a finding, confirming a carried record.
//! (Empty until the screen is a component: its writes are still made in `app`.)

use chrono::NaiveDate;

use super::Written;
use crate::store::{Result, Store};

pub enum FindingsWrite {}

impl FindingsWrite {
    pub fn apply(self, _store: &mut Store, _today: NaiveDate) -> Result<Written> {
        match self {}
    }
}
