//! What the TUI needs to draw its first frame before the snapshot is loaded, and the
//! read-only connection the snapshot is then loaded on, beside the editor's (see
//! `tui::app::loading`, issue 25: at 10,000 assets the snapshot alone takes 100 ms).

use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::{Result, Store, damaged};
use crate::domain::{Id, Workspace};

impl Store {
    /// The current assessment's frame without its records: the practice, the
    /// assessments and their signatures, a handful of rows. Every list of the year (people,
    /// assets, scenarios, actions, evidence...) is left empty, so this is no snapshot: it
    /// is what the TUI's first frame names (the file, the year, a signed year's banner)
    /// while the screens say "loading…" until the snapshot replaces it.
    pub fn first_look(&self) -> Result<Workspace> {
        let assessment_id = self.current_assessment_id()?;
        let assessments = self.assessments()?;
        if !assessments.iter().any(|assessment| assessment.id == assessment_id) {
            // As `snapshot_of` refuses it.
            self.assessment(assessment_id)?;
        }
        Ok(Workspace {
            practice: self.practice()?,
            assessments,
            assessment_id,
            signatures: self.signatures()?,
            ..Workspace::default()
        })
    }

    /// A read-only connection to this store's file, through its journal, for loading on
    /// another thread what this store would read (the TUI's snapshot after its first
    /// frame). It cannot write, so it needs no edit lock and no data check gate.
    pub fn reader_beside(&self) -> Result<Store> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&self.path, flags).map_err(|error| damaged(&self.path, &error))?;
        conn.busy_timeout(Duration::from_secs(5))?;
        let mut store = Store::around(conn, &self.path, None);
        store.clock = self.clock;
        Ok(store)
    }

    /// `snapshot_of` read in one read transaction, so its lists all come from the same
    /// moment of the file even on a connection beside the one that writes.
    pub fn snapshot_in_one_read(&self, assessment_id: Id) -> Result<Workspace> {
        let read = self.conn.unchecked_transaction()?;
        let workspace = self.snapshot_of(assessment_id)?;
        read.rollback()?;
        Ok(workspace)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_first_look_names_the_year_and_holds_no_records() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("demo.hra");
        let store = crate::demo::create(&path, today).unwrap();
        let full = store.snapshot().unwrap();
        assert!(!full.assets.is_empty() && !full.people.is_empty());
        let first = store.first_look().unwrap();
        assert_eq!(first.practice.name, full.practice.name);
        assert_eq!(first.assessment_id, full.assessment_id);
        assert_eq!(first.assessments.len(), full.assessments.len());
        assert_eq!(first.signatures.len(), full.signatures.len());
        assert!(first.assets.is_empty() && first.people.is_empty() && first.risks.is_empty());

        let beside = store.reader_beside().unwrap();
        let loaded = beside.snapshot_in_one_read(first.assessment_id).unwrap();
        assert_eq!(
            serde_json::to_string(&loaded).unwrap(),
            serde_json::to_string(&full).unwrap()
        );
    }
}
