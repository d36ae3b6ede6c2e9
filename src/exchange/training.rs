//! Training as spreadsheets: the course matrix a practice keeps (one row per job role, one
//! column per course, `x` where the role must take it) and the training status export
//! (person, role, course, last completed, due, status).
//!
//! The matrix: the first column holds the job roles, whatever its heading says ("Role",
//! "Job Title", or nothing); every other heading is a course title. A cell of `x`, `yes`,
//! `y`, `true`, `1`, `required` or a tick (✓ ✔) marks the course required of the role; a
//! blank cell, `no`, `n`, `false`, `0` or `-` marks it not required. Anything else is
//! refused, naming its line and course, and the whole file with it.

use super::assets::ImportError;
use super::cells::shown;
use super::limits::{MAX_CELL_CHARS, MAX_CSV_ROWS, spreadsheet_safe};
use crate::domain::training::{Training, same_role};
use crate::domain::{Id, Person, Status};

/// One cell of the matrix: a job role, a course title, whether it is required.
pub type MatrixCell = (String, String, bool);

fn error(line: u64, column: Option<&str>, message: impl Into<String>) -> ImportError {
    ImportError {
        line,
        column: column.map(str::to_string),
        message: message.into(),
    }
}

fn mark(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "x" | "yes" | "y" | "true" | "1" | "required" | "✓" | "✔" | "✔️" => Some(true),
        "" | "no" | "n" | "false" | "0" | "-" => Some(false),
        _ => None,
    }
}

/// Headings of a matrix's columns that are notes, not courses: ignored and named.
const NOTE_HEADINGS: [&str; 5] = ["notes", "note", "comments", "comment", "remarks"];

/// A parsed course matrix: its cells, and the note columns it ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CourseMatrix {
    pub cells: Vec<MatrixCell>,
    pub ignored: Vec<String>,
}

/// Parses a course matrix, refusing the whole file at the first bad cell.
pub fn parse_course_matrix(input: &[u8]) -> Result<Vec<MatrixCell>, ImportError> {
    parse_matrix(input).map(|matrix| matrix.cells)
}

/// `parse_course_matrix`, with the note columns it ignored.
pub fn parse_matrix(input: &[u8]) -> Result<CourseMatrix, ImportError> {
    let input = super::assets::csv_input(input)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(input);
    let mut records = reader.records();
    let line_of = |position: Option<&csv::Position>| position.map_or(1, csv::Position::line);
    let header = match records.next() {
        None => {
            return Err(error(
                1,
                None,
                "the file is empty (expected a header row: a job role column, then one column per course)",
            ));
        }
        Some(Err(problem)) => return Err(error(line_of(problem.position()), None, problem.to_string())),
        Some(Ok(header)) => header,
    };
    // The course columns: (position, title); blank headings are spreadsheets' trailing columns.
    let mut courses: Vec<(usize, String)> = Vec::new();
    let mut ignored: Vec<(usize, String)> = Vec::new();
    for (position, title) in header.iter().enumerate().skip(1) {
        let title = title.trim();
        if title.is_empty() {
            continue;
        }
        if NOTE_HEADINGS.contains(&super::spreadsheet::normalize(title).as_str()) {
            ignored.push((position, title.to_string()));
            continue;
        }
        if title.chars().count() > MAX_CELL_CHARS {
            return Err(error(
                1,
                None,
                format!("course column {} has too long a heading", position + 1),
            ));
        }
        if courses.iter().any(|(_, seen)| seen.eq_ignore_ascii_case(title)) {
            return Err(error(1, None, format!("course `{}` appears twice", shown(title))));
        }
        courses.push((position, title.to_string()));
    }
    if courses.is_empty() {
        return Err(error(
            1,
            None,
            "no course columns (expected a job role column, then one column per course)",
        ));
    }
    let mut cells = Vec::new();
    let mut roles: Vec<String> = Vec::new();
    for (count, record) in records.enumerate() {
        let record = record.map_err(|problem| error(line_of(problem.position()), None, problem.to_string()))?;
        let line = line_of(record.position());
        if record.iter().all(|field| field.trim().is_empty()) {
            continue;
        }
        if count >= MAX_CSV_ROWS {
            return Err(error(line, None, format!("more than the limit of {MAX_CSV_ROWS} rows")));
        }
        let role = record.get(0).unwrap_or("").trim();
        if role.is_empty() {
            return Err(error(
                line,
                Some("job role"),
                "blank (every row names a job role first)",
            ));
        }
        if role.chars().count() > MAX_CELL_CHARS {
            return Err(error(line, Some("job role"), "longer than the limit for a cell"));
        }
        if roles.iter().any(|seen| same_role(seen, role)) {
            return Err(error(
                line,
                Some("job role"),
                format!("`{}` appears twice", shown(role)),
            ));
        }
        roles.push(role.to_string());
        for (position, value) in record.iter().enumerate().skip(1) {
            let course = courses.iter().find(|(at, _)| *at == position);
            match course {
                Some((_, title)) => {
                    let required = mark(value).ok_or_else(|| {
                        error(
                            line,
                            Some(title),
                            format!(
                                "`{}` is not a mark (expected x, yes or a tick for required; blank or no for not)",
                                shown(value.trim())
                            ),
                        )
                    })?;
                    cells.push((role.to_string(), title.clone(), required));
                }
                None if ignored.iter().any(|(at, _)| *at == position) => {}
                None if !value.trim().is_empty() => {
                    return Err(error(
                        line,
                        None,
                        format!(
                            "value `{}` in column {}, which has no course",
                            shown(value.trim()),
                            position + 1
                        ),
                    ));
                }
                None => {}
            }
        }
        // A short row leaves the rest of its courses blank: not required.
        for (position, title) in &courses {
            if *position >= record.len() {
                cells.push((role.to_string(), title.clone(), false));
            }
        }
    }
    Ok(CourseMatrix {
        cells,
        ignored: ignored.into_iter().map(|(_, title)| title).collect(),
    })
}

/// Writes each current person's training status as CSV: `analysis_status`, person, role,
/// course, last completed, due, status; one row per person and required course, and one
/// row (course blank, status `no course required`) for someone whose role requires none.
pub fn write_training_csv(
    out: impl std::io::Write,
    training: &Training,
    people: &[Person],
    today: chrono::NaiveDate,
    status: Status,
) -> Result<(), csv::Error> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record([
        crate::domain::STATUS_COLUMN,
        "person",
        "role",
        "course",
        "last_completed",
        "due",
        "status",
    ])?;
    let obligations = training.obligations(people, today);
    let date = |day: Option<chrono::NaiveDate>| day.map_or_else(String::new, |day| day.to_string());
    for person in people
        .iter()
        .filter(|person| !crate::domain::training::has_left(person, today))
    {
        let own: Vec<_> = obligations
            .iter()
            .filter(|obligation| obligation.person_id == person.id)
            .collect();
        let safe = |text: &str| spreadsheet_safe(text).into_owned();
        if own.is_empty() {
            writer.write_record([
                status.word().to_string(),
                safe(&person.name),
                safe(&person.job_role),
                String::new(),
                String::new(),
                String::new(),
                "no course required".to_string(),
            ])?;
            continue;
        }
        for obligation in own {
            let course = training
                .course(obligation.course_id)
                .map_or(String::new(), |course| course.title.clone());
            writer.write_record([
                status.word().to_string(),
                safe(&person.name),
                safe(&person.job_role),
                safe(&course),
                date(obligation.last_completed),
                date(obligation.status.due()),
                obligation.status.word().to_string(),
            ])?;
        }
    }
    writer.flush()?;
    Ok(())
}

/// The course ids a role must take, for the matrix export and the screen.
pub fn role_course_ids(training: &Training, job_role: &str) -> Vec<Id> {
    training
        .courses_for_role(job_role)
        .iter()
        .map(|course| course.id)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_practice_matrix_reads_the_first_time() {
        let file = "\u{feff}Job Title,HIPAA Privacy & Security,EHR Basics,Phishing Awareness,Notes,\n\
                    Front Desk,X,x,,new staff first week,\n\
                    Physician,Yes,✓,no,,\n\
                    Billing,x\n";
        let matrix = parse_matrix(file.as_bytes()).unwrap();
        assert_eq!(matrix.ignored, vec!["Notes".to_string()]);
        let cells = matrix.cells;
        let required: Vec<(&str, &str)> = cells
            .iter()
            .filter(|(_, _, required)| *required)
            .map(|(role, course, _)| (role.as_str(), course.as_str()))
            .collect();
        assert_eq!(
            required,
            vec![
                ("Front Desk", "HIPAA Privacy & Security"),
                ("Front Desk", "EHR Basics"),
                ("Physician", "HIPAA Privacy & Security"),
                ("Physician", "EHR Basics"),
                ("Billing", "HIPAA Privacy & Security"),
            ]
        );
        // Every role and course is said: the short row's missing cells are "not required".
        assert_eq!(cells.len(), 9);
    }

    #[test]
    fn a_bad_mark_names_its_line_and_course() {
        let file = "Role,HIPAA\nFront Desk,x\nBilling,maybe\n";
        let error = parse_course_matrix(file.as_bytes()).unwrap_err();
        assert_eq!(error.line, 3);
        assert_eq!(error.column.as_deref(), Some("HIPAA"));
        assert!(error.message.contains("maybe"), "{error}");
        let twice = parse_course_matrix(b"Role,A\nNurse,x\nnurse ,x\n").unwrap_err();
        assert_eq!(twice.line, 3);
        assert!(parse_course_matrix(b"Role\nNurse\n").is_err());
        assert!(parse_course_matrix(b"").is_err());
    }
}
