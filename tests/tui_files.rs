//! Files in the TUI. Saving a stored evidence file back out writes only into the folder the
//! user chose: a stored name with folders in it (from an import made before names were
//! checked) cannot lead the default path outside it, and the file is written through the
//! one output writer (new file only, mode 0600). Importing a spreadsheet again updates
//! the assets of the same name and says what it added, updated and left unchanged.

mod common;

use std::os::unix::fs::PermissionsExt;

use common::{press, today};
use hipaa_ra::domain::{Evidence, EvidenceKind};
use hipaa_ra::store::Store;
use hipaa_ra::tui::{Action, App, Screen, Theme};
use ratatui::crossterm::event::KeyCode;

#[test]
fn the_default_save_out_path_stays_in_the_workspace_folder() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("a").join("b");
    std::fs::create_dir_all(&folder).unwrap();
    let mut store = Store::create(&folder.join("clinic.hra"), "Clinic", "Sam", today()).unwrap();
    let record = Evidence {
        title: "Policy".into(),
        kind: EvidenceKind::Policy,
        dated: Some(today()),
        review_cycle_months: Some(12),
        ..Default::default()
    };
    store
        .add_evidence(&record, Some(("../../escape.txt", b"policy text")))
        .unwrap();
    let mut app = App::new(store, today(), Theme::COLOR).unwrap();
    app.update(Action::GoTo(Screen::Evidence));
    press(&mut app, KeyCode::Char('o'));
    press(&mut app, KeyCode::Enter);
    assert!(app.overlay().is_none(), "{}", common::screen_text(&app, 80, 24));
    let saved = folder.join("escape.txt");
    assert_eq!(std::fs::read(&saved).unwrap(), b"policy text");
    assert!(!dir.path().join("escape.txt").exists(), "written outside the folder");
    assert_eq!(std::fs::metadata(&saved).unwrap().permissions().mode() & 0o777, 0o600);
}

#[test]
fn the_tui_import_updates_by_name_and_says_what_it_did() {
    let (mut app, dir) = common::empty_app();
    let csv = dir.path().join("inventory.csv");
    std::fs::write(&csv, "name,kind,location\nFax,system,Front\nEHR,cloud_service,Vendor\n").unwrap();
    let import = |app: &mut App| {
        app.update(Action::GoTo(Screen::Inventory));
        press(app, KeyCode::Char('i'));
        common::type_text(app, &csv.display().to_string());
        press(app, KeyCode::Enter);
        assert!(app.overlay().is_none(), "{}", common::screen_text(app, 120, 40));
        common::screen_text(app, 120, 40)
    };
    let first = import(&mut app);
    assert!(first.contains("added 2, updated 0, unchanged 0"), "{first}");
    std::fs::write(
        &csv,
        "name,kind,location\nFAX,system,Back office\nEHR,cloud_service,Vendor\nScanner,system,Lab\n",
    )
    .unwrap();
    let second = import(&mut app);
    assert!(second.contains("added 1, updated 1, unchanged 1"), "{second}");
    assert_eq!(app.workspace.assets.len(), 3);
}

#[test]
fn the_tui_import_names_the_columns_it_ignored_and_reads_yes_as_every_ephi_action() {
    let (mut app, dir) = common::empty_app();
    let csv = dir.path().join("office.csv");
    std::fs::write(
        &csv,
        "Asset Name,Type,Contains ePHI,Device\nFax,system,Yes,HP\nPrinter,system,No,HP\n",
    )
    .unwrap();
    app.update(Action::GoTo(Screen::Inventory));
    press(&mut app, KeyCode::Char('i'));
    common::type_text(&mut app, &csv.display().to_string());
    press(&mut app, KeyCode::Enter);
    let text = common::screen_text(&app, 200, 40);
    assert!(app.overlay().is_none(), "{text}");
    assert!(text.contains("added 2, updated 0, unchanged 0"), "{text}");
    assert!(
        text.contains("ignored 1 column hipaa-ra does not keep: `Device`"),
        "{text}"
    );
    let ephi: Vec<(String, String)> = app
        .workspace
        .assets
        .iter()
        .map(|asset| (asset.name.clone(), asset.ephi.letters()))
        .collect();
    assert_eq!(
        ephi,
        [
            ("Fax".to_string(), "CRMT".to_string()),
            ("Printer".to_string(), "----".to_string())
        ]
    );
}
