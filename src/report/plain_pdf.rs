//! A short document (the audit binder's index) laid out on the report's engine and saved
//! by the report's PDF writer: the same embedded faces, running header and footer,
//! confidentiality marking, DRAFT watermark and deterministic bytes.

use chrono::NaiveDate;

use super::layout::{Layout, OutlineEntry};
use super::pdf::{DocumentInfo, Paper, save_pages};

/// One block of a plain document, in reading order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A section heading (a new page and a bookmark).
    Heading(String),
    /// A subheading within a section (a bookmark below the section's).
    Subheading(String),
    Paragraph(String),
    /// A paragraph in bold.
    Strong(String),
    Bullet(String),
}

/// What a plain document is: its title, the running header and footer, whether it is a
/// draft (watermarked and labelled DRAFT on every page), its date and its blocks.
#[derive(Debug, Clone)]
pub struct PlainDocument {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub header: String,
    pub footer: String,
    pub draft: bool,
    pub date: NaiveDate,
    pub blocks: Vec<Block>,
}

/// The document as PDF bytes: the same document and paper give the same bytes.
pub fn render_plain_pdf(document: &PlainDocument, paper: Paper) -> Vec<u8> {
    let (width, height) = paper.size();
    let mut layout = Layout::new(width, height);
    layout.new_page();
    for block in &document.blocks {
        match block {
            Block::Heading(text) => {
                // Each section on a page of its own (the first fills the first page).
                layout.new_page();
                layout.outline.push(OutlineEntry {
                    level: 0,
                    title: text.clone(),
                    page: layout.page_number(),
                    y: layout.y,
                });
                layout.heading(text);
            }
            Block::Subheading(text) => layout.subheading(text),
            Block::Paragraph(text) => layout.paragraph(text, 10.0, false),
            Block::Strong(text) => layout.paragraph(text, 10.0, true),
            Block::Bullet(text) => layout.bullet(text),
        }
    }
    let outline = std::mem::take(&mut layout.outline);
    let links = std::mem::take(&mut layout.links);
    let pages = layout.finish(
        super::model::CONFIDENTIAL,
        &document.header,
        &document.footer,
        document.draft,
    );
    let info = DocumentInfo {
        title: document.title.clone(),
        author: document.author.clone(),
        subject: document.subject.clone(),
        date: document.date,
    };
    save_pages(pages, &outline, &links, &[], &info, paper, &mut |_| {})
}
