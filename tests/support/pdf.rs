//! Reading a written PDF back in the report tests: its first page's size and its text
//! with the layout's spacing squashed.

#![allow(dead_code)] // each test file uses part of it

/// The first page's MediaBox: `[0, 0, width, height]` in points.
pub fn media_box(pdf: &[u8]) -> Vec<f32> {
    let document = lopdf::Document::load_mem(pdf).unwrap();
    let first = *document.get_pages().values().next().unwrap();
    let page = document.get_dictionary(first).unwrap();
    page.get(b"MediaBox")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|value| value.as_float().unwrap())
        .collect()
}

/// Text with every run of whitespace made one space, so a phrase the layout wrapped still
/// matches.
pub fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
