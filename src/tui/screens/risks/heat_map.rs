//! The heat map: likelihood (rows, highest at the top) by impact (columns), each cell
//! showing its level's initials and how many scenarios sit there. Colour fills the cell
//! by level; the initials carry the same meaning without colour.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::domain::RiskMatrix;
use crate::tui::theme::Theme;

/// Width of the likelihood labels on the left.
const LABEL_WIDTH: usize = 11;
/// Width of one cell.
const CELL_WIDTH: usize = 7;

pub struct HeatMap<'a> {
    pub matrix: &'a RiskMatrix,
    /// `counts[likelihood][impact]`.
    pub counts: &'a [Vec<usize>],
    /// The cell under the heat-map cursor, when choosing one.
    pub cursor: Option<(usize, usize)>,
    /// The cell the register is filtered by.
    pub chosen: Option<(usize, usize)>,
    pub theme: Theme,
}

impl HeatMap<'_> {
    /// Rows needed: a header, one per likelihood level, and the impact axis label.
    pub fn height(&self) -> u16 {
        self.matrix.rows.levels.len() as u16 + 2
    }

    pub fn width(&self) -> u16 {
        (LABEL_WIDTH + 1 + CELL_WIDTH * self.matrix.columns.levels.len()) as u16
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect) {
        let theme = self.theme;
        let matrix = self.matrix;
        let mut lines = Vec::with_capacity(usize::from(self.height()));
        let mut header = vec![Span::styled(
            format!("{:<width$} ", "Likelihood", width = LABEL_WIDTH),
            theme.dim(),
        )];
        for level in &matrix.columns.levels {
            header.push(Span::styled(
                format!("{:^width$}", initials(&level.label), width = CELL_WIDTH),
                theme.heading(),
            ));
        }
        lines.push(Line::from(header));
        for likelihood in (0..matrix.rows.levels.len()).rev() {
            let label = matrix.rows.label(likelihood).unwrap_or("?");
            let mut spans = vec![Span::styled(
                format!("{:<width$} ", clip(label, LABEL_WIDTH), width = LABEL_WIDTH),
                theme.heading(),
            )];
            for impact in 0..matrix.columns.levels.len() {
                let count = self
                    .counts
                    .get(likelihood)
                    .and_then(|row| row.get(impact))
                    .copied()
                    .unwrap_or(0);
                let result = matrix.lookup(likelihood, impact).unwrap_or(0);
                let level = initials(matrix.results.label(result).unwrap_or("?"));
                // Three characters at most, so 20,000 scenarios keep the grid aligned.
                let shown = match count {
                    0 => "·".to_string(),
                    1..=999 => count.to_string(),
                    _ => format!("{}k", (count / 1000).min(99)),
                };
                let cell = (likelihood, impact);
                let (open, close) = if self.chosen == Some(cell) {
                    ('[', ']')
                } else {
                    (' ', ' ')
                };
                let text = format!("{open}{level:<2}{shown:>3}{close}");
                let mut style = theme.heat_cell(matrix.severity(result));
                if self.cursor == Some(cell) {
                    style = style.add_modifier(Modifier::REVERSED | Modifier::BOLD);
                }
                spans.push(Span::styled(format!("{text:<width$}", width = CELL_WIDTH), style));
            }
            lines.push(Line::from(spans));
        }
        lines.push(Line::styled(
            format!("{:>width$}", "Impact →", width = LABEL_WIDTH + 1 + CELL_WIDTH * 2),
            theme.dim(),
        ));
        frame.render_widget(Paragraph::new(lines), area);
    }
}

/// "Very High" becomes "VH": level names shortened for narrow columns.
pub fn initials(label: &str) -> String {
    label
        .split_whitespace()
        .filter_map(|word| word.chars().next())
        .collect()
}

fn clip(text: &str, width: usize) -> String {
    crate::tui::widgets::clip(text, width)
}
