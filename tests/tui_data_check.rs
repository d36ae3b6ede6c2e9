//! The first frame does not wait for the data check (issue 25): the TUI draws the data at
//! once, the status bar says "checking…" while the check runs and every key that would
//! write answers in the status line; a pass is silent, and a failure leaves the workspace
//! open read-only with the reason under each screen's header.

mod common;

use std::path::{Path, PathBuf};

use common::{press, screen_text, today};
use hipaa_ra::store::Store;
use hipaa_ra::tui::{Action, App, DataState, Screen, Theme};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const CHECKING: &str = "The workspace is still being checked; try again in a moment";

/// The demo practice in `dir`, closed; its path.
fn demo(dir: &Path) -> PathBuf {
    let path = dir.join("demo.hra");
    drop(hipaa_ra::demo::create(&path, today()).unwrap());
    path
}

fn control_z(app: &mut App) {
    app.handle_key(KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL));
}

/// Presses each key on `screen` and checks it opened nothing and said `expected`.
fn assert_refused(app: &mut App, screen: Screen, keys: &[char], expected: &str) {
    app.update(Action::GoTo(screen));
    for key in keys {
        app.message = None;
        press(app, KeyCode::Char(*key));
        assert!(app.overlay().is_none(), "{screen:?} {key} opened a window");
        let said = app.message.as_ref().map(|(_, text)| text.as_str()).unwrap_or_default();
        assert_eq!(said, expected, "{screen:?} {key}");
    }
    app.message = None;
    control_z(app);
    let said = app.message.as_ref().map(|(_, text)| text.as_str()).unwrap_or_default();
    assert_eq!(said, expected, "{screen:?} Ctrl-Z");
}

#[test]
fn while_the_check_runs_the_data_shows_with_a_mark_and_writes_wait() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let (store, workspace, check, held) = Store::open_deferred_held_for_tests(&path).unwrap();
    let mut app = App::with_snapshot(store, workspace, today(), Theme::COLOR);
    app.watch_check(check);
    assert!(app.is_checking());
    let first = screen_text(&app, 80, 24);
    assert!(first.contains("checking…"), "{first}");
    insta::assert_snapshot!("data_check_checking_80x24", first);

    assert_refused(&mut app, Screen::Inventory, &['a', 'e', 'd'], CHECKING);
    assert_refused(&mut app, Screen::Practice, &['e', 's', 'n'], CHECKING);
    // Moving about and reading stays open.
    app.update(Action::GoTo(Screen::Risks));
    assert_eq!(app.screen, Screen::Risks);

    held.release();
    app.wait_for_check();
    assert_eq!(app.data_state(), &DataState::Checked);
    let passed = screen_text(&app, 80, 24);
    assert!(
        !passed.contains("checking…") && !passed.contains("Read-only"),
        "{passed}"
    );
    app.update(Action::GoTo(Screen::Inventory));
    press(&mut app, KeyCode::Char('a'));
    assert!(app.overlay().is_some(), "after the pass, a opens the asset form");
}

#[test]
fn a_failed_check_leaves_the_workspace_open_read_only_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let id: i64 = {
        let conn = rusqlite::Connection::open(&path).unwrap();
        let id = conn
            .query_row("SELECT min(id) FROM assets", [], |row| row.get(0))
            .unwrap();
        conn.execute("UPDATE assets SET location = 'Elsewhere' WHERE id = ?1", [id])
            .unwrap();
        id
    };
    let before = std::fs::read(&path).unwrap();
    let (store, workspace, check) = Store::open_deferred(&path).unwrap();
    let mut app = App::with_snapshot(store, workspace, today(), Theme::COLOR);
    app.watch_check(check);
    app.wait_for_check();
    let problem =
        format!("the workspace does not match its change log: assets {id}: location is \"Elsewhere\" in the data");
    match app.data_state() {
        DataState::Failed(failure) => assert!(failure.problem().starts_with(&problem), "{failure}"),
        other => panic!("expected a failed check, got {other:?}"),
    }

    app.update(Action::GoTo(Screen::Inventory));
    let text = screen_text(&app, 80, 24);
    assert!(
        text.contains("Read-only: the workspace does not match its change log"),
        "{text}"
    );
    assert!(text.contains("ClearClaim Billing"), "the data is shown: {text}");
    assert!(
        app.workspace
            .assets
            .iter()
            .any(|asset| asset.id == id && asset.location == "Elsewhere"),
        "the data as it is in the file"
    );
    assert!(!text.contains("checking…"), "{text}");
    insta::assert_snapshot!("data_check_failed_inventory_80x24", text);
    let wide = screen_text(&app, 120, 40);
    // Wrapped onto two lines at 120 columns too.
    assert!(
        wide.contains(&format!("Read-only: {problem}").replace(" data", "")),
        "{wide}"
    );

    let DataState::Failed(failure) = app.data_state().clone() else {
        unreachable!()
    };
    let refusal = format!("Read-only: {}", failure.problem());
    assert_refused(&mut app, Screen::Inventory, &['a', 'e', 'd'], &refusal);
    assert_refused(&mut app, Screen::Risks, &['a', 'e'], &refusal);
    assert_refused(&mut app, Screen::Practice, &['e', 's', 'n'], &refusal);
    drop(app);
    assert_eq!(std::fs::read(&path).unwrap(), before, "nothing is written");
}

/// The real binary in a pseudo-terminal: `hipaa-ra FILE` on a workspace edited behind its
/// log draws the data, says why it is read-only, refuses an edit with the reason, and
/// quits at once, leaving the file as it was.
#[test]
fn the_binary_opens_a_tampered_workspace_read_only_and_quits_at_once() {
    use common::pty::{STARTUP_TIMEOUT, Session, environment, write_demo};
    let temp = tempfile::tempdir().unwrap();
    let env = environment(temp.path());
    let workspace = write_demo(temp.path(), &env);
    {
        let conn = rusqlite::Connection::open(&workspace).unwrap();
        conn.execute_batch("UPDATE assets SET location = 'Elsewhere' WHERE id = (SELECT min(id) FROM assets);")
            .unwrap();
    }
    let before = std::fs::read(&workspace).unwrap();
    let mut session = Session::spawn(&[workspace.as_path()], &env);
    session.wait_for_within(
        "Read-only: the workspace does not match its change log",
        STARTUP_TIMEOUT,
    );
    session.wait_for("Readiness");
    session.press(b'3');
    session.wait_for_title("Inventory");
    session.press(b'a');
    // The banner and, in the status line, the refusal of `a`.
    session.pump_until("the refusal of a in the status line", common::pty::TIMEOUT, |session| {
        session.contents().matches("Read-only:").count() >= 2
    });
    assert!(!session.contents().contains("Add an asset"), "{}", session.contents());
    session.press(b'q');
    let status = session.wait_for_exit();
    assert!(status.success(), "{}", session.contents());
    assert_eq!(std::fs::read(&workspace).unwrap(), before, "nothing is written");
}
