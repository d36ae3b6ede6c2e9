//! The portfolio as a text table that fits the terminal: one line per workspace, never
//! wrapped. The width is `COLUMNS` when set, else the terminal's, else 80 (output to a file
//! or a pipe: what a terminal or an e-mail shows). The columns a consultant scans first
//! always show (client, practice, the current year and its status, the latest signed
//! year, blocking findings, high risks, overdue actions); NEXT REVIEW and LAST CHANGE join
//! when the width leaves the client and practice names room. Names longer than their
//! column end in "…"; `--format csv` and `--format json` carry every value in full.

use std::io::Write;

use color_eyre::eyre::Result;

use super::Row;

/// The width when neither `COLUMNS` nor a terminal says: an 80-column terminal.
pub const DEFAULT_WIDTH: usize = 80;

/// Space between two columns.
const GAP: usize = 2;

/// Room the client and practice names keep before an optional column is added.
const NAMES_ROOM: usize = 36;

/// The width to fit: `COLUMNS` (as shells export it), the terminal's, or 80.
pub fn width() -> usize {
    use std::io::IsTerminal;
    if let Some(columns) = std::env::var("COLUMNS")
        .ok()
        .and_then(|value| value.trim().parse::<usize>().ok())
        .filter(|columns| *columns > 0)
    {
        return columns;
    }
    if std::io::stdout().is_terminal()
        && let Ok((columns, _)) = ratatui::crossterm::terminal::size()
        && columns > 0
    {
        return usize::from(columns);
    }
    DEFAULT_WIDTH
}

/// A column of the table: its title and each row's cell.
struct Column {
    title: &'static str,
    cells: Vec<String>,
}

impl Column {
    fn natural(&self) -> usize {
        self.cells
            .iter()
            .map(|cell| display_width(cell))
            .chain([self.title.len()])
            .max()
            .unwrap_or(0)
    }
}

/// Writes the table in `width` columns; names are escaped (they come from users and
/// imports, and a control character printed as it is would drive the terminal).
pub fn write(out: &mut impl Write, rows: &[Row], width: usize) -> Result<()> {
    let escaped = |text: &str| crate::terminal::escaped(text).into_owned();
    let data = |cell: &dyn Fn(&Row) -> String| -> Vec<String> {
        rows.iter()
            .map(|row| {
                if row.problem.is_some() {
                    String::new()
                } else {
                    cell(row)
                }
            })
            .collect()
    };
    let client = Column {
        title: "CLIENT",
        cells: rows.iter().map(|row| escaped(&row.file)).collect(),
    };
    let practice = Column {
        title: "PRACTICE",
        cells: data(&|row| escaped(&row.practice)),
    };
    let fixed = vec![
        Column {
            title: "YEAR",
            cells: data(&|row| match row.year {
                Some(year) => format!("{year} {}", row.status),
                None => row.status.clone(),
            }),
        },
        Column {
            title: "SIGNED",
            cells: data(&|row| {
                row.signed_year
                    .map_or_else(|| "none".to_string(), |year| year.to_string())
            }),
        },
        Column {
            title: "BLOCKING",
            cells: data(&|row| row.blocking_findings.to_string()),
        },
        Column {
            title: "HIGH+",
            cells: data(&|row| row.high_risks.to_string()),
        },
        Column {
            title: "OVERDUE",
            cells: data(&|row| row.overdue_actions.to_string()),
        },
    ];
    let optional = [
        Column {
            title: "NEXT REVIEW",
            cells: data(&|row| row.next_review.map_or_else(String::new, |date| date.to_string())),
        },
        Column {
            title: "LAST CHANGE",
            cells: data(&|row| row.last_change.clone()),
        },
    ];
    let names_natural = client.natural() + practice.natural();
    let used = |columns: &[Column]| -> usize { columns.iter().map(|column| column.natural() + GAP).sum() };
    let mut shown = fixed;
    for column in optional {
        let room = width.saturating_sub(used(&shown) + column.natural() + GAP + GAP);
        if room >= names_natural.min(NAMES_ROOM) {
            shown.push(column);
        }
    }
    // What is left is the names'; each takes what it needs, up to half when both need more.
    let room = width.saturating_sub(used(&shown) + GAP);
    let (client_width, practice_width) = split(room, client.natural(), practice.natural());
    let mut widths = vec![client_width, practice_width];
    widths.extend(shown.iter().map(Column::natural));
    let mut columns = vec![client, practice];
    columns.extend(shown);

    let line = |cells: Vec<&str>| -> String {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(cell, width)| pad(&clip(cell, *width), *width))
            .collect();
        padded.join(&" ".repeat(GAP)).trim_end().to_string()
    };
    writeln!(out, "{}", line(columns.iter().map(|column| column.title).collect()))?;
    for (index, row) in rows.iter().enumerate() {
        match &row.problem {
            Some(problem) => {
                let client = pad(&clip(&columns[0].cells[index], widths[0]), widths[0]);
                let rest = width.saturating_sub(widths[0] + GAP);
                let text = format!("{client}{}{}", " ".repeat(GAP), clip(&escaped(problem), rest));
                writeln!(out, "{}", text.trim_end())?;
            }
            None => writeln!(
                out,
                "{}",
                line(columns.iter().map(|column| column.cells[index].as_str()).collect())
            )?,
        }
    }
    Ok(())
}

/// The widths of the client and practice columns in `room`: their natural widths when
/// both fit; else the client first (its path is what tells two clients apart and what a
/// consultant opens next), leaving the practice at least `PRACTICE_LEAST`; never less
/// than a few characters.
fn split(room: usize, client: usize, practice: usize) -> (usize, usize) {
    const LEAST: usize = 6;
    const PRACTICE_LEAST: usize = 10;
    if client + practice <= room {
        return (client, practice);
    }
    let client = client.min(room.saturating_sub(practice.min(PRACTICE_LEAST))).max(LEAST);
    let practice = practice.min(room.saturating_sub(client)).max(LEAST);
    (client, practice)
}

/// Columns a text takes on a terminal (wide characters take two).
fn display_width(text: &str) -> usize {
    ratatui::text::Span::raw(text).width()
}

/// `text` cut to `width` columns, ending in "…" when cut.
fn clip(text: &str, width: usize) -> String {
    if display_width(text) <= width {
        return text.to_string();
    }
    let mut clipped = String::new();
    let mut used = 0;
    for c in text.chars() {
        let wide = display_width(c.encode_utf8(&mut [0; 4]));
        if used + wide + 1 > width {
            break;
        }
        clipped.push(c);
        used += wide;
    }
    if width > 0 {
        clipped.push('…');
    }
    clipped
}

fn pad(text: &str, width: usize) -> String {
    let padding = width.saturating_sub(display_width(text));
    format!("{text}{}", " ".repeat(padding))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(file: &str, practice: &str) -> Row {
        Row {
            file: file.to_string(),
            practice: practice.to_string(),
            assessment: "Annual".to_string(),
            status: "draft".to_string(),
            year: Some(2028),
            signed_year: Some(2026),
            next_review: chrono::NaiveDate::from_ymd_opt(2027, 1, 5),
            last_change: "2026-11-23T10:00:00Z".to_string(),
            ..Row::default()
        }
    }

    fn text(rows: &[Row], width: usize) -> String {
        let mut out = Vec::new();
        write(&mut out, rows, width).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn every_line_fits_the_width_and_optional_columns_join_when_there_is_room() {
        let long = "Northside Pediatric and Adolescent Dental Associates of Springfield";
        let rows = vec![
            row("acme/acme-2026.hra", "Acme Dental"),
            row("north-side-pediatrics/clinic-workspace.hra", long),
            Row {
                file: "broken/clinic.hra".to_string(),
                problem: Some(format!("not a hipaa-ra workspace: {}", "x".repeat(200))),
                ..Row::default()
            },
        ];
        let narrow = text(&rows, 80);
        for line in narrow.lines() {
            assert!(display_width(line) <= 80, "{line:?}");
        }
        assert_eq!(narrow.lines().count(), 4, "{narrow}");
        assert!(narrow.starts_with("CLIENT"), "{narrow}");
        assert!(narrow.contains("2028 draft  2026"), "{narrow}");
        assert!(narrow.contains('…'), "{narrow}");
        assert!(!narrow.contains("LAST CHANGE"), "{narrow}");
        let wide = text(&rows, 250);
        assert!(wide.contains("NEXT REVIEW") && wide.contains("LAST CHANGE"), "{wide}");
        assert!(wide.contains(long), "{wide}");
        assert!(wide.lines().all(|line| display_width(line) <= 250));
        // Very narrow: still one line per row, cut rather than wrapped.
        assert_eq!(text(&rows, 40).lines().count(), 4);
    }

    #[test]
    fn clipping_counts_wide_characters_twice() {
        assert_eq!(clip("診療所診療所", 5), "診療…");
        assert_eq!(clip("Acme", 4), "Acme");
        assert_eq!(clip("Acme Dental", 6), "Acme …");
        assert_eq!(split(30, 10, 10), (10, 10));
        assert_eq!(split(30, 40, 10), (20, 10));
        assert_eq!(split(30, 40, 40), (20, 10));
        assert_eq!(split(30, 8, 40), (8, 22));
        assert_eq!(split(8, 40, 40), (6, 6));
    }
}
