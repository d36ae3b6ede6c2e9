//! The TUI's everyday handling (issue 26, items 1, 2, 3 and 7), on the demo through the
//! app's keys: the safeguard guidance read in full, the scenario number in the Risks
//! table and F2's lists of scenarios and citations, the sidebar's names and the help's
//! list of screens at 80x24, one-line messages that give way to the next key, text
//! fields that replace a prefilled value and take today's date, and the report preview's
//! sections.

mod common;

use common::{body, demo_app, focus_field, press, render, screen_text, select_citation, today, type_text};
use hipaa_ra::tui::{Action, App, Overlay, Screen, Theme};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn control(app: &mut App, letter: char) {
    app.handle_key(KeyEvent::new(KeyCode::Char(letter), KeyModifiers::CONTROL));
}

fn field_text(app: &App, field: &str) -> String {
    match app.overlay() {
        Some(Overlay::Form { form, .. }) => form.text(field),
        _ => panic!("no form is open:\n{}", screen_text(app, 80, 24)),
    }
}

/// The whole frame's rows at `width` x `height`.
fn frame_rows(app: &App, width: u16, height: u16) -> Vec<String> {
    let terminal = render(app, width, height);
    let buffer = terminal.backend().buffer();
    (0..height)
        .map(|y| (0..width).map(|x| buffer[(x, y)].symbol()).collect())
        .collect()
}

// ----- 1. Guidance, scenario numbers, pickers -----

#[test]
fn the_guidance_reads_in_full_from_the_screen_and_over_the_review_form() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    let catalog = hipaa_ra::catalog::Catalog::embedded();
    let item = catalog.item("164.308(a)(1)(ii)(A)").unwrap();
    select_citation(&mut app, "164.308(a)(1)(ii)(A)");
    // The detail pane names the key (at 80 columns the status bar has no room left for
    // it after review, find and next open), and the status bar where it has room.
    assert!(screen_text(&app, 80, 24).contains("i guidance in full"));
    let status = frame_rows(&app, 120, 40).pop().unwrap();
    assert!(status.contains("i guidance"), "{status}");
    press(&mut app, KeyCode::Char('i'));
    assert!(matches!(app.overlay(), Some(Overlay::Reading(_))));
    insta::assert_snapshot!("guidance_80x24", frame_rows(&app, 80, 24).join("\n"));
    // Every word of the summary is on the screen once scrolled: read it page by page.
    let mut seen = String::new();
    for _ in 0..5 {
        seen.push_str(&frame_rows(&app, 80, 24).join(" "));
        press(&mut app, KeyCode::PageDown);
    }
    let seen: Vec<&str> = seen.split(|c: char| c == '│' || c.is_whitespace()).collect();
    for word in item.summary.split_whitespace() {
        assert!(seen.contains(&word), "{word:?} of the guidance is never shown whole");
    }
    press(&mut app, KeyCode::Esc);
    assert!(app.overlay().is_none());

    // Over the review form: Ctrl-G opens it, Esc goes back to the form as it was.
    press(&mut app, KeyCode::Enter);
    focus_field(&mut app, "measure");
    type_text(&mut app, "Yearly analysis");
    control(&mut app, 'g');
    assert!(matches!(app.overlay(), Some(Overlay::Reading(_))));
    assert!(screen_text(&app, 80, 24).contains("What this means for a small office"));
    press(&mut app, KeyCode::Esc);
    assert_eq!(field_text(&app, "measure"), "Yearly analysis");
    // The form's footer names the key.
    assert!(screen_text(&app, 80, 24).contains("Ctrl-G guidance"));
}

#[test]
fn the_risks_table_shows_each_scenarios_number_at_both_widths() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::Risks));
    let risk = app.selected_risk().unwrap().clone();
    for (width, height) in [(80, 24), (120, 40)] {
        let rows = frame_rows(&app, width, height);
        let header = rows.iter().find(|row| row.contains("Level")).expect("a header");
        assert!(header.contains("│# ") || header.contains(" # "), "{header}");
        let row = rows
            .iter()
            .find(|row| row.contains(&risk.threat.chars().take(12).collect::<String>()))
            .expect("the selected row");
        assert!(row.contains(&format!("{} ", risk.id)), "{row}");
    }
}

#[test]
fn a_coverage_note_picks_its_scenarios_from_a_list() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::Risks));
    let first = app.selected_risk().unwrap().clone();
    app.update(Action::GoTo(Screen::Inventory));
    app.update(Action::CoverageNote);
    press(&mut app, KeyCode::F(2));
    assert!(matches!(app.overlay(), Some(Overlay::Picker { .. })));
    assert!(screen_text(&app, 80, 24).contains(&format!("#{} ", first.id)));
    // Find it by its number, tick it, done: its number goes into the field.
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, &format!("#{} ", first.id));
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Enter);
    assert_eq!(field_text(&app, "scenarios"), first.id.to_string());
}

#[test]
fn a_scenarios_citations_are_ticked_in_the_catalog() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::Risks));
    let risk = app.selected_risk().unwrap().clone();
    app.update(Action::Edit);
    focus_field(&mut app, "citations");
    press(&mut app, KeyCode::F(2));
    let text = screen_text(&app, 80, 24);
    assert!(text.contains("164.308(a)(1)(ii)(A) Risk analysis"), "{text}");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "audit controls");
    let text = screen_text(&app, 80, 24);
    assert!(text.contains("164.312(b) Audit controls"), "{text}");
    insta::assert_snapshot!("citations_found_80x24", body(&app, 80, 24));
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Enter);
    let citations = field_text(&app, "citations");
    assert!(citations.contains("164.312(b)"), "{citations}");
    for kept in &risk.citations {
        assert!(citations.contains(kept.as_str()), "{kept} kept: {citations}");
    }
    press(&mut app, KeyCode::Enter);
    let saved = app.workspace.risk(risk.id).unwrap();
    assert!(saved.citations.iter().any(|citation| citation == "164.312(b)"));
}

// ----- 2. Sidebar, help, messages -----

#[test]
fn the_sidebar_names_the_screens_at_80x24_and_the_help_lists_them() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::Risks));
    let rows = frame_rows(&app, 80, 24);
    let sidebar: Vec<String> = rows.iter().take(12).map(|row| row.chars().take(10).collect()).collect();
    insta::assert_snapshot!("sidebar_80x24", sidebar.join("\n"));
    for name in [
        "Dash.", "Pract.", "People", "Inv.", "Safeg.", "Risks", "Remed.", "Evid.", "Report", "Due",
    ] {
        assert!(sidebar.iter().any(|row| row.contains(name)), "{name}");
    }
    app.update(Action::ToggleHelp);
    let help = screen_text(&app, 80, 24);
    for screen in Screen::ALL.iter().filter(|screen| !screen.is_program()) {
        assert!(
            help.contains(&format!("{} {}", screen.hotkey(), screen.name())),
            "{} in the help:\n{help}",
            screen.name()
        );
    }
    // The program's screens under the program's key, each by its whole name.
    let program = help.replace('\n', " ");
    assert!(program.contains("9 Program:"), "{help}");
    for screen in Screen::program() {
        assert!(
            program.contains(screen.name()),
            "{} in the help:\n{help}",
            screen.name()
        );
    }
    insta::assert_snapshot!("help_risks_frame_80x24", frame_rows(&app, 80, 24).join("\n"));
}

#[test]
fn a_message_takes_one_line_and_gives_way_to_the_next_key() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::Practice));
    app.update(Action::Edit);
    press(&mut app, KeyCode::Enter);
    let kind = app.message.clone().expect("saved").0;
    let long = "Saved the practice profile, and here is a much longer message than the status bar \
                can hold at eighty columns, which is shortened at a word";
    app.message = Some((kind, long.to_string()));
    let rows = frame_rows(&app, 80, 24);
    let status = rows.last().unwrap();
    assert!(
        status.contains("Saved the practice profile") && status.trim_end().ends_with('…'),
        "{status}"
    );
    // One line: the screen above keeps its height.
    assert!(rows[22].starts_with('└'), "{}", rows.join("\n"));
    // The next key, any key, clears it, and the key hints come back.
    press(&mut app, KeyCode::Down);
    assert!(app.message.is_none());
    assert!(frame_rows(&app, 80, 24).last().unwrap().contains("? help"));
    // Going to another screen does not carry a message along.
    app.message = Some((kind, "Saved".to_string()));
    press(&mut app, KeyCode::Char('3'));
    assert!(!frame_rows(&app, 80, 24).last().unwrap().contains("Saved"));
}

// ----- 3. Text fields -----

#[test]
fn typing_replaces_a_prefilled_field_ctrl_u_clears_and_t_puts_today() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::Evidence));
    app.update(Action::Edit);
    // The reproduction: "Dated" prefilled, 12/2/2026 typed.
    focus_field(&mut app, "dated");
    assert!(!field_text(&app, "dated").is_empty(), "prefilled");
    type_text(&mut app, "12/2/2026");
    assert_eq!(field_text(&app, "dated"), "12/2/2026");
    control(&mut app, 'u');
    assert_eq!(field_text(&app, "dated"), "");
    type_text(&mut app, "t");
    assert_eq!(field_text(&app, "dated"), today().to_string());
    insta::assert_snapshot!("evidence_form_today_80x24", body(&app, 80, 24));
    // Ctrl-T over a date typed.
    control(&mut app, 'u');
    type_text(&mut app, "1/1/2020");
    control(&mut app, 't');
    assert_eq!(field_text(&app, "dated"), today().to_string());
    // The title: Home keeps the text and types before it.
    focus_field(&mut app, "title");
    let title = field_text(&app, "title");
    press(&mut app, KeyCode::Home);
    type_text(&mut app, "2026 ");
    assert_eq!(field_text(&app, "title"), format!("2026 {title}"));
    press(&mut app, KeyCode::Enter);
    assert!(app.overlay().is_none(), "{}", screen_text(&app, 80, 24));
    let saved = app.selected_evidence().unwrap();
    assert_eq!(saved.dated, Some(today()));
    assert_eq!(saved.title, format!("2026 {title}"));
}

// ----- 7. Report sections -----

#[test]
fn the_report_preview_jumps_by_section_and_from_its_contents() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::Report));
    assert_eq!(app.cursor(Screen::Report), 0);
    let status = frame_rows(&app, 80, 24).pop().unwrap();
    assert!(
        status.contains("] next section") && status.contains("c contents"),
        "{status}"
    );
    press(&mut app, KeyCode::Char(']'));
    let first = app.cursor(Screen::Report);
    assert!(first > 0);
    press(&mut app, KeyCode::Char(']'));
    let second = app.cursor(Screen::Report);
    assert!(second > first);
    press(&mut app, KeyCode::Char('['));
    assert_eq!(app.cursor(Screen::Report), first);
    // The contents: find "Changes since", Enter goes there.
    press(&mut app, KeyCode::Char('c'));
    assert!(matches!(app.overlay(), Some(Overlay::Picker { .. })));
    type_text(&mut app, "changes since");
    press(&mut app, KeyCode::Enter);
    assert!(app.overlay().is_none());
    let text = screen_text(&app, 80, 24);
    let top = text.lines().nth(1).unwrap_or_default();
    assert!(top.contains("Changes since"), "{text}");
}
