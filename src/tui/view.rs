//! Drawing the whole frame: sidebar, the current screen, status bar, overlays, and the
//! "terminal too small" message. Reads the app, changes nothing.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::app::{App, MessageKind};
use super::keys::{Action, BINDINGS, Binding, Scope, bindings_in};
use super::screen::Screen;
use super::screens;

/// The smallest terminal every journey is designed for.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

const SIDEBAR_WIDTH: u16 = 17;

pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        draw_too_small(frame, area, app);
        return;
    }
    let [body, status] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    let [sidebar, main] = Layout::horizontal([Constraint::Length(SIDEBAR_WIDTH), Constraint::Min(1)]).areas(body);
    draw_sidebar(frame, sidebar, app);
    let block = Block::bordered()
        .title(format!(" {} ", app.screen.name()))
        .title_style(app.theme.title())
        .border_style(app.theme.border());
    let inner = block.inner(main);
    frame.render_widget(block, main);
    screens::draw(frame, inner, app);
    draw_status(frame, status, app);
    if app.help_open {
        draw_help(frame, area, app);
    }
    if let Some(wizard) = &app.wizard {
        wizard.draw(frame, area, app.theme);
    }
}

fn draw_too_small(frame: &mut Frame, area: Rect, app: &App) {
    let text = vec![
        Line::from("Terminal too small").style(app.theme.error()),
        Line::from(""),
        Line::from(format!("This window is {}x{}.", area.width, area.height)),
        Line::from(format!("hipaa-ra needs at least {MIN_WIDTH}x{MIN_HEIGHT}.")),
        Line::from("Enlarge the window, or press q to quit."),
    ];
    let height = (text.len() as u16).min(area.height);
    let top = area.y + area.height.saturating_sub(height) / 2;
    let message = Rect { y: top, height, ..area };
    frame.render_widget(Paragraph::new(text).centered().wrap(Wrap { trim: true }), message);
}

fn draw_sidebar(frame: &mut Frame, area: Rect, app: &App) {
    let lines: Vec<Line> = Screen::ALL
        .iter()
        .map(|screen| {
            let text = format!(" {} {:<12}", screen.hotkey(), screen.name());
            if *screen == app.screen {
                Line::from(text).style(app.theme.selected())
            } else {
                Line::from(vec![
                    Span::styled(format!(" {}", screen.hotkey()), app.theme.key()),
                    Span::raw(format!(" {}", screen.name())),
                ])
            }
        })
        .collect();
    let block = Block::bordered()
        .title(" hipaa-ra ")
        .title_style(app.theme.title())
        .border_style(app.theme.border());
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

fn draw_status(frame: &mut Frame, area: Rect, app: &App) {
    let assessment = app
        .workspace
        .assessment()
        .map_or("no assessment", |assessment| assessment.title.as_str());
    let mut spans = vec![Span::raw(format!(" {} · {} ", app.file_label, assessment))];
    match &app.message {
        Some((kind, message)) => {
            let style = if *kind == MessageKind::Error {
                app.theme.error()
            } else {
                app.theme.key()
            };
            spans.push(Span::styled(format!(" {message} "), style));
        }
        None => {
            for (keys, hint) in status_hints() {
                spans.push(Span::styled(format!(" {keys}"), app.theme.key()));
                spans.push(Span::raw(format!(" {hint} ")));
            }
        }
    }
    frame.render_widget(Paragraph::new(Line::from(spans)).style(app.theme.status_bar()), area);
}

/// The status-bar hints: bindings that carry one, plus the screen keys as one range.
fn status_hints() -> Vec<(String, &'static str)> {
    let mut hints: Vec<(String, &'static str)> = BINDINGS
        .iter()
        .filter(|binding| !binding.hint.is_empty())
        .map(|binding| (binding.keys.to_string(), binding.hint))
        .collect();
    let screen_keys: Vec<&str> = BINDINGS
        .iter()
        .filter(|binding| matches!(binding.action, Action::GoTo(_)))
        .map(|binding| binding.keys)
        .collect();
    if let (Some(first), Some(last)) = (screen_keys.first(), screen_keys.last()) {
        hints.push((format!("{first}-{last}"), "screens"));
    }
    hints
}

fn draw_help(frame: &mut Frame, area: Rect, app: &App) {
    let theme = app.theme;
    let mut lines = Vec::new();
    let sections = [
        ("Everywhere", Scope::Global),
        ("Lists", Scope::Lists),
        ("This window", Scope::Overlay),
    ];
    for (title, scope) in sections {
        lines.push(Line::from(title).style(theme.heading()));
        let (screen_keys, others): (Vec<&Binding>, Vec<&Binding>) =
            bindings_in(scope).partition(|binding| matches!(binding.action, Action::GoTo(_)));
        for binding in others {
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<10}", binding.keys), theme.key()),
                Span::raw(binding.help),
            ]));
        }
        // The screen keys, three to a line, so the help fits a 24-row terminal.
        for row in screen_keys.chunks(3) {
            let mut spans = vec![Span::raw(" ")];
            for binding in row {
                spans.push(Span::styled(format!(" {}", binding.keys), theme.key()));
                spans.push(Span::raw(format!(" {:<17}", binding.help)));
            }
            lines.push(Line::from(spans));
        }
    }
    let height = (lines.len() as u16 + 2).min(area.height);
    let popup = centered(area, 64, height);
    frame.render_widget(Clear, popup);
    let block = Block::bordered()
        .title(format!(" Keys: {} ", app.screen.name()))
        .title_style(theme.title())
        .border_style(theme.border());
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}

/// A rectangle of at most `width` x `height`, centred in `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}
