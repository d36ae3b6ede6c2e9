//! Drawing the whole frame: sidebar, the current screen, status bar, the open windows
//! (bottom to top), and the "terminal too small" message. Reads the app, changes
//! nothing. Below `WIDE` columns the sidebar shortens the screens' names (`short_name`),
//! so the screens keep most of their width at 80x24.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::app::App;
use super::component::Component;
use super::keys::{Action, BINDINGS, KeyHint, Scope, fit_hints, scope_hints};
use super::overlays::Overlay;
use super::protocol::MessageKind;
use super::screen::Screen;

/// The smallest terminal every journey is designed for.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;
/// From this width the sidebar names the screens in full; below it, shortened.
pub const WIDE: u16 = 100;

const SIDEBAR_WIDTH: u16 = 17;
/// The borders, a digit, a space and a short name of six letters.
const NARROW_SIDEBAR_WIDTH: u16 = 10;

/// Whether a terminal of this size is below the smallest the screens are drawn in.
pub fn too_small(width: u16, height: u16) -> bool {
    width < MIN_WIDTH || height < MIN_HEIGHT
}

pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    if too_small(area.width, area.height) {
        draw_too_small(frame, area, app);
        return;
    }
    let status_lines = status_lines(app, area.width);
    let [sidebar, main, status] = areas(area, status_lines.len() as u16);
    draw_sidebar(frame, sidebar, app, area.width >= WIDE);
    draw_main(frame, main, app);
    frame.render_widget(Paragraph::new(status_lines).style(app.theme.status_bar()), status);
    let ctx = app.ctx();
    for overlay in app.overlays() {
        overlay.draw(frame, area, &ctx);
    }
}

/// The sidebar, the current screen's area (its bordered block) and the status bar of a
/// frame whose status bar takes `status_height` lines.
fn areas(area: Rect, status_height: u16) -> [Rect; 3] {
    let [body, status] = Layout::vertical([Constraint::Min(1), Constraint::Length(status_height)]).areas(area);
    let sidebar_width = if area.width >= WIDE {
        SIDEBAR_WIDTH
    } else {
        NARROW_SIDEBAR_WIDTH
    };
    let [sidebar, main] = Layout::horizontal([Constraint::Length(sidebar_width), Constraint::Min(1)]).areas(body);
    [sidebar, main, status]
}

/// The current screen's area in a frame of `width` x `height` (above the "too small"
/// size): what `draw` gives `draw_main`.
pub fn main_area(app: &App, width: u16, height: u16) -> Rect {
    let area = Rect::new(0, 0, width, height);
    areas(area, status_lines(app, width).len() as u16)[1]
}

/// The current screen in `main`: its bordered block, a signed year's or a failed data
/// check's banner, its body.
pub fn draw_main(frame: &mut Frame, main: Rect, app: &App) {
    let block = Block::bordered()
        .title(format!(" {} ", app.screen.name()))
        .title_style(app.theme.title())
        .border_style(app.theme.border());
    let mut inner = block.inner(main);
    frame.render_widget(block, main);
    // A signed year, or a failed data check, says so under the header of every screen
    // (see `read_only`).
    if let Some(banner) = super::read_only::banner(&app.workspace, app.data_state(), usize::from(inner.width)) {
        let height = banner.len() as u16;
        let [lines, rest] = Layout::vertical([Constraint::Length(height), Constraint::Min(0)]).areas(inner);
        let banner: Vec<Line> = banner.into_iter().map(Line::from).collect();
        frame.render_widget(Paragraph::new(banner).style(app.theme.warning()), lines);
        inner = rest;
    }
    // Loading after the first frame (see `app::loading`): no numbers until they are in.
    if let Some(text) = app.not_loaded_text() {
        let text = Paragraph::new(text).style(app.theme.dim()).wrap(Wrap { trim: true });
        frame.render_widget(text, inner);
        return;
    }
    app.screens.get(app.screen).draw(frame, inner, &app.ctx());
}

/// The message instead of the screens; only quitting works meanwhile, and the question
/// quitting asks (a form has changes) shows here, as the one thing to answer.
fn draw_too_small(frame: &mut Frame, area: Rect, app: &App) {
    let mut text = vec![
        Line::from("Terminal too small").style(app.theme.error()),
        Line::from(""),
        Line::from(format!("This window is {}x{}.", area.width, area.height)),
        Line::from(format!("hipaa-ra needs at least {MIN_WIDTH}x{MIN_HEIGHT}.")),
    ];
    match app.overlay() {
        Some(Overlay::Confirm(question)) if question.quits() => {
            text.push(Line::from(""));
            text.extend(question.text(app.theme));
        }
        _ => text.push(Line::from("Enlarge the window, or press q to quit.")),
    }
    let height = (text.len() as u16).min(area.height);
    let top = area.y + area.height.saturating_sub(height) / 2;
    let message = Rect { y: top, height, ..area };
    frame.render_widget(Paragraph::new(text).centered().wrap(Wrap { trim: true }), message);
}

fn draw_sidebar(frame: &mut Frame, area: Rect, app: &App, wide: bool) {
    let mut lines: Vec<Line> = Vec::new();
    for screen in Screen::ALL {
        if *screen == Screen::FIRST_PROGRAM {
            // The program's screens share one digit: it heads them, and each is indented
            // under it without a key of its own (the key again goes to the next one).
            let (lead, name) = if wide {
                (format!(" {}", screen.hotkey()), format!(" {:<12}", "Program"))
            } else {
                (screen.hotkey().to_string(), format!(" {:<6}", "Prog."))
            };
            lines.push(Line::from(vec![
                Span::styled(lead, app.theme.key()),
                Span::styled(name, app.theme.heading()),
            ]));
        }
        // Narrow, the names are shortened (the help lists them whole), never dropped.
        let lead = match (screen.is_program(), wide) {
            (true, true) => "  ".to_string(),
            (true, false) => " ".to_string(),
            (false, true) => format!(" {}", screen.hotkey()),
            (false, false) => screen.hotkey().to_string(),
        };
        let name = if wide {
            format!(" {:<12}", screen.name())
        } else {
            format!(" {:<6}", screen.short_name())
        };
        lines.push(if *screen == app.screen {
            Line::from(format!("{lead}{name}")).style(app.theme.selected())
        } else {
            Line::from(vec![Span::styled(lead, app.theme.key()), Span::raw(name)])
        });
    }
    // The narrow strip has no room for the program's name in its border.
    let title = if wide { " hipaa-ra " } else { "" };
    let block = Block::bordered()
        .title(title)
        .title_style(app.theme.title())
        .border_style(app.theme.border());
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// The status bar, one line: the file and assessment, then the running work's stage,
/// then a message (shortened at a word to the line) or the keys that fit, chosen by
/// priority. A message gives way to the next key or a few seconds (`messages`).
fn status_lines(app: &App, width: u16) -> Vec<Line<'static>> {
    let width = usize::from(width);
    let assessment = app
        .workspace
        .assessment()
        .map_or("no assessment", |assessment| assessment.title.as_str());
    let mut label = format!(" {} · {} ", app.file_label, assessment);
    if label.chars().count() > width / 2 {
        label = format!(" {} ", app.file_label);
    }
    let mut spans = vec![Span::raw(label.clone())];
    let mut used = label.chars().count();
    // The data check still running (see `read_only`): writes are held meanwhile.
    if app.is_checking() {
        let text = " checking… ";
        used += text.chars().count();
        spans.push(Span::styled(text, app.theme.warning()));
    }
    if let Some(work) = app.work_status() {
        let text = format!(" {work} ");
        used += text.chars().count();
        spans.push(Span::styled(text, app.theme.warning()));
    }
    let showing_message = match &app.message {
        Some((kind, _)) => app.overlay().is_none() || *kind == MessageKind::Warning,
        None => false,
    };
    if let (true, Some((kind, message))) = (showing_message, &app.message) {
        let style = match kind {
            MessageKind::Error => app.theme.error(),
            MessageKind::Warning => app.theme.warning(),
            MessageKind::Info => app.theme.key(),
        };
        // One line beside the label, so the screen never shrinks: a longer message is
        // shortened at a word with "…" (the log has it whole, see `messages`).
        spans.push(Span::raw(" "));
        let room = width.saturating_sub(used + 2);
        spans.push(Span::styled(super::form::clip_words(message, room), style));
        return vec![Line::from(spans)];
    }
    let (hints, priority) = status_hints(app);
    for hint in fit_hints(&hints, &priority, width.saturating_sub(used)) {
        spans.push(Span::styled(format!(" {}", hint.keys), app.theme.key()));
        spans.push(Span::raw(format!(" {} ", hint.hint)));
    }
    vec![Line::from(spans)]
}

/// The status-bar hints of the top window, or of the screen (its keys, the lists', the
/// global ones and the screen digits as one range), with the order in which they are
/// kept when the width is short: help first, then the screen's own keys, then quit.
fn status_hints(app: &App) -> (Vec<KeyHint>, Vec<usize>) {
    if let Some(top) = app.overlay() {
        let hints = top.keys();
        let priority = (0..hints.len()).collect();
        return (hints, priority);
    }
    // The screen names its own keys; one that takes every key (the heat map being
    // chosen in) shows only those.
    let screen = app.screens.get(app.screen);
    // While the workspace loads the screen's own keys do nothing (see `app::loading`).
    let loaded = app.not_loaded_text().is_none();
    let mut hints = if loaded { screen.keys() } else { Vec::new() };
    if loaded && screen.takes_all_keys() {
        let priority = (0..hints.len()).collect();
        return (hints, priority);
    }
    hints.extend(scope_hints(Scope::Global));
    let screen_keys: Vec<&str> = BINDINGS
        .iter()
        .filter(|binding| matches!(binding.action, Action::GoTo(_)))
        .map(|binding| binding.keys)
        .collect();
    if let (Some(first), Some(last)) = (screen_keys.first(), screen_keys.last()) {
        hints.push(KeyHint {
            keys: format!("{first}-{last}"),
            hint: "screens",
        });
    }
    // `fit_hints` takes the rest in their own order after these.
    let priority = hints
        .iter()
        .position(|candidate| candidate.hint == "help")
        .into_iter()
        .collect();
    (hints, priority)
}
