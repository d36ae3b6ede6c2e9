//! Drawing the whole frame: sidebar, the current screen, status bar, the open overlay,
//! and the "terminal too small" message. Reads the app, changes nothing.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::app::{App, Confirm, MessageKind, Overlay};
use super::keys::{Action, BINDINGS, Binding, Scope, bindings_in};
use super::screen::Screen;
use super::screens;
use crate::domain::{InventoryPrompt, Labeled};

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
    match &app.overlay {
        None | Some(Overlay::Filter | Overlay::HeatMap { .. }) => {}
        Some(Overlay::Help) => draw_help(frame, area, app),
        Some(Overlay::Form { form, .. }) => form.draw(frame, area, app.theme),
        Some(Overlay::Confirm(confirm)) => draw_confirm(frame, area, app, confirm),
        Some(Overlay::Prompts { cursor }) => draw_prompts(frame, area, app, *cursor),
        Some(Overlay::Picker { picker, .. }) => picker.draw(frame, area, app.theme),
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
        Some((kind, message)) if app.overlay.is_none() || *kind == MessageKind::Warning => {
            let style = match kind {
                MessageKind::Error => app.theme.error(),
                MessageKind::Warning => app.theme.warning(),
                MessageKind::Info => app.theme.key(),
            };
            spans.push(Span::styled(format!(" {message} "), style));
        }
        _ => {
            for (keys, hint) in status_hints(app) {
                spans.push(Span::styled(format!(" {keys}"), app.theme.key()));
                spans.push(Span::raw(format!(" {hint} ")));
            }
        }
    }
    frame.render_widget(Paragraph::new(Line::from(spans)).style(app.theme.status_bar()), area);
}

/// The scopes whose keys work right now, most specific first.
fn active_scopes(app: &App) -> Vec<Scope> {
    match &app.overlay {
        Some(overlay) => vec![overlay.scope()],
        None => vec![Scope::Screen(app.screen), Scope::Lists, Scope::Global],
    }
}

/// The status-bar hints: bindings that carry one, plus the screen keys as one range.
fn status_hints(app: &App) -> Vec<(String, &'static str)> {
    let scopes = active_scopes(app);
    // A single-choice picker has nothing to tick: there Space is part of the find.
    let single_picker = matches!(&app.overlay, Some(Overlay::Picker { picker, .. }) if !picker.multi);
    let mut hints: Vec<(String, &'static str)> = scopes
        .iter()
        .flat_map(|scope| bindings_in(*scope))
        .filter(|binding| !binding.hint.is_empty())
        .filter(|binding| !(single_picker && binding.action == Action::Toggle))
        .map(|binding| (binding.keys.to_string(), binding.hint))
        .collect();
    if app.overlay.is_none() {
        let screen_keys: Vec<&str> = BINDINGS
            .iter()
            .filter(|binding| matches!(binding.action, Action::GoTo(_)))
            .map(|binding| binding.keys)
            .collect();
        if let (Some(first), Some(last)) = (screen_keys.first(), screen_keys.last()) {
            hints.push((format!("{first}-{last}"), "screens"));
        }
    }
    hints
}

fn draw_help(frame: &mut Frame, area: Rect, app: &App) {
    let theme = app.theme;
    let sections = [
        (format!("{} screen", app.screen.name()), Scope::Screen(app.screen)),
        ("Everywhere".to_string(), Scope::Global),
        ("Lists".to_string(), Scope::Lists),
        ("This window".to_string(), Scope::Help),
    ];
    // Each section as lines; the screen keys three to a line.
    let blocks: Vec<Vec<Line>> = sections
        .into_iter()
        .filter_map(|(title, scope)| {
            let (screen_keys, others): (Vec<&Binding>, Vec<&Binding>) =
                bindings_in(scope).partition(|binding| matches!(binding.action, Action::GoTo(_)));
            if screen_keys.is_empty() && others.is_empty() {
                return None;
            }
            let mut lines = vec![Line::from(title).style(theme.heading())];
            for binding in others {
                lines.push(Line::from(vec![
                    Span::styled(format!("  {:<9} ", binding.keys), theme.key()),
                    Span::raw(binding.help),
                ]));
            }
            // The screen keys are numbered in the sidebar: one line covers them.
            if let (Some(first), Some(last)) = (screen_keys.first(), screen_keys.last()) {
                lines.push(Line::from(vec![
                    Span::styled(
                        format!("  {:<9} ", format!("{}-{}", first.keys, last.keys)),
                        theme.key(),
                    ),
                    Span::raw("Go to a numbered screen"),
                ]));
            }
            Some(lines)
        })
        .collect();
    let total: usize = blocks.iter().map(Vec::len).sum();
    // One column when it fits the terminal, otherwise two side by side.
    let columns = if total as u16 + 2 <= area.height { 1 } else { 2 };
    let mut column_lines: Vec<Vec<Line>> = vec![Vec::new(); columns];
    let per_column = total.div_ceil(columns);
    for block in blocks {
        let column = column_lines
            .iter()
            .position(|lines| lines.len() + block.len() <= per_column + 2)
            .unwrap_or(columns - 1);
        column_lines[column].extend(block);
    }
    let height = column_lines.iter().map(Vec::len).max().unwrap_or(0) as u16 + 2;
    let popup = centered(area, if columns == 1 { 64 } else { 78 }, height);
    frame.render_widget(Clear, popup);
    let block = Block::bordered()
        .title(format!(" Keys: {} ", app.screen.name()))
        .title_style(theme.title())
        .border_style(theme.border());
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let areas = Layout::horizontal(vec![Constraint::Ratio(1, columns as u32); columns])
        .spacing(1)
        .split(inner);
    for (lines, column_area) in column_lines.into_iter().zip(areas.iter()) {
        frame.render_widget(Paragraph::new(lines), *column_area);
    }
}

fn draw_confirm(frame: &mut Frame, area: Rect, app: &App, confirm: &Confirm) {
    let theme = app.theme;
    let mut lines: Vec<Line> = confirm.lines.iter().map(|line| Line::from(line.as_str())).collect();
    if let Some((_, name)) = confirm.choices.get(confirm.selected) {
        lines.push(Line::from(""));
        lines.push(Line::from(vec![
            Span::raw("Take over: "),
            Span::styled(format!("◀ {name} ▶"), theme.selected()),
        ]));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(vec![
        Span::styled("y", theme.key()),
        Span::raw(" yes   "),
        Span::styled("n/Esc", theme.key()),
        Span::raw(" no"),
    ]));
    let popup = centered(area, 70, lines.len() as u16 + 4);
    frame.render_widget(Clear, popup);
    let block = Block::bordered()
        .title(format!(" {} ", confirm.title))
        .title_style(theme.title())
        .border_style(theme.border());
    frame.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: true }), popup);
}

fn draw_prompts(frame: &mut Frame, area: Rect, app: &App, cursor: usize) {
    let theme = app.theme;
    let mut lines = vec![Line::from("Each answer adds assets or records that there are none.").style(theme.dim())];
    for (index, prompt) in InventoryPrompt::ALL.iter().enumerate() {
        let answer = app.workspace.prompts.iter().find(|record| record.prompt == *prompt);
        let mark = match answer {
            Some(record) => format!("[{}]", record.answer.label()),
            None => "[not asked yet]".to_string(),
        };
        let style = if index == cursor {
            theme.selected()
        } else {
            ratatui::style::Style::new()
        };
        lines.push(Line::from(vec![
            Span::styled(format!(" {:<31}", prompt.label()), style),
            Span::styled(
                format!(" {mark}"),
                if answer.is_some() { theme.dim() } else { theme.warning() },
            ),
        ]));
    }
    lines.push(Line::from(""));
    if let Some(prompt) = InventoryPrompt::ALL.get(cursor) {
        lines.push(Line::from(prompt.question()));
        // What the inventory already holds of this, so the answer is not given blind.
        let recorded: Vec<&str> = app
            .workspace
            .assets
            .iter()
            .filter(|asset| prompt.covers(asset))
            .map(|asset| asset.name.as_str())
            .collect();
        lines.push(match recorded.as_slice() {
            [] => Line::styled("Nothing of this in the inventory yet.", theme.dim()),
            names => Line::styled(format!("Already recorded: {}", names.join(", ")), theme.key()),
        });
    }
    lines.push(Line::from(""));
    let mut hint = Vec::new();
    for binding in bindings_in(Scope::Prompts).filter(|binding| !binding.hint.is_empty()) {
        hint.push(Span::styled(binding.keys, theme.key()));
        hint.push(Span::raw(format!(" {}  ", binding.hint)));
    }
    lines.push(Line::from(hint));
    let popup = centered(area, 72, lines.len() as u16 + 4);
    frame.render_widget(Clear, popup);
    let block = Block::bordered()
        .title(" Commonly forgotten items ")
        .title_style(theme.title())
        .border_style(theme.border());
    frame.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: true }), popup);
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
