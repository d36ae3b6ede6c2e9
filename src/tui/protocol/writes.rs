//! Every change a component asks of the store, as data: a component sends
//! `Command::Write(Write)` and the app applies it here, in one place, then reloads the
//! snapshot and tells the sender `Reply::Saved` with the record's id. Components never
//! hold the store mutably; the screens' `writes` are the only TUI code that writes. One
//! enum per screen, so each screen's writes read together.

use chrono::NaiveDate;

use crate::domain::Id;
use crate::store::{Result, Store};

/// A store change asked for by a component: one of a screen's writes (one enum per
/// screen, in its `writes`), boxed so the protocol does not name the screens.
pub struct Write(Box<dyn StoreWrite>);

/// What every screen's writes enum is: one store call, one transaction.
pub trait StoreWrite {
    fn apply(self: Box<Self>, store: &mut Store, today: NaiveDate) -> Result<Written>;
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
    pub fn new(write: impl StoreWrite + 'static) -> Write {
        Write(Box::new(write))
    }

    /// Runs the write: one store call, one transaction.
    pub fn apply(self, store: &mut Store, today: NaiveDate) -> Result<Written> {
        self.0.apply(store, today)
    }
}
