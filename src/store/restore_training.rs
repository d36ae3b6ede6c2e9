//! The program's records in the whole-workspace export: read for `export`, checked by
//! `WorkspaceExport::validate` and written back with their ids by the restore (`new
//! --from`), one function per kind.

use super::restore::Checker;
use super::sql::date_text;
use super::{Result, Store, Writer, records};
use crate::domain::training::Training;
use crate::exchange::program::ProgramExport;
use crate::exchange::workspace::ExportProblem;

/// The training records, each list by id, into the export's program records.
pub(super) fn export_training(store: &Store, program: &mut ProgramExport) -> Result<()> {
    let Training {
        courses,
        requirements,
        sessions,
        attendance,
        // Read from the policies, which the export holds.
        policy_versions: _,
    } = store.training()?;
    program.training_courses = courses;
    program.training_requirements = requirements;
    program.training_sessions = sessions;
    program.training_attendance = attendance;
    Ok(())
}

/// Every id defined once and every reference to a record the file holds.
pub(super) fn validate_training(
    check: &mut Checker,
    program: &ProgramExport,
) -> std::result::Result<(), ExportProblem> {
    for (i, course) in program.training_courses.iter().enumerate() {
        check.define(&format!("program.training_courses[{i}]"), "course", course.id)?;
        if course.policy_id.is_some() {
            check.refer(
                format!("program.training_courses[{i}].policy_id"),
                "policy",
                course.policy_id,
                &format!("course {}", course.id),
            );
        }
    }
    for (i, requirement) in program.training_requirements.iter().enumerate() {
        let path = format!("program.training_requirements[{i}]");
        check.define(&path, "course requirement", requirement.id)?;
        let record = format!("course requirement {}", requirement.id);
        check.refer(
            format!("{path}.course_id"),
            "course",
            Some(requirement.course_id),
            &record,
        );
    }
    for (i, session) in program.training_sessions.iter().enumerate() {
        let path = format!("program.training_sessions[{i}]");
        check.define(&path, "training session", session.id)?;
        let record = format!("training session {}", session.id);
        check.refer(format!("{path}.course_id"), "course", Some(session.course_id), &record);
    }
    for (i, attendance) in program.training_attendance.iter().enumerate() {
        let path = format!("program.training_attendance[{i}]");
        check.define(&path, "attendance", attendance.id)?;
        let record = format!("attendance {}", attendance.id);
        check.refer(
            format!("{path}.session_id"),
            "training session",
            Some(attendance.session_id),
            &record,
        );
        check.refer(
            format!("{path}.person_id"),
            "person",
            Some(attendance.person_id),
            &record,
        );
    }
    Ok(())
}

/// Writes the training records with their ids.
pub(super) fn insert_training(tx: &Writer<'_>, program: &ProgramExport) -> Result<()> {
    for course in &program.training_courses {
        records::insert_stored(tx.conn(), course)?;
    }
    for requirement in &program.training_requirements {
        tx.execute(
            "INSERT INTO training_requirements (id, job_role, course_id) VALUES (?1, ?2, ?3)",
            (requirement.id, &requirement.job_role, requirement.course_id),
        )?;
    }
    for session in &program.training_sessions {
        records::insert_stored(tx.conn(), session)?;
    }
    for attendance in &program.training_attendance {
        tx.execute(
            "INSERT INTO training_attendance (id, session_id, person_id, completed, attested_on)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            (
                attendance.id,
                attendance.session_id,
                attendance.person_id,
                attendance.completed,
                date_text(attendance.attested_on),
            ),
        )?;
    }
    Ok(())
}
