//! What the PDF adds around its pages, written straight into the lopdf document that
//! printpdf produced: the nested outline (sections, then their subheadings), links from
//! the contents lines to their pages, page labels matching the printed page numbers, and
//! the CSV annexes as embedded files (the catalog's EmbeddedFiles name tree, which every
//! reader's attachments pane and `pdfdetach` list). Object numbers are given in order,
//! so the same report gives the same bytes.

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat, dictionary};

use super::grouping::Annex;
use super::layout::{LinkArea, OutlineEntry};

/// A PDF text string: plain when ASCII, else UTF-16BE with its byte-order mark.
fn text_string(text: &str) -> Object {
    if text.is_ascii() {
        return Object::String(text.as_bytes().to_vec(), StringFormat::Literal);
    }
    let mut bytes = vec![0xfe, 0xff];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// A destination: the top of a page at `y` (points from the bottom), zoom unchanged.
fn destination(page: ObjectId, y: f32) -> Object {
    Object::Array(vec![
        page.into(),
        "XYZ".into(),
        Object::Null,
        Object::Real(y),
        Object::Null,
    ])
}

/// Adds the outline, the links, the page labels and the annexes. Pages are numbered from
/// 1 in `outline` and `links`, as laid out.
pub fn add(document: &mut Document, outline: &[OutlineEntry], links: &[LinkArea], annexes: &[Annex]) {
    let pages: Vec<ObjectId> = document.get_pages().into_values().collect();
    let page = |number: usize| number.checked_sub(1).and_then(|index| pages.get(index)).copied();
    add_links(document, links, &page);
    let outlines = add_outline(document, outline, &page);
    let files = add_annexes(document, annexes);
    let Ok(catalog) = document.catalog_mut() else {
        tracing::error!("pdf: the document has no catalog; no outline or annexes");
        return;
    };
    if let Some(outlines) = outlines {
        catalog.set("Outlines", outlines);
        catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    }
    // Labels as printed in the footers ("Page 3 of 40" is page label 3).
    catalog.set(
        "PageLabels",
        dictionary! { "Nums" => vec![0.into(), dictionary! { "S" => "D" }.into()] },
    );
    if !files.is_empty() {
        let mut names = Vec::new();
        let mut sorted = files.clone();
        // A name tree's keys are in byte order.
        sorted.sort_by(|a, b| a.0.cmp(&b.0));
        for (name, id) in &sorted {
            names.push(Object::String(name.as_bytes().to_vec(), StringFormat::Literal));
            names.push((*id).into());
        }
        catalog.set(
            "Names",
            dictionary! { "EmbeddedFiles" => dictionary! { "Names" => names } },
        );
        catalog.set(
            "AF",
            files.iter().map(|(_, id)| Object::from(*id)).collect::<Vec<Object>>(),
        );
    }
}

fn add_links(document: &mut Document, links: &[LinkArea], page: &dyn Fn(usize) -> Option<ObjectId>) {
    for link in links {
        let (Some(on), Some(target)) = (page(link.page), page(link.target)) else {
            continue;
        };
        let [left, bottom, right, top] = link.rect;
        let annotation = document.add_object(dictionary! {
            "Type" => "Annot",
            "Subtype" => "Link",
            "Rect" => vec![left.into(), bottom.into(), right.into(), top.into()],
            "Border" => vec![0.into(), 0.into(), 0.into()],
            "Dest" => Object::Array(vec![target.into(), "Fit".into()]),
        });
        if let Ok(Object::Dictionary(dict)) = document.get_object_mut(on) {
            match dict.get_mut(b"Annots") {
                Ok(Object::Array(annotations)) => annotations.push(annotation.into()),
                _ => dict.set("Annots", vec![Object::from(annotation)]),
            }
        }
    }
}

/// The outline: sections at the top level (open), their subheadings beneath (closed).
/// Returns the outline dictionary's id, or None when there is nothing to list.
fn add_outline(
    document: &mut Document,
    entries: &[OutlineEntry],
    page: &dyn Fn(usize) -> Option<ObjectId>,
) -> Option<ObjectId> {
    // Sections with their children; a subheading before any section stands alone.
    let mut tree: Vec<(&OutlineEntry, Vec<&OutlineEntry>)> = Vec::new();
    for entry in entries.iter().filter(|entry| page(entry.page).is_some()) {
        match (entry.level, tree.last_mut()) {
            (1, Some((_, children))) => children.push(entry),
            _ => tree.push((entry, Vec::new())),
        }
    }
    if tree.is_empty() {
        return None;
    }
    let root = document.new_object_id();
    let top_ids: Vec<ObjectId> = tree.iter().map(|_| document.new_object_id()).collect();
    for (index, (entry, children)) in tree.iter().enumerate() {
        let mut item = item(entry, root, &top_ids, index, page);
        if !children.is_empty() {
            let child_ids: Vec<ObjectId> = children.iter().map(|_| document.new_object_id()).collect();
            for (position, child) in children.iter().enumerate() {
                let child_item = self::item(child, top_ids[index], &child_ids, position, page);
                document
                    .objects
                    .insert(child_ids[position], Object::Dictionary(child_item));
            }
            item.set("First", child_ids[0]);
            item.set("Last", child_ids[child_ids.len() - 1]);
            // Negative: closed until the reader opens the section.
            item.set("Count", -(child_ids.len() as i64));
        }
        document.objects.insert(top_ids[index], Object::Dictionary(item));
    }
    let outlines = dictionary! {
        "Type" => "Outlines",
        "First" => top_ids[0],
        "Last" => top_ids[top_ids.len() - 1],
        "Count" => top_ids.len() as i64,
    };
    document.objects.insert(root, Object::Dictionary(outlines));
    Some(root)
}

fn item(
    entry: &OutlineEntry,
    parent: ObjectId,
    siblings: &[ObjectId],
    index: usize,
    page: &dyn Fn(usize) -> Option<ObjectId>,
) -> Dictionary {
    let mut item = dictionary! {
        "Title" => text_string(&entry.title),
        "Parent" => parent,
    };
    if let Some(target) = page(entry.page) {
        item.set("Dest", destination(target, entry.y));
    }
    if index > 0 {
        item.set("Prev", siblings[index - 1]);
    }
    if let Some(next) = siblings.get(index + 1) {
        item.set("Next", *next);
    }
    item
}

/// Each annex as an embedded file with its file specification; returns (name, id) pairs.
fn add_annexes(document: &mut Document, annexes: &[Annex]) -> Vec<(String, ObjectId)> {
    annexes
        .iter()
        .map(|annex| {
            // Already compressed when the model was built (`Annex::deflated`); the
            // Filter keeps `compress_streams` from compressing it again.
            let stream = Stream::new(
                dictionary! {
                    "Type" => "EmbeddedFile",
                    "Subtype" => Object::Name(b"text/csv".to_vec()),
                    "Filter" => "FlateDecode",
                    "Params" => dictionary! { "Size" => annex.size as i64 },
                },
                annex.deflated.clone(),
            );
            let file = document.add_object(stream);
            let spec = document.add_object(dictionary! {
                "Type" => "Filespec",
                "F" => Object::String(annex.file_name.as_bytes().to_vec(), StringFormat::Literal),
                "UF" => text_string(&annex.file_name),
                "Desc" => text_string(&format!("{} (SHA-256 {})", annex.description, annex.sha256)),
                "AFRelationship" => "Supplement",
                "EF" => dictionary! { "F" => file, "UF" => file },
            });
            (annex.file_name.clone(), spec)
        })
        .collect()
}
