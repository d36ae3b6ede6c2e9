//! The Report screen's writes: the remembered paper, the sign-off of an export.
//! (Empty until the screen is a component: its writes are still made in `app`.)

use chrono::NaiveDate;

use super::Written;
use crate::store::{Result, Store};

pub enum ReportWrite {}

impl ReportWrite {
    pub fn apply(self, _store: &mut Store, _today: NaiveDate) -> Result<Written> {
        match self {}
    }
}
