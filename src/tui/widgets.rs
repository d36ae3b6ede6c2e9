//! Small drawing helpers shared by screens.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Row, Table, Wrap};

use super::theme::Theme;

/// The first row shown for a list of `height` rows with `selected` highlighted: whole
/// pages, so the view is a pure function of the selection.
pub fn page_start(selected: usize, height: usize) -> usize {
    selected.checked_div(height).map_or(0, |pages| pages * height)
}

/// A table that builds only the rows it shows, so a list of 20,000 costs what a page costs.
pub struct WindowedTable<'a> {
    pub header: Row<'a>,
    pub widths: &'a [Constraint],
    pub count: usize,
    pub selected: usize,
    pub theme: Theme,
}

impl<'a> WindowedTable<'a> {
    pub fn draw(self, frame: &mut Frame, area: Rect, row: impl Fn(usize) -> Row<'a>) {
        let height = usize::from(area.height.saturating_sub(1));
        let start = page_start(self.selected, height);
        let end = (start + height).min(self.count);
        let rows: Vec<Row> = (start..end)
            .map(|index| {
                let built = row(index);
                if index == self.selected {
                    built.style(self.theme.selected())
                } else {
                    built
                }
            })
            .collect();
        let table = Table::new(rows, self.widths.iter().copied())
            .header(self.header.style(self.theme.heading()))
            .column_spacing(1);
        frame.render_widget(table, area);
    }
}

/// The width a table's one `Fill` column gets in `width` columns: what the fixed
/// columns and the spacing between columns leave. Its cells are `clip`ped to it, so a
/// long text ends in "…" instead of being cut mid-word.
pub fn fill_width(width: u16, widths: &[Constraint]) -> usize {
    let fixed: u16 = widths
        .iter()
        .map(|constraint| match constraint {
            Constraint::Length(length) => *length,
            _ => 0,
        })
        .sum();
    let spacing = u16::try_from(widths.len().saturating_sub(1)).unwrap_or(u16::MAX);
    usize::from(width.saturating_sub(fixed).saturating_sub(spacing).max(1))
}

/// A paragraph for a screen that has nothing yet, saying what it will hold.
pub fn empty_state(frame: &mut Frame, area: Rect, theme: Theme, title: &str, lines: &[&str]) {
    let mut text = vec![Line::from(title).style(theme.heading()), Line::from("")];
    text.extend(lines.iter().map(|line| Line::from(*line)));
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
}

/// Shortens text to `width` characters with an ellipsis.
pub fn clip(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else {
        let mut clipped: String = text.chars().take(width.saturating_sub(1)).collect();
        clipped.push('…');
        clipped
    }
}

/// Breaks text into lines of at most `width` characters at spaces, so no word is cut;
/// a word longer than the width (a path, a hash) is the one thing split.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        let used = line.chars().count();
        if used > 0 && used + 1 + word.len() > width {
            lines.push(std::mem::take(&mut line));
        }
        while word.len() > width {
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            lines.push(word.drain(..width).collect());
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.extend(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Lines for `text` after a lead-in (`lead`, `lead_width` columns wide), wrapped at
/// spaces, the following lines indented by `indent` so the text reads as one block.
pub fn hanging<'a>(
    lead: Vec<ratatui::text::Span<'a>>,
    lead_width: usize,
    text: &str,
    style: ratatui::style::Style,
    indent: usize,
    width: usize,
) -> Vec<Line<'a>> {
    use ratatui::text::Span;
    let first_room = width.saturating_sub(lead_width).max(1);
    let rest_room = width.saturating_sub(indent).max(1);
    let mut words: Vec<&str> = text.split_whitespace().collect();
    words.reverse();
    let mut take = |room: usize| {
        let mut line = String::new();
        while let Some(word) = words.last() {
            let needed = line.chars().count() + usize::from(!line.is_empty()) + word.chars().count();
            if needed > room && !line.is_empty() {
                break;
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
            words.pop();
        }
        line
    };
    let mut first = lead;
    let head = take(first_room);
    // A first word longer than the room still starts here: `wrap` splits it below.
    first.push(Span::styled(head, style));
    let mut lines = vec![Line::from(first)];
    let rest = take(usize::MAX);
    if !rest.is_empty() {
        for part in wrap(&rest, rest_room) {
            lines.push(Line::from(vec![
                Span::raw(" ".repeat(indent)),
                Span::styled(part, style),
            ]));
        }
    }
    lines
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

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wrapping_never_cuts_a_word_that_fits() {
        assert_eq!(wrap("Quit (all is saved)", 10), ["Quit (all", "is saved)"]);
        assert_eq!(wrap("", 10), [""]);
        assert_eq!(wrap("abcdefghijkl x", 5), ["abcde", "fghij", "kl x"]);
        assert_eq!(wrap("one two", 7), ["one two"]);
    }
}
