//! The workforce: everyone who works for the practice, with their job role, on what terms
//! (employee, contractor, volunteer, student), when they started and left, and who
//! supervises them. The first screen of the program between analyses, and a record
//! screen (`record_screen`): it brings only its columns, its form's fields and where its
//! records are.

use crate::domain::{Person, PersonField, Workspace};
use crate::tui::component::Ctx;
use crate::tui::editors::FieldProblem;
use crate::tui::protocol::Write;
use crate::tui::record_screen::{RecordKind, RecordScreen, SaveRecord};
use crate::tui::screen::Screen;

/// The kind of record the Workforce screen lists: the practice's people.
pub struct Workforce;

pub type WorkforceScreen = RecordScreen<Workforce>;

impl RecordKind for Workforce {
    type Record = Person;
    const SCREEN: Screen = Screen::Workforce;
    const NOUN: &'static str = "person";
    const EMPTY: (&'static str, &'static [&'static str]) = (
        "No workforce yet",
        &[
            "Everyone who works for the practice: employees, contractors, volunteers and students.",
            "Their job role, hire and termination dates and supervisor are what training and access reviews are checked against.",
        ],
    );

    fn columns() -> &'static [(PersonField, &'static str, u16)] {
        &[
            (PersonField::Name, "Name", 22),
            (PersonField::JobRole, "Job role", 18),
            (PersonField::WorkforceType, "Type", 10),
            (PersonField::HireDate, "Hired", 10),
            (PersonField::TerminationDate, "Left", 10),
            (PersonField::Supervisor, "Supervisor", 0),
        ]
    }

    fn form_fields() -> &'static [PersonField] {
        &[
            PersonField::Name,
            PersonField::JobRole,
            PersonField::WorkforceType,
            PersonField::HireDate,
            PersonField::TerminationDate,
            PersonField::Supervisor,
        ]
    }

    fn records(workspace: &Workspace) -> Vec<&Person> {
        workspace
            .people
            .iter()
            .filter(|person| person.removed_on.is_none())
            .collect()
    }

    fn blank(_ctx: &Ctx) -> Person {
        Person::default()
    }

    /// Nobody supervises themselves, and nobody leaves before they started.
    fn check(person: &Person) -> Result<(), FieldProblem> {
        if person.id != 0 && person.supervisor_id == Some(person.id) {
            return Err(("supervisor", format!("{} cannot supervise themselves", person.name)));
        }
        if let (Some(hired), Some(left)) = (person.hire_date, person.termination_date)
            && left < hired
        {
            return Err((
                "termination_date",
                format!("Termination date {left} is before the hire date {hired}"),
            ));
        }
        Ok(())
    }

    fn save(person: Person) -> Write {
        Write::new(SaveRecord(person))
    }
}
