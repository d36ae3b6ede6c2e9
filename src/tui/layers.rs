//! The layers of the TUI, checked from its source: the screens talk to the app through
//! the protocol, never `app` itself, and the generic pieces (the form engine, the picker,
//! the component trait, the widgets) know nothing of the screens or the app. The check
//! reads each file's paths into `tui` (`crate::tui::x`, `super::x`) by their first module.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The generic pieces: what they may not name.
const KIT: [&str; 8] = [
    "form",
    "picker",
    "reading",
    "component",
    "widgets",
    "list_cursor",
    "theme",
    "editors",
];

/// Every `.rs` file under `dir`.
fn files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("the tui folder reads") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            files(&path, found);
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            found.push(path);
        }
    }
}

/// The module path of a file under `src/tui` (`screens/risks/form.rs` is
/// `["screens", "risks", "form"]`; a `mod.rs` is its folder).
fn module_of(relative: &Path) -> Vec<String> {
    let mut parts: Vec<String> = relative
        .iter()
        .map(|part| part.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if parts.last().is_some_and(|last| last == "mod") {
        parts.pop();
    }
    parts
}

fn identifier(text: &str) -> &str {
    let end = text
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    &text[..end]
}

/// The first modules of `tui` that `rest` names, `rest` following a resolved prefix:
/// one name, or each item of a `{...}` group.
fn first_names(rest: &str) -> Vec<String> {
    match rest.strip_prefix('{') {
        Some(group) => {
            let group = &group[..group.find('}').unwrap_or(group.len())];
            group
                .split(',')
                .map(|item| identifier(item.trim()).to_string())
                .filter(|name| !name.is_empty() && name != "self")
                .collect()
        }
        None => vec![identifier(rest).to_string()],
    }
}

/// The top-level modules of `tui` a file names, other than its own.
fn names(module: &[String], source: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for line in source.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::tui::") {
            rest = &rest[at + "crate::tui::".len()..];
            found.extend(first_names(rest));
        }
        let mut rest = code;
        while let Some(at) = rest.find("super::") {
            // Only the start of a path: not `super::` inside `super::super::`.
            if at > 0 && code[code.len() - rest.len()..][..at].ends_with("super::") {
                rest = &rest[at + "super::".len()..];
                continue;
            }
            let mut ups = 0;
            while rest[at..]
                .get(ups * 7..)
                .is_some_and(|tail| tail.starts_with("super::"))
            {
                ups += 1;
            }
            let after = &rest[at + ups * 7..];
            rest = after;
            // A file's `super` is its module's parent; a `mod.rs` is the module itself.
            let Some(base) = module.len().checked_sub(ups) else {
                continue;
            };
            match base {
                0 => found.extend(first_names(after)),
                _ => {
                    found.insert(module[0].clone());
                }
            }
        }
    }
    if let Some(own) = module.first() {
        found.remove(own);
    }
    found.retain(|name| !name.is_empty());
    found
}

/// Every file of `tui` with the top-level modules it names.
fn graph() -> Vec<(Vec<String>, BTreeSet<String>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/tui");
    let mut found = Vec::new();
    files(&root, &mut found);
    found
        .into_iter()
        .map(|path| {
            let module = module_of(path.strip_prefix(&root).expect("under tui"));
            let source = std::fs::read_to_string(&path).expect("the file reads");
            let named = names(&module, &source);
            (module, named)
        })
        .collect()
}

#[test]
fn the_screens_use_the_protocol_not_the_app() {
    for (module, named) in graph() {
        if module.first().is_some_and(|first| first == "screens") {
            assert!(!named.contains("app"), "{} names app", module.join("::"));
        }
    }
}

#[test]
fn the_generic_pieces_name_neither_the_screens_nor_the_app() {
    for (module, named) in graph() {
        if module.first().is_some_and(|first| KIT.contains(&first.as_str())) {
            for forbidden in ["screens", "app"] {
                assert!(!named.contains(forbidden), "{} names {forbidden}", module.join("::"));
            }
        }
    }
}
