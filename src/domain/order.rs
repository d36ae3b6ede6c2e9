//! The one order of names and titles in every list hipaa-ra shows or writes (the TUI's
//! lists, the CLI's lists and exports, the report's tables, `portfolio`): ignoring case, so
//! "fax machine" sits beside "Fax server" and not after every capitalised name, then by the
//! exact text, so two names that differ only in case always come out in the same order.

use std::cmp::Ordering;

/// `a` against `b`: case-insensitive (Unicode lower case), then by the exact text.
pub fn name_order(a: &str, b: &str) -> Ordering {
    if a == b {
        return Ordering::Equal;
    }
    let folded = a
        .chars()
        .flat_map(char::to_lowercase)
        .cmp(b.chars().flat_map(char::to_lowercase));
    folded.then_with(|| a.cmp(b))
}

/// The key that sorts as `name_order`, for `sort_by_cached_key` (one lower-casing per
/// item instead of one per comparison).
pub fn name_key(text: &str) -> (String, String) {
    (text.to_lowercase(), text.to_string())
}

/// Sorts `items` by the name `name` gives each, as `name_order`; a stable sort, so equal
/// names keep the order they came in (the store's, by id).
pub fn sort_by_name<T>(items: &mut [T], name: impl Fn(&T) -> &str) {
    items.sort_by(|a, b| name_order(name(a), name(b)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_sort_ignoring_case_then_by_the_exact_text() {
        let mut names = vec!["fax", "Zebra", "apple", "Fax", "Ärzte", "ärzte", "Banana", "fax"];
        sort_by_name(&mut names, |name| name);
        assert_eq!(
            names,
            ["apple", "Banana", "Fax", "fax", "fax", "Zebra", "Ärzte", "ärzte"]
        );
        let mut keyed = vec!["b", "B", "a", "A"];
        keyed.sort_by_cached_key(|name| name_key(name));
        assert_eq!(keyed, ["A", "a", "B", "b"]);
        assert_eq!(name_order("A", "a"), std::cmp::Ordering::Less);
        assert_eq!(name_order("same", "same"), std::cmp::Ordering::Equal);
    }
}
