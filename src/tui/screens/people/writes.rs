//! The People screen's writes: a person with their roles, a deletion, a hand-over.

use chrono::NaiveDate;

use crate::domain::{Id, Person, Role};
use crate::store::{Result, Store};
use crate::tui::protocol::{StoreWrite, Written};

/// Why someone removed is not gone from the workspace.
const KEPT: &str = "the signed years still name them";

pub enum PeopleWrite {
    /// A new person (id 0) or an edit, with the roles they hold (and their notes).
    Save {
        person: Person,
        roles: Vec<(Role, String)>,
    },
    Delete(Id),
    /// Everything `from` owns goes to `to` (named `to_name`), then `from` is deleted.
    ReassignAndDelete {
        from: Id,
        to: Id,
        to_name: String,
    },
}

impl PeopleWrite {
    pub fn apply(self, store: &mut Store, _today: NaiveDate) -> Result<Written> {
        match self {
            PeopleWrite::Save { person, roles } => {
                let id = store.save_person(&person, &roles)?;
                Ok(Written::saved(id, format!("Saved {}", person.name)))
            }
            PeopleWrite::Delete(id) => {
                let kept = store.delete_person(id)?;
                Ok(Written::message(match kept {
                    None => "Person deleted".to_string(),
                    Some(_) => format!("Person removed; {KEPT}"),
                }))
            }
            PeopleWrite::ReassignAndDelete { from, to, to_name } => {
                let kept = store.reassign_and_delete_person(from, to)?;
                Ok(Written::message(match kept {
                    None => format!("Reassigned to {to_name} and deleted"),
                    Some(_) => format!("Reassigned to {to_name} and removed; {KEPT}"),
                }))
            }
        }
    }
}

impl StoreWrite for PeopleWrite {
    fn apply(self: Box<Self>, store: &mut Store, today: NaiveDate) -> Result<Written> {
        PeopleWrite::apply(*self, store, today)
    }
}
