//! A practice manager's access review in a pseudo-terminal: on the Access screen (the
//! program's second screen, `9` pressed twice), import the EHR's user list from a CSV
//! file, then decide accounts by keyboard; the decisions are in the workspace after quit.

mod common;

use std::path::Path;

use common::pty::*;
use hipaa_ra::domain::access::Decision;
use hipaa_ra::store::Store;

#[test]
fn import_a_user_list_and_decide_accounts_by_keyboard() {
    let (_temp, _env, workspace, mut session) = open_demo();
    session.go_to_program_screen("Access");
    session.wait_for("PracticeChart cloud EHR");
    session.wait_for("complete");

    // The EHR's last demo review: its accounts, decided, compared with the one before.
    session.press(b'\r');
    session.wait_for("1 removed, 12 unchanged");
    session.wait_for("(removed: jpatel)");

    // A new user list, imported from the screen.
    session.press(b'i');
    session.wait_for("Import the user list of PracticeChart cloud EHR");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ehr-users.csv");
    session.type_text(fixture.to_str().unwrap());
    session.press(b'\r');
    session.wait_for("Imported 13 accounts");
    session.wait_for("12 unchanged");
    session.wait_for("LEFT, ACTIVE");

    // Decide the first account (amohammed, by user) and the second (dwhitfield).
    session.press(b'y');
    session.wait_for("amohammed: keep");
    session.press(b'c');
    session.wait_for("dwhitfield: change");

    // Back to the systems; a grant outside the review, approved by the first person.
    session.press(0x1b);
    session.wait_for("Flagged");
    session.press(b'a');
    session.wait_for("Record an access change");
    session.type_text("\t\t\t\t");
    session.send_sequence(RIGHT_ARROW);
    session.press(b'\r');
    session.wait_for("Recorded: access granted for Aisha Mohammed");
    session.quit();

    let store = Store::open(&workspace).unwrap();
    let records = store.access_records().unwrap();
    let newest = records.reviews.iter().max_by_key(|review| review.id).unwrap();
    let decided: Vec<(&str, Option<Decision>)> = records
        .accounts_of(newest.id)
        .filter(|account| account.decision.is_some())
        .map(|account| (account.user.as_str(), account.decision))
        .collect();
    assert_eq!(
        decided,
        vec![
            ("amohammed", Some(Decision::Keep)),
            ("dwhitfield", Some(Decision::Change))
        ]
    );
    assert_eq!(newest.completed, None, "eleven accounts still to decide");
    let people = store.people().unwrap();
    let aisha = people.iter().find(|person| person.name == "Aisha Mohammed").unwrap();
    let granted = records
        .events
        .iter()
        .find(|event| event.kind == hipaa_ra::domain::access::AccessEventKind::Granted && event.person_id == aisha.id)
        .expect("the grant recorded");
    assert_eq!(granted.approved_by, Some(aisha.id));
}
