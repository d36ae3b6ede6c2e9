//! The inventory for a practice manager: columns chosen by width, a detail pane with every
//! field of the selected asset (below the table at 80x24, beside it at 120x40), the ePHI
//! legend, and the chips that find what needs attention.

mod common;

use common::{body, demo_app, press, screen_text};
use hipaa_ra::tui::{Action, Screen, Theme};
use ratatui::crossterm::event::KeyCode;

#[test]
fn the_inventory_shows_its_detail_pane_and_legend_at_both_sizes() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::Inventory));
    app.update(Action::Down);
    insta::assert_snapshot!("inventory_detail_80x24", body(&app, 80, 24));
    insta::assert_snapshot!("inventory_detail_120x40", body(&app, 120, 40));
    let wide = screen_text(&app, 120, 40);
    for field in [
        "Kind: Vendor",
        "Owner: Kevin Osei",
        "BAA status: ",
        "Last reviewed: ",
        "Encrypted at rest: ",
    ] {
        assert!(wide.contains(field), "{field} in the side pane:\n{wide}");
    }
    for column in ["Reviewed", "Critical", "Encrypted"] {
        assert!(wide.contains(column), "the {column} column at 120 columns");
    }
    assert!(screen_text(&app, 80, 24).contains("C create R receive M maintain T transmit"));
}

#[test]
fn the_chips_narrow_the_list_to_what_needs_attention_and_back() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::Inventory));
    let all = app.inventory().rows.len();
    let [not_reviewed, no_owner, no_baa, retired] = app.inventory().chip_counts;
    assert!(not_reviewed > 0 && no_baa == 2, "{:?}", app.inventory().chip_counts);
    // A first year retires nothing: no retired chip, and the cycle skips it.
    assert_eq!(retired, 0);
    press(&mut app, KeyCode::Char('f'));
    assert_eq!(app.inventory().rows.len(), not_reviewed);
    insta::assert_snapshot!("inventory_chip_not_reviewed_80x24", body(&app, 80, 24));
    press(&mut app, KeyCode::Char('f'));
    assert_eq!(app.inventory().rows.len(), no_owner);
    press(&mut app, KeyCode::Char('f'));
    assert_eq!(app.inventory().rows.len(), no_baa);
    let text = screen_text(&app, 80, 24);
    assert!(text.contains("! Bytewise IT"), "{text}");
    press(&mut app, KeyCode::Char('f'));
    assert_eq!(app.inventory().rows.len(), all, "after the last chip: all again");
}
