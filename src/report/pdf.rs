//! The PDF: lays the model out (`sections.rs`, `layout.rs`), turns the marks into
//! printpdf operations with the embedded DejaVu faces, and saves the document so that the
//! same model gives the same bytes. printpdf names fonts and the trailer `/ID` from a
//! process-wide counter, so the fonts get fixed names here and the `/ID` is replaced by a
//! hash of the model and paper before saving; the document dates are the report date.

use printpdf::{
    Color, FontId, Line, LinePoint, Op, PaintMode, PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, Point,
    Pt, Rect, TextItem, TextMatrix,
};
use sha2::{Digest, Sha256};

use super::fonts::Fonts;
use super::layout::{Layout, Mark, Rgb};
use super::model::ReportModel;

/// Paper sizes the report is laid out for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    A4,
    Letter,
}

impl Paper {
    /// Width and height in points.
    pub fn size(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.28, 841.89),
            Paper::Letter => (612.0, 792.0),
        }
    }

    /// The key used on the command line: `a4` or `letter`.
    pub fn key(self) -> &'static str {
        match self {
            Paper::A4 => "a4",
            Paper::Letter => "letter",
        }
    }

    pub fn from_key(key: &str) -> Option<Paper> {
        match key.to_ascii_lowercase().as_str() {
            "a4" => Some(Paper::A4),
            "letter" => Some(Paper::Letter),
            _ => None,
        }
    }
}

/// Resource names of the two faces. Six capital letters, because printpdf uses the first
/// six characters of the name as the subset tag (`ABCDEF+DejaVuSans`).
const REGULAR_ID: &str = "HRAREG";
const BOLD_ID: &str = "HRABLD";

/// Where writing a PDF has got to, for a progress bar: `done` of `total` steps of the
/// current stage. Stages come in order; `fraction` gives the share of the whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub stage: Stage,
    pub done: usize,
    pub total: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Laying out the sections (steps: sections).
    Layout,
    /// Turning the laid-out pages into PDF operations and fonts (steps: pages).
    Pages,
    /// Compressing the document's streams (steps: objects).
    Compress,
    /// Serialising the document (one step).
    Save,
}

impl Progress {
    /// The share of the whole job done, 0.0 to 1.0. The stages' weights are their rough
    /// shares of the time at the large sample.
    pub fn fraction(self) -> f64 {
        let (start, weight) = match self.stage {
            Stage::Layout => (0.0, 0.35),
            Stage::Pages => (0.35, 0.3),
            Stage::Compress => (0.65, 0.3),
            Stage::Save => (0.95, 0.05),
        };
        let within = if self.total == 0 {
            1.0
        } else {
            self.done as f64 / self.total as f64
        };
        (start + weight * within.min(1.0)).min(1.0)
    }

    pub fn label(self) -> &'static str {
        match self.stage {
            Stage::Layout => "laying out",
            Stage::Pages => "writing pages",
            Stage::Compress => "compressing",
            Stage::Save => "saving",
        }
    }
}

/// The laid-out report: pages of marks, the page each section starts on, the outline
/// and the contents' links.
pub(crate) struct Laid {
    pub pages: Vec<Vec<Mark>>,
    /// The page each section starts on (the layout tests check them).
    #[cfg_attr(not(test), allow(dead_code))]
    pub starts: Vec<usize>,
    pub outline: Vec<super::layout::OutlineEntry>,
    pub links: Vec<super::layout::LinkArea>,
}

/// The laid-out pages, before they become PDF operations. Public to the crate so tests
/// and the layout can be checked without parsing a PDF.
pub(crate) fn lay_out(model: &ReportModel, paper: Paper, progress: &mut dyn FnMut(Progress)) -> Laid {
    let (width, height) = paper.size();
    let (mut layout, starts) = super::sections::lay_out(model, Layout::new(width, height), &mut |done, total| {
        progress(Progress {
            stage: Stage::Layout,
            done,
            total,
        })
    });
    let header = format!("{} · {}", model.cover.practice, model.cover.assessment);
    let footer = format!("HIPAA Security Rule risk analysis · {}", model.date);
    let outline = std::mem::take(&mut layout.outline);
    let links = std::mem::take(&mut layout.links);
    Laid {
        pages: layout.finish(super::model::CONFIDENTIAL, &header, &footer, model.draft),
        starts,
        outline,
        links,
    }
}

/// The report as PDF bytes: the same model and paper give the same bytes.
pub fn render_pdf(model: &ReportModel, paper: Paper) -> Vec<u8> {
    render_pdf_with_progress(model, paper, &mut |_| {})
}

/// `render_pdf`, calling `progress` as it goes (a few hundred times at most), so a
/// terminal can show a bar and the TUI can run it on a worker thread and show how far it
/// has got. The callback runs on the calling thread.
pub fn render_pdf_with_progress(model: &ReportModel, paper: Paper, progress: &mut dyn FnMut(Progress)) -> Vec<u8> {
    let Laid {
        pages,
        starts: _,
        outline,
        links,
    } = lay_out(model, paper, progress);
    let info = DocumentInfo {
        title: format!("{} - {}", model.cover.practice, model.cover.assessment),
        author: model.cover.assessor.clone(),
        subject: "HIPAA Security Rule risk analysis".to_string(),
        date: model.date,
    };
    save_pages(pages, &outline, &links, &model.annexes, &info, paper, progress)
}

/// What a PDF's document information says; its dates are `date` at midnight UTC, so the
/// same document gets the same bytes.
pub(crate) struct DocumentInfo {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub date: chrono::NaiveDate,
}

/// Laid-out pages to PDF bytes, with the embedded faces, the outline, the links and the
/// annexes, deterministically: shared by the report and the audit binder's index.
pub(crate) fn save_pages(
    pages: Vec<Vec<Mark>>,
    outline: &[super::layout::OutlineEntry],
    links: &[super::layout::LinkArea],
    annexes: &[super::grouping::Annex],
    document_info: &DocumentInfo,
    paper: Paper,
    progress: &mut dyn FnMut(Progress),
) -> Vec<u8> {
    let (width, height) = paper.size();
    let fonts = Fonts::get();

    let mut doc = PdfDocument::new(&document_info.title);
    for (id, face) in [(REGULAR_ID, &fonts.regular), (BOLD_ID, &fonts.bold)] {
        doc.resources
            .fonts
            .map
            .insert(FontId(id.to_string()), PdfFont::new(face.parsed.clone()));
    }
    let info = &mut doc.metadata.info;
    info.author = document_info.author.clone();
    info.creator = format!("hipaa-ra {}", env!("CARGO_PKG_VERSION"));
    info.producer = info.creator.clone();
    info.subject = document_info.subject.clone();
    let midnight = document_info
        .date
        .and_hms_opt(0, 0, 0)
        .map_or(0, |at| at.and_utc().timestamp());
    if let Ok(stamp) = printpdf::OffsetDateTime::from_unix_timestamp(midnight) {
        info.creation_date = stamp;
        info.modification_date = stamp;
        info.metadata_date = stamp;
    }

    let total = pages.len();
    let step = (total / 100).max(1);
    doc.pages = pages
        .into_iter()
        .enumerate()
        .map(|(index, marks)| {
            if index % step == 0 {
                progress(Progress {
                    stage: Stage::Pages,
                    done: index,
                    total,
                });
            }
            let media = Rect::from_wh(Pt(width), Pt(height));
            PdfPage {
                media_box: media.clone(),
                trim_box: media.clone(),
                crop_box: media,
                ops: page_ops(marks),
            }
        })
        .collect();

    let options = PdfSaveOptions {
        optimize: true,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut lopdf = doc.to_lopdf_document(&options, &mut warnings);
    // The pages' operations are in the lopdf document now; free them before compressing.
    drop(doc);
    for warning in &warnings {
        tracing::debug!("pdf: {warning:?}");
    }
    // The trailer /ID: the same document gets the same identifier, whatever else the
    // process rendered before. It holds a placeholder while the document is saved and
    // then a hash of the saved bytes (`identify`): hashing the model's JSON instead cost
    // a serialisation of every finding and row the PDF never prints.
    if let Ok(array) = lopdf.trailer.get_mut(b"ID").and_then(|object| object.as_array_mut()) {
        for part in array.iter_mut() {
            if let Ok(bytes) = part.as_str_mut() {
                *bytes = ID_PLACEHOLDER.to_vec();
            }
        }
    }
    // The outline, the contents' links, page labels and the annexes (`pdf_navigation`).
    super::pdf_navigation::add(&mut lopdf, outline, links, annexes);
    compress_streams(&mut lopdf, progress);
    progress(Progress {
        stage: Stage::Save,
        done: 0,
        total: 1,
    });
    let mut out = Vec::new();
    if let Err(error) = lopdf.save_to(&mut out) {
        tracing::error!("pdf: could not serialise the report: {error}");
    }
    identify(&mut out, paper);
    progress(Progress {
        stage: Stage::Save,
        done: 1,
        total: 1,
    });
    out
}

/// What the trailer's /ID holds while the document is saved: 32 bytes, as long as the
/// identifier that replaces it, so no offset in the cross-reference table moves.
const ID_PLACEHOLDER: &[u8; 32] = b"hipaa-ra-document-id-placeholder";

/// Puts the document's identifier in its trailer: the first 16 bytes of the SHA-256 of
/// the paper and the saved bytes (with the placeholder), in hex. Everything the PDF
/// shows and attaches is in those bytes, so the same model and paper give the same
/// identifier and any change to the document gives another.
fn identify(pdf: &mut [u8], paper: Paper) {
    let mut hasher = Sha256::new();
    hasher.update(paper.key().as_bytes());
    hasher.update(&*pdf);
    let id: String = hasher.finalize()[..16]
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect();
    // Only in the trailer, the file's last dictionary: the user's texts (the assessor's
    // name in the document information) come before it.
    let from = find_last(pdf, b"trailer").unwrap_or(0);
    let mut at = from;
    while let Some(found) = find_first(&pdf[at..], ID_PLACEHOLDER) {
        let start = at + found;
        pdf[start..start + ID_PLACEHOLDER.len()].copy_from_slice(id.as_bytes());
        at = start + ID_PLACEHOLDER.len();
    }
}

fn find_first(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|window| window == needle)
}

/// Deflates every stream that may be compressed and is not yet, one at a time, so each
/// page's plain content is freed as soon as its compressed form exists. lopdf's own
/// `compress` uses the slowest level, which took 40% of a large report's time for a
/// few percent of size; the default level is used here.
fn compress_streams(document: &mut lopdf::Document, progress: &mut dyn FnMut(Progress)) {
    use std::io::Write;
    let total = document.objects.len();
    let step = (total / 100).max(1);
    for (index, object) in document.objects.values_mut().enumerate() {
        if index % step == 0 {
            progress(Progress {
                stage: Stage::Compress,
                done: index,
                total,
            });
        }
        let lopdf::Object::Stream(stream) = object else {
            continue;
        };
        if !stream.allows_compression || stream.dict.get(b"Filter").is_ok() {
            continue;
        }
        let mut encoder = flate2::write::ZlibEncoder::new(
            Vec::with_capacity(stream.content.len() / 4),
            flate2::Compression::default(),
        );
        let compressed = encoder.write_all(&stream.content).and_then(|()| encoder.finish());
        if let Ok(compressed) = compressed
            && compressed.len() + 19 < stream.content.len()
        {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(compressed);
        }
    }
}

fn color(rgb: Rgb) -> Color {
    Color::Rgb(printpdf::Rgb {
        r: rgb.0,
        g: rgb.1,
        b: rgb.2,
        icc_profile: None,
    })
}

fn font(bold: bool) -> PdfFontHandle {
    PdfFontHandle::External(FontId(if bold { BOLD_ID } else { REGULAR_ID }.to_string()))
}

fn point(x: f32, y: f32) -> LinePoint {
    LinePoint {
        p: Point { x: Pt(x), y: Pt(y) },
        bezier: false,
    }
}

/// The operations of one page, in drawing order. The page's marks are consumed, so the
/// text moves into the operations instead of being copied.
///
/// A report can run to thousands of pages (20,000 scenarios make about 3,700), and every
/// page's operations are held at once until the document is serialised, so they are kept
/// few: consecutive texts share one text object (`BT` .. `ET`) and are placed with an
/// absolute text matrix, and the fill colour and font are set only when they change (both
/// belong to the graphics state, which lasts across text objects). A line break (`T*`)
/// still separates each text from the one before, so text extraction (copying, search,
/// screen readers, the tests) sees them as separate lines, as with one object each.
fn page_ops(marks: Vec<Mark>) -> Vec<Op> {
    let mut ops = Vec::with_capacity(marks.len() * 3 + 8);
    ops.push(Op::SetOutlineColor {
        col: color(super::layout::RULE),
    });
    ops.push(Op::SetOutlineThickness { pt: Pt(0.5) });
    let mut in_text = false;
    let mut fill: Option<Rgb> = None;
    let mut face: Option<(bool, f32)> = None;
    let mut set_fill = |ops: &mut Vec<Op>, rgb: Rgb| {
        if fill != Some(rgb) {
            ops.push(Op::SetFillColor { col: color(rgb) });
            fill = Some(rgb);
        }
    };
    let begin_text = |ops: &mut Vec<Op>, in_text: &mut bool| {
        if *in_text {
            ops.push(Op::AddLineBreak);
        } else {
            ops.push(Op::StartTextSection);
            *in_text = true;
        }
    };
    let end_text = |ops: &mut Vec<Op>, in_text: &mut bool| {
        if *in_text {
            ops.push(Op::EndTextSection);
            *in_text = false;
        }
    };
    for mark in marks {
        match mark {
            Mark::Text {
                x,
                y,
                size,
                bold,
                color: rgb,
                text,
            } => {
                begin_text(&mut ops, &mut in_text);
                set_fill(&mut ops, rgb);
                if face != Some((bold, size)) {
                    ops.push(Op::SetFont {
                        font: font(bold),
                        size: Pt(size),
                    });
                    face = Some((bold, size));
                }
                ops.push(Op::SetTextMatrix {
                    matrix: TextMatrix::Translate(Pt(x), Pt(y)),
                });
                ops.push(Op::ShowText {
                    items: vec![TextItem::Text(text)],
                });
            }
            Mark::Diagonal {
                x,
                y,
                size,
                color: rgb,
                text,
            } => {
                begin_text(&mut ops, &mut in_text);
                set_fill(&mut ops, rgb);
                ops.push(Op::SetFont {
                    font: font(true),
                    size: Pt(size),
                });
                face = Some((true, size));
                ops.push(Op::SetTextMatrix {
                    matrix: TextMatrix::TranslateRotate(Pt(x), Pt(y), 45.0),
                });
                ops.push(Op::ShowText {
                    items: vec![TextItem::Text(text)],
                });
            }
            Mark::Fill { x, y, w, h, color: rgb } => {
                end_text(&mut ops, &mut in_text);
                set_fill(&mut ops, rgb);
                ops.push(Op::DrawRectangle {
                    rectangle: Rect {
                        mode: Some(PaintMode::Fill),
                        ..Rect::from_xywh(Pt(x), Pt(y), Pt(w), Pt(h))
                    },
                });
            }
            Mark::Frame { x, y, w, h } => {
                end_text(&mut ops, &mut in_text);
                ops.push(Op::DrawRectangle {
                    rectangle: Rect {
                        mode: Some(PaintMode::Stroke),
                        ..Rect::from_xywh(Pt(x), Pt(y), Pt(w), Pt(h))
                    },
                });
            }
            Mark::Line { x1, y1, x2, y2 } => {
                end_text(&mut ops, &mut in_text);
                ops.push(Op::DrawLine {
                    line: Line {
                        points: vec![point(x1, y1), point(x2, y2)],
                        is_closed: false,
                    },
                });
            }
        }
    }
    end_text(&mut ops, &mut in_text);
    ops.shrink_to_fit();
    ops
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::catalog::Catalog;
    use crate::domain::*;
    use crate::report::model::LogSummary;
    use crate::store::Store;

    /// The demo with texts made to stress the layout: a word wider than any column, a
    /// cell taller than a page, and names in three scripts.
    fn stressed_model() -> ReportModel {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let mut store = Store::in_memory("Riverside Family Medicine", "Dana Whitfield", today).unwrap();
        crate::demo::populate(&mut store, today).unwrap();
        let assessment_id = store.current_assessment_id().unwrap();
        store
            .add_person(&Person {
                name: format!("Ελένη-Ольга-{}", "Παπαδοπούλου".repeat(12)),
                title: "Consultant".into(),
                ..Default::default()
            })
            .unwrap();
        let mut risk = store.risks(assessment_id).unwrap()[0].clone();
        risk.id = 0;
        // A copy has no actions yet, which a risk to mitigate needs.
        risk.treatment = Treatment::Undecided;
        risk.vulnerability = format!(
            "{} END-OF-LONG-TEXT",
            "a very long description of a weakness ".repeat(400)
        );
        store.add_risks(&[risk]).unwrap();
        let workspace = store.snapshot().unwrap();
        let log = LogSummary {
            entries: 1,
            last_hash: "0".repeat(64),
        };
        crate::report::build(&workspace, Catalog::embedded(), &log, today, None)
    }

    #[test]
    fn nothing_is_drawn_outside_the_page_margins() {
        let model = stressed_model();
        let fonts = Fonts::get();
        for paper in [Paper::A4, Paper::Letter] {
            let (width, height) = paper.size();
            let layout = Layout::new(width, height);
            let Laid { pages, starts, .. } = lay_out(&model, paper, &mut |_| {});
            assert_eq!(starts.len(), model.sections.len());
            assert!(starts.windows(2).all(|pair| pair[0] < pair[1]));
            let margin = 0.01;
            for (number, page) in pages.iter().enumerate() {
                for mark in page {
                    match mark {
                        Mark::Text {
                            x, y, size, bold, text, ..
                        } => {
                            let right = x + fonts.width(text, *size, *bold);
                            assert!(
                                *x >= layout.left - margin && right <= layout.right + margin,
                                "page {}: `{text}` runs from {x} to {right}",
                                number + 1
                            );
                            assert!(
                                *y >= 30.0 && *y <= height - 30.0,
                                "page {}: `{text}` at y {y}",
                                number + 1
                            );
                        }
                        Mark::Fill { x, y, w, h, .. } | Mark::Frame { x, y, w, h } => {
                            assert!(*x >= layout.left - margin && x + w <= layout.right + margin);
                            assert!(
                                *y >= layout.bottom - margin && y + h <= layout.top + margin,
                                "page {}: box from {y} to {}",
                                number + 1,
                                y + h
                            );
                        }
                        Mark::Line { .. } | Mark::Diagonal { .. } => {}
                    }
                }
            }
        }
    }

    /// The trailer's identifier is a hash of the document, put in after it is saved: the
    /// same model and paper give the same bytes, another paper another identifier, and the
    /// placeholder never reaches the file.
    #[test]
    fn the_document_identifier_is_a_hash_of_the_saved_document() {
        let model = stressed_model();
        let first = render_pdf(&model, Paper::A4);
        assert!(first == render_pdf(&model, Paper::A4), "not deterministic");
        let id = |pdf: &[u8]| {
            let doc = lopdf::Document::load_mem(pdf).unwrap();
            let parts: Vec<Vec<u8>> = doc
                .trailer
                .get(b"ID")
                .and_then(|id| id.as_array())
                .unwrap()
                .iter()
                .map(|part| part.as_str().unwrap().to_vec())
                .collect();
            parts
        };
        let parts = id(&first);
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0], parts[1]);
        assert_eq!(parts[0].len(), 32);
        assert!(
            parts[0].iter().all(u8::is_ascii_hexdigit),
            "{:?}",
            String::from_utf8_lossy(&parts[0])
        );
        assert!(find_first(&first, ID_PLACEHOLDER).is_none());
        assert_ne!(id(&render_pdf(&model, Paper::Letter)), parts);
    }

    #[test]
    fn long_texts_wrap_and_continue_on_later_pages() {
        let model = stressed_model();
        let pdf = render_pdf(&model, Paper::A4);
        let doc = lopdf::Document::load_mem(&pdf).unwrap();
        let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
        let text = doc.extract_text(&pages).unwrap();
        assert!(text.contains("END-OF-LONG-TEXT"));
        assert!(text.contains("Ελένη-Ольга-Παπαδοπούλου"));
    }
}
