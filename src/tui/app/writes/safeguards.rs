//! The Safeguards screen's writes: a safeguard item's review.
//! (Empty until the screen is a component: its writes are still made in `app`.)

use chrono::NaiveDate;

use super::Written;
use crate::store::{Result, Store};

pub enum SafeguardsWrite {}

impl SafeguardsWrite {
    pub fn apply(self, _store: &mut Store, _today: NaiveDate) -> Result<Written> {
        match self {}
    }
}
