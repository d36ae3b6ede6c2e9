//! Contingency plan tests in a workspace export and back: read for `export`, checked by
//! `WorkspaceExport::validate` (ids once; the tester a person of the file, the linked
//! action an action of the file), written by the restore (`new --from`).

use super::Result;
use super::Writer;
use super::restore::Checker;
use super::{Store, records};
use crate::exchange::program::ProgramExport;
use crate::exchange::workspace::{ExportProblem, problem};

/// The tests of the workspace, by id, into the export's program records.
pub(super) fn export_contingency(store: &Store, program: &mut ProgramExport) -> Result<()> {
    let mut tests = store.contingency_tests()?;
    tests.sort_by_key(|test| test.id);
    program.contingency_tests = tests;
    Ok(())
}

/// Checks the tests' ids and references (the tester, the linked action).
pub(super) fn validate_contingency(check: &mut Checker, program: &ProgramExport) -> Result<(), ExportProblem> {
    for (i, test) in program.contingency_tests.iter().enumerate() {
        let path = format!("program.contingency_tests[{i}]");
        let record = format!("contingency test {}", test.id);
        check.define(&path, "contingency test", test.id)?;
        check.refer(format!("{path}.tester_id"), "person", test.tester_id, &record);
        check.refer(format!("{path}.action_id"), "action", test.action_id, &record);
        if test.systems.trim().is_empty() {
            return Err(problem(format!("{path}.systems"), "a test names the systems it tested"));
        }
    }
    Ok(())
}

/// Writes the tests with their ids (already validated).
pub(super) fn insert_contingency(tx: &Writer<'_>, program: &ProgramExport) -> Result<()> {
    for test in &program.contingency_tests {
        records::insert_stored(tx.conn(), test)?;
    }
    Ok(())
}
