//! People and the security roles they hold.
//!
//! People are the practice's, shared by every assessment. A person leaving is removed
//! from the current (unsigned) years: what they own there is handed over, their roles go,
//! and then the row is deleted, unless a signed year's records still name them (an owner,
//! an acceptance, an acknowledgment). Then the row stays, marked `removed_on`, so the
//! signed record is unchanged and still names them, while the current years' lists,
//! pickers and roles leave them out (`leave_out_removed`).

use chrono::NaiveDate;

use rusqlite::{OptionalExtension, Row};

use super::records;
use super::sql::{date_text, key, optional_date};
use super::{Clock, Result, Store, StoreError};
use crate::domain::{Id, Labeled, Person, Role, RoleAssignment, Workspace};

/// The signed assessments, as SQL: those with a sign-off (see `carry`'s guards).
const SIGNED: &str = "(SELECT assessment_id FROM sign_offs)";

/// What a person can own or hold: in words, the table and column, and how a row finds its
/// assessment (None: the practice's, shared by every year).
const OWNED: [(&str, &str, &str, Option<&str>); 13] = [
    ("role", "role_assignments", "person_id", None),
    ("asset", "assets", "owner_id", Some("assessment_id")),
    (
        "safeguard review",
        "safeguard_reviews",
        "owner_id",
        Some("assessment_id"),
    ),
    ("risk", "risks", "owner_id", Some("assessment_id")),
    ("risk acceptance", "risks", "accepted_by", Some("assessment_id")),
    ("action", "actions", "owner_id", Some("assessment_id")),
    ("evidence record", "evidence", "owner_id", None),
    ("acknowledgment", "acknowledgments", "person_id", Some("assessment_id")),
    // Whom they supervise (the workforce): handed over like the rest when they leave.
    ("supervisee", "people", "supervisor_id", None),
    // The policy register's owners, approvers and reviewers (program records, shared).
    ("policy", "policies", "owner_id", None),
    ("policy approval", "policies", "approver_id", None),
    ("policy review", "policy_reviews", "reviewer_id", None),
    // The tester of a contingency test (a program record, shared).
    ("contingency test", "contingency_tests", "tester_id", None),
];

/// The rows of `OWNED` an unsigned year may change: shared ones, and those of an
/// assessment nobody signed.
fn unsigned(scope: Option<&str>) -> String {
    scope.map_or_else(String::new, |scope| format!(" AND {scope} NOT IN {SIGNED}"))
}

impl Store {
    pub fn people(&self) -> Result<Vec<Person>> {
        let sql = format!("{} ORDER BY name, id", records::select::<Person>(&["removed_on"]));
        let mut statement = self.conn.prepare(&sql)?;
        let rows = statement.query_map([], person_from_row)?;
        let mut people: Vec<Person> = rows.collect::<rusqlite::Result<_>>()?;
        crate::domain::order::sort_by_name(&mut people, |person| &person.name);
        Ok(people)
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
        // The fields only: `removed_on` is the store's, set when the person leaves.
        self.write(|tx| records::update(tx.conn(), person, &[]))
    }

    /// What a person still owns or holds in the current (unsigned) years, in words, so
    /// nobody is deleted silently. A signed year's records are not counted: they stay as
    /// signed, naming the person, whatever happens to them (see `delete_person`).
    pub fn ownership_of(&self, person_id: Id) -> Result<Vec<String>> {
        let mut owned = Vec::new();
        for (what, table, column, scope) in OWNED {
            let sql = format!("SELECT count(*) FROM {table} WHERE {column} = ?1{}", unsigned(scope));
            let count: i64 = self.conn.query_row(&sql, [person_id], |row| row.get(0))?;
            if count > 0 {
                owned.push(format!("{count} {what}{}", if count == 1 { "" } else { "s" }));
            }
        }
        Ok(owned)
    }

    /// Whether a signed year's records name the person (an owner, an acceptance, an
    /// acknowledgment), so their row must stay for that record.
    fn named_by_signed_year(&self, person_id: Id) -> Result<bool> {
        for (_, table, column, scope) in OWNED {
            let Some(scope) = scope else { continue };
            let sql = format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE {column} = ?1 AND {scope} IN {SIGNED})");
            if self.conn.query_row(&sql, [person_id], |row| row.get::<_, bool>(0))? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// The day for `removed_on`: the store's clock, on the local calendar.
    fn today(&self) -> NaiveDate {
        match self.clock {
            Clock::System => chrono::Local::now().date_naive(),
            Clock::Fixed(at) => at.date_naive(),
        }
    }

    /// Deletes a person who owns nothing in the current years; otherwise says what they
    /// own. When a signed year still names them, the row stays, marked removed today (the
    /// date is returned), and the current years no longer show them.
    pub fn delete_person(&mut self, id: Id) -> Result<Option<NaiveDate>> {
        let before = self.person(id)?;
        let owned = self.ownership_of(id)?;
        if !owned.is_empty() {
            return Err(StoreError::Invalid(format!(
                "{} still owns {}; reassign those first",
                before.name,
                owned.join(", ")
            )));
        }
        // Access records are history too (who had access, who approved it): they keep the row.
        let kept = self.named_by_signed_year(id)? || self.named_by_access_records(id)?;
        let removed = kept.then(|| self.today());
        self.write(|tx| remove_person(tx, id, removed))?;
        Ok(removed)
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
        for (role, _) in &wanted {
            self.refuse_second_holder(person.id, *role)?;
        }
        let current: Vec<RoleAssignment> = self
            .role_assignments()?
            .into_iter()
            .filter(|assignment| assignment.person_id == person.id)
            .collect();
        self.write(|tx| {
            let id = match &before {
                // Someone added is in the practice, whatever `removed_on` the caller left in.
                None => insert_person(
                    tx.conn(),
                    &Person {
                        removed_on: None,
                        ..person.clone()
                    },
                )?,
                Some(_) => {
                    records::update(tx.conn(), person, &[])?;
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

    /// Hands everything a person owns or holds in the current (unsigned) years to another
    /// person, then deletes them (or, when a signed year still names them, marks them
    /// removed, as `delete_person` does), in one transaction. A signed year's records are
    /// never changed. Every row changed gets its own change-log row.
    pub fn reassign_and_delete_person(&mut self, from: Id, to: Id) -> Result<Option<NaiveDate>> {
        if from == to {
            return Err(StoreError::Invalid("choose someone else to take over".to_string()));
        }
        self.person(from)?;
        let successor = self.person(to)?;
        if successor.removed_on.is_some() {
            return Err(StoreError::Invalid(format!(
                "{} has left the practice; choose someone else to take over",
                successor.name
            )));
        }
        let kept = self.named_by_signed_year(from)? || self.named_by_access_records(from)?;
        let removed = kept.then(|| self.today());
        self.write(|tx| {
            for (_, table, column, scope) in OWNED {
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
                    &format!(
                        "UPDATE {table} SET {column} = ?2 WHERE {column} = ?1{}",
                        unsigned(scope)
                    ),
                    (from, to),
                )?;
            }
            remove_person(tx, from, removed)
        })?;
        Ok(removed)
    }

    /// Refuses `role` for `person_id` when the role allows one holder and
    /// someone else holds it (§164.308(a)(2): one security official).
    fn refuse_second_holder(&self, person_id: Id, role: Role) -> Result<()> {
        if !role.has_one_holder() {
            return Ok(());
        }
        let holder: Option<String> = self
            .conn
            .query_row(
                "SELECT p.name FROM role_assignments r JOIN people p ON p.id = r.person_id
                 WHERE r.role = ?1 AND r.person_id <> ?2 ORDER BY r.id LIMIT 1",
                (role.key(), person_id),
                |row| row.get(0),
            )
            .optional()?;
        match holder {
            Some(holder) => Err(StoreError::Invalid(role.second_holder_refused(&holder))),
            None => Ok(()),
        }
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
        self.refuse_second_holder(person_id, role)?;
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

/// A person read from a row of `records::select::<Person>(&["removed_on"])`.
fn person_from_row(row: &Row<'_>) -> rusqlite::Result<Person> {
    let mut person: Person = records::read(row)?;
    person.removed_on = optional_date(row, row.as_ref().column_index("removed_on")?)?;
    Ok(person)
}

/// Inserts a person row with its `removed_on`, keeping its id unless it is 0 (then SQLite
/// assigns one); returns the id. Used by every write that adds people, the restore of an
/// export and the owners an inventory import adds included.
pub(super) fn insert_person(conn: &rusqlite::Connection, person: &Person) -> Result<Id> {
    records::insert(conn, person, &[("removed_on", date_text(person.removed_on).into())])
}

/// The last step of a person leaving, once the current years no longer name them: their
/// roles go, then the row (or, with `removed`, the row stays, marked removed that day).
fn remove_person(tx: &super::Writer<'_>, id: Id, removed: Option<NaiveDate>) -> Result<()> {
    tx.execute("DELETE FROM role_assignments WHERE person_id = ?1", [id])?;
    match removed {
        Some(day) => tx.execute(
            "UPDATE people SET removed_on = ?2 WHERE id = ?1",
            (id, date_text(Some(day))),
        )?,
        None => tx.execute("DELETE FROM people WHERE id = ?1", [id])?,
    };
    Ok(())
}

/// An unsigned year's snapshot leaves out the people removed from the practice (see
/// `delete_person`), so its lists, pickers, roles, counts and findings never show them;
/// one its records still name (a restored or imported file may have that) stays, so
/// every name resolves. A signed year's snapshot keeps everyone its record names.
pub(super) fn leave_out_removed(workspace: &mut Workspace) {
    if workspace
        .signatures
        .iter()
        .any(|signature| signature.assessment_id == workspace.assessment_id)
    {
        return;
    }
    let mut named: std::collections::HashSet<Id> = std::collections::HashSet::new();
    named.extend(workspace.assets.iter().filter_map(|asset| asset.owner_id));
    named.extend(workspace.reviews.iter().filter_map(|review| review.owner_id));
    for risk in &workspace.risks {
        named.extend(risk.owner_id);
        named.extend(risk.acceptance.as_ref().map(|acceptance| acceptance.person_id));
    }
    named.extend(workspace.actions.iter().filter_map(|action| action.owner_id));
    named.extend(workspace.evidence.iter().filter_map(|record| record.owner_id));
    named.extend(
        workspace
            .acknowledgments
            .iter()
            .map(|acknowledgment| acknowledgment.person_id),
    );
    named.extend(workspace.people.iter().filter_map(|person| person.supervisor_id));
    for policy in &workspace.policies.policies {
        named.extend(policy.owner_id);
        named.extend(policy.approver_id);
    }
    named.extend(
        workspace
            .policies
            .reviews
            .iter()
            .filter_map(|review| review.reviewer_id),
    );
    named.extend(workspace.contingency_tests.iter().filter_map(|test| test.tester_id));
    // The access records name the person, who approved a change and who reviewed.
    for event in &workspace.access.events {
        named.insert(event.person_id);
        named.extend(event.approved_by);
    }
    named.extend(workspace.access.reviews.iter().filter_map(|review| review.reviewer));
    workspace
        .people
        .retain(|person| person.removed_on.is_none() || named.contains(&person.id));
    let people = &workspace.people;
    workspace
        .roles
        .retain(|role| people.iter().any(|person| person.id == role.person_id));
}

/// Refuses an empty or blank required text field, naming it.
pub(super) fn require_text(field: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(StoreError::Invalid(format!("{field} cannot be empty")));
    }
    Ok(())
}

/// People in the generic record writes (`Store::save_record`): `removed_on` is read and
/// written beside the fields, so a save never clears it.
impl records::Stored for Person {
    const FRAME: &'static [&'static str] = &["removed_on"];
    fn frame_values(&self) -> Vec<rusqlite::types::Value> {
        vec![date_text(self.removed_on).map_or(rusqlite::types::Value::Null, rusqlite::types::Value::Text)]
    }
    fn read_frame(&mut self, row: &Row<'_>) -> rusqlite::Result<()> {
        self.removed_on = optional_date(row, row.as_ref().column_index("removed_on")?)?;
        Ok(())
    }
}
