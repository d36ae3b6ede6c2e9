//! The Practice screen's writes: the profile, next year's assessment, switching years.
//! (Empty until the screen is a component: its writes are still made in `app`.)

use chrono::NaiveDate;

use super::Written;
use crate::store::{Result, Store};

pub enum PracticeWrite {}

impl PracticeWrite {
    pub fn apply(self, _store: &mut Store, _today: NaiveDate) -> Result<Written> {
        match self {}
    }
}
