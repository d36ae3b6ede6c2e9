//! Text printed to a terminal. Names come from users, imports and other people's files,
//! and a control character printed as it is drives the terminal (an escape sequence can
//! rewrite the screen, set the window title or hide what follows), so every name and
//! every error goes through `escaped` or `error_line` on its way out.

use std::borrow::Cow;

/// The longest error line printed, in characters; a longer one is cut with "…" (a
/// message quoting a whole hostile input would otherwise fill the screen).
pub const MAX_ERROR_CHARS: usize = 600;

/// Text for a terminal line: control characters (escape sequences, line breaks, bells)
/// written as `\u{1b}`, `\n` and so on, everything else as it is.
pub fn escaped(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| match c.is_control() {
            true => c.escape_default().to_string(),
            false => c.to_string(),
        })
        .collect::<String>()
        .into()
}

/// An error and its causes as one line: each cause once (a cause whose text the line
/// already holds, like a second "Permission denied (os error 13)", is left out), SQLite's
/// "Error code N: " prefixes dropped, control characters escaped, at most
/// `MAX_ERROR_CHARS` characters.
pub fn error_line<'a>(causes: impl IntoIterator<Item = &'a (dyn std::error::Error + 'static)>) -> String {
    let mut line = String::new();
    for cause in causes {
        let text = without_sql_codes(&cause.to_string());
        let text = text.trim();
        if text.is_empty() || line.contains(text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(text);
    }
    capped(&escaped(&line))
}

/// `text` cut to `MAX_ERROR_CHARS` characters, ending in "…" when cut.
pub fn capped(text: &str) -> String {
    if text.chars().count() <= MAX_ERROR_CHARS {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(MAX_ERROR_CHARS - 1).collect();
    cut.push('…');
    cut
}

/// SQLite's numeric codes ("Error code 14: ", "(code 26)") mean nothing to the reader;
/// the words around them stay.
fn without_sql_codes(text: &str) -> String {
    let mut out = text.to_string();
    while let Some(start) = out.find("Error code ") {
        let rest = &out[start + "Error code ".len()..];
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        if digits == 0 || !rest[digits..].starts_with(": ") {
            break;
        }
        out.replace_range(start..start + "Error code ".len() + digits + 2, "");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Cause(&'static str, Option<Box<Cause>>);

    impl std::fmt::Display for Cause {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(self.0)
        }
    }

    impl std::error::Error for Cause {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            self.1.as_deref().map(|cause| cause as _)
        }
    }

    fn chain(error: &(dyn std::error::Error + 'static)) -> String {
        error_line(std::iter::successors(Some(error), |error| error.source()))
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(escaped("plain"), "plain");
        assert_eq!(escaped("a\u{1b}[2Jb\n"), "a\\u{1b}[2Jb\\n");
    }

    #[test]
    fn a_repeated_cause_and_sql_codes_are_left_out() {
        let error = Cause(
            "x.pdf: cannot read: Permission denied (os error 13)",
            Some(Box::new(Cause("Permission denied (os error 13)", None))),
        );
        assert_eq!(chain(&error), "x.pdf: cannot read: Permission denied (os error 13)");
        let error = Cause(
            "workspace database error",
            Some(Box::new(Cause("Error code 14: Unable to open the database file", None))),
        );
        assert_eq!(
            chain(&error),
            "workspace database error: Unable to open the database file"
        );
    }

    #[test]
    fn a_long_message_is_cut() {
        let long = "x".repeat(300_000);
        let line = capped(&long);
        assert_eq!(line.chars().count(), MAX_ERROR_CHARS);
        assert!(line.ends_with('…'));
    }
}
