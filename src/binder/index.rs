//! The binder's index, `data/index.html` (any browser, no script, nothing fetched) and
//! `data/index.pdf` (the report's PDF engine): one entry per audit-protocol inquiry with
//! the files of the bag that answer it, then the inquiries with nothing to show, then
//! every file.

use super::{BinderEntry, Inquiry, Sources};
use crate::report::{Block, PlainDocument, render_plain_pdf};

/// The files of one inquiry's entry: their paths under `data/`.
struct Answered {
    inquiry: Inquiry,
    files: Vec<String>,
}

/// What both renderings say, worked out once.
struct Index {
    title: String,
    practice: String,
    assessment: String,
    status: String,
    facts: Vec<(&'static str, String)>,
    answered: Vec<Answered>,
    unanswered: Vec<Inquiry>,
    /// Every file: path under `data/` and size.
    files: Vec<(String, u64)>,
    draft: bool,
}

pub const HTML_PATH: &str = "index.html";
pub const PDF_PATH: &str = "index.pdf";

/// `index.html` and `index.pdf` for the entries gathered.
pub fn entries(sources: &Sources, entries: &[BinderEntry]) -> Vec<BinderEntry> {
    let index = gather(sources, entries);
    let html = html(&index).into_bytes();
    let pdf = render_plain_pdf(&document(sources, &index), sources.paper);
    vec![
        BinderEntry::bytes(HTML_PATH, html, &[]),
        BinderEntry::bytes(PDF_PATH, pdf, &[]),
    ]
}

fn gather(sources: &Sources, entries: &[BinderEntry]) -> Index {
    let mut answered = Vec::new();
    let mut unanswered = Vec::new();
    for &inquiry in Inquiry::ALL {
        let mut files: Vec<String> = entries
            .iter()
            .filter(|entry| entry.answers.contains(&inquiry))
            .map(|entry| entry.path.clone())
            .collect();
        files.sort();
        if files.is_empty() {
            unanswered.push(inquiry);
        } else {
            answered.push(Answered { inquiry, files });
        }
    }
    let mut files: Vec<(String, u64)> = entries.iter().map(|entry| (entry.path.clone(), entry.size())).collect();
    files.sort();
    let status = match &sources.kept {
        Some((_, signed_on)) => format!("FINAL: the risk analysis was signed on {signed_on}"),
        None => "DRAFT: the risk analysis of this year is not signed, so its report here is a draft, not approved"
            .to_string(),
    };
    let assessment = &sources.assessment;
    let facts = vec![
        ("Practice", sources.model.practice.name.clone()),
        ("Assessment", assessment.title.clone()),
        (
            "Period",
            format!("{} to {}", assessment.period_start, assessment.period_end),
        ),
        ("Status", status.clone()),
        ("Bagging date", sources.date.to_string()),
        (
            "How to check it",
            "This folder is a BagIt bag (RFC 8493): manifest-sha256.txt beside data/ lists the SHA-256 of every \
             file, tagmanifest-sha256.txt those of the bag's own files. \"hipaa-ra verify BINDER.zip\" or any BagIt \
             validator (\"bagit.py --validate FOLDER\") checks them; a signed binder carries \
             tagmanifest-sha256.txt.minisig (\"minisign -Vm tagmanifest-sha256.txt -P KEY\")."
                .to_string(),
        ),
    ];
    Index {
        title: format!("Audit binder: {}", sources.model.practice.name),
        practice: sources.model.practice.name.clone(),
        assessment: assessment.title.clone(),
        status,
        facts,
        answered,
        unanswered,
        files,
        draft: !sources.is_final(),
    }
}

const NOTHING: &str = "Nothing recorded yet: the workspace holds no file that answers this inquiry.";

fn html(index: &Index) -> String {
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str(&format!("<title>{}</title>\n", escape(&index.title)));
    out.push_str(
        "<style>body{font-family:sans-serif;max-width:50em;margin:2em auto;padding:0 1em;line-height:1.4}\
         h2{border-bottom:1px solid #999}dt{font-weight:bold}.status{font-weight:bold}\
         .nothing{color:#8a1c1c}code{font-size:90%}</style>\n</head>\n<body>\n",
    );
    out.push_str(&format!("<h1>{}</h1>\n", escape(&index.title)));
    out.push_str(&format!(
        "<p class=\"status\">{}</p>\n<p>Confidential: security-sensitive.</p>\n<dl>\n",
        escape(&index.status)
    ));
    for (label, value) in &index.facts {
        out.push_str(&format!("<dt>{}</dt><dd>{}</dd>\n", escape(label), escape(value)));
    }
    out.push_str("</dl>\n<h2>Inquiries of the audit protocol this binder answers</h2>\n");
    for answered in &index.answered {
        let inquiry = answered.inquiry;
        out.push_str(&format!(
            "<h3 id=\"{}\">{}</h3>\n<p>{}</p>\n<ul>\n",
            inquiry.key(),
            escape(&inquiry.heading()),
            escape(inquiry.asks())
        ));
        for file in &answered.files {
            out.push_str(&format!(
                "<li><a href=\"{}\"><code>data/{}</code></a></li>\n",
                href(file),
                escape(file)
            ));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("<h2>Inquiries with nothing to show</h2>\n");
    if index.unanswered.is_empty() {
        out.push_str("<p>None: every inquiry listed has at least one file.</p>\n");
    }
    for inquiry in &index.unanswered {
        out.push_str(&format!(
            "<h3 id=\"{}\">{}</h3>\n<p>{}</p>\n<p class=\"nothing\">{}</p>\n",
            inquiry.key(),
            escape(&inquiry.heading()),
            escape(inquiry.asks()),
            NOTHING
        ));
    }
    out.push_str("<h2>Every file</h2>\n<ul>\n");
    for (file, size) in &index.files {
        out.push_str(&format!(
            "<li><a href=\"{}\"><code>data/{}</code></a> ({size} bytes)</li>\n",
            href(file),
            escape(file)
        ));
    }
    out.push_str("</ul>\n</body>\n</html>\n");
    out
}

fn document(sources: &Sources, index: &Index) -> PlainDocument {
    let mut blocks = vec![Block::Heading(index.title.clone())];
    for (label, value) in &index.facts {
        blocks.push(Block::Strong(label.to_string()));
        blocks.push(Block::Paragraph(value.clone()));
    }
    blocks.push(Block::Heading("Inquiries this binder answers".to_string()));
    for answered in &index.answered {
        blocks.push(Block::Subheading(answered.inquiry.heading()));
        blocks.push(Block::Paragraph(answered.inquiry.asks().to_string()));
        for file in &answered.files {
            blocks.push(Block::Bullet(format!("data/{file}")));
        }
    }
    blocks.push(Block::Heading("Inquiries with nothing to show".to_string()));
    if index.unanswered.is_empty() {
        blocks.push(Block::Paragraph(
            "None: every inquiry listed has at least one file.".to_string(),
        ));
    }
    for inquiry in &index.unanswered {
        blocks.push(Block::Subheading(inquiry.heading()));
        blocks.push(Block::Paragraph(inquiry.asks().to_string()));
        blocks.push(Block::Strong(NOTHING.to_string()));
    }
    blocks.push(Block::Heading("Every file".to_string()));
    for (file, size) in &index.files {
        blocks.push(Block::Bullet(format!("data/{file} ({size} bytes)")));
    }
    PlainDocument {
        title: index.title.clone(),
        author: sources.assessment.assessor.clone(),
        subject: "HIPAA Security Rule audit binder".to_string(),
        header: format!("{} · {}", index.practice, index.assessment),
        footer: format!("HIPAA Security Rule audit binder · {}", sources.date),
        draft: index.draft,
        date: sources.date,
        blocks,
    }
}

/// Text for HTML: the five characters that could end text or an attribute escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A relative link to a file of the bag: every byte outside the unreserved set and `/`
/// percent-encoded, so a name with spaces, `#` or `?` still opens its own file.
fn href(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_and_text_are_escaped() {
        assert_eq!(href("evidence/other/a b#1?.pdf"), "evidence/other/a%20b%231%3F.pdf");
        assert_eq!(href("evidence/other/é.pdf"), "evidence/other/%C3%A9.pdf");
        assert_eq!(escape("<script>&\"'"), "&lt;script&gt;&amp;&quot;&#39;");
    }
}
