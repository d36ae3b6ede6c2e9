//! Contingency plan tests' SQL: a record described by its fields (`domain::contingency`),
//! read and saved by the generic writes (`Store::save_record`, `Store::records`), with its
//! linked action as the one column outside its fields. Every write goes through
//! `Store::write`, so the change log records each row and undo and replay see it.

use rusqlite::Row;
use rusqlite::types::Value as Sql;

use super::records::Stored;
use super::{Result, Store};
use crate::domain::Id;
use crate::domain::contingency::ContingencyTest;

impl Stored for ContingencyTest {
    const FRAME: &'static [&'static str] = &["action_id"];
    fn frame_values(&self) -> Vec<Sql> {
        vec![self.action_id.map_or(Sql::Null, Sql::Integer)]
    }
    fn read_frame(&mut self, row: &Row<'_>) -> rusqlite::Result<()> {
        self.action_id = row.get("action_id")?;
        Ok(())
    }
}

impl Store {
    /// Every contingency test, oldest first (by date, then id).
    pub fn contingency_tests(&self) -> Result<Vec<ContingencyTest>> {
        let mut tests: Vec<ContingencyTest> = self.records(None)?;
        tests.sort_by_key(|test| (test.tested_on, test.id));
        Ok(tests)
    }

    /// Links a test's follow-up to an action (a standalone one of the plan), or unlinks it.
    pub fn link_test_action(&mut self, test_id: Id, action_id: Option<Id>) -> Result<()> {
        let mut test: ContingencyTest = self
            .contingency_tests()?
            .into_iter()
            .find(|test| test.id == test_id)
            .ok_or_else(|| super::StoreError::Missing {
                entity: "contingency test",
                id: test_id.to_string(),
            })?;
        test.action_id = action_id;
        self.save_record(&test)?;
        Ok(())
    }

    /// Deletes a contingency test. A program record: no year's signature guards it, and
    /// the change log keeps what it was, so undo brings it back.
    pub fn delete_contingency_test(&mut self, test_id: Id) -> Result<()> {
        self.write(|tx| {
            let deleted = tx.execute("DELETE FROM contingency_tests WHERE id = ?1", [test_id])?;
            if deleted == 0 {
                return Err(super::StoreError::Missing {
                    entity: "contingency test",
                    id: test_id.to_string(),
                });
            }
            Ok(())
        })
    }
}

#[cfg(test)]
#[path = "contingency_tests.rs"]
mod tests;
