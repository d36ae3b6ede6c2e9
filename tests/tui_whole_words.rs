//! Nothing meaningful is cut at 80x24 (issue 15, point 1): every screen, on the demo and
//! on an empty workspace, and every window over them, is drawn at 80x24 and searched for
//! a cut word.
//!
//! "Cut" here means: a rendered row holds the beginning of an intended label (a key's
//! hint or help from the key table, a screen's name, a field's label) that stops inside
//! one of the label's words — a strict prefix of the word — where the text stops: at the
//! end of the row or a border, or, when at least one whole word of the label came first,
//! at a space (and then only after two letters of the word). "q qui" at the end of the status bar is cut; "Quit (all is" ending a line
//! whose next line goes on "saved)" is not, nor is text shortened on purpose with "…".
//! The check is on labels we know the whole of; table cells of user data are not in it.

mod common;

use common::overlays::WINDOWS;
use common::{demo_app, empty_app, render};
use hipaa_ra::tui::{App, BINDINGS, Overlay, Screen, Theme};

/// Characters where drawn text stops: borders.
const STOPS: &[char] = &['│', '┐', '┘', '┤', '┌', '└', '─'];

fn labels(app: &App) -> Vec<String> {
    let mut labels: Vec<String> = BINDINGS
        .iter()
        .flat_map(|binding| [binding.help, binding.hint])
        .filter(|text| !text.is_empty())
        .map(str::to_string)
        .collect();
    labels.extend(Screen::ALL.iter().map(|screen| screen.name().to_string()));
    // The fields of the form on top only: a window over a form hides some of its labels,
    // which is covering, not cutting.
    let form = match app.overlay() {
        Some(Overlay::Form { form, .. }) => Some(form),
        Some(Overlay::KeyGen(keygen)) => Some(&keygen.form),
        _ => None,
    };
    if let Some(form) = form {
        labels.extend(form.fields.iter().map(|field| field.label.trim().to_string()));
    }
    labels
}

/// The cut labels in `rows` (see the module comment for what "cut" means).
fn cut_words(rows: &[String], labels: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    for row in rows {
        let chars: Vec<char> = row.chars().collect();
        for label in labels {
            let words: Vec<&str> = label.split_whitespace().collect();
            for (index, word) in words.iter().enumerate() {
                let letters: Vec<char> = word.chars().collect();
                for cut in 1..letters.len() {
                    // Only a cut between two letters splits a word.
                    if !letters[cut - 1].is_alphanumeric() || !letters[cut].is_alphanumeric() {
                        continue;
                    }
                    let mut candidate = words[..index].join(" ");
                    if index > 0 {
                        candidate.push(' ');
                    }
                    candidate.extend(&letters[..cut]);
                    let candidate: Vec<char> = candidate.chars().collect();
                    if candidate.len() < 3 {
                        continue;
                    }
                    for start in 0..chars.len().saturating_sub(candidate.len() - 1) {
                        if chars[start..start + candidate.len()] != candidate[..] {
                            continue;
                        }
                        let before = start.checked_sub(1).map(|at| chars[at]);
                        if before.is_some_and(char::is_alphanumeric) {
                            continue;
                        }
                        let after = chars.get(start + candidate.len()).copied();
                        let stops = match after {
                            None => true,
                            // Before a space only a cut of two letters or more: "Add a
                            // person" is not "Add an asset" cut.
                            Some(' ') => index > 0 && cut >= 2,
                            Some(next) => STOPS.contains(&next),
                        };
                        if stops {
                            found.push(format!(
                                "{:?} (of {label:?}) in {row:?}",
                                candidate.iter().collect::<String>()
                            ));
                        }
                    }
                }
            }
        }
    }
    found
}

fn rows(app: &App) -> Vec<String> {
    let terminal = render(app, 80, 24);
    let buffer = terminal.backend().buffer();
    (0..buffer.area.height)
        .map(|y| {
            (0..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol().to_string())
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect()
}

/// The title of the top window, to find it on the screen; None when the top overlay
/// draws in its screen (the filter, the heat map).
fn window_title(app: &App) -> Option<String> {
    match app.overlay()? {
        Overlay::Form { form, .. } => Some(form.title.clone()),
        Overlay::KeyGen(keygen) => Some(keygen.form.title.clone()),
        Overlay::Confirm(confirm) => Some(confirm.title.clone()),
        Overlay::Picker { picker, .. } => Some(picker.title.clone()),
        Overlay::Help => Some(format!("Keys: {}", app.screen.name())),
        Overlay::Prompts(_) => Some("Commonly forgotten items".to_string()),
        Overlay::Reading(reading) => Some(reading.title.clone()),
        _ => None,
    }
}

/// The rows to check: with a window open, its inside and the status bar only. Text of
/// the screen below that ends at the window's edge is covered, not cut.
fn checked_rows(app: &App) -> Vec<String> {
    let all = rows(app);
    let Some(title) = window_title(app) else { return all };
    let grid: Vec<Vec<char>> = all.iter().map(|row| row.chars().collect()).collect();
    let needle: Vec<char> = format!("┌ {title} ").chars().collect();
    let found = grid.iter().enumerate().find_map(|(y, row)| {
        (0..row.len().saturating_sub(needle.len() - 1))
            .find(|&x| row[x..x + needle.len()] == needle[..])
            .map(|x| (x, y))
    });
    let Some((left, top)) = found else {
        panic!("the window {title:?} is not on the screen:\n{}", all.join("\n"))
    };
    let right = (left + 1..grid[top].len())
        .find(|&x| grid[top][x] == '┐')
        .unwrap_or(grid[top].len() - 1);
    let bottom = (top..grid.len())
        .find(|&y| grid[y].get(left) == Some(&'└'))
        .unwrap_or(grid.len() - 1);
    let mut checked: Vec<String> = grid[top..=bottom]
        .iter()
        .map(|row| row[left.min(row.len())..(right + 1).min(row.len())].iter().collect())
        .collect();
    checked.push(all.last().cloned().unwrap_or_default());
    checked
}

fn assert_whole(app: &App, what: &str) {
    let cut = cut_words(&checked_rows(app), &labels(app));
    assert!(
        cut.is_empty(),
        "{what} at 80x24 cuts {}:\n{}\n{}",
        cut.len(),
        cut.join("\n"),
        rows(app).join("\n")
    );
}

#[test]
fn the_detector_finds_cut_labels_and_passes_whole_or_wrapped_ones() {
    let labels = vec![
        "quit".to_string(),
        "Quit (all is saved)".to_string(),
        "Next screen".to_string(),
    ];
    let rows = |text: &[&str]| text.iter().map(|row| row.to_string()).collect::<Vec<_>>();
    assert_eq!(cut_words(&rows(&[" demo.hra  ? help  q qui"]), &labels).len(), 1);
    assert_eq!(cut_words(&rows(&["│  q   Quit (all is sa│"]), &labels).len(), 1);
    assert_eq!(cut_words(&rows(&["│ Tab  Next scr  │"]), &labels).len(), 1);
    assert!(cut_words(&rows(&["│  q   Quit (all is   │", "│      saved)         │"]), &labels).is_empty());
    assert!(cut_words(&rows(&[" q quit  Tab Next screen"]), &labels).is_empty());
    assert!(
        cut_words(&rows(&["Quit (all is sa…"]), &labels).is_empty(),
        "elided on purpose"
    );
    assert!(
        cut_words(&rows(&["quite"]), &labels).is_empty(),
        "a longer word is not a cut"
    );
}

#[test]
fn every_screen_at_80x24_shows_whole_words() {
    let (mut demo, _demo_dir) = demo_app(Theme::COLOR);
    let (mut empty, _empty_dir) = empty_app();
    for screen in Screen::ALL {
        demo.update(hipaa_ra::tui::Action::GoTo(*screen));
        assert_whole(&demo, &format!("the demo's {} screen", screen.name()));
        empty.update(hipaa_ra::tui::Action::GoTo(*screen));
        assert_whole(&empty, &format!("an empty workspace's {} screen", screen.name()));
    }
}

#[test]
fn every_window_at_80x24_shows_whole_words() {
    for window in WINDOWS {
        let (mut app, _dir) = demo_app(Theme::COLOR);
        (window.open)(&mut app);
        assert_whole(&app, window.name);
    }
}
