//! A small flowing layout engine for the PDF: a cursor moving down the page, wrapped
//! text, tables whose cells wrap and whose header repeats after a page break, and page
//! breaks wherever the next line would not fit. Pages are lists of marks (text, boxes,
//! lines) in points from the bottom-left corner; `pdf.rs` turns them into PDF operations.
//! Text is measured with the embedded font's own advance widths, so what is measured is
//! what is printed and nothing runs past the margins.

use super::fonts::Fonts;

/// An RGB colour, each channel 0.0 to 1.0.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rgb(pub f32, pub f32, pub f32);

pub const BLACK: Rgb = Rgb(0.0, 0.0, 0.0);
pub const GREY: Rgb = Rgb(0.4, 0.4, 0.4);
pub const RULE: Rgb = Rgb(0.65, 0.65, 0.65);
pub const HEADER_FILL: Rgb = Rgb(0.87, 0.89, 0.92);
pub const DRAFT_RED: Rgb = Rgb(0.75, 0.1, 0.1);
pub const WATERMARK: Rgb = Rgb(0.96, 0.86, 0.86);

/// Something drawn on a page. Coordinates in points from the bottom-left corner; text
/// at its baseline.
#[derive(Debug, Clone, PartialEq)]
pub enum Mark {
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        color: Rgb,
        text: String,
    },
    /// Text rotated 45 degrees about its start, for the DRAFT watermark.
    Diagonal {
        x: f32,
        y: f32,
        size: f32,
        color: Rgb,
        text: String,
    },
    Fill {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        color: Rgb,
    },
    Frame {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
    },
}

/// One table column: its title and its share of the text width.
pub struct Column {
    pub title: String,
    pub share: f32,
}

pub fn col(title: impl Into<String>, share: f32) -> Column {
    Column {
        title: title.into(),
        share,
    }
}

/// One table cell.
#[derive(Debug, Clone, Default)]
pub struct Cell {
    pub text: String,
    pub bold: bool,
    pub fill: Option<Rgb>,
}

impl<T: Into<String>> From<T> for Cell {
    fn from(text: T) -> Cell {
        Cell {
            text: text.into(),
            ..Cell::default()
        }
    }
}

pub const BODY: f32 = 9.5;
pub const SMALL: f32 = 8.0;
const PAD_X: f32 = 3.0;
const PAD_Y: f32 = 2.5;

/// Line height for a font size.
pub fn leading(size: f32) -> f32 {
    size * 1.28
}

/// An entry of the PDF's outline (bookmarks): a section (level 0) or a subheading within
/// it (level 1), with where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    pub level: u8,
    pub title: String,
    /// The page, counting from 1, and the top of the heading on it.
    pub page: usize,
    pub y: f32,
}

/// A clickable area (a contents line) that goes to the top of a page.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkArea {
    /// The page holding the area, counting from 1; `rect` is left, bottom, right, top.
    pub page: usize,
    pub rect: [f32; 4],
    /// The page it goes to, counting from 1.
    pub target: usize,
}

pub struct Layout {
    pub fonts: &'static Fonts,
    pub page_width: f32,
    pub page_height: f32,
    pub left: f32,
    pub right: f32,
    /// Where the text area starts (below the running header) and ends (above the footer).
    pub top: f32,
    pub bottom: f32,
    pub pages: Vec<Vec<Mark>>,
    pub y: f32,
    /// Bookmarks: sections (added by the caller) and subheadings (added here).
    pub outline: Vec<OutlineEntry>,
    pub links: Vec<LinkArea>,
}

impl Layout {
    pub fn new(page_width: f32, page_height: f32) -> Layout {
        let margin = 54.0;
        Layout {
            fonts: Fonts::get(),
            page_width,
            page_height,
            left: margin,
            right: page_width - margin,
            top: page_height - 66.0,
            bottom: 58.0,
            pages: Vec::new(),
            y: 0.0,
            outline: Vec::new(),
            links: Vec::new(),
        }
    }

    pub fn text_width(&self) -> f32 {
        self.right - self.left
    }

    /// The current page's number, counting from 1.
    pub fn page_number(&self) -> usize {
        self.pages.len()
    }

    /// Starts a new page, unless the current one is still empty (a section that asks for
    /// a fresh page right after a page break would otherwise leave a blank page).
    pub fn new_page(&mut self) {
        if !self.pages.last().is_some_and(Vec::is_empty) {
            self.pages.push(Vec::new());
        }
        self.y = self.top;
    }

    /// Places text on an earlier page, for the contents filled in after layout.
    pub fn text_on(&mut self, page: usize, x: f32, y: f32, text: &str, size: f32, bold: bool) {
        if let Some(marks) = page.checked_sub(1).and_then(|index| self.pages.get_mut(index)) {
            marks.push(text_mark(x, y, size, bold, BLACK, text.to_string()));
        }
    }

    fn mark(&mut self, mark: Mark) {
        if self.pages.is_empty() {
            self.new_page();
        }
        if let Some(page) = self.pages.last_mut() {
            page.push(mark);
        }
    }

    /// Breaks the page unless `height` more points fit above the bottom margin.
    pub fn ensure(&mut self, height: f32) {
        if self.pages.is_empty() || self.y - height < self.bottom {
            self.new_page();
        }
    }

    pub fn gap(&mut self, height: f32) {
        self.y -= height;
    }

    /// Places one line of text with its baseline `y`, without moving the cursor.
    pub fn text_at(&mut self, x: f32, y: f32, text: &str, size: f32, bold: bool, color: Rgb) {
        if !text.is_empty() {
            self.mark(Mark::Text {
                x,
                y,
                size,
                bold,
                color,
                text: text.to_string(),
            });
        }
    }

    pub fn fill(&mut self, x: f32, y: f32, w: f32, h: f32, color: Rgb) {
        self.mark(Mark::Fill { x, y, w, h, color });
    }

    pub fn frame(&mut self, x: f32, y: f32, w: f32, h: f32) {
        self.mark(Mark::Frame { x, y, w, h });
    }

    pub fn rule(&mut self) {
        let y = self.y;
        self.mark(Mark::Line {
            x1: self.left,
            y1: y,
            x2: self.right,
            y2: y,
        });
    }

    /// Splits text into lines no wider than `width`: at spaces where it can, inside a
    /// word only when the word alone is too wide. Newlines start new lines. Always at
    /// least one line.
    pub fn wrap(&self, text: &str, size: f32, bold: bool, width: f32) -> Vec<String> {
        let face = self.fonts.face(bold);
        let measure = |text: &str| text.chars().map(|ch| face.advance(ch)).sum::<f32>() * size;
        let space = face.advance(' ') * size;
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut line = String::new();
            let mut line_width = 0.0;
            for word in paragraph.split_whitespace() {
                let word_width = measure(word);
                if !line.is_empty() && line_width + space + word_width <= width {
                    line.push(' ');
                    line.push_str(word);
                    line_width += space + word_width;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                if word_width <= width {
                    line.push_str(word);
                    line_width = word_width;
                    continue;
                }
                // A word wider than the line (a hash, a long path): break it anywhere.
                line_width = 0.0;
                for ch in word.chars() {
                    let advance = face.advance(ch) * size;
                    if !line.is_empty() && line_width + advance > width {
                        lines.push(std::mem::take(&mut line));
                        line_width = 0.0;
                    }
                    line.push(ch);
                    line_width += advance;
                }
            }
            lines.push(line);
        }
        lines
    }

    /// Shortens one line to fit `width`, ending it with an ellipsis when cut.
    pub fn fit(&self, text: &str, size: f32, bold: bool, width: f32) -> String {
        if self.fonts.width(text, size, bold) <= width {
            return text.to_string();
        }
        let mut out = String::new();
        let limit = width - self.fonts.width("…", size, bold);
        for ch in text.chars() {
            out.push(ch);
            if self.fonts.width(&out, size, bold) > limit {
                out.pop();
                break;
            }
        }
        out.push('…');
        out
    }

    /// Wrapped text across the text width, breaking pages between lines.
    pub fn paragraph(&mut self, text: &str, size: f32, bold: bool) {
        self.indented(text, size, bold, 0.0, None);
    }

    /// A bullet point: the marker at the margin, the text wrapped beside it.
    pub fn bullet(&mut self, text: &str) {
        self.indented(text, BODY, false, 12.0, Some("•"));
    }

    fn indented(&mut self, text: &str, size: f32, bold: bool, indent: f32, marker: Option<&str>) {
        let height = leading(size);
        let lines = self.wrap(text, size, bold, self.text_width() - indent);
        for (index, line) in lines.iter().enumerate() {
            self.ensure(height);
            let baseline = self.y - size;
            if let (0, Some(marker)) = (index, marker) {
                self.text_at(self.left + 2.0, baseline, marker, size, bold, BLACK);
            }
            self.text_at(self.left + indent, baseline, line, size, bold, BLACK);
            self.y -= height;
        }
        self.gap(size * 0.35);
    }

    /// A section heading at the top of a new page.
    pub fn heading(&mut self, text: &str) {
        self.new_page();
        let size = 15.0;
        for line in self.wrap(text, size, true, self.text_width()) {
            self.text_at(self.left, self.y - size, &line, size, true, BLACK);
            self.y -= leading(size);
        }
        self.gap(3.0);
        self.rule();
        self.gap(8.0);
    }

    /// A subheading, kept with at least a few lines of what follows.
    pub fn subheading(&mut self, text: &str) {
        let size = 11.5;
        self.gap(4.0);
        self.ensure(leading(size) + 4.0 * leading(BODY));
        self.outline.push(OutlineEntry {
            level: 1,
            title: text.to_string(),
            page: self.page_number(),
            y: self.y,
        });
        for line in self.wrap(text, size, true, self.text_width()) {
            self.text_at(self.left, self.y - size, &line, size, true, BLACK);
            self.y -= leading(size);
        }
        self.gap(3.0);
    }

    /// A table filling the text width. Cells wrap; a row that does not fit continues on
    /// the next page under a repeated header, split between lines if it is taller than
    /// what is left.
    pub fn table(&mut self, columns: &[Column], rows: &[Vec<Cell>]) {
        self.grid(columns, rows, true);
    }

    /// Label and value pairs as a two-column grid without a header.
    pub fn pairs(&mut self, pairs: &[(&str, String)]) {
        let rows: Vec<Vec<Cell>> = pairs
            .iter()
            .map(|(label, value)| {
                vec![
                    Cell {
                        text: label.to_string(),
                        bold: true,
                        fill: Some(HEADER_FILL),
                    },
                    Cell::from(value.as_str()),
                ]
            })
            .collect();
        self.grid(&[col("", 0.28), col("", 0.72)], &rows, false);
    }

    fn grid(&mut self, columns: &[Column], rows: &[Vec<Cell>], with_header: bool) {
        let size = SMALL;
        let line = leading(size);
        let header: Vec<Cell> = columns
            .iter()
            .map(|column| Cell {
                text: column.title.clone(),
                bold: true,
                fill: Some(HEADER_FILL),
            })
            .collect();
        let widths = self.column_widths(columns, &header, rows, size);
        let header_lines = self.wrap_cells(&header, &widths, size);
        let header_height = if with_header {
            header_lines.iter().map(Vec::len).max().unwrap_or(1) as f32 * line + 2.0 * PAD_Y
        } else {
            0.0
        };
        // Keep the header with at least one row.
        self.ensure(header_height + line + 2.0 * PAD_Y);
        if with_header {
            self.draw_row(&header, &header_lines, &widths, 0, usize::MAX, size);
        }
        let whole_page = ((self.top - self.bottom - header_height - 2.0 * PAD_Y) / line)
            .floor()
            .max(1.0) as usize;
        for row in rows {
            let lines = self.wrap_cells(row, &widths, size);
            let tall = lines.iter().map(Vec::len).max().unwrap_or(1);
            let mut done = 0;
            while done < tall {
                let room = ((self.y - self.bottom - 2.0 * PAD_Y) / line).floor().max(0.0) as usize;
                // Start a row on a new page rather than leave a sliver of it behind,
                // unless it is taller than a whole page anyway.
                if room == 0 || (done == 0 && room < tall && tall <= whole_page) {
                    self.new_page();
                    if with_header {
                        self.draw_row(&header, &header_lines, &widths, 0, usize::MAX, size);
                    }
                    continue;
                }
                let take = room.min(tall - done);
                self.draw_row(row, &lines, &widths, done, take, size);
                done += take;
            }
        }
        self.gap(8.0);
    }

    /// Column widths from the shares, widened where needed so that no word has to be
    /// broken (up to 45% of the width for one column), the others narrowed to pay for it.
    fn column_widths(&self, columns: &[Column], header: &[Cell], rows: &[Vec<Cell>], size: f32) -> Vec<f32> {
        let total = self.text_width();
        let count = columns.len();
        let mut needs = vec![0.0_f32; count];
        for cells in std::iter::once(header).chain(rows.iter().map(Vec::as_slice)) {
            for (need, cell) in needs.iter_mut().zip(cells) {
                let face = self.fonts.face(cell.bold);
                for word in cell.text.split_whitespace() {
                    let width = word.chars().map(|ch| face.advance(ch)).sum::<f32>() * size;
                    *need = need.max(width);
                }
            }
        }
        let mins: Vec<f32> = needs
            .iter()
            .map(|need| (need + 2.0 * PAD_X + 0.5).min(total * 0.45))
            .collect();
        let mut fixed = vec![false; count];
        loop {
            let fixed_width: f32 = (0..count).filter(|&i| fixed[i]).map(|i| mins[i]).sum();
            let free_share: f32 = (0..count).filter(|&i| !fixed[i]).map(|i| columns[i].share).sum();
            if free_share <= 0.0 || fixed_width >= total {
                // Everything is at its minimum: scale the minimums to the width.
                let sum: f32 = mins.iter().sum::<f32>().max(1.0);
                return mins.iter().map(|min| min * total / sum).collect();
            }
            let widths: Vec<f32> = (0..count)
                .map(|i| {
                    if fixed[i] {
                        mins[i]
                    } else {
                        (total - fixed_width) * columns[i].share / free_share
                    }
                })
                .collect();
            let short: Vec<usize> = (0..count).filter(|&i| !fixed[i] && widths[i] < mins[i]).collect();
            if short.is_empty() {
                return widths;
            }
            for i in short {
                fixed[i] = true;
            }
        }
    }

    fn wrap_cells(&self, cells: &[Cell], widths: &[f32], size: f32) -> Vec<Vec<String>> {
        widths
            .iter()
            .enumerate()
            .map(|(index, width)| {
                let cell = cells.get(index);
                let text = cell.map_or("", |cell| cell.text.as_str());
                let bold = cell.is_some_and(|cell| cell.bold);
                self.wrap(text, size, bold, width - 2.0 * PAD_X)
            })
            .collect()
    }

    /// Draws lines `from..from + count` of a row's cells and moves the cursor below.
    fn draw_row(
        &mut self,
        cells: &[Cell],
        lines: &[Vec<String>],
        widths: &[f32],
        from: usize,
        count: usize,
        size: f32,
    ) {
        let line = leading(size);
        let shown = lines
            .iter()
            .map(|cell| cell.len().saturating_sub(from).min(count))
            .max()
            .unwrap_or(0)
            .max(1);
        let height = shown as f32 * line + 2.0 * PAD_Y;
        let top = self.y;
        let mut x = self.left;
        for (index, width) in widths.iter().enumerate() {
            let cell = cells.get(index);
            if let Some(fill) = cell.and_then(|cell| cell.fill) {
                self.fill(x, top - height, *width, height, fill);
            }
            let bold = cell.is_some_and(|cell| cell.bold);
            let cell_lines = lines.get(index).map_or(&[][..], Vec::as_slice);
            for (row, text) in cell_lines.iter().skip(from).take(shown).enumerate() {
                let baseline = top - PAD_Y - row as f32 * line - size;
                self.text_at(x + PAD_X, baseline, text, size, bold, BLACK);
            }
            self.frame(x, top - height, *width, height);
            x += width;
        }
        self.y -= height;
    }

    /// Adds the running header and footer to every page but the first, and the page
    /// number and the `marking` (the confidentiality notice) to every page, now that the
    /// number of pages is known. The marking leads the header so it is never the part cut
    /// short when a long practice name does not fit.
    pub fn finish(mut self, marking: &str, header: &str, footer: &str, draft: bool) -> Vec<Vec<Mark>> {
        let total = self.pages.len();
        let size = 8.0;
        let header_y = self.page_height - 40.0;
        let footer_y = 34.0;
        let width = self.text_width();
        let draft_label = "DRAFT";
        let draft_width = self.fonts.width(draft_label, size + 1.0, true);
        let (left, right) = (self.left, self.right);
        let pages = std::mem::take(&mut self.pages);
        let mut finished = Vec::with_capacity(total);
        for (index, marks) in pages.into_iter().enumerate() {
            let mut page = Vec::with_capacity(marks.len() + 8);
            if draft {
                page.push(self.watermark());
            }
            page.extend(marks);
            let number = format!("Page {} of {total}", index + 1);
            let number_width = self.fonts.width(&number, size, false);
            let room = width - if draft { draft_width + 12.0 } else { 0.0 };
            let marking_width = self.fonts.width(marking, size, true);
            page.push(text_mark(left, header_y, size, true, GREY, marking.to_string()));
            if index > 0 {
                let text = self.fit(&format!(" · {header}"), size, false, room - marking_width);
                page.push(text_mark(left + marking_width, header_y, size, false, GREY, text));
                page.push(Mark::Line {
                    x1: left,
                    y1: header_y - 5.0,
                    x2: right,
                    y2: header_y - 5.0,
                });
            }
            if draft {
                let label = draft_label.to_string();
                page.push(text_mark(
                    right - draft_width,
                    header_y,
                    size + 1.0,
                    true,
                    DRAFT_RED,
                    label.clone(),
                ));
                let center = left + (width - draft_width) / 2.0;
                page.push(text_mark(center, footer_y, size + 1.0, true, DRAFT_RED, label));
            }
            let footer_room = width / 2.0 - if draft { draft_width } else { 0.0 };
            let footer_text = self.fit(footer, size, false, footer_room);
            page.push(text_mark(left, footer_y, size, false, GREY, footer_text));
            page.push(text_mark(right - number_width, footer_y, size, false, GREY, number));
            finished.push(page);
        }
        finished
    }

    /// A large pale DRAFT across the middle of the page, drawn under everything else.
    fn watermark(&self) -> Mark {
        let size = 120.0;
        let text = "DRAFT";
        let half = self.fonts.width(text, size, true) / 2.0;
        let diagonal = std::f32::consts::FRAC_1_SQRT_2;
        let (cx, cy) = (self.page_width / 2.0, self.page_height / 2.0);
        // Start so the rotated text's centre line passes through the page centre.
        let (dx, dy) = (half - size * 0.35, half + size * 0.35);
        Mark::Diagonal {
            x: cx - dx * diagonal,
            y: cy - dy * diagonal,
            size,
            color: WATERMARK,
            text: text.to_string(),
        }
    }
}

fn text_mark(x: f32, y: f32, size: f32, bold: bool, color: Rgb, text: String) -> Mark {
    Mark::Text {
        x,
        y,
        size,
        bold,
        color,
        text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_page_on_an_empty_page_adds_no_blank_page() {
        let mut layout = Layout::new(612.0, 792.0);
        layout.new_page();
        layout.new_page();
        assert_eq!(layout.page_number(), 1, "two breaks in a row, one page");
        layout.paragraph("Sign-off", BODY, false);
        layout.new_page();
        layout.new_page();
        assert_eq!(layout.page_number(), 2);
    }
}
