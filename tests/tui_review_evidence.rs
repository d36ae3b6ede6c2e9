//! The safeguard tree and the review pane, and evidence records edited by keyboard:
//! attach a file from a typed path, link it to safeguard items, save it back out.

mod common;

use common::{body, demo_app, empty_app, focus_field, press, screen_text, select_citation, type_text};
use hipaa_ra::domain::{AddressableDecision, LinkTarget};
use hipaa_ra::tui::{Action, Screen, Theme};
use ratatui::crossterm::event::KeyCode;
use sha2::{Digest, Sha256};

#[test]
fn the_tree_folds_sections_and_jumps_to_the_next_open_item() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::Safeguards));
    // On the first row (the Administrative section), Enter folds it.
    press(&mut app, KeyCode::Enter);
    insta::assert_snapshot!("tree_folded_80x24", body(&app, 80, 24));
    let text = screen_text(&app, 80, 24);
    assert!(text.contains("▸ Administrative"), "{text}");
    assert!(!text.contains("164.308(a)(1)(i)"), "folded items are hidden:\n{text}");
    // n goes to the next item not reviewed, unfolding its section.
    press(&mut app, KeyCode::Char('n'));
    let index = app.selected_item().expect("an item");
    assert_eq!(app.catalog.items[index].citation, "164.308(a)(1)(ii)(C)");
    assert!(screen_text(&app, 80, 24).contains("Not reviewed yet: press e to review it."));
    press(&mut app, KeyCode::Char('n'));
    let index = app.selected_item().expect("an item");
    assert_eq!(app.catalog.items[index].citation, "164.308(a)(5)(ii)(A)");
}

#[test]
fn the_review_pane_shows_a_required_item_and_each_addressable_decision() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    let cases = [
        ("164.308(a)(1)(ii)(A)", "review_pane_required", None),
        (
            "164.312(a)(2)(iii)",
            "review_pane_as_specified",
            Some(AddressableDecision::AsSpecified),
        ),
        (
            "164.308(a)(3)(ii)(B)",
            "review_pane_alternative",
            Some(AddressableDecision::Alternative),
        ),
        (
            "164.310(d)(2)(iii)",
            "review_pane_not_reasonable",
            Some(AddressableDecision::NotReasonable),
        ),
    ];
    for (citation, name, decision) in cases {
        select_citation(&mut app, citation);
        assert_eq!(app.workspace.review(citation).unwrap().decision, decision);
        insta::assert_snapshot!(format!("{name}_120x40"), body(&app, 120, 40));
    }
    let text = screen_text(&app, 120, 40);
    assert!(
        text.contains("Decision: Not reasonable and appropriate: No ePHI is stored"),
        "{text}"
    );
}

#[test]
fn an_evidence_file_is_attached_linked_and_saved_back_out_unchanged() {
    let (mut app, dir) = demo_app(Theme::COLOR);
    // Every byte value, so nothing is translated on the way in or out.
    let bytes: Vec<u8> = (0..=255u8).cycle().take(5_000).collect();
    let source = dir.path().join("sanction policy.pdf");
    std::fs::write(&source, &bytes).unwrap();
    app.update(Action::GoTo(Screen::Evidence));
    press(&mut app, KeyCode::Char('a'));
    type_text(&mut app, "Sanction policy");
    focus_field(&mut app, "attach");
    // The attach field has the focus, with its help (no temporary path in the snapshot).
    insta::assert_snapshot!("evidence_form_80x24", body(&app, 80, 24));
    // Pasted from a file manager, in quotes.
    type_text(&mut app, &format!("'{}'", source.display()));
    press(&mut app, KeyCode::Enter);
    assert!(app.overlay().is_none(), "{}", screen_text(&app, 80, 24));
    let record = app.selected_evidence().expect("the new record is selected").clone();
    assert_eq!(record.title, "Sanction policy");
    let file = record.file.as_ref().expect("a stored file");
    assert_eq!(file.file_name, "sanction policy.pdf");
    assert_eq!(file.size, 5_000);
    assert_eq!(file.sha256, format!("{:x}", Sha256::digest(&bytes)));

    // Link it to the sanction policy item by typing part of its name.
    press(&mut app, KeyCode::Char('l'));
    type_text(&mut app, "sanction");
    press(&mut app, KeyCode::Char(' '));
    insta::assert_snapshot!("evidence_link_picker_80x24", body(&app, 80, 24));
    press(&mut app, KeyCode::Enter);
    let record = app.selected_evidence().unwrap().clone();
    assert_eq!(record.links.len(), 1);
    assert_eq!(record.links[0].target, LinkTarget::Safeguard);
    assert_eq!(record.links[0].target_ref, "164.308(a)(1)(ii)(C)");
    select_citation(&mut app, "164.308(a)(1)(ii)(C)");
    assert!(screen_text(&app, 120, 40).contains("Evidence: Sanction policy"));

    // Save it back out; an existing file is never overwritten.
    app.update(Action::GoTo(Screen::Evidence));
    press(&mut app, KeyCode::Char('o'));
    let out = dir.path().join("copy.pdf");
    for _ in 0..200 {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, &out.display().to_string());
    press(&mut app, KeyCode::Enter);
    assert!(app.overlay().is_none(), "{}", screen_text(&app, 80, 24));
    assert_eq!(std::fs::read(&out).unwrap(), bytes, "saved out byte for byte");
    press(&mut app, KeyCode::Char('o'));
    for _ in 0..200 {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, &out.display().to_string());
    press(&mut app, KeyCode::Enter);
    assert!(screen_text(&app, 80, 24).contains("already exists"));
}

#[test]
fn attaching_a_missing_file_or_a_folder_is_refused_in_the_form() {
    let (mut app, dir) = empty_app();
    app.update(Action::GoTo(Screen::Evidence));
    for (path, expected) in [
        (dir.path().join("nope.pdf"), "No such file"),
        (dir.path().to_path_buf(), "is a folder"),
    ] {
        press(&mut app, KeyCode::Char('a'));
        type_text(&mut app, "Backup log");
        focus_field(&mut app, "attach");
        type_text(&mut app, &path.display().to_string());
        press(&mut app, KeyCode::Enter);
        let text = screen_text(&app, 120, 40);
        assert!(text.contains(expected), "{text}");
        assert!(app.overlay().is_some(), "the form stays open");
        assert!(app.workspace.evidence.is_empty(), "nothing saved");
        // The form was filled in: Esc asks before discarding it, y does.
        press(&mut app, KeyCode::Esc);
        press(&mut app, KeyCode::Char('y'));
        assert!(app.overlay().is_none(), "discarded");
    }
}
