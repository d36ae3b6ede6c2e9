//! The workforce as a spreadsheet: the headings a payroll or HR export uses for people
//! (`Employee Name`, `Job Title`, `Start Date`, `Manager`) read as our columns, so a
//! practice's own file imports the first time. Rows are read by `parse_table::<Person>`
//! (any heading case, unknown columns named and ignored, US or ISO dates).

/// Usual HR headings (normalized: lower case, words joined by `_`) and the person column
/// each means. HR calls the job a "title": it is the job role training is required by.
#[rustfmt::skip]
pub const PEOPLE_HEADINGS: [(&str, &str); 30] = [
    ("employee_name", "name"), ("full_name", "name"), ("staff_name", "name"), ("employee", "name"),
    ("job_title", "job_role"), ("role", "job_role"), ("position", "job_role"), ("job", "job_role"),
    ("department_role", "job_role"),
    ("email", "contact"), ("email_address", "contact"), ("work_email", "contact"), ("phone", "contact"),
    ("type", "workforce_type"), ("employee_type", "workforce_type"), ("employment_type", "workforce_type"),
    ("worker_type", "workforce_type"), ("workforce", "workforce_type"),
    ("hire_date", "hire_date"), ("start_date", "hire_date"), ("date_of_hire", "hire_date"), ("hired", "hire_date"),
    ("termination_date", "termination_date"), ("term_date", "termination_date"), ("end_date", "termination_date"),
    ("separation_date", "termination_date"), ("terminated", "termination_date"),
    ("manager", "supervisor"), ("reports_to", "supervisor"), ("supervisor_name", "supervisor"),
];

/// The person column a normalized heading names, when it is one of the usual HR names.
pub fn column_for_heading(normalized: &str) -> Option<&'static str> {
    PEOPLE_HEADINGS
        .iter()
        .find(|(heading, _)| *heading == normalized)
        .map(|(_, column)| *column)
}

#[cfg(test)]
mod tests {

    use crate::domain::{Person, WorkforceType};
    use crate::exchange::parse_table;

    #[test]
    fn a_payroll_export_reads_the_first_time() {
        let file = "Name,Job Title,Hire Date,Termination Date,Type,Supervisor,Email,Pay Rate\n\
                    Ana Ruiz,Front Desk,3/15/2021,,Employee,Dr. Lee,ana@example.com,21.50\n\
                    Ben Okafor,Billing,2019-07-01,2026-01-31,contractor,,ben@example.com,30\n";
        let table = parse_table::<Person>(file.as_bytes()).unwrap();
        assert_eq!(table.ignored, vec!["Pay Rate".to_string()]);
        let (ana, supervisor) = &table.rows[0];
        assert_eq!(ana.job_role, "Front Desk");
        assert_eq!(ana.contact, "ana@example.com");
        assert_eq!(ana.workforce_type, Some(WorkforceType::Employee));
        assert_eq!(ana.hire_date, chrono::NaiveDate::from_ymd_opt(2021, 3, 15));
        assert_eq!(supervisor.as_deref(), Some("Dr. Lee"));
        let (ben, _) = &table.rows[1];
        assert_eq!(ben.termination_date, chrono::NaiveDate::from_ymd_opt(2026, 1, 31));
        assert_eq!(ben.workforce_type, Some(WorkforceType::Contractor));
        assert!(table.columns.contains(&"job_role") && !table.columns.contains(&"title"));
    }

    #[test]
    fn a_bad_date_names_its_line_and_column() {
        let file = "Employee Name,Start Date\nAna Ruiz,3/15/2021\nBen Okafor,31/31/2020\n";
        let error = parse_table::<Person>(file.as_bytes()).unwrap_err();
        assert_eq!(error.line, 3);
        assert_eq!(error.column.as_deref(), Some("hire_date"));
    }
}
