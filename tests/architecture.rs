//! The module graph has no arrow back up (issue 23, item 4): every `crate::X` path, `use`
//! or inline, and every `super::` chain that climbs out of its top-level module, may only
//! reach a module of the same or a lower layer. Layers, from low to high, are the table
//! `LAYERS`; a top-level module missing from it fails the test, so a new module has to be
//! given its place. Modules of one layer must not form a circle either.
//!
//! What is read: every `.rs` file under `src/`, comments and string literals left out (a
//! path in prose is not a use). Two things are left out on purpose:
//!
//! - `#[cfg(test)]` items (the inline `mod tests { .. }` and the files of `mod tests;`).
//!   A unit test is compiled only into the test harness, which sits above every layer, and
//!   a few use a higher layer as a realistic fixture: the domain's findings and risk rules
//!   run against the embedded catalog, the report's layout against the demo practice, the
//!   replay check against a sample workspace. Rebuilding those fixtures by hand below each
//!   layer would weaken the tests without changing what the program depends on.
//! - `src/tui/`, the top layer with `cli`: nothing can be above it, and its files are
//!   being reorganised, so nothing inside it is enforced.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Each top-level module of `src/` and its layer, lowest first. A module may use its own
/// layer and those below.
const LAYERS: &[(&str, u8)] = &[
    // Ground: no knowledge of the domain, the store or anything above.
    ("app_id", 0),
    ("terminal", 0),
    ("paths", 0),
    ("progress", 0),
    ("input", 0),
    ("output", 0),
    // Pure types and rules.
    ("domain", 1),
    // The embedded rule, threats and scales (domain types).
    ("catalog", 2),
    // Pure CSV and JSON parsing and formatting, no SQL.
    ("exchange", 3),
    // The only SQL.
    ("store", 4),
    ("report", 5),
    ("publish", 6),
    ("signing", 6),
    // The audit binder: packs what publish and report make.
    ("binder", 6),
    ("demo", 7),
    ("sample", 7),
    ("sample_history", 7),
    ("demo_history", 7),
    ("demo_access", 7),
    ("demo_policies", 7),
    ("demo_contingency", 7),
    ("demo_incidents", 7),
    ("demo_training", 7),
    ("cli", 8),
    ("tui", 8),
];

/// Top-level modules whose files are not checked (see the module comment).
const NOT_ENFORCED: &[&str] = &["tui"];

fn layer(module: &str) -> Option<u8> {
    LAYERS.iter().find(|(name, _)| *name == module).map(|(_, layer)| *layer)
}

/// One path out of a file to another top-level module.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Reach {
    line: usize,
    /// The top-level module named (for a macro, the one that defines it).
    module: String,
}

/// The text with comments and the contents of string and char literals blanked out (line
/// breaks kept, so line numbers stay right).
fn code_only(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(chars[i]));
                    i += 1;
                }
            }
        } else if c == 'r' && (next == Some('"') || next == Some('#')) && !ident_char(prev(&chars, i)) {
            // A raw string: r"..." or r#"..."#.
            let mut j = i + 1;
            let mut hashes = 0;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            let closing: String = std::iter::once('"').chain(std::iter::repeat_n('#', hashes)).collect();
            let rest: String = chars[j + 1..].iter().collect();
            let end = rest
                .find(&closing)
                .map_or(chars.len(), |at| j + 1 + rest[..at].chars().count() + closing.len());
            for &skipped in &chars[i..end] {
                out.push(blank(skipped));
            }
            i = end;
        } else if c == '"' {
            out.push(' ');
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                if i < chars.len() {
                    out.push(blank(chars[i]));
                    i += 1;
                }
            }
            out.push(' ');
            i += 1;
        } else if c == '\'' {
            // A char literal ('x', '\n', '\u{1F600}') or a lifetime ('a).
            if next == Some('\\') {
                let end = chars[i + 2..]
                    .iter()
                    .position(|&c| c == '\'')
                    .map_or(chars.len(), |at| i + 3 + at);
                (i..end).for_each(|_| out.push(' '));
                i = end;
            } else if chars.get(i + 2) == Some(&'\'') {
                out.push_str("   ");
                i += 3;
            } else {
                out.push(c);
                i += 1;
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn prev(chars: &[char], i: usize) -> char {
    if i == 0 { ' ' } else { chars[i - 1] }
}

fn ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The code with every `#[cfg(test)]` item blanked out, and the names of the test modules
/// declared as files (`#[cfg(test)] mod tests;`).
fn without_tests(code: &str) -> (String, Vec<String>) {
    const MARK: &str = "#[cfg(test)]";
    let mut out = code.to_string();
    let mut test_files = Vec::new();
    let mut from = 0;
    while let Some(at) = out[from..].find(MARK).map(|at| at + from) {
        let bytes = out.as_bytes();
        let mut end = at + MARK.len();
        let mut depth = 0usize;
        while end < bytes.len() {
            match bytes[end] {
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        end += 1;
                        break;
                    }
                }
                b';' if depth == 0 => {
                    end += 1;
                    break;
                }
                _ => {}
            }
            end += 1;
        }
        let item = &out[at + MARK.len()..end];
        let words: Vec<&str> = item.split(|c: char| !ident_char(c)).filter(|w| !w.is_empty()).collect();
        if item.trim_end().ends_with(';')
            && let Some(index) = words.iter().position(|w| *w == "mod")
            && let Some(name) = words.get(index + 1)
        {
            test_files.push(name.to_string());
        }
        let blanked: String = out[at..end]
            .chars()
            .map(|c| if c == '\n' { '\n' } else { ' ' })
            .collect();
        out.replace_range(at..end, &blanked);
        from = end;
    }
    (out, test_files)
}

/// Every path in `code` (of a file at module depth `depth`, 1 for `src/x.rs`) that names a
/// top-level module: `crate::x`, each name of `crate::{x, y::z}`, `super::` chains that
/// climb to the crate root, and `crate::some_macro!` through `macros` (name to module).
fn reaches(code: &str, depth: usize, macros: &BTreeMap<String, String>) -> Vec<Reach> {
    let line_of = |at: usize| code[..at].matches('\n').count() + 1;
    let mut found = Vec::new();
    let bytes = code.as_bytes();
    // Inline modules (`mod name { .. }`) deepen `super::`: a stack of open braces, true for
    // one that opened a module.
    let mut braces: Vec<bool> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let starts_word = i == 0 || !(ident_char(bytes[i - 1] as char) || bytes[i - 1] == b'$' || bytes[i - 1] == b':');
        let rest = &code[i..];
        if bytes[i] == b'{' {
            let before = code[..i].trim_end();
            let words: Vec<&str> = before.rsplit(|c: char| c.is_whitespace()).take(2).collect();
            braces.push(words.len() == 2 && words[1] == "mod" && words[0].chars().all(ident_char));
        } else if bytes[i] == b'}' {
            braces.pop();
        } else if starts_word && rest.starts_with("crate::") {
            let after = &rest["crate::".len()..];
            for (offset, name) in first_names(after) {
                let at = i + "crate::".len() + offset;
                // A `#[macro_export]` macro lives at the crate root, whether invoked
                // (`crate::m!`) or imported (`use crate::m;`): it counts as its module's.
                let module = macros.get(&name).cloned().unwrap_or(name);
                found.push(Reach {
                    line: line_of(at),
                    module,
                });
            }
        } else if starts_word && rest.starts_with("super::") {
            let mut climbs = 0;
            let mut after = rest;
            while let Some(tail) = after.strip_prefix("super::") {
                climbs += 1;
                after = tail.trim_start();
            }
            let module_depth = depth + braces.iter().filter(|opened_module| **opened_module).count();
            if climbs >= module_depth {
                let at = i + (rest.len() - after.len());
                for (offset, name) in first_names(after) {
                    found.push(Reach {
                        line: line_of(at + offset),
                        module: name,
                    });
                }
            }
            i += rest.len() - after.len();
            continue;
        }
        i += 1;
    }
    found
}

/// The first segment of a path (`x` of `x::y`), or each first segment of a group
/// (`{x, y::z}`), with its byte offset in `text`.
fn first_names(text: &str) -> Vec<(usize, String)> {
    let word = |from: usize| -> Option<(usize, String)> {
        let start = from + (text[from..].len() - text[from..].trim_start().len());
        let name: String = text[start..].chars().take_while(|c| ident_char(*c)).collect();
        (!name.is_empty()).then_some((start, name))
    };
    if !text.trim_start().starts_with('{') {
        return word(0).into_iter().collect();
    }
    let open = text.find('{').unwrap_or(0);
    let mut names = Vec::new();
    let mut depth = 0;
    let mut expect = true;
    for (at, c) in text.char_indices().skip_while(|(at, _)| *at < open) {
        match c {
            '{' => {
                depth += 1;
                if depth == 1 {
                    expect = true;
                    continue;
                }
            }
            '}' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            ',' if depth == 1 => {
                expect = true;
                continue;
            }
            _ => {}
        }
        if depth == 1 && expect && ident_char(c) {
            expect = false;
            if let Some(found) = word(at) {
                names.push(found);
            }
        }
    }
    names.retain(|(_, name)| name != "self");
    names
}

/// A source file: its path, top-level module and module depth.
struct Source {
    path: PathBuf,
    module: String,
    depth: usize,
}

fn sources(src: &Path) -> Vec<Source> {
    let mut files = Vec::new();
    let mut dirs = vec![src.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("src/ is readable") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
        .into_iter()
        .filter_map(|path| {
            let relative = path.strip_prefix(src).expect("under src/");
            let parts: Vec<String> = relative
                .iter()
                .map(|part| part.to_string_lossy().into_owned())
                .collect();
            let module = parts[0].trim_end_matches(".rs").to_string();
            if module == "lib" || module == "main" {
                return None; // the crate root declares the modules; it is not one of them
            }
            let file = parts.last().expect("a file name");
            let depth = parts.len() - usize::from(file == "mod.rs");
            Some(Source { path, module, depth })
        })
        .collect()
}

/// Whether `path` is the file of a test module declared as a file (`dir/tests.rs`,
/// `dir/tests/mod.rs`) or of one of its children.
fn in_test_file(path: &Path, test_dirs: &BTreeSet<PathBuf>) -> bool {
    test_dirs
        .iter()
        .any(|dir| path.starts_with(dir) || path == dir.with_extension("rs"))
}

#[test]
fn no_module_uses_a_higher_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let sources = sources(&src);
    let mut problems = Vec::new();

    for source in &sources {
        if layer(&source.module).is_none() {
            problems.push(format!(
                "{}: top-level module `{}` has no layer in tests/architecture.rs LAYERS",
                source.path.display(),
                source.module
            ));
        }
    }

    // Read every file once: its code without tests, and where its file-based tests live.
    let mut code = BTreeMap::new();
    let mut test_dirs = BTreeSet::new();
    let mut macros = BTreeMap::new();
    for source in &sources {
        let text = std::fs::read_to_string(&source.path).expect("a readable source file");
        let (without, test_modules) = without_tests(&code_only(&text));
        // Where the file's child modules live: beside a `mod.rs`, else in the folder named
        // after the file.
        let dir = if source.path.file_name().is_some_and(|name| name == "mod.rs") {
            source.path.parent().expect("a folder").to_path_buf()
        } else {
            source.path.with_extension("")
        };
        for name in test_modules {
            test_dirs.insert(dir.join(name));
        }
        let mut rest = without.as_str();
        while let Some(at) = rest.find("#[macro_export]") {
            rest = &rest[at..];
            if let Some(start) = rest.find("macro_rules!") {
                let name: String = rest[start + "macro_rules!".len()..]
                    .trim_start()
                    .chars()
                    .take_while(|c| ident_char(*c))
                    .collect();
                macros.insert(name, source.module.clone());
            }
            rest = &rest["#[macro_export]".len()..];
        }
        code.insert(source.path.clone(), without);
    }

    // Module to modules it uses, for the circles within a layer.
    let mut edges: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for source in &sources {
        if NOT_ENFORCED.contains(&source.module.as_str()) || in_test_file(&source.path, &test_dirs) {
            continue;
        }
        let Some(own) = layer(&source.module) else { continue };
        for reach in reaches(&code[&source.path], source.depth, &macros) {
            if reach.module == source.module {
                continue;
            }
            let place = format!(
                "{}:{}",
                source
                    .path
                    .strip_prefix(src.parent().expect("the crate"))
                    .expect("in the crate")
                    .display(),
                reach.line
            );
            match layer(&reach.module) {
                None => problems.push(format!(
                    "{place}: `{}` is not a top-level module with a layer",
                    reach.module
                )),
                Some(theirs) if theirs > own => problems.push(format!(
                    "{place}: {} (layer {own}) uses {} (layer {theirs}), a higher layer",
                    source.module, reach.module
                )),
                Some(theirs) if theirs == own => {
                    edges
                        .entry(source.module.clone())
                        .or_default()
                        .entry(reach.module.clone())
                        .or_insert(place);
                }
                Some(_) => {}
            }
        }
    }

    // A circle among modules of one layer: a use back from a module that it reaches.
    for (from, targets) in &edges {
        for (to, place) in targets {
            if reachable(&edges, to, from) {
                problems.push(format!(
                    "{place}: {from} uses {to}, which leads back to {from} (a circle within one layer)"
                ));
            }
        }
    }

    assert!(problems.is_empty(), "arrows back up:\n{}", problems.join("\n"));
}

fn reachable(edges: &BTreeMap<String, BTreeMap<String, String>>, from: &str, to: &str) -> bool {
    let mut seen = BTreeSet::new();
    let mut todo = vec![from.to_string()];
    while let Some(module) = todo.pop() {
        if module == to {
            return true;
        }
        if seen.insert(module.clone()) {
            todo.extend(
                edges
                    .get(&module)
                    .into_iter()
                    .flat_map(|targets| targets.keys().cloned()),
            );
        }
    }
    false
}

/// The scanner itself: what counts as a use and what does not, so the test above cannot
/// pass by reading nothing.
#[test]
fn the_scanner_finds_uses_and_skips_prose_strings_and_tests() {
    let text = r#"
use crate::{domain::{Asset, Risk}, store, self};
use super::super::report::Thing; // crate::comment
/// crate::doc
fn f() { let s = "crate::string"; let c = '"'; crate::catalog::Catalog::embedded(); crate::labeled_enum!(x); }
mod inner {
    use super::super::super::exchange;
    use super::super::sibling;
}
#[cfg(test)]
mod tests {
    use crate::demo;
}
#[cfg(test)]
mod more_tests;
"#;
    let (code, test_files) = without_tests(&code_only(text));
    assert_eq!(test_files, ["more_tests"]);
    let macros = BTreeMap::from([("labeled_enum".to_string(), "domain".to_string())]);
    let found: Vec<(usize, String)> = reaches(&code, 2, &macros)
        .into_iter()
        .map(|reach| (reach.line, reach.module))
        .collect();
    let expected = [
        (2, "domain"),
        (2, "store"),
        (3, "report"),
        (5, "catalog"),
        (5, "domain"),
        (7, "exchange"),
    ];
    let expected: Vec<(usize, String)> = expected
        .iter()
        .map(|(line, module)| (*line, module.to_string()))
        .collect();
    assert_eq!(found, expected);
}
