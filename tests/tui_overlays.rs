//! Every window the TUI opens over a screen, on the demo, at 80x24 (the smallest
//! supported terminal) and 120x40, compared with reviewed snapshots. The windows and
//! the keys that open them are listed in `common::overlays`.

mod common;

use common::overlays::WINDOWS;
use common::{demo_app, render};
use hipaa_ra::tui::Theme;

#[test]
fn every_window_at_80x24_and_120x40() {
    for window in WINDOWS.iter().filter(|window| window.stable) {
        let (mut app, _dir) = demo_app(Theme::COLOR);
        (window.open)(&mut app);
        assert!(app.overlay().is_some(), "{} did not open a window", window.name);
        for (width, height) in [(80, 24), (120, 40)] {
            insta::assert_snapshot!(
                format!("{}_{width}x{height}", window.name),
                render(&app, width, height).backend()
            );
        }
    }
}
