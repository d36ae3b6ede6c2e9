//! People and the security roles they hold.

use super::sql::key;
use super::{Result, Store, StoreError};
use crate::domain::{Id, Labeled, Person, Role, RoleAssignment};

impl Store {
    pub fn people(&self) -> Result<Vec<Person>> {
        let mut statement = self
            .conn
            .prepare("SELECT id, name, title, contact FROM people ORDER BY name, id")?;
        let rows = statement.query_map([], |row| {
            Ok(Person {
                id: row.get(0)?,
                name: row.get(1)?,
                title: row.get(2)?,
                contact: row.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn person(&self, id: Id) -> Result<Person> {
        self.people()?
            .into_iter()
            .find(|person| person.id == id)
            .ok_or_else(|| StoreError::Missing {
                entity: "person",
                id: id.to_string(),
            })
    }

    /// Adds a person with no roles; returns their id.
    pub fn add_person(&mut self, person: &Person) -> Result<Id> {
        self.save_person(
            &Person {
                id: 0,
                ..person.clone()
            },
            &[],
        )
    }

    pub fn update_person(&mut self, person: &Person) -> Result<()> {
        require_text("person name", &person.name)?;
        self.person(person.id)?;
        self.write(|tx| {
            tx.execute(
                "UPDATE people SET name = ?2, title = ?3, contact = ?4 WHERE id = ?1",
                (person.id, &person.name, &person.title, &person.contact),
            )?;
            Ok(())
        })
    }

    /// What a person still owns or holds, in words, so nobody is deleted silently.
    pub fn ownership_of(&self, person_id: Id) -> Result<Vec<String>> {
        const OWNED: [(&str, &str); 8] = [
            ("role", "SELECT count(*) FROM role_assignments WHERE person_id = ?1"),
            ("asset", "SELECT count(*) FROM assets WHERE owner_id = ?1"),
            (
                "safeguard review",
                "SELECT count(*) FROM safeguard_reviews WHERE owner_id = ?1",
            ),
            ("risk", "SELECT count(*) FROM risks WHERE owner_id = ?1"),
            ("risk acceptance", "SELECT count(*) FROM risks WHERE accepted_by = ?1"),
            ("action", "SELECT count(*) FROM actions WHERE owner_id = ?1"),
            ("evidence record", "SELECT count(*) FROM evidence WHERE owner_id = ?1"),
            (
                "acknowledgment",
                "SELECT count(*) FROM acknowledgments WHERE person_id = ?1",
            ),
        ];
        let mut owned = Vec::new();
        for (what, sql) in OWNED {
            let count: i64 = self.conn.query_row(sql, [person_id], |row| row.get(0))?;
            if count > 0 {
                owned.push(format!("{count} {what}{}", if count == 1 { "" } else { "s" }));
            }
        }
        Ok(owned)
    }

    /// Deletes a person who owns nothing; otherwise says what they own.
    pub fn delete_person(&mut self, id: Id) -> Result<()> {
        let before = self.person(id)?;
        let owned = self.ownership_of(id)?;
        if !owned.is_empty() {
            return Err(StoreError::Invalid(format!(
                "{} still owns {}; reassign those first",
                before.name,
                owned.join(", ")
            )));
        }
        self.write(|tx| {
            tx.execute("DELETE FROM people WHERE id = ?1", [id])?;
            Ok(())
        })
    }

    /// Makes a person's roles exactly `wanted` (role, custom label) in one transaction.
    pub fn set_person_roles(&mut self, person_id: Id, wanted: &[(Role, String)]) -> Result<()> {
        let person = self.person(person_id)?;
        self.save_person(&person, wanted).map(|_| ())
    }

    /// Adds (id 0) or updates a person and makes their roles exactly `wanted`, in one
    /// transaction; returns the person's id.
    pub fn save_person(&mut self, person: &Person, wanted: &[(Role, String)]) -> Result<Id> {
        require_text("person name", &person.name)?;
        let wanted: Vec<(Role, String)> = wanted
            .iter()
            .map(|(role, label)| {
                (
                    *role,
                    if *role == Role::Custom {
                        label.trim().to_string()
                    } else {
                        String::new()
                    },
                )
            })
            .collect();
        let before = if person.id == 0 {
            None
        } else {
            Some(self.person(person.id)?)
        };
        let current: Vec<RoleAssignment> = self
            .role_assignments()?
            .into_iter()
            .filter(|assignment| assignment.person_id == person.id)
            .collect();
        self.write(|tx| {
            let id = match &before {
                None => {
                    tx.execute(
                        "INSERT INTO people (name, title, contact) VALUES (?1, ?2, ?3)",
                        (&person.name, &person.title, &person.contact),
                    )?;
                    tx.last_insert_rowid()
                }
                Some(_) => {
                    tx.execute(
                        "UPDATE people SET name = ?2, title = ?3, contact = ?4 WHERE id = ?1",
                        (person.id, &person.name, &person.title, &person.contact),
                    )?;
                    person.id
                }
            };
            for assignment in &current {
                if !wanted.contains(&(assignment.role, assignment.custom_label.clone())) {
                    tx.execute("DELETE FROM role_assignments WHERE id = ?1", [assignment.id])?;
                }
            }
            for (role, label) in &wanted {
                let held = current
                    .iter()
                    .any(|assignment| assignment.role == *role && assignment.custom_label == *label);
                if !held {
                    tx.execute(
                        "INSERT OR IGNORE INTO role_assignments (person_id, role, custom_label) VALUES (?1, ?2, ?3)",
                        (id, role.key(), label),
                    )?;
                }
            }
            Ok(id)
        })
    }

    /// Hands everything a person owns or holds to another person, then deletes them, in
    /// one transaction. Every row changed gets its own change-log row.
    pub fn reassign_and_delete_person(&mut self, from: Id, to: Id) -> Result<()> {
        if from == to {
            return Err(StoreError::Invalid("choose someone else to take over".to_string()));
        }
        self.person(from)?;
        self.person(to)?;
        const OWNER_COLUMNS: [(&str, &str); 8] = [
            ("role_assignments", "person_id"),
            ("assets", "owner_id"),
            ("safeguard_reviews", "owner_id"),
            ("risks", "owner_id"),
            ("risks", "accepted_by"),
            ("actions", "owner_id"),
            ("evidence", "owner_id"),
            ("acknowledgments", "person_id"),
        ];
        self.write(|tx| {
            for (table, column) in OWNER_COLUMNS {
                if table == "role_assignments" {
                    // A role the new holder already has would be a duplicate: drop it instead.
                    tx.execute(
                        "DELETE FROM role_assignments WHERE person_id = ?1 AND EXISTS (SELECT 1 FROM role_assignments o
                             WHERE o.person_id = ?2 AND o.role = role_assignments.role
                             AND o.custom_label = role_assignments.custom_label)",
                        (from, to),
                    )?;
                }
                tx.execute(
                    &format!("UPDATE {table} SET {column} = ?2 WHERE {column} = ?1"),
                    (from, to),
                )?;
            }
            tx.execute("DELETE FROM people WHERE id = ?1", [from])?;
            Ok(())
        })
    }

    pub fn role_assignments(&self) -> Result<Vec<RoleAssignment>> {
        let mut statement = self
            .conn
            .prepare("SELECT id, person_id, role, custom_label FROM role_assignments ORDER BY id")?;
        let rows = statement.query_map([], |row| {
            Ok(RoleAssignment {
                id: row.get(0)?,
                person_id: row.get(1)?,
                role: key(row, 2)?,
                custom_label: row.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn assign_role(&mut self, person_id: Id, role: Role, custom_label: &str) -> Result<Id> {
        if role == Role::Custom {
            require_text("custom role name", custom_label)?;
        }
        let label = if role == Role::Custom { custom_label } else { "" };
        self.person(person_id)?;
        self.write(|tx| {
            tx.execute(
                "INSERT INTO role_assignments (person_id, role, custom_label) VALUES (?1, ?2, ?3)",
                (person_id, role.key(), label),
            )?;
            Ok(tx.last_insert_rowid())
        })
    }

    pub fn remove_role(&mut self, assignment_id: Id) -> Result<()> {
        if !self
            .role_assignments()?
            .iter()
            .any(|assignment| assignment.id == assignment_id)
        {
            return Err(StoreError::Missing {
                entity: "role assignment",
                id: assignment_id.to_string(),
            });
        }
        self.write(|tx| {
            tx.execute("DELETE FROM role_assignments WHERE id = ?1", [assignment_id])?;
            Ok(())
        })
    }
}

/// Refuses an empty or blank required text field, naming it.
pub(super) fn require_text(field: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(StoreError::Invalid(format!("{field} cannot be empty")));
    }
    Ok(())
}
