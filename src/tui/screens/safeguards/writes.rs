//! The Safeguards screen's writes: a safeguard item's review, and confirming a review
//! carried forward from last year unchanged.

use chrono::NaiveDate;

use crate::domain::{CarriedEntity, Id, SafeguardReview};
use crate::store::{Result, Store};
use crate::tui::protocol::{StoreWrite, Written};

pub enum SafeguardsWrite {
    /// The review of one catalog item (new or changed), for `citation`.
    Review(SafeguardReview),
    /// Last year's review (this record) kept as it is for this assessment.
    ConfirmCarried { review_id: Id, citation: String },
}

impl SafeguardsWrite {
    pub fn apply(self, store: &mut Store, _today: NaiveDate) -> Result<Written> {
        match self {
            SafeguardsWrite::Review(review) => {
                let id = store.save_review(&review)?;
                Ok(Written::saved(id, format!("Saved the review of {}", review.citation)))
            }
            SafeguardsWrite::ConfirmCarried { review_id, citation } => {
                store.confirm_carried(CarriedEntity::Review, review_id)?;
                Ok(Written::message(format!("{citation} confirmed for this assessment")))
            }
        }
    }
}

impl StoreWrite for SafeguardsWrite {
    fn apply(self: Box<Self>, store: &mut Store, today: NaiveDate) -> Result<Written> {
        SafeguardsWrite::apply(*self, store, today)
    }
}
