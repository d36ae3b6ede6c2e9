//! The Training screen's writes: a course with the job roles that must take it, and a
//! session with its attendance. One store call, one transaction each.

use chrono::NaiveDate;

use crate::domain::Id;
use crate::domain::training::{Course, TrainingSession};
use crate::store::{Result, Store};
use crate::tui::protocol::{StoreWrite, Written};

pub enum TrainingWrite {
    /// A new course (id 0) or an edit, and exactly the job roles required to take it.
    SaveCourse { course: Course, roles: Vec<String> },
    /// A new session (id 0) or an edit, and its attendance: person, completed, attested on.
    SaveSession {
        session: TrainingSession,
        attendees: Vec<(Id, bool, Option<NaiveDate>)>,
    },
}

impl StoreWrite for TrainingWrite {
    fn apply(self: Box<Self>, store: &mut Store, _today: NaiveDate) -> Result<Written> {
        match *self {
            TrainingWrite::SaveCourse { course, roles } => {
                let id = store.save_course_with_roles(&course, &roles)?;
                Ok(Written::saved(id, format!("Saved {}", course.title)))
            }
            TrainingWrite::SaveSession { session, attendees } => {
                let completed = attendees.iter().filter(|(_, completed, _)| *completed).count();
                let id = store.save_session(&session, &attendees)?;
                Ok(Written::saved(
                    id,
                    format!("Saved the session: {} attended, {completed} completed", attendees.len()),
                ))
            }
        }
    }
}
