//! A status-bar message through the real binary in a pseudo-terminal (issue 26): "Saved
//! …" used to replace the key hints until Esc, across screens. Now it goes by itself after
//! a few seconds with no key pressed, and the key hints come back.

mod common;

use std::time::Duration;

use common::pty::*;

#[test]
fn a_saved_message_goes_by_itself_and_the_key_hints_come_back() {
    let (_temp, _env, _workspace, mut session) = open_demo();
    session.press(b'1');
    session.wait_for_title("Practice");
    session.press(b'e');
    session.wait_for("Period start");
    session.press(b'\r');
    session.wait_for("Practice profile saved");
    // No key: the message gives way within its few seconds (four), and the hints return.
    session.wait_until_gone_within("Practice profile saved", Duration::from_secs(10));
    session.wait_for("? help");
    session.quit();
}
