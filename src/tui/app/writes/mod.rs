//! Every change a component asks of the store, as data: a component sends
//! `Command::Write(Write)` and the app applies it here, in one place, then reloads the
//! snapshot and tells the sender `Reply::Saved` with the record's id. Components never
//! hold the store mutably; this is the only TUI code that writes. One enum per screen
//! (in its own file), so each screen's writes read together.

mod people;

use chrono::NaiveDate;

pub use people::PeopleWrite;

use crate::domain::Id;
use crate::store::{Result, Store};

/// A store change asked for by a component.
pub enum Write {
    People(PeopleWrite),
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
            Write::People(write) => write.apply(store, today),
        }
    }
}
