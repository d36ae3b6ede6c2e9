//! User lists as practices export them.

use super::*;

/// A user report as a cloud EHR writes it: its own headings, a column we do not keep,
/// Windows line ends, a byte-order mark, a time after the date and "Never".
const EHR_EXPORT: &str = "\u{feff}Username,Full Name,Security Role,Status,Last Logon,MFA Enrolled\r\n\
mbell,Marcus Bell,Medical Assistant,Active,06/30/2026 2:14 PM,Yes\r\n\
gliu,\"Liu, Grace\",Medical Assistant,Active,2026-06-20 09:01,No\r\n\
frontdesk,Front Desk,Scheduler,Active,2026-07-01,No\r\n\
tnguyen,Tom Nguyen,Billing,Disabled,Never,No\r\n";

#[test]
fn an_ehr_user_report_reads_first_time() {
    let list = parse_user_list(EHR_EXPORT.as_bytes()).unwrap();
    assert_eq!(list.accounts.len(), 4);
    let gliu = &list.accounts[1];
    assert_eq!(
        (gliu.user.as_str(), gliu.name.as_str(), gliu.role.as_str()),
        ("gliu", "Liu, Grace", "Medical Assistant")
    );
    assert!(gliu.active);
    assert_eq!(list.accounts[0].last_login, Some("2026-06-30".parse().unwrap()));
    assert_eq!((list.accounts[3].active, list.accounts[3].last_login), (false, None));
    assert_eq!(
        list.ignored_line().as_deref(),
        Some("ignored 1 column hipaa-ra does not keep: `MFA Enrolled`")
    );
}

#[test]
fn headings_in_any_case_and_their_usual_names() {
    let directory = "LOGIN,first name,Last Name,Enabled,lastLogonTimestamp\njdoe,Jane,Doe,TRUE,2026-05-01\n";
    let list = parse_user_list(directory.as_bytes()).unwrap();
    assert_eq!(list.accounts[0].name, "Jane Doe", "first and last name joined");
    assert!(list.accounts[0].active);
    assert!(list.ignored.is_empty());
    // "Disabled: Yes" is not active; Username wins over Email, which is then ignored.
    let mail = "Email,Username,Disabled\nj@x.example,jdoe,Yes\n";
    let list = parse_user_list(mail.as_bytes()).unwrap();
    assert_eq!(
        (list.accounts[0].user.as_str(), list.accounts[0].active),
        ("jdoe", false)
    );
    assert_eq!(list.ignored, vec!["Email".to_string()]);
    // No state column: the listed accounts are active.
    assert!(parse_user_list(b"user\njdoe\n").unwrap().accounts[0].active);
}

#[test]
fn account_states_in_the_words_systems_use() {
    for word in ["Yes", "y", "Active", "ENABLED", "true", "1"] {
        assert_eq!(parse_active(word), Some(true), "{word}");
    }
    for word in ["No", "Disabled", "Inactive", "Locked", "Suspended", "false", "0"] {
        assert_eq!(parse_active(word), Some(false), "{word}");
    }
    assert_eq!(parse_active("maybe"), None);
}

#[test]
fn a_bad_row_refuses_the_whole_list_naming_line_and_field() {
    let bad_state = "User,Name,Status\nmbell,Marcus Bell,Active\ngliu,Grace Liu,Pending\n";
    let refused = parse_user_list(bad_state.as_bytes()).unwrap_err();
    assert_eq!((refused.line, refused.column.as_deref()), (3, Some("active")));
    assert!(
        refused
            .to_string()
            .starts_with("line 3: active: `Pending` is not an account state"),
        "{refused}"
    );
    let bad_date = "User,Last Login\nmbell,30th June\n";
    let refused = parse_user_list(bad_date.as_bytes()).unwrap_err();
    assert_eq!((refused.line, refused.column.as_deref()), (2, Some("last_login")));
    let blank_user = "User,Name\n,Marcus Bell\n";
    assert_eq!(
        parse_user_list(blank_user.as_bytes()).unwrap_err().column.as_deref(),
        Some("user")
    );
    let twice = "User\nmbell\nMBell\n";
    let refused = parse_user_list(twice.as_bytes()).unwrap_err();
    assert_eq!(refused.line, 3);
    assert!(refused.message.contains("first on line 2"));
    let no_user = "Full Name,Status\nMarcus Bell,Active\n";
    assert!(
        parse_user_list(no_user.as_bytes())
            .unwrap_err()
            .message
            .contains("missing the user column")
    );
    assert!(parse_user_list(b"").is_err());
    assert!(parse_user_list(b"User,Status\n\xff\xfe,Active\n").is_err());
}

#[test]
fn the_export_writes_one_row_per_account_with_its_change_flags_and_decision() {
    use crate::domain::access::{AccessReview, Decision};
    let people = vec![Person {
        id: 1,
        name: "Marcus Bell".to_string(),
        ..Default::default()
    }];
    let records = AccessRecords {
        reviews: vec![AccessReview {
            id: 1,
            ..AccessReview::new("EHR", "2026-07-01".parse().unwrap())
        }],
        accounts: vec![
            AccessAccount {
                review_id: 1,
                user: "mbell".into(),
                name: "Marcus Bell".into(),
                active: true,
                decision: Some(Decision::Keep),
                decided_by: "Kevin Osei".into(),
                decided_on: Some("2026-07-02".parse().unwrap()),
                ..Default::default()
            },
            AccessAccount {
                review_id: 1,
                user: "=frontdesk".into(),
                active: true,
                ..Default::default()
            },
        ],
        ..Default::default()
    };
    let mut out = Vec::new();
    write_access_csv(&mut out, &records, &people, Status::Draft).unwrap();
    let text = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3);
    assert!(
        lines[1].ends_with(",EHR,2026-07-01,,mbell,Marcus Bell,,yes,,new,Marcus Bell,,keep,Kevin Osei,2026-07-02"),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].contains(",'=frontdesk,") && lines[2].contains("shared account"),
        "{}",
        lines[2]
    );
}
