//! The Program screen in a pseudo-terminal: `9` opens it first among the program's
//! screens, it lists the demo's overdue and expiring items, Enter on a line shows the
//! screen of its record, and `9` again goes on to Workforce.

mod common;

use common::pty::*;

#[test]
fn nine_shows_what_is_due_and_enter_opens_the_record() {
    let (_temp, _env, _workspace, mut session) = open_demo();
    session.go_to_program_screen("Program");
    session.wait_for("overdue");
    session.wait_for("Security awareness and train");
    // Critical assets never restore-tested are due now.
    session.wait_for("Restore test:");
    session.wait_for("due today");
    // The first line: the oldest overdue evidence review, shown on the Evidence screen.
    session.press(b'\r');
    session.wait_for_title("Evidence");
    session.wait_for("ClearClaim business-associate agreement");
    // Back with 9, then on to the next program screen.
    session.go_to_program_screen("Workforce");
    session.quit();
}
