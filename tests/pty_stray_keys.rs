//! Stray keys through the real binary in a pseudo-terminal (issue 22): `Front desk`
//! typed on the Inventory, then Enter, used to delete an asset (`d` asked, the rest of
//! the word was ignored, Enter answered yes). Now Enter is no, any key answers a
//! question no and is used up, and only `y` deletes.

mod common;

use std::path::Path;

use common::pty::*;
use hipaa_ra::domain::Workspace;

fn load(workspace: &Path) -> Workspace {
    let store = hipaa_ra::store::Store::open_for_reading(workspace).expect("open the workspace to read it");
    store.snapshot().expect("load the workspace")
}

#[test]
fn typing_front_desk_then_enter_on_the_inventory_deletes_no_asset() {
    let (_temp, env, workspace, mut session) = open_demo();
    let before = load(&workspace);
    assert!(!before.assets.is_empty(), "the demo has assets");

    session.press(b'3');
    session.wait_for_title("Inventory");
    // The question says which key is yes; Enter answers no.
    session.press(b'd');
    session.wait_for("y: yes · any other key: no");
    session.press(b'\r');
    session.wait_until_gone("any other key: no");

    // The reproduction, typed as fast as the pty takes it. Either `d`'s question was on
    // screen before the rest arrived (then `e` answered no, and Enter edits the asset under
    // the cursor: a form), or the rest was already typed behind `d` and was dropped (the
    // question waits for a key typed after it was shown). Esc closes either, unchanged.
    session.type_text("Front desk");
    session.press(b'\r');
    session.pump_until(
        "Edit asset or the question",
        std::time::Duration::from_secs(10),
        |session| {
            let screen = session.contents();
            screen.contains("Edit asset") || screen.contains("any other key: no")
        },
    );
    session.press(0x1b);
    session.wait_until_gone("Edit asset");
    session.wait_until_gone("any other key: no");
    session.quit();

    let after = load(&workspace);
    let names = |workspace: &Workspace| {
        workspace
            .assets
            .iter()
            .map(|asset| (asset.id, asset.name.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&after), names(&before), "every asset is still there, unchanged");

    // The change log agrees: nothing was deleted.
    let log = std::process::Command::new(BINARY)
        .args(["log", "show"])
        .arg(&workspace)
        .envs(env.iter().cloned())
        .output()
        .expect("run hipaa-ra log show");
    assert!(log.status.success(), "{}", String::from_utf8_lossy(&log.stderr));
    let log = String::from_utf8_lossy(&log.stdout);
    assert!(!log.contains("delete assets"), "{log}");
}

/// "body" typed in one burst: `d` opens the question, and the `y` typed behind it (before
/// the question was on screen) is dropped rather than taken as its answer.
#[test]
fn a_word_with_d_then_y_typed_in_one_burst_deletes_nothing() {
    let (_temp, _env, workspace, mut session) = open_demo();
    let before = load(&workspace).assets.len();
    session.press(b'3');
    session.wait_for_title("Inventory");
    session.send_sequence(b"body");
    session.wait_for("y: yes · any other key: no");
    // The question stays until a key typed after it was shown answers it: here, no.
    session.press(b'n');
    session.wait_until_gone("any other key: no");
    session.quit();
    assert_eq!(load(&workspace).assets.len(), before, "nothing was deleted");
}
