//! The People screen's writes: a person with their roles, a deletion, a hand-over.

use chrono::NaiveDate;

use super::Written;
use crate::domain::{Id, Person, Role};
use crate::store::{Result, Store};

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
                store.delete_person(id)?;
                Ok(Written::message("Person deleted"))
            }
            PeopleWrite::ReassignAndDelete { from, to, to_name } => {
                store.reassign_and_delete_person(from, to)?;
                Ok(Written::message(format!("Reassigned to {to_name} and deleted")))
            }
        }
    }
}
