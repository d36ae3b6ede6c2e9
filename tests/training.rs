//! The workforce and training through the real binary and the store: a payroll export and
//! a course matrix as a practice keeps them import the first time (and again, unchanged);
//! a bad row leaves the workspace as it was; the demo's overdue person is named by `check`,
//! the training export and the report's PDF; the records survive `export` and `new --from`
//! and `log verify` covers them.

use std::path::{Path, PathBuf};

use hipaa_ra::domain::training::{Course, TrainingSession};
use hipaa_ra::store::Store;

#[path = "support/sandbox.rs"]
mod sandbox;
use sandbox::Sandbox;
use sandbox::clock::today;

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name)
}

fn file_text(path: &Path) -> String {
    path.to_str().unwrap().to_string()
}

#[test]
fn a_payroll_export_imports_the_first_time_and_again_unchanged() {
    let sandbox = Sandbox::new();
    let path = sandbox.new_workspace("lakeview.hra");
    let payroll = file_text(&data("workforce-payroll.csv"));
    let output = sandbox.run(&["people", "import", &path, &payroll]);
    assert!(output.status.success(), "{}", sandbox::stderr(&output));
    assert_eq!(
        sandbox::stdout(&output).trim(),
        format!("Imported 8 people from {payroll} into {path}: added 8, updated 0, unchanged 0")
    );
    // The columns the practice keeps and we do not are named in one line.
    let warning = sandbox::stderr(&output);
    assert_eq!(warning.lines().count(), 1, "{warning}");
    assert!(warning.contains("`Department`, `Pay Rate`"), "{warning}");

    let store = Store::open(Path::new(&path)).unwrap();
    let people = store.people().unwrap();
    let person = |name: &str| people.iter().find(|person| person.name == name).unwrap().clone();
    let hannah = person("Hannah Brooks");
    assert_eq!(hannah.job_role, "Nurse");
    assert_eq!(hannah.contact, "hbrooks@lakeview.example");
    assert_eq!(hannah.supervisor_id, Some(person("Dr. Ahmed Karimi").id));
    assert_eq!(hannah.hire_date, chrono::NaiveDate::from_ymd_opt(2019, 4, 8));
    let trevor = person("Trevor Hale");
    assert_eq!(trevor.termination_date, chrono::NaiveDate::from_ymd_opt(2026, 8, 29));
    assert_eq!(
        person("Chen, Wei").workforce_type,
        Some(hipaa_ra::domain::WorkforceType::Contractor)
    );
    drop(store);

    // The same file again changes nothing; the export re-imports as it is.
    let again = sandbox.ok(&["people", "import", &path, &payroll]);
    assert!(again.contains("added 0, updated 0, unchanged 8"), "{again}");
    let export = sandbox.ok(&["people", "export", &path]);
    assert!(
        export.starts_with("analysis_status,name,title,contact,job_role"),
        "{export}"
    );
    assert!(export.contains("Luis Fernández"), "{export}");
    let exported = sandbox.path("people.csv");
    std::fs::write(&exported, &export).unwrap();
    let round = sandbox.ok(&["people", "import", &path, exported.to_str().unwrap()]);
    assert!(round.contains("added 0, updated 0, unchanged 8"), "{round}");
}

#[test]
fn a_bad_row_names_file_line_and_field_and_changes_nothing() {
    let sandbox = Sandbox::new();
    let path = sandbox.new_workspace("bad.hra");
    let bad = sandbox.path("bad.csv");
    std::fs::write(
        &bad,
        "Employee Name,Start Date,Type\nAna Ruiz,3/15/2021,Employee\nBen Okafor,2020-13-01,Employee\n",
    )
    .unwrap();
    let message = sandbox.refused(&["people", "import", &path, bad.to_str().unwrap()]);
    assert!(
        message.contains("bad.csv: line 3: hire_date: bad date `2020-13-01`"),
        "{message}"
    );
    let store = Store::open(Path::new(&path)).unwrap();
    assert!(store.people().unwrap().iter().all(|person| person.name != "Ana Ruiz"));
    drop(store);

    // The checks after parsing name the file's line too (a blank line counts), not a row.
    for (file, expected) in [
        (
            "Name,Hire Date,Termination Date\nAna Ruiz,2021-03-15,\n\nBen Okafor,2020-05-01,2020-04-30\n",
            "bad.csv: line 4 (Ben Okafor): termination_date: 2020-04-30 is before the hire date 2020-05-01",
        ),
        (
            "Name,Job Title\nAna Ruiz,Front desk\nBen Okafor,Billing\nana ruiz,Nurse\n",
            "bad.csv: line 4: ana ruiz is listed twice in the file (first on line 2)",
        ),
    ] {
        std::fs::write(&bad, file).unwrap();
        let message = sandbox.refused(&["people", "import", &path, bad.to_str().unwrap()]);
        assert!(message.contains(expected), "{message}");
    }
    let store = Store::open(Path::new(&path)).unwrap();
    assert!(store.people().unwrap().iter().all(|person| person.name != "Ana Ruiz"));
}

#[test]
fn a_course_matrix_imports_the_first_time_and_requires_courses_by_role() {
    let sandbox = Sandbox::new();
    let path = sandbox.new_workspace("matrix.hra");
    sandbox.ok(&["people", "import", &path, &file_text(&data("workforce-payroll.csv"))]);
    let matrix = file_text(&data("course-matrix.csv"));
    let output = sandbox.run(&["training", "import", &path, &matrix]);
    assert!(output.status.success(), "{}", sandbox::stderr(&output));
    let text = sandbox::stdout(&output);
    assert!(
        text.contains("13 required, 0 no longer required, 8 unchanged"),
        "{text}"
    );
    assert!(text.contains("Added 3 courses"), "{text}");
    assert!(sandbox::stderr(&output).contains("`Notes`"));

    let store = Store::open(Path::new(&path)).unwrap();
    let training = store.training().unwrap();
    let titles: Vec<&str> = training
        .courses_for_role("billing")
        .iter()
        .map(|course| course.title.as_str())
        .collect();
    assert_eq!(
        titles,
        vec!["HIPAA Privacy & Security Basics", "Billing Privacy (PHI in claims)"]
    );
    drop(store);
    // Again: nothing changes.
    let again = sandbox.ok(&["training", "import", &path, &matrix]);
    assert!(
        again.contains("0 required, 0 no longer required, 21 unchanged"),
        "{again}"
    );
    // Nobody has trained yet: everyone current is overdue or upcoming, the leaver is not listed.
    let export = sandbox.ok(&["training", "export", &path]);
    assert!(export.starts_with("analysis_status,person,role,course,last_completed,due,status"));
    assert!(!export.contains("Trevor Hale"), "the leaver owes nothing:\n{export}");
    assert!(
        export.contains("Hannah Brooks,Nurse,EHR Access and Phishing,,2019-05-08,overdue"),
        "{export}"
    );
}

#[test]
fn the_demo_names_its_overdue_person_everywhere() {
    let sandbox = Sandbox::new();
    let path = sandbox.demo();
    let check = sandbox.run(&["check", &path]);
    let text = sandbox::stdout(&check);
    let line = text
        .lines()
        .find(|line| line.contains("[advisory.training_due:"))
        .unwrap_or_else(|| panic!("no training finding:\n{text}"));
    assert!(
        line.contains("Aisha Mohammed's training \"HIPAA Privacy and Security Basics\""),
        "{line}"
    );
    assert!(line.contains("20 days overdue"), "{line}");
    let training_lines = text
        .lines()
        .filter(|line| line.contains("[advisory.training") || line.contains("[training."))
        .count();
    assert_eq!(training_lines, 1, "one training finding:\n{text}");

    let export = sandbox.ok(&["training", "export", &path]);
    let overdue: Vec<&str> = export.lines().filter(|line| line.ends_with(",overdue")).collect();
    assert_eq!(overdue.len(), 1, "{export}");
    assert!(overdue[0].contains("Aisha Mohammed,Front desk,HIPAA Privacy and Security Basics,,"));
    // Eleven current people (Grace Liu left: the access reviews' leaver owes no training):
    // eight whose roles use the EHR take two courses, the practice manager and the two in
    // billing one.
    assert_eq!(export.lines().count(), 1 + 8 * 2 + 3, "{export}");

    let verify = sandbox.ok(&["log", "verify", &path]);
    assert!(!verify.is_empty());
}

#[test]
fn the_report_prints_the_training_counts() {
    let sandbox = Sandbox::new();
    let path = sandbox.demo();
    let pdf = sandbox.path("report.pdf");
    sandbox.ok(&["report", &path, "-o", pdf.to_str().unwrap()]);
    let document = lopdf::Document::load_mem(&std::fs::read(&pdf).unwrap()).unwrap();
    let pages: Vec<u32> = document.get_pages().keys().copied().collect();
    let text = document.extract_text(&pages).unwrap();
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("Workforce training and access"), "no section");
    assert!(
        text.contains("Workforce: 11 people; 11 required to train by their job role; 10 fully trained; 1 overdue."),
        "no counts"
    );
    assert!(text.contains("Aisha Mohammed"));
    assert!(text.contains("Sessions held in the period"));
}

#[test]
fn training_survives_export_and_new_from_and_the_log_covers_it() {
    let sandbox = Sandbox::new();
    let path = sandbox.new_workspace("round.hra");
    sandbox.ok(&["people", "import", &path, &file_text(&data("workforce-payroll.csv"))]);
    sandbox.ok(&["training", "import", &path, &file_text(&data("course-matrix.csv"))]);
    {
        let mut store = Store::open(Path::new(&path)).unwrap();
        let people = store.people().unwrap();
        let course: Course = store.training().unwrap().courses[0].clone();
        let attendees: Vec<_> = people
            .iter()
            .take(5)
            .map(|person| (person.id, person.id % 2 == 0, Some(today())))
            .collect();
        store
            .save_session(
                &TrainingSession {
                    course_id: course.id,
                    course_version: "2026".into(),
                    held_on: Some(today()),
                    trainer: "Rosa Delgado".into(),
                    ..TrainingSession::default()
                },
                &attendees,
            )
            .unwrap();
    }
    sandbox.ok(&["log", "verify", &path]);
    let json = sandbox.path("round.json");
    sandbox.ok(&["export", &path, "-o", json.to_str().unwrap()]);
    let copy = sandbox.path("copy.hra");
    sandbox.ok(&[
        "new",
        copy.to_str().unwrap(),
        "--from",
        json.to_str().unwrap(),
        "--no-open",
    ]);
    let original = Store::open(Path::new(&path)).unwrap().training().unwrap();
    let restored = Store::open(&copy).unwrap().training().unwrap();
    assert_eq!(original, restored);
    assert_eq!(restored.attendance.len(), 5);
    sandbox.ok(&["log", "verify", copy.to_str().unwrap()]);

    // The next year copies none of them: they are the practice's, dated, read by period.
    sandbox.ok(&["assessment", "next", &path]);
    let next_year = Store::open(Path::new(&path)).unwrap().training().unwrap();
    assert_eq!(next_year, original);
    sandbox.ok(&["log", "verify", &path]);
}

#[test]
fn a_new_version_of_a_courses_policy_makes_it_due_again_and_the_link_survives_new_from() {
    use hipaa_ra::domain::policy::{Policy, PolicyVersion, ReviewCompletion, ReviewOutcome};
    use hipaa_ra::domain::training::DueStatus;
    let sandbox = Sandbox::new();
    let path = sandbox.new_workspace("policy.hra");
    sandbox.ok(&["people", "import", &path, &file_text(&data("workforce-payroll.csv"))]);
    sandbox.ok(&["training", "import", &path, &file_text(&data("course-matrix.csv"))]);
    let day = |days: i64| today() - chrono::Duration::days(days);
    let (person, course_id) = {
        let mut store = Store::open(Path::new(&path)).unwrap();
        let policy = store
            .add_policy(
                &Policy {
                    title: "Acceptable use".into(),
                    ..Policy::default()
                },
                &PolicyVersion {
                    number: "1".into(),
                    effective: Some(day(400)),
                    ..PolicyVersion::default()
                },
                None,
            )
            .unwrap();
        let training = store.training().unwrap();
        let mut course: Course = training.courses[0].clone();
        course.policy_id = Some(policy);
        course.frequency_months = Some(12);
        course.due_within_days = Some(30);
        store.save_course(&course).unwrap();
        // Everyone required trained 100 days ago: current for a year.
        let people = store.people().unwrap();
        let required: Vec<_> = training
            .obligations(&people, today())
            .into_iter()
            .filter(|obligation| obligation.course_id == course.id)
            .map(|obligation| (obligation.person_id, true, Some(day(100))))
            .collect();
        assert!(!required.is_empty());
        store
            .save_session(
                &TrainingSession {
                    course_id: course.id,
                    held_on: Some(day(100)),
                    ..TrainingSession::default()
                },
                &required,
            )
            .unwrap();
        let status = |store: &Store| {
            let training = store.training().unwrap();
            training
                .obligations(&store.people().unwrap(), today())
                .into_iter()
                .find(|obligation| obligation.person_id == required[0].0 && obligation.course_id == course.id)
                .unwrap()
                .status
        };
        assert!(matches!(status(&store), DueStatus::Current { .. }));
        // A review 40 days ago made version 2: due 30 days after it, so 10 days overdue.
        store
            .complete_policy_review(
                policy,
                &ReviewCompletion {
                    done: Some(day(40)),
                    outcome: Some(ReviewOutcome::NewVersion),
                    number: "2".into(),
                    effective: Some(day(40)),
                    changes: "Personal devices".into(),
                    ..ReviewCompletion::default()
                },
                None,
                today(),
            )
            .unwrap();
        assert_eq!(status(&store), DueStatus::Overdue { due: day(10), days: 10 });
        (required[0].0, course.id)
    };
    let check = sandbox.run(&["check", &path]);
    let people = Store::open(Path::new(&path)).unwrap().people().unwrap();
    let name = &people.iter().find(|found| found.id == person).unwrap().name;
    let said = String::from_utf8_lossy(&check.stdout).to_string();
    assert!(said.contains(name.as_str()), "the overdue person by name: {said}");
    sandbox.ok(&["log", "verify", &path]);

    let json = sandbox.path("policy.json");
    sandbox.ok(&["export", &path, "-o", json.to_str().unwrap()]);
    let copy = sandbox.path("policy-copy.hra");
    sandbox.ok(&[
        "new",
        copy.to_str().unwrap(),
        "--from",
        json.to_str().unwrap(),
        "--no-open",
    ]);
    let restored = Store::open(&copy).unwrap().training().unwrap();
    let original = Store::open(Path::new(&path)).unwrap().training().unwrap();
    assert_eq!(
        restored, original,
        "the course keeps its policy, the versions their dates"
    );
    assert!(restored.course(course_id).unwrap().policy_id.is_some());
}
