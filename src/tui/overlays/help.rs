//! The help overlay: every key of the screen below and of everywhere, from the key
//! table, descriptions wrapped under their keys so none is cut.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use crate::tui::component::{Component, Ctx, Outcome};
use crate::tui::keys::{Action, Binding, KeyHint, Scope, action_in, bindings_in, scope_hints, scope_of};
use crate::tui::screen::Screen;
use crate::tui::widgets::centered;
use crate::tui::widgets::wrap;

/// Columns before a description: two spaces, the keys, a space.
const KEYS_WIDTH: usize = 12;

pub struct Help;

impl Component for Help {
    fn keys(&self) -> Vec<KeyHint> {
        scope_hints(Scope::Help)
    }

    fn handle(&mut self, key: KeyEvent, _ctx: &Ctx) -> Outcome {
        match action_in(Scope::Help, key) {
            Some(Action::CloseOverlay | Action::ToggleHelp) => Outcome::Close,
            Some(Action::Quit) => Outcome::Send(crate::tui::protocol::Command::Quit),
            _ => Outcome::Ignored,
        }
    }

    fn act(&mut self, action: Action, _ctx: &Ctx) -> Outcome {
        match action {
            Action::CloseOverlay | Action::ToggleHelp => Outcome::Close,
            _ => Outcome::Ignored,
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = ctx.theme;
        let mut sections = vec![(format!("{} screen", ctx.screen.name()), scope_of(ctx.screen))];
        // A record screen with keys of its own besides the shared ones (Policies' review).
        let own = Scope::Screen(ctx.screen);
        if scope_of(ctx.screen) != own && crate::tui::keys::bindings_in(own).next().is_some() {
            sections.push((format!("{} only", ctx.screen.name()), own));
        }
        sections.extend([
            ("Everywhere".to_string(), Scope::Global),
            ("Lists".to_string(), Scope::Lists),
            ("This window".to_string(), Scope::Help),
        ]);
        // One column when it fits, else two side by side: the text width follows.
        for columns in [1usize, 2, 3] {
            let popup_width = if columns == 1 { 64 } else { area.width.min(80) };
            let column_width = (usize::from(popup_width.saturating_sub(2)) + 1) / columns - 1;
            let blocks = help_blocks(&sections, column_width, theme);
            let lengths: Vec<usize> = blocks.iter().map(Vec::len).collect();
            let mut column_lines: Vec<Vec<Line>> = vec![Vec::new(); columns];
            for (block, column) in blocks.into_iter().zip(split_columns(&lengths, columns)) {
                column_lines[column].extend(block);
            }
            let height = column_lines.iter().map(Vec::len).max().unwrap_or(0) as u16 + 2;
            // The status line below stays in view.
            if height >= area.height && columns < 3 {
                continue;
            }
            let popup = centered(area, popup_width, height);
            frame.render_widget(Clear, popup);
            let block = Block::bordered()
                .title(format!(" Keys: {} ", ctx.screen.name()))
                .title_style(theme.title())
                .border_style(theme.border());
            let inner = block.inner(popup);
            frame.render_widget(block, popup);
            let areas = Layout::horizontal(vec![Constraint::Length(column_width as u16); columns])
                .spacing(1)
                .split(inner);
            for (lines, column_area) in column_lines.into_iter().zip(areas.iter()) {
                frame.render_widget(Paragraph::new(lines), *column_area);
            }
            return;
        }
    }
}

/// Each section as lines: a heading, then each binding with its description wrapped
/// beside its keys; the screens by digit and name, a few to a line.
fn help_blocks(sections: &[(String, Scope)], width: usize, theme: crate::tui::theme::Theme) -> Vec<Vec<Line<'static>>> {
    let text_width = width.saturating_sub(KEYS_WIDTH).max(8);
    let mut blocks = Vec::new();
    for (title, scope) in sections {
        let (screen_keys, others): (Vec<&Binding>, Vec<&Binding>) =
            bindings_in(*scope).partition(|binding| matches!(binding.action, Action::GoTo(_)));
        if screen_keys.is_empty() && others.is_empty() {
            continue;
        }
        let mut lines = vec![Line::from(title.clone()).style(theme.heading())];
        let mut entry = |keys: String, help: &str| {
            for (index, part) in wrap(help, text_width).into_iter().enumerate() {
                let keys = if index == 0 { keys.as_str() } else { "" };
                lines.push(Line::from(vec![
                    Span::styled(format!("  {keys:<9} "), theme.key()),
                    Span::raw(part),
                ]));
            }
        };
        for binding in others {
            entry(binding.keys.to_string(), binding.help);
        }
        // The screen keys: each screen by its digit and whole name (the narrow sidebar
        // shortens them), packed a few to a line; then the program's key with its screens
        // (the key again goes to the next), wrapped at words.
        let mut names = Vec::new();
        let mut program = None;
        for binding in &screen_keys {
            match binding.action {
                Action::GoTo(screen) if screen.is_program() => {
                    // The first program screen is named "Program" itself: the key's name
                    // says it, then the screens the key goes on to.
                    let screens: Vec<&str> = Screen::program()
                        .iter()
                        .map(|screen| screen.name())
                        .filter(|name| *name != "Program")
                        .collect();
                    program = Some(format!("{} Program: {}", binding.keys, screens.join(", ")));
                }
                Action::GoTo(screen) => names.push(format!("{} {}", binding.keys, screen.name())),
                _ => {}
            }
        }
        let mut packed = pack(&names, width.saturating_sub(2));
        if let Some(program) = program {
            packed.extend(wrap(&program, width.saturating_sub(2)));
        }
        for line in packed {
            lines.push(Line::from(vec![Span::raw("  "), Span::styled(line, theme.key())]));
        }
        blocks.push(lines);
    }
    blocks
}

/// The column of each block, the blocks kept in order (each column takes the next run of
/// them) so that the tallest column is as short as can be.
fn split_columns(lengths: &[usize], columns: usize) -> Vec<usize> {
    /// The best (tallest column, columns) for `lengths` over `columns` columns.
    fn best(lengths: &[usize], columns: usize) -> (usize, Vec<usize>) {
        if columns <= 1 || lengths.len() <= 1 {
            return (lengths.iter().sum(), vec![lengths.len()]);
        }
        // Each column takes at least one block: no empty column on the left.
        (1..=lengths.len())
            .map(|first| {
                let (rest_height, mut runs) = best(&lengths[first..], columns - 1);
                runs.insert(0, first);
                (lengths[..first].iter().sum::<usize>().max(rest_height), runs)
            })
            .min_by_key(|(height, _)| *height)
            .unwrap_or((0, Vec::new()))
    }
    let (_, runs) = best(lengths, columns);
    runs.iter()
        .enumerate()
        .flat_map(|(column, &count)| std::iter::repeat_n(column, count))
        .collect()
}

/// Items joined by two spaces into lines of at most `width` columns, never splitting one.
fn pack(items: &[String], width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for item in items {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 2 + item.chars().count() <= width => {
                line.push_str("  ");
                line.push_str(item);
            }
            _ => lines.push(item.clone()),
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_columns_take_runs_of_blocks_with_the_tallest_as_short_as_can_be() {
        assert_eq!(super::split_columns(&[20, 10, 7, 2], 2), vec![0, 1, 1, 1]);
        assert_eq!(super::split_columns(&[5, 5, 5, 5], 2), vec![0, 0, 1, 1]);
        assert_eq!(super::split_columns(&[3, 3, 3], 3), vec![0, 1, 2]);
        assert_eq!(super::split_columns(&[4], 1), vec![0]);
    }

    #[test]
    fn pack_keeps_each_item_whole() {
        let items: Vec<String> = ["0 Dashboard", "1 Practice", "2 People"]
            .iter()
            .map(|item| item.to_string())
            .collect();
        assert_eq!(super::pack(&items, 23), vec!["0 Dashboard  1 Practice", "2 People"]);
        assert_eq!(super::pack(&items, 5), items);
    }
}
